import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file whose blocking calls (`read`, `write`, `fsync`, `rename`, `unlink`) run on NIO's
/// thread pool, never on the cooperative pool.
///
/// The descriptor sits behind a lock, so ``close()`` can never race a read still running in another task
/// (an upload body can still be pulled after the server has answered); after `close()` every call fails,
/// and a file that was not closed is closed when the last reference goes away.
final class BlockingFile: Sendable {
    private let state: NIOLockedValueBox<CInt?>
    let path: String

    private init(descriptor: CInt, path: String) {
        self.state = NIOLockedValueBox(descriptor)
        self.path = path
    }

    deinit {
        close()
    }

    /// Opens an existing file for reading. The corresponding C function is `open`.
    static func open(forReadingAt path: String) async throws -> BlockingFile {
        try await onThreadPool {
            let descriptor = try retryingOnInterrupt(path: path, action: "open") {
                posixOpen(path, O_RDONLY | O_CLOEXEC, 0)
            }
            return BlockingFile(descriptor: CInt(descriptor), path: path)
        }
    }

    /// Creates a new file for writing; fails if `path` exists. The mode is 0644 less the umask.
    static func create(exclusivelyAt path: String) async throws -> BlockingFile {
        try await onThreadPool {
            let descriptor = try retryingOnInterrupt(path: path, action: "create") {
                posixOpen(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            }
            return BlockingFile(descriptor: CInt(descriptor), path: path)
        }
    }

    /// The file's size in bytes, and whether it is a regular file. The corresponding C function is `fstat`.
    func status() throws -> (size: Int64, isRegularFile: Bool) {
        try withDescriptor { descriptor in
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                throw Self.error(action: "stat", path: path)
            }
            return (Int64(info.st_size), (info.st_mode & S_IFMT) == S_IFREG)
        }
    }

    /// Reads up to `count` bytes; an empty buffer means end of file. The corresponding C function is `read`.
    func read(upTo count: Int) async throws -> ByteBuffer {
        let path = self.path
        return try await Self.onThreadPool {
            try self.withDescriptor { descriptor in
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                    try Self.retryingOnInterrupt(path: path, action: "read") {
                        posixRead(descriptor, pointer.baseAddress, count)
                    }
                }
                return buffer
            }
        }
    }

    /// Writes all of `buffer`. The corresponding C function is `write`.
    func write(_ buffer: ByteBuffer) async throws {
        let path = self.path
        try await Self.onThreadPool {
            try self.withDescriptor { descriptor in
                var buffer = buffer
                while buffer.readableBytes > 0 {
                    let written = try buffer.withUnsafeReadableBytes { pointer in
                        try Self.retryingOnInterrupt(path: path, action: "write") {
                            posixWrite(descriptor, pointer.baseAddress, pointer.count)
                        }
                    }
                    buffer.moveReaderIndex(forwardBy: written)
                }
            }
        }
    }

    /// Flushes written data to the disk. The corresponding C function is `fsync`.
    func sync() async throws {
        let path = self.path
        try await Self.onThreadPool {
            try self.withDescriptor { descriptor in
                _ = try Self.retryingOnInterrupt(path: path, action: "sync") { fsync(descriptor) }
            }
        }
    }

    /// Closes the descriptor, once; errors are ignored (there is nothing left to do about them).
    func close() {
        state.withLockedValue { descriptor in
            if let open = descriptor {
                _ = posixClose(open)
                descriptor = nil
            }
        }
    }

    /// Runs `body` with the open descriptor, holding the lock so that no `close()` can interleave.
    private func withDescriptor<T>(_ body: (CInt) throws -> T) throws -> T {
        try state.withLockedValue { descriptor in
            guard let open = descriptor else {
                throw GlintClientError(code: .fileSystem, message: "'\(path)' was already closed")
            }
            return try body(open)
        }
    }

    /// Renames `source` to `destination`, replacing it atomically. The corresponding C function is `rename`.
    static func rename(_ source: String, to destination: String) async throws {
        try await onThreadPool {
            _ = try retryingOnInterrupt(path: destination, action: "rename into") {
                posixRename(source, destination)
            }
        }
    }

    /// Removes `path` if it exists; errors are ignored. The corresponding C function is `unlink`.
    static func removeIfPresent(_ path: String) async {
        _ = try? await onThreadPool {
            _ = unlink(path)
        }
    }

    private static func onThreadPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    private static func retryingOnInterrupt<T: BinaryInteger>(
        path: String,
        action: String,
        _ call: () -> T
    ) throws -> Int {
        while true {
            let result = call()
            if result >= 0 {
                return Int(result)
            }
            if errno != EINTR {
                throw error(action: action, path: path)
            }
        }
    }

    private static func error(action: String, path: String) -> GlintClientError {
        let code = errno
        let reason = String(cString: strerror(code))
        return GlintClientError(
            code: .fileSystem,
            message: "cannot \(action) '\(path)': \(reason)",
            cause: IOError(errnoCode: code, reason: action)
        )
    }
}

// File-scope forwarders, so the C calls are not shadowed by `BlockingFile`'s own `read`, `write`, … methods.
private func posixOpen(_ path: String, _ flags: CInt, _ mode: mode_t) -> CInt { open(path, flags, mode) }
private func posixRead(_ fd: CInt, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func posixWrite(_ fd: CInt, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
private func posixClose(_ fd: CInt) -> CInt { close(fd) }
private func posixRename(_ old: String, _ new: String) -> CInt { rename(old, new) }
