import ConfigDrive
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GlintAPI

/// `POST /glint/v1/config-drives`: drives built in-process and read back, stored as images, and refused.
struct ConfigDriveAPITests {
    static let uuid = "4d7b2b4a-8f2e-4a56-9d51-3c1e2f0a9b7c"
    static let path = "/glint/v1/config-drives"

    /// A typical content document: keys, an injected file, user data and one static NIC.
    static func content(uuid: String = uuid, mac: String = "52:54:00:12:34:56") -> [String: Any] {
        [
            "uuid": uuid,
            "name": "web-1",
            "hostname": "web-1.example",
            "public_keys": [["name": "alice", "data": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE5vdEFSZWFsS2V5 alice@host"]],
            "files": [["path": "/etc/motd", "content": "hello from glint\n"]],
            "user_data": "#cloud-config\nhostname: web-1\n",
            "network_data": [
                "links": [["id": "tap0", "type": "phy", "ethernet_mac_address": mac, "mtu": 1500]],
                "networks": [[
                    "id": "network0", "link": "tap0", "type": "ipv4",
                    "ip_address": "192.0.2.10", "netmask": "255.255.255.0",
                    "routes": [["network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "192.0.2.1"]],
                ]],
                "services": [["type": "dns", "address": "192.0.2.53"]],
            ],
        ]
    }

    /// Writes `bytes` to a temporary file and reads the drive back.
    static func readBack(_ bytes: [UInt8]) async throws -> ConfigDriveReader.Drive {
        let path = NSTemporaryDirectory() + "glint-cd-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try await ConfigDriveReader.read(path: path)
    }

    static func json(_ file: ConfigDriveFile?) -> [String: Any] {
        guard let file else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(file.contents))) as? [String: Any] ?? [:]
    }

    @Test func postReturnsAnISOThatReadsBack() async throws {
        let response = try await APIFixture().test { client in
            try await client.execute(uri: Self.path, method: .post, headers: jsonHeaders, body: .json(Self.content()))
        }
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.headers[.contentType] == "application/octet-stream")
        #expect(response.headers[.contentDisposition] == "attachment; filename=\"config-2.iso\"")
        let bytes = Array(response.body.readableBytesView)
        #expect(bytes.count % 2048 == 0)
        let drive = try await Self.readBack(bytes)
        #expect(drive.format == .iso9660)
        #expect(drive.label == "config-2")
        let files = Dictionary(drive.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let metadata = Self.json(files["openstack/latest/meta_data.json"])
        #expect(metadata["uuid"] as? String == Self.uuid)
        #expect(metadata["hostname"] as? String == "web-1.example")
        #expect((metadata["public_keys"] as? [String: String])?["alice"]?.hasPrefix("ssh-ed25519 ") == true)
        #expect(files["openstack/latest/user_data"]?.contents == Array("#cloud-config\nhostname: web-1\n".utf8))
        let network = Self.json(files["openstack/latest/network_data.json"])
        #expect((network["links"] as? [[String: Any]])?.first?["ethernet_mac_address"] as? String == "52:54:00:12:34:56")
        #expect(files["openstack/2012-08-10/meta_data.json"] != nil)
    }

    @Test func otherFormats() async throws {
        try await APIFixture().test { client in
            let nocloud = try await client.execute(
                uri: Self.path + "?format=nocloud", method: .post, headers: jsonHeaders, body: .json(Self.content())
            )
            #expect(nocloud.status == .ok, "\(nocloud.text)")
            #expect(nocloud.headers[.contentDisposition] == "attachment; filename=\"cidata.iso\"")
            let seed = try await Self.readBack(Array(nocloud.body.readableBytesView))
            #expect(seed.label == "cidata")
            let metaData = seed.files.first { $0.path == "meta-data" }.map { String(decoding: $0.contents, as: UTF8.self) }
            #expect(metaData?.contains(Self.uuid) == true)

            let vfat = try await client.execute(
                uri: Self.path + "?format=vfat", method: .post, headers: jsonHeaders, body: .json(Self.content())
            )
            #expect(vfat.status == .ok, "\(vfat.text)")
            #expect(vfat.headers[.contentDisposition] == "attachment; filename=\"config-2.img\"")
            #expect(vfat.body.readableBytes == 64 << 20)
        }
    }

    @Test func storeCreatesAnActiveISOImage() async throws {
        try await APIFixture().test { client in
            let created = try await client.execute(
                uri: Self.path + "?store=true&name=seed-web-1", method: .post, headers: jsonHeaders,
                body: .json(Self.content())
            )
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location]?.hasSuffix("/v2/images/\(id)") == true)
            #expect(created.json["status"] as? String == "active")
            #expect(created.json["disk_format"] as? String == "iso")
            #expect(created.json["container_format"] as? String == "bare")
            #expect(created.json["name"] as? String == "seed-web-1")
            #expect(created.json["owner"] as? String == "admin")
            #expect(created.json["glint_instance_uuid"] as? String == Self.uuid)

            let data = try await client.execute(uri: "/v2/images/\(id)/file", method: .get)
            #expect(data.status == .ok)
            #expect(created.json["size"] as? Int == data.body.readableBytes)
            let drive = try await Self.readBack(Array(data.body.readableBytesView))
            let metadata = Self.json(drive.files.first { $0.path == "openstack/latest/meta_data.json" })
            #expect(metadata["uuid"] as? String == Self.uuid)

            let vfat = try await client.execute(
                uri: Self.path + "?store=true&format=vfat", method: .post, headers: jsonHeaders,
                body: .json(Self.content(uuid: "0c4a43f8-6a4e-4d8e-bb53-5cbe0f1e0d11"))
            )
            #expect(vfat.status == .created, "\(vfat.text)")
            #expect(vfat.json["disk_format"] as? String == "raw")
            #expect(vfat.json["name"] as? String == "config-drive-0c4a43f8-6a4e-4d8e-bb53-5cbe0f1e0d11")
        }
    }

