internal import CLibvirt

extension Domain {
    /// Reads the state and the reason for it.
    ///
    /// The corresponding C function is `virDomainGetState`.
    public func status() async throws -> DomainStatus {
        let context = "reading the state of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> DomainStatus in
            var state: Int32 = 0
            var reason: Int32 = 0
            guard virDomainGetState(domain, &state, &reason, 0) == 0 else {
                throw VirtError.last(context: context)
            }
            return DomainStatus(state: DomainState(rawValue: state), reason: reason)
        }
    }

    /// Reads state, memory, vCPU count and CPU time.
    ///
    /// The corresponding C function is `virDomainGetInfo`.
    public func info() async throws -> DomainInfo {
        let context = "reading information on domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> DomainInfo in
            var info = virDomainInfo()
            guard virDomainGetInfo(domain, &info) == 0 else {
                throw VirtError.last(context: context)
            }
            return DomainInfo(info)
        }
    }

    /// Whether the domain is running (or paused): it has a QEMU process.
    ///
    /// The corresponding C function is `virDomainIsActive`.
    public func isActive() async throws -> Bool {
        try await number("checking whether domain \(name) is active") { virDomainIsActive($0) } == 1
    }

    /// Whether the domain has a persistent definition.
    ///
    /// The corresponding C function is `virDomainIsPersistent`.
    public func isPersistent() async throws -> Bool {
        try await number("checking whether domain \(name) is persistent") { virDomainIsPersistent($0) } == 1
    }

    /// Reads the domain's XML description: the live one while running (with the ports, devices and aliases
    /// libvirt filled in), unless ``XMLFlags/inactive`` asks for the persistent definition.
    ///
    /// The corresponding C function is `virDomainGetXMLDesc`.
    public func xmlDescription(flags: XMLFlags = []) async throws -> String {
        try await string("reading the XML of domain \(name)") { virDomainGetXMLDesc($0, flags.rawValue) }
    }
}
