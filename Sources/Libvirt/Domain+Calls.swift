internal import CLibvirt

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The return conventions of libvirt's domain calls, in one place: `-1` for errors from calls returning `int`,
/// `NULL` for errors from calls returning caller-owned strings. Each helper runs the call on the pool thread and
/// reads the thread's last error right after it.
extension Domain {
    /// Runs a call returning `int` status: 0 (or any non-negative value) on success, -1 on error.
    func call(_ context: String, _ body: @escaping @Sendable (OpaquePointer) -> Int32) async throws {
        try await withPointer(context) { domain throws(VirtError) in
            guard body(domain) >= 0 else {
                throw VirtError.last(context: context)
            }
        }
    }

    /// Runs a call returning a non-negative `int` (a count or a boolean), -1 on error.
    func number(_ context: String, _ body: @escaping @Sendable (OpaquePointer) -> Int32) async throws -> Int {
        try await withPointer(context) { domain throws(VirtError) -> Int in
            let value = body(domain)
            guard value >= 0 else {
                throw VirtError.last(context: context)
            }
            return Int(value)
        }
    }

    /// Runs a call returning a caller-owned string, `NULL` on error.
    func string(
        _ context: String,
        _ body: @escaping @Sendable (OpaquePointer) -> UnsafeMutablePointer<CChar>?
    ) async throws -> String {
        try await withPointer(context) { domain throws(VirtError) -> String in
            guard let result = body(domain) else {
                throw VirtError.last(context: context)
            }
            return takeLibvirtString(result)
        }
    }
}
