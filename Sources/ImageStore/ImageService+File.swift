import _NIOFileSystem

extension ImageService {
    /// Uploads a local file (a disk Glint produced: a customized or snapshotted image) into a `queued` image,
    /// through the same ingest as an HTTP upload: hashed, format-inspected, size checked against the file's.
    public func upload(id: String, fileAt path: String, caller: Caller) async throws -> ImageRecord {
        try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
            try await upload(
                id: id, body: handle.readChunks(chunkLength: .mebibytes(1)),
                expectations: UploadExpectations(declaredSize: try await handle.info().size), caller: caller)
        }
    }
}
