public import Foundation

/// What the launcher reads back from a domain's XML (``Libvirt/Domain/xmlDescription(flags:)``): the display
/// ports libvirt chose, the disks and interfaces with their host-side names, the console log and the guest
/// agent channel's state.
///
/// Read from the live XML while the domain runs: ports, tap names and the agent state only exist there.
public struct DomainDescription: Sendable, Hashable {
    /// The domain name.
    public var name: String
    /// The domain UUID.
    public var uuid: UUID?
    /// The domain type: `kvm` or `qemu`.
    public var type: String?
    /// The hypervisor's id while running (`<domain id=…>`), `nil` otherwise.
    public var runtimeID: Int?
    /// The remote displays.
    public var graphics: [Graphics]
    /// The disks and CD-ROMs.
    public var disks: [Disk]
    /// The network interfaces.
    public var interfaces: [Interface]
    /// The guest agent channel; `nil` when the domain has none.
    public var guestAgent: AgentChannel?
    /// The file the first serial port's output goes to (`<log file>` or a `file` serial's source).
    public var consoleLogPath: String?
    /// The pty of a `pty` serial port while running, for example `/dev/pts/3`.
    public var consolePTY: String?
    /// The whole document, for anything not read into a property.
    public var tree: XMLTree

    /// A remote display as libvirt runs it.
    public struct Graphics: Sendable, Hashable {
        /// `vnc` or `spice`.
        public var type: String
        /// The port libvirt chose; `nil` before start (it is -1 in the inactive XML).
        public var port: Int?
        /// SPICE's TLS port, when one is open.
        public var tlsPort: Int?
        /// The listen address.
        public var listen: String?
    }

    /// A disk as libvirt uses it.
    public struct Disk: Sendable, Hashable {
        /// `disk` or `cdrom`.
        public var device: String
        /// The image file or device, `nil` for an empty CD-ROM.
        public var sourcePath: String?
        /// The target name, for example `vda`.
        public var target: String
        /// The bus, for example `virtio`.
        public var bus: String?
        /// The format QEMU opens it as, for example `qcow2`.
        public var format: String?
        /// Whether it is read-only.
        public var readOnly: Bool
        /// The serial the guest sees, if any.
        public var serial: String?
    }

    /// A network interface as libvirt runs it.
    public struct Interface: Sendable, Hashable {
        /// `user`, `network`, `bridge`, ….
        public var type: String
        /// The MAC address, as libvirt writes it (lower case).
        public var mac: String?
        /// The host-side device while running (`vnet0`, a tap name), for interface statistics.
        public var targetDevice: String?
        /// The network or bridge it is plugged into.
        public var source: String?
        /// The device model, for example `virtio`.
        public var model: String?
    }

    /// The QEMU guest agent's virtio channel.
    public struct AgentChannel: Sendable, Hashable {
        /// `connected` or `disconnected` while running (libvirt's view of the agent); `nil` when not running.
        public var state: String?

        /// Whether libvirt sees the agent connected.
        public var isConnected: Bool { state == "connected" }
    }

    /// Reads the description from a `<domain>` document.
    ///
    /// - Throws: ``XMLTreeError`` when the document is not well-formed or its root is not `<domain>`.
    public init(xml: String) throws(XMLTreeError) {
        let tree = try XMLTree(parsing: xml)
        guard tree.name == "domain" else {
            throw XMLTreeError("the root element is <\(tree.name)>, not <domain>")
        }
        let devices = tree.child("devices")
        self.tree = tree
        name = tree.child("name")?.text ?? ""
        uuid = tree.child("uuid")?.text.flatMap(UUID.init(uuidString:))
        type = tree[attribute: "type"]
        runtimeID = tree[attribute: "id"].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        graphics = (devices?.children("graphics") ?? []).map { element in
            Graphics(
                type: element[attribute: "type"] ?? "",
                port: element[attribute: "port"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil },
                tlsPort: element[attribute: "tlsPort"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil },
                listen: element[attribute: "listen"] ?? element.child("listen")?[attribute: "address"])
        }
        disks = (devices?.children("disk") ?? []).map { element in
            let source = element.child("source")
            return Disk(
                device: element[attribute: "device"] ?? "disk",
                sourcePath: source?[attribute: "file"] ?? source?[attribute: "dev"] ?? source?[attribute: "name"],
                target: element.child("target")?[attribute: "dev"] ?? "",
                bus: element.child("target")?[attribute: "bus"],
                format: element.child("driver")?[attribute: "type"],
                readOnly: element.child("readonly") != nil,
                serial: element.child("serial")?.text)
        }
        interfaces = (devices?.children("interface") ?? []).map { element in
            let source = element.child("source")
            return Interface(
                type: element[attribute: "type"] ?? "",
                mac: element.child("mac")?[attribute: "address"],
                targetDevice: element.child("target")?[attribute: "dev"],
                source: source?[attribute: "network"] ?? source?[attribute: "bridge"] ?? source?[attribute: "dev"],
                model: element.child("model")?[attribute: "type"])
        }
        guestAgent = (devices?.children("channel") ?? [])
            .first { $0.child("target")?[attribute: "name"] == "org.qemu.guest_agent.0" }
            .map { AgentChannel(state: $0.child("target")?[attribute: "state"]) }
        let serial = devices?.children("serial").first
        let fileSource = serial?[attribute: "type"] == "file" ? serial?.child("source")?[attribute: "path"] : nil
        consoleLogPath = serial?.child("log")?[attribute: "file"] ?? fileSource
        consolePTY = serial?[attribute: "type"] == "pty" ? serial?.child("source")?[attribute: "path"] : nil
    }

    /// The first display of `type` (`vnc` or `spice`).
    public func graphics(_ type: String) -> Graphics? {
        graphics.first { $0.type == type }
    }
}
