import Foundation

/// Writes a file so that its path only ever holds a whole one: write a temporary file beside it, `fsync`, rename
/// over the path, `fsync` the directory (the same steps as the image store's commit).
enum AtomicFile {
    /// Runs `write` on a fresh temporary path in `path`'s directory, then syncs it and renames it to `path`.
    /// The temporary file is removed when anything fails.
    static func write(to path: String, _ write: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".\(UInt64.random(in: 0...UInt64.max)).partial"
        do {
            try write(temporary)
            try sync(temporary, what: "drive")
            guard rename(temporary, path) == 0 else {
                throw ConfigDriveError(.writeFailed, "cannot rename \(temporary) to \(path): \(lastError())")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try sync(directory, what: "directory")
    }

    /// `fsync`s the file or directory at `path`.
    static func sync(_ path: String, what: String) throws(ConfigDriveError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ConfigDriveError(.writeFailed, "cannot open \(what) \(path) to sync it: \(lastError())")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw ConfigDriveError(.writeFailed, "cannot sync \(what) \(path): \(lastError())")
        }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
