import ConfigDrive
import Foundation
import Testing

@testable import GuestNetwork

/// interfaces files read back by the real parsers in no-act mode, which print the commands they would run:
/// Debian's `ifup` (package ifupdown) for `ifupdown`, busybox's `ifup` (package busybox or busybox-static, the
/// same code Alpine's busybox ifupdown runs) for `alpine`. Each skips when its tool is absent.
@Suite struct IfupdownTests {
    static let debianIfup = findExecutable("ifup").map { !$0.contains("busybox") } ?? false
    static let busyboxIfup: Bool = {
        guard let listing = (try? run(["busybox", "--list"])) ?? nil else { return false }
        return listing.output.split(separator: "\n").contains("ifup")
    }()

    static let expectedCommands: [String: [String]] = [
        "minimal-dhcp": ["ip link set dev eth0 mtu 1500"],
        "static-vlan": [
            "ip route add 198.51.100.0/24 via 192.0.2.254 dev eth0", "2001:db8::10/64", "2001:db8::1",
            "10.100.0.10", "eth0.100",
        ],
        "bond-binary": ["bond0", "52:54:00:aa:00:01", "ip link set dev bond0 mtu 9000"],
    ]

    @Test(.enabled(if: debianIfup, "Debian's ifup is not installed (package ifupdown)"), arguments: caseNames)
    func debianIfupParses(sample: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(try NetworkRenderer.ifupdown.render(try caseNetwork(sample)), under: root)
        let file = root.appendingPathComponent("etc/network/interfaces.d/90-glint.cfg").path
        let state = root.appendingPathComponent("state").path
        let result = try #require(try run(["ifup", "--no-act", "--verbose", "--all", "--interfaces", file, "--state-dir", state]))
        #expect(result.status == 0, "\(result.output)")
        for command in Self.expectedCommands[sample] ?? [] {
            #expect(result.output.contains(command), "\(command) missing from: \(result.output)")
        }
        if sample == "static-vlan" {
            #expect(result.output.contains("ip -6 addr add 2001:db8::10/64"))
            #expect(result.output.contains("ip link add link eth0 name eth0.100 type vlan id 100"))
        }
    }

    @Test(.enabled(if: busyboxIfup, "busybox with ifup is not installed"), arguments: caseNames)
    func busyboxIfupParses(sample: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(try NetworkRenderer.alpine.render(try caseNetwork(sample)), under: root)
        let file = root.appendingPathComponent("etc/network/interfaces").path
        let result = try #require(try run(["busybox", "ifup", "-n", "-v", "-a", "-i", file]))
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("addr  "), "an option busybox did not understand: \(result.output)")
        for command in Self.expectedCommands[sample] ?? [] {
            #expect(result.output.contains(command), "\(command) missing from: \(result.output)")
        }
        if sample == "static-vlan" {
            #expect(result.output.contains("ip addr add 192.0.2.10/24 dev eth0"))
            #expect(result.output.contains("ip link set mtu 1500 addr fa:16:3e:10:20:31 eth0.100 up"))
        }
    }
}
