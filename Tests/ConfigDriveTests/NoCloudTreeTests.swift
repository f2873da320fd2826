import Foundation
import GlintJSON
import Testing

@testable import ConfigDrive

/// The NoCloud seed and the `network_data.json` → network config v2 conversion, checked against what cloud-init's
/// own `convert_net_json` + netplan renderer produce for the same input.
@Suite struct NoCloudTreeTests {
    private func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func seedHasTheFourFiles() throws {
        let content = try modelSample("static-vlan")
        let tree = try content.noCloudTree()
        #expect(tree.map(\.path) == ["meta-data", "network-config", "user-data", "vendor-data"])
        let metaData = try modelJSON(tree, "meta-data")
        #expect(metaData["instance-id"] == .string(content.metadata.uuid))
        #expect(metaData["local-hostname"] == .string("db-1.example.org"))
        #expect(metaData["public-keys"] == .array([.string(content.metadata.publicKeys[0].data)]))
        #expect(tree[2].contents == content.userData)
        #expect(tree[3].contents == Array("#cloud-config\ntimezone: UTC\n".utf8))
        #expect(JSONValue.object(try modelJSON(tree, "network-config")) == (try content.network!.cloudInitV2()))
    }

    @Test func userDataIsAlwaysPresentAndNetworkOnlyWhenGiven() throws {
        let tree = try ConfigDriveContent(metadata: modelMetadata()).noCloudTree()
        #expect(tree.map(\.path) == ["meta-data", "user-data"])
        #expect(tree[1].contents.isEmpty)
        #expect(try modelJSON(tree, "meta-data")["public-keys"] == nil)
    }

    @Test func vendorDataKeepsOnlyTheCloudInitPart() {
        var content = ConfigDriveContent(metadata: modelMetadata())
        content.vendorData = .string("#cloud-config\n")
        #expect(content.noCloudVendorData == Array("#cloud-config\n".utf8))
        content.vendorData = .object(["other-agent": .bool(true)])
        #expect(content.noCloudVendorData == nil)
    }

    @Test func staticIPv4IPv6VLANAndDNS() throws {
        let v2 = try modelSample("static-vlan").network!.cloudInitV2()
        #expect(v2 == (try json("""
            {"version": 2,
             "ethernets": {"eth0": {"match": {"macaddress": "fa:16:3e:10:20:30"}, "set-name": "eth0", "mtu": 9000,
               "accept-ra": false, "addresses": ["192.0.2.10/24", "2001:db8::10/64"],
               "routes": [{"to": "0.0.0.0/0", "via": "192.0.2.1"}, {"to": "198.51.100.0/24", "via": "192.0.2.254"},
                          {"to": "::/0", "via": "2001:db8::1"}],
               "nameservers": {"addresses": ["192.0.2.53", "2001:db8::53"]}}},
             "vlans": {"eth0.100": {"id": 100, "link": "eth0", "macaddress": "fa:16:3e:10:20:31", "mtu": 1500,
               "addresses": ["10.100.0.10/16"], "nameservers": {"addresses": ["192.0.2.53", "9.9.9.9"]}}}}
            """)))
    }

    @Test func bondWithParametersDHCPAndSLAAC() throws {
        let v2 = try modelSample("bond-binary").network!.cloudInitV2()
        #expect(v2 == (try json("""
            {"version": 2,
             "ethernets": {"nic0": {"match": {"macaddress": "52:54:00:aa:00:01"}, "mtu": 9000},
                           "nic1": {"match": {"macaddress": "52:54:00:aa:00:02"}, "mtu": 9000}},
             "bonds": {"bond0": {"interfaces": ["nic0", "nic1"], "macaddress": "52:54:00:aa:00:01", "mtu": 9000,
               "parameters": {"mode": "802.3ad", "mii-monitor-interval": 100, "transmit-hash-policy": "layer3+4"},
               "dhcp4": true, "dhcp6": true}}}
            """)))
    }

    @Test func dynamicIPv6TypesFollowCloudInit() throws {
        let mac = "52:54:00:00:00:01"
        func entry(_ type: Network.Kind) throws -> JSONValue? {
            let data = NetworkData(links: [Link(id: "l", ethernetMACAddress: mac)], networks: [Network(id: "n", type: type, link: "l")])
            guard case .object(let v2) = try data.cloudInitV2(), case .object(let ethernets)? = v2["ethernets"] else { return nil }
            return ethernets["l"]
        }
        let match: JSONValue = .object(["macaddress": .string(mac)])
        #expect(try entry(.ipv4DHCP) == .object(["match": match, "dhcp4": .bool(true)]))
        #expect(try entry(.ipv6DHCP) == .object(["match": match, "dhcp6": .bool(true), "accept-ra": .bool(true)]))
        #expect(try entry(.ipv6DHCPv6Stateful) == .object(["match": match, "dhcp6": .bool(true), "accept-ra": .bool(true)]))
        #expect(try entry(.ipv6SLAAC) == .object(["match": match, "dhcp6": .bool(true)]))
        #expect(try entry(.ipv6DHCPv6Stateless) == .object(["match": match, "dhcp6": .bool(true)]))
    }

    @Test func cidrAddressesGatewayAndNamelessBonds() throws {
        let data = NetworkData(
            links: [
                Link(id: "a", ethernetMACAddress: "52:54:00:00:00:01"), Link(id: "b", ethernetMACAddress: "52:54:00:00:00:02"),
                Link(id: "x", type: .bond, bondLinks: ["a"]), Link(id: "y", type: .bond, bondLinks: ["b"], bondMode: "active-backup"),
            ],
            networks: [Network(id: "n", type: .ipv4, link: "x", ipAddress: "10.1.2.3/8", gateway: "10.0.0.1")])
        guard case .object(let v2) = try data.cloudInitV2(), case .object(let bonds)? = v2["bonds"] else {
            Issue.record("no bonds")
            return
        }
        #expect(bonds["bond0"] == .object([
            "interfaces": .array([.string("a")]), "addresses": .array([.string("10.1.2.3/8")]),
            "routes": .array([.object(["to": .string("0.0.0.0/0"), "via": .string("10.0.0.1")])]),
        ]))
        #expect(bonds["bond1"] == .object(["interfaces": .array([.string("b")]), "parameters": .object(["mode": .string("active-backup")])]))
    }

    @Test func nameCollisionsAreRefused() {
        let data = NetworkData(links: [
            Link(id: "eth0", ethernetMACAddress: "52:54:00:00:00:01"),
            Link(id: "other", ethernetMACAddress: "52:54:00:00:00:02", name: "eth0"),
        ])
        let error = #expect(throws: ConfigDriveError.self) { try data.cloudInitV2() }
        #expect(error?.message.contains("would both be \"eth0\"") == true)
    }
}
