import Foundation
import ConfigDrive
import GuestNetwork
import Testing

@testable import GuestToolkit

@Suite("Customization plans")
struct CustomizationPlanTests {
    private func plan(_ json: String) throws(GuestToolkitError) -> CustomizationPlan {
        try CustomizationPlan(json: Data(json.utf8))
    }

    @Test("reads every operation in order")
    func readsOperations() throws {
        let read = try plan(
            """
            {"operations": [
              {"op": "write", "path": "/etc/motd", "content": "hi\\n", "mode": "0640", "owner": "root:adm"},
              {"op": "write", "path": "/bin/x", "content_base64": "AAE="},
              {"op": "upload", "source": "/tmp/a", "path": "/opt/a"},
              {"op": "mkdir", "path": "/srv//data/./x", "mode": "0750"},
              {"op": "delete", "path": "/etc/old"},
              {"op": "symlink", "path": "/etc/link", "target": "/etc/motd"},
              {"op": "append-line", "path": "/etc/hosts", "line": "10.0.0.1 db"},
              {"op": "hostname", "hostname": "web-1.example.org"},
              {"op": "ssh-inject", "user": "debian", "keys": ["ssh-ed25519 AAAA me"]},
              {"op": "password", "selector": "random"},
              {"op": "firstboot-command", "command": "touch /done"},
              {"op": "selinux-relabel"},
              {"op": "timezone", "timezone": "Europe/Paris"},
              {"op": "machine-id-reset"},
              {"op": "inject-network", "network_data": {"links": [{"id": "l0", "type": "phy", "ethernet_mac_address": "52:54:00:12:34:56"}],
                 "networks": [{"id": "n0", "type": "ipv4_dhcp", "link": "l0"}]}, "renderer": "netplan"}
            ]}
            """)
        #expect(Array(read.operations.map(\.name).dropFirst()) == GuestOperation.knownNames)
        #expect(read.operations[0] == .write(path: "/etc/motd", content: Array("hi\n".utf8), attributes: FileAttributes(mode: 0o640, owner: "root:adm")))
        #expect(read.operations[1] == .write(path: "/bin/x", content: [0, 1], attributes: FileAttributes()))
        #expect(read.operations[3] == .makeDirectory(path: "/srv/data/x", attributes: FileAttributes(mode: 0o750)))
        #expect(read.operations[9] == .password(user: "root", .random))
        guard case .injectNetwork(let network, let renderer) = read.operations[14] else {
            Issue.record("not inject-network")
            return
        }
        #expect(renderer == .netplan)
        #expect(network.links.first?.ethernetMACAddress == "52:54:00:12:34:56")
        #expect(read.readsHostFiles)
    }

    @Test(
        "refuses bad plans with a message naming the operation",
        arguments: [
            (#"{"operations": [{"op": "format-disk"}]}"#, "unknown op \"format-disk\""),
            (#"{"operations": [{"op": "write", "path": "etc/motd", "content": ""}]}"#, "is not absolute"),
            (#"{"operations": [{"op": "delete", "path": "/etc/../../host"}]}"#, "contains \"..\""),
            (#"{"operations": [{"op": "write", "path": "/a", "content": "", "mdoe": "0644"}]}"#, "unknown key \"mdoe\""),
            (#"{"operations": [{"op": "write", "path": "/a", "content": "", "mode": "0999"}]}"#, "is not octal"),
            (#"{"operations": [{"op": "hostname", "hostname": "bad_name"}]}"#, "not a valid hostname"),
            (#"{"operations": [{"op": "password", "selector": "hunter2"}]}"#, "password selector"),
            (#"{"operations": [{"op": "timezone", "timezone": "../../etc/shadow"}]}"#, "not a zone name"),
            (#"{"operations": [{"op": "inject-network", "network_data": {}, "renderer": "wicked"}]}"#, "renderer \"wicked\""),
            (#"{"operations": [{"op": "inject-network", "network_data": {"links": [{"id": "x", "type": "token-ring"}]}}]}"#, "not valid network_data"),
            (#"{"ops": []}"#, "unknown key \"ops\""),
            (#"[1, 2]"#, "must be a JSON object"),
            (#"{"operations": [{"op": "write", "path": "/a"}]}"#, "content is required"),
        ])
    func refusesBadPlans(json: String, expected: String) throws {
        let error = try #require(throws: GuestToolkitError.self) { try plan(json) }
        #expect(error.code == .invalidPlan)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test("guest paths are normalized and never climb out")
    func guestPaths() throws {
        #expect(try GuestPath("//etc///ssh/./sshd_config").value == "/etc/ssh/sshd_config")
        #expect(GuestPath("/etc/ssh").parent == "/etc")
        #expect(GuestPath("/etc").parent == "/")
        #expect(GuestPath("/root").appending(".ssh").value == "/root/.ssh")
        // Through String values: `GuestPath("literal")` is literal coercion, which traps on a bad literal.
        for bad in ["", "/a/..", "relative/path", "/a\0b"] as [String] {
            #expect(throws: GuestToolkitError.self) { try GuestPath(bad) }
        }
    }

    @Test("password selectors in virt-customize's forms")
    func passwordSelectors() throws {
        #expect(try PasswordSelector(selector: "password:a:b") == .set("a:b"))
        #expect(try PasswordSelector(selector: "random") == .random)
        #expect(try PasswordSelector(selector: "disabled") == .disabled)
        #expect(try PasswordSelector(selector: "locked") == .locked)
    }

    @Test("guest accounts resolve names, numbers and groups from the guest's files")
    func accounts() throws {
        let accounts = GuestAccounts(
            passwd: "root:x:0:0:root:/root:/bin/sh\ndebian:x:1000:1000::/home/debian:/bin/bash\n",
            group: "root:x:0:\nadm:x:4:debian\ndebian:x:1000:\n")
        #expect(try accounts.owner("debian") == (1000, 1000))
        #expect(try accounts.owner("debian:adm") == (1000, 4))
        #expect(try accounts.owner("1001:1002") == (1001, 1002))
        #expect(throws: GuestToolkitError.self) { try accounts.owner("nobody") }
        #expect(throws: GuestToolkitError.self) { try accounts.owner("debian:wheel") }
    }
}

@Suite("Customization plan JSON")
struct CustomizationPlanEncodingTests {
    @Test("a plan written as JSON reads back as the same plan")
    func roundTrip() throws {
        let network = try JSONDecoder().decode(
            ConfigDrive.NetworkData.self,
            from: Data(#"{"links": [{"id": "l0", "type": "phy", "name": "eth0"}], "networks": [{"id": "n0", "type": "ipv4_dhcp", "link": "l0"}]}"#.utf8))
        let plan = CustomizationPlan([
            .write(path: "/etc/motd", content: Array("hi\n".utf8), attributes: FileAttributes(mode: 0o640, owner: "root:adm")),
            .write(path: "/bin/blob", content: [0xff, 0, 1], attributes: FileAttributes()),
            .makeDirectory(path: "/srv", attributes: FileAttributes(mode: 0o755)),
            .symlink(path: "/a", target: "/b"), .delete(path: "/c"), .appendLine(path: "/d", line: "e"),
            .hostname("h"), .sshInject(user: "u", keys: ["k1", "k2"]), .password(user: "root", .set("p:w")),
            .password(user: "u", .locked), .firstbootCommand("true"), .selinuxRelabel, .timezone("UTC"),
            .machineIDReset, .injectNetwork(network, renderer: .networkd),
        ])
        #expect(try CustomizationPlan(json: plan.json()) == plan)
    }
}
