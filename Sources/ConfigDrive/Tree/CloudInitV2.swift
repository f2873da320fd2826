import GlintJSON

/// `network_data.json` → cloud-init network config version 2, for the NoCloud seed's `network-config`.
///
/// Follows what cloud-init itself does with a config drive (`helpers/openstack.py convert_net_json`, then
/// `net/netplan.py`), minus the guest lookup it can do and we cannot:
/// - physical links: matched by `macaddress` (lower case); a link with a `name` is renamed with `set-name` and
///   keyed by it, otherwise keyed by its id and the kernel's name is kept (cloud-init never names a NIC after
///   Nova's `tap…` ids);
/// - bonds: `name` or `bond0`, `bond1` …; members by their keys; `bond_*` parameters through cloud-init's v2 table;
/// - VLANs: `<parent>.<vlan_id>`, `id`, `link`, `macaddress` from `vlan_mac_address`;
/// - `ipv4_dhcp` → `dhcp4`; `ipv6_dhcp` and `ipv6_dhcpv6-stateful` → `dhcp6` + `accept-ra`; `ipv6_slaac` and
///   `ipv6_dhcpv6-stateless` → `dhcp6`; static → `addresses` in CIDR, `routes` (`to` in CIDR, `via`), per-network
///   DNS as `nameservers`, and `accept-ra: false` for static IPv6;
/// - global `services` DNS goes to every device with addresses and no DNS of its own.
extension NetworkData {
    public func cloudInitV2() throws(ConfigDriveError) -> JSONValue {
        try validate()
        let keys = try configurationIDs()
        var ethernets: [String: JSONValue] = [:]
        var bonds: [String: JSONValue] = [:]
        var vlans: [String: JSONValue] = [:]
        let linksByID = Dictionary(links.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let globalDNS = services.filter { $0.type == "dns" }.map(\.address)

        for link in links {
            let key = keys[link.id]!
            var entry: [String: JSONValue] = [:]
            if let mtu = link.mtu { entry["mtu"] = .int(Int64(mtu)) }
            addNetworks(of: link, to: &entry)
            if entry["addresses"] != nil, entry["nameservers"] == nil, !globalDNS.isEmpty {
                entry["nameservers"] = .object(["addresses": .array(globalDNS.map(JSONValue.string))])
            }
            switch link.type {
            case .bond:
                entry["interfaces"] = .array((link.bondLinks ?? []).map { .string(keys[$0]!) })
                let parameters = bondParameters(of: link)
                if !parameters.isEmpty { entry["parameters"] = .object(parameters) }
                if let mac = link.ethernetMACAddress { entry["macaddress"] = .string(mac.lowercased()) }
                bonds[key] = .object(entry)
            case .vlan:
                entry["id"] = .int(Int64(link.vlanID!))
                entry["link"] = .string(keys[linksByID[link.vlanLink!]!.id]!)
                if let mac = link.vlanMACAddress { entry["macaddress"] = .string(mac.lowercased()) }
                vlans[key] = .object(entry)
            default:
                if let mac = link.ethernetMACAddress {
                    entry["match"] = .object(["macaddress": .string(mac.lowercased())])
                    if let name = link.name { entry["set-name"] = .string(name) }
                }
                ethernets[key] = .object(entry)
            }
        }
        var config: [String: JSONValue] = ["version": .int(2)]
        if !ethernets.isEmpty { config["ethernets"] = .object(ethernets) }
        if !bonds.isEmpty { config["bonds"] = .object(bonds) }
        if !vlans.isEmpty { config["vlans"] = .object(vlans) }
        return .object(config)
    }

    /// The v2 key of every link: physical `name ?? id`, bond `name ?? bondN`, VLAN `<parent key>.<vlan_id>`.
    private func configurationIDs() throws(ConfigDriveError) -> [String: String] {
        var keys: [String: String] = [:]
        var bondNumber = 0
        for link in links where link.type != .vlan {
            if link.type == .bond {
                keys[link.id] = link.name ?? "bond\(bondNumber)"
                bondNumber += 1
            } else {
                keys[link.id] = link.name ?? link.id
            }
        }
        // VLANs may sit on VLANs (QinQ) listed later; resolve until nothing changes.
        var pending = links.filter { $0.type == .vlan }
        while !pending.isEmpty {
            let before = pending.count
            pending.removeAll { link in
                guard let parent = keys[link.vlanLink!] else { return false }
                keys[link.id] = "\(parent).\(link.vlanID!)"
                return true
            }
            if pending.count == before {
                throw invalid("network_data.links: vlan links \(pending.map(\.id)) form a vlan_link cycle")
            }
        }
        var seen: [String: String] = [:]
        for link in links {
            let key = keys[link.id]!
            if let other = seen[key] {
                throw invalid("network_data.links: links \"\(other)\" and \"\(link.id)\" would both be \"\(key)\" in the guest")
            }
            seen[key] = link.id
        }
        return keys
    }

    /// Adds the networks on `link` to its v2 entry, as cloud-init's netplan renderer does.
    private func addNetworks(of link: Link, to entry: inout [String: JSONValue]) {
        var addresses: [JSONValue] = []
        var routes: [JSONValue] = []
        var nameservers: [String] = []
        for network in networks where network.link == link.id {
            switch network.type {
            case .ipv4DHCP:
                entry["dhcp4"] = .bool(true)
            case .ipv6DHCP, .ipv6DHCPv6Stateful:
                entry["dhcp6"] = .bool(true)
                entry["accept-ra"] = .bool(true)
            case .ipv6SLAAC, .ipv6DHCPv6Stateless:
                entry["dhcp6"] = .bool(true)
            case .ipv4, .ipv6:
                if network.type == .ipv6 { entry["accept-ra"] = .bool(false) }
                if let address = network.cidr { addresses.append(.string(address)) }
                for route in network.routes {
                    let family: IPAddress.Family = route.network.contains(":") ? .v6 : .v4
                    let prefix = prefixLength(ofNetmask: route.netmask, family: family) ?? 0
                    let value: JSONValue = .object(["to": .string("\(route.network)/\(prefix)"), "via": .string(route.gateway)])
                    if !routes.contains(value) { routes.append(value) }
                }
                if let gateway = network.gateway {
                    let to = gateway.contains(":") ? "::/0" : "0.0.0.0/0"
                    let value: JSONValue = .object(["to": .string(to), "via": .string(gateway)])
                    if !routes.contains(value) { routes.append(value) }
                }
                for service in network.services where service.type == "dns" && !nameservers.contains(service.address) {
                    nameservers.append(service.address)
                }
            }
        }
        if !addresses.isEmpty { entry["addresses"] = .array(addresses) }
        if !routes.isEmpty { entry["routes"] = .array(routes) }
        if !nameservers.isEmpty { entry["nameservers"] = .object(["addresses": .array(nameservers.map(JSONValue.string))]) }
    }

    /// `bond_miimon` → `mii-monitor-interval` …, through cloud-init's `NET_CONFIG_TO_V2` table; unknown ones are
    /// dropped as cloud-init drops them.
    private func bondParameters(of link: Link) -> [String: JSONValue] {
        var parameters: [String: JSONValue] = [:]
        if let mode = link.bondMode { parameters["mode"] = .string(mode) }
        for (key, value) in link.bondParameters {
            if let v2 = Self.bondParameterNames[String(key.map { $0 == "_" ? "-" : $0 })] { parameters[v2] = value }
        }
        return parameters
    }

    static let bondParameterNames: [String: String] = [
        "ad-select": "ad-select", "all-slaves-active": "all-slaves-active", "arp-all-targets": "arp-all-targets",
        "arp-interval": "arp-interval", "arp-ip-target": "arp-ip-target", "arp-validate": "arp-validate",
        "downdelay": "down-delay", "fail-over-mac": "fail-over-mac-policy", "lacp-rate": "lacp-rate",
        "learn-packet-interval": "learn-packet-interval", "miimon": "mii-monitor-interval", "min-links": "min-links",
        "mode": "mode", "num-grat-arp": "gratuitous-arp", "packets-per-slave": "packets-per-slave",
        "primary": "primary", "primary-reselect": "primary-reselect-policy", "updelay": "up-delay",
        "xmit-hash-policy": "transmit-hash-policy",
    ]
}

extension Network {
    /// `ip_address/prefix`: as given when already CIDR, else with the netmask's prefix length. Public for the guest
    /// network renderers, which need the same conversion cloud-init does.
    public var cidr: String? {
        guard let ipAddress else { return nil }
        if CIDR(ipAddress) != nil { return ipAddress }
        guard let netmask, let prefix = prefixLength(ofNetmask: netmask, family: type.family) else { return nil }
        return "\(ipAddress)/\(prefix)"
    }
}
