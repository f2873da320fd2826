import GlintJSON

/// netplan version 2 YAML, `/etc/netplan/90-glint.yaml`, mode 0600 (netplan warns about readable files).
///
/// Precedence: netplan merges all files in lexical order, later values winning per interface id, so ours (90)
/// overrides cloud-init's `50-cloud-init.yaml` and the installer's `00-installer-config.yaml` for the same id. That
/// is why `dhcp4` and `dhcp6` are always written, `false` included: a `dhcp4: true` left in an earlier file would
/// otherwise survive the merge. Physical links with a MAC are matched by it and renamed with `set-name`, so the
/// id and the kernel name agree. Default routes are written as `0.0.0.0/0` and `::/0` rather than `default`,
/// which netplan before 0.103 (Ubuntu 18.04, 20.04) does not know; `gateway4`/`gateway6` are deprecated.
struct NetplanRenderer {
    static let path = "/etc/netplan/90-glint.yaml"

    let guest: GuestInterfaces

    func render() -> [RenderedFile] {
        var ethernets: [(String, YAMLNode)] = []
        var bonds: [(String, YAMLNode)] = []
        var vlans: [(String, YAMLNode)] = []
        for interface in guest.interfaces {
            var entry: [(String, YAMLNode)] = []
            switch interface.kind {
            case .physical:
                if let mac = interface.macAddress {
                    entry += [("match", .map([("macaddress", .string(mac))])), ("set-name", .string(interface.name))]
                }
            case .vlan(let parent, _, let id):
                entry += [("id", .int(Int64(id))), ("link", .string(parent))]
                if let mac = interface.macAddress { entry.append(("macaddress", .string(mac))) }
            case .bond(let members, let mode, let options):
                entry.append(("interfaces", .list(members.map(YAMLNode.string))))
                let parameters = (mode.map { [("mode", YAMLNode.string($0))] } ?? []) + options.map(Self.parameter)
                if !parameters.isEmpty { entry.append(("parameters", .map(parameters))) }
                if let mac = interface.macAddress { entry.append(("macaddress", .string(mac))) }
            }
            if let mtu = interface.mtu { entry.append(("mtu", .int(Int64(mtu)))) }
            entry += addressing(of: interface)
            switch interface.kind {
            case .physical: ethernets.append((interface.name, .map(entry)))
            case .vlan: vlans.append((interface.name, .map(entry)))
            case .bond: bonds.append((interface.name, .map(entry)))
            }
        }
        var network: [(String, YAMLNode)] = [("version", .int(2))]
        if !ethernets.isEmpty { network.append(("ethernets", .map(ethernets))) }
        if !bonds.isEmpty { network.append(("bonds", .map(bonds))) }
        if !vlans.isEmpty { network.append(("vlans", .map(vlans))) }
        let lines = ["# \(generatedHeader)"] + YAMLNode.map([("network", .map(network))]).lines()
        return [RenderedFile(path: Self.path, contents: lines.joined(separator: "\n") + "\n", mode: 0o600)]
    }

    private func addressing(of interface: GuestInterface) -> [(String, YAMLNode)] {
        var entry: [(String, YAMLNode)] = [
            ("dhcp4", .bool(interface.ipv4.dynamic == .dhcp)),
            ("dhcp6", .bool(interface.ipv6.dynamic == .dhcp)),
        ]
        guard interface.bondName == nil else { return entry }
        // SLAAC and stateless DHCPv6 both follow router advertisements; networkd starts DHCPv6 when the RA says so.
        if interface.ipv6.dynamic != nil {
            entry.append(("accept-ra", .bool(true)))
        } else if interface.ipv6.isStatic {
            entry.append(("accept-ra", .bool(false)))
        }
        let addresses = (interface.ipv4.addresses + interface.ipv6.addresses).map { YAMLNode.string($0.cidr) }
        if !addresses.isEmpty { entry.append(("addresses", .list(addresses))) }
        var routes: [YAMLNode] = []
        for (configuration, any) in [(interface.ipv4, "0.0.0.0/0"), (interface.ipv6, "::/0")] {
            if let gateway = configuration.gateway {
                routes.append(.map([("to", .string(any)), ("via", .string(gateway))]))
            }
            routes += configuration.routes.map { .map([("to", .string($0.cidr)), ("via", .string($0.gateway))]) }
        }
        if !routes.isEmpty { entry.append(("routes", .list(routes))) }
        if !interface.dns.isEmpty {
            entry.append(("nameservers", .map([("addresses", .list(interface.dns.map(YAMLNode.string)))])))
        }
        return entry
    }

    /// Kernel bond option → netplan `parameters` key (netplan's doc/netplan-yaml.md, "Properties for device type
    /// bonds"), with the value in the type netplan wants.
    private static func parameter(_ option: BondOption) -> (String, YAMLNode) {
        let key = names[option.name] ?? option.name
        if option.name == "all_slaves_active" {
            return (key, .bool(option.kernelText() == "1" || option.kernelText() == "true"))
        }
        if option.name == "arp_ip_target", case .string(let targets) = option.value {
            return (key, .list(targets.split(separator: ",").map { .string(String($0)) }))
        }
        return (key, node(option.value))
    }

    private static func node(_ value: JSONValue) -> YAMLNode {
        switch value {
        case .int(let number): return .int(number)
        case .bool(let flag): return .bool(flag)
        case .array(let items): return .list(items.map(node))
        default: return .string(BondOption(name: "", value: value).kernelText())
        }
    }

    private static let names: [String: String] = [
        "ad_select": "ad-select", "all_slaves_active": "all-slaves-active", "arp_all_targets": "arp-all-targets",
        "arp_interval": "arp-interval", "arp_ip_target": "arp-ip-targets", "arp_validate": "arp-validate",
        "downdelay": "down-delay", "fail_over_mac": "fail-over-mac-policy", "lacp_rate": "lacp-rate",
        "learn_packet_interval": "learn-packet-interval", "miimon": "mii-monitor-interval", "min_links": "min-links",
        "num_grat_arp": "gratuitous-arp", "packets_per_slave": "packets-per-slave", "primary": "primary",
        "primary_reselect": "primary-reselect-policy", "updelay": "up-delay", "xmit_hash_policy": "transmit-hash-policy",
    ]
}
