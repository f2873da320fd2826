import ConfigDrive
import Foundation
import GuestToolkit
import ImageStore
import Libvirt
import QemuImage

/// What a client asks for in a boot, Nova's create-server request reduced to what one host needs.
public struct BootRequest: Sendable {
    public var name: String
    public var flavorRef: String
    public var imageRef: String
    public var keyName: String?
    public var publicKey: String?
    /// Base64, as Nova's API carries it.
    public var userData: String?
    public var metadata: [String: String] = [:]
    /// Forces a config drive; images with `img_config_drive=mandatory` get one anyway.
    public var configDrive = false
    public var adminPassword: String?
    /// A pre-boot customization applied to the instance's own disk (never the image).
    public var customization: CustomizationPlan?

    public init(name: String, flavorRef: String, imageRef: String) {
        self.name = name
        self.flavorRef = flavorRef
        self.imageRef = imageRef
    }
}

extension Launcher {
    /// Checks the request, records the instance (`BUILD`), and boots it in the background.
    /// - Throws: ``LauncherError``: 400 for a bad name or user data, 404 for the flavor, 400 for an image that is
    ///   missing or not active (Nova's "Image … is not active"), with nothing created.
    public func boot(_ request: BootRequest, caller: Caller) async throws -> Instance {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 255 else {
            throw LauncherError(.badRequest, "Invalid input for field/attribute name.")
        }
        guard let flavor = try await store.flavor(idOrName: request.flavorRef) else {
            throw LauncherError(.badRequest, "Flavor \(request.flavorRef) could not be found.")
        }
        var publicKey = request.publicKey
        if let keyName = request.keyName {
            guard let pair = try await store.keyPair(owner: caller.projectID, name: keyName) else {
                throw LauncherError(.badRequest, "Invalid key_name provided.")
            }
            publicKey = pair.publicKey
        }
        let image: ImageRecord
        do {
            image = try await images.image(id: request.imageRef, caller: caller)
        } catch let error as ImageStoreError where error.code == .notFound {
            throw LauncherError(.badRequest, "Image \(request.imageRef) could not be found.")
        }
        guard image.status == .active else {
            throw LauncherError(.badRequest, "Image \(image.id) is not active.")
        }
        guard let format = image.diskFormat, ["raw", "qcow2"].contains(format) else {
            throw LauncherError(.badRequest, "Image \(image.id) has disk_format \(image.diskFormat ?? "none"); instances boot from raw or qcow2.")
        }
        if let userData = request.userData, Data(base64Encoded: userData) == nil {
            throw LauncherError(.badRequest, "User data needs to be valid base 64.")
        }
        let configDrive = request.configDrive || image.properties["img_config_drive"] == "mandatory"
        let instance = Instance(
            name: name, hostname: Self.hostname(from: name), owner: caller.projectID, userID: caller.userID,
            flavor: flavor, imageID: image.id, keyName: request.keyName, publicKey: publicKey,
            userData: request.userData, metadata: request.metadata, configDrive: configDrive)
        try await store.insert(instance)
        logger.info("Instance accepted", metadata: ["instance.id": "\(instance.id)", "image.id": "\(image.id)"])
        work[instance.id] = Task { await self.spawn(instance, image: image, request: request) }
        return instance
    }

    /// Waits for an instance's background work (a boot) to end; for tests and shutdown.
    public func settle(id: String) async {
        await work[id]?.value
    }

    /// The boot itself (Nova's `spawn`): base image, root disk, customization, config drive, domain, start.
    /// A failure leaves the instance in `ERROR` with a fault, and no domain.
    func spawn(_ instance: Instance, image: ImageRecord, request: BootRequest) async {
        defer { work[instance.id] = nil }
        let files = files(of: instance)
        do {
            try await store.modify(id: instance.id) { $0.taskState = .spawning }
            try files.create()
            let base = try await baseImages.baseFile(for: image)
            let size = max(Int64(instance.flavor.diskGiB) << 30, image.virtualSize ?? 0)
            try QemuImg.createOverlay(files.rootDisk, base: base, baseFormat: image.diskFormat ?? "qcow2", size: size)
            if let plan = request.customization {
                let disk = DiskImage(glintOverlay: files.rootDisk)
                _ = try await customizer.customize(disk, plan: plan)
            }
            if instance.configDrive {
                try await buildConfigDrive(for: instance, adminPassword: request.adminPassword, to: files.configDrive)
            }
            let spec = try domainSpec(for: instance, files: files)
            let domain = try await connection.defineDomain(xml: spec.xml())
            try await domain.start()
            try await store.modify(id: instance.id) { instance in
                instance.vmState = .active
                instance.taskState = nil
                instance.powerState = .running
                instance.launchedAt = Date()
            }
            logger.info("Instance booted", metadata: ["instance.id": "\(instance.id)"])
        } catch {
            logger.info("Instance failed to boot", metadata: ["instance.id": "\(instance.id)", "error": "\(error)"])
            if let domain = try? await domain(of: instance) {
                try? await domain.destroy()
                try? await domain.undefine()
            }
            let message = "\(error)"
            _ = try? await store.modify(id: instance.id) { instance in
                instance.vmState = .error
                instance.taskState = nil
                instance.powerState = .noState
                instance.fault = Instance.Fault(code: 500, message: message)
            }
        }
    }

