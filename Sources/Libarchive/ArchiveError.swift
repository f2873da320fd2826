internal import CLibarchive

/// An error from libarchive, carrying libarchive's own message and the `errno` it recorded.
///
/// Each failing call is turned into an `ArchiveError` right after it returns, from `archive_error_string` and
/// `archive_errno` on the same archive object. ``message`` is libarchive's own text, unchanged; ``context`` says
/// what Glint was doing. Warnings (`ARCHIVE_WARN`, a partial success) are not errors.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad the failure is.
    public var code: Code
    /// libarchive's own message, for example `Undefined option: iso9660:allow-pvd-lowercase`.
    public var message: String
    /// The `errno` libarchive recorded (`archive_errno`): a system `errno`, or one of libarchive's own
    /// (`ARCHIVE_ERRNO_MISC` -1, `ARCHIVE_ERRNO_FILE_FORMAT` 84, `ARCHIVE_ERRNO_PROGRAMMER` 22); 0 when none.
    public var errno: Int32
    /// What Glint was doing, for example `writing header for openstack/latest/meta_data.json`.
    public var context: String

    /// Creates an error from its parts.
    public init(code: Code, message: String, errno: Int32 = 0, context: String) {
        self.code = code
        self.message = message
        self.errno = errno
        self.context = context
    }

    public var description: String {
        let errnoPart = errno == 0 ? "" : " (errno \(errno))"
        return "\(context): \(message)\(errnoPart)"
    }

    /// How bad an ``ArchiveError`` is.
    ///
    /// A struct over a private enum so that kinds can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Hashable {
            case failed
            case fatal
            case closed
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The operation failed but the archive object can still be used (`ARCHIVE_FAILED`), for example an
        /// unknown option or an entry the format cannot hold.
        public static var failed: Code { Code(.failed) }
        /// The archive object can no longer be used (`ARCHIVE_FATAL`), for example a write error or a corrupt
        /// archive; also used when libarchive cannot allocate an archive object.
        public static var fatal: Code { Code(.fatal) }
        /// The writer or reader was already finished or closed.
        public static var closed: Code { Code(.closed) }

        public var description: String {
            switch kind {
            case .failed: "failed"
            case .fatal: "fatal"
            case .closed: "closed"
            }
        }
    }
}

extension ArchiveError {
    /// Reads the error recorded on `archive` after a call returned `status`.
    ///
    /// The corresponding C functions are `archive_error_string` and `archive_errno`.
    static func last(on archive: OpaquePointer, status: Int32, context: String) -> ArchiveError {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive status \(status)"
        return ArchiveError(
            code: status <= ARCHIVE_FATAL ? .fatal : .failed,
            message: message,
            errno: archive_errno(archive),
            context: context
        )
    }

    /// Throws the error recorded on `archive` when `status` is worse than `ARCHIVE_WARN`; a warning passes.
    static func check(
        _ status: Int32,
        on archive: OpaquePointer,
        context: @autoclosure () -> String
    ) throws(ArchiveError) {
        if status < ARCHIVE_WARN {
            throw last(on: archive, status: status, context: context())
        }
    }
}
