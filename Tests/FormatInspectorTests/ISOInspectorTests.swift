import Foundation
import Testing

import FormatInspector

@Suite("iso")
struct ISOInspectorTests {
    @Test("a hand-made ISO 9660 image is iso, sized by its volume descriptor like qemu sizes the file", arguments: [20, 64, 1000])
    func detectsHandMade(sectors: Int) throws {
        try withScratchDirectory { dir in
            try writeBytes(makeISO(sectors: sectors), to: dir + "/disk.iso")
            let info = try QemuImg.info("disk.iso", in: dir)
            #expect(info.format == "raw")
            let report = try inspectFileAllWays(dir + "/disk.iso").get()
            #expect(report.format == .iso)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["iso.volume_id"] == "config-2")
            #expect(report.details["iso.standard_identifier"] == "CD001")
        }
    }

    @Test("UDF descriptors are iso too, sized by the stream", arguments: ["BEA01", "NSR02", "NSR03"])
    func detectsUDF(identifier: String) throws {
        var bytes = [UInt8](repeating: 0, count: 40 * 2048 + 100)
        bytes.put(ascii: identifier, at: 32 * 1024 + 1)
        let report = try inspectAllWays(bytes).get()
        #expect(report.format == .iso)
        #expect(report.virtualSize == Int64(bytes.count))
    }

    @Test("an ISO with a partition table in its system area (isohybrid) is iso, not a polyglot")
    func hybridWithGPT() throws {
        var bytes = makeISO(sectors: 64)
        bytes.put(protectiveMBR(), at: 0)
        let report = try inspectAllWays(bytes).get()
        #expect(report.format == .iso)
        #expect(report.details["iso.also_matched"] == "gpt")
    }

    @Test("a stream ending inside the descriptor sector is raw")
    func tooShort() throws {
        let bytes = Array(makeISO(sectors: 20).prefix(32 * 1024 + 1000))
        #expect(try inspectAllWays(bytes).report?.format == .raw)
    }

    @Test("an ISO from xorriso or genisoimage is iso", .enabled(if: isoMaker != nil, "neither xorriso nor genisoimage is installed"))
    func detectsToolMade() throws {
        let maker = try #require(isoMaker)
        try withScratchDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/tree/openstack/latest", withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/tree/openstack/latest/meta_data.json"))
            let arguments = maker.hasSuffix("xorriso") ? ["-as", "mkisofs"] : []
            try runTool(maker, arguments + ["-quiet", "-J", "-r", "-V", "config-2", "-o", "disk.iso", "tree"], in: dir)
            let info = try QemuImg.info("disk.iso", in: dir)
            let report = try inspectFileAllWays(dir + "/disk.iso").get()
            #expect(report.format == .iso)
            #expect(report.virtualSize == info.virtualSize)
        }
    }
}

let isoMaker = ["/usr/bin/xorriso", "/usr/bin/genisoimage", "/usr/bin/mkisofs"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// A minimal ISO 9660 image: empty system area, a primary volume descriptor at sector 16 and a
/// set terminator at sector 17, with the volume space size covering the whole file.
func makeISO(sectors: Int, volumeID: String = "config-2") -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: sectors * 2048)
    let pvd = 16 * 2048
    bytes[pvd] = 1
    bytes.put(ascii: "CD001", at: pvd + 1)
    bytes[pvd + 6] = 1
    bytes.put(ascii: volumeID.padding(toLength: 32, withPad: " ", startingAt: 0), at: pvd + 40)
    bytes.putLE(UInt32(sectors), at: pvd + 80)
    bytes.putBE(UInt32(sectors), at: pvd + 84)
    bytes.putLE(UInt16(2048), at: pvd + 128)
    bytes.putBE(UInt16(2048), at: pvd + 130)
    let terminator = 17 * 2048
    bytes[terminator] = 255
    bytes.put(ascii: "CD001", at: terminator + 1)
    bytes[terminator + 6] = 1
    return bytes
}
