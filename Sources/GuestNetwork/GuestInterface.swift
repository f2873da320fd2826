import ConfigDrive
import GlintJSON

/// One guest interface with everything a renderer needs, resolved once from `network_data.json` so the six
/// renderers only format: names, MACs (lower case), bond membership, and per-family addressing.
struct GuestInterface: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case physical
        /// `parent` is the parent's interface name, `parentLinkID` its link id.
        case vlan(parent: String, parentLinkID: String, id: Int)
        /// `members` are interface names, in `bond_links` order.
        case bond(members: [String], mode: String?, options: [BondOption])
    }

    var linkID: String
    var name: String
    var kind: Kind
    /// Physical: the NIC's MAC (what MAC-matching renderers match); bond and VLAN: the MAC to set, if any.
    var macAddress: String?
    var mtu: Int?
    /// The bond this interface is a member of; members carry no addressing of their own.
    var bondName: String?
    var ipv4 = IPConfiguration()
    var ipv6 = IPConfiguration()
    /// DNS servers of both families: the interface's networks' own, else the global ones when it has addresses.
    var dns: [String] = []

    var isVirtual: Bool { kind != .physical }
    var bondMembers: [String] {
        if case .bond(let members, _, _) = kind { return members }
        return []
    }
    var ipv4DNS: [String] { dns.filter { !$0.contains(":") } }
    var ipv6DNS: [String] { dns.filter { $0.contains(":") } }
}

/// One address family of an interface: static addresses with their gateway and routes, or a dynamic method.
/// Glint never mixes the two in one family on one interface (``GuestInterfaces`` refuses it).
struct IPConfiguration: Sendable, Equatable {
    /// Ordered by how much the guest asks the network for: SLAAC < stateless DHCPv6 < DHCP (IPv4 uses only `.dhcp`).
    enum Dynamic: Int, Sendable, Comparable {
        case slaac, dhcpStateless, dhcp
        static func < (a: Dynamic, b: Dynamic) -> Bool { a.rawValue < b.rawValue }
    }

    var dynamic: Dynamic?
    var addresses: [InterfaceAddress] = []
    /// The default route's next hop (a `0.0.0.0/0`, `::/0` route or the network's `gateway`).
    var gateway: String?
    /// Routes other than the default one.
    var routes: [StaticRoute] = []

    var isStatic: Bool { !addresses.isEmpty }
    var isConfigured: Bool { dynamic != nil || isStatic }
}

struct InterfaceAddress: Sendable, Equatable {
    var address: String
    var prefixLength: Int
    var cidr: String { "\(address)/\(prefixLength)" }
    /// Dotted IPv4 netmask (`24` → `255.255.255.0`), for the formats that still want one.
    var netmask: String { ipv4Netmask(prefixLength: prefixLength) }
}

struct StaticRoute: Sendable, Equatable {
    var destination: String
    var prefixLength: Int
    var gateway: String
    var cidr: String { "\(destination)/\(prefixLength)" }
    var isIPv6: Bool { destination.contains(":") }
}

/// One `bond_*` parameter under its kernel name (`miimon`, `xmit_hash_policy` …), as Nova writes it.
struct BondOption: Sendable, Equatable {
    var name: String
    var value: JSONValue

    /// The kernel sysfs spelling: booleans as 0/1, lists joined by `separator`.
    func kernelText(separator: String = ",") -> String {
        switch value {
        case .bool(let flag): return flag ? "1" : "0"
        case .array(let items): return items.map { BondOption(name: name, value: $0).kernelText() }.joined(separator: separator)
        case .double(let number) where number.rounded() == number: return String(Int64(number))
        default: return value.description
        }
    }

    /// The bonding driver's parameters (Documentation/networking/bonding.rst) that every renderer maps; others are
    /// refused rather than silently dropped, since a dropped `arp_interval` can leave a bond without link monitoring.
    static let known: Set<String> = [
        "ad_select", "all_slaves_active", "arp_all_targets", "arp_interval", "arp_ip_target", "arp_validate",
        "downdelay", "fail_over_mac", "lacp_rate", "learn_packet_interval", "miimon", "min_links", "num_grat_arp",
        "packets_per_slave", "primary", "primary_reselect", "updelay", "xmit_hash_policy",
    ]
}

