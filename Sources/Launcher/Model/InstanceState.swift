/// Nova's three instance states: what the instance is (`vm_state`), what is being done to it (`task_state`), and
/// what the hypervisor reports (`power_state`). Clients see a `status` derived from the first two.
public enum VMState: String, Sendable, Codable, CaseIterable {
    case building, active, stopped, paused, suspended, rescued, resized, error, deleted
}

/// Nova's `task_state` values for the operations Glint runs; `nil` when idle.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case scheduling, spawning, networking
    case rebooting, rebootStarted = "reboot_started", rebootingHard = "rebooting_hard"
    case pausing, unpausing, suspending, resuming
    case poweringOff = "powering-off", poweringOn = "powering-on"
    case resizePrep = "resize_prep", resizeMigrating = "resize_migrating", resizeFinish = "resize_finish"
    case resizeReverting = "resize_reverting", resizeConfirming = "resize_confirming"
    case rescuing, unrescuing
    case imageSnapshot = "image_snapshot", imagePendingUpload = "image_pending_upload", imageUploading = "image_uploading"
    case updatingPassword = "updating_password"
    case deleting
}

/// Nova's `power_state` numbers (`nova/compute/power_state.py`), from libvirt's domain state.
public enum PowerState: Int, Sendable, Codable, CaseIterable {
    case noState = 0, running = 1, paused = 3, shutdown = 4, crashed = 6, suspended = 7

    public var name: String {
        switch self {
        case .noState: "NOSTATE"
        case .running: "RUNNING"
        case .paused: "PAUSED"
        case .shutdown: "SHUTDOWN"
        case .crashed: "CRASHED"
        case .suspended: "SUSPENDED"
        }
    }
}

/// The API `status` of an instance, as Nova derives it (`nova/api/openstack/common.py`, `_STATE_MAP`).
public func serverStatus(vmState: VMState, taskState: TaskState?) -> String {
    switch (vmState, taskState) {
    case (.active, .rebooting?), (.active, .rebootStarted?): "REBOOT"
    case (.active, .rebootingHard?): "HARD_REBOOT"
    case (.active, .updatingPassword?): "PASSWORD"
    case (.active, .resizePrep?), (.active, .resizeMigrating?), (.active, .resizeFinish?),
        (.stopped, .resizePrep?), (.stopped, .resizeMigrating?), (.stopped, .resizeFinish?):
        "RESIZE"
    case (.active, _): "ACTIVE"
    case (.building, _): "BUILD"
    case (.stopped, _): "SHUTOFF"
    case (.resized, .resizeReverting?): "REVERT_RESIZE"
    case (.resized, _): "VERIFY_RESIZE"
    case (.paused, _): "PAUSED"
    case (.suspended, _): "SUSPENDED"
    case (.rescued, _): "RESCUE"
    case (.error, _): "ERROR"
    case (.deleted, _): "DELETED"
    }
}
