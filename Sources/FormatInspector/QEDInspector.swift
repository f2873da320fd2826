/// QEMU Enhanced Disk: recognised only so it can be refused.
///
/// Nobody deploys qed, qemu has deprecated it, and oslo.utils bans it outright rather than audit
/// its backing-file handling, so any stream starting with `QED\0` is rejected.
struct QEDInspector: HeaderProbe {
    static let format = DiskFormat.qed
    static let magic: [UInt8] = [0x51, 0x45, 0x44, 0x00]  // "QED\0"

    var header = CaptureRegion(offset: 0, length: 4)

    func verdict(streamLength: Int64) -> ProbeVerdict {
        guard header.bytes.matches(Self.magic) else { return .noMatch }
        return .refused(FormatInspectionError(
            code: .bannedFormat,
            message: "qed image (magic \"QED\\0\" at offset 0) is not allowed",
            format: .qed
        ))
    }
}
