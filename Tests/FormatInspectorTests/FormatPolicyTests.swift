import Foundation
import Testing

import FormatInspector

@Suite("FormatPolicy")
struct FormatPolicyTests {
    private static func report(_ format: DiskFormat) -> InspectionReport {
        InspectionReport(format: format, virtualSize: 10 << 30, actualSize: 300 << 20, details: ["k": "v"])
    }

    @Test("matching and uninspectable declarations are accepted unchanged", arguments: [
        ("qcow2", DiskFormat.qcow2), ("vmdk", .vmdk), ("vhd", .vhd), ("vhdx", .vhdx), ("vdi", .vdi), ("iso", .iso),
        ("raw", .raw), ("QCOW2", .qcow2),
        ("ami", .raw), ("aki", .raw), ("ari", .raw), ("ploop", .raw), (nil, .raw),
    ] as [(String?, DiskFormat)])
    func accepted(declared: String?, detected: DiskFormat) throws {
        let report = Self.report(detected)
        #expect(try FormatPolicy.verify(declaredFormat: declared, report: report) == report)
    }

    @Test("declared raw accepts any detected format, recorded as raw sized by the bytes", arguments: [
        DiskFormat.qcow2, .gpt, .iso, .vmdk, .vhd,
    ])
    func declaredRaw(detected: DiskFormat) throws {
        let recorded = try FormatPolicy.verify(declaredFormat: "raw", report: Self.report(detected))
        #expect(recorded == InspectionReport(format: .raw, virtualSize: 300 << 20, actualSize: 300 << 20,
                                             details: ["k": "v", "detected_format": detected.rawValue]))
    }

    @Test("everything else is a mismatch naming both formats", arguments: [
        ("qcow2", DiskFormat.raw), ("vmdk", .qcow2), ("ami", .qcow2), ("ploop", .vhd), ("iso", .gpt),
        ("vhd", .vhdx), ("gpt", .raw), ("luks", .raw), ("qcow2", .iso),
    ] as [(String, DiskFormat)])
    func mismatch(declared: String, detected: DiskFormat) {
        #expect {
            try FormatPolicy.verify(declaredFormat: declared, report: Self.report(detected))
        } throws: { error in
            guard let error = error as? FormatInspectionError else { return false }
            return error.code == .formatMismatch && error.format == detected
                && error.message == "image data is \(detected.rawValue) but the declared disk_format is \(declared)"
        }
    }

    @Test("a recognised format with nothing declared is a mismatch")
    func nothingDeclared() {
        #expect(throws: FormatInspectionError(code: .formatMismatch, message: "image data is qcow2 but no disk_format was declared", format: .qcow2)) {
            try FormatPolicy.verify(declaredFormat: nil, report: Self.report(.qcow2))
        }
    }

    @Test("end to end: a qcow2 uploaded as raw is stored as raw; one with a backing file never reaches the policy")
    func endToEnd() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qcow2", format: "qcow2", size: "1G", in: dir)
            let bytes = try readBytes(dir + "/disk.qcow2")
            let recorded = try FormatPolicy.verify(declaredFormat: "raw", report: try inspectAllWays(bytes).get())
            #expect(recorded.format == .raw)
            #expect(recorded.virtualSize == Int64(bytes.count))

            try QemuImg.create("overlay.qcow2", format: "qcow2", extra: ["-b", "disk.qcow2", "-F", "qcow2"], in: dir)
            #expect(try inspectFileAllWays(dir + "/overlay.qcow2").error?.code == .unsafeImage)
        }
    }
}
