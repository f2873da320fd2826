/// One image as the store keeps it: Glance's base properties, tags and string extra properties.
///
/// A value type: the repository hands out copies, and every change goes back through the repository.
public struct ImageRecord: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var status: ImageStatus
    public var visibility: ImageVisibility
    public var isProtected: Bool
    public var osHidden: Bool
    /// md5 of the data, hex (Glance's `checksum`).
    public var checksum: String?
    public var osHashAlgo: String?
    public var osHashValue: String?
    public var owner: String?
    public var size: Int64?
    public var virtualSize: Int64?
    public var containerFormat: String?
    public var diskFormat: String?
    /// Minimum RAM in MB.
    public var minRAM: Int64
    /// Minimum disk in GB.
    public var minDisk: Int64
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var tags: [String]
    /// Extra properties: always strings, as Glance stores them.
    public var properties: [String: String]

    public init(
        id: String,
        name: String? = nil,
        status: ImageStatus = .queued,
        visibility: ImageVisibility = .shared,
        isProtected: Bool = false,
        osHidden: Bool = false,
        owner: String?,
        containerFormat: String? = nil,
        diskFormat: String? = nil,
        minRAM: Int64 = 0,
        minDisk: Int64 = 0,
        createdAt: Timestamp,
        tags: [String] = [],
        properties: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.visibility = visibility
        self.isProtected = isProtected
        self.osHidden = osHidden
        self.owner = owner
        self.containerFormat = containerFormat
        self.diskFormat = diskFormat
        self.minRAM = minRAM
        self.minDisk = minDisk
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.tags = tags
        self.properties = properties
    }

    /// Records a verified upload and makes the image active.
    mutating func record(_ data: UploadedData) {
        status = .active
        size = data.size
        checksum = data.checksum
        osHashAlgo = data.osHashAlgo
        osHashValue = data.osHashValue
        virtualSize = data.virtualSize
    }

    /// Clears what an upload sets, for an image going back to `queued`.
    mutating func clearData() {
        checksum = nil
        osHashAlgo = nil
        osHashValue = nil
        size = nil
        virtualSize = nil
    }
}

/// The project membership of a shared image.
public struct ImageMember: Sendable, Equatable {
    public var imageID: String
    public var memberID: String
    public var status: MemberStatus
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// The outcome of a successful upload, recorded on the image when it becomes `active`.
public struct UploadedData: Sendable, Equatable {
    public var size: Int64
    public var checksum: String
    public var osHashAlgo: String
    public var osHashValue: String
    public var virtualSize: Int64?
    /// The disk format to record (Glance keeps the declared one; declared `nil` stays `nil`).
    public var diskFormat: String?
}
