import ConfigDrive

extension NetworkData {
    /// The guest interface name of every link, by link id: the one naming rule all renderers share.
    ///
    /// - physical links: `name`, else `eth<n>` where `n` is the link's position among physical links, which is the
    ///   kernel's order on the guests Nova's template targets; MAC-matching renderers also rename the NIC to it, so
    ///   every renderer means the same interface by the same name;
    /// - bonds: `name`, else `bond<n>` by position among bonds;
    /// - VLANs: `name`, else `<parent name>.<vlan_id>` (the form ifupdown's vlan hook parses).
    ///
    /// Call ``NetworkData/validate()`` first; this throws only for what validation cannot see: two links that would
    /// get the same name, a generated name over the kernel's 15 bytes, and VLANs whose parents form a cycle.
    public func guestInterfaceNames() throws(GuestNetworkError) -> [String: String] {
        var names: [String: String] = [:]
        var physicalIndex = 0
        var bondIndex = 0
        for link in links {
            if link.type == .bond {
                names[link.id] = link.name ?? "bond\(bondIndex)"
                bondIndex += 1
            } else if link.type.isPhysical {
                names[link.id] = link.name ?? "eth\(physicalIndex)"
                physicalIndex += 1
            }
        }
        // VLANs may sit on VLANs listed later (QinQ); resolve until nothing changes.
        var pending = links.filter { $0.type == .vlan }
        while !pending.isEmpty {
            let before = pending.count
            pending.removeAll { link in
                guard let parentID = link.vlanLink, let parent = names[parentID] else { return false }
                names[link.id] = link.name ?? "\(parent).\(link.vlanID ?? 0)"
                return true
            }
            if pending.count == before {
                throw invalid("network_data.links: vlan links \(pending.map(\.id)) form a vlan_link cycle")
            }
        }
        var owners: [String: String] = [:]
        for link in links {
            guard let name = names[link.id] else { continue }
            guard name.utf8.count <= 15 else {
                throw invalid("network_data.links: link \"\(link.id)\" would be \"\(name)\", over 15 bytes; give it a name")
            }
            if let other = owners[name] {
                throw invalid("network_data.links: links \"\(other)\" and \"\(link.id)\" would both be \"\(name)\" in the guest")
            }
            owners[name] = link.id
        }
        return names
    }
}
