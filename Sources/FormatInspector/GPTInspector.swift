/// Partitioned disks: GPT, and the legacy MBR it builds on.
///
/// As in oslo.utils, any sector 0 ending in the 0x55AA boot signature is detected (except the boot
/// sector of a FAT file system, which ends the same way), whether or not the `EFI PART` header
/// follows; the header's presence is only recorded in the details. The safety check is oslo's MBR
/// sanity check: every partition entry has a boot flag of 0x00 or 0x80, at least one partition
/// exists, and a protective 0xEE entry starts at CHS 0/2/0 and LBA 1 and is the only partition.
/// The virtual size is the stream size: a partitioned disk is a raw image.
struct GPTInspector: FormatProbe {
    static let format = DiskFormat.gpt
    static let partitionTableOffset = 446
    static let efiSignature = [UInt8](ascii: "EFI PART")
    /// FAT's media descriptor for a fixed disk; with two FATs it marks a volume boot record, not an MBR.
    static let fixedDiskMedia: UInt8 = 0xF8

    private var mbr = CaptureRegion(offset: 0, length: 512)
    private var gptHeader = CaptureRegion(offset: 512, length: 8)

    func wantedRange(from position: Int64) -> Range<Int64>? {
        if mbr.isComplete && !hasBootSignature { return nil }
        guard let wanted = mbr.wantedRange(from: position) ?? gptHeader.wantedRange(from: position) else { return nil }
        return wanted.lowerBound..<gptHeader.offset + Int64(gptHeader.length)
    }

    mutating func consume(_ window: StreamWindow) {
        mbr.capture(window)
        gptHeader.capture(window)
    }

    private var hasBootSignature: Bool { mbr.bytes.count == 512 && mbr.bytes[510] == 0x55 && mbr.bytes[511] == 0xAA }

    private var isFATBootSector: Bool { mbr.bytes[0x10] == 2 && mbr.bytes[0x15] == Self.fixedDiskMedia }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        guard hasBootSignature, !isFATBootSector else { return .noMatch }
        var usedEntries: [Int] = []
        var protective = false
        for index in 0..<4 {
            let entry = Self.partitionTableOffset + 16 * index
            let bytes = mbr.bytes
            let bootFlag = bytes[entry], type = bytes[entry + 4]
            guard bootFlag == 0x00 || bootFlag == 0x80 else {
                return .refused(.unsafe(.gpt, "MBR partition entry \(index) has invalid boot flag \(hexLiteral(bootFlag))"))
            }
            if type != 0 { usedEntries.append(index) }
            if type == 0xEE {
                protective = true
                guard bytes[entry + 1] == 0x00, bytes[entry + 2] == 0x02, bytes[entry + 3] == 0x00 else {
                    return .refused(.unsafe(.gpt, "protective MBR entry \(index) has invalid start CHS"))
                }
                guard bytes.uint32LE(at: entry + 8) == 1 else {
                    return .refused(.unsafe(.gpt, "protective MBR entry \(index) does not start at LBA 1"))
                }
            }
        }
        if protective && usedEntries != [0] {
            return .refused(.unsafe(.gpt, "protective MBR defines extra partitions (entries \(usedEntries.map(String.init).joined(separator: ", ")))"))
        }
        if usedEntries.isEmpty {
            return .refused(.unsafe(.gpt, "MBR boot signature present but no partitions are defined"))
        }
        return .match(virtualSize: streamLength, details: [
            "gpt.protective_mbr": String(protective),
            "gpt.efi_part": String(gptHeader.bytes.matches(Self.efiSignature)),
        ])
    }
}
