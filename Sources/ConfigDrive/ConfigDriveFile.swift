/// One file of a drive's tree: a path relative to the drive's root and its bytes.
///
/// The tree is what Nova would write (`openstack/latest/meta_data.json`, `openstack/content/0000` …) or, for a
/// NoCloud seed, cloud-init's four files; the writers turn the same list into ISO9660 or vfat.
public struct ConfigDriveFile: Sendable, Equatable {
    /// Relative, `/`-separated, no leading slash: `openstack/2012-08-10/meta_data.json`.
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }
}

/// The kinds of drive Glint writes.
public enum ConfigDriveFormat: String, Sendable, CaseIterable, Codable {
    /// OpenStack config drive, ISO9660 with Rock Ridge and Joliet, label `config-2` (Nova's default).
    case iso9660
    /// OpenStack config drive on a FAT filesystem, label `config-2` (Nova's `config_drive_format=vfat`).
    case vfat
    /// cloud-init NoCloud seed, ISO9660, label `cidata` (`meta-data`, `user-data`, `network-config`, `vendor-data`).
    case nocloud
}

/// A config drive that cannot be built, with what is wrong.
///
/// `Code` is a struct over a private enum so new cases do not break callers.
public struct ConfigDriveError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidContent, tooLarge, writeFailed, readFailed, toolFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The model is invalid: a bad MAC, an unknown network type, a guest path that is not absolute…
        public static var invalidContent: Code { .init(.invalidContent) }
        /// Something is over a limit: user data over 64 KiB, content that does not fit the vfat size.
        public static var tooLarge: Code { .init(.tooLarge) }
        /// Writing the drive failed (libarchive, the filesystem).
        public static var writeFailed: Code { .init(.writeFailed) }
        /// Reading a drive back failed.
        public static var readFailed: Code { .init(.readFailed) }
        /// An external tool (`mkfs.vfat`, `mcopy`) failed.
        public static var toolFailed: Code { .init(.toolFailed) }

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
