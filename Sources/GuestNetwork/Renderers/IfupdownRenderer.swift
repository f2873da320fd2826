/// `/etc/network/interfaces` syntax, for Debian's ifupdown and Alpine's (busybox ifupdown or ifupdown-ng).
///
/// The dialects differ where the tools do: Debian takes `address` in CIDR form, one stanza per address,
/// `inet6 auto`/`dhcp` and `dns-nameservers` (used when resolvconf is installed), and Glint adds a file to
/// `interfaces.d`. Alpine does not source `interfaces.d`; busybox refuses two stanzas of one family for one
/// interface, wants `netmask` beside `address`, has no IPv6 autoconfiguration methods, does nothing for `manual`,
/// and nothing there reads `dns-nameservers`, so DNS goes to `/etc/resolv.conf`.
///
/// Every interface gets an `inet` stanza first (`manual` when it has no IPv4), which carries the link's options
/// (VLAN, bond, MAC, MTU): busybox and Debian's inet6 methods do not take them all.
struct IfupdownRenderer {
    enum Dialect { case debian, alpine }

    /// Sorts after cloud-init's `50-cloud-init.cfg`; the `.cfg` suffix matches both Debian's
    /// `source /etc/network/interfaces.d/*` and Ubuntu cloud images' `source /etc/network/interfaces.d/*.cfg`
    /// (see ``NetworkRenderer/interfacesFileSources(_:path:)``).
    static let debianPath = "/etc/network/interfaces.d/90-glint.cfg"
    static let alpinePath = "/etc/network/interfaces"
    static let resolvConfPath = "/etc/resolv.conf"

    let guest: GuestInterfaces
    let dialect: Dialect

    private struct Stanza {
        var header: String
        var method: String
        var options: [String] = []
    }

    func render() throws(GuestNetworkError) -> [RenderedFile] {
        var lines = ["# \(generatedHeader)"]
        if guest.interfaces.contains(where: { if case .vlan = $0.kind { true } else { false } }) {
            lines.append(
                dialect == .debian
                    ? "# VLAN interfaces: ifupdown 0.8+ (Debian 9+) creates them; older ifupdown needs the vlan package."
                    : "# VLAN interfaces need ifupdown-ng, or the vlan package with busybox ifupdown.")
        }
        if guest.interfaces.contains(where: { !$0.bondMembers.isEmpty }) {
            lines.append(
                dialect == .debian
                    ? "# Bonds need the ifenslave package (its hooks read the bond-* options)."
                    : "# Bonds need ifupdown-ng, or the bonding package with busybox ifupdown.")
        }
        if dialect == .alpine {
            lines += ["", "auto lo", "iface lo inet loopback"]
        }
        for interface in guest.interfaces where interface.bondName == nil {
            lines.append("")
            lines += try stanzas(for: interface)
        }
        var files = [
            RenderedFile(
                path: dialect == .debian ? Self.debianPath : Self.alpinePath,
                contents: lines.joined(separator: "\n") + "\n")
        ]
        if dialect == .alpine {
            let servers = GuestInterfaces.unique(guest.interfaces.flatMap(\.dns))
            if !servers.isEmpty {
                // musl reads only the first three nameserver lines.
                let resolv = ["# \(generatedHeader)"] + servers.prefix(3).map { "nameserver \($0)" }
                files.append(RenderedFile(path: Self.resolvConfPath, contents: resolv.joined(separator: "\n") + "\n"))
            }
        }
        return files
    }

