internal import CLibvirt

extension Domain {
    /// Reads the I/O counters of one disk of a running domain.
    ///
    /// - Parameter disk: The target name (`vda`) or the source path.
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if not running,
    ///   ``VirtError/Code/invalidArgument`` for an unknown disk.
    ///
    /// The corresponding C function is `virDomainBlockStats`.
    public func blockStats(disk: String) async throws -> BlockStats {
        let context = "reading the statistics of disk \(disk) of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> BlockStats in
            var stats = virDomainBlockStatsStruct()
            guard virDomainBlockStats(domain, disk, &stats, MemoryLayout<virDomainBlockStatsStruct>.size) == 0 else {
                throw VirtError.last(context: context)
            }
            return BlockStats(stats)
        }
    }

    /// Reads the traffic counters of one network interface of a running domain.
    ///
    /// Only interfaces with a host-side device (tap, macvtap) have counters: a `user` interface fails.
    /// - Parameter device: The host-side device name (`vnet0`, `tap…`) or the MAC address.
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if not running,
    ///   ``VirtError/Code/invalidArgument`` for an unknown interface.
    ///
    /// The corresponding C function is `virDomainInterfaceStats`.
    public func interfaceStats(device: String) async throws -> InterfaceStats {
        let context = "reading the statistics of interface \(device) of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> InterfaceStats in
            var stats = virDomainInterfaceStatsStruct()
            let size = MemoryLayout<virDomainInterfaceStatsStruct>.size
            guard virDomainInterfaceStats(domain, device, &stats, size) == 0 else {
                throw VirtError.last(context: context)
            }
            return InterfaceStats(stats)
        }
    }

    /// Reads the memory statistics of a running domain (balloon and host side).
    ///
    /// The corresponding C function is `virDomainMemoryStats`.
    public func memoryStats() async throws -> MemoryStats {
        let context = "reading the memory statistics of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> MemoryStats in
            let capacity = Int(VIR_DOMAIN_MEMORY_STAT_NR.rawValue)
            var stats = [virDomainMemoryStatStruct](repeating: virDomainMemoryStatStruct(), count: capacity)
            let count = virDomainMemoryStats(domain, &stats, UInt32(capacity), 0)
            guard count >= 0 else {
                throw VirtError.last(context: context)
            }
            var values: [Int32: UInt64] = [:]
            for stat in stats.prefix(Int(count)) {
                values[stat.tag] = stat.val
            }
            return MemoryStats(values: values)
        }
    }
}
