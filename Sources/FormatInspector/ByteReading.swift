/// Bounds-checked fixed-width integer reads over captured header bytes.
///
/// Every read returns nil instead of trapping when the bytes are short, because headers come from
/// untrusted uploads and may be truncated anywhere.
extension Array where Element == UInt8 {
    func uint16LE(at offset: Int) -> UInt16? { integer(at: offset, width: 2, bigEndian: false).map { UInt16(truncatingIfNeeded: $0) } }
    func uint32LE(at offset: Int) -> UInt32? { integer(at: offset, width: 4, bigEndian: false).map { UInt32(truncatingIfNeeded: $0) } }
    func uint64LE(at offset: Int) -> UInt64? { integer(at: offset, width: 8, bigEndian: false) }
    func uint16BE(at offset: Int) -> UInt16? { integer(at: offset, width: 2, bigEndian: true).map { UInt16(truncatingIfNeeded: $0) } }
    func uint32BE(at offset: Int) -> UInt32? { integer(at: offset, width: 4, bigEndian: true).map { UInt32(truncatingIfNeeded: $0) } }
    func uint64BE(at offset: Int) -> UInt64? { integer(at: offset, width: 8, bigEndian: true) }

    private func integer(at offset: Int, width: Int, bigEndian: Bool) -> UInt64? {
        guard offset >= 0, offset + width <= count else { return nil }
        var value: UInt64 = 0
        for index in 0..<width {
            let byte = UInt64(self[bigEndian ? offset + index : offset + width - 1 - index])
            value = value << 8 | byte
        }
        return value
    }

    /// True when the bytes at `offset` equal `literal`.
    func matches(_ literal: [UInt8], at offset: Int = 0) -> Bool {
        guard offset >= 0, offset + literal.count <= count else { return false }
        return self[offset..<(offset + literal.count)].elementsEqual(literal)
    }

    /// The bytes at `offset...` as printable ASCII, for messages and details (non-printables become `?`).
    func asciiString(at offset: Int, length: Int) -> String {
        guard offset >= 0, offset < count else { return "" }
        let slice = self[offset..<Swift.min(count, offset + length)]
        return String(decoding: slice.map { (0x20...0x7e).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// A Microsoft GUID (mixed-endian) rendered like `8B7CA206-4790-4B9A-B8FE-575F050F886E`.
    func guid(at offset: Int) -> String? {
        guard let a = uint32LE(at: offset), let b = uint16LE(at: offset + 4), let c = uint16LE(at: offset + 6),
              offset + 16 <= count else { return nil }
        let tail = self[(offset + 8)..<(offset + 16)].map { hex($0, width: 2) }
        return "\(hex(a, width: 8))-\(hex(b, width: 4))-\(hex(c, width: 4))-\(tail[0..<2].joined())-\(tail[2...].joined())"
    }
}

extension [UInt8] {
    /// The bytes of an ASCII string literal, for magic comparisons.
    init(ascii text: String) {
        self = Array(text.utf8)
    }
}

/// Upper-case hex, zero-padded to `width` digits.
func hex<T: BinaryInteger>(_ value: T, width: Int = 0) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// `0x…` lower-case hex for messages.
func hexLiteral<T: BinaryInteger>(_ value: T) -> String {
    "0x" + String(value, radix: 16)
}

extension Int64 {
    /// Converts an on-disk unsigned size, returning nil when it does not fit (a hostile header).
    init?(onDisk value: UInt64) {
        guard value <= UInt64(Int64.max) else { return nil }
        self = Int64(value)
    }
}
