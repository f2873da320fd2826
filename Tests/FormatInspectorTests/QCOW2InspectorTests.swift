import Foundation
import Testing

import FormatInspector

@Suite("qcow2")
struct QCOW2InspectorTests {
    @Test("qemu-img qcow2 images are detected with their virtual size", arguments: [
        ("0.10", "2", "10M"), ("1.1", "3", "10M"), ("1.1", "3", "1G"), ("0.10", "2", "3000000000"),
    ])
    func detectsQemuImages(compat: String, version: String, size: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qcow2", format: "qcow2", size: size, options: ["compat=\(compat)"], in: dir)
            let info = try QemuImg.info("disk.qcow2", in: dir)
            let report = try inspectFileAllWays(dir + "/disk.qcow2").get()
            #expect(report.format == .qcow2)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["qcow2.version"] == version)
            #expect(report.details["qcow2.cluster_size"] == "65536")
        }
    }

    @Test("a backing file is refused, naming its offset")
    func refusesBackingFile() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("base.raw", format: "raw", size: "1M", in: dir)
            try QemuImg.create("overlay.qcow2", format: "qcow2", extra: ["-b", "base.raw", "-F", "raw"], in: dir)
            let error = try #require(try inspectFileAllWays(dir + "/overlay.qcow2").error)
            #expect(error.code == .unsafeImage)
            #expect(error.format == .qcow2)
            #expect(error.message.contains("backing file (offset 0x"))
        }
    }

    @Test("an external data file is refused")
    func refusesDataFile() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qcow2", format: "qcow2", size: "1M", options: ["data_file=data.raw"], in: dir)
            let error = try #require(try inspectFileAllWays(dir + "/disk.qcow2").error)
            #expect(error.code == .unsafeImage)
            #expect(error.message.contains("external data file"))
        }
    }

    @Test("unknown incompatible feature bits are refused; known ones are not", arguments: [
        (UInt64(1) << 4, "0x10"), (UInt64(1) << 9, "0x200"), (UInt64(1) << 63, "0x8000000000000000"),
    ])
    func refusesUnknownFeatures(bit: UInt64, shown: String) throws {
        var bytes = try qemuQCOW2(version: 3)
        bytes.putBE(bit | 0b1011, at: 0x48)  // plus dirty, corrupt and compression type: all known
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .unsafeImage)
        #expect(error.message.contains("unknown incompatible feature bits \(shown)"))
        #expect(!error.message.contains("data file"))

        bytes.putBE(UInt64(0b1011), at: 0x48)
        #expect(try inspectAllWays(bytes).report?.format == .qcow2)
    }

    @Test("only versions 2 and 3 are accepted", arguments: [UInt32(1), 4, 0xFFFF_FFFF])
    func refusesOtherVersions(version: UInt32) throws {
        var bytes = try qemuQCOW2(version: 3)
        bytes.putBE(version, at: 4)
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .unsafeImage)
        #expect(error.message.contains("qcow2 version \(version) is not supported"))
    }

    @Test("several problems are reported together")
    func reportsAllProblems() throws {
        var bytes = try qemuQCOW2(version: 3)
        bytes.putBE(UInt64(0x1C8), at: 8)
        bytes.putBE(UInt64(0b1_0100), at: 0x48)
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.message == "qcow2 image has a backing file (offset 0x1c8); refusing it; qcow2 image uses an external data file (incompatible feature bit 2); refusing it; qcow2 image sets unknown incompatible feature bits 0x10; refusing it")
    }

    @Test("a truncated header is malformed, not raw")
    func truncatedHeader() throws {
        let bytes: [UInt8] = [0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3, 0, 0]
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .malformedHeader)
        #expect(error.message.contains("truncated (10 bytes)"))
    }

    @Test("a qcow2 that also carries an ISO 9660 descriptor is a polyglot and refused")
    func qcow2AndISO() throws {
        var bytes = try qemuQCOW2(version: 3)
        bytes.put([1] + Array("CD001".utf8) + [1], at: 32 * 1024)
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .multipleFormats)
        #expect(error.message == "image matches more than one format: qcow2, iso")
    }

    /// A real qcow2 image from qemu-img, as bytes to patch.
    private func qemuQCOW2(version: Int) throws -> [UInt8] {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qcow2", format: "qcow2", size: "64M", options: ["compat=\(version == 2 ? "0.10" : "1.1")"], in: dir)
            return try readBytes(dir + "/disk.qcow2")
        }
    }
}
