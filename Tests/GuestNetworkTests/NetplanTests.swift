import ConfigDrive
import Foundation
import Testing

@testable import GuestNetwork

/// netplan output read back by real tools: `netplan generate` when netplan is installed (Debian: netplan.io),
/// and always by PyYAML, which must see the same keys Glint meant to write.
@Suite struct NetplanTests {
    static let netplanInstalled = findExecutable("netplan") != nil

    /// The YAML as Python sees it, re-encoded as JSON.
    static func parsed(_ sample: String) throws -> [String: Any] {
        let file = try #require(try NetworkRenderer.netplan.render(try caseNetwork(sample)).first)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("net.yaml")
        try Data(file.contents.utf8).write(to: path)
        let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
        let result = try #require(try run(["python3", "-c", script, path.path]), "python3 is not installed")
        try #require(result.status == 0, "PyYAML could not read the file: \(result.output)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        let root = try #require(object as? [String: Any])
        return try #require(root["network"] as? [String: Any])
    }

    @Test func staticVLANSampleParses() throws {
        let network = try Self.parsed("static-vlan")
        #expect(network["version"] as? Int == 2)
        let eth0 = try #require((network["ethernets"] as? [String: Any])?["eth0"] as? [String: Any])
        #expect((eth0["match"] as? [String: Any])?["macaddress"] as? String == "fa:16:3e:10:20:30")
        #expect(eth0["set-name"] as? String == "eth0")
        #expect(eth0["mtu"] as? Int == 9000)
        #expect(eth0["dhcp4"] as? Bool == false)
        #expect(eth0["accept-ra"] as? Bool == false)
        #expect(eth0["addresses"] as? [String] == ["192.0.2.10/24", "2001:db8::10/64"])
        let routes = try #require(eth0["routes"] as? [[String: String]])
        #expect(routes.contains(["to": "0.0.0.0/0", "via": "192.0.2.1"]))
        #expect(routes.contains(["to": "198.51.100.0/24", "via": "192.0.2.254"]))
        #expect(routes.contains(["to": "::/0", "via": "2001:db8::1"]))
        #expect((eth0["nameservers"] as? [String: Any])?["addresses"] as? [String] == ["192.0.2.53", "2001:db8::53"])
        let vlan = try #require((network["vlans"] as? [String: Any])?["eth0.100"] as? [String: Any])
        #expect(vlan["id"] as? Int == 100)
        #expect(vlan["link"] as? String == "eth0")
        #expect(vlan["addresses"] as? [String] == ["10.100.0.10/16"])
    }

    @Test func bondSampleParses() throws {
        let network = try Self.parsed("bond-binary")
        let bond = try #require((network["bonds"] as? [String: Any])?["bond0"] as? [String: Any])
        #expect(bond["interfaces"] as? [String] == ["eth0", "eth1"])
        let parameters = try #require(bond["parameters"] as? [String: Any])
        #expect(parameters["mode"] as? String == "802.3ad")
        #expect(parameters["mii-monitor-interval"] as? Int == 100)
        #expect(parameters["transmit-hash-policy"] as? String == "layer3+4")
        #expect(bond["dhcp4"] as? Bool == true)
        #expect(bond["accept-ra"] as? Bool == true)
        let ethernets = try #require(network["ethernets"] as? [String: Any])
        #expect(Set(ethernets.keys) == ["eth0", "eth1"])
    }

    /// `netplan generate --root-dir` turns our file into systemd-networkd files, as it does at boot.
    @Test(.enabled(if: netplanInstalled, "netplan is not installed (Debian package netplan.io)"), arguments: caseNames)
    func netplanGenerateAccepts(sample: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(try NetworkRenderer.netplan.render(try caseNetwork(sample)), under: root)
        let result = try #require(try run(["netplan", "generate", "--root-dir", root.path]))
        #expect(result.status == 0, "netplan generate failed: \(result.output)")
        #expect(!result.output.contains("Error"), "\(result.output)")
        let generated = root.appendingPathComponent("run/systemd/network")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: generated.path))
        switch sample {
        case "minimal-dhcp":
            #expect(names.isSuperset(of: ["10-netplan-eth0.link", "10-netplan-eth0.network"]), "\(names)")
            let network = try String(contentsOf: generated.appendingPathComponent("10-netplan-eth0.network"), encoding: .utf8)
            #expect(network.contains("DHCP=ipv4"))
        case "static-vlan":
            #expect(names.isSuperset(of: ["10-netplan-eth0.network", "10-netplan-eth0.100.netdev", "10-netplan-eth0.100.network"]), "\(names)")
            let network = try String(contentsOf: generated.appendingPathComponent("10-netplan-eth0.network"), encoding: .utf8)
            for line in ["Address=192.0.2.10/24", "Gateway=192.0.2.1", "Destination=198.51.100.0/24", "DNS=192.0.2.53", "VLAN=eth0.100"] {
                #expect(network.contains(line), "\(line) missing in \(network)")
            }
        case "kitchen-sink":
            #expect(names.isSuperset(of: ["10-netplan-lan0.link", "10-netplan-bond0.42.netdev", "10-netplan-mgmt.network"]), "\(names)")
            let netdev = try String(contentsOf: generated.appendingPathComponent("10-netplan-bond0.netdev"), encoding: .utf8)
            for line in ["Mode=active-backup", "UpDelaySec=200ms", "FailOverMACPolicy=active", "GratuitousARP=2"] {
                #expect(netdev.contains(line), "\(line) missing in \(netdev)")
            }
            let lan = try String(contentsOf: generated.appendingPathComponent("10-netplan-lan0.network"), encoding: .utf8)
            for line in ["Address=192.0.2.10/24", "Address=192.0.2.11/24", "Destination=10.0.0.0/8", "IPv6AcceptRA=yes"] {
                #expect(lan.contains(line), "\(line) missing in \(lan)")
            }
        default:
            #expect(names.isSuperset(of: ["10-netplan-bond0.netdev", "10-netplan-bond0.network", "10-netplan-eth1.network"]), "\(names)")
            let netdev = try String(contentsOf: generated.appendingPathComponent("10-netplan-bond0.netdev"), encoding: .utf8)
            for line in ["Kind=bond", "Mode=802.3ad", "TransmitHashPolicy=layer3+4", "MIIMonitorSec=100ms"] {
                #expect(netdev.contains(line), "\(line) missing in \(netdev)")
            }
        }
    }
}
