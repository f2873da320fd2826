import Crypto
import NIOCore
import NIOFoundationCompat

/// An incremental hash over one of the algorithms Glance names in `os_hash_algo` (Python `hashlib` names).
struct Digester {
    private enum Storage {
        case sha512(SHA512)
        case sha384(SHA384)
        case sha256(SHA256)
        case sha1(Insecure.SHA1)
        case md5(Insecure.MD5)
    }

    private var storage: Storage
    /// The algorithm name as Glance spells it.
    let algorithm: String

    /// The algorithms this client can verify.
    static let supportedAlgorithms = ["sha512", "sha384", "sha256", "sha1", "md5"]

    /// A fresh hash for `algorithm` (case-insensitive, `sha-512` accepted), or `nil` if it is not supported.
    init?(algorithm: String) {
        let name = algorithm.lowercased().replacing("-", with: "")
        switch name {
        case "sha512": storage = .sha512(SHA512())
        case "sha384": storage = .sha384(SHA384())
        case "sha256": storage = .sha256(SHA256())
        case "sha1": storage = .sha1(Insecure.SHA1())
        case "md5": storage = .md5(Insecure.MD5())
        default: return nil
        }
        self.algorithm = name
    }

    /// Adds the readable bytes of `buffer` without consuming them.
    mutating func update(_ buffer: ByteBuffer) {
        let bytes = buffer.readableBytesView
        switch storage {
        case .sha512(var hash):
            hash.update(data: bytes)
            storage = .sha512(hash)
        case .sha384(var hash):
            hash.update(data: bytes)
            storage = .sha384(hash)
        case .sha256(var hash):
            hash.update(data: bytes)
            storage = .sha256(hash)
        case .sha1(var hash):
            hash.update(data: bytes)
            storage = .sha1(hash)
        case .md5(var hash):
            hash.update(data: bytes)
            storage = .md5(hash)
        }
    }

    /// The digest as lowercase hex.
    func hexDigest() -> String {
        switch storage {
        case .sha512(let hash): Self.hex(hash.finalize())
        case .sha384(let hash): Self.hex(hash.finalize())
        case .sha256(let hash): Self.hex(hash.finalize())
        case .sha1(let hash): Self.hex(hash.finalize())
        case .md5(let hash): Self.hex(hash.finalize())
        }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// How far a transfer has come, reported to the progress callbacks of upload and download.
public struct TransferProgress: Sendable, Hashable {
    /// Bytes sent or received so far.
    public var completedBytes: Int64
    /// All bytes of the transfer, when known.
    public var totalBytes: Int64?

    /// Creates a progress report.
    public init(completedBytes: Int64, totalBytes: Int64?) {
        self.completedBytes = completedBytes
        self.totalBytes = totalBytes
    }

    /// The completed share in 0...1, when the total is known (1 for an empty transfer).
    public var fractionCompleted: Double? {
        guard let totalBytes else { return nil }
        guard totalBytes > 0 else { return 1 }
        return min(1, Double(completedBytes) / Double(totalBytes))
    }
}
