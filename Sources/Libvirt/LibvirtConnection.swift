internal import CLibvirt
import Synchronization

/// An open connection to a libvirt hypervisor driver, such as `qemu:///system` or `test:///default`.
///
/// Open one with ``open(uri:readOnly:)`` or, so that it is closed on every path,
/// ``withConnection(uri:readOnly:isolation:_:)``.
/// Every call is a blocking libvirt call (an RPC to libvirtd for most drivers), so each runs on
/// `NIOThreadPool.singleton`, never on the cooperative pool.
///
/// ## Thread safety
/// The class is `@unchecked Sendable` because libvirt connections are thread-safe: since libvirt 0.6 one
/// `virConnectPtr` may be used by several threads at once (libvirt's "Thread safety" guide), so one connection can
/// serve many tasks. The only mutable state in the wrapper is whether the connection is still open, kept behind a
/// `Mutex`; each call takes its own reference with `virConnectRef` and drops it with `virConnectClose`, so
/// ``close()`` never frees the connection under a call that is still running.
public final class LibvirtConnection: @unchecked Sendable {
    /// The URI the connection was opened with.
    public let uri: String
    /// Whether the connection was opened read-only (`VIR_CONNECT_RO`).
    public let isReadOnly: Bool
    /// The owned connection reference; `nil` once ``close()`` has run.
    private let handle: Mutex<ConnectionPointer?>

    private init(pointer: OpaquePointer, uri: String, readOnly: Bool) {
        self.uri = uri
        self.isReadOnly = readOnly
        self.handle = Mutex(ConnectionPointer(raw: pointer))
    }

    deinit {
        // Not closed explicitly: drop the reference here. For a remote driver this is a short blocking RPC.
        if let pointer = handle.withLock({ $0 }) {
            virConnectClose(pointer.raw)
        }
    }

    /// Opens a connection to the hypervisor driver at `uri`.
    ///
    /// No authentication callback is passed: local `qemu:///system` as root and `test:///default` need none.
    /// - Parameters:
    ///   - uri: A libvirt connection URI, for example `qemu:///system` or `test:///default`.
    ///   - readOnly: Opens the connection with `VIR_CONNECT_RO`, which allows only calls that change nothing.
    /// - Returns: The open connection; close it with ``close()`` or let it go.
    /// - Throws: ``VirtError`` with libvirt's code and message when no driver accepts the URI
    ///   (``VirtError/Code/noConnect``) or the daemon cannot be reached; `CancellationError` if the task is
    ///   cancelled before the call starts.
    ///
    /// The corresponding C function is `virConnectOpenAuth`.
    public static func open(uri: String, readOnly: Bool = false) async throws -> LibvirtConnection {
        ensureLibvirtSetUp()
        return try await runBlocking { () throws(VirtError) -> LibvirtConnection in
            let flags = readOnly ? UInt32(VIR_CONNECT_RO.rawValue) : 0
            guard let pointer = virConnectOpenAuth(uri, nil, flags) else {
                throw VirtError.last(context: "opening libvirt connection to \(uri)")
            }
            return LibvirtConnection(pointer: pointer, uri: uri, readOnly: readOnly)
        }
    }

    /// Opens a connection, runs `body` with it, and closes it whether `body` returns or throws.
    ///
    /// - Parameters:
    ///   - uri: A libvirt connection URI.
    ///   - readOnly: Opens the connection with `VIR_CONNECT_RO`.
    ///   - body: Work to do with the connection. Do not keep the connection beyond it.
    /// - Returns: What `body` returns.
    /// - Throws: ``VirtError`` from opening or closing, or whatever `body` throws.
    public static func withConnection<Result>(
        uri: String,
        readOnly: Bool = false,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (LibvirtConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await open(uri: uri, readOnly: readOnly)
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return result
    }

    /// Closes the connection; calls made afterwards fail with ``VirtError/Code/invalidConnection``.
    ///
    /// Calls already running keep their own reference and finish first. Closing twice does nothing.
    /// - Throws: ``VirtError`` if libvirt fails to close the connection; `CancellationError` if the task is
    ///   cancelled before the call starts (the connection is then closed when the object goes away).
    ///
    /// The corresponding C function is `virConnectClose`.
    public func close() async throws {
        try await runBlocking { () throws(VirtError) in
            // Take the pointer out under the lock, so only one close drops the reference.
            let pointer = self.handle.withLock { state -> ConnectionPointer? in
                defer { state = nil }
                return state
            }
            guard let pointer else { return }
            if virConnectClose(pointer.raw) < 0 {
                throw VirtError.last(context: "closing libvirt connection to \(self.uri)")
            }
        }
    }

    /// Runs `body` on the thread pool with a referenced `virConnectPtr` that stays valid for the whole call.
    ///
    /// - Parameters:
    ///   - context: What the call does, for the error.
    ///   - body: The libvirt calls to make; it runs on one pool thread.
    /// - Throws: ``VirtError/Code/invalidConnection`` once closed, or what `body` throws.
    func withPointer<T: Sendable>(
        _ context: String,
        _ body: @escaping @Sendable (OpaquePointer) throws(VirtError) -> T
    ) async throws -> T {
        try await runBlocking { () throws(VirtError) -> T in
            let pointer = try self.retain(context: context)
            defer { virConnectClose(pointer.raw) }
            return try body(pointer.raw)
        }
    }

    /// Takes one more libvirt reference on the connection, or fails if it is closed.
    ///
    /// The corresponding C function is `virConnectRef`.
    private func retain(context: String) throws(VirtError) -> ConnectionPointer {
        let pointer = handle.withLock { state -> ConnectionPointer? in
            guard let state, virConnectRef(state.raw) == 0 else { return nil }
            return state
        }
        guard let pointer else {
            throw VirtError.glint(.invalidConnection, "the connection to \(uri) is closed", context: context)
        }
        return pointer
    }
}

/// A `virConnectPtr` that may cross threads, which libvirt allows (see ``LibvirtConnection``).
private struct ConnectionPointer: @unchecked Sendable {
    let raw: OpaquePointer
}
