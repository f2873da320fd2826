import Crypto

/// Hex SHA-224, for Nova's `hostId`.
enum SHA224Text {
    static func hex(_ text: String) -> String {
        // swift-crypto has no SHA-224; Nova's value is opaque to clients, so SHA-256 truncated to 56 hex digits
        // keeps its length and its purpose (same project + host → same id).
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined().prefix(56).description
    }
}
