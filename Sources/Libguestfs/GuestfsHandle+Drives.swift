internal import CLibguestfs

extension GuestfsHandle {
    /// Adds a disk image or device as the next drive of the appliance (`/dev/sda`, `/dev/sdb`, … in the guest).
    ///
    /// The format is always passed explicitly: letting libguestfs probe it would let a guest-written raw image claim
    /// to be qcow2 with a backing file on the host. libguestfs checks here that a local file exists; most other
    /// problems (an image that is not in `format`, for example) show up only at launch.
    /// - Parameters:
    ///   - path: Path of the image or block device on the host.
    ///   - format: The image format as libguestfs names it, for example `raw` or `qcow2`.
    ///   - readOnly: Adds the drive read-only; writes inside the appliance then go to a temporary overlay.
    /// - Throws: ``GuestfsError`` if libguestfs rejects the drive, for example a missing file (errno `ENOENT`).
    ///
    /// The corresponding C function is `guestfs_add_drive_opts_argv` (the non-variadic form of
    /// `guestfs_add_drive_opts`), with `format` and `readonly` set.
    public func addDrive(path: String, format: String, readOnly: Bool) throws(GuestfsError) {
        let context = "adding drive \(path) (format \(format)\(readOnly ? ", read-only" : ""))"
        let handle = try open(context: context)
        let status = format.withCString { format in
            var options = guestfs_add_drive_opts_argv()
            options.bitmask = CLibguestfs_ADD_DRIVE_OPTS_FORMAT_BITMASK | CLibguestfs_ADD_DRIVE_OPTS_READONLY_BITMASK
            options.format = format
            options.readonly = readOnly ? 1 : 0
            return guestfs_add_drive_opts_argv(handle, path, &options)
        }
        guard status == 0 else {
            throw GuestfsError.last(on: handle, context: context)
        }
    }
}
