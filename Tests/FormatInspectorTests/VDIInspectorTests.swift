import Foundation
import Testing

import FormatInspector

@Suite("vdi")
struct VDIInspectorTests {
    @Test("qemu-img VDI images are detected with their virtual size", arguments: ["10M", "2G"])
    func detects(size: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vdi", format: "vdi", size: size, in: dir)
            let info = try QemuImg.info("disk.vdi", in: dir)
            let report = try inspectFileAllWays(dir + "/disk.vdi").get()
            #expect(report.format == .vdi)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["vdi.version"] == "1.1")
        }
    }

    @Test("a VDI header cut before the disk size is malformed")
    func truncated() throws {
        var bytes = [UInt8](repeating: 0, count: 0x100)
        bytes.putLE(UInt32(0xBEDA_107F), at: 0x40)
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .malformedHeader)
        #expect(error.format == .vdi)
    }
}