    @Test func storeBelongsToTheCaller() async throws {
        let authenticator = Authenticator(mode: .token, tokens: [.init(token: "alice-token", project: "p-alice", roles: ["member"])])
        try await APIFixture(authenticator: authenticator).test { client in
            try await client.execute(uri: Self.path, method: .post, headers: jsonHeaders, body: .json(Self.content())) {
                #expect($0.status == .unauthorized)
            }
            var headers = jsonHeaders
            headers[.xAuthToken] = "alice-token"
            let created = try await client.execute(
                uri: Self.path + "?store=true", method: .post, headers: headers, body: .json(Self.content())
            )
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["owner"] as? String == "p-alice")
            #expect(created.json["visibility"] as? String == "shared")
        }
    }

    @Test func badContentIs400WithAClearMessage() async throws {
        let badMAC = Self.content(mac: "52:54:00:zz:34:56")
        var relative = Self.content()
        relative["files"] = [["path": "/etc/../shadow", "content": "x"]]
        var noUUID = Self.content()
        noUUID.removeValue(forKey: "uuid")
        let cases: [(String, ByteBuffer, String)] = [
            ("", ByteBuffer(string: "{\"uuid\": "), "JSON"),
            ("", ByteBuffer(), "JSON"),
            ("", .json(badMAC), "52:54:00:zz:34:56"),
            ("", .json(relative), ".."),
            ("", .json(noUUID), "uuid"),
            ("?format=qcow2", .json(Self.content()), "qcow2"),
            ("?store=maybe", .json(Self.content()), "store"),
            ("?name=x", .json(Self.content()), "store"),
        ]
        try await APIFixture().test { client in
            for (query, body, needle) in cases {
                let response = try await client.execute(
                    uri: Self.path + query, method: .post, headers: [.contentType: "application/json", .accept: "application/json"],
                    body: body
                )
                #expect(response.status == .badRequest, "\(query) \(String(buffer: body)): \(response.text)")
                let message = response.json["message"] as? String ?? ""
                #expect(message.contains(needle), "\(message)")
            }
            // Nothing was stored by any of them.
            let list = try await client.execute(uri: "/v2/images", method: .get)
            #expect((list.json["images"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func limitsAre413() async throws {
        var bigUserData = Self.content()
        bigUserData["user_data"] = String(repeating: "x", count: 64 * 1024)
        let big = ByteBuffer.json(bigUserData)
        var hugeBody = Self.content()
        hugeBody["meta"] = ["pad": String(repeating: "y", count: 1 << 20)]
        let huge = ByteBuffer.json(hugeBody)
        try await APIFixture().test { client in
            try await client.execute(uri: Self.path, method: .post, headers: jsonHeaders, body: big) { response in
                #expect(response.status == .contentTooLarge, "\(response.text)")
                #expect(response.text.contains("65535"), "\(response.text)")
            }
            try await client.execute(uri: Self.path, method: .post, headers: jsonHeaders, body: huge) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func otherMethodsAre405() async throws {
        try await APIFixture().test { client in
            for method in [HTTPRequest.Method.get, .put, .delete] {
                try await client.execute(uri: Self.path, method: method) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "POST")
                }
            }
        }
    }
}
