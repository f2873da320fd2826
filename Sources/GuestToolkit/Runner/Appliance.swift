import HostAccelerator
import Libguestfs

/// Setting up a libguestfs handle the way Glint launches every appliance.
enum Appliance {
    /// Forces the accelerator chosen by the probe (`force_kvm` / `force_tcg`), keeping any other backend settings
    /// the environment gave (`LIBGUESTFS_BACKEND_SETTINGS`).
    static func configure(_ handle: GuestfsHandle, accelerator: Accelerator) throws(GuestfsError) {
        let others = try handle.backendSettings.filter { $0 != "force_kvm" && $0 != "force_tcg" }
        try handle.setBackendSettings(others + [accelerator.libguestfsBackendSetting])
    }

    /// Adds the drives (format always named), launches once, and runs libguestfs inspection over all of them.
    /// - Returns: The appliance's device of each drive, in order, and the OS roots inspection found.
    static func launch(
        _ handle: GuestfsHandle, drives: [(path: String, format: String)], readOnly: Bool, accelerator: Accelerator
    ) throws -> (devices: [String], roots: [String]) {
        try configure(handle, accelerator: accelerator)
        for drive in drives {
            try handle.addDrive(path: drive.path, format: drive.format, readOnly: readOnly)
        }
        do {
            try handle.launch()
        } catch {
            throw GuestToolkitError(.applianceFailed, "the libguestfs appliance did not start", underlying: error.description)
        }
        return (try handle.listDevices(), try handle.inspectOperatingSystems())
    }

    /// Turns wrapper errors into the toolkit's: launch failures are the appliance's, the rest the operation's.
    static func map(_ error: any Error, context: String) -> GuestToolkitError {
        switch error {
        case let error as GuestToolkitError:
            return error
        case let error as GuestfsError:
            return GuestToolkitError(.operationFailed, context, underlying: error.description)
        default:
            return GuestToolkitError(.operationFailed, context, underlying: "\(error)")
        }
    }

    /// The OS root on `device` among inspection's roots: `/dev/sda1` and `/dev/sda` are on `/dev/sda`. With one
    /// drive any root is this drive's (LVM roots are named after their volume group, not the device).
    static func root(on device: String, among roots: [String], driveCount: Int) throws(GuestToolkitError) -> String {
        let candidates = driveCount == 1 ? roots : roots.filter { $0 == device || $0.hasPrefix(device) }
        guard let root = candidates.first else {
            // Roots named after no drive are on LVM or another mapping; in a batch they cannot be attributed.
            let unattributed = roots.filter { !$0.hasPrefix("/dev/sd") && !$0.hasPrefix("/dev/vd") }
            throw GuestToolkitError(
                .noOperatingSystem,
                driveCount > 1 && !unattributed.isEmpty
                    ? "libguestfs found no operating system on \(device); the batch's roots \(unattributed.joined(separator: ", ")) cannot be told apart (customize LVM guests one at a time)"
                    : "libguestfs found no operating system on the image")
        }
        guard candidates.count == 1 else {
            throw GuestToolkitError(
                .noOperatingSystem, "the image holds \(candidates.count) operating systems (\(candidates.joined(separator: ", "))); Glint customizes images with one")
        }
        return root
    }

    /// Mounts the guest at `/` in the appliance: its root device itself at `/` (not the fstab entry, which in a batch
    /// of copies of one image would name every copy's identical UUID), then the other fstab mount points.
    static func mount(_ handle: GuestfsHandle, root: String, inspection: GuestfsInspection, readOnly: Bool) throws(GuestfsError) {
        try handle.mount(root, at: "/", readOnly: readOnly)
        for (mountpoint, device) in inspection.mountOrder where mountpoint != "/" {
            do {
                try handle.mount(device, at: mountpoint, readOnly: readOnly)
            } catch {
                // A missing /home device, say: operations on it then fail with their own message.
                continue
            }
        }
    }
}
