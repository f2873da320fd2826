internal import CLibarchive

/// An archive format that ``ArchiveWriter`` can write.
///
/// A struct over a private enum so that formats can be added without breaking callers. Reading needs no format:
/// ``ArchiveReader`` detects it.
public struct ArchiveFormat: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case iso9660
        case zip
        case tarUstar
        case tarPax
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// ISO 9660 with Joliet (libarchive's default) and, with the `iso9660:rockridge` option, Rock Ridge; used for
    /// cloud-init config drives. Options are prefixed `iso9660:`, for example `iso9660:volume-id=config-2`.
    public static var iso9660: ArchiveFormat { ArchiveFormat(.iso9660) }
    /// ZIP. Options are prefixed `zip:`, for example `zip:compression=store`.
    public static var zip: ArchiveFormat { ArchiveFormat(.zip) }
    /// POSIX ustar tar: the most portable tar, limited to 8 GiB files and 255-byte paths.
    public static var tarUstar: ArchiveFormat { ArchiveFormat(.tarUstar) }
    /// POSIX pax tar, "restricted": ustar headers, with pax extended headers only for entries that need them.
    public static var tarPax: ArchiveFormat { ArchiveFormat(.tarPax) }

    public var description: String {
        switch kind {
        case .iso9660: "iso9660"
        case .zip: "zip"
        case .tarUstar: "ustar"
        case .tarPax: "pax"
        }
    }

    /// Selects this format on a write archive.
    ///
    /// The corresponding C functions are `archive_write_set_format_iso9660`, `archive_write_set_format_zip`,
    /// `archive_write_set_format_ustar` and `archive_write_set_format_pax_restricted`.
    func apply(to archive: OpaquePointer) -> Int32 {
        switch kind {
        case .iso9660: archive_write_set_format_iso9660(archive)
        case .zip: archive_write_set_format_zip(archive)
        case .tarUstar: archive_write_set_format_ustar(archive)
        case .tarPax: archive_write_set_format_pax_restricted(archive)
        }
    }
}
