/// `networks[]`: one IP configuration of a link, as Nova writes it.
///
/// Static types (`ipv4`, `ipv6`) carry `ip_address` and `netmask` (Nova's form: `255.255.255.0`,
/// `ffff:ffff:ffff:ffff::`; an `ip_address` in CIDR form is accepted too), `routes` (the default route is a route to
/// `0.0.0.0/0.0.0.0` or `::/::`) and per-network DNS `services`. DHCP and SLAAC types carry only the link.
public struct Network: Sendable, Equatable, Codable {
    /// Nova's network types: static, DHCP, and the `ipv6_<ipv6_address_mode>` forms Neutron subnets produce.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case ipv4, ipv6
        case ipv4DHCP = "ipv4_dhcp"
        case ipv6DHCP = "ipv6_dhcp"
        case ipv6SLAAC = "ipv6_slaac"
        case ipv6DHCPv6Stateless = "ipv6_dhcpv6-stateless"
        case ipv6DHCPv6Stateful = "ipv6_dhcpv6-stateful"

        /// Static addressing: the guest configures `ip_address` itself.
        public var isStatic: Bool { self == .ipv4 || self == .ipv6 }
        /// The family the addresses of this network must have.
        var family: IPAddress.Family { self == .ipv4 || self == .ipv4DHCP ? .v4 : .v6 }
    }

    public var id: String
    public var type: Kind
    /// The `id` of the link this network is on.
    public var link: String
    /// Neutron network id (`network_id`), informational.
    public var networkID: String?
    public var ipAddress: String?
    public var netmask: String?
    /// A gateway outside `routes` (cloud-init's extension); becomes a default route.
    public var gateway: String?
    public var routes: [Route]
    public var services: [Service]

    public init(
        id: String, type: Kind, link: String, networkID: String? = nil, ipAddress: String? = nil,
        netmask: String? = nil, gateway: String? = nil, routes: [Route] = [], services: [Service] = []
    ) {
        self.id = id
        self.type = type
        self.link = link
        self.networkID = networkID
        self.ipAddress = ipAddress
        self.netmask = netmask
        self.gateway = gateway
        self.routes = routes
        self.services = services
    }

    enum CodingKeys: String, CodingKey {
        case id, type, link, netmask, gateway, routes, services
        case networkID = "network_id"
        case ipAddress = "ip_address"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            type: try c.decode(Kind.self, forKey: .type),
            link: try c.decode(String.self, forKey: .link),
            networkID: try c.decodeIfPresent(String.self, forKey: .networkID),
            ipAddress: try c.decodeIfPresent(String.self, forKey: .ipAddress),
            netmask: try c.decodeIfPresent(String.self, forKey: .netmask),
            gateway: try c.decodeIfPresent(String.self, forKey: .gateway),
            routes: try c.decodeIfPresent([Route].self, forKey: .routes) ?? [],
            services: try c.decodeIfPresent([Service].self, forKey: .services) ?? [])
    }

    /// Nova writes `routes` and `services` (possibly empty) for addressed networks and neither for DHCP ones.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(link, forKey: .link)
        try c.encodeIfPresent(networkID, forKey: .networkID)
        try c.encodeIfPresent(ipAddress, forKey: .ipAddress)
        try c.encodeIfPresent(netmask, forKey: .netmask)
        try c.encodeIfPresent(gateway, forKey: .gateway)
        if ipAddress != nil || !routes.isEmpty { try c.encode(routes, forKey: .routes) }
        if ipAddress != nil || !services.isEmpty { try c.encode(services, forKey: .services) }
    }
}

/// `routes[]`: a destination network in Nova's address + netmask form, and the next hop.
public struct Route: Sendable, Equatable, Codable {
    public var network: String
    public var netmask: String
    public var gateway: String

    public init(network: String, netmask: String, gateway: String) {
        self.network = network
        self.netmask = netmask
        self.gateway = gateway
    }

    /// The prefix length of `netmask` (`255.255.255.0` → 24, `::` → 0, a bare `24` as is), in the family of
    /// `network`; nil when it is not a contiguous mask of that family. Public for the guest network renderers.
    public var prefixLength: Int? {
        ConfigDrive.prefixLength(ofNetmask: netmask, family: network.contains(":") ? .v6 : .v4)
    }

    /// The default route Nova writes for a subnet gateway: `0.0.0.0/0.0.0.0` or `::/::`.
    public static func defaultRoute(via gateway: String) -> Route {
        gateway.contains(":")
            ? Route(network: "::", netmask: "::", gateway: gateway)
            : Route(network: "0.0.0.0", netmask: "0.0.0.0", gateway: gateway)
    }
}

/// `services[]`: a non-IP service; Nova and cloud-init only know `dns`.
public struct Service: Sendable, Equatable, Codable {
    public var type: String
    public var address: String

    public init(type: String = "dns", address: String) {
        self.type = type
        self.address = address
    }

    public static func dns(_ address: String) -> Service { Service(type: "dns", address: address) }
}
