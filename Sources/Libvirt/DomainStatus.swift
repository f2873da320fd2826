internal import CLibvirt

/// A domain's state and the reason it is in it, as `virDomainGetState` reports them.
///
/// The reason's meaning depends on the state (`virDomainRunningReason`, `virDomainPausedReason`,
/// `virDomainShutoffReason`, ...), so it is kept raw and compared through the static members, for example
/// `status == .shutOffSaved` after a managed save.
public struct DomainStatus: Sendable, Hashable, CustomStringConvertible {
    /// The state.
    public var state: DomainState
    /// The raw reason, one of the `virDomain<State>Reason` values of ``state``.
    public var reason: Int32

    /// Creates a status from its parts.
    public init(state: DomainState, reason: Int32) {
        self.state = state
        self.reason = reason
    }

    init(_ state: DomainState, _ reason: UInt32) {
        self.init(state: state, reason: Int32(bitPattern: reason))
    }

    /// Running after a normal boot (`VIR_DOMAIN_RUNNING_BOOTED`).
    public static var runningBooted: Self { Self(.running, VIR_DOMAIN_RUNNING_BOOTED.rawValue) }
    /// Running after restoring a saved state, a managed save included (`VIR_DOMAIN_RUNNING_RESTORED`).
    public static var runningRestored: Self { Self(.running, VIR_DOMAIN_RUNNING_RESTORED.rawValue) }
    /// Running again after a pause (`VIR_DOMAIN_RUNNING_UNPAUSED`).
    public static var runningUnpaused: Self { Self(.running, VIR_DOMAIN_RUNNING_UNPAUSED.rawValue) }
    /// Paused on request (`VIR_DOMAIN_PAUSED_USER`).
    public static var pausedUser: Self { Self(.paused, VIR_DOMAIN_PAUSED_USER.rawValue) }
    /// Paused by a disk I/O error (`VIR_DOMAIN_PAUSED_IOERROR`).
    public static var pausedIOError: Self { Self(.paused, VIR_DOMAIN_PAUSED_IOERROR.rawValue) }
    /// Paused while starting, for example with ``Domain/StartFlags/paused`` (`VIR_DOMAIN_PAUSED_STARTING_UP`).
    public static var pausedStartingUp: Self { Self(.paused, VIR_DOMAIN_PAUSED_STARTING_UP.rawValue) }
    /// Shut off for no recorded reason, for example never started (`VIR_DOMAIN_SHUTOFF_UNKNOWN`).
    public static var shutOffUnknown: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_UNKNOWN.rawValue) }
    /// Shut off by the guest (`VIR_DOMAIN_SHUTOFF_SHUTDOWN`).
    public static var shutOffShutdown: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_SHUTDOWN.rawValue) }
    /// Shut off by a destroy (`VIR_DOMAIN_SHUTOFF_DESTROYED`).
    public static var shutOffDestroyed: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_DESTROYED.rawValue) }
    /// Shut off after a crash (`VIR_DOMAIN_SHUTOFF_CRASHED`).
    public static var shutOffCrashed: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_CRASHED.rawValue) }
    /// Shut off with its state saved, by a managed save (`VIR_DOMAIN_SHUTOFF_SAVED`).
    public static var shutOffSaved: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_SAVED.rawValue) }
    /// Shut off because it failed to start (`VIR_DOMAIN_SHUTOFF_FAILED`).
    public static var shutOffFailed: Self { Self(.shutOff, VIR_DOMAIN_SHUTOFF_FAILED.rawValue) }
    /// Crashed: the guest panicked (`VIR_DOMAIN_CRASHED_PANICKED`).
    public static var crashedPanicked: Self { Self(.crashed, VIR_DOMAIN_CRASHED_PANICKED.rawValue) }

    public var description: String {
        let named: [DomainStatus: String] = [
            .runningBooted: "booted", .runningRestored: "restored", .runningUnpaused: "unpaused",
            .pausedUser: "user", .pausedIOError: "I/O error", .pausedStartingUp: "starting up",
            .shutOffShutdown: "shutdown", .shutOffDestroyed: "destroyed", .shutOffCrashed: "crashed",
            .shutOffSaved: "saved", .shutOffFailed: "failed", .crashedPanicked: "panicked",
        ]
        if reason == 0 { return state.description }
        return "\(state) (\(named[self] ?? "reason \(reason)"))"
    }
}
