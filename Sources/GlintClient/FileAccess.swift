import NIOFileSystem

/// Local file access for transfers, through NIOFileSystem (its own thread pool, never the cooperative pool),
/// with its errors turned into ``GlintClientError/Code/fileSystem`` naming the file.
enum FileAccess {
    /// Opens `path` for reading for the duration of `body`.
    static func withFile<Result: Sendable>(
        forReadingAt path: String,
        _ body: (ReadFileHandle) async throws -> Result
    ) async throws -> Result {
        let handle = try await perform("open", path) {
            try await FileSystem.shared.openFile(forReadingAt: FilePath(path))
        }
        do {
            let result = try await body(handle)
            try? await handle.close()
            return result
        } catch {
            await Task { try? await handle.close() }.value
            throw error
        }
    }

    /// Runs a file operation, describing a failure as "cannot ACTION 'PATH': reason".
    static func perform<Result>(
        _ action: String,
        _ path: String,
        _ operation: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await operation()
        } catch let error as FileSystemError {
            throw GlintClientError(code: .fileSystem, message: "cannot \(action) '\(path)': \(error.message)", cause: error)
        }
    }

    /// Closes a file being written without making it visible. In an unstructured task: a close from a
    /// cancelled task (Ctrl-C, a timeout) would fail and leave the descriptor open.
    static func discard(_ file: WriteFileHandle) async {
        await Task { try? await file.close(makeChangesVisible: false) }.value
    }
}
