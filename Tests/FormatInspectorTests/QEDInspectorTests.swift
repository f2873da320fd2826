import Foundation
import Testing

import FormatInspector

@Suite("qed")
struct QEDInspectorTests {
    @Test("qed images are always refused")
    func banned() throws {
        try withScratchDirectory { dir in
            try QemuImg.create("disk.qed", format: "qed", size: "10M", in: dir)
            #expect(try QemuImg.info("disk.qed", in: dir).format == "qed")
            let error = try #require(try inspectFileAllWays(dir + "/disk.qed").error)
            #expect(error.code == .bannedFormat)
            #expect(error.format == .qed)
            #expect(error.message.contains("qed image"))
        }
    }

    @Test("even a bare qed magic is refused rather than passed as raw")
    func bareMagic() throws {
        #expect(try inspectAllWays([0x51, 0x45, 0x44, 0x00]).error?.code == .bannedFormat)
    }
}
