internal import CLibguestfs

extension GuestfsHandle {
    /// Sets the backend settings, for example `["force_tcg"]`, replacing earlier ones; before launch.
    ///
    /// The corresponding C function is `guestfs_set_backend_settings`.
    public func setBackendSettings(_ settings: [String]) throws(GuestfsError) {
        let context = "setting libguestfs backend settings \(settings)"
        var copies = settings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        copies.append(nil)
        try call(context) { handle in
            copies.withUnsafeBufferPointer { guestfs_set_backend_settings(handle, $0.baseAddress) }
        }
    }

    /// The backend settings in force.
    ///
    /// The corresponding C function is `guestfs_get_backend_settings`.
    public var backendSettings: [String] {
        get throws(GuestfsError) {
            try strings("reading libguestfs backend settings") { guestfs_get_backend_settings($0) }
        }
    }

    /// Sets the appliance's memory in MiB (libguestfs's default is 1280 on x86-64 in 1.48); before launch.
    ///
    /// The corresponding C function is `guestfs_set_memsize`.
    public func setMemorySize(mebibytes: Int) throws(GuestfsError) {
        try call("setting appliance memory to \(mebibytes) MiB") { guestfs_set_memsize($0, Int32(mebibytes)) }
    }

    /// Boots the appliance with the drives added so far. Blocks for seconds (KVM) to a minute (TCG).
    ///
    /// The corresponding C function is `guestfs_launch`.
    public func launch() throws(GuestfsError) {
        try call("launching the libguestfs appliance") { guestfs_launch($0) }
    }

    /// Unmounts, syncs and stops the appliance, reporting write errors that `close` would lose.
    ///
    /// Call it after changing a disk: only a clean shutdown proves every write reached the image.
    ///
    /// The corresponding C function is `guestfs_shutdown`.
    public func shutdown() throws(GuestfsError) {
        try call("shutting down the libguestfs appliance") { guestfs_shutdown($0) }
    }

    /// The devices of the added drives inside the appliance (`/dev/sda`, `/dev/sdb` …), in the order added.
    ///
    /// The corresponding C function is `guestfs_list_devices`.
    public func listDevices() throws(GuestfsError) -> [String] {
        try strings("listing appliance devices") { guestfs_list_devices($0) }
    }

    /// Every filesystem found on the drives, with its type (`ext4`, `swap`, `unknown` …).
    ///
    /// The corresponding C function is `guestfs_list_filesystems`.
    public func listFilesystems() throws(GuestfsError) -> [(device: String, type: String)] {
        try pairs("listing filesystems") { guestfs_list_filesystems($0) }.map { (device: $0.0, type: $0.1) }
    }
}

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif
