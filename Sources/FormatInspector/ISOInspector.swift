/// ISO 9660 and UDF: the first volume descriptor sits at 32 KiB, after a 16-sector system area.
///
///     +0  descriptor type (1 = primary volume descriptor)   +80   volume space size (u32 LE, then BE copy)
///     +1  standard identifier "CD001" / "BEA01" / "NSR02" / "NSR03"   +128  logical block size (u16 LE, then BE)
///     +40 volume identifier (32 bytes)
///
/// As in oslo.utils the virtual size of an ISO 9660 image is volume space size × logical block
/// size. A UDF-only descriptor carries no size, so the stream size is used instead (oslo reports 0).
/// There is no meaningful safety check: qemu only ever treats an ISO as raw.
struct ISOInspector: FormatProbe {
    static let format = DiskFormat.iso
    static let descriptorOffset: Int64 = 32 * 1024
    static let descriptorLength = 2048
    static let identifiers = ["CD001", "BEA01", "NSR02", "NSR03"].map { [UInt8](ascii: $0) }

    private var descriptor = CaptureRegion(offset: descriptorOffset, length: descriptorLength)

    func wantedRange(from position: Int64) -> Range<Int64>? {
        if descriptor.bytes.count >= 6 && identifier == nil { return nil }
        return descriptor.wantedRange(from: position)
    }

    mutating func consume(_ window: StreamWindow) {
        descriptor.capture(window)
    }

    private var identifier: [UInt8]? {
        Self.identifiers.first { descriptor.bytes.matches($0, at: 1) }
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        // Like oslo, require the whole descriptor sector: a shorter stream is not a usable ISO.
        guard descriptor.isComplete, let identifier else { return .noMatch }
        let bytes = descriptor.bytes
        let name = String(decoding: identifier, as: UTF8.self)
        var details = ["iso.standard_identifier": name]
        var virtualSize = streamLength
        if name == "CD001", bytes[0] == 1, let blocks = bytes.uint32LE(at: 80), let blockSize = bytes.uint16LE(at: 128) {
            virtualSize = Int64(blocks) * Int64(blockSize)
            details["iso.block_size"] = String(blockSize)
            let volumeID = bytes.asciiString(at: 40, length: 32)
            let trimmed = volumeID.reversed().drop { $0 == " " }.reversed()
            if !trimmed.isEmpty { details["iso.volume_id"] = String(trimmed) }
        }
        return .match(virtualSize: virtualSize, details: details)
    }
}
