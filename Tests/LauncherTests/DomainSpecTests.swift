import Foundation
import HostAccelerator
import Launcher
import Libvirt
import Testing

@Suite("DomainSpec to libvirt XML")
struct DomainSpecTests {
    static let uuid = UUID(uuidString: "6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11")!

    /// A TCG guest with one of everything.
    static func fullSpec(name: String = "instance-00000001") -> DomainSpec {
        var spec = DomainSpec(name: name, uuid: uuid, accelerator: .tcg, vcpus: 1, memoryMiB: 256)
        spec.maxVcpus = 2
        spec.title = "web 1"
        var root = DomainSpec.Disk(source: .file("/var/lib/glint/instances/x/disk"), format: .qcow2)
        root.serial = "root-disk"
        var tune = DomainSpec.IOTune()
        tune.totalBytesPerSecond = 104_857_600
        tune.readIOPS = 500
        root.ioTune = tune
        let configDrive = DomainSpec.Disk(
            source: .file("/var/lib/glint/instances/x/disk.config"), format: .raw, device: .cdrom, bus: .ide,
            target: "hdd")
        spec.disks = [root, configDrive]
        spec.interfaces = [DomainSpec.NetworkInterface(attachment: .user, mac: "52:54:00:AA:00:01")]
        spec.serialConsole = .ptyWithLog(path: "/var/lib/glint/instances/x/console.log")
        spec.graphics = [.vnc, .spice]
        return spec
    }

    @Test("renders a TCG domain with Nova's SMBIOS, features, devices and defaults")
    func rendersTCGDomain() throws {
        let tree = try XMLTree(parsing: Self.fullSpec().xml())
        #expect(tree.name == "domain")
        #expect(tree[attribute: "type"] == "qemu")
        #expect(tree.child("name")?.text == "instance-00000001")
        #expect(tree.child("uuid")?.text == "6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11")
        #expect(tree.child("title")?.text == "web 1")
        #expect(tree.child("memory")?.text == "256")
        #expect(tree.child("memory")?[attribute: "unit"] == "MiB")
        #expect(tree.child("vcpu")?.text == "2")
        #expect(tree.child("vcpu")?[attribute: "current"] == "1")

        let entries = tree.descendant("sysinfo", "system")?.children("entry") ?? []
        let smbios = Dictionary(uniqueKeysWithValues: entries.map { ($0[attribute: "name"] ?? "", $0.text ?? "") })
        #expect(
            smbios == [
                "manufacturer": "OpenStack Foundation", "product": "OpenStack Nova", "family": "Virtual Machine",
                "serial": "6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11", "uuid": "6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11",
            ])
        #expect(tree.child("sysinfo")?[attribute: "type"] == "smbios")
        #expect(tree.descendant("os", "smbios")?[attribute: "mode"] == "sysinfo")
        #expect(tree.descendant("os", "type")?[attribute: "machine"] == "pc")
        #expect(tree.descendant("os", "boot")?[attribute: "dev"] == "hd")

        #expect(tree.descendant("features", "acpi") != nil)
        #expect(tree.descendant("features", "apic") != nil)
        #expect(tree.descendant("features", "tcg", "tb-cache")?.text == "64")
        #expect(tree.child("cpu")?[attribute: "mode"] == "custom")
        #expect(tree.descendant("cpu", "model")?.text == "qemu64")
        #expect(tree.child("on_poweroff")?.text == "destroy")
        #expect(tree.child("on_reboot")?.text == "restart")
        #expect(tree.child("on_crash")?.text == "destroy")
        #expect(tree.child("seclabel") == nil)

        let devices = try #require(tree.child("devices"))
        let disks = devices.children("disk")
        #expect(disks.count == 2)
        let driver = disks[0].child("driver")
        #expect(driver?[attribute: "type"] == "qcow2")
        #expect(driver?[attribute: "cache"] == "none")
        #expect(driver?[attribute: "discard"] == "unmap")
        #expect(disks[0].child("target")?[attribute: "dev"] == "vda")
        #expect(disks[0].child("target")?[attribute: "bus"] == "virtio")
        #expect(disks[0].child("serial")?.text == "root-disk")
        #expect(disks[0].descendant("iotune", "total_bytes_sec")?.text == "104857600")
        #expect(disks[0].descendant("iotune", "read_iops_sec")?.text == "500")
        #expect(disks[0].child("readonly") == nil)
        #expect(disks[1][attribute: "device"] == "cdrom")
        #expect(disks[1].child("readonly") != nil)
        #expect(disks[1].child("driver")?[attribute: "discard"] == nil)

