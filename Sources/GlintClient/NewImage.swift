/// The properties of an image to create with ``ImageServiceClient/createImage(_:)``.
///
/// Properties left `nil` are not sent, so the server's defaults apply (Glance: `visibility: shared`,
/// `min_disk`/`min_ram` 0, not protected).
public struct NewImage: Sendable, Hashable, Encodable {
    /// A UUID for the image, or `nil` to let the server choose one.
    public var id: String?
    /// The image name.
    public var name: String?
    /// The disk format (`qcow2`, `raw`, …); required by the server before data can be uploaded.
    public var diskFormat: String?
    /// The container format (`bare`, `ovf`, …); required by the server before data can be uploaded.
    public var containerFormat: String?
    /// Who can see the image.
    public var visibility: Image.Visibility?
    /// Minimum disk in GB.
    public var minDisk: Int?
    /// Minimum RAM in MB.
    public var minRam: Int?
    /// Whether the image is protected from deletion.
    public var protected: Bool?
    /// Tags to set.
    public var tags: [String]
    /// Extra properties (every key that is not a base property), sent at top level.
    public var extraProperties: [String: String]

    /// Creates a description of a new image.
    public init(
        id: String? = nil,
        name: String? = nil,
        diskFormat: String? = nil,
        containerFormat: String? = nil,
        visibility: Image.Visibility? = nil,
        minDisk: Int? = nil,
        minRam: Int? = nil,
        protected: Bool? = nil,
        tags: [String] = [],
        extraProperties: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.diskFormat = diskFormat
        self.containerFormat = containerFormat
        self.visibility = visibility
        self.minDisk = minDisk
        self.minRam = minRam
        self.protected = protected
        self.tags = tags
        self.extraProperties = extraProperties
    }

    /// Encodes the `POST /v2/images` body: the set base properties, then the extra properties at top level.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for (key, value) in extraProperties {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
        try container.encodeIfPresent(id, forKey: AnyCodingKey("id"))
        try container.encodeIfPresent(name, forKey: AnyCodingKey("name"))
        try container.encodeIfPresent(diskFormat, forKey: AnyCodingKey("disk_format"))
        try container.encodeIfPresent(containerFormat, forKey: AnyCodingKey("container_format"))
        try container.encodeIfPresent(visibility, forKey: AnyCodingKey("visibility"))
        try container.encodeIfPresent(minDisk, forKey: AnyCodingKey("min_disk"))
        try container.encodeIfPresent(minRam, forKey: AnyCodingKey("min_ram"))
        try container.encodeIfPresent(protected, forKey: AnyCodingKey("protected"))
        if !tags.isEmpty {
            try container.encode(tags, forKey: AnyCodingKey("tags"))
        }
    }
}
