import Foundation
import ImageStore
import Launcher
import Libvirt
import Libxcrypt
import Testing

/// The hypervisor-matrix rows beyond the lifecycle, on a real libvirtd with one tiny guest: stop/start, resize
/// (revert and confirm), rescue/unrescue with Glint's rescue image, consoles, a live snapshot that boots, and
/// refusals. Everything is deleted at the end, also when a check fails.
@Suite("Launcher rows on qemu:///system", .serialized)
struct LauncherRowsTests {
    @Test(
        "stop/start, resize revert and confirm, rescue/unrescue, consoles, live snapshot booted, refusals",
        .enabled("needs root and qemu:///system with libvirtd and virtlogd running") { await LauncherLifecycleTests.reachable() },
        .timeLimit(.minutes(10)))
    func rows() async throws {
        let fixture = try await LauncherFixture.make { $0.softRebootTimeout = .seconds(30) }
        var failure: (any Error)?
        do {
            try await scenario(fixture)
        } catch {
            failure = error
        }
        await fixture.cleanUp()
        if let failure { throw failure }
    }

    private func scenario(_ fixture: LauncherFixture) async throws {
        let launcher = fixture.launcher
        let caller = Caller.localAdmin
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ label: String) {
            print("rows: \(label): \(clock.now - mark)")
            mark = clock.now
        }
        func waitAgent(_ id: String) async throws {
            _ = try await launcher.waitForGuestAgent(id: id, timeout: .seconds(120), caller: caller)
        }
        func hostname(_ id: String) async throws -> String? {
            try await launcher.diagnostics(id: id, caller: caller).agent?.hostname
        }
        try await launcher.store.insert(Flavor(id: "rows-big", name: "g1.rows", vcpus: 2, ramMiB: 384, diskGiB: 2))

        let accepted = try await launcher.boot(BootRequest(name: "rows", flavorRef: "g1.nano", imageRef: fixture.imageID), caller: caller)
        let id = accepted.id
        await launcher.settle(id: id)
        var instance = try await launcher.instance(id: id, caller: caller)
        try #require(instance.status == "ACTIVE", "\(instance.fault?.message ?? "")")
        try await waitAgent(id)
        lap("boot to agent")
        let disk = fixture.instancesDirectory + "/" + id + "/disk"

        // Consoles: both displays have a port while running.
        let vnc = try await launcher.consoleEndpoint(id: id, protocol: .vnc, caller: caller)
        let spice = try await launcher.consoleEndpoint(id: id, protocol: .spice, caller: caller)
        #expect(vnc.port > 0 && spice.port > 0 && vnc.port != spice.port && vnc.host == "127.0.0.1")

        // Refusals change nothing.
        let notResized = try await #require(throws: LauncherError.self) { try await launcher.confirmResize(id: id, caller: caller) }
        #expect(notResized.code == .conflict)
        let sameFlavor = try await #require(throws: LauncherError.self) { try await launcher.resize(id: id, flavorRef: "g1.nano", caller: caller) }
        #expect(sameFlavor.code == .badRequest && sameFlavor.message == "When resizing, instances must change flavor!")
        let unknownFlavor = try await #require(throws: LauncherError.self) { try await launcher.resize(id: id, flavorRef: "no-such", caller: caller) }
        #expect(unknownFlavor.code == .badRequest)
        let notRescued = try await #require(throws: LauncherError.self) { try await launcher.unrescue(id: id, caller: caller) }
        #expect(notRescued.code == .conflict)
        instance = try await launcher.instance(id: id, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.flavor.id == "0" && instance.taskState == nil)

