/// VMware VMDK, in its two shapes:
///
/// * a hosted sparse extent: a little-endian header at 0 (`KDMV`), the text descriptor at sector 1;
///
///       0x00  magic "KDMV"        0x1C  descriptor offset, sectors (u64)
///       0x04  version (u32)       0x24  descriptor size, sectors (u64)
///       0x0C  capacity, sectors   0x38  grain directory offset (u64; all ones = "see the footer")
///
/// * a bare text descriptor file (monolithicFlat, twoGbMaxExtent*, ...), which qemu also opens and
///   which points at other files. It is recognised, as in oslo.utils, when the stream starts with text
///   containing `createType="..."`, and always refused.
///
/// oslo.utils' rules (CVE-2022-47951, CVE-2024-32498) apply: only monolithicSparse and
/// streamOptimized, and the descriptor is parsed line by line (see ``VMDKDescriptor``). A header whose
/// grain directory lives at the end requires the 1536-byte footer, so only this probe keeps a rolling
/// tail of the stream, and only while the stream might be such a VMDK.
struct VMDKInspector: FormatProbe {
    static let format = DiskFormat.vmdk
    static let magic = [UInt8](ascii: "KDMV")
    static let sparseHeaderLength = 64
    /// qemu hard-codes the embedded descriptor at 0x200 and at most 1 MiB - 1 long.
    static let descriptorOffset: Int64 = 0x200
    static let descriptorLimit = (1 << 20) - 1
    static let gdAtEnd = UInt64.max
    /// Footer marker, footer (a header copy) and end-of-stream marker, 512 bytes each.
    static let footerLength = 3 * 512

    private var header = CaptureRegion(offset: 0, length: sparseHeaderLength)
    private var descriptor: CaptureRegion?
    private var textFile = DescriptorTextScan(limit: descriptorLimit)
    private var tail = TailCapture(capacity: footerLength)
    private var headerFailure: String?

    private var isSparse: Bool { header.bytes.matches(Self.magic) }
    private var provenNotSparse: Bool { header.bytes.count >= 4 && !isSparse }
    private var hasFooter: Bool { isSparse && header.bytes.uint64LE(at: 0x38) == Self.gdAtEnd }

    func wantedRange(from position: Int64) -> Range<Int64>? {
        if provenNotSparse { return textFile.wantedRange(from: position) }
        if headerFailure != nil { return nil }
        return header.wantedRange(from: position) ?? descriptor?.wantedRange(from: position)
    }

    /// Keep the tail while the header is undecided or says the footer is authoritative.
    var tailLength: Int {
        if provenNotSparse || headerFailure != nil { return 0 }
        return header.isComplete && !hasFooter ? 0 : Self.footerLength
    }

    mutating func consume(_ window: StreamWindow) {
        header.capture(window)
        if !isSparse {
            textFile.consume(window)
            return
        }
        if header.isComplete && descriptor == nil && headerFailure == nil {
            locateDescriptor()
        }
        descriptor?.capture(window)
    }

    mutating func consumeTail(_ window: StreamWindow) {
        tail.capture(window)
    }

    /// Bounds the embedded descriptor the way qemu does before capturing it.
    private mutating func locateDescriptor() {
        let bytes = header.bytes
        guard let version = bytes.uint32LE(at: 4), let sector = bytes.uint64LE(at: 0x1C),
              let sectors = bytes.uint64LE(at: 0x24) else { return }
        guard (1...3).contains(version) else {
            headerFailure = "vmdk sparse header version \(version) is not supported"
            return
        }
        guard sector == UInt64(Self.descriptorOffset / 512) else {
            headerFailure = "vmdk descriptor is at sector \(sector), expected sector 1 (offset 0x200)"
            return
        }
        let length = sectors > UInt64(Self.descriptorLimit / 512 + 1) ? Self.descriptorLimit : min(Int(sectors) * 512, Self.descriptorLimit)
        descriptor = CaptureRegion(offset: Self.descriptorOffset, length: length)
    }

    func verdict(streamLength: Int64) -> ProbeVerdict {
        if !isSparse { return textFileVerdict() }
        guard header.isComplete, let version = header.bytes.uint32LE(at: 4),
              let capacity = header.bytes.uint64LE(at: 0x0C) else {
            return .refused(.malformed(.vmdk, "vmdk sparse header is truncated (\(header.bytes.count) bytes)"))
        }
        if let headerFailure { return .refused(.malformed(.vmdk, headerFailure)) }
        guard let descriptor, descriptor.isComplete else {
            return .refused(.malformed(.vmdk, "vmdk descriptor is truncated (the stream ends inside it)"))
        }
        let parsed = VMDKDescriptor(bytes: descriptor.bytes)
        if let refusal = parsed.refusal() { return .refused(refusal) }
        if hasFooter {
            guard let footer = tail.bytes(streamLength: streamLength), streamLength >= Int64(Self.footerLength) + 512 else {
                return .refused(.unsafe(.vmdk, "vmdk header points to a footer but the stream is too short to hold one"))
            }
            if let problem = VMDKDescriptor.footerProblem(header: header.bytes, footer: footer) {
                return .refused(.unsafe(.vmdk, problem))
            }
        }
        guard capacity <= UInt64(Int64.max / 512) else {
            return .refused(.malformed(.vmdk, "vmdk capacity \(capacity) sectors is out of range"))
        }
        return .match(virtualSize: Int64(capacity) * 512, details: [
            "vmdk.create_type": parsed.createType ?? "",
            "vmdk.version": String(version),
            "vmdk.footer": String(hasFooter),
        ])
    }

    /// A stream that is a bare descriptor file: a VMDK only if it names a create type, and never safe.
    private func textFileVerdict() -> ProbeVerdict {
        guard let text = textFile.text else { return .noMatch }
        let parsed = VMDKDescriptor(bytes: text)
        guard parsed.createType != nil else { return .noMatch }
        if let refusal = parsed.refusal() { return .refused(refusal) }
        return .refused(.unsafe(.vmdk, "vmdk descriptor file with createType \"\(parsed.createType ?? "")\" has no embedded sparse extent; its extents are separate files"))
    }
}

/// Collects the leading text of a stream that might be a bare VMDK descriptor file.
///
/// Like oslo.utils, the stream counts as text when its first 512 bytes (or fewer, up to the first NUL)
/// are printable ASCII or whitespace; the text then runs to the first NUL, at most `limit` bytes.
/// Binary streams are rejected within their first bytes, so this costs nothing for real images.
struct DescriptorTextScan: Sendable {
    let limit: Int
    private var bytes: [UInt8] = []
    private var rejected = false
    private var ended = false

    init(limit: Int) { self.limit = limit }

    /// The descriptor text, if the stream began with text.
    var text: [UInt8]? { rejected || bytes.isEmpty ? nil : bytes }

    func wantedRange(from position: Int64) -> Range<Int64>? {
        guard !rejected, !ended, Int64(bytes.count) >= position else { return nil }
        return Int64(bytes.count)..<Int64(limit)
    }

    mutating func consume(_ window: StreamWindow) {
        let next = Int64(bytes.count)
        guard !rejected, !ended, next >= window.offset, next < window.end else { return }
        for byte in window.bytes[Int(next - window.offset)...] {
            if byte == 0 { ended = true; return }
            if bytes.count < 512 && !Self.isText(byte) {
                rejected = true
                bytes = []
                return
            }
            bytes.append(byte)
            if bytes.count == limit { ended = true; return }
        }
    }

    static func isText(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) || (0x09...0x0D).contains(byte)
    }
}
