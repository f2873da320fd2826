internal import CLibguestfs

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// The metadata of a file inside the guest (`lstat`: a symlink describes itself).
public struct GuestfsFileStatus: Sendable, Hashable {
    /// Type and permission bits, as in `st_mode`.
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var size: Int64

    public init(mode: UInt32, uid: Int, gid: Int, size: Int64) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
    }

    /// The permission bits only (`0o644`, `0o4755` …).
    public var permissions: UInt32 { mode & 0o7777 }
    public var isDirectory: Bool { mode & 0o170000 == 0o040000 }
    public var isRegularFile: Bool { mode & 0o170000 == 0o100000 }
    public var isSymbolicLink: Bool { mode & 0o170000 == 0o120000 }
}

/// File calls on the mounted guest. Paths are absolute paths in the appliance's view of the guest (`/etc/hostname`
/// once the guest's root is mounted at `/`). Each call is one round trip to the appliance.
extension GuestfsHandle {
    /// Whether anything exists at `path` (following symlinks).
    ///
    /// The corresponding C function is `guestfs_exists`.
    public func exists(_ path: String) throws(GuestfsError) -> Bool {
        try number("checking whether \(path) exists") { guestfs_exists($0, path) } == 1
    }

    /// Whether `path` is a directory (following symlinks).
    ///
    /// The corresponding C function is `guestfs_is_dir`.
    public func isDirectory(_ path: String) throws(GuestfsError) -> Bool {
        try number("checking whether \(path) is a directory") { guestfs_is_dir($0, path) } == 1
    }

    /// The file's metadata, not following a final symlink; `nil` when nothing is there.
    ///
    /// The corresponding C function is `guestfs_lstatns`.
    public func status(_ path: String) throws(GuestfsError) -> GuestfsFileStatus? {
        let context = "reading the status of \(path)"
        let handle = try open(context: context)
        guard guestfs_exists(handle, path) == 1 || guestfs_is_symlink(handle, path) == 1 else { return nil }
        guard let status = guestfs_lstatns(handle, path) else {
            throw GuestfsError.last(on: handle, context: context)
        }
        defer { guestfs_free_statns(status) }
        return GuestfsFileStatus(
            mode: UInt32(truncatingIfNeeded: status.pointee.st_mode),
            uid: Int(status.pointee.st_uid),
            gid: Int(status.pointee.st_gid),
            size: status.pointee.st_size)
    }

    /// The whole content of a file (up to libguestfs's 4 MiB message limit).
    ///
    /// The corresponding C function is `guestfs_read_file`.
    public func readFile(_ path: String) throws(GuestfsError) -> [UInt8] {
        let context = "reading \(path)"
        let handle = try open(context: context)
        var size = 0
        guard let buffer = guestfs_read_file(handle, path, &size) else {
            throw GuestfsError.last(on: handle, context: context)
        }
        defer { free(buffer) }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: size) { Array(UnsafeBufferPointer(start: $0, count: size)) }
    }

    /// Creates or replaces a file with `content` (up to 4 MiB; larger files go through ``upload(localPath:to:)``).
    ///
    /// The corresponding C function is `guestfs_write`.
    public func writeFile(_ path: String, content: [UInt8]) throws(GuestfsError) {
        // guestfs_write needs a non-NULL pointer even for an empty file.
        let bytes = content.isEmpty ? [0] : content
        try call("writing \(path)") { handle in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { guestfs_write(handle, path, $0.baseAddress, content.count) }
            }
        }
    }

    /// Copies a host file into the guest, of any size, with progress events.
    ///
    /// The corresponding C function is `guestfs_upload`.
    public func upload(localPath: String, to path: String) throws(GuestfsError) {
        try call("uploading \(localPath) to \(path)") { guestfs_upload($0, localPath, path) }
    }

    /// Sets permission bits.
    ///
    /// The corresponding C function is `guestfs_chmod`.
    public func chmod(_ path: String, mode: UInt32) throws(GuestfsError) {
        try call("changing the mode of \(path) to \(String(mode, radix: 8))") { guestfs_chmod($0, Int32(mode), path) }
    }

    /// Sets the owner, not following a final symlink.
    ///
    /// The corresponding C function is `guestfs_lchown`.
    public func chown(_ path: String, uid: Int, gid: Int) throws(GuestfsError) {
        try call("changing the owner of \(path) to \(uid):\(gid)") { guestfs_lchown($0, Int32(uid), Int32(gid), path) }
    }

    /// Creates a directory and its missing parents; an existing directory is fine.
    ///
    /// The corresponding C function is `guestfs_mkdir_p`.
    public func makeDirectories(_ path: String) throws(GuestfsError) {
        try call("creating directory \(path)") { guestfs_mkdir_p($0, path) }
    }

    /// Removes a file, or a directory tree; nothing there is fine.
    ///
    /// The corresponding C function is `guestfs_rm_rf`.
    public func removeRecursively(_ path: String) throws(GuestfsError) {
        try call("removing \(path)") { guestfs_rm_rf($0, path) }
    }

    /// Creates or replaces the symbolic link `path` pointing at `target`.
    ///
    /// The corresponding C function is `guestfs_ln_sf`.
    public func symlink(_ path: String, target: String) throws(GuestfsError) {
        try call("linking \(path) to \(target)") { guestfs_ln_sf($0, target, path) }
    }

    /// The target of a symbolic link.
    ///
    /// The corresponding C function is `guestfs_readlink`.
    public func readLink(_ path: String) throws(GuestfsError) -> String {
        try string("reading the link \(path)") { guestfs_readlink($0, path) }
    }

    /// The entries of a directory (without `.` and `..`).
    ///
    /// The corresponding C function is `guestfs_ls`.
    public func list(_ directory: String) throws(GuestfsError) -> [String] {
        try strings("listing \(directory)") { guestfs_ls($0, directory) }
    }
}

extension GuestfsHandle {
    /// Renames or moves a file within the guest (across its filesystems too).
    ///
    /// The corresponding C function is `guestfs_mv`.
    public func rename(_ path: String, to destination: String) throws(GuestfsError) {
        try call("moving \(path) to \(destination)") { guestfs_mv($0, path, destination) }
    }
}
