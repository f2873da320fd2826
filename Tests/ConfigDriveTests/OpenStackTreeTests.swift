import Foundation
import GlintJSON
import Testing

@testable import ConfigDrive

/// The `config-2` tree against Nova's `metadata_for_config_drive`: which files exist in which version directory,
/// which `meta_data.json` keys each version has, injected files, the EC2 side, and determinism.
@Suite struct OpenStackTreeTests {
    static let versions = [
        "2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06", "2017-02-22",
        "2018-08-27", "2020-10-14", "2025-04-04", "latest",
    ]

    @Test func everyVersionHasExactlyNovasFiles() throws {
        let tree = try modelSample("static-vlan").openStackTree()
        let paths = Set(tree.map(\.path))
        for (index, version) in Self.versions.enumerated() {
            let directory = "openstack/\(version)/"
            var expected = ["meta_data.json", "user_data"]
            if index >= 2 { expected.append("vendor_data.json") }
            if index >= 3 { expected.append("network_data.json") }
            if index >= 5 { expected.append("vendor_data2.json") }
            let actual = paths.filter { $0.hasPrefix(directory) }.map { String($0.dropFirst(directory.count)) }
            #expect(Set(actual) == Set(expected), "\(version)")
        }
        #expect(paths.isSuperset(of: [
            "ec2/2009-04-04/meta-data.json", "ec2/2009-04-04/user-data", "ec2/latest/meta-data.json",
            "ec2/latest/user-data", "openstack/content/0000", "openstack/content/0001",
        ]))
        #expect(tree.map(\.path) == tree.map(\.path).sorted())
        #expect(tree.count == 11 + 1 * 11 + 9 + 8 + 6 + 2 + 4)
    }

    @Test func keysAppearFromTheVersionThatIntroducedThem() throws {
        let tree = try modelSample("static-vlan").openStackTree()
        let always: Set = [
            "uuid", "hostname", "name", "launch_index", "availability_zone", "meta", "files", "public_keys", "keys",
            "admin_pass",
        ]
        let introduced: [(String, Int)] = [
            ("random_seed", 1), ("project_id", 3), ("devices", 4), ("dedicated_cpus", 8),
        ]
        for (index, version) in Self.versions.enumerated() {
            let metaData = try modelJSON(tree, "openstack/\(version)/meta_data.json")
            var expected = always
            for (key, from) in introduced where index >= from { expected.insert(key) }
            #expect(Set(metaData.keys) == expected, "\(version)")
        }
    }

    @Test func devicesGainVLANAndVFTrustedByVersion() throws {
        let tree = try modelSample("static-vlan").openStackTree()
        func nic(_ version: String) throws -> [String: JSONValue] {
            let devices = try modelJSON(tree, "openstack/\(version)/meta_data.json")["devices"]
            guard case .array(let list)? = devices, case .object(let nic)? = list.first else { return [:] }
            return nic
        }
        #expect(Set(try nic("2016-06-30").keys) == ["type", "bus", "address", "mac", "tags"])
        #expect(Set(try nic("2017-02-22").keys) == ["type", "bus", "address", "mac", "tags", "vlan"])
        #expect(try nic("2018-08-27")["vf_trusted"] == .bool(false))
        #expect(try nic("latest")["vlan"] == .int(100))

        // An untagged NIC only shows up once vf_trusted is always written.
        var content = ConfigDriveContent(metadata: modelMetadata())
        content.metadata.devices = [DeviceMetadata(type: .nic, mac: "52:54:00:00:00:01")]
        let plain = try content.openStackTree()
        #expect(try modelJSON(plain, "openstack/2017-02-22/meta_data.json")["devices"] == .array([]))
        guard case .array(let latest)? = try modelJSON(plain, "openstack/latest/meta_data.json")["devices"] else {
            Issue.record("no devices")
            return
        }
        #expect(latest.count == 1)
    }

    @Test func injectedFilesAreContentEntries() throws {
        let content = try modelSample("static-vlan")
        let tree = try content.openStackTree()
        let metaData = try modelJSON(tree, "openstack/latest/meta_data.json")
        #expect(metaData["files"] == .array([
            .object(["path": .string("/etc/motd"), "content_path": .string("/content/0000")]),
            .object(["path": .string("/var/lib/glint/blob.bin"), "content_path": .string("/content/0001")]),
        ]))
        #expect(tree.first { $0.path == "openstack/content/0000" }?.contents == content.metadata.files[0].contents)
        #expect(tree.first { $0.path == "openstack/content/0001" }?.contents == content.metadata.files[1].contents)
    }

    @Test func keysAndVendorAndNetworkFiles() throws {
        let content = try modelSample("static-vlan")
        let tree = try content.openStackTree()
        let metaData = try modelJSON(tree, "openstack/latest/meta_data.json")
        let key = content.metadata.publicKeys[0]
        #expect(metaData["public_keys"] == .object(["ops": .string(key.data)]))
        #expect(metaData["keys"] == .array([.object(["name": .string("ops"), "type": .string("ssh"), "data": .string(key.data)])]))
        #expect(metaData["random_seed"] == .string(Data(content.metadata.randomSeed!).base64EncodedString()))
        let network = try #require(tree.first { $0.path == "openstack/2015-10-15/network_data.json" })
        #expect(try JSONDecoder().decode(NetworkData.self, from: Data(network.contents)) == content.network)
        #expect(try modelJSON(tree, "openstack/latest/vendor_data2.json") == ["static": .object(["provider": .string("glint")])])

        // Nothing to say still writes `{}`, like Nova.
        let bare = try ConfigDriveContent(metadata: modelMetadata()).openStackTree()
        for name in ["vendor_data.json", "network_data.json", "vendor_data2.json"] {
            #expect(bare.first { $0.path == "openstack/latest/\(name)" }?.contents == Array("{}".utf8))
        }
        #expect(!bare.contains { $0.path.hasSuffix("user_data") || $0.path.hasSuffix("user-data") })
    }

    @Test func ec2MetaDataHasNovasShape() throws {
        let tree = try modelSample("static-vlan").openStackTree()
        let ec2 = try modelJSON(tree, "ec2/latest/meta-data.json")
        #expect(ec2["instance-id"] == .string("i-0d1e2f3a"))
        #expect(ec2["local-hostname"] == .string("db-1.example.org"))
        #expect(ec2["local-ipv4"] == .string("192.0.2.10"))
        #expect(ec2["placement"] == .object(["availability-zone": .string("zone-a")]))
        guard case .object(let keys)? = ec2["public-keys"], case .object(let first)? = keys["0"] else {
            Issue.record("no public-keys")
            return
        }
        #expect(first["openssh-key"] != nil)
        #expect(try modelJSON(tree, "ec2/2009-04-04/meta-data.json") == ec2)
    }

    @Test func seededBuildsAreIdenticalAndUnseededOnesDrawFreshSeeds() throws {
        let content = try modelSample("minimal-dhcp")
        #expect(try content.openStackTree() == content.openStackTree())

        var unseeded = content
        unseeded.metadata.randomSeed = nil
        let first = try modelJSON(try unseeded.openStackTree(), "openstack/latest/meta_data.json")["random_seed"]
        let second = try modelJSON(try unseeded.openStackTree(), "openstack/latest/meta_data.json")["random_seed"]
        #expect(first != second)
        guard case .string(let seed)? = first else { Issue.record("no seed"); return }
        #expect(Data(base64Encoded: seed)?.count == 512)
    }

    @Test func invalidContentBuildsNothing() {
        var content = ConfigDriveContent(metadata: modelMetadata())
        content.metadata.files = [InjectedFile(path: "relative", text: "x")]
        #expect(throws: ConfigDriveError.self) { try content.openStackTree() }
        #expect(throws: ConfigDriveError.self) { try content.noCloudTree() }
    }
}
