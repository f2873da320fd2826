import Foundation
import Testing

import FormatInspector

@Suite("vhdx")
struct VHDXInspectorTests {
    @Test("qemu-img VHDX images are detected with their virtual size", arguments: ["10M", "3G"])
    func detects(size: String) throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vhdx", format: "vhdx", size: size, in: dir)
            let info = try QemuImg.info("disk.vhdx", in: dir)
            let report = try inspectFileAllWays(dir + "/disk.vhdx").get()
            #expect(report.format == .vhdx)
            #expect(report.virtualSize == info.virtualSize)
        }
    }

    @Test("broken structures behind the vhdxfile identifier are refused as malformed", arguments: [
        (0, "region table signature"), (1, "region table entry count 4000"), (2, "metadata entry count 2048"),
        (3, "no metadata region"), (4, "no virtual disk size item"), (5, "could not be read"),
    ])
    func malformed(corruption: Int, expected: String) throws {
        var bytes = try qemuVHDX()
        let table = 192 * 1024
        let metadata = try #require(metadataOffset(bytes))
        switch corruption {
        case 0: bytes.put(ascii: "xxxx", at: table)
        case 1: bytes.putLE(UInt32(4000), at: table + 8)
        case 2: bytes.putLE(UInt16(2048), at: metadata + 10)
        case 3: for entry in 0..<2 { bytes[table + 16 + 32 * entry] ^= 0xFF }
        case 4: for entry in 0..<8 { bytes[metadata + 32 + 32 * entry] = 0 }
        default: bytes = Array(bytes.prefix(metadata + 16))
        }
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .malformedHeader)
        #expect(error.format == .vhdx)
        #expect(error.message.contains(expected), "\(error)")
    }

    private func qemuVHDX() throws -> [UInt8] {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.vhdx", format: "vhdx", size: "10M", in: dir)
            return try readBytes(dir + "/disk.vhdx")
        }
    }

    /// The metadata region's offset from the first region table (qemu puts it at 2 MiB).
    private func metadataOffset(_ bytes: [UInt8]) -> Int? {
        let table = 192 * 1024
        for entry in 0..<2 {
            let start = table + 16 + 32 * entry
            if bytes[start..<(start + 4)].elementsEqual([0x06, 0xA2, 0x7C, 0x8B]) {
                return (0..<8).reduce(0) { $0 | Int(bytes[start + 16 + $1]) << ($1 * 8) }
            }
        }
        return nil
    }
}
