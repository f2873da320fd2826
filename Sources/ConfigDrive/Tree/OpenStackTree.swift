import GlintJSON

/// The `config-2` tree, as Nova's `metadata_for_config_drive` yields it, ready for the ISO9660 and vfat writers.
///
/// ```
/// ec2/2009-04-04/meta-data.json   ec2/latest/meta-data.json        (+ user-data)
/// openstack/<version>/meta_data.json                                every version and latest
/// openstack/<version>/user_data                                     when there is user data
/// openstack/<version>/vendor_data.json                              ≥ 2013-10-17
/// openstack/<version>/network_data.json                             ≥ 2015-10-15
/// openstack/<version>/vendor_data2.json                             ≥ 2016-10-06
/// openstack/content/0000 …                                          injected files
/// ```
/// Like Nova, the vendor data and network files are written (as `{}`) even when there is nothing to say, so a guest
/// sees the same listing on every drive.
extension ConfigDriveContent {
    /// Validates, then returns the tree sorted by path. Deterministic when `metadata.randomSeed` is set; otherwise
    /// each call draws a new 512-byte seed (shared by all versions of that drive).
    public func openStackTree() throws(ConfigDriveError) -> [ConfigDriveFile] {
        try validate()
        let seed = metadata.randomSeed ?? Self.freshRandomSeed()
        let empty: JSONValue = .object([:])
        let vendorData = try DriveJSON.compact(self.vendorData ?? empty, field: "vendor_data")
        let vendorData2 = try DriveJSON.compact(self.vendorData2 ?? empty, field: "vendor_data2")
        let networkData: [UInt8]
        if let network {
            networkData = try DriveJSON.compact(network, field: "network_data")
        } else {
            networkData = try DriveJSON.compact(empty, field: "network_data")
        }

        var files: [ConfigDriveFile] = []
        for version in OpenStackMetadataVersion.allCases {
            let directory = "openstack/\(version.rawValue)/"
            let metaData = metadata.openStackMetaData(version: version, seed: seed)
            files.append(.init(path: directory + "meta_data.json", contents: try DriveJSON.compact(metaData, field: "meta_data")))
            if let userData { files.append(.init(path: directory + "user_data", contents: userData)) }
            if version >= .vendorData { files.append(.init(path: directory + "vendor_data.json", contents: vendorData)) }
            if version >= .networkData { files.append(.init(path: directory + "network_data.json", contents: networkData)) }
            if version >= .vendorData2 { files.append(.init(path: directory + "vendor_data2.json", contents: vendorData2)) }
        }
        for (file, key) in zip(metadata.files, metadata.contentKeys) {
            files.append(.init(path: "openstack/content/\(key)", contents: file.contents))
        }
        let ec2 = try DriveJSON.compact(metadata.ec2MetaData(network: network), field: "ec2 meta-data")
        for version in EC2MetadataVersion.allCases {
            let directory = "ec2/\(version.rawValue)/"
            files.append(.init(path: directory + "meta-data.json", contents: ec2))
            if let userData { files.append(.init(path: directory + "user-data", contents: userData)) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// 512 bytes from the system's secure generator, as Nova's `os.urandom(512)`.
    static func freshRandomSeed() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<512).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
