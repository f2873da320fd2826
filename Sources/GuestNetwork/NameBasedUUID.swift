import Crypto

/// RFC 9562 version 5 UUIDs (SHA-1, name-based): the same name always gives the same UUID, so a keyfile rendered
/// twice is byte-identical and NetworkManager sees the same connection.
enum NameBasedUUID {
    /// Glint's namespace for guest network connections (itself a random v4 UUID, fixed forever).
    static let namespace: [UInt8] = [
        0x6b, 0x2f, 0x0d, 0x4e, 0x91, 0x3a, 0x4c, 0x57, 0x8e, 0x1d, 0x52, 0xa6, 0x3f, 0x7c, 0x90, 0x18,
    ]

    static func uuid(name: String) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: namespace)
        hasher.update(data: Array(name.utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 0x10 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
