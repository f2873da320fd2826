import Foundation
public import GuestToolkit
public import HostAccelerator
public import ImageStore
public import Libvirt
public import Logging

/// The VM lifecycle on one libvirt host: instances booted from images in the store, as Nova's libvirt driver does
/// each row of the hypervisor-support matrix.
///
/// Glint's database holds what each instance should be (flavor, image, `vm_state`, `task_state`); the libvirt
/// domain (named ``Instance/domainName``, UUID = instance id) is the live truth for power state. Operations that
/// take long (a boot) are accepted at once and finish in the background, as Nova's API answers 202.
public actor Launcher {
    public struct Configuration: Sendable {
        /// Instance directories and the base image cache (`_base/`). QEMU runs as `libvirt-qemu`, so every
        /// directory on this path must be traversable by it (`/var/lib/glint/instances` is).
        public var instancesDirectory: String
        public var libvirtURI: String = "qemu:///system"
        /// How long a soft reboot waits for the guest to power off before it becomes a hard one (Nova's
        /// `wait_soft_reboot_seconds` is 120).
        public var softRebootTimeout: Duration = .seconds(60)
        /// The memory of the TCG translation cache per guest: QEMU's 1 GiB default would dominate a small guest.
        public var tcgTranslationCacheMiB: Int = 64
        /// Glint's default rescue image (`Images/build.sh rescue`), used when a rescue names no image; `nil`
        /// makes the image a required argument of rescue.
        public var rescueImagePath: String?

        public init(instancesDirectory: String) {
            self.instancesDirectory = instancesDirectory
        }
    }

    public let configuration: Configuration
    public let store: InstanceStore
    let images: ImageService
    let connection: LibvirtConnection
    let baseImages: BaseImageCache
    let customizer: GuestCustomizer
    let accelerator: AcceleratorChoice
    /// libvirt's host name, read once at open: every server document names it (`OS-EXT-SRV-ATTR:host`, `hostId`).
    public nonisolated let hostName: String
    let logger: Logger
    /// Background work per instance (a boot), so delete can wait for it or cancel it.
    var work: [String: Task<Void, Never>] = [:]

    /// Connects to libvirt and prepares the instances directory.
    public static func open(
        configuration: Configuration, images: ImageService, store: InstanceStore, customizer: GuestCustomizer,
        logger: Logger
    ) async throws -> Launcher {
        try FileManager.default.createDirectory(atPath: configuration.instancesDirectory, withIntermediateDirectories: true)
        chmod(configuration.instancesDirectory, 0o755)
        let connection = try await LibvirtConnection.open(uri: configuration.libvirtURI)
        let accelerator = await customizer.probe.choose(customizer.accelerator, logger: logger)
        let baseImages = try BaseImageCache(
            directory: configuration.instancesDirectory + "/_base", images: images, logger: logger)
        return Launcher(
            configuration: configuration, store: store, images: images, connection: connection,
            baseImages: baseImages, customizer: customizer, accelerator: accelerator,
            hostName: try await connection.hostname(), logger: logger)
    }

    init(
        configuration: Configuration, store: InstanceStore, images: ImageService, connection: LibvirtConnection,
        baseImages: BaseImageCache, customizer: GuestCustomizer, accelerator: AcceleratorChoice, hostName: String,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.images = images
        self.connection = connection
        self.baseImages = baseImages
        self.customizer = customizer
        self.accelerator = accelerator
        self.hostName = hostName
        self.logger = logger
    }

    /// Closes the libvirt connection after the background work finished.
    public func close() async throws {
        for task in work.values { await task.value }
        try await connection.close()
    }

    // MARK: - Reading

    /// The instance if `caller` may see it (its project, or an admin), with its power state refreshed from libvirt.
    public func instance(id: String, caller: Caller) async throws -> Instance {
        guard let instance = try await store.instance(id: id), caller.isAdmin || instance.owner == caller.projectID else {
            throw LauncherError(.notFound, "Instance \(id) could not be found.")
        }
        return instance
    }

    /// The caller's instances (every instance for an admin).
    public func instances(caller: Caller) async throws -> [Instance] {
        try await store.instances(owner: caller.isAdmin ? nil : caller.projectID)
    }

    func files(of instance: Instance) -> InstanceFiles {
        InstanceFiles(instancesDirectory: configuration.instancesDirectory, instanceID: instance.id)
    }

    /// The instance's domain, or `nil` when libvirt has none.
    func domain(of instance: Instance) async throws -> Domain? {
        do {
            return try await connection.domain(named: instance.domainName)
        } catch let error as VirtError where error.code == .noDomain {
            return nil
        }
    }

    /// Nova's power state for a libvirt state.
    static func powerState(_ state: DomainState) -> PowerState {
        switch state {
        case .running, .blocked: .running
        case .paused: .paused
        case .shutOff, .shuttingDown: .shutdown
        case .crashed: .crashed
        case .pmSuspended: .suspended
        default: .noState
        }
    }

    /// Reads the domain's state into the record.
    @discardableResult
    func refreshPowerState(_ instance: Instance) async throws -> Instance {
        let power: PowerState
        if let domain = try await domain(of: instance) {
            power = Self.powerState(try await domain.status().state)
        } else {
            power = .noState
        }
        return try await store.modify(id: instance.id) { $0.powerState = power }
    }
}
