internal import CLibvirt

extension Domain {
    /// Changes the number of vCPUs.
    ///
    /// - Parameters:
    ///   - count: The new number.
    ///   - flags: ``ModificationFlags/live`` hot-plugs up to the maximum in the definition,
    ///     ``ModificationFlags/config`` changes the definition, ``ModificationFlags/maximum`` changes the maximum
    ///     (config only), ``ModificationFlags/guest`` onlines or offlines them inside the guest through the agent.
    /// - Throws: ``VirtError``, for example ``VirtError/Code/invalidArgument`` above the maximum.
    ///
    /// The corresponding C function is `virDomainSetVcpusFlags`.
    public func setVcpus(_ count: Int, flags: ModificationFlags = []) async throws {
        let vcpus = UInt32(clamping: count)
        try await call("setting the vCPUs of domain \(name) to \(count)") {
            virDomainSetVcpusFlags($0, vcpus, flags.rawValue)
        }
    }

    /// Changes the memory: the balloon target while running, or with ``ModificationFlags/maximum`` the most the
    /// domain may have.
    ///
    /// - Parameters:
    ///   - kibibytes: The new size in KiB.
    ///   - flags: ``ModificationFlags/live``, ``ModificationFlags/config``, ``ModificationFlags/maximum``.
    /// - Throws: ``VirtError``, for example ``VirtError/Code/invalidArgument`` above the maximum.
    ///
    /// The corresponding C function is `virDomainSetMemoryFlags`.
    public func setMemory(kibibytes: UInt64, flags: ModificationFlags = []) async throws {
        let size = UInt(clamping: kibibytes)
        try await call("setting the memory of domain \(name) to \(kibibytes) KiB") {
            virDomainSetMemoryFlags($0, size, flags.rawValue)
        }
    }

    /// Changes the most memory the domain may have, in the persistent definition.
    ///
    /// - Throws: ``VirtError``; QEMU refuses a live change with ``VirtError/Code/operationInvalid``.
    ///
    /// The corresponding C function is `virDomainSetMaxMemory`.
    public func setMaxMemory(kibibytes: UInt64) async throws {
        let size = UInt(clamping: kibibytes)
        try await call("setting the maximum memory of domain \(name) to \(kibibytes) KiB") {
            virDomainSetMaxMemory($0, size)
        }
    }

    /// Grows (or shrinks) a disk of a running domain; the guest sees the new size at once.
    ///
    /// - Parameters:
    ///   - disk: The target name (`vda`) or the source path.
    ///   - bytes: The new size in bytes; qcow2 rounds it up to a multiple of 512.
    /// - Throws: ``VirtError``; shrinking a qcow2 image fails.
    ///
    /// The corresponding C function is `virDomainBlockResize` (with `VIR_DOMAIN_BLOCK_RESIZE_BYTES`).
    public func blockResize(disk: String, bytes: UInt64) async throws {
        try await call("resizing disk \(disk) of domain \(name)") {
            virDomainBlockResize($0, disk, bytes, VIR_DOMAIN_BLOCK_RESIZE_BYTES.rawValue)
        }
    }
}
