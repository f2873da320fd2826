internal import CLibarchive
internal import NIOPosix

/// Reads an archive of any format libarchive knows (ISO 9660, zip, tar, cpio, …, compressed or not), entry by entry.
///
/// ```swift
/// let reader = try ArchiveReader(bytes: iso)
/// while let entry = try reader.nextEntry() {
///     let contents = try reader.readContents()
/// }
/// ```
///
/// ## Thread safety
/// Not `Sendable`: a libarchive archive object must be used by one thread at a time. Reading a file is blocking
/// I/O; ``withFile(path:_:)`` does it on `NIOThreadPool.singleton`.
public final class ArchiveReader {
    /// The owned `struct archive *`; `nil` once closed.
    private var archive: OpaquePointer?
    /// An owned copy of the bytes being read from memory, which libarchive reads in place; `nil` for a file.
    private let buffer: UnsafeMutableRawBufferPointer?

    /// Opens the archive in the file at `path`.
    ///
    /// - Throws: ``ArchiveError`` if the file cannot be opened or its format is not recognised.
    ///
    /// The corresponding C function is `archive_read_open_filename`.
    public init(path: String) throws(ArchiveError) {
        let archive = try Self.makeArchive(context: "opening \(path)")
        let status = archive_read_open_filename(archive, path, 64 * 1024)
        if status < ARCHIVE_WARN {
            let error = ArchiveError.last(on: archive, status: status, context: "opening \(path)")
            archive_read_free(archive)
            throw error
        }
        self.archive = archive
        self.buffer = nil
    }

    /// Opens an archive held in memory; the reader keeps its own copy of `bytes`.
    ///
    /// - Throws: ``ArchiveError`` if the format is not recognised (an empty buffer is not an archive).
    ///
    /// The corresponding C function is `archive_read_open_memory`.
    public init(bytes: [UInt8]) throws(ArchiveError) {
        let archive = try Self.makeArchive(context: "opening in-memory archive")
        // An owned buffer rather than `bytes.withUnsafeBytes`, which cannot outlive the call (and rethrows untyped).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        buffer.copyBytes(from: bytes)
        let status = archive_read_open_memory(archive, buffer.baseAddress, bytes.count)
        if status < ARCHIVE_WARN {
            let error = ArchiveError.last(on: archive, status: status, context: "opening in-memory archive")
            archive_read_free(archive)
            buffer.deallocate()
            throw error
        }
        self.archive = archive
        self.buffer = buffer
    }

    deinit {
        if let archive {
            archive_read_free(archive)
        }
        buffer?.deallocate()
    }

    /// Opens the archive at `path` on the thread pool, runs `body` with the reader there, and closes it.
    ///
    /// - Throws: ``ArchiveError``, whatever `body` throws, or `CancellationError` if the task is cancelled before
    ///   the work starts.
    public static func withFile<Result: Sendable>(
        path: String,
        _ body: @escaping @Sendable (ArchiveReader) throws -> Result
    ) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive {
            let reader = try ArchiveReader(path: path)
            defer { reader.close() }
            return try body(reader)
        }
    }

    /// Closes the reader; later calls fail with ``ArchiveError/Code/closed``. Closing twice does nothing.
    ///
    /// The corresponding C function is `archive_read_free`.
    public func close() {
        if let archive {
            self.archive = nil
            archive_read_free(archive)
        }
    }

    /// Moves to the next entry and returns its header, or `nil` at the end of the archive.
    ///
    /// Contents of the previous entry that were not read are skipped.
    /// - Throws: ``ArchiveError`` if the archive is corrupt or cannot be read.
    ///
    /// The corresponding C function is `archive_read_next_header`.
    public func nextEntry() throws(ArchiveError) -> ArchiveEntry? {
        let archive = try open(context: "reading next entry")
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF {
            return nil
        }
        try ArchiveError.check(status, on: archive, context: "reading next entry")
        guard let entry else {
            throw ArchiveError(code: .fatal, message: "libarchive returned no entry", context: "reading next entry")
        }
        return ArchiveEntry(entry)
    }

    /// Reads the rest of the current entry's contents; empty for directories and at the end of the contents.
    ///
    /// Meant for small entries: the whole contents are held in memory.
    /// - Throws: ``ArchiveError`` if the data cannot be read.
    ///
    /// The corresponding C function is `archive_read_data`.
    public func readContents() throws(ArchiveError) -> [UInt8] {
        let archive = try open(context: "reading entry contents")
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        var contents: [UInt8] = []
        while true {
            let count = archive_read_data(archive, chunk.baseAddress, chunk.count)
            if count == 0 {
                return contents
            }
            if count < 0 {
                throw ArchiveError.last(on: archive, status: Int32(count), context: "reading entry contents")
            }
            contents.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    /// Reads every remaining entry with its contents.
    ///
    /// - Returns: Each entry's header and contents, in archive order.
    /// - Throws: ``ArchiveError`` if the archive is corrupt or cannot be read.
    public func readAllEntries() throws(ArchiveError) -> [(entry: ArchiveEntry, contents: [UInt8])] {
        var entries: [(entry: ArchiveEntry, contents: [UInt8])] = []
        while let entry = try nextEntry() {
            entries.append((entry, try readContents()))
        }
        return entries
    }

    /// The open archive object, or ``ArchiveError/Code/closed``.
    private func open(context: String) throws(ArchiveError) -> OpaquePointer {
        guard let archive else {
            throw ArchiveError(code: .closed, message: "the archive reader is closed", context: context)
        }
        return archive
    }

    /// A new read archive that accepts every format and filter libarchive supports.
    ///
    /// The corresponding C functions are `archive_read_new`, `archive_read_support_format_all` and
    /// `archive_read_support_filter_all`.
    private static func makeArchive(context: String) throws(ArchiveError) -> OpaquePointer {
        guard let archive = archive_read_new() else {
            throw ArchiveError(code: .fatal, message: "cannot allocate a libarchive read object", context: context)
        }
        _ = archive_read_support_format_all(archive)
        _ = archive_read_support_filter_all(archive)
        return archive
    }
}

/// A not-`Sendable` reader must stay on one thread at a time; see ``ArchiveReader``.
@available(*, unavailable)
extension ArchiveReader: Sendable {}
