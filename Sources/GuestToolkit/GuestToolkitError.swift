/// Why inspecting or customizing a guest image failed. ``message`` says what, in words a CLI user or an API client
/// can act on; ``underlying`` keeps the lower layer's own text (libguestfs, qemu-img, libxcrypt).
public struct GuestToolkitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    public var message: String
    /// The lower layer's own error text, when there is one.
    public var underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }

    /// What kind of failure a ``GuestToolkitError`` is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String {
            case imageNotFound = "image not found"
            case imageRefused = "image refused"
            case noOperatingSystem = "no operating system"
            case invalidPlan = "invalid plan"
            case operationFailed = "operation failed"
            case unsupportedGuest = "unsupported guest"
            case applianceFailed = "appliance failed"
            case toolFailed = "tool failed"
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The image file does not exist or cannot be read.
        public static var imageNotFound: Code { Code(.imageNotFound) }
        /// The format inspector refused the image (unsafe, wrong format, unsupported format).
        public static var imageRefused: Code { Code(.imageRefused) }
        /// libguestfs found no operating system (or several) on the image.
        public static var noOperatingSystem: Code { Code(.noOperatingSystem) }
        /// The plan is malformed: an unknown operation, a relative path, a missing field.
        public static var invalidPlan: Code { Code(.invalidPlan) }
        /// An operation could not be applied to this guest (a user that does not exist, a missing time zone).
        public static var operationFailed: Code { Code(.operationFailed) }
        /// The guest lacks what an operation needs (no network configuration system Glint can write for).
        public static var unsupportedGuest: Code { Code(.unsupportedGuest) }
        /// libguestfs failed to launch or to talk to its appliance.
        public static var applianceFailed: Code { Code(.applianceFailed) }
        /// qemu-img failed.
        public static var toolFailed: Code { Code(.toolFailed) }

        public var description: String { kind.rawValue }
    }
}

extension GuestToolkitError {
    static func invalidPlan(_ message: String) -> GuestToolkitError {
        GuestToolkitError(.invalidPlan, message)
    }

    static func operationFailed(_ message: String, underlying: String? = nil) -> GuestToolkitError {
        GuestToolkitError(.operationFailed, message, underlying: underlying)
    }
}
