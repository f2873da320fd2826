import Foundation
import Testing

import FormatInspector

/// Behaviour of the inspector as a whole: raw fallback, chunking, polyglots, file inspection.
@Suite("FormatInspector")
struct FormatInspectorTests {
    @Test("random bytes are raw, sized as the stream", arguments: [1, 511, 4096, 300_000])
    func randomIsRaw(count: Int) throws {
        var generator = SplitMix64(seed: UInt64(count))
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if count > 511 { bytes[511] = 0 }  // never a boot signature by chance
        let report = try inspectAllWays(bytes).get()
        #expect(report == InspectionReport(format: .raw, virtualSize: Int64(count), actualSize: Int64(count)))
    }

    @Test("an empty stream is raw with size 0, and empty chunks change nothing")
    func emptyStream() throws {
        var inspector = FormatInspector()
        inspector.consume([UInt8]())
        inspector.consume(ArraySlice<UInt8>())
        #expect(inspector.bytesConsumed == 0)
        #expect(try inspector.finish() == InspectionReport(format: .raw, virtualSize: 0, actualSize: 0))
    }

    @Test("consume accepts any random-access byte collection")
    func collectionTypes() throws {
        let bytes = makeISO(sectors: 20)
        var fromData = FormatInspector(), fromSlices = FormatInspector(), fromArray = FormatInspector()
        fromData.consume(Data(bytes))
        for start in stride(from: 0, to: bytes.count, by: 1000) {
            fromSlices.consume(bytes[start..<min(bytes.count, start + 1000)])
        }
        fromArray.consume(bytes)
        let report = try fromArray.finish()
        #expect(report.format == .iso)
        #expect(try fromData.finish() == report)
        #expect(try fromSlices.finish() == report)
        #expect(fromData.bytesConsumed == Int64(bytes.count))
    }

    @Test("two formats at once are refused, naming both", arguments: [
        (DiskFormat.vdi, "vdi, gpt"), (.luks, "iso, luks"),
    ])
    func polyglots(first: DiskFormat, names: String) throws {
        var bytes = [UInt8](repeating: 0, count: 40 * 2048)
        switch first {
        case .vdi:
            bytes.put(protectiveMBR(), at: 0)
            bytes.putLE(UInt32(0xBEDA_107F), at: 0x40)
        default:
            bytes.put(makeISO(sectors: 40), at: 0)
            bytes.put([0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE, 0, 1], at: 0)
        }
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .multipleFormats)
        #expect(error.message == "image matches more than one format: \(names)")
    }

    @Test("inspect(fileAt:) reads only bounded regions: a sparse 64 GiB file is quick")
    func inspectsHugeSparseFile() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qcow2", format: "qcow2", size: "1G", in: dir)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/disk.qcow2"))
            try handle.truncate(atOffset: 64 << 30)
            try handle.close()
            let clock = ContinuousClock()
            var report: InspectionReport?
            let elapsed = try clock.measure { report = try FormatInspector.inspect(fileAt: dir + "/disk.qcow2") }
            #expect(report == InspectionReport(format: .qcow2, virtualSize: 1 << 30, actualSize: 64 << 30,
                                               details: ["qcow2.version": "3", "qcow2.cluster_size": "65536"]))
            #expect(elapsed < .seconds(2))
        }
    }

    @Test("inspect(fileAt:) reports a missing file as an error")
    func missingFile() {
        #expect(throws: (any Error).self) { try FormatInspector.inspect(fileAt: "/nonexistent/disk.img") }
    }

    @Test("errors describe themselves by code and message")
    func errorDescription() {
        let error = FormatInspectionError(code: .unsafeImage, message: "qcow2 image has a backing file", format: .qcow2)
        #expect(error.description == "unsafeImage: qcow2 image has a backing file")
        #expect(FormatInspectionError.Code.multipleFormats.description == "multipleFormats")
        #expect(Set([FormatInspectionError.Code.bannedFormat, .unsupportedSubformat, .formatMismatch, .malformedHeader]).count == 4)
    }

    @Test("disk formats use Glance's names")
    func diskFormatNames() throws {
        #expect(DiskFormat.allCases.map(\.rawValue) == ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi", "qed", "iso", "gpt", "luks"])
        let encoded = try JSONEncoder().encode([DiskFormat.vhdx])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"vhdx\"]")
    }
}

/// A tiny seeded generator so "random" test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
