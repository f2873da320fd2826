/// Streaming detector fed with the bytes of an image in order, chunk by chunk, while they are uploaded.
///
/// Every format probe runs over the same stream, as oslo.utils' `InspectWrapper` does, because a
/// polyglot image (valid as two formats at once) is itself a red flag. Probes only capture bounded
/// regions — headers, descriptors, and for VMDK footers a 1.5 KiB rolling tail — so memory stays small
/// whatever the image size, and the whole stream is never kept.
public struct FormatInspector: Sendable {
    private var position: Int64 = 0
    /// The first offset any probe still wants, cached after each chunk: probe state only changes when a
    /// probe is fed, so a chunk ending at or before this offset can be counted and dropped unseen.
    private var nextWanted: Int64 = 0
    /// The VMDK probe's tail length, cached for the same reason (it depends only on the header).
    private var tailWanted = VMDKInspector.footerLength
    private var qcow2 = QCOW2Inspector()
    private var vmdk = VMDKInspector()
    private var vhd = VHDInspector()
    private var vhdx = VHDXInspector()
    private var vdi = VDIInspector()
    private var qed = QEDInspector()
    private var iso = ISOInspector()
    private var gpt = GPTInspector()
    private var luks = LUKSInspector()

    public init() {}

    /// The number of bytes fed so far.
    public var bytesConsumed: Int64 { position }

    /// Feeds the next chunk of the stream.
    ///
    /// Only the parts of the chunk some probe still wants are copied; once every header has been
    /// captured this is a few comparisons per chunk, whatever the chunk size.
    public mutating func consume<Bytes: RandomAccessCollection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let count = bytes.count
        guard count > 0 else { return }
        let chunkStart = position
        let chunkEnd = chunkStart + Int64(count)

        if chunkEnd > nextWanted {
            // A probe may grow a new region while reading a window (a header revealing where its
            // descriptor is), and that region may lie in this same chunk, so offer the chunk again
            // until no probe wants anything more from it. Each pass completes at least one region, so
            // a handful of passes suffice; the cap only guards against a probe that never settles.
            for _ in 0..<8 {
                guard let wanted = wantedRange(from: chunkStart) else { break }
                let lower = max(wanted.lowerBound, chunkStart), upper = min(wanted.upperBound, chunkEnd)
                guard lower < upper else { break }
                let window = StreamWindow(offset: lower, bytes: Array(slice(bytes, from: lower - chunkStart, to: upper - chunkStart)))
                qcow2.consume(window); vmdk.consume(window); vhd.consume(window)
                vhdx.consume(window); vdi.consume(window); qed.consume(window)
                iso.consume(window); gpt.consume(window); luks.consume(window)
            }
            nextWanted = wantedRange(from: chunkEnd)?.lowerBound ?? .max
            tailWanted = vmdk.tailLength
        }

        if tailWanted > 0 {
            let lower = max(chunkStart, chunkEnd - Int64(tailWanted))
            vmdk.consumeTail(StreamWindow(offset: lower, bytes: Array(slice(bytes, from: lower - chunkStart, to: Int64(count)))))
        }
        position = chunkEnd
    }

    /// Detection and safety checks at end of stream.
    ///
    /// More than one match is refused (a polyglot can be read differently by different tools), except
    /// iso+gpt, which is reported as iso as Glance and Nova do. Only the chosen format's safety checks
    /// apply, again as in Glance.
    public func finish() throws(FormatInspectionError) -> InspectionReport {
        let matches = verdicts().filter { $0.verdict.isMatch }
        let formats = matches.map(\.format)
        guard var chosen = matches.first else {
            return InspectionReport(format: .raw, virtualSize: position, actualSize: position)
        }
        if matches.count > 1 {
            // A bootable ISO legitimately carries a partition table in its system area.
            guard Set(formats) == [.iso, .gpt], let iso = matches.first(where: { $0.format == .iso }) else {
                throw FormatInspectionError(
                    code: .multipleFormats,
                    message: "image matches more than one format: \(formats.map(\.rawValue).joined(separator: ", "))",
                    format: formats.first
                )
            }
            chosen = iso
        }
        switch chosen.verdict {
        case .noMatch:
            return InspectionReport(format: .raw, virtualSize: position, actualSize: position)
        case .refused(let error):
            throw error
        case .match(let virtualSize, var details):
            if matches.count > 1 { details["iso.also_matched"] = "gpt" }
            return InspectionReport(format: chosen.format, virtualSize: virtualSize, actualSize: position, details: details)
        }
    }

    // MARK: Internals shared with inspect(fileAt:)

    /// The union of what the probes still want from the front of the stream, at or after `position`.
    func wantedRange(from position: Int64) -> Range<Int64>? {
        var union: Range<Int64>?
        func add(_ range: Range<Int64>?) {
            guard let range else { return }
            union = union.map { min($0.lowerBound, range.lowerBound)..<max($0.upperBound, range.upperBound) } ?? range
        }
        add(qcow2.wantedRange(from: position)); add(vmdk.wantedRange(from: position)); add(vhd.wantedRange(from: position))
        add(vhdx.wantedRange(from: position)); add(vdi.wantedRange(from: position)); add(qed.wantedRange(from: position))
        add(iso.wantedRange(from: position)); add(gpt.wantedRange(from: position)); add(luks.wantedRange(from: position))
        return union
    }

    /// How many bytes at the end of the stream are still wanted.
    var wantedTailLength: Int { tailWanted }

    /// Advances past bytes nobody wants, without reading them (used when inspecting a file on disk).
    mutating func skip(to offset: Int64) {
        position = max(position, offset)
        nextWanted = wantedRange(from: position)?.lowerBound ?? .max
    }

    /// Every probe's conclusion, in a fixed order so error messages are stable.
    private func verdicts() -> [(format: DiskFormat, verdict: ProbeVerdict)] {
        let probes: [any FormatProbe] = [qcow2, vmdk, vhd, vhdx, vdi, qed, iso, gpt, luks]
        return probes.map { (type(of: $0).format, $0.verdict(streamLength: position)) }
    }
}

/// The elements of `bytes` between two offsets from its start.
private func slice<Bytes: RandomAccessCollection>(_ bytes: Bytes, from lower: Int64, to upper: Int64) -> Bytes.SubSequence
where Bytes.Element == UInt8 {
    let start = bytes.index(bytes.startIndex, offsetBy: Int(lower))
    let end = bytes.index(start, offsetBy: Int(upper - lower))
    return bytes[start..<end]
}
