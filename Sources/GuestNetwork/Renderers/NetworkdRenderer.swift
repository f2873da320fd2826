/// systemd-networkd: `/etc/systemd/network/05-glint-<name>.network`, `.netdev` for VLANs and bonds, and `.link`
/// to give a physical NIC matched by MAC its name.
///
/// Precedence: networkd applies only the first `.network` file, in lexical order across all its directories,
/// that matches a device; hence `05-`, ahead of cloud-init's `10-cloud-init-*`, netplan's `10-netplan-*`, Arch's
/// `20-*` examples and systemd's `89-ethernet.network`. `.link` files follow the same first-match rule ahead of
/// `99-default.link`. Physical NICs are matched by `PermanentMACAddress=`, not `MACAddress=`: bonds and VLANs
/// take their first member's or parent's current MAC and would otherwise match the NIC's file too.
struct NetworkdRenderer {
    static let directory = "/etc/systemd/network"
    static let prefix = "05-glint-"

    let guest: GuestInterfaces

    func render() -> [RenderedFile] {
        guest.interfaces.flatMap { interface -> [RenderedFile] in
            let base = "\(Self.directory)/\(Self.prefix)\(interface.name)"
            var files: [RenderedFile] = []
            if interface.kind == .physical, let mac = interface.macAddress {
                files.append(file(base + ".link", [("Match", ["PermanentMACAddress=\(mac)"]), ("Link", ["Name=\(interface.name)"])]))
            }
            if let netdev = netdev(for: interface) { files.append(file(base + ".netdev", netdev)) }
            files.append(file(base + ".network", network(for: interface)))
            return files
        }
    }

    private func file(_ path: String, _ sections: [(String, [String])]) -> RenderedFile {
        let lines = ["# \(generatedHeader)"] + sections.enumerated().flatMap { index, section in
            (index > 0 ? [""] : []) + ["[\(section.0)]"] + section.1
        }
        return RenderedFile(path: path, contents: lines.joined(separator: "\n") + "\n")
    }

    private func netdev(for interface: GuestInterface) -> [(String, [String])]? {
        var netdev = ["Name=\(interface.name)"]
        let specific: (String, [String])
        switch interface.kind {
        case .physical:
            return nil
        case .vlan(_, _, let id):
            netdev.append("Kind=vlan")
            specific = ("VLAN", ["Id=\(id)"])
        case .bond(_, let mode, let options):
            netdev.append("Kind=bond")
            specific = ("Bond", (mode.map { ["Mode=\($0)"] } ?? []) + options.compactMap(Self.bondSetting))
        }
        if let mac = interface.macAddress { netdev.append("MACAddress=\(mac)") }
        return [("NetDev", netdev), specific]
    }

    private func network(for interface: GuestInterface) -> [(String, [String])] {
        let match =
            interface.kind == .physical ? interface.macAddress.map { "PermanentMACAddress=\($0)" } ?? "Name=\(interface.name)"
            : "Name=\(interface.name)"
        var sections: [(String, [String])] = [("Match", [match])]
        if let mtu = interface.mtu { sections.append(("Link", ["MTUBytes=\(mtu)"])) }
        var network: [String] = []
        if let bond = interface.bondName {
            network.append("Bond=\(bond)")
            let bondLink = guest.interfaces.first { $0.name == bond }
            if case .bond(_, _, let options) = bondLink?.kind,
                options.contains(where: { $0.name == "primary" && $0.kernelText() == interface.name })
            {
                network.append("PrimarySlave=yes")
            }
            sections.append(("Network", network))
            return sections
        }
        let v4 = interface.ipv4.dynamic == .dhcp
        let v6 = interface.ipv6.dynamic == .dhcp
        if v4 || v6 { network.append("DHCP=\(v4 && v6 ? "yes" : v4 ? "ipv4" : "ipv6")") }
        // Stateless DHCPv6 needs no DHCP=: networkd starts DHCPv6 itself when the router advertisement's O flag asks.
        if interface.ipv6.dynamic != nil {
            network.append("IPv6AcceptRA=yes")
        } else if interface.ipv6.isStatic {
            network.append("IPv6AcceptRA=no")
        }
        network += (interface.ipv4.addresses + interface.ipv6.addresses).map { "Address=\($0.cidr)" }
        network += [interface.ipv4.gateway, interface.ipv6.gateway].compactMap { $0.map { "Gateway=\($0)" } }
        network += interface.dns.map { "DNS=\($0)" }
        for child in guest.interfaces {
            if case .vlan(let parent, _, _) = child.kind, parent == interface.name { network.append("VLAN=\(child.name)") }
        }
        if network.isEmpty { network.append("LinkLocalAddressing=no") }
        sections.append(("Network", network))
        for route in interface.ipv4.routes + interface.ipv6.routes {
            sections.append(("Route", ["Destination=\(route.cidr)", "Gateway=\(route.gateway)"]))
        }
        return sections
    }

    /// Kernel bond option → `[Bond]` setting (systemd.netdev(5)); intervals the kernel takes in milliseconds get
    /// an `ms` unit, since networkd reads bare numbers as seconds. `primary` goes to the member's `.network`.
    private static func bondSetting(_ option: BondOption) -> String? {
        let value = option.kernelText(separator: " ")
        switch option.name {
        case "primary": return nil
        case "miimon": return "MIIMonitorSec=\(value)ms"
        case "updelay": return "UpDelaySec=\(value)ms"
        case "downdelay": return "DownDelaySec=\(value)ms"
        case "arp_interval": return "ARPIntervalSec=\(value)ms"
        case "learn_packet_interval": return "LearnPacketIntervalSec=\(value)"
        case "all_slaves_active": return "AllSlavesActive=\(value == "1" ? "yes" : "no")"
        case "lacp_rate": return "LACPTransmitRate=\(["0": "slow", "1": "fast"][value] ?? value)"
        case "ad_select": return "AdSelect=\(["0": "stable", "1": "bandwidth", "2": "count"][value] ?? value)"
        default:
            let names = [
                "xmit_hash_policy": "TransmitHashPolicy", "min_links": "MinLinks", "arp_ip_target": "ARPIPTargets",
                "arp_validate": "ARPValidate", "arp_all_targets": "ARPAllTargets",
                "primary_reselect": "PrimaryReselectPolicy", "fail_over_mac": "FailOverMACPolicy",
                "num_grat_arp": "GratuitousARP", "packets_per_slave": "PacketsPerSlave",
            ]
            return names[option.name].map { "\($0)=\(value)" }
        }
    }
}
