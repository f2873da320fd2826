import ConfigDrive
import Testing

@testable import GuestNetwork

/// Network data that is invalid, or that a renderer cannot express, fails with a message naming the link.
@Suite struct ErrorTests {
    static func nic(_ id: String, _ mac: String, name: String? = nil) -> Link {
        Link(id: id, type: .phy, ethernetMACAddress: mac, name: name)
    }

    @Test(arguments: NetworkRenderer.allCases)
    func validationFailuresAreInvalidNetworkData(renderer: NetworkRenderer) {
        let data = NetworkData(links: [Link(id: "nic0", type: .phy, ethernetMACAddress: "fa-16-3e-00-00-01")])
        let error = #expect(throws: GuestNetworkError.self) { try renderer.render(data) }
        #expect(error?.code == .invalidNetworkData)
        #expect(error?.message.contains("ethernet_mac_address") == true)
    }

    @Test func alpineCannotConfigureDHCPv6() {
        let data = NetworkData(
            links: [Self.nic("nic0", "fa:16:3e:00:00:01")],
            networks: [Network(id: "net0", type: .ipv6DHCPv6Stateful, link: "nic0")])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.alpine.render(data) }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("alpine") == true)
        #expect(error?.message.contains("nic0") == true)
        for renderer in NetworkRenderer.allCases where renderer != .alpine {
            #expect(throws: Never.self, "\(renderer)") { try renderer.render(data) }
        }
    }

    @Test func interfaceNameCollision() {
        let data = NetworkData(links: [Self.nic("a", "fa:16:3e:00:00:01"), Self.nic("b", "fa:16:3e:00:00:02", name: "eth0")])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.netplan.render(data) }
        #expect(error?.code == .invalidNetworkData)
        #expect(error?.message.contains("\"eth0\"") == true)
    }

    @Test func generatedVLANNameTooLong() {
        let data = NetworkData(links: [
            Self.nic("a", "fa:16:3e:00:00:01", name: "enp0s31f6abcd"),
            Link(id: "v", type: .vlan, vlanLink: "a", vlanID: 1000, vlanMACAddress: "fa:16:3e:00:00:02"),
        ])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.networkd.render(data) }
        #expect(error?.message.contains("15 bytes") == true)
    }

    @Test func staticAndDynamicInOneFamily() {
        let data = NetworkData(
            links: [Self.nic("nic0", "fa:16:3e:00:00:01")],
            networks: [
                Network(id: "a", type: .ipv4, link: "nic0", ipAddress: "192.0.2.10/24"),
                Network(id: "b", type: .ipv4DHCP, link: "nic0"),
            ])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.ifcfg.render(data) }
        #expect(error?.code == .unsupported)
    }

    @Test func twoDefaultGateways() {
        let data = NetworkData(
            links: [Self.nic("nic0", "fa:16:3e:00:00:01")],
            networks: [
                Network(id: "a", type: .ipv4, link: "nic0", ipAddress: "192.0.2.10/24", gateway: "192.0.2.1"),
                Network(
                    id: "b", type: .ipv4, link: "nic0", ipAddress: "198.51.100.10/24",
                    routes: [.defaultRoute(via: "198.51.100.1")]),
            ])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.networkManager.render(data) }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("192.0.2.1") == true)
    }

    @Test func bondMembersMustBePhysicalAndUnaddressed() {
        let nested = NetworkData(links: [
            Self.nic("nic0", "fa:16:3e:00:00:01"),
            Link(id: "bond0", type: .bond, bondLinks: ["nic0"]),
            Link(id: "bond1", type: .bond, bondLinks: ["bond0"]),
        ])
        #expect(throws: GuestNetworkError.self) { try NetworkRenderer.netplan.render(nested) }
        let addressed = NetworkData(
            links: [Self.nic("nic0", "fa:16:3e:00:00:01"), Link(id: "bond0", type: .bond, bondLinks: ["nic0"])],
            networks: [Network(id: "n", type: .ipv4DHCP, link: "nic0")])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.netplan.render(addressed) }
        #expect(error?.message.contains("bond member") == true)
    }

    @Test func unknownBondParameter() {
        let data = NetworkData(links: [
            Self.nic("nic0", "fa:16:3e:00:00:01"),
            Link(id: "bond0", type: .bond, bondLinks: ["nic0"], bondParameters: ["frobnicate": .int(1)]),
        ])
        let error = #expect(throws: GuestNetworkError.self) { try NetworkRenderer.networkd.render(data) }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("bond_frobnicate") == true)
    }
}
