/// An error from the image store, classified the way Glance classifies its HTTP answers.
///
/// The store knows nothing about HTTP; the API layer maps each ``Code`` to a status (`notFound` → 404 …).
/// `Code` is a struct over a private enum so new cases do not break callers, as in swift-nio's `FileSystemError`.
public struct ImageStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound, forbidden, conflict, badRequest, tooLarge, unsupportedMediaType
            case invalidImageData, rangeNotSatisfiable, unauthorized, serviceUnavailable, storage
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The image (or member, tag …) does not exist or is not visible to the caller.
        public static var notFound: Code { .init(.notFound) }
        /// The caller may see the image but not do this to it (policy, protected, read-only property).
        public static var forbidden: Code { .init(.forbidden) }
        /// The image is in a state that does not allow this, or the thing already exists.
        public static var conflict: Code { .init(.conflict) }
        /// The request is malformed.
        public static var badRequest: Code { .init(.badRequest) }
        /// A size or count limit was exceeded.
        public static var tooLarge: Code { .init(.tooLarge) }
        /// The content type is not one the operation accepts.
        public static var unsupportedMediaType: Code { .init(.unsupportedMediaType) }
        /// Uploaded data failed the format inspector, a size check or a checksum check.
        public static var invalidImageData: Code { .init(.invalidImageData) }
        /// A download range lies outside the image.
        public static var rangeNotSatisfiable: Code { .init(.rangeNotSatisfiable) }
        /// No valid credentials.
        public static var unauthorized: Code { .init(.unauthorized) }
        /// The store is shutting down or temporarily unable to serve.
        public static var serviceUnavailable: Code { .init(.serviceUnavailable) }
        /// The filesystem or database failed underneath.
        public static var storage: Code { .init(.storage) }

        public var description: String { value.rawValue }
    }

    public var code: Code
    /// What went wrong, for the client: Glance-style explanation text.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func notFound(_ id: String) -> ImageStoreError {
        .init(.notFound, "No image found with ID \(id)")
    }
}
