import GlintJSON
extension Image: Codable {
    /// Decodes Glance's image JSON: base properties into fields, every other key into ``extraProperties``.
    ///
    /// Only `id` is required; a missing base property takes Glance's default (`visibility: shared`,
    /// `protected: false`, `tags: []`, `min_ram`/`min_disk` 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        func value<T: Decodable>(_ key: String, _ type: T.Type = T.self) throws -> T? {
            try container.decodeIfPresent(T.self, forKey: AnyCodingKey(key))
        }
        self.id = try container.decode(String.self, forKey: AnyCodingKey("id"))
        self.name = try value("name")
        self.status = try value("status") ?? Status(rawValue: "unknown")
        self.visibility = try value("visibility") ?? .shared
        self.protected = try value("protected") ?? false
        self.osHidden = try value("os_hidden") ?? false
        self.checksum = try value("checksum")
        self.osHashAlgo = try value("os_hash_algo")
        self.osHashValue = try value("os_hash_value")
        self.owner = try value("owner")
        self.size = try value("size")
        self.virtualSize = try value("virtual_size")
        self.containerFormat = try value("container_format")
        self.diskFormat = try value("disk_format")
        self.createdAt = try value("created_at")
        self.updatedAt = try value("updated_at")
        self.tags = try value("tags") ?? []
        self.minRam = try value("min_ram") ?? 0
        self.minDisk = try value("min_disk") ?? 0
        self.selfLink = try value("self")
        self.file = try value("file")
        self.schema = try value("schema")
        self.stores = try value("stores")
        self.directURL = try value("direct_url")

        var extra: [String: String] = [:]
        var nonString: [String: JSONValue] = [:]
        for key in container.allKeys where !Self.baseProperties.contains(key.stringValue) {
            let json = try container.decode(JSONValue.self, forKey: key)
            if case .string(let string) = json {
                extra[key.stringValue] = string
            } else {
                extra[key.stringValue] = json.description
                nonString[key.stringValue] = json
            }
        }
        if let locations = try value("locations", JSONValue.self) {
            nonString["locations"] = locations
        }
        self.extraProperties = extra
        self.nonStringValues = nonString
    }

    /// Encodes the record the way Glance shows it: base properties (absent ones as `null`), then the
    /// extra properties at top level.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        func put<T: Encodable>(_ key: String, _ value: T?) throws {
            if let value {
                try container.encode(value, forKey: AnyCodingKey(key))
            } else {
                try container.encodeNil(forKey: AnyCodingKey(key))
            }
        }
        try put("id", id)
        try put("name", name)
        try put("status", status)
        try put("visibility", visibility)
        try put("protected", protected)
        try put("os_hidden", osHidden)
        try put("checksum", checksum)
        try put("os_hash_algo", osHashAlgo)
        try put("os_hash_value", osHashValue)
        try put("owner", owner)
        try put("size", size)
        try put("virtual_size", virtualSize)
        try put("container_format", containerFormat)
        try put("disk_format", diskFormat)
        try put("created_at", createdAt)
        try put("updated_at", updatedAt)
        try put("tags", tags)
        try put("min_ram", minRam)
        try put("min_disk", minDisk)
        try put("self", selfLink)
        try put("file", file)
        try put("schema", schema)
        if let stores {
            try put("stores", stores)
        }
        if let directURL {
            try put("direct_url", directURL)
        }
        if let locations = nonStringValues["locations"] {
            try put("locations", locations)
        }
        for (key, value) in extraProperties {
            if let json = nonStringValues[key], json.description == value {
                try put(key, json)
            } else {
                try put(key, value)
            }
        }
    }
}
