import Foundation
import ImageStore
import Libvirt

extension Launcher {
    /// `os-stop`: a clean shutdown (ACPI power button, then destroy after ``Configuration/softRebootTimeout``),
    /// as Nova's `power_off` with `clean_shutdown`; the definition stays, so start boots the same domain.
    public func stop(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .poweringOff, allowed: [.active, .error]) { _, domain in
            try await cleanShutdown(domain)
            return (.stopped, .shutdown)
        }
    }

    /// `os-start`: boots the stopped instance's definition.
    public func start(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .poweringOn, allowed: [.stopped]) { _, domain in
            if try await !domain.isActive() { try await domain.start() }
            return (.active, .running)
        }
    }

    /// Powers a running domain off: ACPI first so the guest's file systems are clean, destroy when it does not
    /// stop within ``Configuration/softRebootTimeout``. Nothing to do for a domain that is not running.
    func cleanShutdown(_ domain: Domain) async throws {
        guard try await domain.isActive() else { return }
        try? await domain.shutdown(mode: .acpi)
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.softRebootTimeout
        while clock.now < deadline {
            if try await !domain.isActive() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        logger.info("Clean shutdown timed out; destroying", metadata: ["domain.name": "\(domain.name)"])
        if try await domain.isActive() { try await domain.destroy() }
    }

    /// Redefines the domain from the instance record (flavor, disks), optionally with a rescue disk first, and
    /// returns the new definition's handle.
    @discardableResult
    func redefine(_ instance: Instance, rescueDisk: String? = nil) async throws -> Domain {
        let spec = try domainSpec(for: instance, files: files(of: instance), rescueDisk: rescueDisk)
        return try await connection.defineDomain(xml: spec.xml())
    }

    /// Runs `body` in the background as the instance's work, after any work already queued for it, so delete,
    /// `settle(id:)` and ``settleSnapshots()`` can wait for it.
    func enqueueWork(_ id: String, _ body: @escaping @Sendable () async -> Void) {
        let previous = work[id]
        let task = Task {
            await previous?.value
            await body()
        }
        work[id] = task
        Task { await self.forget(id, task) }
    }

    private func forget(_ id: String, _ task: Task<Void, Never>) async {
        await task.value
        if work[id] == task { work[id] = nil }
    }
}
