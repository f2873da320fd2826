import GlintJSON
/// An image record as the Glance v2 API returns it (`GET /v2/images/{id}`).
///
/// The base properties of Glance's image schema are typed fields. Every other key of the record is an
/// "extra property", kept in ``extraProperties`` as a string (Glance requires them to be strings; a non-string
/// value some server sends anyway is kept as its JSON text, and written back unchanged by `encode(to:)`).
public struct Image: Sendable, Hashable, Identifiable {
    /// The image UUID.
    public var id: String
    /// The image name; Glance allows none.
    public var name: String?
    /// The life-cycle status (`queued`, `active`, …).
    public var status: Status
    /// Who can see the image.
    public var visibility: Visibility
    /// A protected image cannot be deleted.
    public var protected: Bool
    /// A hidden image is left out of default listings.
    public var osHidden: Bool
    /// The MD5 of the data (hex), once uploaded.
    public var checksum: String?
    /// The algorithm of ``osHashValue`` (Glance's default is `sha512`).
    public var osHashAlgo: String?
    /// The multihash of the data (hex), once uploaded.
    public var osHashValue: String?
    /// The owning project.
    public var owner: String?
    /// The data size in bytes, once uploaded.
    public var size: Int64?
    /// The size of the virtual disk in bytes, when the format inspector could tell.
    public var virtualSize: Int64?
    /// The container format (`bare`, `ovf`, …).
    public var containerFormat: String?
    /// The disk format (`qcow2`, `raw`, …).
    public var diskFormat: String?
    /// Creation time, ISO 8601 as the server sent it.
    public var createdAt: String?
    /// Last update time, ISO 8601 as the server sent it.
    public var updatedAt: String?
    /// The image's tags.
    public var tags: [String]
    /// Minimum RAM in MB to boot the image.
    public var minRam: Int
    /// Minimum disk in GB to boot the image.
    public var minDisk: Int
    /// The image's own path (`/v2/images/{id}`), the record's `self` key.
    public var selfLink: String?
    /// The path of the image data (`/v2/images/{id}/file`).
    public var file: String?
    /// The path of the image schema (`/v2/schemas/image`).
    public var schema: String?
    /// The stores holding the data, comma-separated.
    public var stores: String?
    /// The data location, when the server shows it.
    public var directURL: String?
    /// Every key that is not a base property, with its value as a string.
    public var extraProperties: [String: String]
    /// Extra keys whose value was not a JSON string, kept so that encoding gives back the same JSON.
    var nonStringValues: [String: JSONValue]

    /// Creates an image record; mostly useful in tests.
    public init(
        id: String,
        name: String? = nil,
        status: Status = .queued,
        visibility: Visibility = .shared,
        extraProperties: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.visibility = visibility
        self.protected = false
        self.osHidden = false
        self.tags = []
        self.minRam = 0
        self.minDisk = 0
        self.extraProperties = extraProperties
        self.nonStringValues = [:]
    }

    /// The keys of Glance's image schema that are not extra properties (`get_base_properties()`).
    public static let baseProperties: Set<String> = [
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo",
        "os_hash_value", "owner", "size", "virtual_size", "container_format", "disk_format", "created_at",
        "updated_at", "tags", "min_ram", "min_disk", "self", "file", "schema", "stores", "direct_url", "locations",
    ]
}

extension Image {
    /// An image's life-cycle status, as the server spells it; unknown values are kept as they are.
    /// (Codable as a plain string, through the standard library's `RawRepresentable` conformance.)
    public struct Status: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// Created, no data yet.
        public static let queued = Self(rawValue: "queued")
        /// Data is being uploaded.
        public static let saving = Self(rawValue: "saving")
        /// Data is present and can be downloaded.
        public static let active = Self(rawValue: "active")
        /// An upload failed (v1 only).
        public static let killed = Self(rawValue: "killed")
        /// Deleted.
        public static let deleted = Self(rawValue: "deleted")
        /// Data is being staged for an import.
        public static let uploading = Self(rawValue: "uploading")
        /// Data is being imported.
        public static let importing = Self(rawValue: "importing")
        /// Deleted, data removal pending.
        public static let pendingDelete = Self(rawValue: "pending_delete")
        /// Data download is disabled for non-admins.
        public static let deactivated = Self(rawValue: "deactivated")
    }

    /// An image's visibility, as the server spells it; unknown values are kept as they are.
    public struct Visibility: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// Everyone sees it.
        public static let `public` = Self(rawValue: "public")
        /// Only the owner sees it.
        public static let `private` = Self(rawValue: "private")
        /// The owner and accepted members see it (Glance's default).
        public static let shared = Self(rawValue: "shared")
        /// Everyone can use it, but it is not listed by default.
        public static let community = Self(rawValue: "community")
    }
}
