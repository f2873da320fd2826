internal import CLibvirt

/// A libvirt version, such as 9.0.0.
///
/// libvirt encodes versions as `major * 1_000_000 + minor * 1_000 + release`; ``init(encoded:)`` decodes that.
public struct LibvirtVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var release: Int

    public init(major: Int, minor: Int, release: Int) {
        self.major = major
        self.minor = minor
        self.release = release
    }

    /// Decodes libvirt's `major * 1_000_000 + minor * 1_000 + release` form.
    public init(encoded: UInt64) {
        self.init(
            major: Int(encoded / 1_000_000),
            minor: Int(encoded / 1_000 % 1_000),
            release: Int(encoded % 1_000)
        )
    }

    /// The version in libvirt's encoded form.
    public var encoded: UInt64 {
        UInt64(major) * 1_000_000 + UInt64(minor) * 1_000 + UInt64(release)
    }

    public var description: String { "\(major).\(minor).\(release)" }

    public static func < (lhs: LibvirtVersion, rhs: LibvirtVersion) -> Bool {
        lhs.encoded < rhs.encoded
    }

    /// Reads the version of the libvirt client library loaded into this process.
    ///
    /// Needs no connection and does not block. For the version serving a connection use
    /// ``LibvirtConnection/libVersion()``.
    /// - Throws: ``VirtError`` if libvirt cannot initialise.
    ///
    /// The corresponding C function is `virGetVersion`.
    public static func library() throws(VirtError) -> LibvirtVersion {
        ensureLibvirtSetUp()
        var version: UInt = 0
        guard virGetVersion(&version, nil, nil) == 0 else {
            throw VirtError.last(context: "reading the libvirt library version")
        }
        return LibvirtVersion(encoded: UInt64(version))
    }
}