        let interface = try #require(devices.child("interface"))
        #expect(interface[attribute: "type"] == "user")
        #expect(interface.child("mac")?[attribute: "address"] == "52:54:00:aa:00:01")
        #expect(interface.child("model")?[attribute: "type"] == "virtio")

        #expect(devices.child("serial")?[attribute: "type"] == "pty")
        #expect(devices.descendant("serial", "log")?[attribute: "file"] == "/var/lib/glint/instances/x/console.log")
        #expect(devices.descendant("channel", "target")?[attribute: "name"] == "org.qemu.guest_agent.0")
        #expect(devices.children("graphics").map { $0[attribute: "type"] } == ["vnc", "spice"])
        #expect(devices.children("graphics").allSatisfy { $0[attribute: "listen"] == "127.0.0.1" })
        #expect(devices.children("graphics").allSatisfy { $0[attribute: "autoport"] == "yes" })
        #expect(devices.descendant("video", "model")?[attribute: "type"] == "qxl")
        #expect(devices.child("input")?[attribute: "type"] == "tablet")
        #expect(devices.child("memballoon")?[attribute: "model"] == "virtio")
        #expect(devices.descendant("memballoon", "stats")?[attribute: "period"] == "10")
    }

    @Test("KVM gets the kvm domain type, host-passthrough and no TCG cache")
    func rendersKVMDomain() throws {
        var spec = DomainSpec(name: "k", uuid: Self.uuid, accelerator: .kvm, vcpus: 2, memoryMiB: 512)
        spec.memoryBalloon = nil
        spec.guestAgent = false
        let tree = try XMLTree(parsing: spec.xml())
        #expect(tree[attribute: "type"] == "kvm")
        #expect(tree.child("cpu")?[attribute: "mode"] == "host-passthrough")
        #expect(tree.descendant("features", "tcg") == nil)
        #expect(tree.child("vcpu")?.text == "2")
        #expect(tree.child("vcpu")?[attribute: "current"] == nil)
        #expect(tree.descendant("devices", "memballoon")?[attribute: "model"] == "none")
        #expect(tree.descendant("devices", "channel") == nil)
        #expect(tree.descendant("devices", "video") == nil)
    }

    @Test("escapes names, titles and paths with <&'\">, and attributes keep line breaks")
    func escapes() throws {
        var spec = Self.fullSpec(name: "glint-test-<&'\">")
        spec.title = "a & b < c > d ' e \" f"
        spec.disks[0].source = .file("/srv/it's <here> & \"there\"/disk")
        spec.securityLabel = SecurityLabel(label: "+0:+0")
        let xml = try spec.xml()
        #expect(xml.contains("<name>glint-test-&lt;&amp;'\"&gt;</name>"))
        #expect(xml.contains("file='/srv/it&apos;s &lt;here&gt; &amp; &quot;there&quot;/disk'"))
        let tree = try XMLTree(parsing: xml)
        #expect(tree.child("name")?.text == "glint-test-<&'\">")
        #expect(tree.child("title")?.text == "a & b < c > d ' e \" f")
        #expect(tree.descendant("devices", "disk", "source")?[attribute: "file"] == "/srv/it's <here> & \"there\"/disk")
        #expect(tree.descendant("seclabel", "label")?.text == "+0:+0")

        let element = XMLTree("x", ["a": "one\ntwo\tthree\r"])
        #expect(element.rendered() == "<x a='one&#10;two&#9;three&#13;'/>\n")
        #expect(try XMLTree(parsing: element.rendered())[attribute: "a"] == "one\ntwo\tthree\r")
    }

    typealias SecurityLabel = DomainSpec.SecurityLabel

    @Test("boot order on disks replaces <os><boot dev>; direct kernel boot replaces both")
    func bootSelection() throws {
        var spec = Self.fullSpec()
        spec.disks[1].bootOrder = 1
        spec.disks[0].bootOrder = 2
        var tree = try XMLTree(parsing: spec.xml())
        #expect(tree.descendant("os", "boot") == nil)
        #expect(tree.child("devices")?.children("disk").map { $0.child("boot")?[attribute: "order"] } == ["2", "1"])

        spec = Self.fullSpec()
        spec.kernelBoot = .init(kernel: "/boot/vmlinuz", initrd: "/boot/initrd.img", commandLine: "console=ttyS0 quiet")
        tree = try XMLTree(parsing: spec.xml())
        #expect(tree.descendant("os", "kernel")?.text == "/boot/vmlinuz")
        #expect(tree.descendant("os", "initrd")?.text == "/boot/initrd.img")
        #expect(tree.descendant("os", "cmdline")?.text == "console=ttyS0 quiet")
        #expect(tree.descendant("os", "boot") == nil)
    }

    @Test("target names follow Nova's prefixes and run past z")
    func targetNames() {
        typealias Disk = DomainSpec.Disk
        #expect(Disk.targetName(bus: .virtio, index: 0) == "vda")
        #expect(Disk.targetName(bus: .virtio, index: 25) == "vdz")
        #expect(Disk.targetName(bus: .virtio, index: 26) == "vdaa")
        #expect(Disk.targetName(bus: .sata, index: 1) == "sdb")
        #expect(Disk.targetName(bus: .ide, index: 3) == "hdd")
    }

    @Test("I/O limits come from the flavor's quota:disk_* extra specs")
    func ioTuneFromExtraSpecs() throws {
        let tune = try #require(
            try DomainSpec.IOTune(extraSpecs: [
                "quota:disk_total_bytes_sec": "1048576", "quota:disk_write_iops_sec": " 100 ",
                "quota:disk_size_iops_sec": "4096", "hw:cpu_policy": "dedicated",
            ]))
        #expect(tune.totalBytesPerSecond == 1_048_576)
        #expect(tune.writeIOPS == 100)
        #expect(tune.sizeIOPS == 4096)
        #expect(tune.readBytesPerSecond == nil)
        #expect(try DomainSpec.IOTune(extraSpecs: ["hw:cpu_policy": "dedicated"]) == nil)
        #expect(throws: DomainSpecError.self) { try DomainSpec.IOTune(extraSpecs: ["quota:disk_read_iops_sec": "-1"]) }
    }

    static let virtioCDROM = DomainSpec.Disk(source: .file("/x.iso"), format: .raw, device: .cdrom, target: "vdb")

    /// Changes that make a valid description invalid, each with a label.
    static let invalidChanges: [(String, @Sendable (inout DomainSpec) -> Void)] = [
        ("empty name", { spec in spec.name = "" }),
        ("slash", { spec in spec.name = "a/b" }),
        ("line break", { spec in spec.name = "a\nb" }),
        ("control character", { spec in spec.title = "a\u{1}b" }),
        ("no vcpus", { spec in spec.vcpus = 0 }),
        ("max below current", { spec in spec.maxVcpus = 0 }),
        ("relative disk", { spec in spec.disks[0].source = .file("disk.qcow2") }),
        ("duplicate target", { spec in spec.disks[1].target = "vda" }),
        ("target off bus", { spec in spec.disks[0].target = "sda" }),
        ("duplicate boot order", { spec in spec.disks.indices.forEach { spec.disks[$0].bootOrder = 1 } }),
        ("IDE on q35", { spec in spec.machine = .q35 }),
        ("virtio CD-ROM", { spec in spec.disks[1] = virtioCDROM }),
        ("bad MAC", { spec in spec.interfaces[0].mac = "52:54:00:aa:00" }),
        ("multicast MAC", { spec in spec.interfaces[0].mac = "01:00:5e:00:00:01" }),
        ("relative console log", { spec in spec.serialConsole = .file(path: "console.log") }),
    ]

    @Test("refuses what libvirt would refuse or misread", arguments: invalidChanges)
    func refusesInvalid(_ label: String, _ change: @Sendable (inout DomainSpec) -> Void) {
        var spec = Self.fullSpec()
        change(&spec)
        #expect(throws: DomainSpecError.self, "\(label)") { try spec.xml() }
    }

    @Test("libvirt's own schema accepts the XML, and DomainDescription reads libvirt's version of it back")
    func libvirtAcceptsAndReadsBack() async throws {
        var spec = Self.fullSpec(name: "glint-test-<&'\">-\(UInt32.random(in: 0...UInt32.max))")
        spec.uuid = UUID()
        // The test driver (in the client library, no daemon) only runs domains of type 'test'; the rest of the
        // document is parsed and validated against the schema as the QEMU driver would.
        let xml = try spec.xml().replacingOccurrences(of: "<domain type='qemu'>", with: "<domain type='test'>")
        // A private test driver host: test:///default is shared by every test in the process.
        let node = FileManager.default.temporaryDirectory.appendingPathComponent("glint-test-node-\(UUID()).xml").path
        try "<node/>\n".write(toFile: node, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: node) }
        let connection = try await LibvirtConnection.open(uri: "test://" + node)
        let domain = try await connection.defineDomain(xml: xml, flags: .validate)
        let description = try DomainDescription(xml: try await domain.xmlDescription())
        try await domain.undefine(flags: [.managedSave, .snapshotsMetadata])
        try await connection.close()

        #expect(description.name == spec.name)
        #expect(description.uuid == spec.uuid)
        #expect(description.disks.map(\.target) == ["vda", "hdd"])
        #expect(description.disks.map(\.sourcePath) == spec.disks.map(\.source.path))
        #expect(description.disks.map(\.readOnly) == [false, true])
        #expect(description.disks.first?.serial == "root-disk")
        #expect(description.interfaces.map(\.mac) == ["52:54:00:aa:00:01"])
        #expect(description.graphics.map(\.type) == ["vnc", "spice"])
        #expect(description.graphics.allSatisfy { $0.port == nil })
        #expect(description.guestAgent != nil)
        #expect(description.consoleLogPath == "/var/lib/glint/instances/x/console.log")
    }

    @Test("DomainDescription reads ports, taps, the pty and the agent state from live XML")
    func readsLiveXML() throws {
        let description = try DomainDescription(xml: Self.liveXML)
        #expect(description.runtimeID == 29)
        #expect(description.type == "qemu")
        #expect(description.graphics("vnc")?.port == 5900)
        #expect(description.graphics("spice")?.port == 5901)
        #expect(description.graphics("vnc")?.listen == "127.0.0.1")
        #expect(description.interfaces.first?.targetDevice == "vnet3")
        #expect(description.interfaces.first?.source == "default")
        #expect(description.consolePTY == "/dev/pts/0")
        #expect(description.consoleLogPath == "/srv/console.log")
        #expect(description.guestAgent?.isConnected == true)
        #expect(description.disks.first?.format == "qcow2")

        #expect(throws: XMLTreeError.self) { try DomainDescription(xml: "<domain><name>x</domain>") }
        #expect(throws: XMLTreeError.self) { try DomainDescription(xml: "<network/>") }
    }

    /// Trimmed from `virsh dumpxml` of a running tiny guest here.
    static let liveXML = """
        <domain type='qemu' id='29'>
          <name>glint-manual-&lt;&amp;&apos;&quot;&gt;</name>
          <uuid>6d9e1a3c-0b7a-4f4e-9a51-2f1c8b0e7d11</uuid>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2' cache='none' discard='unmap'/>
              <source file='/var/lib/libvirt/images/glint-manual/disk.qcow2' index='1'/>
              <backingStore type='file' index='2'>
                <format type='qcow2'/>
                <source file='/var/lib/libvirt/images/glint-manual/base.qcow2'/>
              </backingStore>
              <target dev='vda' bus='virtio'/>
            </disk>
            <interface type='network'>
              <mac address='52:54:00:aa:00:01'/>
              <source network='default' portid='0f1e' bridge='virbr0'/>
              <target dev='vnet3'/>
              <model type='virtio'/>
            </interface>
            <serial type='pty'>
              <source path='/dev/pts/0'/>
              <log file='/srv/console.log' append='off'/>
              <target type='isa-serial' port='0'><model name='isa-serial'/></target>
            </serial>
            <channel type='unix'>
              <source mode='bind' path='/var/lib/libvirt/qemu/channel/target/domain-29-x/org.qemu.guest_agent.0'/>
              <target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>
            </channel>
            <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>
              <listen type='address' address='127.0.0.1'/>
            </graphics>
            <graphics type='spice' port='5901' autoport='yes' listen='127.0.0.1'>
              <listen type='address' address='127.0.0.1'/>
            </graphics>
          </devices>
        </domain>
        """
}
