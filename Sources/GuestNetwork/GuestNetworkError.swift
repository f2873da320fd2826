/// Why guest network files could not be rendered or a renderer chosen.
///
/// `Code` is a struct over a private enum so new cases do not break callers, as in ``ConfigDriveError``.
public struct GuestNetworkError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidNetworkData, unsupported, noRenderer
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The network data fails `NetworkData.validate()`, or cannot become guest interfaces at all (two links
        /// with the same interface name, a VLAN cycle, a bond of bonds).
        public static var invalidNetworkData: Code { .init(.invalidNetworkData) }
        /// The data is valid but this renderer cannot express it (DHCPv6 on Alpine's busybox ifupdown …).
        public static var unsupported: Code { .init(.unsupported) }
        /// No renderer matches the guest's contents.
        public static var noRenderer: Code { .init(.noRenderer) }

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

func invalid(_ message: String) -> GuestNetworkError {
    GuestNetworkError(.invalidNetworkData, message)
}

func unsupported(_ renderer: NetworkRenderer, _ message: String) -> GuestNetworkError {
    GuestNetworkError(.unsupported, "\(renderer.rawValue): \(message)")
}
