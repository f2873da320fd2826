import Foundation
import Libvirt
import Testing

/// The `Domain` handle against libvirt's test driver, which runs in the client library: every call goes through
/// the real libvirt API and error paths, with no daemon and no QEMU.
extension LibvirtTests {
    /// Opens a test driver of the test's own: `test:///default` is one state shared by every connection in the
    /// process, which the other tests count on, while a `test:///<node file>` connection starts from its own
    /// empty host (the file is read once, at open).
    static func openPrivateTestDriver() async throws -> LibvirtConnection {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glint-test-node-\(UUID()).xml").path
        try "<node/>\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await LibvirtConnection.open(uri: "test://" + path)
    }

    /// What the test driver can remove with a domain (it refuses the NVRAM and checkpoint flags).
    static let testUndefineFlags: Domain.UndefineFlags = [.managedSave, .snapshotsMetadata]

    /// A minimal persistent domain for the test driver.
    static func testDomainXML(name: String, uuid: UUID) -> String {
        """
        <domain type='test'>
          <name>\(name)</name>
          <uuid>\(uuid.uuidString.lowercased())</uuid>
          <memory unit='MiB'>256</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/guest/disk.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <interface type='network'><mac address='52:54:00:aa:00:01'/><source network='default'/>
              <target dev='testnet9'/></interface>
            <memballoon model='virtio'/>
          </devices>
        </domain>
        """
    }

    @Test("defines, looks up, starts, pauses, saves, stops and undefines a domain")
    func domainLifecycle() async throws {
        let connection = try await Self.openPrivateTestDriver()
        let name = "glint-test-\(UInt32.random(in: 0...UInt32.max))"
        let uuid = UUID()
        let domain = try await connection.defineDomain(xml: Self.testDomainXML(name: name, uuid: uuid))
        #expect(domain.name == name)
        #expect(domain.uuid == uuid)
        #expect(try await connection.domain(named: name).uuid == uuid)
        #expect(try await connection.domain(uuid: uuid).name == name)
        #expect(try await domain.status() == .shutOffUnknown)
        #expect(try await domain.isPersistent())
        #expect(try await !domain.isActive())

        try await domain.start()
        #expect(try await domain.status() == .runningBooted)
        let info = try await domain.info()
        #expect(info.state == .running)
        #expect(info.maxMemoryKiB == 256 * 1024)
        #expect(info.vcpus == 1)

        try await domain.suspend()
        #expect(try await domain.status() == .pausedUser)
        try await domain.resume()
        #expect(try await domain.status() == .runningUnpaused)

        let disk = try await domain.blockStats(disk: "vda")
        #expect(disk.readBytes != nil)
        let interface = try await domain.interfaceStats(device: "testnet9")
        #expect(interface.receivedBytes != nil)
        let memory = try await domain.memoryStats()
        #expect(memory.actualBalloon == 256 * 1024)
        #expect(try await !domain.hostname(source: []).isEmpty)

        try await domain.managedSave()
        #expect(try await domain.status() == .shutOffSaved)
        #expect(try await domain.hasManagedSave())
        try await domain.start()
        #expect(try await domain.status().state == .running)

        let live = try await domain.xmlDescription()
        #expect(live.contains("<name>\(name)</name>"))
        try await domain.destroy()
        #expect(try await domain.status() == .shutOffDestroyed)
        try await domain.undefine(flags: Self.testUndefineFlags)

        let error = try await #require(throws: VirtError.self) { try await connection.domain(named: name) }
        #expect(error.code == .noDomain)
        try await connection.close()
    }

    @Test("calls on a domain in the wrong state fail with libvirt's code")
    func wrongStateFails() async throws {
        let connection = try await Self.openPrivateTestDriver()
        let name = "glint-test-\(UInt32.random(in: 0...UInt32.max))"
        let domain = try await connection.defineDomain(xml: Self.testDomainXML(name: name, uuid: UUID()))

        // The test driver answers some calls (suspend, shutdown) with an internal error instead.
        let notRunning = try await #require(throws: VirtError.self) { try await domain.destroy() }
        #expect(notRunning.code == .operationInvalid)
        #expect(notRunning.context.contains(name))

        // The guest agent lives in the QEMU driver only.
        let agent = try await #require(throws: VirtError.self) {
            try await domain.agentCommand(#"{"execute":"guest-ping"}"#)
        }
        #expect(agent.code == .noSupport)
        let wait = try await #require(throws: VirtError.self) { try await domain.waitForAgent(timeout: .seconds(1)) }
        #expect(wait.code == .noSupport)

        let invalid = try await #require(throws: VirtError.self) {
            try await connection.defineDomain(xml: "<domain type='test'><name>x</name><bogus/></domain>")
        }
        #expect(invalid.code == .xmlInvalidSchema || invalid.code == .xmlError)
        try await domain.undefine(flags: Self.testUndefineFlags)
    }

    @Test("domain calls after the connection is closed fail as an invalid connection")
    func domainAfterCloseFails() async throws {
        let connection = try await LibvirtConnection.open(uri: Self.testURI)
        let domain = try await connection.domain(named: "test")
        try await connection.close()
        let error = try await #require(throws: VirtError.self) { try await domain.status() }
        #expect(error.code == .invalidConnection)
    }

    @Test("reads capabilities, free memory and the hypervisor version")
    func hostDetails() async throws {
        let connection = try await LibvirtConnection.open(uri: Self.testURI, readOnly: true)
        #expect(try await connection.capabilities().contains("<capabilities>"))
        #expect(try await connection.freeMemory() > 0)
        #expect(try await connection.hypervisorVersion() > LibvirtVersion(major: 0, minor: 0, release: 0))
        try await connection.close()
    }

    @Test("status descriptions name the reason")
    func statusDescriptions() {
        #expect(DomainStatus.shutOffSaved.description == "shut off (saved)")
        #expect(DomainStatus.pausedUser.description == "paused (user)")
        #expect(DomainStatus(state: .running, reason: 0).description == "running")
        #expect(DomainStatus(state: .paused, reason: 99).description == "paused (reason 99)")
    }
}