func ipv4Netmask(prefixLength: Int) -> String {
    let bits: UInt32 = prefixLength <= 0 ? 0 : UInt32.max << UInt32(32 - min(prefixLength, 32))
    return [24, 16, 8, 0].map { String((bits >> UInt32($0)) & 0xff) }.joined(separator: ".")
}

/// All guest interfaces of a `network_data.json`, in bring-up order: physical links, then bonds, then VLANs with
/// every parent before its children.
struct GuestInterfaces: Sendable {
    var interfaces: [GuestInterface]

    /// Validates `data` (``NetworkData/validate()``) and resolves it. Dynamic networks (`ipv4_dhcp`, `ipv6_slaac`
    /// …) use only their type: Nova may copy the port's address and routes into them, but the guest learns those
    /// from DHCP or router advertisements, as cloud-init does.
    init(_ data: NetworkData) throws(GuestNetworkError) {
        do {
            try data.validate()
        } catch {
            throw invalid(error.message)
        }
        let names = try data.guestInterfaceNames()
        var bondOf: [String: String] = [:]
        for link in data.links where link.type == .bond {
            for member in link.bondLinks ?? [] {
                guard let memberLink = data.links.first(where: { $0.id == member }), memberLink.type.isPhysical else {
                    throw invalid("network_data.links: bond \"\(link.id)\" member \"\(member)\" is not a physical link")
                }
                if let other = bondOf[member] {
                    throw invalid("network_data.links: link \"\(member)\" is a member of both \"\(other)\" and \"\(link.id)\"")
                }
                bondOf[member] = link.id
            }
        }
        var resolved: [GuestInterface] = []
        for link in data.links {
            guard let name = names[link.id] else { continue }
            var interface = GuestInterface(
                linkID: link.id, name: name, kind: .physical, macAddress: link.ethernetMACAddress?.lowercased(),
                mtu: link.mtu, bondName: bondOf[link.id].flatMap { names[$0] })
            switch link.type {
            case .vlan:
                let parentID = link.vlanLink ?? ""
                interface.kind = .vlan(parent: names[parentID] ?? parentID, parentLinkID: parentID, id: link.vlanID ?? 0)
                interface.macAddress = link.vlanMACAddress?.lowercased()
            case .bond:
                interface.kind = .bond(
                    members: (link.bondLinks ?? []).compactMap { names[$0] },
                    mode: link.bondMode.map { Self.bondModeNames[$0] ?? $0 },
                    options: try Self.bondOptions(of: link))
            default:
                break
            }
            try Self.addNetworks(data.networks.filter { $0.link == link.id }, to: &interface)
            if interface.bondName != nil, interface.ipv4.isConfigured || interface.ipv6.isConfigured {
                throw invalid("network_data.networks: link \"\(link.id)\" is a bond member; put its networks on the bond")
            }
            resolved.append(interface)
        }
        let globalDNS = Self.unique(data.services.filter { $0.type == "dns" }.map(\.address))
        for index in resolved.indices
        where resolved[index].dns.isEmpty && (resolved[index].ipv4.isStatic || resolved[index].ipv6.isStatic) {
            resolved[index].dns = globalDNS
        }
        let physical = resolved.filter { $0.kind == .physical }
        let bonds = resolved.filter { if case .bond = $0.kind { true } else { false } }
        var ordered = physical + bonds
        var vlans = resolved.filter { if case .vlan = $0.kind { true } else { false } }
        while !vlans.isEmpty {
            let ready = vlans.filter { vlan in
                guard case .vlan(_, let parentID, _) = vlan.kind else { return true }
                return ordered.contains { $0.linkID == parentID }
            }
            // guestInterfaceNames() already refused cycles, so every pass makes progress.
            guard !ready.isEmpty else { break }
            ordered += ready
            vlans.removeAll { vlan in ready.contains { $0.linkID == vlan.linkID } }
        }
        interfaces = ordered
    }

