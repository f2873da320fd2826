/// Microsoft VHD (qemu's `vpc`): a 512-byte big-endian footer, copied to offset 0 for dynamic disks.
///
///     0x00  cookie "conectix"     0x30  current size (u64)
///     0x28  original size (u64)   0x3C  disk type (u32: 2 fixed, 3 dynamic, 4 differencing)
///
/// Like oslo.utils (and qemu's probe), only the copy at offset 0 is looked for, so a fixed VHD whose
/// only footer is at the end is treated as raw, which is what qemu does too.
struct VHDInspector: FormatProbe {
    static let format = DiskFormat.vhd
    static let cookie = [UInt8](ascii: "conectix")

    private var footer = CaptureRegion(offset: 0, length: 0x40)

    func wantedRange(from position: Int64) -> Range<Int64>? {
        if footer.bytes.count >= 8 && !footer.bytes.matches(Self.cookie) { return nil }
        return footer.wantedRange(from: position)
    }

    mutating func consume(_ window: StreamWindow) {
        footer.capture(window)
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        let bytes = footer.bytes
        guard bytes.matches(Self.cookie) else { return .noMatch }
        guard let rawSize = bytes.uint64BE(at: 0x30), let diskType = bytes.uint32BE(at: 0x3C) else {
            return .refused(.malformed(.vhd, "vhd footer is truncated (\(bytes.count) bytes)"))
        }
        guard let size = Int64(onDisk: rawSize) else {
            return .refused(.malformed(.vhd, "vhd current size \(rawSize) is out of range"))
        }
        let typeName = switch diskType {
        case 2: "fixed"
        case 3: "dynamic"
        case 4: "differencing"
        default: String(diskType)
        }
        return .match(virtualSize: size, details: ["vhd.disk_type": typeName])
    }
}
