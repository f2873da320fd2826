/// A libguestfs version, such as 1.48.6, as `guestfs_version` reports it.
public struct GuestfsVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var release: Int
    /// Distribution-specific text after the numbers, often empty.
    public var extra: String

    public init(major: Int, minor: Int, release: Int, extra: String = "") {
        self.major = major
        self.minor = minor
        self.release = release
        self.extra = extra
    }

    public var description: String { "\(major).\(minor).\(release)\(extra)" }

    /// Orders by the numbers; ``extra`` does not take part.
    public static func < (lhs: GuestfsVersion, rhs: GuestfsVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.release) < (rhs.major, rhs.minor, rhs.release)
    }
}
