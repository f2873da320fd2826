import Foundation
import GlintAPI
import GuestToolkit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageStore
import Launcher
import Testing

/// The compute API in process, over a launcher on libvirt's `test:///default` driver: version documents,
/// microversions, flavors, hypervisors and Nova's fault bodies for refused requests. Booting real guests is in
/// Tests/LauncherTests and Tests/compat/test_compute.py.
@Suite("Compute API")
struct ComputeAPITests {
    static func withCompute(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "glint-compute-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let images = try ImageService.openEmbedded(dataDirectory: directory, logger: quietLogger)
        var configuration = Launcher.Configuration(instancesDirectory: directory + "/instances")
        configuration.libvirtURI = "test:///default"
        let launcher = try await Launcher.open(
            configuration: configuration, images: images, store: try InstanceStore(path: directory + "/instances.sqlite"),
            customizer: GuestCustomizer(logger: quietLogger, accelerator: .tcg), logger: quietLogger)
        let app = Application(
            responder: GlintAPI.responder(service: images, launcher: launcher, authenticator: .none), logger: quietLogger)
        try await app.test(.router, body)
        try await launcher.close()
    }

    private static let version22: HTTPFields = [HTTPField.Name("OpenStack-API-Version")!: "compute 2.2"]

    @Test("version documents, and the microversion echoed or refused")
    func versions() async throws {
        try await Self.withCompute { client in
            let root = try await client.execute(uri: "/compute", method: .get)
            #expect(root.status == .ok)
            let version = try await client.execute(uri: "/compute/v2.1", method: .get)
            let document = try #require(version.json["version"] as? [String: Any])
            #expect(document["version"] as? String == "2.6" && document["min_version"] as? String == "2.1")

            let flavors = try await client.execute(uri: "/compute/v2.1/flavors", method: .get, headers: Self.version22)
            #expect(flavors.headers[HTTPField.Name("OpenStack-API-Version")!] == "compute 2.2")
            #expect(flavors.headers[HTTPField.Name("X-OpenStack-Nova-API-Version")!] == "2.2")
            let defaulted = try await client.execute(uri: "/compute/v2.1/flavors", method: .get)
            #expect(defaulted.headers[HTTPField.Name("X-OpenStack-Nova-API-Version")!] == "2.1")
            let tooNew = try await client.execute(
                uri: "/compute/v2.1/flavors", method: .get, headers: [HTTPField.Name("OpenStack-API-Version")!: "compute 2.90"])
            #expect(tooNew.status == .notAcceptable)
        }
    }

