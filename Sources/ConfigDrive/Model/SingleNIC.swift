/// The network of the CLI's simple flags (`--mac`, `--dhcp`, `--address`, `--gateway`, `--dns`, `--mtu`): one NIC,
/// written in exactly the shape Nova gives a single-port instance, so guests read it like any Nova drive.
extension NetworkData {
    /// One physical link `interface0` (Nova's name for a port without a device name) and one network `network0`:
    /// `ipv4_dhcp` when `dhcp`, else static from `address` (CIDR, IPv4 or IPv6) with the gateway as Nova's default
    /// route and `dns` both on the network and in the global `services`. `name` renames the NIC in the guest.
    public static func singleNIC(
        mac: String, dhcp: Bool = false, address: String? = nil, gateway: String? = nil, dns: [String] = [],
        mtu: Int? = nil, name: String? = nil
    ) throws(ConfigDriveError) -> NetworkData {
        let link = Link(id: "interface0", type: .phy, ethernetMACAddress: mac, mtu: mtu, name: name)
        let services = dns.map(Service.dns)
        let network: Network
        switch (dhcp, address) {
        case (true, nil):
            if gateway != nil { throw invalid("--gateway needs a static --address, not --dhcp") }
            network = Network(id: "network0", type: .ipv4DHCP, link: link.id)
        case (false, let address?):
            guard let cidr = CIDR(address) else {
                throw invalid("address \"\(address)\" is not an IP address in CIDR form (192.0.2.10/24, 2001:db8::10/64)")
            }
            let family = cidr.address.family
            network = Network(
                id: "network0", type: family == .v4 ? .ipv4 : .ipv6, link: link.id, ipAddress: cidr.addressText,
                netmask: netmaskText(prefixLength: cidr.prefixLength, family: family),
                routes: gateway.map { [Route.defaultRoute(via: $0)] } ?? [], services: services)
        case (true, .some):
            throw invalid("give either dhcp or a static address, not both")
        case (false, nil):
            throw invalid("a NIC needs dhcp or a static address")
        }
        let data = NetworkData(links: [link], networks: [network], services: services)
        try data.validate()
        return data
    }
}
