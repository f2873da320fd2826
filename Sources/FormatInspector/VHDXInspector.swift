/// Microsoft VHDX: little-endian structures linked by offsets and identified by GUIDs.
///
/// The virtual size takes four hops, each captured as the stream passes it:
/// 1. the file identifier `vhdxfile` at 0;
/// 2. the region table at 192 KiB: signature `regi`, entry count at +8, 32-byte entries from +16
///    (GUID, file offset u64, length u32, required u32) — we want the metadata region's offset;
/// 3. the metadata table at that offset: signature `metadata`, entry count (u16) at +10, 32-byte
///    entries from +32 (GUID, item offset u32 relative to the table, length u32);
/// 4. the 8-byte Virtual Disk Size item.
///
/// Counts are capped at 2047 and tables at 64 KiB, as in oslo.utils and qemu, so a hostile header
/// cannot make us buffer much. A `vhdxfile` stream whose structures cannot be followed is refused as
/// malformed (oslo would quietly call it raw).
struct VHDXInspector: FormatProbe {
    static let format = DiskFormat.vhdx
    static let identifier = [UInt8](ascii: "vhdxfile")
    static let regionTableOffset: Int64 = 192 * 1024
    static let tableLimit = 64 * 1024
    static let maxEntries = 2047
    static let metadataRegionGUID = "8B7CA206-4790-4B9A-B8FE-575F050F886E"
    static let virtualDiskSizeGUID = "2FA54224-CD1B-4876-B211-5DBED83BF4B8"

    private var ident = CaptureRegion(offset: 0, length: 8)
    private var regionTable = CaptureRegion(offset: regionTableOffset, length: tableLimit)
    private var metadataHeader: CaptureRegion?
    private var metadataEntries: CaptureRegion?
    private var virtualDiskSize: CaptureRegion?
    private var failure: String?

    private var isVHDX: Bool { ident.bytes.matches(Self.identifier) }

    func wantedRange(from position: Int64) -> Range<Int64>? {
        if ident.isComplete && !isVHDX || failure != nil { return nil }
        if !ident.isComplete { return ident.wantedRange(from: position) }
        for region in [regionTable, metadataHeader, metadataEntries, virtualDiskSize] {
            guard let region else { return nil }
            if !region.isComplete { return region.wantedRange(from: position) }
        }
        return nil
    }

    mutating func consume(_ window: StreamWindow) {
        ident.capture(window)
        guard ident.isComplete, isVHDX, failure == nil else { return }
        regionTable.capture(window)
        if regionTable.isComplete && metadataHeader == nil {
            metadataHeader = findMetadataRegion()
        }
        metadataHeader?.capture(window)
        if let header = metadataHeader, header.isComplete, metadataEntries == nil {
            metadataEntries = readMetadataHeader(header)
        }
        metadataEntries?.capture(window)
        if let entries = metadataEntries, entries.isComplete, virtualDiskSize == nil, let header = metadataHeader {
            virtualDiskSize = findVirtualDiskSize(entries, tableOffset: header.offset)
        }
        virtualDiskSize?.capture(window)
    }

    private mutating func findMetadataRegion() -> CaptureRegion? {
        let table = regionTable.bytes
        guard table.matches([UInt8](ascii: "regi")), let count = table.uint32LE(at: 8) else {
            failure = "vhdx region table signature \"regi\" not found at \(hexLiteral(Self.regionTableOffset))"
            return nil
        }
        guard count <= Self.maxEntries else {
            failure = "vhdx region table entry count \(count) exceeds the limit of \(Self.maxEntries)"
            return nil
        }
        for index in 0..<Int(count) {
            let entry = 16 + 32 * index
            guard table.guid(at: entry) == Self.metadataRegionGUID else { continue }
            guard let rawOffset = table.uint64LE(at: entry + 16), let offset = Int64(onDisk: rawOffset) else { break }
            return CaptureRegion(offset: offset, length: 32)
        }
        failure = "vhdx region table has no metadata region"
        return nil
    }

    private mutating func readMetadataHeader(_ header: CaptureRegion) -> CaptureRegion? {
        guard header.bytes.matches([UInt8](ascii: "metadata")), let count = header.bytes.uint16LE(at: 10) else {
            failure = "vhdx metadata table signature not found at \(hexLiteral(header.offset))"
            return nil
        }
        guard count <= Self.maxEntries else {
            failure = "vhdx metadata entry count \(count) exceeds the limit of \(Self.maxEntries)"
            return nil
        }
        return CaptureRegion(offset: header.offset + 32, length: 32 * Int(count))
    }

    private mutating func findVirtualDiskSize(_ entries: CaptureRegion, tableOffset: Int64) -> CaptureRegion? {
        let bytes = entries.bytes
        for index in 0..<(bytes.count / 32) where bytes.guid(at: 32 * index) == Self.virtualDiskSizeGUID {
            guard let itemOffset = bytes.uint32LE(at: 32 * index + 16) else { break }
            return CaptureRegion(offset: tableOffset + Int64(itemOffset), length: 8)
        }
        failure = "vhdx metadata has no virtual disk size item"
        return nil
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        guard isVHDX else { return .noMatch }
        if let failure { return .refused(.malformed(.vhdx, failure)) }
        guard let item = virtualDiskSize, item.isComplete, let rawSize = item.bytes.uint64LE(at: 0) else {
            return .refused(.malformed(.vhdx, "vhdx virtual disk size could not be read (\(missingStructure) not found in the stream)"))
        }
        guard let size = Int64(onDisk: rawSize) else {
            return .refused(.malformed(.vhdx, "vhdx virtual disk size \(rawSize) is out of range"))
        }
        return .match(virtualSize: size, details: [:])
    }

    /// The first structure that never arrived, for the error message.
    private var missingStructure: String {
        if !regionTable.isComplete { return "region table at \(hexLiteral(regionTable.offset))" }
        if let header = metadataHeader, !header.isComplete { return "metadata table at \(hexLiteral(header.offset))" }
        if let entries = metadataEntries, !entries.isComplete { return "metadata entries at \(hexLiteral(entries.offset))" }
        return "virtual disk size item at \(hexLiteral(virtualDiskSize?.offset ?? 0))"
    }
}
