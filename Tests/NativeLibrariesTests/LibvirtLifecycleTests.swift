import Foundation
import HostAccelerator
import Launcher
import Libvirt
import Logging
import Testing

/// One real guest on `qemu:///system`: the tiny image (`Images/build.sh tiny`) booted under TCG from a
/// ``DomainSpec``, taken through the calls the launcher needs. About 30-50 s of guest time (two boots to the agent).
///
/// Images: QEMU runs as `libvirt-qemu` with libvirt's dynamic DAC labelling, as it will for instances, so the
/// image is copied out of the cache under `/root` (which `libvirt-qemu` cannot traverse) into a private directory
/// under `/var/lib/libvirt/images`, with a qcow2 overlay on top; libvirt chowns both when the domain starts.
@Suite("libvirt lifecycle on qemu:///system")
struct LibvirtLifecycleTests {
    static let uri = "qemu:///system"

    /// Whether the test can run: as root (it writes under `/var/lib/libvirt/images`), with libvirtd answering on
    /// `qemu:///system`.
    static func systemReachable() async -> Bool {
        guard getuid() == 0, let connection = try? await LibvirtConnection.open(uri: uri) else { return false }
        try? await connection.close()
        return true
    }

    @Test(
        "a tiny guest through define, start, agent, password, pause, snapshot, managed save, reboot, shutdown",
        .enabled("needs root and qemu:///system: run as root with libvirtd and virtlogd started") {
            await LibvirtLifecycleTests.systemReachable()
        },
        .timeLimit(.minutes(5)))
    func tinyGuestLifecycle() async throws {
        let scratch = try LifecycleScratch()
        let connection = try await LibvirtConnection.open(uri: Self.uri)
        let name = "glint-test-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        do {
            try await exercise(connection: connection, name: name, scratch: scratch)
        } catch {
            await Self.cleanUp(name: name, connection: connection, scratch: scratch)
            throw error
        }
        await Self.cleanUp(name: name, connection: connection, scratch: scratch)
    }

    /// Destroys and undefines the domain if it is still there, whatever state a failed test left it in, and
    /// removes the scratch directory. It runs in a task of its own: after a time-limit cancellation, calls from
    /// the cancelled test task would fail before reaching libvirt.
    static func cleanUp(name: String, connection: LibvirtConnection, scratch: LifecycleScratch) async {
        await Task {
            if let domain = try? await connection.domain(named: name) {
                try? await domain.destroy()
                try? await domain.undefine(flags: .all)
            }
            try? await connection.close()
            scratch.remove()
        }.value
    }

    private func exercise(connection: LibvirtConnection, name: String, scratch: LifecycleScratch) async throws {
        var logger = Logger(label: "glint.test.lifecycle")
        logger.logLevel = .debug
        var timings = Timings()

        var spec = DomainSpec(name: name, accelerator: .tcg, vcpus: 1, memoryMiB: 256)
        spec.maxVcpus = 2
        spec.disks = [DomainSpec.Disk(source: .file(scratch.disk), format: .qcow2)]
        spec.interfaces = [DomainSpec.NetworkInterface(attachment: .user, mac: "52:54:00:6c:00:01")]
        spec.serialConsole = .ptyWithLog(path: scratch.consoleLog)
        spec.graphics = [.vnc]

        let domain = try await timings.measure("define") { try await connection.defineDomain(xml: spec.xml()) }
        #expect(domain.uuid == spec.uuid)
        #expect(try await domain.status().state == .shutOff)

        try await timings.measure("start") { try await domain.start() }
        #expect(try await domain.status() == .runningBooted)
        try await timings.measure("boot to agent") {
            try await domain.waitForAgent(timeout: .seconds(90), logger: logger)
        }

        // The agent, and what it reports.
        #expect(try await domain.agentCommand(#"{"execute":"guest-ping"}"#) == #"{"return":{}}"#)
        let guest = try await domain.guestInfo(types: [.os, .hostname, .timezone])
        #expect(guest.osID != nil)
        #expect(guest.kernelRelease != nil)
        let hostname = try await domain.hostname(source: .agent)
        #expect(!hostname.isEmpty)
        #expect(guest.hostname == hostname)
        let shadowBefore = try await GuestShell(domain: domain).run("grep '^root:' /etc/shadow")
        try await timings.measure("set password") {
            try await domain.setUserPassword(user: "root", password: "Glint-Test-\(UInt16.random(in: 0...9999))")
        }
        let shadowAfter = try await GuestShell(domain: domain).run("grep '^root:' /etc/shadow")
        #expect(shadowAfter != shadowBefore)
        #expect(shadowAfter.hasPrefix("root:$"))
        let unknownUser = try await #require(throws: VirtError.self) {
            try await domain.setUserPassword(user: "nobody-here", password: "x")
        }
        #expect(unknownUser.code == .internalError)

        // What libvirt reports about the running domain.
        let info = try await domain.info()
        #expect(info.state == .running)
        #expect(info.maxMemoryKiB == 256 * 1024)
        #expect(info.cpuTimeNanoseconds > 0)
        #expect(try await domain.blockStats(disk: "vda").readBytes ?? 0 > 0)
        #expect(try await domain.memoryStats().rss ?? 0 > 0)
        // A user-mode interface has no host-side device to count on.
        await #expect(throws: VirtError.self) { try await domain.interfaceStats(device: "52:54:00:6c:00:01") }
        let live = try DomainDescription(xml: try await domain.xmlDescription())
        #expect(live.guestAgent?.isConnected == true)
        #expect(live.graphics("vnc")?.port ?? 0 >= 5900)
        #expect(live.consolePTY?.hasPrefix("/dev/pts/") == true)
        #expect(live.consoleLogPath == scratch.consoleLog)
        #expect(live.disks.first?.sourcePath == scratch.disk)
        let console = try String(contentsOfFile: scratch.consoleLog, encoding: .utf8)
        #expect(console.contains("Linux version"))
        #expect(try await !domain.xmlDescription(flags: [.inactive]).contains("state='connected'"))

        // Pause and resume.
        try await timings.measure("suspend") { try await domain.suspend() }
        #expect(try await domain.status() == .pausedUser)
        try await timings.measure("resume") { try await domain.resume() }
        #expect(try await domain.status() == .runningUnpaused)

        // Resources.
        try await domain.setVcpus(2, flags: .live)
        #expect(try await domain.info().vcpus == 2)
        // The tiny guest has no virtio_balloon driver, so a live balloon target is accepted but never reached:
        // only the call is checked. The persistent maximum is read back.
        try await domain.setMemory(kibibytes: 200 * 1024, flags: .live)
        try await domain.setMemory(kibibytes: 384 * 1024, flags: [.config, .maximum])
        let inactive = try DomainDescription(xml: try await domain.xmlDescription(flags: .inactive))
        #expect(inactive.tree.child("memory")?.text == "\(384 * 1024)")
        try await domain.blockResize(disk: "vda", bytes: 600 * 1024 * 1024)
        #expect(try await GuestShell(domain: domain).run("cat /sys/block/vda/size") == "\(600 * 2048)\n")

        // Quiesce, disk-only snapshot onto a new overlay, then commit it back and pivot (Nova's live snapshot
        // and volume-snapshot paths).
        let frozen = try await domain.freezeFilesystems()
        #expect(frozen >= 1)
        #expect(try await domain.thawFilesystems() == frozen)
        try await timings.measure("snapshot + commit") {
            try await snapshotAndCommit(domain: domain, scratch: scratch)
        }
        #expect(try DomainDescription(xml: try await domain.xmlDescription()).disks.first?.sourcePath == scratch.disk)

        // Managed save, and a start that restores it.
        try await timings.measure("managed save") { try await domain.managedSave() }
        #expect(try await domain.status() == .shutOffSaved)
        #expect(try await domain.hasManagedSave())
        try await timings.measure("restore") { try await domain.start() }
        #expect(try await domain.status() == .runningRestored)
        #expect(try await !domain.hasManagedSave())
        try await timings.measure("agent after restore") { try await domain.waitForAgent(timeout: .seconds(30)) }

        // Reboot through the agent: a new boot id proves the guest went down and came back.
        let bootID = try await GuestShell(domain: domain).run("cat /proc/sys/kernel/random/boot_id")
        try await timings.measure("reboot (agent) to agent") {
            try await domain.reboot(mode: .agent)
            try await waitForNewBoot(domain: domain, previous: bootID, timeout: .seconds(90))
        }

        // ACPI shutdown until it is off.
        try await timings.measure("shutdown (ACPI)") {
            try await domain.shutdown(mode: .acpi)
            try await waitForShutOff(domain: domain, timeout: .seconds(30))
        }
        #expect(try await domain.status() == .shutOffShutdown)
        await #expect(throws: VirtError.self) { try await domain.suspend() }

        try await domain.undefine(flags: .all)
        let gone = try await #require(throws: VirtError.self) { try await connection.domain(named: name) }
        #expect(gone.code == .noDomain)

        // The same disk in a transient domain started paused (no boot needed): reset, a block copy pivoted onto a
        // new file, and a graceful destroy that makes it disappear.
        try await timings.measure("transient: create, copy, destroy") {
            try await transientCopy(connection: connection, spec: spec, scratch: scratch)
        }
        #expect(try await connection.hypervisorVersion() >= LibvirtVersion(major: 7, minor: 0, release: 0))
        print("LibvirtLifecycleTests timings: \(timings)")
    }

    private func snapshotAndCommit(domain: Domain, scratch: LifecycleScratch) async throws {
        let snapshot = XMLTree(
            "domainsnapshot",
            children: [
                XMLTree(
                    "disks",
                    children: [
                        XMLTree(
                            "disk", ["name": "vda", "snapshot": "external"],
                            children: [XMLTree("source", ["file": scratch.snapshotOverlay])])
                    ])
            ])
        try await domain.createSnapshot(xml: snapshot.rendered(), flags: [.diskOnly, .atomic, .noMetadata, .quiesce])
        let snapshotted = try DomainDescription(xml: try await domain.xmlDescription())
        #expect(snapshotted.disks.first?.sourcePath == scratch.snapshotOverlay)
        try await domain.blockCommit(disk: "vda", flags: [.active, .shallow])
        try await waitForCaughtUp(domain: domain, disk: "vda")
        #expect(try await domain.blockJobInfo(disk: "vda")?.isActiveCommit == true)
        try await domain.abortBlockJob(disk: "vda", flags: .pivot)
        #expect(try await domain.blockJobInfo(disk: "vda") == nil)
    }

    private func transientCopy(
        connection: LibvirtConnection,
        spec: DomainSpec,
        scratch: LifecycleScratch
    ) async throws {
        var transient = spec
        transient.name = spec.name + "-transient"
        transient.uuid = UUID()
        let domain = try await connection.createDomain(xml: transient.xml(), flags: [.paused, .autoDestroy])
        #expect(try await domain.status().state == .paused)
        #expect(try await !domain.isPersistent())
        try await domain.reset()
        let destination = DomainSpec.Disk(source: .file(scratch.copy), format: .qcow2)
        try await domain.blockCopy(disk: "vda", destinationXML: destination.xml(), flags: .shallow)
        try await waitForCaughtUp(domain: domain, disk: "vda")
        try await domain.abortBlockJob(disk: "vda", flags: .pivot)
        #expect(try DomainDescription(xml: try await domain.xmlDescription()).disks.first?.sourcePath == scratch.copy)
        try await domain.destroy(flags: .graceful)
        let gone = try await #require(throws: VirtError.self) { try await connection.domain(uuid: transient.uuid) }
        #expect(gone.code == .noDomain)
    }

    private func waitForCaughtUp(domain: Domain, disk: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while try #require(try await domain.blockJobInfo(disk: disk)).isCaughtUp == false {
            try #require(clock.now < deadline, "the block job on \(disk) did not catch up in 30 s")
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func waitForNewBoot(domain: Domain, previous: String, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            if let current = try? await GuestShell(domain: domain).run("cat /proc/sys/kernel/random/boot_id"),
                !current.isEmpty, current != previous
            {
                return
            }
        }
        Issue.record("the guest did not come back with a new boot id within \(timeout)")
    }

    private func waitForShutOff(domain: Domain, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while try await domain.status().state != .shutOff {
            try #require(clock.now < deadline, "still running \(timeout) after an ACPI shutdown")
            try await Task.sleep(for: .milliseconds(250))
        }
    }

}

