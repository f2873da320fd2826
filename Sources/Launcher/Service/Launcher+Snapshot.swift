import Foundation
import GlintJSON
import ImageStore
import Libvirt
import QemuImage

extension Launcher {
    /// `createImage`: records a `queued` snapshot image at once and returns its id; the data follows in the
    /// background (task_state `image_snapshot` → `image_uploading` → none; the image `saving` → `active` through
    /// the normal upload, so it is hashed and format-checked like any other).
    /// - Throws: 409 in other states than active, stopped, paused or suspended, or while another task runs; 400
    ///   for metadata the image store refuses.
    public func snapshot(id: String, name: String, metadata: [String: String], caller: Caller) async throws -> String {
        let current = try await instance(id: id, caller: caller)
        try Self.checkState(current, for: .imageSnapshot, allowed: [.active, .stopped, .paused, .suspended])
        let instance = try await mark(id, task: .imageSnapshot)
        var body: [String: JSONValue] = metadata.mapValues { .string($0) }
        body["name"] = .string(name)
        body["disk_format"] = .string("qcow2")
        body["container_format"] = .string("bare")
        body["image_type"] = .string("snapshot")
        body["instance_uuid"] = .string(id)
        body["base_image_ref"] = .string(instance.imageID)
        let image: ImageRecord
        do {
            image = try await images.create(body, caller: caller)
        } catch {
            _ = try? await store.modify(id: id) { $0.taskState = nil }
            if let error = error as? ImageStoreError {
                throw LauncherError(.badRequest, "Cannot create the snapshot image: \(error.message)")
            }
            throw error
        }
        logger.info("Snapshot accepted", metadata: ["instance.id": "\(id)", "image.id": "\(image.id)"])
        enqueueWork(id) { await self.takeSnapshot(instance, imageID: image.id, caller: caller) }
        return image.id
    }

    /// Waits until every background snapshot (and other instance work) has ended; for tests.
    public func settleSnapshots() async {
        while let task = work.values.first {
            await task.value
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Copies the disk into the store's tmp/ (live or cold), uploads it, and on failure deletes the image.
    private func takeSnapshot(_ instance: Instance, imageID: String, caller: Caller) async {
        let output = images.blobs.temporaryDirectory + "/snapshot-\(imageID).qcow2"
        defer { unlink(output) }
        do {
            let files = files(of: instance)
            if let domain = try await domain(of: instance), try await domain.isActive() {
                try await liveSnapshot(domain, files: files, to: output, tag: String(imageID.prefix(8)))
                try await redefine(try await store.instance(id: instance.id) ?? instance)
            } else {
                try await Self.convert(files.rootDisk, to: output)
            }
            try await store.modify(id: instance.id) { $0.taskState = .imageUploading }
            _ = try await images.upload(id: imageID, fileAt: output, caller: caller)
            logger.info("Snapshot stored", metadata: ["instance.id": "\(instance.id)", "image.id": "\(imageID)"])
        } catch {
            logger.info("Snapshot failed", metadata: ["instance.id": "\(instance.id)", "image.id": "\(imageID)", "error": "\(error)"])
            try? await images.delete(id: imageID, caller: caller)
        }
        _ = try? await store.modify(id: instance.id) { $0.taskState = nil }
    }

    /// The running guest's disk, consistent and without stopping it: quiesce through the agent (thawed right
    /// after, whatever happens), a disk-only external snapshot so the guest writes to a new overlay, a flattened
    /// copy of the now stable root disk, then the overlay committed back (active commit, pivot) and removed.
    private func liveSnapshot(_ domain: Domain, files: InstanceFiles, to output: String, tag: String) async throws {
        let overlay = files.directory + "/disk.snap-" + tag
        let description = try DomainDescription(xml: try await domain.xmlDescription())
        guard let root = description.disks.first(where: { $0.sourcePath == files.rootDisk }) else {
            throw LauncherError(.hypervisorFailed, "The domain does not use the instance's root disk.")
        }
        let others = description.disks.filter { $0.target != root.target }
            .map { "<disk name='\($0.target)' snapshot='no'/>" }.joined()
        let xml = "<domainsnapshot><name>glint-snapshot-\(tag)</name><disks>"
            + "<disk name='\(root.target)' snapshot='external'><driver type='qcow2'/><source file='\(overlay)'/></disk>"
            + others + "</disks></domainsnapshot>"
        let running = try await domain.status().state == .running
        let frozen = running ? ((try? await domain.freezeFilesystems()) ?? 0) > 0 : false
        do {
            try await domain.createSnapshot(xml: xml, flags: [.diskOnly, .atomic, .noMetadata])
        } catch {
            if frozen { _ = try? await domain.thawFilesystems() }
            throw error
        }
        if frozen { _ = try? await domain.thawFilesystems() }
        logger.info("Disk snapshot taken", metadata: ["domain.name": "\(domain.name)", "snapshot.quiesced": "\(frozen)"])
        var copyError: (any Error)?
        do {
            try await Self.convert(files.rootDisk, to: output)
        } catch {
            copyError = error
        }
        try await domain.blockCommit(disk: root.target, flags: [.active, .shallow])
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(120)
        // Pivot once caught up; libvirt refuses a pivot before the job is ready, so that is retried too.
        while true {
            guard let job = try await domain.blockJobInfo(disk: root.target) else {
                throw LauncherError(.hypervisorFailed, "The commit of the snapshot overlay ended without a pivot.")
            }
            if job.cursor == job.end {
                do {
                    try await domain.abortBlockJob(disk: root.target, flags: [.pivot])
                    break
                } catch let error as VirtError where error.code == .operationInvalid && clock.now < deadline {
                    logger.debug("Pivot not ready yet", metadata: ["error": "\(error)"])
                }
            }
            guard clock.now < deadline else {
                throw LauncherError(.hypervisorFailed, "The commit of the snapshot overlay did not catch up.")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        unlink(overlay)
        if let copyError { throw copyError }
    }

    /// `qemu-img convert` of a qcow2 disk, backing chain flattened; `-U` because a running QEMU still holds it
    /// (read-only) as its overlay's backing file.
    static func convert(_ disk: String, to output: String) async throws {
        _ = try await offPool {
            try QemuImg.run(["convert", "-q", "-U", "-f", "qcow2", "-O", "qcow2", "-o", "compat=1.1", disk, output])
        }
    }
}