    private func stanzas(for interface: GuestInterface) throws(GuestNetworkError) -> [String] {
        let name = interface.name
        var stanzas: [Stanza] = []
        stanzas += staticStanzas(interface.ipv4, family: "inet", interface: name)
        if stanzas.isEmpty {
            stanzas.append(Stanza(header: "iface \(name) inet \(interface.ipv4.dynamic == nil ? "manual" : "dhcp")",
                                  method: interface.ipv4.dynamic == nil ? "manual" : "dhcp"))
        }
        stanzas[0].options = linkOptions(for: interface, method: stanzas[0].method) + stanzas[0].options
        stanzas += staticStanzas(interface.ipv6, family: "inet6", interface: name)
        switch (dialect, interface.ipv6.dynamic) {
        case (_, nil):
            break
        case (.debian, .dhcp):
            stanzas.append(Stanza(header: "iface \(name) inet6 dhcp", method: "dhcp"))
        case (.debian, .dhcpStateless):
            stanzas.append(Stanza(header: "iface \(name) inet6 auto", method: "auto", options: ["dhcp 1"]))
        case (.debian, .slaac):
            stanzas.append(Stanza(header: "iface \(name) inet6 auto", method: "auto"))
        case (.alpine, .dhcp):
            throw unsupported(
                .alpine, "link \"\(interface.linkID)\" asks for DHCPv6 addresses, which busybox ifupdown cannot "
                    + "configure; use SLAAC or static IPv6")
        case (.alpine, .slaac), (.alpine, .dhcpStateless):
            stanzas[0].options.append("# IPv6: the kernel autoconfigures from router advertisements (no DHCPv6).")
        }
        if dialect == .debian, !interface.dns.isEmpty {
            stanzas[0].options.append("dns-nameservers \(interface.dns.joined(separator: " "))")
        }
        var lines = ["auto \(name)"]
        for (index, stanza) in stanzas.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(stanza.header)
            lines += stanza.options.map { "    " + $0 }
        }
        return lines
    }

    /// Debian: one stanza per address. Alpine: one stanza, further addresses added by `up ip addr add`.
    private func staticStanzas(_ configuration: IPConfiguration, family: String, interface: String) -> [Stanza] {
        guard let first = configuration.addresses.first else { return [] }
        var stanza = Stanza(header: "iface \(interface) \(family) static", method: "static")
        switch dialect {
        case .debian:
            stanza.options.append("address \(first.cidr)")
        case .alpine:
            stanza.options += ["address \(first.address)", "netmask \(family == "inet6" ? String(first.prefixLength) : first.netmask)"]
        }
        if let gateway = configuration.gateway { stanza.options.append("gateway \(gateway)") }
        let ip = family == "inet6" ? "ip -6" : "ip"
        if dialect == .alpine {
            stanza.options += configuration.addresses.dropFirst().map { "up \(ip) addr add \($0.cidr) dev \(interface)" }
        }
        for route in configuration.routes {
            let spec = "\(route.cidr) via \(route.gateway) dev \(interface)"
            stanza.options.append("up \(ip) route add \(spec)")
            if dialect == .debian { stanza.options.append("down \(ip) route del \(spec)") }
        }
        guard dialect == .debian else { return [stanza] }
        return [stanza] + configuration.addresses.dropFirst().map { address in
            Stanza(header: stanza.header, method: "static", options: ["address \(address.cidr)"])
        }
    }

    /// VLAN parent, bond members and options, MAC and MTU. `mtu` is an option of the static method (and Debian's
    /// manual); elsewhere an `up` command sets it. `hwaddress` keeps the `ether` word: busybox skips the first word
    /// of its value, and Debian's ifupdown accepts both forms.
    private func linkOptions(for interface: GuestInterface, method: String) -> [String] {
        var options: [String] = []
        switch interface.kind {
        case .vlan(let parent, _, _):
            options.append("vlan-raw-device \(parent)")
        case .bond(let members, let mode, let bondOptions):
            options.append("bond-slaves \(members.joined(separator: " "))")
            if let mode { options.append("bond-mode \(mode)") }
            options += bondOptions.map { "bond-\($0.name.replacingOccurrences(of: "_", with: "-")) \($0.kernelText(separator: " "))" }
        case .physical:
            break
        }
        let mac = interface.isVirtual ? interface.macAddress : nil
        switch (dialect, method) {
        case (.debian, "static"), (.debian, "manual"), (.alpine, "static"):
            if let mac { options.append("hwaddress ether \(mac)") }
            if let mtu = interface.mtu { options.append("mtu \(mtu)") }
        case (.alpine, "manual"):
            var command = "up ip link set dev \(interface.name)"
            if let mtu = interface.mtu { command += " mtu \(mtu)" }
            if let mac { command += " address \(mac)" }
            options.append(command + " up")
        default:
            // DHCP: the client starts with the link's MAC, so set it before (busybox and Debian both take
            // hwaddress here); the MTU can follow once the link is up.
            if let mac { options.append("hwaddress ether \(mac)") }
            if let mtu = interface.mtu { options.append("up ip link set dev \(interface.name) mtu \(mtu)") }
        }
        return options
    }
}
