import GlintJSON

/// The NoCloud seed tree (label `cidata`), as `cloud-localds` lays it out and `DataSourceNoCloud` reads it.
///
/// - `meta-data`: `instance-id` (the uuid), `local-hostname`, `public-keys` (the key texts);
/// - `user-data`: the user data, empty when there is none (NoCloud requires the file);
/// - `network-config`: `NetworkData.cloudInitV2()`, only when there is network data;
/// - `vendor-data`: only when the vendor data carries cloud-init content (see `noCloudVendorData`).
///
/// The YAML files are written as indented JSON, which is valid YAML and parses identically in cloud-init, and which
/// needs no YAML emitter. NoCloud has no injected files, admin password, devices or random seed: those stay
/// OpenStack-only (put files in user data's `write_files` for NoCloud).
extension ConfigDriveContent {
    public func noCloudTree() throws(ConfigDriveError) -> [ConfigDriveFile] {
        try validate()
        var metaData: [String: JSONValue] = [
            "instance-id": .string(metadata.uuid),
            "local-hostname": .string(metadata.hostname),
        ]
        if !metadata.publicKeys.isEmpty {
            metaData["public-keys"] = .array(metadata.publicKeys.filter { $0.type == "ssh" }.map { .string($0.data) })
        }
        var files: [ConfigDriveFile] = [
            .init(path: "meta-data", contents: try DriveJSON.pretty(JSONValue.object(metaData), field: "meta-data")),
            .init(path: "user-data", contents: userData ?? []),
        ]
        if let network {
            files.append(.init(path: "network-config", contents: try DriveJSON.pretty(try network.cloudInitV2(), field: "network-config")))
        }
        if let vendor = noCloudVendorData {
            files.append(.init(path: "vendor-data", contents: vendor))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The cloud-init part of the vendor data, as cloud-init's `convert_vendordata` extracts it from
    /// `vendor_data.json`: a string as is, or the string under `"cloud-init"` in an object; anything else is data for
    /// other agents and has no NoCloud form.
    var noCloudVendorData: [UInt8]? {
        switch vendorData {
        case .string(let text)?:
            return Array(text.utf8)
        case .object(let object)?:
            if case .string(let text)? = object["cloud-init"] { return Array(text.utf8) }
            return nil
        default:
            return nil
        }
    }
}
