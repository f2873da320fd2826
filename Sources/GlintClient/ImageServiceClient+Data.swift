import AsyncHTTPClient
import Logging
import NIOCore
import NIOFileSystem

/// Image data transfer: upload from a file and verified download to a file, both streamed.
extension ImageServiceClient {
    /// The size of the chunks read from disk for an upload.
    static let uploadChunkSize = 1024 * 1024
    /// Received data is written to disk once this much has gathered.
    static let downloadWriteSize = 1024 * 1024

    /// A progress callback; it is called from whichever task moves the data, so it must be thread-safe.
    public typealias ProgressHandler = @Sendable (TransferProgress) -> Void

    /// Uploads the file at `path` as the image's data (`PUT /v2/images/{id}/file`), streaming it from disk.
    ///
    /// The request carries `Content-Type: application/octet-stream`, `Content-Length` and
    /// `x-openstack-image-size`. The image must be `queued`; after the upload it is `active`.
    ///
    /// - Parameters:
    ///   - id: The image id.
    ///   - path: A regular file.
    ///   - progress: Called after each chunk is handed to the connection.
    /// - Throws: ``GlintClientError``: `.fileSystem` if the file cannot be read, the server's code otherwise
    ///   (`.conflict` when the image is not queued, `.unsupportedMediaType` when the data does not match the
    ///   disk format, `.tooLarge` over quota).
    public func uploadImageData(id: String, fromFile path: String, progress: ProgressHandler? = nil) async throws {
        try await FileAccess.withFile(forReadingAt: path) { file in
            let info = try await FileAccess.perform("read", path) { try await file.info() }
            guard info.type == .regular else {
                throw GlintClientError(code: .invalidArgument, message: "not a regular file: '\(path)'")
            }
            let size = info.size
            var request = makeRequest(.PUT, path: Self.imagePath(id) + "/file")
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/octet-stream")
            request.headers.replaceOrAdd(name: "x-openstack-image-size", value: String(size))
            request.body = .stream(
                ProgressReportingChunks(
                    chunks: file.readChunks(in: 0..<size, chunkLength: .bytes(Int64(Self.uploadChunkSize))),
                    total: size,
                    progress: progress
                ),
                length: .known(size)
            )
            logger.debug(
                "Uploading image data",
                metadata: ["image.id": "\(id)", "image.size": "\(size)", "file.path": "\(path)"]
            )
            progress?(TransferProgress(completedBytes: 0, totalBytes: size))
            // No overall deadline: a large upload takes as long as it takes; the client's read timeout still
            // ends a stalled exchange.
            try await sendExpectingNoContent(request, expecting: [200, 201, 204], deadline: .distantFuture)
        }
    }

    /// Downloads the image's data to `path` and verifies it before it appears there.
    ///
    /// The data streams into an unnamed file in the directory of `path` (NIOFileSystem's transactional
    /// creation: `O_TMPFILE`, linked into place on close) while its `os_hash_algo` hash (sha512 by default) and
    /// its MD5 are computed. Both are compared with the image record's `os_hash_value` and `checksum` (or the
    /// `Content-MD5` header); only verified, synced data appears at `path`, replacing any file there. On any
    /// failure, or if the process dies, nothing appears and `path` is left as it was.
    ///
    /// - Parameters:
    ///   - id: The image id.
    ///   - path: Where to put the data.
    ///   - progress: Called as data arrives.
    /// - Returns: What was received and how it was verified.
    /// - Throws: ``GlintClientError``: `.checksumMismatch` (with both digests in
    ///   ``GlintClientError/checksum``), `.sizeMismatch` when no hash is known and the size differs, `.noData`
    ///   for an image without data, `.fileSystem`, `.transport`, or the server's code.
    public func downloadImageData(
        id: String,
        toFile path: String,
        progress: ProgressHandler? = nil
    ) async throws -> DownloadResult {
        let image = try await image(id: id)
        var checks = try VerificationPlan(image: image)
        let response = try await send(
            makeRequest(.GET, path: Self.imagePath(id) + "/file"),
            expecting: [200, 204],
            deadline: .distantFuture
        )
        guard response.status.code == 200 else {
            for try await _ in response.body {}
            throw GlintClientError(code: .noData, message: "image \(id) has no data (status \(image.status))")
        }
        checks.adoptContentMD5(response.headers.first(name: "Content-MD5"))
        let total = response.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? image.size
        let file = try await FileAccess.perform("create", path) {
            try await FileSystem.shared.openFile(forWritingAt: FilePath(path), options: .newFile(replaceExisting: true))
        }
        logger.debug("Downloading image data", metadata: ["image.id": "\(id)", "file.path": "\(path)"])
        do {
            var received: Int64 = 0
            var written: Int64 = 0
            var pending = ByteBuffer()
            progress?(TransferProgress(completedBytes: 0, totalBytes: total))
            do {
                for try await chunk in response.body {
                    checks.update(chunk)
                    received += Int64(chunk.readableBytes)
                    pending.writeImmutableBuffer(chunk)
                    if pending.readableBytes >= Self.downloadWriteSize {
                        try await FileAccess.perform("write", path) {
                            try await file.write(contentsOf: pending, toAbsoluteOffset: written)
                        }
                        written += Int64(pending.readableBytes)
                        pending.clear()
                    }
                    progress?(TransferProgress(completedBytes: received, totalBytes: total))
                }
            } catch let error as GlintClientError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                throw GlintClientError(
                    code: .transport,
                    message: "download of image \(id) broke off after \(received) bytes: "
                        + Self.describeTransportError(error),
                    cause: error
                )
            }
            try await FileAccess.perform("write", path) {
                try await file.write(contentsOf: pending, toAbsoluteOffset: written)
                try await file.synchronize()
            }
            let result = try checks.verify(imageID: id, receivedBytes: received, path: path)
            try await FileAccess.perform("write", path) { try await file.close(makeChangesVisible: true) }
            logger.debug(
                "Downloaded and verified image data",
                metadata: ["image.id": "\(id)", "image.size": "\(received)", "file.path": "\(path)"]
            )
            return result
        } catch {
            await FileAccess.discard(file)
            throw error
        }
    }
}

/// An upload's file chunks, reporting progress as each one is handed to the connection.
struct ProgressReportingChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let chunks: FileChunks
    let total: Int64
    let progress: ImageServiceClient.ProgressHandler?

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: FileChunks.AsyncIterator
        let total: Int64
        let progress: ImageServiceClient.ProgressHandler?
        var sent: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await chunks.next() else { return nil }
            sent += Int64(chunk.readableBytes)
            progress?(TransferProgress(completedBytes: sent, totalBytes: total))
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: chunks.makeAsyncIterator(), total: total, progress: progress)
    }
}
