import GlintJSON
/// One operation of a JSON-patch request (`application/openstack-images-v2.1-json-patch`).
public struct PatchOperation: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// The operation kind.
    public struct Op: RawRepresentable, Sendable, Hashable, Encodable {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// Adds a property, or replaces it when it exists.
        public static let add = Self(rawValue: "add")
        /// Replaces an existing property (Glance also accepts it for unset base properties).
        public static let replace = Self(rawValue: "replace")
        /// Removes an extra property.
        public static let remove = Self(rawValue: "remove")
    }

    /// The operation kind.
    public var op: Op
    /// The JSON pointer of the property, e.g. `/name`.
    public var path: String
    /// The new value, for `add` and `replace`.
    public var value: JSONValue?

    /// Creates an operation on the top-level property `property`.
    public init(_ op: Op, property: String, value: JSONValue? = nil) {
        self.op = op
        self.path = "/" + property.replacing("~", with: "~0").replacing("/", with: "~1")
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case op, path, value
    }

    /// Encodes `{"op","path","value"}`; `value` only for `add` and `replace`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(op, forKey: .op)
        try container.encode(path, forKey: .path)
        if op != .remove {
            try container.encode(value ?? .null, forKey: .value)
        }
    }

    /// `op path value`, for logs.
    public var description: String {
        if let value, op != .remove {
            return "\(op.rawValue) \(path) \(value)"
        }
        return "\(op.rawValue) \(path)"
    }
}

/// Changes to apply to an image with ``ImageServiceClient/updateImage(id:changes:)``.
///
/// `nil` fields stay as they are. The client turns the changes into JSON-patch operations against the
/// current record the way python-glanceclient does: `replace` for base properties and for extra properties
/// the image has, `add` for new extra properties, `remove` for removed ones, and `tags` as one `replace`.
public struct ImageChanges: Sendable, Hashable {
    public var name: String?
    public var diskFormat: String?
    public var containerFormat: String?
    public var visibility: Image.Visibility?
    public var minDisk: Int?
    public var minRam: Int?
    public var protected: Bool?
    public var osHidden: Bool?
    /// The complete new tag list, or `nil` to leave tags alone.
    public var tags: [String]?
    /// Extra properties to set (added or replaced).
    public var setProperties: [String: String]
    /// Extra properties to remove; ones the image does not have are skipped.
    public var removeProperties: Set<String>

    /// Creates a set of changes; everything left out stays unchanged.
    public init(
        name: String? = nil,
        diskFormat: String? = nil,
        containerFormat: String? = nil,
        visibility: Image.Visibility? = nil,
        minDisk: Int? = nil,
        minRam: Int? = nil,
        protected: Bool? = nil,
        osHidden: Bool? = nil,
        tags: [String]? = nil,
        setProperties: [String: String] = [:],
        removeProperties: Set<String> = []
    ) {
        self.name = name
        self.diskFormat = diskFormat
        self.containerFormat = containerFormat
        self.visibility = visibility
        self.minDisk = minDisk
        self.minRam = minRam
        self.protected = protected
        self.osHidden = osHidden
        self.tags = tags
        self.setProperties = setProperties
        self.removeProperties = removeProperties
    }

    /// The JSON-patch operations that turn `current` into the changed image; empty when nothing changes.
    ///
    /// Values equal to the current ones produce no operation. Base properties are emitted in a fixed order,
    /// then extra property sets and removals sorted by key, so the result is deterministic.
    public func patchOperations(against current: Image) -> [PatchOperation] {
        var operations: [PatchOperation] = []
        func base(_ key: String, _ new: JSONValue?, _ old: JSONValue) {
            if let new, new != old {
                operations.append(PatchOperation(.replace, property: key, value: new))
            }
        }
        base("name", name.map(JSONValue.string), current.name.map(JSONValue.string) ?? .null)
        base("disk_format", diskFormat.map(JSONValue.string), current.diskFormat.map(JSONValue.string) ?? .null)
        base(
            "container_format",
            containerFormat.map(JSONValue.string),
            current.containerFormat.map(JSONValue.string) ?? .null
        )
        base("visibility", visibility.map { .string($0.rawValue) }, .string(current.visibility.rawValue))
        base("min_disk", minDisk.map { .int(Int64($0)) }, .int(Int64(current.minDisk)))
        base("min_ram", minRam.map { .int(Int64($0)) }, .int(Int64(current.minRam)))
        base("protected", protected.map(JSONValue.bool), .bool(current.protected))
        base("os_hidden", osHidden.map(JSONValue.bool), .bool(current.osHidden))
        if let tags, tags != current.tags {
            operations.append(PatchOperation(.replace, property: "tags", value: .array(tags.map(JSONValue.string))))
        }
        for key in setProperties.keys.sorted() {
            let value = setProperties[key] ?? ""
            switch current.extraProperties[key] {
            case value?:
                continue
            case .some:
                operations.append(PatchOperation(.replace, property: key, value: .string(value)))
            case nil:
                operations.append(PatchOperation(.add, property: key, value: .string(value)))
            }
        }
        for key in removeProperties.sorted() where current.extraProperties[key] != nil && setProperties[key] == nil {
            operations.append(PatchOperation(.remove, property: key))
        }
        return operations
    }
}
