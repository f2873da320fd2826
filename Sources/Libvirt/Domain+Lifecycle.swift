internal import CLibvirt

extension Domain {
    /// Starts a defined domain, restoring its managed save image if it has one.
    ///
    /// - Parameter flags: For example ``StartFlags/paused``, or ``StartFlags/forceBoot`` to discard a managed save.
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if it is already running, or whatever
    ///   QEMU's start-up fails with.
    ///
    /// The corresponding C function is `virDomainCreateWithFlags`.
    public func start(flags: StartFlags = []) async throws {
        try await call("starting domain \(name)") { virDomainCreateWithFlags($0, flags.rawValue) }
    }

    /// Stops the domain at once, like pulling the plug; a persistent domain stays defined.
    ///
    /// - Parameter flags: ``DestroyFlags/graceful`` sends QEMU SIGTERM only, and fails rather than SIGKILL it.
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if it is not running.
    ///
    /// The corresponding C function is `virDomainDestroyFlags`.
    public func destroy(flags: DestroyFlags = []) async throws {
        try await call("destroying domain \(name)") { virDomainDestroyFlags($0, flags.rawValue) }
    }

    /// Removes the persistent definition; a running domain keeps running as a transient one.
    ///
    /// - Parameter flags: What else to remove; libvirt refuses to undefine a domain with a managed save image,
    ///   snapshot metadata or NVRAM unless the matching flag is given (``UndefineFlags/all``, the default, gives
    ///   them all; the QEMU driver accepts all four, the test driver only managed save and snapshot metadata).
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` for a transient domain.
    ///
    /// The corresponding C function is `virDomainUndefineFlags`.
    public func undefine(flags: UndefineFlags = .all) async throws {
        try await call("undefining domain \(name)") { virDomainUndefineFlags($0, flags.rawValue) }
    }

    /// Asks the guest to power off and returns at once; poll ``status()`` to see it happen.
    ///
    /// - Parameter mode: How to ask: ``ShutdownMode/acpi``, ``ShutdownMode/agent``, or empty for QEMU's choice.
    /// - Throws: ``VirtError``: ``VirtError/Code/operationInvalid`` if not running,
    ///   ``VirtError/Code/agentUnresponsive`` in agent mode without a connected agent. A guest that ignores the
    ///   request is not an error.
    ///
    /// The corresponding C function is `virDomainShutdownFlags`.
    public func shutdown(mode: ShutdownMode = []) async throws {
        try await call("shutting down domain \(name)") { virDomainShutdownFlags($0, mode.rawValue) }
    }

    /// Asks the guest to reboot and returns at once.
    ///
    /// - Parameter mode: How to ask: ``RebootMode/acpi``, ``RebootMode/agent``, or empty for QEMU's choice.
    /// - Throws: ``VirtError`` as ``shutdown(mode:)`` does.
    ///
    /// The corresponding C function is `virDomainReboot`.
    public func reboot(mode: RebootMode = []) async throws {
        try await call("rebooting domain \(name)") { virDomainReboot($0, mode.rawValue) }
    }

    /// Resets the virtual machine like its reset button, without telling the guest.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if not running.
    ///
    /// The corresponding C function is `virDomainReset`.
    public func reset() async throws {
        try await call("resetting domain \(name)") { virDomainReset($0, 0) }
    }

    /// Pauses the vCPUs; memory stays allocated.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if not running. Suspending a paused
    ///   domain is not an error.
    ///
    /// The corresponding C function is `virDomainSuspend`.
    public func suspend() async throws {
        try await call("suspending domain \(name)") { virDomainSuspend($0) }
    }

    /// Resumes paused vCPUs.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` if not paused.
    ///
    /// The corresponding C function is `virDomainResume`.
    public func resume() async throws {
        try await call("resuming domain \(name)") { virDomainResume($0) }
    }

    /// Saves the memory state to libvirt's managed save file and stops the domain; the next ``start(flags:)``
    /// restores it.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` for a domain that is not running or
    ///   not persistent.
    ///
    /// The corresponding C function is `virDomainManagedSave`.
    public func managedSave(flags: SaveFlags = []) async throws {
        try await call("saving domain \(name)") { virDomainManagedSave($0, flags.rawValue) }
    }

    /// Whether the domain has a managed save image that the next start will restore.
    ///
    /// The corresponding C function is `virDomainHasManagedSaveImage`.
    public func hasManagedSave() async throws -> Bool {
        try await number("checking the managed save of domain \(name)") { virDomainHasManagedSaveImage($0, 0) } == 1
    }

    /// Removes the managed save image, so the next start boots afresh. Having none is not an error.
    ///
    /// The corresponding C function is `virDomainManagedSaveRemove`.
    public func removeManagedSave() async throws {
        try await call("removing the managed save of domain \(name)") { virDomainManagedSaveRemove($0, 0) }
    }
}
