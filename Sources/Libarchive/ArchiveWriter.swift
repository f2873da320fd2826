internal import CLibarchive
internal import NIOPosix

/// Writes an archive (ISO 9660, zip, tar) entry by entry, to a file or to memory.
///
/// ```swift
/// let iso = try await ArchiveWriter.inMemory(
///     format: .iso9660,
///     options: "iso9660:volume-id=config-2,iso9660:rockridge"
/// ) { writer in
///     try writer.addDirectory(path: "openstack/latest")
///     try writer.addFile(path: "openstack/latest/meta_data.json", contents: Array(json.utf8))
/// }
/// ```
///
/// Call ``finish()`` to complete the archive; a writer dropped without it still closes its output, but errors from
/// closing are lost. Writing is blocking I/O (the ISO 9660 writer also spools to a temporary file), so the scoped
/// ``withFile(path:format:options:_:)`` and ``inMemory(format:options:_:)`` run on `NIOThreadPool.singleton`.
///
/// ## Thread safety
/// Not `Sendable`: a libarchive archive object must be used by one thread at a time.
public final class ArchiveWriter {
    /// The owned `struct archive *`; `nil` once finished.
    private var archive: OpaquePointer?
    /// Collects the output when writing to memory; `nil` when writing to a file.
    private let sink: MemorySink?

    /// The archive written so far when writing to memory, complete after ``finish()``; empty when writing to a file.
    public var bytes: [UInt8] { sink?.bytes ?? [] }

    /// Creates a writer that writes the archive to the file at `path`, replacing it.
    ///
    /// - Parameters:
    ///   - path: Where to write the archive.
    ///   - format: The archive format.
    ///   - options: libarchive write options, comma-separated, for example
    ///     `iso9660:volume-id=config-2,iso9660:rockridge`; empty for none.
    /// - Throws: ``ArchiveError`` for an option the format does not know, or if the file cannot be created.
    ///
    /// The corresponding C functions are `archive_write_new`, `archive_write_set_format_*`,
    /// `archive_write_set_options` and `archive_write_open_filename`.
    public init(path: String, format: ArchiveFormat, options: String = "") throws(ArchiveError) {
        let archive = try Self.makeArchive(format: format, options: options)
        let status = archive_write_open_filename(archive, path)
        if status < ARCHIVE_WARN {
            let error = ArchiveError.last(on: archive, status: status, context: "opening \(path) for writing")
            archive_write_free(archive)
            throw error
        }
        self.archive = archive
        self.sink = nil
    }

    /// Creates a writer that collects the archive in memory, in ``bytes``.
    ///
    /// - Parameters:
    ///   - format: The archive format.
    ///   - options: libarchive write options, comma-separated; empty for none.
    /// - Throws: ``ArchiveError`` for an option the format does not know.
    ///
    /// The corresponding C function is `archive_write_open2`, with a write callback that appends to ``bytes``.
    public init(format: ArchiveFormat, options: String = "") throws(ArchiveError) {
        let archive = try Self.makeArchive(format: format, options: options)
        let sink = MemorySink()
        let status = archive_write_open2(
            archive,
            Unmanaged.passUnretained(sink).toOpaque(),
            nil,
            { _, clientData, buffer, length in
                guard let clientData else { return -1 }
                let sink = Unmanaged<MemorySink>.fromOpaque(clientData).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
                return la_ssize_t(length)
            },
            nil,
            nil
        )
        if status < ARCHIVE_WARN {
            let error = ArchiveError.last(on: archive, status: status, context: "opening in-memory archive")
            archive_write_free(archive)
            throw error
        }
        // The archive holds the sink unretained; `self.sink` keeps it alive until after `archive_write_free`.
        self.archive = archive
        self.sink = sink
    }

    deinit {
        if let archive {
            archive_write_free(archive)
        }
    }

    /// Writes the archive to a file on the thread pool: creates a writer, runs `body`, and finishes the archive.
    ///
    /// - Parameters:
    ///   - path: Where to write the archive.
    ///   - format: The archive format.
    ///   - options: libarchive write options; empty for none.
    ///   - body: Adds the entries. Do not keep the writer beyond it.
    /// - Throws: ``ArchiveError``, whatever `body` throws, or `CancellationError` if the task is cancelled before
    ///   the work starts. When `body` throws, the incomplete archive is left at `path` for the caller to remove.
    public static func withFile(
        path: String,
        format: ArchiveFormat,
        options: String = "",
        _ body: @escaping @Sendable (ArchiveWriter) throws -> Void
    ) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            let writer = try ArchiveWriter(path: path, format: format, options: options)
            try body(writer)
            try writer.finish()
        }
    }

    /// Builds an archive in memory on the thread pool: creates a writer, runs `body`, finishes, returns the bytes.
    ///
    /// - Parameters:
    ///   - format: The archive format.
    ///   - options: libarchive write options; empty for none.
    ///   - body: Adds the entries. Do not keep the writer beyond it.
    /// - Returns: The complete archive.
    /// - Throws: ``ArchiveError``, whatever `body` throws, or `CancellationError` if the task is cancelled before
    ///   the work starts.
    public static func inMemory(
        format: ArchiveFormat,
        options: String = "",
        _ body: @escaping @Sendable (ArchiveWriter) throws -> Void
    ) async throws -> [UInt8] {
        try await NIOThreadPool.singleton.runIfActive {
            let writer = try ArchiveWriter(format: format, options: options)
            try body(writer)
            try writer.finish()
            return writer.bytes
        }
    }

    /// Completes the archive (trailers, ISO 9660 directory tables) and closes the output.
    ///
    /// Later calls fail with ``ArchiveError/Code/closed``; finishing twice does nothing.
    /// - Throws: ``ArchiveError`` if the last writes fail.
    ///
    /// The corresponding C functions are `archive_write_close` and `archive_write_free`.
    public func finish() throws(ArchiveError) {
        guard let archive else { return }
        self.archive = nil
        defer { archive_write_free(archive) }
        try ArchiveError.check(archive_write_close(archive), on: archive, context: "finishing archive")
    }

    /// The open archive object, or ``ArchiveError/Code/closed``.
    func open(context: String) throws(ArchiveError) -> OpaquePointer {
        guard let archive else {
            throw ArchiveError(code: .closed, message: "the archive writer is already finished", context: context)
        }
        return archive
    }

    /// A new write archive with `format` and `options` set, not yet opened.
    private static func makeArchive(format: ArchiveFormat, options: String) throws(ArchiveError) -> OpaquePointer {
        guard let archive = archive_write_new() else {
            throw ArchiveError(
                code: .fatal,
                message: "cannot allocate a libarchive write object",
                context: "creating \(format) writer"
            )
        }
        do {
            try ArchiveError.check(format.apply(to: archive), on: archive, context: "selecting format \(format)")
            if !options.isEmpty {
                try ArchiveError.check(
                    archive_write_set_options(archive, options),
                    on: archive,
                    context: "setting \(format) options \(options)"
                )
            }
        } catch {
            archive_write_free(archive)
            throw error
        }
        return archive
    }
}

/// A not-`Sendable` writer must stay on one thread at a time; see ``ArchiveWriter``.
@available(*, unavailable)
extension ArchiveWriter: Sendable {}

/// The growing output of an in-memory ``ArchiveWriter``, appended to by libarchive's write callback.
private final class MemorySink {
    var bytes: [UInt8] = []
}
