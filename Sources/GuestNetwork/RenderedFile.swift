/// One file of guest network configuration, at an absolute path inside the guest.
public struct RenderedFile: Sendable, Equatable {
    /// Absolute guest path, for example `/etc/netplan/90-glint.yaml`.
    public var path: String
    /// The file's text.
    public var contents: String
    /// Permission bits; netplan and NetworkManager refuse world-readable files, so most are 0600 or 0644.
    public var mode: UInt32

    public init(path: String, contents: String, mode: UInt32 = 0o644) {
        self.path = path
        self.contents = contents
        self.mode = mode
    }
}
