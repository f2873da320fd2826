/// Why an image was refused by the inspector or by ``FormatPolicy``.
public struct FormatInspectionError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of refusal. A struct over a private enum, so new codes can be added without
    /// breaking callers that `switch` over the known ones with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case multipleFormats, unsafeImage, bannedFormat, unsupportedSubformat, formatMismatch, malformedHeader
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// The content matched more than one format (a polyglot image), other than iso+gpt.
        public static let multipleFormats = Code(.multipleFormats)
        /// A safety check failed (backing file, external data file, unsafe VMDK extent, ...).
        public static let unsafeImage = Code(.unsafeImage)
        /// The format is recognised but never accepted (qed).
        public static let bannedFormat = Code(.bannedFormat)
        /// A VMDK whose create type is not monolithicSparse or streamOptimized.
        public static let unsupportedSubformat = Code(.unsupportedSubformat)
        /// The detected format does not agree with the declared `disk_format`.
        public static let formatMismatch = Code(.formatMismatch)
        /// The format's magic matched but the structures behind it are truncated or inconsistent.
        public static let malformedHeader = Code(.malformedHeader)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// Says what was found, for logs and API error bodies.
    public var message: String
    /// The format the error is about, when one was identified.
    public var format: DiskFormat?

    public init(code: Code, message: String, format: DiskFormat? = nil) {
        self.code = code
        self.message = message
        self.format = format
    }

    public var description: String { "\(code): \(message)" }
}
