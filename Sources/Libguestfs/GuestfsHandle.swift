internal import CLibguestfs
public import Logging
internal import NIOPosix

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An owned libguestfs handle (`guestfs_h`): drives to inspect or change, and later the appliance that does it.
///
/// The handle is closed with ``close()`` or when the object goes away. Creating one and configuring it (backend,
/// drives) is quick and starts nothing; launching the appliance (not wrapped yet) boots a small VM and takes
/// tens of seconds here, so that work belongs in ``withHandle(flags:_:)``, which runs on `NIOThreadPool.singleton`.
///
/// libguestfs reads `LIBGUESTFS_BACKEND` and `LIBGUESTFS_BACKEND_SETTINGS` from the environment unless created with
/// ``CreateFlags/noEnvironment``; on Glint's hosts the backend must be `direct` with `force_tcg`.
///
/// ## Thread safety
/// Not `Sendable`: libguestfs allows a handle to be used by only one thread at a time, and its last error is per
/// handle, so a handle must stay in the task (or on the pool thread) that created it. Use one handle per task.
///
/// ## Events
/// ``withHandle(flags:logger:progress:_:)`` and ``routeEvents(to:progress:)`` forward libguestfs events (progress,
/// warnings, trace, appliance and library messages) to swift-log.
public final class GuestfsHandle {
    /// The owned handle; `nil` once closed.
    private var pointer: OpaquePointer?
    /// The receiver of libguestfs events, kept alive as long as the callback that points at it.
    var eventSink: GuestfsEventSink?
    /// The callback's handle, for replacing it.
    var eventHandle: Int32?

    /// Options for creating a handle (`GUESTFS_CREATE_*`).
    public struct CreateFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue
        }

        /// Ignore `LIBGUESTFS_*` environment variables (`GUESTFS_CREATE_NO_ENVIRONMENT`).
        public static var noEnvironment: CreateFlags { CreateFlags(rawValue: CLibguestfs_CREATE_NO_ENVIRONMENT) }
        /// Do not close the handle from an `atexit` handler (`GUESTFS_CREATE_NO_CLOSE_ON_EXIT`).
        public static var noCloseOnExit: CreateFlags { CreateFlags(rawValue: CLibguestfs_CREATE_NO_CLOSE_ON_EXIT) }
    }

    /// Creates a handle; starts no appliance.
    ///
    /// libguestfs's default error handler, which prints every error to stderr, is turned off: errors are reported
    /// as ``GuestfsError`` instead.
    /// - Parameter flags: Creation options; by default the environment is read and the handle is closed at exit.
    /// - Throws: ``GuestfsError`` with ``GuestfsError/Code/handleCreationFailed`` if libguestfs returns no handle.
    ///
    /// The corresponding C function is `guestfs_create_flags` (through the `CLibguestfs_create_flags` shim, as
    /// the C function is variadic).
    public init(flags: CreateFlags = []) throws(GuestfsError) {
        guard let pointer = CLibguestfs_create_flags(flags.rawValue) else {
            throw GuestfsError.creationFailed()
        }
        guestfs_set_error_handler(pointer, nil, nil)
        self.pointer = pointer
    }

    deinit {
        if let pointer {
            guestfs_close(pointer)
        }
    }

    /// Creates a handle on the thread pool, runs `body` with it there, and closes it whether `body` returns or throws.
    ///
    /// The handle never leaves the pool thread, which keeps libguestfs's one-thread-at-a-time rule and keeps
    /// blocking calls (launching, inspecting) off the cooperative pool.
    /// - Parameters:
    ///   - flags: Creation options.
    ///   - logger: Receives the handle's events (see ``routeEvents(to:progress:)``); `nil` for none.
    ///   - progress: Called on the pool thread with the progress of long calls.
    ///   - body: Blocking work with the handle. Do not keep the handle beyond it.
    /// - Returns: What `body` returns.
    /// - Throws: ``GuestfsError`` from creating the handle, whatever `body` throws, or `CancellationError` if the
    ///   task is cancelled before the work starts.
    public static func withHandle<Result: Sendable>(
        flags: CreateFlags = [],
        logger: Logger? = nil,
        progress: (@Sendable (GuestfsProgress) -> Void)? = nil,
        _ body: @escaping @Sendable (GuestfsHandle) throws -> Result
    ) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive {
            let handle = try GuestfsHandle(flags: flags)
            defer { handle.close() }
            if let logger {
                try handle.routeEvents(to: logger, progress: progress)
            }
            return try body(handle)
        }
    }

    /// Closes the handle; if the appliance runs, this shuts it down and so may block. Closing twice does nothing.
    ///
    /// Calls made afterwards fail with ``GuestfsError/Code/handleClosed``.
    ///
    /// The corresponding C function is `guestfs_close`.
    public func close() {
        if let pointer {
            self.pointer = nil
            guestfs_close(pointer)
        }
    }

    /// The version of the libguestfs library.
    ///
    /// The corresponding C function is `guestfs_version`.
    public var version: GuestfsVersion {
        get throws(GuestfsError) {
            let handle = try open(context: "reading libguestfs version")
            guard let version = guestfs_version(handle) else {
                throw GuestfsError.last(on: handle, context: "reading libguestfs version")
            }
            defer { guestfs_free_version(version) }
            return GuestfsVersion(
                major: Int(version.pointee.major),
                minor: Int(version.pointee.minor),
                release: Int(version.pointee.release),
                extra: version.pointee.extra.map { String(cString: $0) } ?? ""
            )
        }
    }

    /// The backend the appliance would be launched with, for example `direct` or `libvirt`.
    ///
    /// The corresponding C function is `guestfs_get_backend`.
    public var backend: String {
        get throws(GuestfsError) {
            let handle = try open(context: "reading libguestfs backend")
            guard let backend = guestfs_get_backend(handle) else {
                throw GuestfsError.last(on: handle, context: "reading libguestfs backend")
            }
            defer { free(backend) }
            return String(cString: backend)
        }
    }

    /// Sets the backend the appliance will be launched with; must be called before launch.
    ///
    /// - Parameter backend: A libguestfs backend name such as `direct`, or `libvirt:qemu:///system`.
    /// - Throws: ``GuestfsError`` if libguestfs rejects the name.
    ///
    /// The corresponding C function is `guestfs_set_backend`.
    public func setBackend(_ backend: String) throws(GuestfsError) {
        let handle = try open(context: "setting libguestfs backend to \(backend)")
        guard guestfs_set_backend(handle, backend) == 0 else {
            throw GuestfsError.last(on: handle, context: "setting libguestfs backend to \(backend)")
        }
    }

    /// The open `guestfs_h`, or ``GuestfsError/Code/handleClosed``.
    func open(context: String) throws(GuestfsError) -> OpaquePointer {
        guard let pointer else {
            throw GuestfsError(code: .handleClosed, message: "the libguestfs handle is closed", context: context)
        }
        return pointer
    }
}

/// A handle must be used by one thread at a time; see ``GuestfsHandle``.
@available(*, unavailable)
extension GuestfsHandle: Sendable {}
