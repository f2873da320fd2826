internal import CLibxcrypt

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Password hashes in the `crypt(3)` forms `/etc/shadow` stores, made by libxcrypt.
///
/// Blocking but short (yescrypt at the default cost takes tens of milliseconds), so callers already off the
/// cooperative pool call it directly.
public enum PasswordHasher {
    /// A hashing method and its `crypt` prefix.
    public enum Method: String, Sendable, CaseIterable {
        /// yescrypt (`$y$`): Debian ≥ 11, Ubuntu ≥ 20.10, Fedora ≥ 35 and RHEL ≥ 9 default to it.
        case yescrypt = "$y$"
        /// SHA-512 crypt (`$6$`): what every glibc-based guest since 2008 can verify.
        case sha512 = "$6$"
    }

    /// Hashes `password` with a fresh random salt.
    ///
    /// - Throws: ``CryptError`` if libxcrypt cannot make a salt (no entropy) or hash.
    ///
    /// The corresponding C functions are `crypt_gensalt_rn` (count 0: the method's default cost, random bytes
    /// from the OS) and `crypt_rn`.
    public static func hash(_ password: String, method: Method) throws(CryptError) -> String {
        var salt = [CChar](repeating: 0, count: Int(CLibxcrypt_GENSALT_OUTPUT_SIZE))
        let made = salt.withUnsafeMutableBufferPointer { buffer in
            crypt_gensalt_rn(method.rawValue, 0, nil, 0, buffer.baseAddress, Int32(buffer.count))
        }
        guard made != nil else {
            throw CryptError.fromErrno(.saltGenerationFailed, "generating a \(method) salt")
        }
        let setting = salt.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return try crypt(password, setting: setting)
    }

    /// Whether `password` hashes to `hash` (the check `login` makes against `/etc/shadow`).
    ///
    /// - Throws: ``CryptError`` if `hash` is not a setting libxcrypt understands.
    public static func verify(_ password: String, against hash: String) throws(CryptError) -> Bool {
        try crypt(password, setting: hash) == hash
    }

    /// `crypt_rn(password, setting)`: hashes with the method, cost and salt that `setting` names.
    static func crypt(_ password: String, setting: String) throws(CryptError) -> String {
        // struct crypt_data is about 32 KiB: on the heap, zeroed as libxcrypt asks.
        let data = UnsafeMutableRawPointer.allocate(byteCount: Int(CLibxcrypt_DATA_SIZE), alignment: 16)
        defer {
            data.initializeMemory(as: UInt8.self, repeating: 0, count: Int(CLibxcrypt_DATA_SIZE))
            data.deallocate()
        }
        data.initializeMemory(as: UInt8.self, repeating: 0, count: Int(CLibxcrypt_DATA_SIZE))
        guard let result = crypt_rn(password, setting, data, CLibxcrypt_DATA_SIZE) else {
            throw CryptError.fromErrno(.hashingFailed, "hashing with setting \(setting.prefix(4))…")
        }
        return String(cString: result)
    }
}

extension PasswordHasher.Method: CustomStringConvertible {
    public var description: String {
        switch self {
        case .yescrypt: "yescrypt"
        case .sha512: "SHA-512 crypt"
        }
    }
}
