/// An error thrown by ``ImageServiceClient``.
///
/// Errors that come from the image service carry the HTTP ``status`` and the server's own ``message``
/// (Glance answers `{"message": …, "code": "404 Not Found", "title": "Not Found"}` when asked for JSON).
/// Errors that happen on this side (the network, the local file system, a failed checksum) have no status.
public struct GlintClientError: Error, Sendable, CustomStringConvertible {
    /// A broad classification of what went wrong.
    public var code: Code
    /// The HTTP status of the server's answer, when the error is one.
    public var status: Int?
    /// A message describing what went wrong: the server's message when there is one.
    public var message: String
    /// The `x-openstack-request-id` of the failed request, when the server sent one.
    public var requestID: String?
    /// Both digests of a failed download verification, for ``Code/checksumMismatch``.
    public var checksum: ChecksumMismatch?
    /// The error that caused this one, for ``Code/transport`` and ``Code/fileSystem``.
    public var cause: (any Error)?

    /// Creates an error.
    public init(
        code: Code,
        status: Int? = nil,
        message: String,
        requestID: String? = nil,
        checksum: ChecksumMismatch? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.requestID = requestID
        self.checksum = checksum
        self.cause = cause
    }

    /// The message, followed by `(HTTP <status>)` when the error came from the server.
    public var description: String {
        if let status {
            return "\(message) (HTTP \(status))"
        }
        return message
    }
}

extension GlintClientError {
    /// The expected and the computed digest of downloaded data that failed verification.
    public struct ChecksumMismatch: Sendable, Hashable {
        /// The hash algorithm, as Glance names it (`sha512`, `md5`, …).
        public var algorithm: String
        /// The digest the image record promised (hex).
        public var expected: String
        /// The digest of the bytes actually received (hex).
        public var actual: String

        /// Creates a mismatch record.
        public init(algorithm: String, expected: String, actual: String) {
            self.algorithm = algorithm
            self.expected = expected
            self.actual = actual
        }
    }

    /// A broad classification of a ``GlintClientError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case badRequest
            case unauthorized
            case forbidden
            case notFound
            case methodNotAllowed
            case conflict
            case gone
            case tooLarge
            case unsupportedMediaType
            case rangeNotSatisfiable
            case server
            case unexpectedStatus
            case invalidResponse
            case transport
            case fileSystem
            case checksumMismatch
            case sizeMismatch
            case noData
            case invalidArgument
        }

        private var value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// HTTP 400: the request was malformed or a value was rejected.
        public static var badRequest: Self { .init(.badRequest) }
        /// HTTP 401: the token is missing or not accepted.
        public static var unauthorized: Self { .init(.unauthorized) }
        /// HTTP 403: the operation is not allowed (a protected image, a read-only property, …).
        public static var forbidden: Self { .init(.forbidden) }
        /// HTTP 404: the image (or the path) does not exist.
        public static var notFound: Self { .init(.notFound) }
        /// HTTP 405: the method is not allowed on this path.
        public static var methodNotAllowed: Self { .init(.methodNotAllowed) }
        /// HTTP 409: the image is not in a state that allows the operation.
        public static var conflict: Self { .init(.conflict) }
        /// HTTP 410: the image went away during the operation.
        public static var gone: Self { .init(.gone) }
        /// HTTP 413: the data or the request is over a quota.
        public static var tooLarge: Self { .init(.tooLarge) }
        /// HTTP 415: the media type was not accepted, or the data does not match the disk format.
        public static var unsupportedMediaType: Self { .init(.unsupportedMediaType) }
        /// HTTP 416: the requested range is outside the data.
        public static var rangeNotSatisfiable: Self { .init(.rangeNotSatisfiable) }
        /// HTTP 5xx: the server failed.
        public static var server: Self { .init(.server) }
        /// Any other status that the operation did not expect.
        public static var unexpectedStatus: Self { .init(.unexpectedStatus) }
        /// The server's answer could not be decoded.
        public static var invalidResponse: Self { .init(.invalidResponse) }
        /// The request could not be sent or the answer not received (connection refused, timeout, …).
        public static var transport: Self { .init(.transport) }
        /// A local file could not be opened, read, written or renamed.
        public static var fileSystem: Self { .init(.fileSystem) }
        /// Downloaded data does not match the image's checksum; nothing was left at the target path.
        public static var checksumMismatch: Self { .init(.checksumMismatch) }
        /// Downloaded data does not have the image's size (checked only when no checksum is known).
        public static var sizeMismatch: Self { .init(.sizeMismatch) }
        /// The image has no data to download yet.
        public static var noData: Self { .init(.noData) }
        /// An argument given to the client cannot be used (a malformed URL, an unsupported hash algorithm, …).
        public static var invalidArgument: Self { .init(.invalidArgument) }

        /// The code for a non-success HTTP status.
        public static func forStatus(_ status: Int) -> Self {
            switch status {
            case 400: .badRequest
            case 401: .unauthorized
            case 403: .forbidden
            case 404: .notFound
            case 405: .methodNotAllowed
            case 409: .conflict
            case 410: .gone
            case 413: .tooLarge
            case 415: .unsupportedMediaType
            case 416: .rangeNotSatisfiable
            case 500...599: .server
            default: .unexpectedStatus
            }
        }

        /// The code's name, as spelled in Swift (`notFound`, `checksumMismatch`, …).
        public var description: String {
            String(describing: value)
        }
    }
}
