import Foundation
import GlintJSON
import Testing

@testable import ConfigDrive

/// The content JSON (`glint configdrive build --content FILE`, the API body): decoding, encoding, and the checks that
/// keep a guest from ever seeing content it would choke on.
@Suite struct ContentTests {
    @Test func samplesDecodeAndValidate() throws {
        for name in ["minimal-dhcp", "static-vlan", "bond-binary"] {
            let content = try modelSample(name)
            try content.validate()
            #expect(content.metadata.randomSeed?.count == 48)
        }
    }

    @Test func defaultsFillInWhatNovaAlwaysHas() throws {
        let content = try ConfigDriveContent.decode(json: Array(#"{"uuid":"4f9b2c1e-8a3d-4e5f-9a6b-7c8d9e0f1a2b","name":"box"}"#.utf8))
        #expect(content.metadata.hostname == "box")
        #expect(content.metadata.availabilityZone == "nova")
        #expect(content.metadata.launchIndex == 0)
        #expect(content.network == nil && content.userData == nil)
    }

    @Test func encodingRoundTrips() throws {
        for name in ["minimal-dhcp", "static-vlan", "bond-binary"] {
            let content = try modelSample(name)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let again = try ConfigDriveContent.decode(json: Array(try encoder.encode(content)))
            #expect(again == content, "\(name)")
        }
    }

    @Test func binaryBytesUseBase64Keys() throws {
        var content = ConfigDriveContent(metadata: modelMetadata(), userData: [0xFF, 0xFE, 0x00])
        content.metadata.files = [InjectedFile(path: "/bin/blob", contents: [0xC3, 0x28])]
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        #expect(json.contains("\"user_data_base64\":\"\\/\\/4A\"") || json.contains("\"user_data_base64\":\"//4A\""))
        #expect(json.contains("content_base64"))
        #expect(try ConfigDriveContent.decode(json: Array(json.utf8)) == content)
    }

    @Test func invalidUTF8UserDataIsFine() throws {
        let content = ConfigDriveContent(metadata: modelMetadata(), userData: [0x80, 0xFF, 0xC0])
        try content.validate()
        let tree = try content.openStackTree()
        #expect(tree.first { $0.path == "openstack/latest/user_data" }?.contents == [0x80, 0xFF, 0xC0])
    }

    @Test func userDataOver64KiBIsTooLarge() throws {
        let limit = ConfigDriveContent(metadata: modelMetadata(), userData: Array(repeating: 0x41, count: 65535))
        try limit.validate()
        let over = ConfigDriveContent(metadata: modelMetadata(), userData: Array(repeating: 0x41, count: 65536))
        let error = #expect(throws: ConfigDriveError.self) { try over.validate() }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("user_data") == true)
    }

    @Test(arguments: [
        ("etc/motd", "not absolute"),
        ("/etc/../shadow", "'..'"),
        ("/..", "'..'"),
        ("/etc/", "does not name a file"),
    ])
    func guestPathsMustBeAbsoluteWithoutDotDot(path: String, expected: String) {
        var metadata = modelMetadata()
        metadata.files = [InjectedFile(path: path, text: "x")]
        let error = #expect(throws: ConfigDriveError.self) { try ConfigDriveContent(metadata: metadata).validate() }
        #expect(error?.code == .invalidContent)
        #expect(error?.message.contains("files[0].path") == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func metadataChecksNameTheField() {
        func message(_ change: (inout InstanceMetadata) -> Void) -> String {
            var metadata = modelMetadata()
            change(&metadata)
            do {
                try metadata.validate()
                return "valid"
            } catch {
                return error.message
            }
        }
        #expect(message { $0.uuid = "not-a-uuid" }.contains("uuid"))
        #expect(message { $0.hostname = "bad_host!" }.contains("hostname"))
        #expect(message { $0.publicKeys = [PublicKey(name: "k", data: "hello")] }.contains("public_keys[0]"))
        #expect(message { $0.files = [.init(path: "/a", text: ""), .init(path: "/a", text: "")] }.contains("duplicate"))
        #expect(message { $0.devices = [DeviceMetadata(type: .nic, mac: "zz:00")] }.contains("devices[0].mac"))
        #expect(message { _ in } == "valid")
    }

    @Test func publicKeyTypeFollowsNovaAndAlgorithmTheText() {
        let ssh = PublicKey(name: "a", data: "ssh-ed25519 AAAAC3Nza a@b")
        #expect(ssh.type == "ssh" && ssh.algorithm == "ssh-ed25519")
        let rsa = PublicKey(name: "b", data: "ssh-rsa AAAAB3Nza b@c")
        #expect(rsa.algorithm == "ssh-rsa")
        let cert = PublicKey(name: "c", data: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        #expect(cert.type == "x509" && cert.algorithm == nil)
    }

    @Test func decodingErrorsBecomeInvalidContentWithAPath() {
        let cases: [(String, String)] = [
            (#"{"name":"x"}"#, "uuid"),
            (#"{"uuid":"4f9b2c1e-8a3d-4e5f-9a6b-7c8d9e0f1a2b","hostnme":"x"}"#, "unknown key \"hostnme\""),
            (#"{"uuid":"4f9b2c1e-8a3d-4e5f-9a6b-7c8d9e0f1a2b","user_data":"a","user_data_base64":"YQ=="}"#, "not both"),
            (#"{"uuid":"4f9b2c1e-8a3d-4e5f-9a6b-7c8d9e0f1a2b","random_seed":"%%%"}"#, "random_seed"),
            ("{not json", "invalid content JSON"),
        ]
        for (json, expected) in cases {
            let error = #expect(throws: ConfigDriveError.self) { try ConfigDriveContent.decode(json: Array(json.utf8)) }
            #expect(error?.code == .invalidContent)
            #expect(error?.message.contains(expected) == true, "\(json): \(error?.message ?? "")")
        }
    }
}

// MARK: - Shared by the model and tree tests

/// `/work/main` (or the checkout this file is in): three levels above `Tests/ConfigDriveTests/ContentTests.swift`.
func modelRepositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A sample of `ConfigDrive/samples/`, decoded and validated like the CLI does.
func modelSample(_ name: String) throws -> ConfigDriveContent {
    let url = modelRepositoryRoot().appendingPathComponent("ConfigDrive/samples/\(name).json")
    return try ConfigDriveContent.decode(json: Array(try Data(contentsOf: url)))
}

/// A valid instance with nothing optional, and a fixed seed so trees are reproducible.
func modelMetadata() -> InstanceMetadata {
    InstanceMetadata(
        uuid: "4f9b2c1e-8a3d-4e5f-9a6b-7c8d9e0f1a2b", name: "test", hostname: "test", randomSeed: [1, 2, 3, 4])
}

/// Parses a file of a tree as a JSON object.
func modelJSON(_ tree: [ConfigDriveFile], _ path: String) throws -> [String: JSONValue] {
    let file = try #require(tree.first { $0.path == path }, "no \(path)")
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(file.contents))
    guard case .object(let object) = value else { throw ConfigDriveError(.readFailed, "\(path) is not an object") }
    return object
}
