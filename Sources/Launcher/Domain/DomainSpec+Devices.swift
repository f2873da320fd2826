extension DomainSpec {
    /// A virtio (by default) network interface.
    public struct NetworkInterface: Sendable, Hashable {
        /// What the interface is plugged into.
        public var attachment: Attachment
        /// The MAC address, `52:54:00:…` style; `nil` lets libvirt choose one.
        public var mac: String?
        /// The device model the guest sees.
        public var model: String = "virtio"
        /// The host-side tap name (`<target dev=…>`), as Nova names it `tap` + the port id prefix; `nil` lets
        /// libvirt choose (`vnetN`). Interface statistics are read by this name.
        public var targetDevice: String?
        /// The MTU the guest is told about; `nil` for the default.
        public var mtu: Int?

        public init(attachment: Attachment, mac: String? = nil) {
            self.attachment = attachment
            self.mac = mac
        }

        /// Where the interface is plugged in.
        public enum Attachment: Sendable, Hashable {
            /// QEMU's user-mode network (slirp): outbound NAT only, no host device, no privileges.
            case user
            /// A libvirt virtual network by name, such as `default`.
            case network(String)
            /// An existing host bridge by name; libvirt creates a tap on it.
            case bridge(String)
        }
    }

    /// The first serial port (the guest's `ttyS0`) and where its output goes.
    public enum SerialConsole: Sendable, Hashable {
        /// A pty for interactive use, with everything the guest writes also logged to `path` by virtlogd, as Nova
        /// does (`<serial type='pty'><log file=… append='off'/>`). virtlogd (root) writes the file, so QEMU needs
        /// no access to its directory; virtlogd must be running.
        case ptyWithLog(path: String)
        /// The output written by QEMU itself to `path` (`<serial type='file'>`), with no interactive side.
        case file(path: String)

        /// The file the console output ends up in.
        public var logPath: String {
            switch self {
            case .ptyWithLog(let path), .file(let path): path
            }
        }
    }

    /// A remote display, listening on an address with an automatically chosen port.
    public struct Graphics: Sendable, Hashable {
        public var kind: Kind
        /// The listen address; loopback by default, for a proxy (noVNC, spice-html5) on the same host.
        public var listen: String = "127.0.0.1"
        /// A password clients must give; `nil` for none. Only readable back with ``Libvirt/Domain/XMLFlags/secure``.
        public var password: String?

        public init(_ kind: Kind, listen: String = "127.0.0.1", password: String? = nil) {
            self.kind = kind
            self.listen = listen
            self.password = password
        }

        public enum Kind: String, Sendable, Hashable {
            case vnc, spice
        }

        public static var vnc: Graphics { Graphics(.vnc) }
        public static var spice: Graphics { Graphics(.spice) }
    }

    /// A video card model (`<video><model type=…>`).
    public struct VideoModel: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        public static let virtio: Self = "virtio"
        public static let qxl: Self = "qxl"
        public static let cirrus: Self = "cirrus"
        public static let vga: Self = "vga"
    }

    /// A virtio memory balloon: lets the host take memory back (``Libvirt/Domain/setMemory(kibibytes:flags:)``)
    /// and, with a period, reports the guest's memory statistics.
    public struct MemoryBalloon: Sendable, Hashable {
        /// How often the guest updates its statistics, in seconds; `nil` for no statistics.
        public var statisticsPeriodSeconds: Int? = 10

        public init(statisticsPeriodSeconds: Int? = 10) {
            self.statisticsPeriodSeconds = statisticsPeriodSeconds
        }
    }

    /// A fixed DAC label: QEMU runs as `label` (for example `+0:+0`, root) and libvirt chowns nothing
    /// (`<seclabel type='static' model='dac' relabel='no'>`). For images QEMU could not read as `libvirt-qemu`,
    /// such as a cache under `/root`; without it libvirt's dynamic labelling applies.
    public struct SecurityLabel: Sendable, Hashable {
        /// `user:group`, names or `+uid:+gid`.
        public var label: String

        public init(label: String) {
            self.label = label
        }

        /// QEMU as root, relabelling nothing.
        public static var root: SecurityLabel { SecurityLabel(label: "+0:+0") }
    }
}
