import Foundation
import GuestToolkit
import ImageStore
import Launcher
import Libvirt
import Libxcrypt
import Logging
import Testing

/// The launcher on a real libvirtd: the tiny guest (Images/) uploaded to a real store, booted with a config drive,
/// driven through pause, suspend, reboot, password and console, and terminated. One guest, about a minute.
@Suite("Launcher on qemu:///system", .serialized)
struct LauncherLifecycleTests {
    static func reachable() async -> Bool {
        guard getuid() == 0, let connection = try? await LibvirtConnection.open(uri: "qemu:///system") else { return false }
        try? await connection.close()
        return true
    }

    @Test(
        "boot from the store with a config drive, pause, suspend, reboot, set the password, read the console, terminate",
        .enabled("needs root and qemu:///system with libvirtd and virtlogd running") { await LauncherLifecycleTests.reachable() },
        .timeLimit(.minutes(6)))
    func lifecycle() async throws {
        let fixture = try await LauncherFixture.make()
        defer { fixture.removeDirectories() }
        let launcher = fixture.launcher
        let caller = Caller.localAdmin

        // Refusals first: nothing is created.
        await #expect(throws: LauncherError.self) {
            try await launcher.boot(BootRequest(name: "x", flavorRef: "no-such-flavor", imageRef: fixture.imageID), caller: caller)
        }
        let queued = try await fixture.images.create(["name": .string("empty"), "disk_format": .string("qcow2"), "container_format": .string("bare")], caller: caller)
        let notActive = try await #require(throws: LauncherError.self) {
            try await launcher.boot(BootRequest(name: "x", flavorRef: "g1.nano", imageRef: queued.id), caller: caller)
        }
        #expect(notActive.code == .badRequest && notActive.message.contains("is not active"))
        #expect(try await launcher.instances(caller: caller).isEmpty)

        var request = BootRequest(name: "Test VM 1", flavorRef: "g1.nano", imageRef: fixture.imageID)
        request.configDrive = true
        request.publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILauncherTestKey test@glint"
        // A pre-boot customization on the instance's own disk (one libguestfs launch), never on the image.
        request.customization = CustomizationPlan([
            .write(path: "/etc/glint-injected", content: Array("injected before boot\n".utf8), attributes: FileAttributes(mode: 0o600))
        ])
        let accepted = try await launcher.boot(request, caller: caller)
        #expect(accepted.status == "BUILD")
        await launcher.settle(id: accepted.id)
        var instance = try await launcher.instance(id: accepted.id, caller: caller)
        #expect(instance.status == "ACTIVE", "\(instance.fault?.message ?? "")")
        #expect(instance.powerState == .running)
        let waited = try await launcher.waitForGuestAgent(id: instance.id, timeout: .seconds(120), caller: caller)
        print("boot to agent: \(waited)")

        // The config drive's hostname reached the guest (the tiny image applies meta_data.json at boot).
        let diagnostics = try await launcher.diagnostics(id: instance.id, caller: caller)
        #expect(diagnostics.agent?.hostname == "test-vm-1")
        #expect(diagnostics.vcpus == 1 && diagnostics.memoryKiB == 256 * 1024)
        #expect(try await launcher.consoleOutput(id: instance.id, lines: nil, caller: caller).contains("Linux version"))
        #expect(try await launcher.consoleOutput(id: instance.id, lines: 5, caller: caller).split(separator: "\n").count <= 5)

        #expect(try await fixture.readGuestFile(instance.id, "/etc/glint-injected") == "injected before boot\n")

        // Admin password through the agent, checked in the guest's /etc/shadow.
        try await launcher.setAdminPassword(id: instance.id, password: "Launcher-1", caller: caller)
        let shadow = try await fixture.readGuestFile(instance.id, "/etc/shadow")
        let hash = try #require(shadow.split(separator: "\n").first { $0.hasPrefix("root:") }?.split(separator: ":")[1])
        #expect(try PasswordHasher.verify("Launcher-1", against: String(hash)))

        // Actions valid only in some states get 409 and change nothing.
        let conflict = try await #require(throws: LauncherError.self) { try await launcher.unpause(id: instance.id, caller: caller) }
        #expect(conflict.code == .conflict)

        instance = try await launcher.pause(id: instance.id, caller: caller)
        #expect(instance.status == "PAUSED" && instance.powerState == .paused)
        instance = try await launcher.unpause(id: instance.id, caller: caller)
        #expect(instance.status == "ACTIVE")

        instance = try await launcher.suspend(id: instance.id, caller: caller)
        #expect(instance.status == "SUSPENDED")
        instance = try await launcher.resume(id: instance.id, caller: caller)
        #expect(instance.status == "ACTIVE")
        _ = try await launcher.waitForGuestAgent(id: instance.id, timeout: .seconds(30), caller: caller)

        instance = try await launcher.reboot(id: instance.id, hard: false, caller: caller)
        #expect(instance.status == "ACTIVE")
        _ = try await launcher.waitForGuestAgent(id: instance.id, timeout: .seconds(120), caller: caller)
        instance = try await launcher.reboot(id: instance.id, hard: true, caller: caller)
        #expect(instance.status == "ACTIVE" && instance.powerState == .running)

        // Reconciliation keeps a healthy instance as it is.
        try await launcher.reconcile()
        #expect(try await launcher.instance(id: instance.id, caller: caller).status == "ACTIVE")

        let directory = fixture.instancesDirectory + "/" + instance.id
        #expect(FileManager.default.fileExists(atPath: directory + "/disk.config"))
        try await launcher.delete(id: instance.id, caller: caller)
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(try await fixture.domainExists("glint-" + instance.id) == false)
        let gone = try await #require(throws: LauncherError.self) { try await launcher.delete(id: instance.id, caller: caller) }
        #expect(gone.code == .notFound)
        try await launcher.close()
    }
}
