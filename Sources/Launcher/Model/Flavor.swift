/// A hardware template for instances, as Nova's flavors: vCPUs, memory, root and ephemeral disk, swap, and extra
/// specs such as `quota:disk_total_bytes_sec`.
public struct Flavor: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var vcpus: Int
    public var ramMiB: Int
    /// Root disk in GiB; 0 means "the image's virtual size", as in Nova.
    public var diskGiB: Int
    public var ephemeralGiB: Int
    public var swapMiB: Int
    public var isPublic: Bool
    public var extraSpecs: [String: String]

    public init(
        id: String, name: String, vcpus: Int, ramMiB: Int, diskGiB: Int, ephemeralGiB: Int = 0, swapMiB: Int = 0,
        isPublic: Bool = true, extraSpecs: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.vcpus = vcpus
        self.ramMiB = ramMiB
        self.diskGiB = diskGiB
        self.ephemeralGiB = ephemeralGiB
        self.swapMiB = swapMiB
        self.isPublic = isPublic
        self.extraSpecs = extraSpecs
    }

    /// The flavors a new Glint host starts with: Nova's classic `m1.*` set, plus `g1.nano` for tiny test guests.
    public static let defaults: [Flavor] = [
        Flavor(id: "0", name: "g1.nano", vcpus: 1, ramMiB: 256, diskGiB: 1),
        Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMiB: 512, diskGiB: 1),
        Flavor(id: "2", name: "m1.small", vcpus: 1, ramMiB: 2048, diskGiB: 20),
        Flavor(id: "3", name: "m1.medium", vcpus: 2, ramMiB: 4096, diskGiB: 40),
        Flavor(id: "4", name: "m1.large", vcpus: 4, ramMiB: 8192, diskGiB: 80),
        Flavor(id: "5", name: "m1.xlarge", vcpus: 8, ramMiB: 16384, diskGiB: 160),
    ]

}
