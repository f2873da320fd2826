internal import CLibguestfs

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An error from libguestfs, carrying libguestfs's own message and the `errno` it recorded.
///
/// Each failing call on a ``GuestfsHandle`` is turned into a `GuestfsError` right after it returns, from
/// `guestfs_last_error` and `guestfs_last_errno` on that handle. ``message`` is libguestfs's own text, unchanged;
/// ``context`` says what Glint was doing.
public struct GuestfsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// libguestfs's own message, for example `/nonexistent.img: No such file or directory`.
    public var message: String
    /// The `errno` libguestfs recorded with the error, or 0 when it recorded none
    /// (libguestfs sets it only for some failures, for example `ENOENT` from a missing drive).
    public var errno: Int32
    /// What Glint was doing, for example `adding drive /nonexistent.img`.
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

    /// What kind of failure a ``GuestfsError`` is.
    ///
    /// A struct over a private enum so that kinds can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Hashable {
            case handleCreationFailed
            case callFailed
            case handleClosed
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// `guestfs_create_flags` returned no handle (out of memory or a bad environment variable).
        public static var handleCreationFailed: Code { Code(.handleCreationFailed) }
        /// A libguestfs call on a handle returned its error value; ``GuestfsError/message`` says why.
        public static var callFailed: Code { Code(.callFailed) }
        /// The handle was already closed.
        public static var handleClosed: Code { Code(.handleClosed) }

        public var description: String {
            switch kind {
            case .handleCreationFailed: "handle creation failed"
            case .callFailed: "call failed"
            case .handleClosed: "handle closed"
            }
        }
    }
}

extension GuestfsError {
    /// Reads the last error recorded on `handle` into a `GuestfsError`.
    ///
    /// The corresponding C functions are `guestfs_last_error` and `guestfs_last_errno`.
    static func last(on handle: OpaquePointer, context: String) -> GuestfsError {
        let message = guestfs_last_error(handle).map { String(cString: $0) } ?? "libguestfs reported no error"
        return GuestfsError(code: .callFailed, message: message, errno: guestfs_last_errno(handle), context: context)
    }

    /// The error for a handle that `guestfs_create_flags` could not create, from the C `errno`.
    static func creationFailed() -> GuestfsError {
        let code = currentErrno()
        let message = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return GuestfsError(
            code: .handleCreationFailed,
            message: message,
            errno: code,
            context: "creating libguestfs handle"
        )
    }
}

/// The C `errno` of the calling thread (a free function, because ``GuestfsError/errno`` shadows it inside the type).
private func currentErrno() -> Int32 {
    errno
}
