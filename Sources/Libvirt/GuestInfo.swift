/// What the guest agent reports about the guest through `virDomainGetGuestInfo`: a flat list of typed
/// parameters such as `os.id`, `hostname`, `timezone.offset`, `fs.0.mountpoint` or `if.0.name`.
///
/// The convenience properties name the keys the launcher reads; everything else is in ``parameters``.
public struct GuestInfo: Sendable, Hashable {
    /// Every parameter by its libvirt name.
    public var parameters: [String: TypedParameterValue]

    /// Creates the information from its parameters.
    public init(parameters: [String: TypedParameterValue]) {
        self.parameters = parameters
    }

    /// The value named `key`.
    public subscript(key: String) -> TypedParameterValue? { parameters[key] }

    /// The string named `key`, when it is a string.
    public func string(_ key: String) -> String? { parameters[key]?.stringValue }

    /// The integer named `key`, when it is one.
    public func integer(_ key: String) -> Int64? { parameters[key]?.integerValue }

    /// The guest's host name (`hostname`).
    public var hostname: String? { string("hostname") }
    /// The os-release `ID`, for example `debian` (`os.id`).
    public var osID: String? { string("os.id") }
    /// The os-release `NAME` (`os.name`).
    public var osName: String? { string("os.name") }
    /// The os-release `PRETTY_NAME` (`os.pretty-name`).
    public var osPrettyName: String? { string("os.pretty-name") }
    /// The os-release `VERSION_ID` (`os.version-id`).
    public var osVersionID: String? { string("os.version-id") }
    /// The kernel release, as `uname -r` prints it (`os.kernel-release`).
    public var kernelRelease: String? { string("os.kernel-release") }
    /// The guest's machine architecture, for example `x86_64` (`os.machine`).
    public var machine: String? { string("os.machine") }
    /// The time zone's name, when the guest reports one (`timezone.name`).
    public var timezoneName: String? { string("timezone.name") }
    /// The time zone's offset from UTC in seconds (`timezone.offset`).
    public var timezoneOffset: Int64? { integer("timezone.offset") }
}
