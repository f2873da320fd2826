internal import CLibvirt

/// The state of a libvirt domain, `virDomainState`.
///
/// A struct rather than an enum so that states added by newer libvirt versions are carried through unchanged.
public struct DomainState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The raw `virDomainState`.
    public var rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    init(_ state: virDomainState) {
        self.rawValue = Int32(bitPattern: state.rawValue)
    }

    /// No state (`VIR_DOMAIN_NOSTATE`).
    public static var noState: DomainState { DomainState(VIR_DOMAIN_NOSTATE) }
    /// Running (`VIR_DOMAIN_RUNNING`).
    public static var running: DomainState { DomainState(VIR_DOMAIN_RUNNING) }
    /// Blocked on a resource (`VIR_DOMAIN_BLOCKED`).
    public static var blocked: DomainState { DomainState(VIR_DOMAIN_BLOCKED) }
    /// Paused by the user (`VIR_DOMAIN_PAUSED`).
    public static var paused: DomainState { DomainState(VIR_DOMAIN_PAUSED) }
    /// Being shut down (`VIR_DOMAIN_SHUTDOWN`).
    public static var shuttingDown: DomainState { DomainState(VIR_DOMAIN_SHUTDOWN) }
    /// Shut off (`VIR_DOMAIN_SHUTOFF`).
    public static var shutOff: DomainState { DomainState(VIR_DOMAIN_SHUTOFF) }
    /// Crashed (`VIR_DOMAIN_CRASHED`).
    public static var crashed: DomainState { DomainState(VIR_DOMAIN_CRASHED) }
    /// Suspended by guest power management (`VIR_DOMAIN_PMSUSPENDED`).
    public static var pmSuspended: DomainState { DomainState(VIR_DOMAIN_PMSUSPENDED) }

    public var description: String {
        switch self {
        case .noState: "no state"
        case .running: "running"
        case .blocked: "blocked"
        case .paused: "paused"
        case .shuttingDown: "shutting down"
        case .shutOff: "shut off"
        case .crashed: "crashed"
        case .pmSuspended: "pm-suspended"
        default: "state \(rawValue)"
        }
    }
}
