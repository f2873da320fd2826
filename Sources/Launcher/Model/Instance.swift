import Foundation

/// One instance as Glint's database keeps it; the libvirt domain is the live truth for power state, and startup
/// reconciliation makes the two agree.
public struct Instance: Sendable, Equatable, Codable {
    /// The instance UUID: also the libvirt domain's UUID and the guest's SMBIOS system UUID (cloud-init checks it).
    public var id: String
    public var name: String
    public var hostname: String
    public var owner: String
    public var userID: String?
    public var flavor: Flavor
    /// The flavor before a resize, kept until the resize is confirmed or reverted.
    public var previousFlavor: Flavor?
    public var imageID: String
    public var vmState: VMState
    public var taskState: TaskState?
    public var powerState: PowerState
    public var keyName: String?
    public var publicKey: String?
    /// Base64 user data, as the API received it.
    public var userData: String?
    public var metadata: [String: String]
    public var configDrive: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var launchedAt: Date?
    /// The last failure, shown as the server's `fault`.
    public var fault: Fault?

    public struct Fault: Sendable, Equatable, Codable {
        public var code: Int
        public var message: String
        public var created: Date

        public init(code: Int, message: String, created: Date = Date()) {
            self.code = code
            self.message = message
            self.created = created
        }
    }

    public init(
        id: String = UUID().uuidString.lowercased(), name: String, hostname: String, owner: String,
        userID: String? = nil, flavor: Flavor, imageID: String, keyName: String? = nil, publicKey: String? = nil,
        userData: String? = nil, metadata: [String: String] = [:], configDrive: Bool = false
    ) {
        self.id = id
        self.name = name
        self.hostname = hostname
        self.owner = owner
        self.userID = userID
        self.flavor = flavor
        self.imageID = imageID
        self.vmState = .building
        self.taskState = .scheduling
        self.powerState = .noState
        self.keyName = keyName
        self.publicKey = publicKey
        self.userData = userData
        self.metadata = metadata
        self.configDrive = configDrive
        self.createdAt = Date()
        self.updatedAt = createdAt
    }

    /// The API status (`ACTIVE`, `BUILD`, `VERIFY_RESIZE` …).
    public var status: String { serverStatus(vmState: vmState, taskState: taskState) }

    /// The libvirt domain name: Nova's `instance-<id>` scheme uses a counter; the UUID keeps names unique across
    /// database resets.
    public var domainName: String { "glint-" + id }
}
