/// QEMU qcow2: a big-endian header at offset 0.
///
///     0x00  magic "QFI\xfb"            0x14  cluster_bits (u32)
///     0x04  version (u32)              0x18  virtual size (u64)
///     0x08  backing file offset (u64)  0x48  incompatible features (u64, version 3 only)
///     0x10  backing file size (u32)
///
/// The checks are the ones oslo.utils added for CVE-2024-32498: a backing file or an external data
/// file lets `qemu-img` read arbitrary host files, and unknown incompatible features mean we cannot
/// know what qemu would do with the image.
struct QCOW2Inspector: HeaderProbe {
    static let format = DiskFormat.qcow2
    static let magic: [UInt8] = [0x51, 0x46, 0x49, 0xFB]  // "QFI\xfb"

    /// Incompatible feature bits qemu and oslo know: dirty, corrupt, external data file, compression type.
    static let knownIncompatibleFeatures: UInt64 = 0b1111
    static let externalDataFileBit: UInt64 = 1 << 2
    /// Version 3 headers are at least 104 bytes; 0x50 covers every field we read.
    static let headerLength = 0x50
    static let version2HeaderLength = 0x20

    var header = CaptureRegion(offset: 0, length: headerLength)

    func isStillPlausible(_ bytes: [UInt8]) -> Bool {
        bytes.count < Self.magic.count || bytes.matches(Self.magic)
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        let bytes = header.bytes
        guard bytes.matches(Self.magic) else { return .noMatch }
        guard let version = bytes.uint32BE(at: 4), let backingOffset = bytes.uint64BE(at: 8),
              let clusterBits = bytes.uint32BE(at: 0x14), let rawSize = bytes.uint64BE(at: 0x18)
        else {
            return .refused(.malformed(.qcow2, "qcow2 header is truncated (\(bytes.count) bytes)"))
        }
        var problems: [String] = []
        if version != 2 && version != 3 {
            problems.append("qcow2 version \(version) is not supported (only 2 and 3)")
        }
        if backingOffset != 0 {
            problems.append("qcow2 image has a backing file (offset \(hexLiteral(backingOffset))); refusing it")
        }
        if version == 3 {
            guard let features = bytes.uint64BE(at: 0x48) else {
                return .refused(.malformed(.qcow2, "qcow2 version 3 header is truncated (\(bytes.count) bytes)"))
            }
            if features & Self.externalDataFileBit != 0 {
                problems.append("qcow2 image uses an external data file (incompatible feature bit 2); refusing it")
            }
            let unknown = features & ~Self.knownIncompatibleFeatures
            if unknown != 0 {
                problems.append("qcow2 image sets unknown incompatible feature bits \(hexLiteral(unknown)); refusing it")
            }
        }
        if !problems.isEmpty {
            return .refused(.unsafe(.qcow2, problems.joined(separator: "; ")))
        }
        guard let size = Int64(onDisk: rawSize) else {
            return .refused(.malformed(.qcow2, "qcow2 virtual size \(rawSize) is out of range"))
        }
        var details = ["qcow2.version": String(version)]
        if (9...21).contains(clusterBits) {
            details["qcow2.cluster_size"] = String(1 << clusterBits)
        }
        return .match(virtualSize: size, details: details)
    }
}
