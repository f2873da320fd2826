import Foundation
import ImageStore
import Libvirt
import NIOPosix
import QemuImage

extension Launcher {
    /// Resize on one host, as Nova's libvirt `migrate_disk_and_power_off` + `finish_migration` do: a clean power
    /// off, the root disk copied aside (`disk.resize`, a plain copy of the qcow2 overlay: its backing file stays
    /// the same cached base), the disk grown (never shrunk), the domain redefined with the new vCPUs and memory
    /// and started again if it ran. Ends in `VERIFY_RESIZE` with the old flavor kept for a revert.
    /// - Throws: 400 for an unknown flavor, the same flavor or a smaller disk; 409 in other states than active or
    ///   stopped.
    public func resize(id: String, flavorRef: String, caller: Caller) async throws -> Instance {
        let current = try await instance(id: id, caller: caller)
        // The state first, as Nova's `check_instance_state` runs before the flavor is looked at.
        try Self.checkState(current, for: .resizePrep, allowed: [.active, .stopped])
        guard let flavor = try await store.flavor(idOrName: flavorRef) else {
            throw LauncherError(.badRequest, "Invalid flavorRef provided.")
        }
        guard flavor.id != current.flavor.id else {
            throw LauncherError(.badRequest, "When resizing, instances must change flavor!")
        }
        if flavor.diskGiB == 0 && current.flavor.diskGiB != 0 {
            throw LauncherError(.badRequest, "Resize to zero disk flavor is not allowed.")
        }
        guard flavor.diskGiB >= current.flavor.diskGiB else {
            throw LauncherError(.badRequest, "Resize error: Unable to resize disk down.")
        }
        return try await transition(id, caller: caller, task: .resizePrep, allowed: [.active, .stopped]) { instance, domain in
            let files = files(of: instance)
            let wasRunning = try await domain.isActive()
            try await store.modify(id: id) { $0.taskState = .resizeMigrating }
            try await cleanShutdown(domain)
            unlink(files.resizeBackup)
            try FileManager.default.copyItem(atPath: files.rootDisk, toPath: files.resizeBackup)
            do {
                try await store.modify(id: id) { $0.taskState = .resizeFinish }
                let size = Int64(flavor.diskGiB) << 30
                if size > (try Self.virtualSize(of: files.rootDisk)) {
                    try await Self.offPool { try QemuImg.resize(files.rootDisk, format: "qcow2", to: size) }
                }
                let resized = try await store.modify(id: id) { record in
                    record.previousFlavor = record.flavor
                    record.flavor = flavor
                }
                let redefined = try await redefine(resized)
                if wasRunning { try await redefined.start() }
            } catch {
                // Back to the instance as it was: old disk, old flavor, old definition, running if it ran.
                _ = rename(files.resizeBackup, files.rootDisk)
                let restored = try await store.modify(id: id) { record in
                    record.flavor = instance.flavor
                    record.previousFlavor = nil
                }
                let redefined = try? await redefine(restored)
                if wasRunning, let redefined, try await !redefined.isActive() { try? await redefined.start() }
                throw error
            }
            logger.info("Instance resized", metadata: ["instance.id": "\(id)", "flavor.id": "\(flavor.id)"])
            return (.resized, wasRunning ? .running : .shutdown)
        }
    }

    /// Keeps the new flavor: the backup disk goes, the instance is active (or stopped, if it was resized stopped).
    public func confirmResize(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .resizeConfirming, allowed: [.resized]) { instance, domain in
            unlink(files(of: instance).resizeBackup)
            try await store.modify(id: id) { $0.previousFlavor = nil }
            return try await domain.isActive() ? (.active, .running) : (.stopped, .shutdown)
        }
    }

    /// Back to the old flavor and the old disk (`disk.resize` renamed back, as Nova restores `<dir>_resize`); the
    /// guest runs again if it ran.
    public func revertResize(id: String, caller: Caller) async throws -> Instance {
        try await transition(id, caller: caller, task: .resizeReverting, allowed: [.resized]) { instance, domain in
            let files = files(of: instance)
            guard let previous = instance.previousFlavor, FileManager.default.fileExists(atPath: files.resizeBackup) else {
                throw LauncherError(.conflict, "Instance \(id) has no resize to revert.")
            }
            let wasRunning = try await domain.isActive()
            try await cleanShutdown(domain)
            guard rename(files.resizeBackup, files.rootDisk) == 0 else {
                throw LauncherError(.hypervisorFailed, "Cannot restore the disk of instance \(id) from before the resize.")
            }
            let reverted = try await store.modify(id: id) { record in
                record.flavor = previous
                record.previousFlavor = nil
            }
            let redefined = try await redefine(reverted)
            if wasRunning { try await redefined.start() }
            logger.info("Instance resize reverted", metadata: ["instance.id": "\(id)", "flavor.id": "\(previous.id)"])
            return wasRunning ? (.active, .running) : (.stopped, .shutdown)
        }
    }

    /// The virtual size of a qcow2 disk not in use (`qemu-img info`).
    static func virtualSize(of path: String) throws -> Int64 {
        let output = try QemuImg.run(["info", "--output=json", "-f", "qcow2", path])
        let info = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        guard let size = (info?["virtual-size"] as? NSNumber)?.int64Value else {
            throw LauncherError(.hypervisorFailed, "qemu-img info gave no virtual size for \(path).")
        }
        return size
    }

    /// Runs blocking work (qemu-img) on NIO's blocking pool rather than a cooperative thread.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
