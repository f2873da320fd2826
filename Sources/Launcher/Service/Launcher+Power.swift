import Foundation
import ImageStore
import Libvirt

extension Launcher {
    /// Marks `task` on the instance after checking its state allows it (409 otherwise), runs `body`, then records
    /// the resulting states; a failure clears the task state and keeps the instance as it was, as Nova does.
    func transition(
        _ id: String, caller: Caller, task: TaskState, allowed: Set<VMState>,
        _ body: (Instance, Domain) async throws -> (VMState, PowerState)
    ) async throws -> Instance {
        let current = try await instance(id: id, caller: caller)
        try Self.checkState(current, for: task, allowed: allowed)
        guard let domain = try await domain(of: current) else {
            throw LauncherError(.conflict, "Instance \(id) has no libvirt domain; it cannot be '\(task.rawValue)'.")
        }
        let marked = try await mark(id, task: task)
        do {
            let (vmState, power) = try await body(marked, domain)
            return try await store.modify(id: id) { instance in
                instance.vmState = vmState
                instance.powerState = power
                instance.taskState = nil
            }
        } catch {
            _ = try? await store.modify(id: id) { $0.taskState = nil }
            logger.info("Instance action failed", metadata: ["instance.id": "\(id)", "instance.task": "\(task.rawValue)", "error": "\(error)"])
            throw error
        }
    }

    /// Refuses an action the instance's state does not allow, in Nova's InstanceInvalidState wording (409).
    static func checkState(_ instance: Instance, for task: TaskState, allowed: Set<VMState>) throws(LauncherError) {
        guard instance.taskState == nil, allowed.contains(instance.vmState) else {
            throw LauncherError(
                .conflict,
                "Cannot '\(actionName(task))' instance \(instance.id) while it is in "
                    + (instance.taskState.map { "task_state \($0.rawValue)" } ?? "vm_state \(instance.vmState.rawValue)"))
        }
    }

    /// Sets `task` in one transaction, unless another task got there first since the state was checked (409).
    func mark(_ id: String, task: TaskState) async throws -> Instance {
        try await store.modify(id: id) { instance in
            guard instance.taskState == nil else {
                throw LauncherError(.conflict, "Instance \(id) is busy with \(instance.taskState?.rawValue ?? "a task").")
            }
            instance.taskState = task
        }
    }

    /// The action's name in Nova's messages for the task it sets.
    static func actionName(_ task: TaskState) -> String {
        switch task {
        case .pausing: "pause"
        case .unpausing: "unpause"
        case .suspending: "suspend"
        case .resuming: "resume"
        case .rebooting, .rebootingHard, .rebootStarted: "reboot"
        case .updatingPassword: "set_admin_password"
        case .poweringOff: "stop"
        case .poweringOn: "start"
        case .resizePrep, .resizeMigrating, .resizeFinish: "resize"
        case .resizeConfirming: "confirmResize"
        case .resizeReverting: "revertResize"
        case .rescuing: "rescue"
        case .unrescuing: "unrescue"
        case .imageSnapshot, .imagePendingUpload, .imageUploading: "createImage"
        default: task.rawValue
        }
    }

    /// `virDomainSuspend`: the vCPUs stop, memory stays.
    public func pause(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .pausing, allowed: [.active, .rescued]) { _, domain in
            try await domain.suspend()
            return (.paused, .paused)
        }
    }

    public func unpause(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .unpausing, allowed: [.paused]) { _, domain in
            try await domain.resume()
            return (.active, .running)
        }
    }

    /// `virDomainManagedSave`: memory to disk, the domain stops; resume starts it from the saved state.
    public func suspend(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .suspending, allowed: [.active, .paused]) { _, domain in
            try await domain.managedSave()
            return (.suspended, .shutdown)
        }
    }

    public func resume(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .resuming, allowed: [.suspended]) { _, domain in
            try await domain.start()
            return (.active, .running)
        }
    }

    /// Soft: ACPI power button, wait for the guest to power off (``Configuration/softRebootTimeout``), start
    /// again; a guest that does not stop in time is rebooted hard, as Nova's `_soft_reboot` falls back.
    /// Hard: destroy and start from the definition.
    public func reboot(id: String, hard: Bool, caller: Caller) async throws -> Instance {
        let allowed: Set<VMState> = hard ? [.active, .stopped, .paused, .suspended, .error] : [.active]
        return try await transition(id, caller: caller, task: hard ? .rebootingHard : .rebooting, allowed: allowed) { instance, domain in
            if !hard, try await softReboot(domain) {
                return (.active, .running)
            }
            if try await domain.isActive() { try await domain.destroy() }
            if try await domain.hasManagedSave() { try await domain.removeManagedSave() }
            try await domain.start()
            return (.active, .running)
        }
    }

    /// Returns false when the guest did not power off in time.
    private func softReboot(_ domain: Domain) async throws -> Bool {
        try await domain.shutdown(mode: .acpi)
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.softRebootTimeout
        while clock.now < deadline {
            if try await !domain.isActive() {
                try await domain.start()
                return true
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        logger.info("Soft reboot timed out; rebooting hard", metadata: ["domain.name": "\(domain.name)"])
        return false
    }

    /// Terminate: destroy, undefine with managed save and NVRAM, remove the root disk, config drive and console
    /// log. Idempotent: whatever is already gone is skipped; the record goes last.
    public func delete(id: String, caller: Caller) async throws {
        let instance = try await instance(id: id, caller: caller)
        work[id]?.cancel()
        await work[id]?.value
        _ = try? await store.modify(id: id) { $0.taskState = .deleting }
        if let domain = try await domain(of: instance) {
            if try await domain.isActive() { try await domain.destroy() }
            try await domain.undefine()
        }
        files(of: instance).remove()
        try await store.deleteInstance(id: id)
        logger.info("Instance deleted", metadata: ["instance.id": "\(id)"])
    }
}