    private static func addNetworks(_ networks: [Network], to interface: inout GuestInterface) throws(GuestNetworkError) {
        var dns: [String] = []
        for network in networks {
            switch network.type {
            case .ipv4DHCP:
                interface.ipv4.dynamic = .dhcp
            case .ipv6DHCP, .ipv6DHCPv6Stateful:
                interface.ipv6.dynamic = max(interface.ipv6.dynamic ?? .dhcp, .dhcp)
            case .ipv6DHCPv6Stateless:
                interface.ipv6.dynamic = max(interface.ipv6.dynamic ?? .dhcpStateless, .dhcpStateless)
            case .ipv6SLAAC:
                interface.ipv6.dynamic = max(interface.ipv6.dynamic ?? .slaac, .slaac)
            case .ipv4:
                try addStatic(network, to: &interface.ipv4, linkID: interface.linkID)
                dns += network.services.filter { $0.type == "dns" }.map(\.address)
            case .ipv6:
                try addStatic(network, to: &interface.ipv6, linkID: interface.linkID)
                dns += network.services.filter { $0.type == "dns" }.map(\.address)
            }
        }
        for (family, configuration) in [("IPv4", interface.ipv4), ("IPv6", interface.ipv6)]
        where configuration.isStatic && configuration.dynamic != nil {
            throw GuestNetworkError(
                .unsupported,
                "network_data.networks: link \"\(interface.linkID)\" has both static and DHCP/SLAAC \(family) networks; "
                    + "Glint configures one method per family")
        }
        interface.dns = unique(dns)
    }

    private static func addStatic(
        _ network: Network, to configuration: inout IPConfiguration, linkID: String
    ) throws(GuestNetworkError) {
        guard let cidr = network.cidr, let slash = cidr.lastIndex(of: "/"),
            let prefix = Int(cidr[cidr.index(after: slash)...])
        else { throw invalid("network_data.networks: \(network.id) has no usable ip_address/netmask") }
        let address = InterfaceAddress(address: String(cidr[..<slash]), prefixLength: prefix)
        if !configuration.addresses.contains(address) { configuration.addresses.append(address) }
        var gateways = network.gateway.map { [$0] } ?? []
        for route in network.routes {
            guard let prefix = route.prefixLength else {
                throw invalid("network_data.networks: \(network.id) route netmask \"\(route.netmask)\" does not parse")
            }
            if prefix == 0 {
                gateways.append(route.gateway)
            } else {
                let staticRoute = StaticRoute(destination: route.network, prefixLength: prefix, gateway: route.gateway)
                if !configuration.routes.contains(staticRoute) { configuration.routes.append(staticRoute) }
            }
        }
        for gateway in gateways {
            if let existing = configuration.gateway, existing != gateway {
                throw GuestNetworkError(
                    .unsupported,
                    "network_data.networks: link \"\(linkID)\" has two default gateways, \(existing) and \(gateway); "
                        + "Glint configures one per family and interface")
            }
            configuration.gateway = gateway
        }
    }

    private static func bondOptions(of link: Link) throws(GuestNetworkError) -> [BondOption] {
        var options: [BondOption] = []
        for (name, value) in link.bondParameters.sorted(by: { $0.key < $1.key }) {
            let kernelName = String(name.map { $0 == "-" ? "_" : $0 })
            guard BondOption.known.contains(kernelName) else {
                throw GuestNetworkError(
                    .unsupported, "network_data.links: bond \"\(link.id)\" parameter bond_\(name) is not one Glint knows")
            }
            switch value {
            case .object, .null:
                throw invalid("network_data.links: bond \"\(link.id)\" parameter bond_\(name) is not a scalar or list")
            default:
                options.append(BondOption(name: kernelName, value: value))
            }
        }
        return options
    }

    /// The kernel also takes bond modes by number; netplan and networkd want names.
    static let bondModeNames = [
        "0": "balance-rr", "1": "active-backup", "2": "balance-xor", "3": "broadcast", "4": "802.3ad",
        "5": "balance-tlb", "6": "balance-alb",
    ]

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    func interface(linkID: String) -> GuestInterface? {
        interfaces.first { $0.linkID == linkID }
    }
}