/// A private directory under `/var/lib/libvirt/images` holding a copy of the tiny image, an overlay on it and the
/// console log; removed after the test.
struct LifecycleScratch {
    let directory: String
    var disk: String { directory + "/disk.qcow2" }
    var base: String { directory + "/base.qcow2" }
    var snapshotOverlay: String { directory + "/snapshot.qcow2" }
    var copy: String { directory + "/copy.qcow2" }
    var consoleLog: String { directory + "/console.log" }

    init() throws {
        directory = "/var/lib/libvirt/images/glint-test-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        do {
            let output = try Self.run("/bin/bash", [Self.repository + "/Images/build.sh", "tiny"])
            let cached = output.split(separator: "\n").last.map(String.init) ?? ""
            try FileManager.default.copyItem(atPath: cached, toPath: base)
            _ = try Self.run("/usr/bin/qemu-img", ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base, disk])
        } catch {
            remove()
            throw error
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs a tool and returns its standard output; fails on a non-zero status.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = ([tool] + arguments).joined(separator: " ")
            throw LifecycleTestError("\(command) exited with \(process.terminationStatus)")
        }
        return text
    }
}

/// Runs shell commands in the guest through the agent's `guest-exec`, as `Images/tiny/smoke.sh` does.
struct GuestShell {
    let domain: Domain

