internal import CLibvirt

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

extension LibvirtConnection {
    /// Lists every domain the connection knows, running or not, with its state at the time of the call.
    ///
    /// - Returns: One summary per domain, in libvirt's order. An empty list is not an error.
    /// - Throws: ``VirtError`` if the driver cannot list domains or a listed domain cannot be read.
    ///
    /// The corresponding C function is `virConnectListAllDomains` (with no filter flags).
    public func listAllDomains() async throws -> [DomainSummary] {
        let context = "listing domains on \(uri)"
        return try await withPointer(context) { connection throws(VirtError) -> [DomainSummary] in
            var list: UnsafeMutablePointer<virDomainPtr?>? = nil
            let count = virConnectListAllDomains(connection, &list, 0)
            guard count >= 0, let list else {
                throw VirtError.last(context: context)
            }
            let domains = UnsafeMutableBufferPointer(start: list, count: Int(count))
            defer {
                for domain in domains {
                    if let domain { virDomainFree(domain) }
                }
                free(list)
            }
            var summaries: [DomainSummary] = []
            summaries.reserveCapacity(domains.count)
            for case let domain? in domains {
                summaries.append(try DomainSummary(domain: domain, context: context))
            }
            return summaries
        }
    }
}

extension LibvirtConnection {
    /// Defines a persistent domain from its XML description, or replaces the definition of the domain with the
    /// same name and UUID; starts nothing.
    ///
    /// - Parameters:
    ///   - xml: A `<domain>` document.
    ///   - flags: ``Domain/DefineFlags/validate`` checks the document against libvirt's schema first, so an
    ///     element in the wrong place fails instead of being silently dropped.
    /// - Returns: A handle on the defined domain.
    /// - Throws: ``VirtError`` with ``VirtError/Code/xmlError`` (or ``VirtError/Code/xmlInvalidSchema`` when
    ///   validating) for a bad document, ``VirtError/Code/operationFailed`` when another domain has the name.
    ///
    /// The corresponding C function is `virDomainDefineXMLFlags`.
    public func defineDomain(xml: String, flags: Domain.DefineFlags = [.validate]) async throws -> Domain {
        try await makeDomain("defining a domain on \(uri)") { connection in
            virDomainDefineXMLFlags(connection, xml, flags.rawValue)
        }
    }

    /// Creates and starts a transient domain, which disappears when it stops.
    ///
    /// - Parameters:
    ///   - xml: A `<domain>` document.
    ///   - flags: For example ``Domain/StartFlags/paused`` or ``Domain/StartFlags/validate``.
    /// - Returns: A handle on the running domain.
    /// - Throws: ``VirtError`` for a bad document, a name already in use, or a domain QEMU fails to start.
    ///
    /// The corresponding C function is `virDomainCreateXML`.
    public func createDomain(xml: String, flags: Domain.StartFlags = []) async throws -> Domain {
        try await makeDomain("creating a transient domain on \(uri)") { connection in
            virDomainCreateXML(connection, xml, flags.rawValue)
        }
    }

    /// Looks a domain up by name.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/noDomain`` when there is none.
    ///
    /// The corresponding C function is `virDomainLookupByName`.
    public func domain(named name: String) async throws -> Domain {
        try await makeDomain("looking up domain \(name) on \(uri)") { connection in
            virDomainLookupByName(connection, name)
        }
    }

    /// Looks a domain up by UUID.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/noDomain`` when there is none.
    ///
    /// The corresponding C function is `virDomainLookupByUUID`.
    public func domain(uuid: UUID) async throws -> Domain {
        try await makeDomain("looking up domain \(uuid.uuidString.lowercased()) on \(uri)") { connection in
            var bytes = uuid.uuid
            return withUnsafeBytes(of: &bytes) { raw in
                virDomainLookupByUUID(connection, raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// Runs a call returning a new `virDomainPtr` (`NULL` on error) and wraps it in an owning ``Domain``.
    private func makeDomain(
        _ context: String,
        _ body: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws -> Domain {
        try await withPointer(context) { connection throws(VirtError) -> Domain in
            guard let domain = body(connection) else {
                throw VirtError.last(context: context)
            }
            return try Domain(owning: domain, connection: self, context: context)
        }
    }
}