    /// Nova's hostname rule: the name lowercased, characters other than letters, digits and `-` dropped or
    /// replaced, at most 63 characters.
    static func hostname(from name: String) -> String {
        let mapped = name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let trimmed = String(mapped).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        return String(trimmed.prefix(63)).isEmpty ? "server" : String(trimmed.prefix(63))
    }

    /// The MAC of the instance's NIC: Nova's `fa:16:3e` prefix and three bytes of the instance id, so it is stable
    /// across hard reboots and visible in network_data.json.
    public static func macAddress(for instance: Instance) -> String {
        let hex = instance.id.replacingOccurrences(of: "-", with: "")
        let bytes = stride(from: 0, to: 6, by: 2).map { offset -> String in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }
        return "fa:16:3e:" + bytes.joined(separator: ":")
    }

    /// The domain as the instance's flavor, disks and console describe it.
    func domainSpec(for instance: Instance, files: InstanceFiles, rescueDisk: String? = nil) throws -> DomainSpec {
        var spec = DomainSpec(
            name: instance.domainName, uuid: UUID(uuidString: instance.id) ?? UUID(),
            accelerator: accelerator.accelerator, vcpus: instance.flavor.vcpus, memoryMiB: instance.flavor.ramMiB)
        spec.title = instance.name
        spec.tcgTranslationCacheMiB = configuration.tcgTranslationCacheMiB
        var disks: [DomainSpec.Disk] = []
        if let rescueDisk {
            var rescue = DomainSpec.Disk(source: .file(rescueDisk), format: .qcow2, target: "vda")
            rescue.bootOrder = 1
            disks.append(rescue)
        }
        var root = DomainSpec.Disk(source: .file(files.rootDisk), format: .qcow2, target: rescueDisk == nil ? "vda" : "vdb")
        root.serial = instance.id.prefix(20).description
        root.ioTune = try DomainSpec.IOTune(extraSpecs: instance.flavor.extraSpecs)
        if rescueDisk == nil { root.bootOrder = 1 }
        disks.append(root)
        if instance.configDrive {
            var drive = DomainSpec.Disk(source: .file(files.configDrive), format: .raw, device: .cdrom, bus: .sata)
            drive.readOnly = true
            disks.append(drive)
        }
        spec.disks = disks
        spec.interfaces = [DomainSpec.NetworkInterface(attachment: .user, mac: Self.macAddress(for: instance))]
        spec.serialConsole = .ptyWithLog(path: files.consoleLog)
        spec.graphics = [.vnc, .spice]
        return spec
    }

    /// Nova's config drive for the instance: metadata, keys, user data, admin password, and network_data.json for
    /// its one NIC (DHCP from libvirt's user-mode network).
    func buildConfigDrive(for instance: Instance, adminPassword: String?, to path: String) async throws {
        var keys: [PublicKey] = []
        if let key = instance.publicKey {
            keys.append(PublicKey(name: instance.keyName ?? "key", data: key, type: "ssh"))
        }
        let metadata = InstanceMetadata(
            uuid: instance.id, name: instance.name, hostname: instance.hostname, meta: instance.metadata,
            publicKeys: keys, adminPass: adminPassword, projectID: instance.owner)
        let network = try NetworkData.singleNIC(mac: Self.macAddress(for: instance), dhcp: true)
        let userData = instance.userData.flatMap { Data(base64Encoded: $0) }.map { Array($0) }
        let content = ConfigDriveContent(metadata: metadata, network: network, userData: userData)
        try await ConfigDriveBuilder(format: .iso9660, logger: logger).build(content, to: path)
    }
}
