/// LUKS encrypted volumes: a big-endian header at offset 0.
///
///     0x00  magic "LUKS\xba\xbe"   0x28  cipher mode (32 bytes)
///     0x06  version (u16)           0x68  payload offset in 512-byte sectors (u32)
///     0x08  cipher name (32 bytes)
///
/// Only LUKS version 1 is accepted: it is what qemu's `luks` driver (and oslo.utils) understands.
/// The virtual size is the payload, i.e. the stream less the header area, as qemu reports it.
/// oslo's optional passphrase check is not done: uploads carry no passphrase.
struct LUKSInspector: HeaderProbe {
    static let format = DiskFormat.luks
    static let magic: [UInt8] = [0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE]
    static let headerLength = 0x6C

    var header = CaptureRegion(offset: 0, length: headerLength)

    func isStillPlausible(_ bytes: [UInt8]) -> Bool {
        bytes.count < Self.magic.count || bytes.matches(Self.magic)
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        let bytes = header.bytes
        guard bytes.matches(Self.magic) else { return .noMatch }
        guard let version = bytes.uint16BE(at: 6), let payloadSectors = bytes.uint32BE(at: 0x68) else {
            return .refused(.malformed(.luks, "luks header is truncated (\(bytes.count) bytes)"))
        }
        guard version == 1 else {
            return .refused(.unsafe(.luks, "luks version \(version) is not supported (only version 1)"))
        }
        let payloadOffset = Int64(payloadSectors) * 512
        guard payloadOffset <= streamLength else {
            return .refused(.malformed(.luks, "luks payload offset \(hexLiteral(payloadOffset)) is past the end of the image"))
        }
        let cipher = cString(bytes, at: 0x08, length: 32)
        let mode = cString(bytes, at: 0x28, length: 32)
        return .match(
            virtualSize: streamLength - payloadOffset,
            details: ["luks.version": "1", "luks.cipher": "\(cipher)-\(mode)", "luks.payload_offset": String(payloadOffset)]
        )
    }

    /// A NUL-padded ASCII header field.
    private func cString(_ bytes: [UInt8], at offset: Int, length: Int) -> String {
        let field = bytes[offset..<min(bytes.count, offset + length)].prefix { $0 != 0 }
        return Array(field).asciiString(at: 0, length: length)
    }
}
