internal import CLibvirt

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
