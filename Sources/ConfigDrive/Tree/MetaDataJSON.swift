#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GlintJSON

/// `meta_data.json` and the EC2 `meta-data.json`, key for key as Nova's `_metadata_as_json` and `get_ec2_metadata`
/// build them, as `JSONValue` so key order never depends on a dictionary.
extension InstanceMetadata {
    /// Nova's content keys: `%04i` in order, `/content/0000` … in `files`.
    var contentKeys: [String] {
        files.indices.map { index in
            let digits = String(index)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// `openstack/<version>/meta_data.json` for one version; `seed` is the random seed of this build.
    func openStackMetaData(version: OpenStackMetadataVersion, seed: [UInt8]) -> JSONValue {
        typealias V = OpenStackMetadataVersion
        var object: [String: JSONValue] = [
            "uuid": .string(uuid),
            "hostname": .string(hostname),
            "name": .string(name),
            "launch_index": .int(Int64(launchIndex)),
            "availability_zone": .string(availabilityZone),
        ]
        if !meta.isEmpty { object["meta"] = .object(meta.mapValues(JSONValue.string)) }
        if !files.isEmpty {
            object["files"] = .array(
                zip(files, contentKeys).map { file, key in
                    .object(["path": .string(file.path), "content_path": .string("/content/\(key)")])
                })
        }
        if let adminPass { object["admin_pass"] = .string(adminPass) }
        if !publicKeys.isEmpty {
            var byName: [String: JSONValue] = [:]
            for key in publicKeys { byName[key.name] = .string(key.data) }
            object["public_keys"] = .object(byName)
            object["keys"] = .array(
                publicKeys.map { .object(["name": .string($0.name), "type": .string($0.type), "data": .string($0.data)]) })
        }
        if version >= V.randomSeed { object["random_seed"] = .string(Data(seed).base64EncodedString()) }
        if version >= V.networkData, let projectID { object["project_id"] = .string(projectID) }
        if version >= V.devices { object["devices"] = .array(devices.compactMap { $0.metadata(version: version) }) }
        if version >= V.dedicatedCPUs { object["dedicated_cpus"] = .array(dedicatedCPUs.map { .int(Int64($0)) }) }
        return .object(object)
    }

    /// `ec2/<version>/meta-data.json`: what Nova's EC2 view can say without an EC2 id database. The `instance-id`
    /// is `i-` and the first 8 hex digits of the UUID (Nova uses its internal id in the same `i-%08x` shape);
    /// image, reservation and security-group keys Glint does not know are left out.
    func ec2MetaData(network: NetworkData?) -> JSONValue {
        let hex = uuid.lowercased().filter(\.isHexDigit)
        let localIPv4 = network?.networks.first { $0.type == .ipv4 }?.ipAddress.map { address in
            CIDR(address)?.addressText ?? address
        }
        var object: [String: JSONValue] = [
            "ami-launch-index": .int(Int64(launchIndex)),
            "hostname": .string(hostname),
            "instance-action": .string("none"),
            "instance-id": .string("i-" + hex.prefix(8)),
            "local-hostname": .string(hostname),
            "local-ipv4": localIPv4.map(JSONValue.string) ?? .null,
            "placement": .object(["availability-zone": .string(availabilityZone)]),
            "public-hostname": .string(hostname),
            "public-ipv4": .string(""),
        ]
        // Nova's EC2 view only knows the instance's one key pair: the first.
        if let key = publicKeys.first {
            object["public-keys"] = .object(["0": .object(["openssh-key": .string(key.data)])])
        }
        return .object(object)
    }
}

extension DeviceMetadata {
    /// This device in `devices` for `version`, or nil where Nova hides it (a NIC with no tag, VLAN or vf_trusted
    /// to show, before 2018-08-27 made `vf_trusted` always present).
    func metadata(version: OpenStackMetadataVersion) -> JSONValue? {
        var object: [String: JSONValue] = [
            "type": .string(type.rawValue), "bus": .string(bus.rawValue), "address": .string(address),
        ]
        if !tags.isEmpty { object["tags"] = .array(tags.map(JSONValue.string)) }
        switch type {
        case .nic:
            if let mac { object["mac"] = .string(mac) }
            if version >= OpenStackMetadataVersion.deviceVLAN, let vlan { object["vlan"] = .int(Int64(vlan)) }
            if version >= OpenStackMetadataVersion.deviceVFTrusted { object["vf_trusted"] = .bool(vfTrusted ?? false) }
            if tags.isEmpty, object["vlan"] == nil, object["vf_trusted"] == nil { return nil }
        case .disk:
            if let serial { object["serial"] = .string(serial) }
            if let path { object["path"] = .string(path) }
        }
        return .object(object)
    }
}
