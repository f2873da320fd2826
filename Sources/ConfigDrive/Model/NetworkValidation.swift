/// Checks that `network_data.json` is something cloud-init's `convert_net_json` can turn into a working network:
/// it raises on a VLAN without `vlan_mac_address`, silently skips networks on unknown links, and cannot find a NIC
/// without a MAC or a name, so Glint refuses those up front.
extension NetworkData {
    public func validate() throws(ConfigDriveError) {
        try validate(field: "network_data")
    }

    func validate(field: String) throws(ConfigDriveError) {
        var linksByID: [String: Link] = [:]
        for (index, link) in links.enumerated() {
            let at = "\(field).links[\(index)]"
            guard !link.id.isEmpty else { throw invalid("\(at).id is empty") }
            guard linksByID[link.id] == nil else { throw invalid("\(at): duplicate link id \"\(link.id)\"") }
            linksByID[link.id] = link
            if let mac = link.ethernetMACAddress, !MACAddress.isValid(mac) {
                throw invalid("\(at).ethernet_mac_address \"\(mac)\" is not a MAC address (six hex pairs separated by ':')")
            }
            if let mtu = link.mtu, !(68...65535).contains(mtu) { throw invalid("\(at).mtu \(mtu) is not 68-65535") }
            if let name = link.name, name.isEmpty || name.utf8.count > 15 || name.contains("/") || name.contains(" ") {
                throw invalid("\(at).name \"\(name)\" is not an interface name (1-15 characters, no '/' or space)")
            }
            if link.type.isPhysical, link.ethernetMACAddress == nil, link.name == nil {
                throw invalid("\(at) (\(link.id)): a physical link needs ethernet_mac_address or name")
            }
        }
        for (index, link) in links.enumerated() {
            let at = "\(field).links[\(index)]"
            switch link.type {
            case .vlan:
                guard let parent = link.vlanLink else { throw invalid("\(at) (\(link.id)): a vlan link needs vlan_link") }
                guard linksByID[parent] != nil, parent != link.id else {
                    throw invalid("\(at).vlan_link \"\(parent)\" is not the id of another link")
                }
                guard let vlanID = link.vlanID, (1...4094).contains(vlanID) else {
                    throw invalid("\(at) (\(link.id)): vlan_id must be 1-4094")
                }
                guard let mac = link.vlanMACAddress else {
                    throw invalid("\(at) (\(link.id)): a vlan link needs vlan_mac_address (cloud-init requires it)")
                }
                guard MACAddress.isValid(mac) else {
                    throw invalid("\(at).vlan_mac_address \"\(mac)\" is not a MAC address (six hex pairs separated by ':')")
                }
            case .bond:
                guard let members = link.bondLinks, !members.isEmpty else {
                    throw invalid("\(at) (\(link.id)): a bond link needs bond_links")
                }
                for member in members where linksByID[member] == nil || member == link.id {
                    throw invalid("\(at).bond_links: \"\(member)\" is not the id of another link")
                }
            default:
                break
            }
        }
        var networkIDs: Set<String> = []
        for (index, network) in networks.enumerated() {
            try validate(network, at: "\(field).networks[\(index)]", links: linksByID, ids: &networkIDs)
        }
        for (index, service) in services.enumerated() {
            try validate(service, at: "\(field).services[\(index)]")
        }
    }

    private func validate(
        _ network: Network, at: String, links: [String: Link], ids: inout Set<String>
    ) throws(ConfigDriveError) {
        guard ids.insert(network.id).inserted else { throw invalid("\(at): duplicate network id \"\(network.id)\"") }
        guard links[network.link] != nil else {
            throw invalid("\(at).link \"\(network.link)\" does not name a link in links")
        }
        let family = network.type.family
        let familyName = family == .v4 ? "IPv4" : "IPv6"
        if network.type.isStatic, network.ipAddress == nil {
            throw invalid("\(at) (\(network.type.rawValue)): a static network needs ip_address")
        }
        if let address = network.ipAddress {
            if let cidr = CIDR(address) {
                guard cidr.address.family == family else { throw invalid("\(at).ip_address \"\(address)\" is not \(familyName)") }
            } else {
                guard let ip = IPAddress(address) else {
                    throw invalid("\(at).ip_address \"\(address)\" is not an IP address or CIDR")
                }
                guard ip.family == family else { throw invalid("\(at).ip_address \"\(address)\" is not \(familyName)") }
                guard let netmask = network.netmask else {
                    throw invalid("\(at): ip_address \"\(address)\" needs a netmask (or use CIDR form)")
                }
                guard prefixLength(ofNetmask: netmask, family: family) != nil else {
                    throw invalid("\(at).netmask \"\(netmask)\" is not an \(familyName) netmask")
                }
            }
        }
        if let gateway = network.gateway {
            guard IPAddress(gateway)?.family == family else {
                throw invalid("\(at).gateway \"\(gateway)\" is not an \(familyName) address")
            }
        }
        for (index, route) in network.routes.enumerated() {
            let routeAt = "\(at).routes[\(index)]"
            guard let destination = IPAddress(route.network) else {
                throw invalid("\(routeAt).network \"\(route.network)\" is not an IP address")
            }
            guard destination.family == family else {
                throw invalid("\(routeAt).network \"\(route.network)\" is not \(familyName) like its network")
            }
            guard prefixLength(ofNetmask: route.netmask, family: destination.family) != nil else {
                throw invalid("\(routeAt).netmask \"\(route.netmask)\" is not a netmask of the same family as network")
            }
            guard IPAddress(route.gateway)?.family == destination.family else {
                throw invalid("\(routeAt).gateway \"\(route.gateway)\" is not an address of the same family as network")
            }
        }
        for (index, service) in network.services.enumerated() {
            try validate(service, at: "\(at).services[\(index)]")
        }
    }

    private func validate(_ service: Service, at: String) throws(ConfigDriveError) {
        guard service.type == "dns" else { throw invalid("\(at).type \"\(service.type)\" is not a known service (dns)") }
        guard IPAddress(service.address) != nil else {
            throw invalid("\(at).address \"\(service.address)\" is not an IP address")
        }
    }
}
