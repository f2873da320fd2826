import ConfigDrive
import Foundation
import GuestNetwork
import Libxcrypt
import Logging
import Testing

@testable import GuestToolkit

/// Real libguestfs appliances on the `Images/` fixtures and the tiny guest. Each test is one appliance launch
/// (20-50 s under TCG), so assertions are grouped per launch; the suite runs its tests one at a time.
@Suite("Guest toolkit on real images", .serialized)
struct GuestApplianceTests {
    let customizer = GuestCustomizer(logger: Logger(label: "test.guest"))

    /// What each fixture is, as `Images/` builds it.
    struct Fixture: Sendable, CustomStringConvertible {
        var image: String
        var distro: String
        var major: Int
        var user: String
        var renderer: NetworkRenderer?
        var initSystem: GuestSystem.InitSystem
        var selinux: Bool
        var yescrypt: Bool
        var description: String { image }
    }

    static let fixtures = [
        Fixture(image: "fixture-debian", distro: "debian", major: 12, user: "debian", renderer: .ifupdown, initSystem: .systemd, selinux: false, yescrypt: true),
        Fixture(image: "fixture-ubuntu", distro: "ubuntu", major: 22, user: "ubuntu", renderer: .netplan, initSystem: .systemd, selinux: false, yescrypt: true),
        Fixture(image: "fixture-fedora", distro: "fedora", major: 40, user: "fedora", renderer: .networkManager, initSystem: .systemd, selinux: true, yescrypt: true),
        Fixture(image: "fixture-rhel8", distro: "rhel", major: 8, user: "cloud-user", renderer: .ifcfg, initSystem: .systemd, selinux: true, yescrypt: false),
        Fixture(image: "fixture-alpine", distro: "alpinelinux", major: 3, user: "alpine", renderer: .alpine, initSystem: .openrc, selinux: false, yescrypt: false),
        Fixture(image: "fixture-arch", distro: "archlinux", major: 0, user: "arch", renderer: .networkd, initSystem: .systemd, selinux: false, yescrypt: true),
    ]

