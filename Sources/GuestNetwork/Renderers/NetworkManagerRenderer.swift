/// NetworkManager keyfiles, `/etc/NetworkManager/system-connections/glint-<name>.nmconnection`, mode 0600 (NM
/// ignores keyfiles others can read).
///
/// NetworkManager cannot rename a NIC, so a physical link with a MAC is bound by `[ethernet] mac-address` alone and
/// keeps the kernel's name; VLANs name their parent by connection UUID, which works whatever that name is. UUIDs
/// are name-based on the link id, so the same data always gives the same files.
///
/// Bond ports use `master=`/`slave-type=bond`: every NetworkManager on RHEL 9 and Fedora 40 reads them, while
/// `controller=`/`port-type=` exist only from 1.46 (RHEL 9.0–9.4 ship 1.36–1.44, which would ignore them and leave
/// the port out of the bond); 1.46 and later still accept the old names.
///
/// Precedence: several profiles may fit one device (cloud-init's `cloud-init-eth0.nmconnection`, ifcfg files
/// read by ifcfg-rh); NetworkManager activates the one with the highest `autoconnect-priority`, so ours carry
/// 200, above cloud-init's 120 and the default 0.
struct NetworkManagerRenderer {
    static let directory = "/etc/NetworkManager/system-connections"
    static let autoconnectPriority = 200

    let guest: GuestInterfaces

    func render() -> [RenderedFile] {
        guest.interfaces.map { interface in
            RenderedFile(
                path: "\(Self.directory)/glint-\(interface.name).nmconnection",
                contents: keyfile(for: interface), mode: 0o600)
        }
    }

    static func uuid(linkID: String) -> String { NameBasedUUID.uuid(name: "link:" + linkID) }

    private func keyfile(for interface: GuestInterface) -> String {
        var connection = [
            "id=glint-\(interface.name)",
            "uuid=\(Self.uuid(linkID: interface.linkID))",
        ]
        var ethernet: [String] = []
        var sections: [(String, [String])] = []
        switch interface.kind {
        case .physical:
            connection.append("type=ethernet")
            if let mac = interface.macAddress {
                ethernet.append("mac-address=\(mac)")
            } else {
                connection.append("interface-name=\(interface.name)")
            }
        case .vlan(_, let parentLinkID, let id):
            connection += ["type=vlan", "interface-name=\(interface.name)"]
            sections.append(("vlan", ["id=\(id)", "parent=\(Self.uuid(linkID: parentLinkID))"]))
        case .bond(_, let mode, let options):
            connection += ["type=bond", "interface-name=\(interface.name)"]
            let bond = (mode.map { ["mode=\($0)"] } ?? []) + options.map { "\($0.name)=\($0.kernelText())" }
            sections.append(("bond", bond))
        }
        connection.append("autoconnect-priority=\(Self.autoconnectPriority)")
        if let bond = guest.interfaces.first(where: { $0.name == interface.bondName }) {
            connection += ["master=\(Self.uuid(linkID: bond.linkID))", "slave-type=bond"]
        }
        if interface.isVirtual, let mac = interface.macAddress { ethernet.append("cloned-mac-address=\(mac)") }
        if let mtu = interface.mtu { ethernet.append("mtu=\(mtu)") }
        var all: [(String, [String])] = [("connection", connection)]
        if !ethernet.isEmpty { all.append(("ethernet", ethernet)) }
        all += sections
        if interface.bondName == nil {
            all.append(("ipv4", ipSection(interface.ipv4, dns: interface.ipv4DNS, off: "disabled")))
            all.append(("ipv6", ipSection(interface.ipv6, dns: interface.ipv6DNS, off: "ignore")))
        }
        let lines = ["# \(generatedHeader)"] + all.enumerated().flatMap { index, section in
            (index > 0 ? [""] : []) + ["[\(section.0)]"] + section.1
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `manual` with numbered addresses and routes; `auto` for every dynamic method, since NetworkManager follows
    /// the router advertisement's M and O flags for DHCPv6 (its `dhcp` method would skip router advertisements and
    /// so the default route); `off` when the family is not configured (IPv6 `ignore` leaves the kernel's default).
    private func ipSection(_ configuration: IPConfiguration, dns: [String], off: String) -> [String] {
        var lines: [String]
        if configuration.isStatic {
            lines = ["method=manual"]
            for (index, address) in configuration.addresses.enumerated() {
                let gateway = index == 0 ? configuration.gateway.map { "," + $0 } ?? "" : ""
                lines.append("address\(index + 1)=\(address.cidr)\(gateway)")
            }
            for (index, route) in configuration.routes.enumerated() {
                lines.append("route\(index + 1)=\(route.cidr),\(route.gateway)")
            }
        } else if configuration.dynamic != nil {
            lines = ["method=auto"]
        } else {
            return ["method=\(off)"]
        }
        if !dns.isEmpty { lines.append("dns=\(dns.map { $0 + ";" }.joined())") }
        return lines
    }
}
