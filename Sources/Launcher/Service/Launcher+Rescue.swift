import Foundation
import ImageStore
import Libvirt
import QemuImage

extension Launcher {
    /// Nova's legacy rescue: the guest boots a rescue image (`disk.rescue`, a qcow2 overlay on it, boot order 1,
    /// `vda`) with its own disk attached second (`vdb`). The normal definition is not saved aside: it is derived
    /// from the record, so unrescue rebuilds it.
    ///
    /// The rescue password (given, or 12 random characters) is set through the guest agent once the rescue guest
    /// answers, in the background: the tiny and rescue images take only hostname and keys from a config drive,
    /// and a libguestfs injection would cost about 40 s here.
    /// - Throws: 400 for an unknown or inactive image, or no image and no default rescue image; 409 in other
    ///   states than active or stopped.
    public func rescue(
        id: String, imageRef: String?, adminPassword: String?, caller: Caller
    ) async throws -> (instance: Instance, adminPassword: String) {
        _ = try await instance(id: id, caller: caller)
        let (base, baseFormat) = try await rescueBase(imageRef: imageRef, caller: caller)
        let password = adminPassword ?? Self.randomPassword()
        let rescued = try await transition(id, caller: caller, task: .rescuing, allowed: [.active, .stopped]) { instance, domain in
            let files = files(of: instance)
            try await cleanShutdown(domain)
            unlink(files.rescueDisk)
            try QemuImg.createOverlay(files.rescueDisk, base: base, baseFormat: baseFormat)
            do {
                try await redefine(instance, rescueDisk: files.rescueDisk).start()
            } catch {
                unlink(files.rescueDisk)
                try? await redefine(instance)
                throw error
            }
            return (.rescued, .running)
        }
        enqueueWork(id) { await self.setRescuePassword(id: id, password: password) }
        logger.info("Instance rescued", metadata: ["instance.id": "\(id)"])
        return (rescued, password)
    }

    /// Back to the instance's own disk: destroy the rescue guest, drop `disk.rescue`, redefine, start.
    public func unrescue(id: String, caller: Caller) async throws -> Instance {
        work[id]?.cancel()
        await work[id]?.value
        return try await transition(id, caller: caller, task: .unrescuing, allowed: [.rescued]) { instance, domain in
            if try await domain.isActive() { try await domain.destroy() }
            unlink(files(of: instance).rescueDisk)
            try await redefine(instance).start()
            logger.info("Instance unrescued", metadata: ["instance.id": "\(id)"])
            return (.active, .running)
        }
    }

    /// The rescue image's file and format: the named image through the base cache, else the configured default
    /// copied once into `_base/` (QEMU, as libvirt-qemu, cannot reach a build cache under /root).
    private func rescueBase(imageRef: String?, caller: Caller) async throws -> (String, String) {
        if let imageRef {
            let image: ImageRecord
            do {
                image = try await images.image(id: imageRef, caller: caller)
            } catch let error as ImageStoreError where error.code == .notFound {
                throw LauncherError(.badRequest, "Image \(imageRef) could not be found.")
            }
            guard image.status == .active, let format = image.diskFormat, ["raw", "qcow2"].contains(format) else {
                throw LauncherError(.badRequest, "Image \(imageRef) is not active or not raw/qcow2.")
            }
            return (try await baseImages.baseFile(for: image), format)
        }
        guard let path = configuration.rescueImagePath else {
            throw LauncherError(.badRequest, "No rescue image given and no default rescue image configured.")
        }
        let source = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let cached = configuration.instancesDirectory + "/_base/rescue-" + URL(fileURLWithPath: source).lastPathComponent
        if !FileManager.default.fileExists(atPath: cached) {
            let partial = cached + ".partial"
            unlink(partial)
            do {
                try FileManager.default.copyItem(atPath: source, toPath: partial)
            } catch {
                throw LauncherError(.hypervisorFailed, "Cannot read the default rescue image \(path).")
            }
            chmod(partial, 0o644)
            guard rename(partial, cached) == 0 else {
                throw LauncherError(.hypervisorFailed, "Cannot publish the default rescue image.")
            }
        }
        return (cached, "qcow2")
    }

    /// Waits for the rescue guest's agent and sets root's password; a guest without an agent keeps the image's.
    private func setRescuePassword(id: String, password: String) async {
        do {
            guard let record = try await store.instance(id: id), record.vmState == .rescued,
                let domain = try await domain(of: record)
            else { return }
            try await domain.waitForAgent(timeout: .seconds(180), logger: logger)
            try await domain.setUserPassword(user: "root", password: password)
            logger.info("Rescue password set", metadata: ["instance.id": "\(id)"])
        } catch {
            logger.info("Rescue password not set", metadata: ["instance.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Nova's generated passwords: 12 characters without look-alikes.
    static func randomPassword(length: Int = 12) -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
    }
}