    @Test("one read-only launch inspects every fixture; a blank filesystem has no operating system")
    func inspection() async throws {
        let names = Self.fixtures.map(\.image) + ["fixture-blank", "tiny"]
        let images = try names.map { try DiskImage(path: try TestImages.path($0), declaredFormat: "qcow2") }
        let before = try images.map { try TestImages.digest($0.path) }
        let results = await customizer.inspect(images)
        for (fixture, result) in zip(Self.fixtures, results) {
            let system = try result.get()
            #expect(system.inspection.type == "linux", "\(fixture)")
            #expect(system.distro == fixture.distro, "\(fixture)")
            if fixture.major > 0 { #expect(system.majorVersion == fixture.major, "\(fixture)") }
            #expect(system.networkRenderer == fixture.renderer, "\(fixture)")
            #expect(system.initSystem == fixture.initSystem, "\(fixture)")
            #expect(system.usesSELinux == fixture.selinux, "\(fixture)")
            #expect(system.inspection.mountpoints["/"] != nil, "\(fixture)")
            #expect(system.inspection.hostname != "unknown", "\(fixture)")
        }
        let blank = try #require(throws: GuestToolkitError.self) { try results[Self.fixtures.count].get() }
        #expect(blank.code == .noOperatingSystem)
        let tiny = try results[Self.fixtures.count + 1].get()
        #expect(tiny.inspection.type == "linux")
        #expect(tiny.initSystem == .sysvinit)
        #expect(try images.map { try TestImages.digest($0.path) } == before, "inspection changed an image")
    }

    /// Every operation on every distro shape in ONE appliance launch, then ONE read-only launch to read it back.
    @Test("one launch customizes seven images; failures leave their image untouched; a second handle sees every change")
    func customization() async throws {
        let directory = try TestImages.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let upload = directory.appendingPathComponent("upload.txt")
        try Data("uploaded from the host\n".utf8).write(to: upload)
        let network = try Self.sampleNetwork()

        var jobs: [CustomizationJob] = []
        for fixture in Self.fixtures {
            let path = try TestImages.copy(fixture.image, into: directory)
            jobs.append(CustomizationJob(image: try DiskImage(path: path), plan: Self.fullPlan(fixture, upload: upload.path, network: network)))
        }
        let tiny = try TestImages.copy("tiny", into: directory)
        jobs.append(CustomizationJob(image: try DiskImage(path: tiny), plan: CustomizationPlan([
            .password(user: "root", .random), .firstbootCommand("echo first > /root/first"), .hostname("tiny-custom"),
        ])))
        // Must fail: a user the guest does not have. Its image must stay byte for byte the same.
        let failing = directory.appendingPathComponent("failing.qcow2").path
        try FileManager.default.copyItem(atPath: try TestImages.path("fixture-debian"), toPath: failing)
        jobs.append(CustomizationJob(image: try DiskImage(path: failing), plan: CustomizationPlan([
            .write(path: "/etc/should-not-exist", content: Array("x".utf8), attributes: FileAttributes()),
            .sshInject(user: "nosuchuser", keys: ["ssh-ed25519 AAAA nobody"]),
        ])))
        let blank = directory.appendingPathComponent("blank.qcow2").path
        try FileManager.default.copyItem(atPath: try TestImages.path("fixture-blank"), toPath: blank)
        jobs.append(CustomizationJob(image: try DiskImage(path: blank), plan: CustomizationPlan([.hostname("x")])))
        let untouched = try [failing, blank].map(TestImages.digest)

        let results = await customizer.customize(jobs)

        let failure = try #require(throws: GuestToolkitError.self) { try results[jobs.count - 2].get() }
        #expect(failure.code == .operationFailed)
        #expect(failure.message.contains("operation 1 (ssh-inject)"), "\(failure)")
        #expect(failure.message.contains("nosuchuser"), "\(failure)")
        let noOS = try #require(throws: GuestToolkitError.self) { try results[jobs.count - 1].get() }
        #expect(noOS.code == .noOperatingSystem)
        #expect(try [failing, blank].map(TestImages.digest) == untouched)

        var reports: [CustomizationReport] = []
        for (index, result) in results.prefix(Self.fixtures.count + 1).enumerated() {
            let report = try result.get()
            #expect(report.applianceLaunches == 1)
            #expect(report.operations.count == jobs[index].plan.operations.count)
            reports.append(report)
        }
        let randomPassword = try #require(reports.last?.generatedPasswords["root"])

        let paths = zip(Self.fixtures, reports).map { fixture, report in
            Self.checkedPaths(fixture) + report.networkFiles
        } + [["/etc/shadow", "/etc/hostname", "/etc/init.d/glint-firstboot", "/etc/rc2.d/S99glint-firstboot",
              "/usr/lib/glint/firstboot/scripts/0001-glint"]]
        let readBack = try await GuestReadBack.read(images: jobs.prefix(paths.count).map(\.image.path), paths: paths)

        for (index, fixture) in Self.fixtures.enumerated() {
            try Self.verify(fixture, files: readBack.images[index], report: reports[index])
        }
        let tinyFiles = readBack.images[Self.fixtures.count]
        #expect(tinyFiles["/etc/hostname"]?.text == "tiny-custom\n")
        #expect(tinyFiles["/etc/rc2.d/S99glint-firstboot"]?.linkTarget == "../init.d/glint-firstboot")
        #expect(tinyFiles["/usr/lib/glint/firstboot/scripts/0001-glint"]?.status.permissions == 0o755)
        let rootHash = try #require(Self.shadowHash(tinyFiles["/etc/shadow"]?.text, user: "root"))
        #expect(try PasswordHasher.verify(randomPassword, against: rootHash))
    }

    static func sampleNetwork() throws -> NetworkData {
        let sample = TestImages.repository.appendingPathComponent("ConfigDrive/samples/static-vlan.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any]
        let networkJSON = try JSONSerialization.data(withJSONObject: object?["network_data"] ?? [:])
        return try JSONDecoder().decode(NetworkData.self, from: networkJSON)
    }

    static func fullPlan(_ fixture: Fixture, upload: String, network: NetworkData) -> CustomizationPlan {
        CustomizationPlan([
            .write(path: "/etc/motd", content: Array("welcome to \(fixture.distro)\n".utf8), attributes: FileAttributes(mode: 0o640, owner: fixture.user)),
            .upload(source: upload, path: "/opt/glint/uploaded.txt", attributes: FileAttributes(mode: 0o600)),
            .makeDirectory(path: "/srv/glint/data", attributes: FileAttributes(mode: 0o750, owner: "\(fixture.user):\(fixture.user)")),
            .write(path: "/etc/glint-temporary", content: [], attributes: FileAttributes()),
            .delete(path: "/etc/glint-temporary"),
            .symlink(path: "/etc/glint-motd-link", target: "/etc/motd"),
            .appendLine(path: "/etc/hosts", line: "10.0.0.5 db.internal"),
            .appendLine(path: "/etc/hosts", line: "10.0.0.5 db.internal"),
            .hostname("glint-\(fixture.distro)"),
            .sshInject(user: fixture.user, keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGlpbnQ test@glint"]),
            .password(user: "root", .set("Glint-pass-1")),
            .password(user: fixture.user, .locked),
            .firstbootCommand("echo hello > /root/firstboot-ran"),
            .selinuxRelabel,
            .timezone("Europe/Paris"),
            .machineIDReset,
            .injectNetwork(network, renderer: nil),
        ])
    }

    static func home(_ fixture: Fixture) -> String { "/home/\(fixture.user)" }

    static func checkedPaths(_ fixture: Fixture) -> [String] {
        [
            "/etc/motd", "/opt/glint/uploaded.txt", "/srv/glint/data", "/etc/glint-temporary", "/etc/glint-motd-link",
            "/etc/hosts", "/etc/hostname", home(fixture) + "/.ssh", home(fixture) + "/.ssh/authorized_keys", "/etc/shadow",
            "/etc/systemd/system/glint-firstboot.service", "/etc/systemd/system/multi-user.target.wants/glint-firstboot.service",
            "/etc/init.d/glint-firstboot", "/etc/runlevels/default/glint-firstboot",
            "/usr/lib/glint/firstboot/firstboot.sh", "/usr/lib/glint/firstboot/scripts/0001-glint",
            "/.autorelabel", "/etc/localtime", "/etc/machine-id",
        ]
    }

    static func shadowHash(_ shadow: String?, user: String) -> String? {
        shadow?.split(separator: "\n").first { $0.hasPrefix(user + ":") }?.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
    }

    static func verify(_ fixture: Fixture, files: [String: GuestReadBack.File], report: CustomizationReport) throws {
        let context = Comment(rawValue: fixture.image)
        let motd = try #require(files["/etc/motd"], context)
        #expect(motd.text == "welcome to \(fixture.distro)\n", context)
        #expect(motd.status.permissions == 0o640, context)
        #expect(motd.status.uid == 1000, context)
        #expect(files["/opt/glint/uploaded.txt"]?.text == "uploaded from the host\n", context)
        #expect(files["/opt/glint/uploaded.txt"]?.status.permissions == 0o600, context)
        #expect(files["/srv/glint/data"]?.status.isDirectory == true, context)
        #expect(files["/srv/glint/data"]?.status.permissions == 0o750, context)
        #expect(files["/srv/glint/data"]?.status.gid == 1000, context)
        #expect(files["/etc/glint-temporary"] == nil, context)
        #expect(files["/etc/glint-motd-link"]?.linkTarget == "/etc/motd", context)
        let hosts = files["/etc/hosts"]?.text ?? ""
        #expect(hosts.components(separatedBy: "10.0.0.5 db.internal").count == 2, "appended once: \(hosts)")
        #expect(hosts.contains("glint-\(fixture.distro)"), context)
        #expect(files["/etc/hostname"]?.text == "glint-\(fixture.distro)\n", context)

        let ssh = try #require(files[home(fixture) + "/.ssh"], context)
        #expect(ssh.status.permissions == 0o700 && ssh.status.uid == 1000, context)
        let keys = try #require(files[home(fixture) + "/.ssh/authorized_keys"], context)
        #expect(keys.text.contains("test@glint"), context)
        #expect(keys.status.permissions == 0o600 && keys.status.uid == 1000 && keys.status.gid == 1000, context)

        let shadow = files["/etc/shadow"]?.text
        let rootHash = try #require(shadowHash(shadow, user: "root"), context)
        #expect(rootHash.hasPrefix(fixture.yescrypt ? "$y$" : "$6$"), context)
        #expect(try PasswordHasher.verify("Glint-pass-1", against: rootHash), context)
        #expect(shadowHash(shadow, user: fixture.user)?.hasPrefix("!") == true, context)
        #expect((files["/etc/shadow"]?.status.permissions ?? 0o777) & 0o004 == 0, "shadow stays unreadable to others")

        switch fixture.initSystem {
        case .systemd:
            #expect(files["/etc/systemd/system/glint-firstboot.service"]?.text.contains("ExecStart=/usr/lib/glint/firstboot/firstboot.sh") == true, context)
            #expect(files["/etc/systemd/system/multi-user.target.wants/glint-firstboot.service"]?.linkTarget == "../glint-firstboot.service", context)
        case .openrc:
            #expect(files["/etc/init.d/glint-firstboot"]?.text.hasPrefix("#!/sbin/openrc-run") == true, context)
            #expect(files["/etc/runlevels/default/glint-firstboot"]?.linkTarget == "/etc/init.d/glint-firstboot", context)
        case .sysvinit:
            #expect(files["/etc/init.d/glint-firstboot"] != nil, context)
        }
        #expect(files["/usr/lib/glint/firstboot/scripts/0001-glint"]?.text.contains("echo hello > /root/firstboot-ran") == true, context)
        #expect(files["/usr/lib/glint/firstboot/firstboot.sh"]?.status.permissions == 0o755, context)

        #expect((files["/.autorelabel"] != nil) == fixture.selinux, context)
        #expect(files["/etc/localtime"]?.linkTarget == "/usr/share/zoneinfo/Europe/Paris", context)
        #expect(files["/etc/machine-id"]?.text == "", context)

        #expect(report.networkRenderer == fixture.renderer, context)
        #expect(!report.networkFiles.isEmpty, context)
        // Every file landed, owned by root; the static address is in one of them (VLAN, resolv.conf and route
        // files carry other parts of the sample).
        for path in report.networkFiles {
            let file = try #require(files[path], "\(fixture.image): \(path) missing")
            #expect(!file.text.isEmpty && file.status.uid == 0, "\(fixture.image): \(path)")
        }
        #expect(report.networkFiles.contains { files[$0]?.text.contains("192.0.2.10") == true }, context)
    }
}
