internal import CLibxcrypt

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// An error from libxcrypt: what Glint asked for, and the `errno` text libxcrypt left.
public struct CryptError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    /// What Glint was doing, for example `generating a yescrypt salt`.
    public var message: String
    /// The C library's own text (`strerror(errno)`), for example `Invalid argument`.
    public var systemMessage: String
    public var errno: Int32

    public init(code: Code, message: String, systemMessage: String, errno: Int32) {
        self.code = code
        self.message = message
        self.systemMessage = systemMessage
        self.errno = errno
    }

    public var description: String { "\(message): \(systemMessage)" }

    /// What kind of failure a ``CryptError`` is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Hashable { case saltGenerationFailed, hashingFailed }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// `crypt_gensalt_rn` failed: an unsupported method or no randomness.
        public static var saltGenerationFailed: Code { Code(.saltGenerationFailed) }
        /// `crypt_rn` failed: an invalid setting or a method disabled in this libxcrypt.
        public static var hashingFailed: Code { Code(.hashingFailed) }

        public var description: String {
            switch kind {
            case .saltGenerationFailed: "salt generation failed"
            case .hashingFailed: "hashing failed"
            }
        }
    }

    /// The error for the C call that just failed, from the thread's `errno`.
    static func fromErrno(_ code: Code, _ message: String) -> CryptError {
        let number = currentErrno()
        let text = strerror(number).map { String(cString: $0) } ?? "unknown error"
        return CryptError(code: code, message: message, systemMessage: text, errno: number)
    }
}

private func currentErrno() -> Int32 { errno }
