#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who an instance is: the facts Nova puts into `meta_data.json` (and, for NoCloud, into `meta-data`).
///
/// Typed rather than a free-form dictionary so that a typo is a decoding error and each key can be gated on the
/// metadata version that introduced it. In JSON its keys sit at the top level of the content object, in Nova's
/// snake_case (`availability_zone`, `launch_index`, `public_keys` …); see `ConfigDrive/schema/content.schema.json`.
public struct InstanceMetadata: Sendable, Equatable, Codable {
    /// The instance UUID: cloud-init's `instance-id`, and what it compares with the SMBIOS system UUID.
    public var uuid: String
    /// The display name (`name`).
    public var name: String
    /// The guest hostname (`hostname`, cloud-init's `local-hostname`).
    public var hostname: String
    /// `availability_zone`; Nova's default zone is `nova`.
    public var availabilityZone: String
    /// `launch_index`: position in a multi-instance boot request.
    public var launchIndex: Int
    /// `meta`: user metadata (string to string, like Nova's server metadata).
    public var meta: [String: String]
    /// Key pairs: `public_keys` ({name: data}) and `keys` ([{name, type, data}]) in `meta_data.json`.
    public var publicKeys: [PublicKey]
    /// Injected files (Nova's "personality"): written as `openstack/content/NNNN` and listed in `files`.
    public var files: [InjectedFile]
    /// `admin_pass`, in every version when set (Nova passes it through `extra_md`).
    public var adminPass: String?
    /// `random_seed` (base64 in the JSON, ≥2013-04-04). When nil, each build draws 512 fresh random bytes like Nova;
    /// give one to make a build reproducible (golden trees do).
    public var randomSeed: [UInt8]?
    /// `project_id` (≥2015-10-15), written only when set.
    public var projectID: String?
    /// Tagged devices (`devices`, ≥2016-06-30; always written from that version, possibly empty).
    public var devices: [DeviceMetadata]
    /// Dedicated host CPUs (`dedicated_cpus`, ≥2020-10-14; always written from that version, possibly empty).
    public var dedicatedCPUs: [Int]

    public init(
        uuid: String, name: String, hostname: String, availabilityZone: String = "nova", launchIndex: Int = 0,
        meta: [String: String] = [:], publicKeys: [PublicKey] = [], files: [InjectedFile] = [],
        adminPass: String? = nil, randomSeed: [UInt8]? = nil, projectID: String? = nil,
        devices: [DeviceMetadata] = [], dedicatedCPUs: [Int] = []
    ) {
        self.uuid = uuid
        self.name = name
        self.hostname = hostname
        self.availabilityZone = availabilityZone
        self.launchIndex = launchIndex
        self.meta = meta
        self.publicKeys = publicKeys
        self.files = files
        self.adminPass = adminPass
        self.randomSeed = randomSeed
        self.projectID = projectID
        self.devices = devices
        self.dedicatedCPUs = dedicatedCPUs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uuid, name, hostname, meta, files, devices
        case availabilityZone = "availability_zone"
        case launchIndex = "launch_index"
        case publicKeys = "public_keys"
        case adminPass = "admin_pass"
        case randomSeed = "random_seed"
        case projectID = "project_id"
        case dedicatedCPUs = "dedicated_cpus"
    }

    /// Only `uuid` is required; `name` and `hostname` default to each other (then to the uuid), the rest to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uuid = try c.decode(String.self, forKey: .uuid)
        let name = try c.decodeIfPresent(String.self, forKey: .name)
        let hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        self.name = name ?? hostname ?? uuid
        self.hostname = hostname ?? name ?? uuid
        availabilityZone = try c.decodeIfPresent(String.self, forKey: .availabilityZone) ?? "nova"
        launchIndex = try c.decodeIfPresent(Int.self, forKey: .launchIndex) ?? 0
        meta = try c.decodeIfPresent([String: String].self, forKey: .meta) ?? [:]
        publicKeys = try c.decodeIfPresent([PublicKey].self, forKey: .publicKeys) ?? []
        files = try c.decodeIfPresent([InjectedFile].self, forKey: .files) ?? []
        adminPass = try c.decodeIfPresent(String.self, forKey: .adminPass)
        if let seed = try c.decodeIfPresent(String.self, forKey: .randomSeed) {
            guard let data = Data(base64Encoded: seed) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .randomSeed, in: c, debugDescription: "random_seed is not valid base64")
            }
            randomSeed = Array(data)
        }
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID)
        devices = try c.decodeIfPresent([DeviceMetadata].self, forKey: .devices) ?? []
        dedicatedCPUs = try c.decodeIfPresent([Int].self, forKey: .dedicatedCPUs) ?? []
    }

    /// Writes the same keys back, leaving out empty collections and nil values so samples stay short.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uuid, forKey: .uuid)
        try c.encode(name, forKey: .name)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(availabilityZone, forKey: .availabilityZone)
        try c.encode(launchIndex, forKey: .launchIndex)
        if !meta.isEmpty { try c.encode(meta, forKey: .meta) }
        if !publicKeys.isEmpty { try c.encode(publicKeys, forKey: .publicKeys) }
        if !files.isEmpty { try c.encode(files, forKey: .files) }
        try c.encodeIfPresent(adminPass, forKey: .adminPass)
        try c.encodeIfPresent(randomSeed.map { Data($0).base64EncodedString() }, forKey: .randomSeed)
        try c.encodeIfPresent(projectID, forKey: .projectID)
        if !devices.isEmpty { try c.encode(devices, forKey: .devices) }
        if !dedicatedCPUs.isEmpty { try c.encode(dedicatedCPUs, forKey: .dedicatedCPUs) }
    }
}
