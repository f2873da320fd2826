import Foundation
import Libguestfs
import Testing

/// Creates and configures handles only: the appliance is never launched here (it boots a VM for tens of seconds).
@Suite("Libguestfs wrapper")
struct LibguestfsTests {
    @Test("creates a handle and reads version and backend without launching")
    func versionAndBackend() throws {
        let handle = try GuestfsHandle()
        let version = try handle.version
        #expect(version.major == 1)
        #expect(version >= GuestfsVersion(major: 1, minor: 40, release: 0))
        #expect(try !handle.backend.isEmpty)
        handle.close()
    }

    @Test("sets the backend on a handle that ignores the environment")
    func setsBackend() throws {
        let handle = try GuestfsHandle(flags: [.noEnvironment, .noCloseOnExit])
        try handle.setBackend("direct")
        #expect(try handle.backend == "direct")
    }

    @Test("adding a missing drive fails at add time with libguestfs's message")
    func missingDriveFails() throws {
        let handle = try GuestfsHandle()
        let path = "/nonexistent-\(UUID().uuidString).img"
        let error = try #require(throws: GuestfsError.self) {
            try handle.addDrive(path: path, format: "raw", readOnly: true)
        }
        #expect(error.code == .callFailed)
        #expect(error.message.contains(path))
        #expect(error.message.contains("No such file or directory"))
        #expect(error.errno == ENOENT)
    }

    @Test("adds an existing raw image read-only without launching")
    func addsExistingDrive() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glint-\(UUID().uuidString).img")
        try Data(count: 1024 * 1024).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try GuestfsHandle()
        try handle.addDrive(path: url.path, format: "raw", readOnly: true)
    }

    @Test("a closed handle reports handleClosed")
    func closedHandle() throws {
        let handle = try GuestfsHandle()
        handle.close()
        handle.close()
        let error = try #require(throws: GuestfsError.self) { try handle.version }
        #expect(error.code == .handleClosed)
    }

    @Test("withHandle runs the body on the thread pool and returns its result")
    func scopedHandle() async throws {
        let version = try await GuestfsHandle.withHandle { handle in try handle.version }
        #expect(version.major == 1)
    }
}
