import Foundation
import Testing

import FormatInspector

@Suite("gpt")
struct GPTInspectorTests {
    static let sgdisk = "/usr/sbin/sgdisk"
    static let sfdisk = "/usr/sbin/sfdisk"

    @Test("a GPT disk made by sgdisk is gpt, sized as the stream")
    func detectsSgdisk() throws {
        try withScratchDirectory { dir in
            try makeBlankDisk(dir + "/disk.img", size: 8 << 20)
            try runTool(Self.sgdisk, ["-n", "1:2048:0", "-t", "1:8300", "disk.img"], in: dir)
            let info = try QemuImg.info("disk.img", in: dir)
            #expect(info.format == "raw")
            let report = try inspectFileAllWays(dir + "/disk.img").get()
            #expect(report.format == .gpt)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details == ["gpt.protective_mbr": "true", "gpt.efi_part": "true"])
        }
    }

    @Test("an MBR-partitioned disk made by sfdisk is detected as gpt, as oslo.utils does")
    func detectsMBR() throws {
        try withScratchDirectory { dir in
            try makeBlankDisk(dir + "/disk.img", size: 8 << 20)
            try runTool(Self.sfdisk, ["--quiet", "disk.img"], in: dir, input: "label: dos\n,,L,*\n")
            let report = try inspectFileAllWays(dir + "/disk.img").get()
            #expect(report.format == .gpt)
            #expect(report.details == ["gpt.protective_mbr": "false", "gpt.efi_part": "false"])
        }
    }

    @Test("MBR sanity checks", arguments: [
        (0, "entry 0 has invalid boot flag 0x7f"), (1, "defines extra partitions (entries 0, 2)"),
        (2, "no partitions are defined"), (3, "invalid start CHS"), (4, "does not start at LBA 1"),
    ])
    func sanityChecks(corruption: Int, expected: String) throws {
        var mbr = protectiveMBR()
        let entry = 446
        switch corruption {
        case 0: mbr[entry] = 0x7F
        case 1: mbr[entry + 32 + 4] = 0x83
        case 2: mbr[entry + 4] = 0
        case 3: mbr[entry + 2] = 0x03
        default: mbr.putLE(UInt32(2), at: entry + 8)
        }
        let error = try #require(try inspectAllWays(mbr + [UInt8](repeating: 0, count: 4096)).error)
        #expect(error.code == .unsafeImage)
        #expect(error.format == .gpt)
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test("a FAT boot sector ends in 0x55AA too but is not a partition table")
    func fatIsRaw() throws {
        var sector = [UInt8](repeating: 0, count: 512)
        sector.put([0xEB, 0x3C, 0x90], at: 0)
        sector[0x10] = 2
        sector[0x15] = 0xF8
        sector.put([0x55, 0xAA], at: 510)
        #expect(try inspectAllWays(sector + [UInt8](repeating: 0, count: 1024)).report?.format == .raw)
    }

    private func makeBlankDisk(_ path: String, size: UInt64) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
    }
}

/// Sector 0 of a GPT disk: one protective 0xEE entry at CHS 0/2/0 covering LBA 1 onwards.
func protectiveMBR() -> [UInt8] {
    var mbr = [UInt8](repeating: 0, count: 512)
    let entry = 446
    mbr.put([0x00, 0x00, 0x02, 0x00, 0xEE, 0xFF, 0xFF, 0xFF], at: entry)
    mbr.putLE(UInt32(1), at: entry + 8)
    mbr.putLE(UInt32(0xFFFF_FFFF), at: entry + 12)
    mbr.put([0x55, 0xAA], at: 510)
    return mbr
}