    @Test("flavors: the seeded set, create (admin) and show, duplicate names 409")
    func flavors() async throws {
        try await Self.withCompute { client in
            let list = try await client.execute(uri: "/compute/v2.1/flavors/detail", method: .get)
            let names = (list.json["flavors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.contains("g1.nano") && names.contains("m1.small"))
            let body: [String: Any] = ["flavor": ["name": "custom", "ram": 300, "vcpus": 2, "disk": 3, "id": "77"]]
            let created = try await client.execute(uri: "/compute/v2.1/flavors", method: .post, headers: jsonHeaders, body: .json(body))
            #expect(created.status == .ok)
            let shown = try await client.execute(uri: "/compute/v2.1/flavors/77", method: .get)
            #expect((shown.json["flavor"] as? [String: Any])?["vcpus"] as? Int == 2)
            let again = try await client.execute(uri: "/compute/v2.1/flavors", method: .post, headers: jsonHeaders, body: .json(body))
            #expect(again.status == .conflict)
            #expect(again.json["conflictingRequest"] != nil)
        }
    }

    @Test("refused requests get Nova's fault bodies and create nothing")
    func faults() async throws {
        try await Self.withCompute { client in
            let missing = try await client.execute(uri: "/compute/v2.1/servers/\(UUID().uuidString)", method: .get)
            #expect(missing.status == .notFound)
            #expect((missing.json["itemNotFound"] as? [String: Any])?["code"] as? Int == 404)
            let cases: [([String: Any], String)] = [
                (["server": ["name": "x", "flavorRef": "nope", "imageRef": UUID().uuidString]], "Flavor nope could not be found"),
                (["server": ["name": "x", "flavorRef": "g1.nano", "imageRef": UUID().uuidString]], "could not be found"),
                (["server": ["flavorRef": "1", "imageRef": "x"]], "'name' is a required property"),
                (["server": ["name": "x", "flavorRef": "1", "imageRef": "x", "key_name": "k"]], "Invalid key_name"),
                (["server": ["name": "x", "flavorRef": "1", "imageRef": "x", "personality": [["path": "etc/x", "contents": "eA=="]]]], "is not absolute"),
                (["server": ["name": "x", "flavorRef": "1", "imageRef": "x", "glint:customization": ["operations": [["op": "nope"]]]]], "unknown op"),
            ]
            for (body, expected) in cases {
                let response = try await client.execute(uri: "/compute/v2.1/servers", method: .post, headers: jsonHeaders, body: .json(body))
                #expect(response.status == .badRequest, "\(body)")
                let message = (response.json["badRequest"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains(expected), "\(message)")
            }
            let action = try await client.execute(
                uri: "/compute/v2.1/servers/\(UUID().uuidString)/action", method: .post, headers: jsonHeaders, body: .json(["pause": NSNull()]))
            #expect(action.status == .notFound)
            let servers = try await client.execute(uri: "/compute/v2.1/servers", method: .get)
            #expect((servers.json["servers"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("key pairs: import with Nova's fingerprint, generate, show, duplicate 409, delete")
    func keyPairs() async throws {
        try await Self.withCompute { client in
            let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxpbnQtY29tcHV0ZS10ZXN0LWtleS0xMjM0NTY3OA== test@glint"
            let imported = try await client.execute(
                uri: "/compute/v2.1/os-keypairs", method: .post, headers: jsonHeaders,
                body: .json(["keypair": ["name": "mine", "public_key": key]]))
            #expect(imported.status == .ok)
            let fingerprint = (imported.json["keypair"] as? [String: Any])?["fingerprint"] as? String ?? ""
            #expect(fingerprint.split(separator: ":").count == 16)
            let again = try await client.execute(
                uri: "/compute/v2.1/os-keypairs", method: .post, headers: jsonHeaders,
                body: .json(["keypair": ["name": "mine", "public_key": key]]))
            #expect(again.status == .conflict)
            let generated = try await client.execute(
                uri: "/compute/v2.1/os-keypairs", method: .post, headers: jsonHeaders, body: .json(["keypair": ["name": "made"]]))
            let made = generated.json["keypair"] as? [String: Any]
            #expect((made?["private_key"] as? String)?.contains("OPENSSH PRIVATE KEY") == true)
            let list = try await client.execute(uri: "/compute/v2.1/os-keypairs", method: .get)
            #expect((list.json["keypairs"] as? [Any])?.count == 2)
            let shown = try await client.execute(uri: "/compute/v2.1/os-keypairs/mine", method: .get)
            #expect((shown.json["keypair"] as? [String: Any])?["public_key"] as? String == key)
            let deleted = try await client.execute(uri: "/compute/v2.1/os-keypairs/mine", method: .delete)
            #expect(deleted.status == .accepted)
            let gone = try await client.execute(uri: "/compute/v2.1/os-keypairs/mine", method: .get)
            #expect(gone.status == .notFound)
        }
    }

    @Test("the hypervisor is this host, from libvirt's node info")
    func hypervisors() async throws {
        try await Self.withCompute { client in
            let list = try await client.execute(uri: "/compute/v2.1/os-hypervisors/detail", method: .get)
            let hypervisor = try #require((list.json["hypervisors"] as? [[String: Any]])?.first)
            #expect(hypervisor["state"] as? String == "up" && hypervisor["hypervisor_type"] as? String == "QEMU")
            #expect((hypervisor["vcpus"] as? Int ?? 0) > 0)
            let cpuInfo = try #require((hypervisor["cpu_info"] as? String)?.data(using: .utf8))
            let facts = try #require(try JSONSerialization.jsonObject(with: cpuInfo) as? [String: Any])
            #expect(facts["accelerator"] as? String == "tcg" && facts["libvirt_version"] != nil && facts["uptime_seconds"] != nil)
        }
    }
}
