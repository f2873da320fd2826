internal import CLibguestfs

/// What libguestfs's inspection found about one operating system (one root filesystem).
public struct GuestfsInspection: Sendable, Hashable, Codable {
    /// The root filesystem, for example `/dev/sda1`.
    public var root: String
    /// `linux`, `windows`, `freebsd` … or `unknown`.
    public var type: String
    /// `debian`, `ubuntu`, `fedora`, `rhel`, `alpinelinux`, `archlinux` … or `unknown`.
    public var distro: String
    public var majorVersion: Int
    public var minorVersion: Int
    /// For example `Debian GNU/Linux 12 (bookworm)`, or `unknown`.
    public var productName: String
    /// The hostname configured in the image, or `unknown`.
    public var hostname: String
    /// `deb`, `rpm`, `apk`, `pacman` … or `unknown`.
    public var packageFormat: String
    /// `apt`, `dnf`, `yum`, `apk` … or `unknown`.
    public var packageManagement: String
    /// `x86_64`, `aarch64` … or `unknown` when no binary told.
    public var architecture: String
    /// Mount point → filesystem, from the guest's own fstab, as libguestfs resolved it.
    public var mountpoints: [String: String]

    public init(
        root: String, type: String, distro: String, majorVersion: Int, minorVersion: Int, productName: String,
        hostname: String, packageFormat: String, packageManagement: String, architecture: String,
        mountpoints: [String: String]
    ) {
        self.root = root
        self.type = type
        self.distro = distro
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
        self.productName = productName
        self.hostname = hostname
        self.packageFormat = packageFormat
        self.packageManagement = packageManagement
        self.architecture = architecture
        self.mountpoints = mountpoints
    }

    /// Mount points in the order to mount them: parents before children (`/` before `/boot`).
    public var mountOrder: [(mountpoint: String, device: String)] {
        mountpoints.sorted { ($0.key.count, $0.key) < ($1.key.count, $1.key) }.map { (mountpoint: $0.key, device: $0.value) }
    }
}

extension GuestfsHandle {
    /// Finds the operating systems on the added drives; after launch. Empty when there is none.
    ///
    /// The corresponding C function is `guestfs_inspect_os`.
    public func inspectOperatingSystems() throws(GuestfsError) -> [String] {
        try strings("inspecting the disk for operating systems") { guestfs_inspect_os($0) }
    }

    /// Everything inspection knows about `root`, one of ``inspectOperatingSystems()``'s results.
    ///
    /// The corresponding C functions are the `guestfs_inspect_get_*` family.
    public func inspect(root: String) throws(GuestfsError) -> GuestfsInspection {
        func text(_ what: String, _ body: (OpaquePointer, String) -> UnsafeMutablePointer<CChar>?) throws(GuestfsError) -> String {
            try string("reading the \(what) of \(root)") { body($0, root) }
        }
        func version(_ what: String, _ body: (OpaquePointer, String) -> Int32) throws(GuestfsError) -> Int {
            try number("reading the \(what) of \(root)") { body($0, root) }
        }
        let mountpoints = try pairs("reading the mount points of \(root)") { guestfs_inspect_get_mountpoints($0, root) }
        return GuestfsInspection(
            root: root,
            type: try text("type") { guestfs_inspect_get_type($0, $1) },
            distro: try text("distro") { guestfs_inspect_get_distro($0, $1) },
            majorVersion: try version("major version") { guestfs_inspect_get_major_version($0, $1) },
            minorVersion: try version("minor version") { guestfs_inspect_get_minor_version($0, $1) },
            productName: try text("product name") { guestfs_inspect_get_product_name($0, $1) },
            hostname: try text("hostname") { guestfs_inspect_get_hostname($0, $1) },
            packageFormat: try text("package format") { guestfs_inspect_get_package_format($0, $1) },
            packageManagement: try text("package management") { guestfs_inspect_get_package_management($0, $1) },
            architecture: try text("architecture") { guestfs_inspect_get_arch($0, $1) },
            mountpoints: Dictionary(mountpoints, uniquingKeysWith: { first, _ in first })
        )
    }

    /// Mounts `device` at `mountpoint` in the appliance, read-write (or read-only).
    ///
    /// The corresponding C functions are `guestfs_mount` and `guestfs_mount_ro`.
    public func mount(_ device: String, at mountpoint: String, readOnly: Bool = false) throws(GuestfsError) {
        try call("mounting \(device) at \(mountpoint)") {
            readOnly ? guestfs_mount_ro($0, device, mountpoint) : guestfs_mount($0, device, mountpoint)
        }
    }

    /// Mounts every filesystem of an inspected guest where its fstab puts it, parents first, as virt-customize
    /// does; a mount point that fails (a missing `/home` device, say) is skipped and returned, not fatal.
    /// - Returns: The mount points that could not be mounted, with libguestfs's reason.
    @discardableResult
    public func mountGuest(_ inspection: GuestfsInspection, readOnly: Bool) throws(GuestfsError) -> [String: String] {
        var skipped: [String: String] = [:]
        for (mountpoint, device) in inspection.mountOrder {
            do {
                try mount(device, at: mountpoint, readOnly: readOnly)
            } catch {
                if mountpoint == "/" { throw error }
                skipped[mountpoint] = error.message
            }
        }
        return skipped
    }

    /// Unmounts everything mounted in the appliance.
    ///
    /// The corresponding C function is `guestfs_umount_all`.
    public func unmountAll() throws(GuestfsError) {
        try call("unmounting all filesystems") { guestfs_umount_all($0) }
    }

    /// Flushes the appliance's caches to the drives.
    ///
    /// The corresponding C function is `guestfs_sync`.
    public func sync() throws(GuestfsError) {
        try call("syncing filesystems") { guestfs_sync($0) }
    }
}