    /// Runs `command` with `/bin/sh -c` and returns its standard output once it exits.
    func run(_ command: String) async throws -> String {
        let request: [String: Any] = [
            "execute": "guest-exec",
            "arguments": ["path": "/bin/sh", "arg": ["-c", command], "capture-output": true],
        ]
        let started = try await call(request)
        let pid = try #require(started["pid"] as? Int)
        for _ in 0..<100 {
            let status = try await call(["execute": "guest-exec-status", "arguments": ["pid": pid]])
            if status["exited"] as? Bool == true {
                let data = (status["out-data"] as? String).flatMap { Data(base64Encoded: $0) } ?? Data()
                return String(decoding: data, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LifecycleTestError("guest command did not finish: \(command)")
    }

    private func call(_ request: [String: Any]) async throws -> [String: Any] {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        let answer = try await domain.agentCommand(json, timeout: .seconds(10))
        let object = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
        return try #require(object?["return"] as? [String: Any])
    }
}

/// Step durations, printed at the end so a run shows where the time went.
struct Timings: CustomStringConvertible {
    private var steps: [(String, Duration)] = []

    @discardableResult
    mutating func measure<T>(_ step: String, _ body: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        steps.append((step, clock.now - start))
        return result
    }

    var description: String {
        steps.map { step, duration in
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return "\(step) \(String(format: "%.2f", seconds)) s"
        }.joined(separator: ", ")
    }
}

struct LifecycleTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
