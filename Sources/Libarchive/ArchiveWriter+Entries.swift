internal import CLibarchive

extension ArchiveWriter {
    /// Adds a regular file with the given contents.
    ///
    /// Parent directories need not be added first, but ISO 9660 and tar readers show them with default
    /// permissions unless they are; add them with ``addDirectory(path:mode:)`` to set theirs.
    /// - Parameters:
    ///   - path: The path inside the archive, relative, with `/` separators, for example `openstack/latest/user_data`.
    ///   - contents: The file's bytes.
    ///   - mode: Permission bits, for example `0o644`.
    ///   - modificationTime: Seconds since the Unix epoch; `nil` leaves libarchive's default, the epoch itself.
    /// - Throws: ``ArchiveError`` if the format cannot hold the entry or the output fails.
    ///
    /// The corresponding C functions are `archive_write_header` and `archive_write_data`.
    public func addFile(
        path: String,
        contents: [UInt8],
        mode: UInt32 = 0o644,
        modificationTime: Int64? = nil
    ) throws(ArchiveError) {
        let context = "adding file \(path)"
        let archive = try open(context: context)
        try writeHeader(
            path: path,
            type: CLibarchive_AE_IFREG,
            size: contents.count,
            mode: mode,
            modificationTime: modificationTime,
            on: archive,
            context: context
        )
        // Report status out of the closure rather than throwing from it: `withUnsafeBytes` rethrows untyped errors.
        var offset = 0
        while offset < contents.count {
            let written = contents.withUnsafeBytes { bytes in
                archive_write_data(archive, bytes.baseAddress! + offset, bytes.count - offset)
            }
            guard written > 0 else {
                throw ArchiveError.last(on: archive, status: ARCHIVE_FATAL, context: context)
            }
            offset += written
        }
    }

    /// Adds a directory entry.
    ///
    /// - Parameters:
    ///   - path: The path inside the archive, relative, with `/` separators, for example `openstack/latest`.
    ///   - mode: Permission bits, for example `0o755`.
    ///   - modificationTime: Seconds since the Unix epoch; `nil` leaves libarchive's default, the epoch itself.
    /// - Throws: ``ArchiveError`` if the format cannot hold the entry or the output fails.
    ///
    /// The corresponding C function is `archive_write_header`.
    public func addDirectory(path: String, mode: UInt32 = 0o755, modificationTime: Int64? = nil) throws(ArchiveError) {
        let context = "adding directory \(path)"
        let archive = try open(context: context)
        try writeHeader(
            path: path,
            type: CLibarchive_AE_IFDIR,
            size: 0,
            mode: mode,
            modificationTime: modificationTime,
            on: archive,
            context: context
        )
    }

    /// Writes one entry header.
    private func writeHeader(
        path: String,
        type: UInt32,
        size: Int,
        mode: UInt32,
        modificationTime: Int64?,
        on archive: OpaquePointer,
        context: String
    ) throws(ArchiveError) {
        guard let entry = archive_entry_new() else {
            throw ArchiveError(code: .fatal, message: "cannot allocate an archive entry", context: context)
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode_t(mode & 0o7777))
        archive_entry_set_size(entry, la_int64_t(size))
        if let modificationTime {
            archive_entry_set_mtime(entry, time_t(modificationTime), 0)
        }
        try ArchiveError.check(archive_write_header(archive, entry), on: archive, context: context)
    }
}
