/// VirtualBox VDI: a little-endian header with signature 0xbeda107f at 0x40 and the disk size at 0x170.
struct VDIInspector: HeaderProbe {
    static let format = DiskFormat.vdi
    static let signature: UInt32 = 0xBEDA_107F
    static let signatureOffset = 0x40
    static let sizeOffset = 0x170

    var header = CaptureRegion(offset: 0, length: sizeOffset + 8)

    func isStillPlausible(_ bytes: [UInt8]) -> Bool {
        bytes.uint32LE(at: Self.signatureOffset).map { $0 == Self.signature } ?? true
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        let bytes = header.bytes
        guard bytes.uint32LE(at: Self.signatureOffset) == Self.signature else { return .noMatch }
        guard let rawSize = bytes.uint64LE(at: Self.sizeOffset) else {
            return .refused(.malformed(.vdi, "vdi header is truncated (\(bytes.count) bytes)"))
        }
        guard let size = Int64(onDisk: rawSize) else {
            return .refused(.malformed(.vdi, "vdi disk size \(rawSize) is out of range"))
        }
        var details: [String: String] = [:]
        if let major = bytes.uint16LE(at: 0x46), let minor = bytes.uint16LE(at: 0x44) {
            details["vdi.version"] = "\(major).\(minor)"
        }
        return .match(virtualSize: size, details: details)
    }
}
