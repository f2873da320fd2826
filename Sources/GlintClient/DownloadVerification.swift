import NIOCore

/// What ``ImageServiceClient/downloadImageData(id:toFile:progress:)`` received and how it was checked.
public struct DownloadResult: Sendable, Hashable {
    /// Where the data now is.
    public var path: String
    /// The number of bytes received.
    public var bytes: Int64
    /// The MD5 of the data (hex).
    public var md5: String
    /// The multihash algorithm computed (the image's `os_hash_algo`), if the image had a multihash.
    public var hashAlgorithm: String?
    /// The multihash of the data (hex), if computed.
    public var hashValue: String?
    /// The algorithms whose digests matched the image record (`["sha512", "md5"]`); empty when the record had
    /// no digest and only the size could be checked.
    public var verifiedAlgorithms: [String]
}

/// The digests to compute while downloading and the values they must match.
struct VerificationPlan {
    private var multihash: Digester?
    private var expectedMultihash: String?
    private var md5 = Digester(algorithm: "md5")!
    private var expectedMD5: String?
    private let expectedSize: Int64?

    /// Plans the checks for `image`: its `os_hash_value` (with `os_hash_algo`, sha512 if unset) and `checksum`.
    ///
    /// - Throws: ``GlintClientError/Code/invalidArgument`` when the multihash uses an algorithm this client
    ///   does not have and there is no MD5 checksum to fall back on, so the data could not be verified at all.
    init(image: Image) throws {
        expectedSize = image.size
        expectedMD5 = Self.normalizedHex(image.checksum)
        if let value = Self.normalizedHex(image.osHashValue) {
            let algorithm = image.osHashAlgo ?? "sha512"
            if let digester = Digester(algorithm: algorithm) {
                multihash = digester
                expectedMultihash = value
            } else if expectedMD5 == nil {
                throw GlintClientError(
                    code: .invalidArgument,
                    message: "cannot verify image \(image.id): unsupported os_hash_algo '\(algorithm)' "
                        + "(supported: \(Digester.supportedAlgorithms.joined(separator: ", "))) and no md5 checksum"
                )
            }
        }
    }

    /// Uses the `Content-MD5` header (Glance sends the hex checksum there) when the record had no checksum.
    mutating func adoptContentMD5(_ header: String?) {
        guard expectedMD5 == nil, let value = Self.normalizedHex(header), value.utf8.count == 32 else { return }
        expectedMD5 = value
    }

    /// Adds received bytes to every digest.
    mutating func update(_ chunk: ByteBuffer) {
        multihash?.update(chunk)
        md5.update(chunk)
    }

    /// Compares the digests (multihash first, then MD5; the size only when there is neither).
    ///
    /// - Throws: ``GlintClientError`` `.checksumMismatch` with both values, or `.sizeMismatch`.
    func verify(imageID: String, receivedBytes: Int64, path: String) throws -> DownloadResult {
        var verified: [String] = []
        let actualMultihash = multihash?.hexDigest()
        if let multihash, let expectedMultihash, let actualMultihash {
            guard actualMultihash == expectedMultihash else {
                throw Self.mismatch(imageID, path, multihash.algorithm, expectedMultihash, actualMultihash)
            }
            verified.append(multihash.algorithm)
        }
        let actualMD5 = md5.hexDigest()
        if let expectedMD5 {
            guard actualMD5 == expectedMD5 else {
                throw Self.mismatch(imageID, path, "md5", expectedMD5, actualMD5)
            }
            verified.append("md5")
        }
        if verified.isEmpty, let expectedSize, expectedSize != receivedBytes {
            throw GlintClientError(
                code: .sizeMismatch,
                message: "size mismatch for image \(imageID): expected \(expectedSize) bytes, received "
                    + "\(receivedBytes); nothing was saved to '\(path)'"
            )
        }
        return DownloadResult(
            path: path,
            bytes: receivedBytes,
            md5: actualMD5,
            hashAlgorithm: multihash?.algorithm,
            hashValue: actualMultihash,
            verifiedAlgorithms: verified
        )
    }

    private static func mismatch(
        _ imageID: String,
        _ path: String,
        _ algorithm: String,
        _ expected: String,
        _ actual: String
    ) -> GlintClientError {
        GlintClientError(
            code: .checksumMismatch,
            message: "checksum mismatch for image \(imageID): expected \(algorithm) \(expected), got \(actual); "
                + "nothing was saved to '\(path)'",
            checksum: .init(algorithm: algorithm, expected: expected, actual: actual)
        )
    }

    private static func normalizedHex(_ value: String?) -> String? {
        guard let value = value?.trimmingWhitespace().lowercased(), !value.isEmpty else { return nil }
        return value
    }
}
