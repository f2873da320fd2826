import Libguestfs
import Logging

/// One mounted guest inside a running appliance: its inspection facts and the file helpers operations use.
///
/// Lives on the appliance's pool thread only (it holds the non-`Sendable` handle).
final class GuestSession {
    let handle: GuestfsHandle
    let system: GuestSystem
    let logger: Logger
    private var cachedAccounts: GuestAccounts?

    init(handle: GuestfsHandle, system: GuestSystem, logger: Logger) {
        self.handle = handle
        self.system = system
        self.logger = logger
    }

    /// The guest's accounts, read once per session (no operation adds users).
    func accounts() throws -> GuestAccounts {
        if let cachedAccounts { return cachedAccounts }
        let accounts = GuestAccounts(passwd: try readText("/etc/passwd") ?? "", group: try readText("/etc/group") ?? "")
        cachedAccounts = accounts
        return accounts
    }

    func exists(_ path: GuestPath) throws -> Bool {
        try handle.exists(path.value)
    }

    /// The text of a file, or `nil` when there is none.
    func readText(_ path: GuestPath) throws -> String? {
        guard try handle.exists(path.value) else { return nil }
        return String(decoding: try handle.readFile(path.value), as: UTF8.self)
    }

    /// Writes a file, creating its parent directories, then applies `mode` and `owner` (both optional; a new file
    /// otherwise gets 0644 and root).
    func write(_ path: GuestPath, content: [UInt8], mode: UInt32? = nil, owner: (uid: Int, gid: Int)? = nil) throws {
        try handle.makeDirectories(path.parent.value)
        try handle.writeFile(path.value, content: content)
        try apply(path, mode: mode, owner: owner)
    }

    func write(_ path: GuestPath, text: String, mode: UInt32? = nil, owner: (uid: Int, gid: Int)? = nil) throws {
        try write(path, content: Array(text.utf8), mode: mode, owner: owner)
    }

    /// Writes `text` keeping an existing file's mode and owner (editing `/etc/shadow` must keep 0640 root:shadow).
    func replace(_ path: GuestPath, text: String) throws {
        let previous = try handle.status(path.value)
        try handle.writeFile(path.value, content: Array(text.utf8))
        if let previous {
            try handle.chmod(path.value, mode: previous.permissions)
            try handle.chown(path.value, uid: previous.uid, gid: previous.gid)
        }
    }

    func apply(_ path: GuestPath, mode: UInt32?, owner: (uid: Int, gid: Int)?) throws {
        if let mode { try handle.chmod(path.value, mode: mode) }
        if let owner { try handle.chown(path.value, uid: owner.uid, gid: owner.gid) }
    }

    /// Resolves a plan's `owner` string against the guest's accounts.
    func resolve(owner: String?) throws -> (uid: Int, gid: Int)? {
        guard let owner else { return nil }
        return try accounts().owner(owner)
    }
}
