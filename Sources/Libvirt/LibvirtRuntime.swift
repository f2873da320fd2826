internal import CLibvirt
internal import NIOPosix

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Process-wide libvirt set-up, done once before the first call into libvirt.
///
/// `virInitialize` prepares libvirt for use from several threads. libvirt's default error handler prints every
/// error to stderr (`libvirt:  error : no connection driver available ...`) although Glint reports each one as a
/// ``VirtError``, so a handler that drops them is installed once with `virSetErrorFunc`. The last error is still
/// recorded per thread and read by ``VirtError/last(context:)``.
private let libvirtSetUp: Void = {
    _ = virInitialize()
    virSetErrorFunc(nil, { _, _ in })
}()

/// Makes sure the process-wide libvirt set-up has run; cheap after the first call.
func ensureLibvirtSetUp() {
    libvirtSetUp
}

/// Runs blocking libvirt work on NIO's shared thread pool, off the event loops and off Swift's cooperative pool.
///
/// libvirt calls on a remote connection are RPCs to libvirtd that can block for a long time, so every one goes
/// through here. The body runs entirely on one pool thread, so the thread-local last error it reads belongs to
/// its own calls.
/// - Throws: The body's ``VirtError``; `CancellationError` if the task was cancelled before the work started.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws(VirtError) -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive { try body() }
}

/// Takes ownership of a string libvirt allocated with `malloc`, copying it and freeing the original.
func takeLibvirtString(_ pointer: UnsafeMutablePointer<CChar>) -> String {
    defer { free(pointer) }
    return String(cString: pointer)
}
