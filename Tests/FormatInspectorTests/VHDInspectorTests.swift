import Foundation
import Testing

import FormatInspector

@Suite("vhd")
struct VHDInspectorTests {
    @Test("dynamic VHDs from qemu-img are detected with qemu's virtual size", arguments: ["10M", "1G", "100G"])
    func detectsDynamic(size: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vhd", format: "vpc", size: size, in: dir)
            let info = try QemuImg.info("disk.vhd", in: dir)
            #expect(info.format == "vpc")
            let report = try inspectFileAllWays(dir + "/disk.vhd").get()
            #expect(report.format == .vhd)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["vhd.disk_type"] == "dynamic")
        }
    }

    @Test("a fixed VHD (footer only at the end) is raw, as qemu's own probe says")
    func fixedIsRaw() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vhd", format: "vpc", size: "4M", options: ["subformat=fixed"], in: dir)
            #expect(try QemuImg.info("disk.vhd", in: dir).format == "raw")
            let report = try inspectFileAllWays(dir + "/disk.vhd").get()
            #expect(report.format == .raw)
            #expect(report.virtualSize == report.actualSize)
        }
    }

    @Test("a truncated footer is malformed")
    func truncated() throws {
        let error = try #require(try inspectAllWays(Array("conectix".utf8) + [0, 0, 0, 2]).error)
        #expect(error.code == .malformedHeader)
        #expect(error.format == .vhd)
    }
}
