/// initscripts' `/etc/sysconfig/network-scripts/ifcfg-<name>`, with `route-<name>` and `route6-<name>` for
/// static routes (RHEL and rebuilds up to 8, where NetworkManager's ifcfg-rh plugin reads the same files).
///
/// Physical links with a MAC carry `HWADDR`, which both initscripts' udev rename helper and ifcfg-rh use to bind
/// the file and rename the NIC to `DEVICE`. Precedence: a file of the same name (cloud-init's `ifcfg-eth0`, the
/// image's own) is replaced; files for other names are the caller's to disable (``NetworkRenderer/existingFileAction(forPath:)``).
struct IfcfgRenderer {
    static let directory = "/etc/sysconfig/network-scripts"

    let guest: GuestInterfaces

    func render() -> [RenderedFile] {
        guest.interfaces.flatMap { interface -> [RenderedFile] in
            var files = [RenderedFile(path: "\(Self.directory)/ifcfg-\(interface.name)", contents: ifcfg(for: interface))]
            for (configuration, prefix) in [(interface.ipv4, "route"), (interface.ipv6, "route6")]
            where !configuration.routes.isEmpty {
                let lines = ["# \(generatedHeader)"] + configuration.routes.map {
                    "\($0.cidr) via \($0.gateway) dev \(interface.name)"
                }
                files.append(RenderedFile(
                    path: "\(Self.directory)/\(prefix)-\(interface.name)", contents: lines.joined(separator: "\n") + "\n"))
            }
            return files
        }
    }

    private func ifcfg(for interface: GuestInterface) -> String {
        var values: [(String, String)] = [("DEVICE", interface.name)]
        switch interface.kind {
        case .physical:
            values.append(("TYPE", "Ethernet"))
            if let mac = interface.macAddress { values.append(("HWADDR", mac)) }
        case .vlan(let parent, _, let id):
            values += [("VLAN", "yes"), ("PHYSDEV", parent), ("VLAN_ID", String(id))]
        case .bond(_, let mode, let options):
            let bondOptions = (mode.map { ["mode=\($0)"] } ?? []) + options.map { "\($0.name)=\($0.kernelText())" }
            values += [("TYPE", "Bond"), ("BONDING_MASTER", "yes")]
            if !bondOptions.isEmpty { values.append(("BONDING_OPTS", bondOptions.joined(separator: " "))) }
        }
        if interface.isVirtual, let mac = interface.macAddress { values.append(("MACADDR", mac)) }
        values.append(("ONBOOT", "yes"))
        if let bond = interface.bondName {
            values += [("MASTER", bond), ("SLAVE", "yes"), ("BOOTPROTO", "none")]
        } else {
            values += addressing(of: interface)
        }
        if let mtu = interface.mtu { values.append(("MTU", String(mtu))) }
        let lines = ["# \(generatedHeader)"] + values.map { "\($0.0)=\(Self.quoted($0.1))" }
        return lines.joined(separator: "\n") + "\n"
    }

    private func addressing(of interface: GuestInterface) -> [(String, String)] {
        let v4 = interface.ipv4
        var values: [(String, String)] = [("BOOTPROTO", v4.dynamic == .dhcp ? "dhcp" : "none")]
        for (index, address) in v4.addresses.enumerated() {
            let suffix = index == 0 ? "" : String(index)
            values += [("IPADDR\(suffix)", address.address), ("PREFIX\(suffix)", String(address.prefixLength))]
        }
        if let gateway = v4.gateway { values.append(("GATEWAY", gateway)) }
        let v6 = interface.ipv6
        values.append(("IPV6INIT", v6.isConfigured ? "yes" : "no"))
        if v6.isConfigured {
            values.append(("IPV6_AUTOCONF", v6.dynamic == nil ? "no" : "yes"))
            switch v6.dynamic {
            case .dhcp: values.append(("DHCPV6C", "yes"))
            case .dhcpStateless: values += [("DHCPV6C", "yes"), ("DHCPV6C_OPTIONS", "-S")]
            case .slaac, nil: break
            }
        }
        if let first = v6.addresses.first { values.append(("IPV6ADDR", first.cidr)) }
        if v6.addresses.count > 1 {
            values.append(("IPV6ADDR_SECONDARIES", v6.addresses.dropFirst().map(\.cidr).joined(separator: " ")))
        }
        if let gateway = v6.gateway { values.append(("IPV6_DEFAULTGW", gateway)) }
        for (index, server) in interface.dns.enumerated() { values.append(("DNS\(index + 1)", server)) }
        return values
    }

    /// ifcfg files are sourced by a shell: bare when only safe characters, double-quoted otherwise.
    static func quoted(_ value: String) -> String {
        if !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._:/+-,=@".contains($0)) }) {
            return value
        }
        let escaped = value.map { "\"\\$`".contains($0) ? "\\\($0)" : String($0) }.joined()
        return "\"\(escaped)\""
    }
}
