/// Percent-encoding of path segments and query strings (RFC 3986: only unreserved characters stay).
enum URLEncoding {
    /// Encodes one path segment, so an image id or tag can never add path levels or a query.
    static func pathSegment(_ segment: String) -> String {
        percentEncode(segment)
    }

    /// `?k=v&k2=v2` with every key and value encoded, or `""` for no items.
    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static func percentEncode(_ string: String) -> String {
        var output = ""
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return output
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(value, radix: 16, uppercase: true)
    }
}
