import Foundation
import Testing

import FormatInspector

@Suite("luks")
struct LUKSInspectorTests {
    @Test("a qemu-img LUKS volume is detected; its virtual size is the payload, as qemu reports it")
    func detects() throws {
        try withScratchDirectory { dir in
            try createLUKS("disk.luks", in: dir)
            let info = try QemuImg.info("disk.luks", in: dir)
            #expect(info.format == "luks")
            let report = try inspectFileAllWays(dir + "/disk.luks").get()
            #expect(report.format == .luks)
            #expect(report.virtualSize == info.virtualSize)
            #expect(report.details["luks.version"] == "1")
            #expect(report.details["luks.cipher"] == "aes-xts-plain64")
        }
    }

    @Test("LUKS versions other than 1 are refused", arguments: [UInt16(2), 0, 7])
    func refusesOtherVersions(version: UInt16) throws {
        var bytes = [UInt8](repeating: 0, count: 4096)
        bytes.put([0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE], at: 0)
        bytes.putBE(version, at: 6)
        let error = try #require(try inspectAllWays(bytes).error)
        #expect(error.code == .unsafeImage)
        #expect(error.format == .luks)
        #expect(error.message.contains("luks version \(version) is not supported"))
    }

    /// qemu-img benchmarks PBKDF2 with thread CPU time, which some sandboxes report too coarsely
    /// ("Unable to get accurate CPU usage"), so retry a few times before giving up.
    private func createLUKS(_ file: String, in dir: String) throws {
        var lastError: (any Error)?
        for _ in 0..<20 {
            do {
                try QemuImg.create(file, format: "luks", size: "10M", options: ["key-secret=s0,iter-time=10"],
                                   extra: ["--object", "secret,id=s0,data=x"], in: dir)
                return
            } catch {
                lastError = error
                try? FileManager.default.removeItem(atPath: dir + "/" + file)
            }
        }
        throw lastError ?? TestSetupError(description: "qemu-img could not create a LUKS image")
    }
}
