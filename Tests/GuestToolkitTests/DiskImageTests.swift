import Foundation
import Testing

@testable import GuestToolkit

/// Images refused before any appliance starts: each a clear error, and the file left as it was.
@Suite("Disk images")
struct DiskImageTests {
    private func qemuImg(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a missing file is imageNotFound")
    func missing() throws {
        let error = try #require(throws: GuestToolkitError.self) { try DiskImage(path: "/nonexistent/disk.qcow2") }
        #expect(error.code == .imageNotFound)
        #expect(error.message.contains("/nonexistent/disk.qcow2"))
    }

    @Test("qcow2 and raw are accepted with their detected format and virtual size")
    func accepted() throws {
        let directory = try TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let qcow2 = directory.appendingPathComponent("a.qcow2").path
        try qemuImg("create", "-q", "-f", "qcow2", qcow2, "64M")
        let image = try DiskImage(path: qcow2)
        #expect(image.format == .qcow2)
        #expect(image.virtualSize == 64 << 20)
        let raw = directory.appendingPathComponent("a.raw").path
        try qemuImg("create", "-q", "-f", "raw", raw, "8M")
        #expect(try DiskImage(path: raw, declaredFormat: "raw").format == .raw)
    }

    @Test(
        "unsafe, mismatched and non-customizable images are refused",
        arguments: [
            ("backing", "unsafe"), ("mismatch", "declared"), ("vdi", "customizes raw and qcow2"),
        ])
    func refused(kind: String, expected: String) throws {
        let directory = try TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("base.raw").path
        try qemuImg("create", "-q", "-f", "raw", base, "8M")
        let path = directory.appendingPathComponent("image").path
        var declared: String?
        switch kind {
        case "backing": try qemuImg("create", "-q", "-f", "qcow2", "-F", "raw", "-b", base, path)
        case "mismatch":
            try qemuImg("create", "-q", "-f", "qcow2", path, "8M")
            declared = "vmdk"
        default: try qemuImg("create", "-q", "-f", "vdi", path, "8M")
        }
        let before = try TestImages.digest(path)
        let error = try #require(throws: GuestToolkitError.self) { try DiskImage(path: path, declaredFormat: declared) }
        #expect(error.code == .imageRefused)
        #expect(error.description.contains(expected), "\(error)")
        #expect(try TestImages.digest(path) == before)
    }
}
