import GlintJSON

/// The guest's network, in the exact shape of Nova's `network_data.json` (`nova/virt/netutils.py
/// get_network_metadata`), so a file Nova wrote decodes as is (`--network-data FILE`) and ours reads like Nova's.
///
/// `links` are interfaces (physical, VLAN, bond), `networks` are IP configurations on a link, `services` are
/// network-wide DNS servers. Unknown network or link types are decoding errors, not silently dropped.
public struct NetworkData: Sendable, Equatable, Codable {
    public var links: [Link]
    public var networks: [Network]
    public var services: [Service]

    public init(links: [Link] = [], networks: [Network] = [], services: [Service] = []) {
        self.links = links
        self.networks = networks
        self.services = services
    }

    enum CodingKeys: String, CodingKey { case links, networks, services }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        links = try c.decodeIfPresent([Link].self, forKey: .links) ?? []
        networks = try c.decodeIfPresent([Network].self, forKey: .networks) ?? []
        services = try c.decodeIfPresent([Service].self, forKey: .services) ?? []
    }
}

/// `links[]`: one interface. Physical links carry a MAC; `vlan` links name their parent in `vlan_link`; `bond`
/// links list members in `bond_links` and carry `bond_*` parameters.
public struct Link: Sendable, Equatable, Codable {
    /// Link kinds. Nova writes `phy`, or one of the legacy VIF types it leaked to guests (`ovs`, `bridge`, `tap` …),
    /// which cloud-init treats as physical; `vlan` and `bond` come from Ironic and other producers.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phy, vlan, bond
        case bridge, dvs, ethernet, hw_veb, hyperv, ovs, tap, vhostuser, vif, bgpovs, cascading

        /// Every kind except `vlan` and `bond` is a physical NIC to cloud-init.
        public var isPhysical: Bool { self != .vlan && self != .bond }
    }

    public var id: String
    public var type: Kind
    /// Guest-visible MAC (`ethernet_mac_address`); how cloud-init finds the NIC.
    public var ethernetMACAddress: String?
    public var mtu: Int?
    /// Neutron port id (`vif_id`), informational.
    public var vifID: String?
    /// Guest interface name (`name`): not in Nova's spec but honoured by cloud-init, which otherwise keeps the
    /// kernel's name. In NoCloud v2 output it becomes the configuration id and `set-name`.
    public var name: String?
    /// Parent link id (`vlan_link`), VLAN id (`vlan_id`) and the VLAN interface's MAC (`vlan_mac_address`).
    public var vlanLink: String?
    public var vlanID: Int?
    public var vlanMACAddress: String?
    /// Member link ids (`bond_links`) and bond mode (`bond_mode`: `802.3ad`, `active-backup` …).
    public var bondLinks: [String]?
    public var bondMode: String?
    /// Other `bond_*` keys (`bond_miimon`, `bond_xmit_hash_policy` …), without the `bond_` prefix.
    public var bondParameters: [String: JSONValue]

    public init(
        id: String, type: Kind = .phy, ethernetMACAddress: String? = nil, mtu: Int? = nil, vifID: String? = nil,
        name: String? = nil, vlanLink: String? = nil, vlanID: Int? = nil, vlanMACAddress: String? = nil,
        bondLinks: [String]? = nil, bondMode: String? = nil, bondParameters: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.ethernetMACAddress = ethernetMACAddress
        self.mtu = mtu
        self.vifID = vifID
        self.name = name
        self.vlanLink = vlanLink
        self.vlanID = vlanID
        self.vlanMACAddress = vlanMACAddress
        self.bondLinks = bondLinks
        self.bondMode = bondMode
        self.bondParameters = bondParameters
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, type, mtu, name
        case ethernetMACAddress = "ethernet_mac_address"
        case vifID = "vif_id"
        case vlanLink = "vlan_link"
        case vlanID = "vlan_id"
        case vlanMACAddress = "vlan_mac_address"
        case bondLinks = "bond_links"
        case bondMode = "bond_mode"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(Kind.self, forKey: .type)
        ethernetMACAddress = try c.decodeIfPresent(String.self, forKey: .ethernetMACAddress)
        mtu = try c.decodeIfPresent(Int.self, forKey: .mtu)
        vifID = try c.decodeIfPresent(String.self, forKey: .vifID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        vlanLink = try c.decodeIfPresent(String.self, forKey: .vlanLink)
        vlanID = try c.decodeIfPresent(Int.self, forKey: .vlanID)
        vlanMACAddress = try c.decodeIfPresent(String.self, forKey: .vlanMACAddress)
        bondLinks = try c.decodeIfPresent([String].self, forKey: .bondLinks)
        bondMode = try c.decodeIfPresent(String.self, forKey: .bondMode)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let extra = try decoder.container(keyedBy: AnyKey.self)
        var parameters: [String: JSONValue] = [:]
        for key in extra.allKeys where key.stringValue.hasPrefix("bond_") && !known.contains(key.stringValue) {
            parameters[String(key.stringValue.dropFirst(5))] = try extra.decode(JSONValue.self, forKey: key)
        }
        bondParameters = parameters
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(ethernetMACAddress, forKey: .ethernetMACAddress)
        try c.encodeIfPresent(mtu, forKey: .mtu)
        try c.encodeIfPresent(vifID, forKey: .vifID)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(vlanLink, forKey: .vlanLink)
        try c.encodeIfPresent(vlanID, forKey: .vlanID)
        try c.encodeIfPresent(vlanMACAddress, forKey: .vlanMACAddress)
        try c.encodeIfPresent(bondLinks, forKey: .bondLinks)
        try c.encodeIfPresent(bondMode, forKey: .bondMode)
        var extra = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in bondParameters {
            try extra.encode(value, forKey: AnyKey("bond_" + key))
        }
    }
}

/// A coding key for keys not known in advance (`bond_*`, unknown-key checks).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
