import ConfigDrive
import Testing

@testable import GuestNetwork

/// The one naming rule all renderers share, and the identifiers derived from it.
@Suite struct NamingTests {
    @Test func samplesGetTheNamesOfNovasTemplate() throws {
        #expect(try sampleNetwork("minimal-dhcp").guestInterfaceNames() == ["interface0": "eth0"])
        #expect(try sampleNetwork("static-vlan").guestInterfaceNames() == ["tap1a2b3c4d-5e": "eth0", "vlan100": "eth0.100"])
        #expect(try sampleNetwork("bond-binary").guestInterfaceNames() == ["nic0": "eth0", "nic1": "eth1", "bond0": "bond0"])
    }

    /// Positions count named links too, so an unnamed NIC keeps the kernel's ethN for its slot.
    @Test func physicalNamesFollowPosition() throws {
        let data = NetworkData(links: [
            Link(id: "a", ethernetMACAddress: "fa:16:3e:00:00:01", name: "lan"),
            Link(id: "b", ethernetMACAddress: "fa:16:3e:00:00:02"),
            Link(id: "v", type: .vlan, name: "storage", vlanLink: "b", vlanID: 5, vlanMACAddress: "fa:16:3e:00:00:03"),
            Link(id: "w", type: .vlan, vlanLink: "v", vlanID: 7, vlanMACAddress: "fa:16:3e:00:00:04"),
        ])
        #expect(try data.guestInterfaceNames() == ["a": "lan", "b": "eth1", "v": "storage", "w": "storage.7"])
    }

    @Test func vlansInterfacesComeAfterTheirParents() throws {
        let data = NetworkData(links: [
            Link(id: "w", type: .vlan, vlanLink: "v", vlanID: 7, vlanMACAddress: "fa:16:3e:00:00:04"),
            Link(id: "v", type: .vlan, vlanLink: "b", vlanID: 5, vlanMACAddress: "fa:16:3e:00:00:03"),
            Link(id: "b", ethernetMACAddress: "fa:16:3e:00:00:02"),
        ])
        #expect(try GuestInterfaces(data).interfaces.map(\.name) == ["eth0", "eth0.5", "eth0.5.7"])
    }

    /// MACs are matched lower case whatever case Nova wrote (the bond sample mixes both).
    @Test func macAddressesAreLowerCase() throws {
        let guest = try GuestInterfaces(try sampleNetwork("bond-binary"))
        #expect(guest.interfaces.map(\.macAddress) == ["52:54:00:aa:00:01", "52:54:00:aa:00:02", "52:54:00:aa:00:01"])
        #expect(guest.interfaces.map(\.bondName) == ["bond0", "bond0", nil])
    }

    @Test func globalDNSGoesToStaticInterfacesWithoutTheirOwn() throws {
        let guest = try GuestInterfaces(try sampleNetwork("static-vlan"))
        #expect(guest.interface(linkID: "tap1a2b3c4d-5e")?.dns == ["192.0.2.53", "2001:db8::53"])
        #expect(guest.interface(linkID: "vlan100")?.dns == ["192.0.2.53", "9.9.9.9"])
    }

    @Test func numericBondModesBecomeNames() throws {
        let data = NetworkData(links: [
            Link(id: "nic0", ethernetMACAddress: "fa:16:3e:00:00:01"),
            Link(id: "bond0", type: .bond, bondLinks: ["nic0"], bondMode: "1"),
        ])
        #expect(try GuestInterfaces(data).interface(linkID: "bond0")?.kind == .bond(members: ["eth0"], mode: "active-backup", options: []))
    }

    /// Version 5 layout, stable across runs, different per link.
    @Test func connectionUUIDs() {
        let uuid = NetworkManagerRenderer.uuid(linkID: "nic0")
        #expect(uuid == NetworkManagerRenderer.uuid(linkID: "nic0"))
        #expect(uuid != NetworkManagerRenderer.uuid(linkID: "nic1"))
        let parts = uuid.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].hasPrefix("5"))
        #expect(["8", "9", "a", "b"].contains(parts[3].prefix(1)))
        #expect(uuid.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
    }

    @Test func yamlScalarsAreQuotedWhenAmbiguous() {
        #expect(YAMLNode.scalar("eth0.100") == "eth0.100")
        #expect(YAMLNode.scalar("active-backup") == "active-backup")
        #expect(YAMLNode.scalar("802.3ad") == "\"802.3ad\"")
        #expect(YAMLNode.scalar("fa:16:3e:00:00:01") == "\"fa:16:3e:00:00:01\"")
        #expect(YAMLNode.scalar("no") == "\"no\"")
        #expect(YAMLNode.scalar("a\"b") == "\"a\\\"b\"")
        #expect(YAMLNode.scalar("") == "\"\"")
    }

    @Test func ipv4Netmasks() {
        #expect(ipv4Netmask(prefixLength: 24) == "255.255.255.0")
        #expect(ipv4Netmask(prefixLength: 16) == "255.255.0.0")
        #expect(ipv4Netmask(prefixLength: 0) == "0.0.0.0")
        #expect(ipv4Netmask(prefixLength: 32) == "255.255.255.255")
        #expect(ipv4Netmask(prefixLength: 27) == "255.255.255.224")
    }
}
