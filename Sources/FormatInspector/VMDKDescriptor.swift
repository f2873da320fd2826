/// The text descriptor of a VMDK, checked line by line the way oslo.utils does.
///
/// qemu follows extent lines to other files, which is how crafted VMDKs read host files
/// (CVE-2022-47951). So every line must be something we understand — blank, `#` comment, `ddb*`,
/// `key=value`, or an extent line starting `RW`/`RDONLY`/`NOACCESS` — and no extent may contain `/`.
struct VMDKDescriptor {
    static let allowedCreateTypes = ["monolithicsparse", "streamoptimized"]
    static let extentAccessModes: Set<Substring> = ["rw", "rdonly", "noaccess"]

    /// The descriptor text up to its NUL padding.
    let bytes: [UInt8]
    /// The `createType` value as written, or nil when absent or implausibly long.
    let createType: String?

    init(bytes: [UInt8]) {
        self.bytes = Array(bytes.prefix { $0 != 0 })
        createType = Self.findCreateType(in: self.bytes)
    }

    /// Finds `createType="..."` case-insensitively, as oslo does, refusing values of 64+ bytes.
    private static func findCreateType(in bytes: [UInt8]) -> String? {
        let key = [UInt8](ascii: "createtype=\"")
        let lowered = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        guard lowered.count >= key.count else { return nil }
        for start in 0...(lowered.count - key.count) where lowered.matches(key, at: start) {
            let valueStart = start + key.count
            guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")), end - valueStart < 64 else { return nil }
            return String(decoding: bytes[valueStart..<end], as: UTF8.self)
        }
        return nil
    }

    /// Why this descriptor must be refused, or nil when it passes.
    func refusal() -> FormatInspectionError? {
        guard !bytes.isEmpty else { return .unsafe(.vmdk, "vmdk has no descriptor") }
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return .unsafe(.vmdk, "vmdk descriptor is not ASCII text") }
        guard let createType, Self.allowedCreateTypes.contains(createType.lowercased()) else {
            let found = createType.map { "\"\($0)\"" } ?? "missing"
            return FormatInspectionError(
                code: .unsupportedSubformat,
                message: "vmdk subformat (createType) \(found) is not allowed; only monolithicSparse and streamOptimized are",
                format: .vmdk
            )
        }
        var extents: [String] = []
        // Split on LF bytes rather than Characters: Swift treats CRLF as one Character.
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = String(decoding: Self.trimmed(rawLine), as: UTF8.self)
            let lower = line.lowercased()
            if line.isEmpty || line.hasPrefix("#") || lower.hasPrefix("ddb") {
                continue
            } else if let equals = line.firstIndex(of: "="), !line[..<equals].contains(" ") {
                continue  // a header field such as version=1 or CID=fffffffe
            } else if Self.extentAccessModes.contains(lower.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)[0]) {
                extents.append(line)
            } else {
                return .unsafe(.vmdk, "vmdk descriptor has an unsupported line \(Self.quoted(line))")
            }
        }
        if let unsafe = extents.first(where: { $0.contains("/") }) {
            return .unsafe(.vmdk, "vmdk extent line \(Self.quoted(unsafe)) contains a path separator '/'; refusing it")
        }
        if extents.isEmpty {
            return .unsafe(.vmdk, "vmdk descriptor defines no extents")
        }
        return nil
    }

    /// Checks the footer of a grain-directory-at-end VMDK against its header, as oslo.utils does:
    /// footer marker, a header copy agreeing on signature, version and descriptor, and an EOS marker.
    static func footerProblem(header: [UInt8], footer: [UInt8]) -> String? {
        let copy = Array(footer[512..<1024])
        if !copy.matches(VMDKInspector.magic) || header.uint32LE(at: 0) != copy.uint32LE(at: 0) {
            return "vmdk footer signature \(Self.quoted(copy.asciiString(at: 0, length: 4))) does not match the header"
        }
        if header.uint32LE(at: 4) != copy.uint32LE(at: 4) {
            return "vmdk footer version \(copy.uint32LE(at: 4) ?? 0) does not match the header version \(header.uint32LE(at: 4) ?? 0)"
        }
        if header.uint64LE(at: 0x1C) != copy.uint64LE(at: 0x1C) || header.uint64LE(at: 0x24) != copy.uint64LE(at: 0x24) {
            return "vmdk footer specifies a different descriptor than the header"
        }
        if copy.uint64LE(at: 0x38) == VMDKInspector.gdAtEnd {
            return "vmdk footer points to yet another footer"
        }
        if !isMarker(footer, at: 0, type: 3, valueMustBeZero: false) {
            return "vmdk footer marker is invalid"
        }
        if !isMarker(footer, at: 1024, type: 0, valueMustBeZero: true) {
            return "vmdk end-of-stream marker is invalid"
        }
        return nil
    }

    /// A stream-optimized marker sector: value (u64), size (u32) = 0, type (u32), then 496 zero bytes.
    private static func isMarker(_ bytes: [UInt8], at offset: Int, type: UInt32, valueMustBeZero: Bool) -> Bool {
        guard bytes.uint32LE(at: offset + 8) == 0, bytes.uint32LE(at: offset + 12) == type else { return false }
        if valueMustBeZero && bytes.uint64LE(at: offset) != 0 { return false }
        return bytes[(offset + 16)..<(offset + 512)].allSatisfy { $0 == 0 }
    }

    /// Python's `str.strip()` on ASCII: spaces, tabs, CR/LF, VT, FF and the 0x1C-0x1F separators.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) || (0x1C...0x1F).contains($0) }
        guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return line[first...last]
    }

    /// A line quoted for a message, cut short so a hostile descriptor cannot flood the logs.
    private static func quoted(_ line: String) -> String {
        line.count > 120 ? "\"\(line.prefix(120))...\"" : "\"\(line)\""
    }
}
