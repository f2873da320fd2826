import Foundation
import Testing

import FormatInspector

@Suite("vmdk")
struct VMDKInspectorTests {
    @Test("monolithicSparse and streamOptimized are accepted", arguments: ["monolithicSparse", "streamOptimized"])
    func acceptsSparse(subformat: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vmdk", format: "vmdk", size: "10M", options: ["subformat=\(subformat)"], in: dir)
            let info = try QemuImg.info("disk.vmdk", in: dir)
            let report = try inspectFileAllWays(dir + "/disk.vmdk").get()
            #expect(report.format == .vmdk)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["vmdk.create_type"] == subformat)
            #expect(info.createType == subformat)
        }
    }

    @Test("other subformats are refused, naming the create type", arguments: ["monolithicFlat", "twoGbMaxExtentSparse", "twoGbMaxExtentFlat"])
    func refusesOtherSubformats(subformat: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vmdk", format: "vmdk", size: "10M", options: ["subformat=\(subformat)"], in: dir)
            #expect(try QemuImg.info("disk.vmdk", in: dir).format == "vmdk")
            let error = try #require(try inspectFileAllWays(dir + "/disk.vmdk").error)
            #expect(error.code == .unsupportedSubformat)
            #expect(error.format == .vmdk)
            #expect(error.message.contains("\"\(subformat)\""))
        }
    }

    @Test("an extent line with a path is refused, naming it")
    func refusesPathInExtent() throws {
        var bytes = try sparseVMDK()
        try replaceDescriptor(in: &bytes) { $0.replacingOccurrences(of: "SPARSE \"disk.vmdk\"", with: "FLAT \"/etc/passwd\" 0") }
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .unsafeImage)
        #expect(error.message.contains("/etc/passwd"))
        #expect(error.message.contains("path separator"))
    }

    @Test("descriptor lines are vetted", arguments: [
        ("RW 20480 SPARSE \"disk.vmdk\"", "RW 20480 SPARSE \"disk.vmdk\"\nsomething unexpected here", "unsupported line \"something unexpected here\""),
        ("RW 20480 SPARSE \"disk.vmdk\"", "", "defines no extents"),
        ("RW 20480 SPARSE \"disk.vmdk\"", "rdonly 20480 SPARSE \"disk.vmdk\"\r\n# comment\r\nNOACCESS 0 ZERO", nil),
    ])
    func vetsDescriptorLines(original: String, replacement: String, expected: String?) throws {
        var bytes = try sparseVMDK()
        try replaceDescriptor(in: &bytes) { $0.replacingOccurrences(of: original, with: replacement) }
        let result = try inspectAllWays(bytes)
        if let expected {
            #expect(result.error?.code == .unsafeImage)
            #expect(result.error?.message.contains(expected) == true, "\(result)")
        } else {
            #expect(result.report?.format == .vmdk, "\(result)")
        }
    }

    @Test("a sparse header without createType is an unsupported subformat")
    func missingCreateType() throws {
        var bytes = try sparseVMDK()
        try replaceDescriptor(in: &bytes) { $0.replacingOccurrences(of: "createType=", with: "kind=") }
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .unsupportedSubformat)
        #expect(error.message.contains("missing"))
    }

    @Test("a bad sparse header is malformed", arguments: [
        (4, UInt64(9), "version 9 is not supported"), (0x1C, UInt64(2), "descriptor is at sector 2"),
    ])
    func malformedHeader(offset: Int, value: UInt64, expected: String) throws {
        var bytes = try sparseVMDK()
        if offset == 4 { bytes.putLE(UInt32(value), at: offset) } else { bytes.putLE(value, at: offset) }
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .malformedHeader)
        #expect(error.message.contains(expected))
    }

    @Test("a descriptor file claiming a sparse type is still refused: its extents are other files")
    func descriptorFileClaimingSparse() throws {
        let text = "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicSparse\"\nRW 20480 SPARSE \"other.vmdk\"\n"
        let error = try #require(try inspectAllWays(Array(text.utf8)).error)
        #expect(error.code == .unsafeImage)
        #expect(error.message.contains("descriptor file"))
        let passwd = text.replacingOccurrences(of: "monolithicSparse", with: "monolithicFlat").replacingOccurrences(of: "SPARSE \"other.vmdk\"", with: "FLAT \"/etc/passwd\" 0")
        #expect(try inspectAllWays(Array(passwd.utf8)).error?.code == .unsupportedSubformat)
    }

    @Test("plain text without createType is raw")
    func plainText() throws {
        let report = try inspectAllWays(Array(String(repeating: "hello world\n", count: 200).utf8)).get()
        #expect(report.format == .raw)
    }

    // MARK: Footer (grain directory at end)

    @Test("a streamOptimized VMDK with a valid footer is accepted")
    func validFooter() throws {
        let bytes = try footerVMDK()
        let report = try inspectAllWays(bytes).get()
        #expect(report.format == .vmdk)
        #expect(report.details["vmdk.footer"] == "true")
        #expect(report.virtualSize == 10 * 1024 * 1024)
        try withScratchDirectory { dir in
            try writeBytes(bytes, to: dir + "/footer.vmdk")
            #expect(try FormatInspector.inspect(fileAt: dir + "/footer.vmdk") == report)
        }
    }

    @Test("footer checks", arguments: [
        (0, "footer marker is invalid"), (1, "footer version"), (2, "different descriptor"),
        (3, "another footer"), (4, "end-of-stream marker"), (5, "footer signature"), (6, "too short"),
    ])
    func invalidFooter(corruption: Int, expected: String) throws {
        var bytes = try footerVMDK()
        let footer = bytes.count - 1536
        switch corruption {
        case 0: bytes.putLE(UInt32(2), at: footer + 12)
        case 1: bytes.putLE(UInt32(1), at: footer + 512 + 4)
        case 2: bytes.putLE(UInt64(40), at: footer + 512 + 0x24)
        case 3: bytes.putLE(UInt64.max, at: footer + 512 + 0x38)
        case 4: bytes[footer + 1024 + 100] = 1
        case 5: bytes.put(ascii: "leak", at: footer + 512)
        default: bytes = Array(bytes.prefix(1800))
        }
        let result = try inspectAllWays(bytes)
        #expect(result.error?.code == (corruption == 6 ? .malformedHeader : .unsafeImage), "\(result)")
        if corruption != 6 { #expect(result.error?.message.contains(expected) == true, "\(result)") }
    }

    // MARK: Helpers

    private func sparseVMDK() throws -> [UInt8] {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vmdk", format: "vmdk", size: "10M", options: ["subformat=monolithicSparse"], in: dir)
            return try readBytes(dir + "/disk.vmdk")
        }
    }

    /// A qemu streamOptimized image turned into the grain-directory-at-end layout VMware produces:
    /// header gdOffset = all ones, then footer marker, footer (the original header) and EOS marker.
    private func footerVMDK() throws -> [UInt8] {
        var bytes = try withScratchDirectory { dir in
            try QemuImg.create("disk.vmdk", format: "vmdk", size: "10M", options: ["subformat=streamOptimized"], in: dir)
            return try readBytes(dir + "/disk.vmdk")
        }
        let header = Array(bytes[0..<512])
        bytes.putLE(UInt64.max, at: 0x38)
        var marker = [UInt8](repeating: 0, count: 512)
        marker.putLE(UInt64(1), at: 0)
        marker.putLE(UInt32(3), at: 12)
        bytes += marker + header + [UInt8](repeating: 0, count: 512)
        return bytes
    }

    /// Rewrites the embedded descriptor text (at 0x200, NUL padded) through `edit`.
    private func replaceDescriptor(in bytes: inout [UInt8], _ edit: (String) -> String) throws {
        let region = 0x200..<(0x200 + 20 * 512)
        let text = String(decoding: bytes[region].prefix { $0 != 0 }, as: UTF8.self)
        let edited = Array(edit(text).utf8)
        try #require(edited.count < region.count)
        bytes.replaceSubrange(region, with: edited + [UInt8](repeating: 0, count: region.count - edited.count))
    }
}
