internal import CLibarchive

/// The header of one archive entry, as ``ArchiveReader/nextEntry()`` reads it; the contents are read separately.
public struct ArchiveEntry: Sendable, Hashable {
    /// The path inside the archive, for example `openstack/latest/meta_data.json`.
    public var path: String
    /// The size of the contents in bytes (0 for directories).
    public var size: Int
    /// What kind of file the entry is.
    public var type: FileType
    /// Permission bits, for example `0o644`.
    public var mode: UInt32
    /// The target of a symbolic link; `nil` for other entries.
    public var symlinkTarget: String?

    /// Creates an entry from its parts.
    public init(path: String, size: Int, type: FileType, mode: UInt32, symlinkTarget: String? = nil) {
        self.path = path
        self.size = size
        self.type = type
        self.mode = mode
        self.symlinkTarget = symlinkTarget
    }

    /// Reads the header fields of a libarchive entry.
    ///
    /// The corresponding C functions are `archive_entry_pathname_utf8` (falling back to `archive_entry_pathname`),
    /// `archive_entry_size`, `archive_entry_filetype`, `archive_entry_perm` and `archive_entry_symlink_utf8`.
    init(_ entry: OpaquePointer) {
        let path = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
        let type = FileType(rawValue: UInt32(archive_entry_filetype(entry)))
        self.init(
            path: path.map { String(cString: $0) } ?? "",
            size: Int(archive_entry_size(entry)),
            type: type,
            mode: UInt32(archive_entry_perm(entry)),
            symlinkTarget: type == .symbolicLink ? archive_entry_symlink_utf8(entry).map { String(cString: $0) } : nil
        )
    }

    /// The kind of file an entry is: the `AE_IF*` bits of its mode.
    ///
    /// A struct rather than an enum so that unusual types read from an archive are carried through unchanged.
    public struct FileType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The `AE_IFMT` bits.
        public var rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue & CLibarchive_AE_IFMT
        }

        /// A regular file (`AE_IFREG`).
        public static var regular: FileType { FileType(rawValue: CLibarchive_AE_IFREG) }
        /// A directory (`AE_IFDIR`).
        public static var directory: FileType { FileType(rawValue: CLibarchive_AE_IFDIR) }
        /// A symbolic link (`AE_IFLNK`).
        public static var symbolicLink: FileType { FileType(rawValue: CLibarchive_AE_IFLNK) }
        /// A character device (`AE_IFCHR`).
        public static var characterDevice: FileType { FileType(rawValue: CLibarchive_AE_IFCHR) }
        /// A block device (`AE_IFBLK`).
        public static var blockDevice: FileType { FileType(rawValue: CLibarchive_AE_IFBLK) }
        /// A named pipe (`AE_IFIFO`).
        public static var fifo: FileType { FileType(rawValue: CLibarchive_AE_IFIFO) }
        /// A socket (`AE_IFSOCK`).
        public static var socket: FileType { FileType(rawValue: CLibarchive_AE_IFSOCK) }

        public var description: String {
            switch self {
            case .regular: "regular file"
            case .directory: "directory"
            case .symbolicLink: "symbolic link"
            case .characterDevice: "character device"
            case .blockDevice: "block device"
            case .fifo: "fifo"
            case .socket: "socket"
            default: "type 0o\(String(rawValue, radix: 8))"
            }
        }
    }
}
