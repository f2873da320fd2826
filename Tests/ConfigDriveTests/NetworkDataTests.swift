import Foundation
import GlintJSON
import Testing

@testable import ConfigDrive

/// `NetworkData` in Nova's `network_data.json` shape: Nova's own files decode (`--network-data FILE`), bad values are
/// refused with the field named, and the CLI's one-NIC shortcut matches what Nova writes.
@Suite struct NetworkDataTests {
    /// What `nova/virt/netutils.py get_network_metadata` writes for one OVS port with IPv4 (gateway, extra route,
    /// DNS), IPv6 and a DHCP port: legacy VIF types, `vif_id`, `network_id`, `mtu: null`.
    static let novaJSON = """
        {"links": [{"id": "tapa0b1c2d3-e4", "vif_id": "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", "type": "ovs", "mtu": 1450,
        "ethernet_mac_address": "fa:16:3e:9c:bf:3d"}, {"id": "interface1", "vif_id": "b0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
        "type": "phy", "mtu": null, "ethernet_mac_address": "fa:16:3e:9c:bf:3e"}],
        "networks": [{"id": "network0", "type": "ipv4", "link": "tapa0b1c2d3-e4", "ip_address": "10.0.0.5",
        "netmask": "255.255.255.0", "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.0.1"},
        {"network": "172.16.0.0", "netmask": "255.255.0.0", "gateway": "10.0.0.254"}],
        "network_id": "d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6", "services": [{"type": "dns", "address": "10.0.0.2"}]},
        {"id": "network1", "type": "ipv6_dhcpv6-stateless", "link": "tapa0b1c2d3-e4", "ip_address": "fd00::5",
        "netmask": "ffff:ffff:ffff:ffff::", "routes": [], "network_id": "d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6",
        "services": []}, {"id": "network2", "type": "ipv4_dhcp", "link": "interface1",
        "network_id": "e0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6"}],
        "services": [{"type": "dns", "address": "10.0.0.2"}]}
        """

    @Test func decodesNovasOwnNetworkData() throws {
        let data = try NetworkData.decode(json: Array(Self.novaJSON.utf8))
        #expect(data.links.map(\.type) == [.ovs, .phy])
        #expect(data.links[0].vifID == "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d")
        #expect(data.links[1].mtu == nil)
        #expect(data.networks.map(\.type) == [.ipv4, .ipv6DHCPv6Stateless, .ipv4DHCP])
        #expect(data.networks[0].routes.count == 2)
        #expect(data.networks[0].networkID == "d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6")
        #expect(data.services == [.dns("10.0.0.2")])
    }

    @Test func encodesInNovasShape() throws {
        let data = try NetworkData.decode(json: Array(Self.novaJSON.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(data))
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(Self.novaJSON.utf8))
        // The only difference from Nova's bytes: `"mtu": null` is left out.
        guard case .object(var object) = original, case .array(var links) = object["links"],
            case .object(var second) = links[1]
        else { Issue.record("unexpected shape"); return }
        second["mtu"] = nil
        links[1] = .object(second)
        object["links"] = .array(links)
        #expect(json == .object(object))
    }

    @Test func bondParametersKeepTheirKeys() throws {
        let json = #"{"links":[{"id":"a","type":"phy","ethernet_mac_address":"52:54:00:00:00:01"},"#
            + #"{"id":"b","type":"bond","bond_links":["a"],"bond_mode":"active-backup","bond_miimon":100}]}"#
        let data = try NetworkData.decode(json: Array(json.utf8))
        #expect(data.links[1].bondMode == "active-backup")
        #expect(data.links[1].bondParameters == ["miimon": .int(100)])
        let again = try JSONDecoder().decode(NetworkData.self, from: try JSONEncoder().encode(data))
        #expect(again == data)
    }

