internal import CLibvirt

extension LibvirtConnection {
    /// Reads the host's CPU and memory description.
    ///
    /// - Returns: The node's model, memory and CPU topology.
    /// - Throws: ``VirtError`` if the driver cannot read it.
    ///
    /// The corresponding C function is `virNodeGetInfo`.
    public func nodeInfo() async throws -> NodeInfo {
        try await withPointer("reading node info on \(uri)") { connection throws(VirtError) -> NodeInfo in
            var info = virNodeInfo()
            guard virNodeGetInfo(connection, &info) == 0 else {
                throw VirtError.last(context: "reading node info on \(self.uri)")
            }
            return NodeInfo(info)
        }
    }

    /// Reads the host name of the machine the hypervisor runs on.
    ///
    /// - Returns: The host name as the driver reports it.
    /// - Throws: ``VirtError`` if the driver cannot tell.
    ///
    /// The corresponding C function is `virConnectGetHostname`.
    public func hostname() async throws -> String {
        try await withPointer("reading host name of \(uri)") { connection throws(VirtError) -> String in
            guard let name = virConnectGetHostname(connection) else {
                throw VirtError.last(context: "reading host name of \(self.uri)")
            }
            return takeLibvirtString(name)
        }
    }

    /// Reads the version of libvirt that serves this connection (libvirtd's for a remote driver).
    ///
    /// For the version of the client library linked into Glint use ``LibvirtVersion/library()``.
    /// - Returns: The version, for example 9.0.0.
    /// - Throws: ``VirtError`` if the driver cannot tell.
    ///
    /// The corresponding C function is `virConnectGetLibVersion`.
    public func libVersion() async throws -> LibvirtVersion {
        try await withPointer("reading libvirt version of \(uri)") { connection throws(VirtError) -> LibvirtVersion in
            var version: UInt = 0
            guard virConnectGetLibVersion(connection, &version) == 0 else {
                throw VirtError.last(context: "reading libvirt version of \(self.uri)")
            }
            return LibvirtVersion(encoded: UInt64(version))
        }
    }
}

extension LibvirtConnection {
    /// Reads the host's capabilities document: CPU, NUMA cells, and the guest types and machines each
    /// emulator supports.
    ///
    /// - Returns: The `<capabilities>` XML.
    ///
    /// The corresponding C function is `virConnectGetCapabilities`.
    public func capabilities() async throws -> String {
        let context = "reading the capabilities of \(uri)"
        return try await withPointer(context) { connection throws(VirtError) -> String in
            guard let xml = virConnectGetCapabilities(connection) else {
                throw VirtError.last(context: context)
            }
            return takeLibvirtString(xml)
        }
    }

    /// Reads the host's free memory, in bytes.
    ///
    /// The corresponding C function is `virNodeGetFreeMemory`, which reports an error as 0.
    public func freeMemory() async throws -> UInt64 {
        let context = "reading the free memory of \(uri)"
        return try await withPointer(context) { connection throws(VirtError) -> UInt64 in
            let bytes = virNodeGetFreeMemory(connection)
            if bytes == 0, virGetLastError() != nil {
                throw VirtError.last(context: context)
            }
            return UInt64(bytes)
        }
    }

    /// Reads the version of the hypervisor behind the driver, for example QEMU 7.2.0 for `qemu:///system`.
    ///
    /// - Returns: The version in libvirt's encoding, for QEMU `major.minor.micro`.
    ///
    /// The corresponding C function is `virConnectGetVersion`.
    public func hypervisorVersion() async throws -> LibvirtVersion {
        let context = "reading the hypervisor version of \(uri)"
        return try await withPointer(context) { connection throws(VirtError) -> LibvirtVersion in
            var version: UInt = 0
            guard virConnectGetVersion(connection, &version) == 0 else {
                throw VirtError.last(context: context)
            }
            return LibvirtVersion(encoded: UInt64(version))
        }
    }
}