        // Stop and start.
        instance = try await launcher.stop(id: id, caller: caller)
        #expect(instance.status == "SHUTOFF" && instance.vmState == .stopped && instance.powerState == .shutdown)
        let stoppedConsole = try await #require(throws: LauncherError.self) {
            try await launcher.consoleEndpoint(id: id, protocol: .vnc, caller: caller)
        }
        #expect(stoppedConsole.code == .conflict)
        let stopTwice = try await #require(throws: LauncherError.self) { try await launcher.stop(id: id, caller: caller) }
        #expect(stopTwice.code == .conflict)
        lap("stop")
        instance = try await launcher.start(id: id, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.powerState == .running)
        try await waitAgent(id)
        lap("start to agent")

        // Resize up, checked in libvirt and on the disk; then revert.
        instance = try await launcher.resize(id: id, flavorRef: "g1.rows", caller: caller)
        #expect(instance.status == "VERIFY_RESIZE" && instance.flavor.id == "rows-big" && instance.previousFlavor?.id == "0")
        var diagnostics = try await launcher.diagnostics(id: id, caller: caller)
        #expect(diagnostics.vcpus == 2 && diagnostics.memoryKiB == 384 * 1024)
        #expect(try LauncherFixture.diskInfo(disk).virtualSize == 2 << 30)
        #expect(FileManager.default.fileExists(atPath: disk + ".resize"))
        try await waitAgent(id)
        lap("resize to agent")
        instance = try await launcher.revertResize(id: id, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.flavor.id == "0" && instance.previousFlavor == nil)
        diagnostics = try await launcher.diagnostics(id: id, caller: caller)
        #expect(diagnostics.vcpus == 1 && diagnostics.memoryKiB == 256 * 1024)
        #expect(try LauncherFixture.diskInfo(disk).virtualSize == 1 << 30)
        #expect(!FileManager.default.fileExists(atPath: disk + ".resize"))
        try await waitAgent(id)
        lap("revert to agent")

        // Resize again and confirm.
        instance = try await launcher.resize(id: id, flavorRef: "rows-big", caller: caller)
        #expect(instance.status == "VERIFY_RESIZE")
        try await waitAgent(id)
        instance = try await launcher.confirmResize(id: id, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.flavor.id == "rows-big" && instance.previousFlavor == nil)
        #expect(!FileManager.default.fileExists(atPath: disk + ".resize"))
        #expect(try await launcher.diagnostics(id: id, caller: caller).vcpus == 2)
        lap("resize + confirm")

        // Rescue with Glint's rescue image: its own hostname, the instance's disk as vdb, the password set.
        let (rescued, password) = try await launcher.rescue(id: id, imageRef: nil, adminPassword: nil, caller: caller)
        #expect(rescued.status == "RESCUE" && password.count == 12)
        await launcher.settle(id: id)
        #expect(try await hostname(id) == "rescue")
        let blocks = try await fixture.readGuestFile(id, "/sys/block/vdb/size")
        #expect(blocks.trimmingCharacters(in: .whitespacesAndNewlines) == "\((2 << 30) / 512)")
        let shadow = try await fixture.readGuestFile(id, "/etc/shadow")
        let hash = try #require(shadow.split(separator: "\n").first { $0.hasPrefix("root:") }?.split(separator: ":")[1])
        #expect(try PasswordHasher.verify(password, against: String(hash)))
        let rescueConflict = try await #require(throws: LauncherError.self) {
            try await launcher.resize(id: id, flavorRef: "g1.nano", caller: caller)
        }
        #expect(rescueConflict.code == .conflict)
        lap("rescue to agent + password")
        instance = try await launcher.unrescue(id: id, caller: caller)
        #expect(instance.status == "ACTIVE")
        #expect(!FileManager.default.fileExists(atPath: disk + ".rescue"))
        try await waitAgent(id)
        #expect(try await hostname(id) == "tiny")
        lap("unrescue to agent")

        // A live snapshot holds a file written just before it, and boots.
        let marker = "rows-marker-" + id
        try await fixture.writeGuestFile(id, "/root/rows-marker", marker)
        let imageID = try await launcher.snapshot(id: id, name: "rows-snapshot", metadata: ["purpose": "test"], caller: caller)
        let queued = try await fixture.images.image(id: imageID, caller: caller)
        #expect(queued.status == .queued || queued.status == .saving)
        #expect(queued.properties["image_type"] == "snapshot" && queued.properties["instance_uuid"] == id)
        #expect(queued.properties["base_image_ref"] == fixture.imageID && queued.properties["purpose"] == "test")
        let busy = try await #require(throws: LauncherError.self) { try await launcher.stop(id: id, caller: caller) }
        #expect(busy.code == .conflict)
        await launcher.settleSnapshots()
        let stored = try await fixture.images.image(id: imageID, caller: caller)
        #expect(stored.status == .active && stored.diskFormat == "qcow2" && stored.owner == caller.projectID)
        let blob = fixture.images.blobs.path(for: imageID)
        #expect(try LauncherFixture.qemuImgCheck(blob))
        #expect(try LauncherFixture.diskInfo(blob).backing == nil)
        instance = try await launcher.instance(id: id, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.taskState == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.instancesDirectory + "/" + id)
        #expect(!leftovers.contains { $0.hasPrefix("disk.snap") }, "\(leftovers)")
        #expect(try await fixture.readGuestFile(id, "/root/rows-marker") == marker)
        lap("live snapshot stored")

        let copy = try await launcher.boot(BootRequest(name: "rows-copy", flavorRef: "g1.nano", imageRef: imageID), caller: caller)
        await launcher.settle(id: copy.id)
        try #require(try await launcher.instance(id: copy.id, caller: caller).status == "ACTIVE")
        try await waitAgent(copy.id)
        #expect(try await fixture.readGuestFile(copy.id, "/root/rows-marker") == marker)
        lap("snapshot booted to agent")
        try await launcher.delete(id: copy.id, caller: caller)
        try await launcher.delete(id: id, caller: caller)
        #expect(try await fixture.domainExists("glint-" + id) == false)
    }
}