    @Test(arguments: [
        (#"{"networks":[{"id":"n","type":"ipv5","link":"l"}]}"#, "type"),
        (#"{"links":[{"id":"l","type":"wifi","ethernet_mac_address":"52:54:00:00:00:01"}]}"#, "links[0].type"),
    ])
    func unknownTypesAreDecodingErrors(json: String, field: String) {
        let error = #expect(throws: ConfigDriveError.self) { try NetworkData.decode(json: Array(json.utf8)) }
        #expect(error?.code == .invalidContent)
        #expect(error?.message.contains(field) == true, "\(error?.message ?? "")")
    }

    @Test func invalidValuesAreRefusedWithTheirField() {
        let mac = "52:54:00:00:00:01"
        func message(_ data: NetworkData) -> String {
            do {
                try data.validate()
                return "valid"
            } catch {
                return error.message
            }
        }
        let phy = Link(id: "l", ethernetMACAddress: mac)
        #expect(message(NetworkData(links: [Link(id: "l", ethernetMACAddress: "52-54-00-00-00-01")])).contains("links[0].ethernet_mac_address"))
        #expect(message(NetworkData(links: [Link(id: "l", ethernetMACAddress: "52:54:00:00:00")])).contains("is not a MAC"))
        #expect(message(NetworkData(links: [phy, phy])).contains("duplicate link id"))
        #expect(message(NetworkData(links: [Link(id: "l")])).contains("ethernet_mac_address or name"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4DHCP, link: "x")])).contains("networks[0].link"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4, link: "l", ipAddress: "300.1.1.1", netmask: "255.0.0.0")])).contains("ip_address"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4, link: "l", ipAddress: "10.0.0.1/33")])).contains("ip_address"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4, link: "l", ipAddress: "10.0.0.1", netmask: "255.0.255.0")])).contains("netmask"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv6, link: "l", ipAddress: "10.0.0.1/8")])).contains("not IPv6"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4, link: "l")])).contains("needs ip_address"))
        #expect(message(NetworkData(links: [phy], services: [.dns("dns.example")])).contains("services[0].address"))
        #expect(message(NetworkData(links: [phy, Link(id: "v", type: .vlan, vlanLink: "l", vlanID: 5)])).contains("vlan_mac_address"))
        #expect(message(NetworkData(links: [phy, Link(id: "v", type: .vlan, vlanLink: "nope", vlanID: 5, vlanMACAddress: mac)])).contains("vlan_link"))
        #expect(message(NetworkData(links: [phy, Link(id: "b", type: .bond, bondLinks: ["l", "zz"])])).contains("bond_links"))
        #expect(message(NetworkData(links: [phy], networks: [Network(id: "n", type: .ipv4, link: "l", ipAddress: "10.0.0.1/8")])) == "valid")
    }

    @Test func singleNICMatchesNovasShape() throws {
        let dhcp = try NetworkData.singleNIC(mac: "fa:16:3e:00:00:01", dhcp: true, dns: ["9.9.9.9"])
        #expect(dhcp.links == [Link(id: "interface0", type: .phy, ethernetMACAddress: "fa:16:3e:00:00:01")])
        #expect(dhcp.networks == [Network(id: "network0", type: .ipv4DHCP, link: "interface0")])
        #expect(dhcp.services == [.dns("9.9.9.9")])

        let v4 = try NetworkData.singleNIC(
            mac: "fa:16:3e:00:00:01", address: "192.0.2.10/24", gateway: "192.0.2.1", dns: ["192.0.2.53"], mtu: 1400)
        #expect(v4.networks[0].ipAddress == "192.0.2.10" && v4.networks[0].netmask == "255.255.255.0")
        #expect(v4.networks[0].routes == [Route(network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.0.2.1")])
        #expect(v4.networks[0].services == [.dns("192.0.2.53")] && v4.links[0].mtu == 1400)

        let v6 = try NetworkData.singleNIC(mac: "fa:16:3e:00:00:01", address: "2001:db8::10/64", gateway: "2001:db8::1")
        #expect(v6.networks[0].type == .ipv6 && v6.networks[0].netmask == "ffff:ffff:ffff:ffff::")
        #expect(v6.networks[0].routes == [Route(network: "::", netmask: "::", gateway: "2001:db8::1")])

        #expect(throws: ConfigDriveError.self) { try NetworkData.singleNIC(mac: "nope", dhcp: true) }
        #expect(throws: ConfigDriveError.self) { try NetworkData.singleNIC(mac: "fa:16:3e:00:00:01", address: "192.0.2.10") }
        #expect(throws: ConfigDriveError.self) { try NetworkData.singleNIC(mac: "fa:16:3e:00:00:01", address: "192.0.2.10/24", gateway: "2001:db8::1") }
        #expect(throws: ConfigDriveError.self) { try NetworkData.singleNIC(mac: "fa:16:3e:00:00:01") }
    }

    @Test func netmasksBecomePrefixLengths() {
        #expect(prefixLength(ofNetmask: "255.255.255.0", family: .v4) == 24)
        #expect(prefixLength(ofNetmask: "0.0.0.0", family: .v4) == 0)
        #expect(prefixLength(ofNetmask: "ffff:ffff:ffff:ffff::", family: .v6) == 64)
        #expect(prefixLength(ofNetmask: "::", family: .v6) == 0)
        #expect(prefixLength(ofNetmask: "255.255.0.255", family: .v4) == nil)
        #expect(prefixLength(ofNetmask: "255.255.255.0", family: .v6) == nil)
        #expect(netmaskText(prefixLength: 20, family: .v4) == "255.255.240.0")
        #expect(netmaskText(prefixLength: 48, family: .v6) == "ffff:ffff:ffff::")
    }
}
