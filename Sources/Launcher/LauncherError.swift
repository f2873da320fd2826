/// Why a launcher operation failed, in the classes Nova's API distinguishes (404, 409, 400, 501 …).
public struct LauncherError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String {
            case notFound = "not found"
            case conflict = "conflict"
            case badRequest = "bad request"
            case notImplemented = "not implemented"
            case hypervisorFailed = "hypervisor failed"
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// No such instance, flavor or image (404, `itemNotFound`).
        public static var notFound: Code { Code(.notFound) }
        /// Not valid in the instance's current state, or a name taken (409, `conflictingRequest`).
        public static var conflict: Code { Code(.conflict) }
        /// A malformed request (400, `badRequest`).
        public static var badRequest: Code { Code(.badRequest) }
        /// The guest cannot do it, e.g. no guest agent answers (501, `notImplemented`).
        public static var notImplemented: Code { Code(.notImplemented) }
        /// libvirt or QEMU failed (500, `computeFault`).
        public static var hypervisorFailed: Code { Code(.hypervisorFailed) }

        public var description: String { kind.rawValue }
    }
}
