import GlintJSON
/// The names Glance gives special meaning, and how a JSON value is applied to one image property.
///
/// Shared by create and JSON-patch, so both validate exactly alike.
enum ImageProperties {
    /// Properties only the server writes.
    static let readOnly: Set<String> = [
        "created_at", "updated_at", "status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size",
        "direct_url", "self", "file", "schema", "id", "stores",
    ]
    /// Names reserved for Glance itself.
    static let reserved: Set<String> = ["location", "deleted", "deleted_at", "locations"]
    /// Base properties a client may write.
    static let writableBase: Set<String> = [
        "name", "visibility", "protected", "os_hidden", "container_format", "disk_format", "min_disk", "min_ram",
        "tags", "owner",
    ]
    static let diskFormats: Set<String> = [
        "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop",
    ]
    static let containerFormats: Set<String> = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
    static let propertyQuota = 128
    static let tagQuota = 128

    static func isBase(_ name: String) -> Bool { writableBase.contains(name) || readOnly.contains(name) }

    /// Refuses names a client may never write, with Glance's 403 wording.
    static func checkWritable(_ name: String) throws(ImageStoreError) {
        if readOnly.contains(name) {
            throw ImageStoreError(.forbidden, "Attribute '\(name)' is read-only.")
        }
        if reserved.contains(name) || name.hasPrefix("os_glance") {
            throw ImageStoreError(.forbidden, "Attribute '\(name)' is reserved.")
        }
    }

    /// Sets one property from a JSON value, validating it as Glance's image schema does.
    static func set(_ name: String, to value: JSONValue, on image: inout ImageRecord, caller: Caller) throws(ImageStoreError) {
        try checkWritable(name)
        switch name {
        case "name":
            image.name = try optionalString(name, value, maxLength: 255)
        case "visibility":
            guard let text = value.stringValue, let visibility = ImageVisibility(rawValue: text) else {
                throw invalid(name, value, "one of public, community, shared, private")
            }
            try ImagePolicy.checkVisibilityChange(to: visibility, caller: caller)
            image.visibility = visibility
        case "protected":
            guard let flag = value.boolValue else { throw invalid(name, value, "a boolean") }
            image.isProtected = flag
        case "os_hidden":
            guard let flag = value.boolValue else { throw invalid(name, value, "a boolean") }
            image.osHidden = flag
        case "container_format", "disk_format":
            let format = try optionalString(name, value, maxLength: 255)
            let allowed = name == "disk_format" ? diskFormats : containerFormats
            if let format, !allowed.contains(format) {
                throw invalid(name, value, "one of " + allowed.sorted().joined(separator: ", "))
            }
            if image.status != .queued, format != (name == "disk_format" ? image.diskFormat : image.containerFormat) {
                throw ImageStoreError(.forbidden, "Attribute \(name) can be only replaced for a queued image.")
            }
            if name == "disk_format" { image.diskFormat = format } else { image.containerFormat = format }
        case "min_disk", "min_ram":
            guard let number = value.integerValue, number >= 0 else {
                throw invalid(name, value, "a non-negative integer")
            }
            if name == "min_disk" { image.minDisk = number } else { image.minRAM = number }
        case "tags":
            guard case .array(let items) = value else { throw invalid(name, value, "an array of strings") }
            var tags: [String] = []
            for item in items {
                let tag = try tagValue(item)
                if !tags.contains(tag) { tags.append(tag) }
            }
            guard tags.count <= tagQuota else {
                throw ImageStoreError(.tooLarge, "Maximum number of tags exceeded (\(tagQuota)).")
            }
            image.tags = tags
        case "owner":
            let owner = try optionalString(name, value, maxLength: 255)
            if owner != image.owner, !caller.isAdmin {
                throw ImageStoreError(.forbidden, "Owner can't be updated by non admin.")
            }
            image.owner = owner
        default:
            guard name.count <= 255, !name.isEmpty else {
                throw ImageStoreError(.badRequest, "Property names must be 1 to 255 characters.")
            }
            guard let text = value.stringValue else {
                throw invalid(name, value, "a string (extra properties are strings)")
            }
            guard text.utf8.count <= 65535 else {
                throw ImageStoreError(.badRequest, "Value of property \(name) is too long.")
            }
            if image.properties[name] == nil, image.properties.count >= propertyQuota {
                throw ImageStoreError(.tooLarge, "Maximum number of properties exceeded (\(propertyQuota)).")
            }
            image.properties[name] = text
        }
    }

    static func tagValue(_ value: JSONValue) throws(ImageStoreError) -> String {
        guard let tag = value.stringValue, !tag.isEmpty, tag.count <= 255 else {
            throw ImageStoreError(.badRequest, "Invalid tag: tags are strings of 1 to 255 characters.")
        }
        return tag
    }

    static func optionalString(_ name: String, _ value: JSONValue, maxLength: Int) throws(ImageStoreError) -> String? {
        if value.isNull { return nil }
        guard let text = value.stringValue else { throw invalid(name, value, "a string or null") }
        guard text.count <= maxLength else {
            throw ImageStoreError(.badRequest, "Invalid value for \(name): longer than \(maxLength) characters.")
        }
        return text
    }

    static func invalid(_ name: String, _ value: JSONValue, _ expected: String) -> ImageStoreError {
        ImageStoreError(.badRequest, "Invalid value for '\(name)': expected \(expected), got \(value.typeName).")
    }
}
