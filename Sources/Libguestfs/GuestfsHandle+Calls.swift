internal import CLibguestfs

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// The conventions of libguestfs's generated C API, in one place: `-1` for errors from calls returning `int`,
/// `NULL` for errors from calls returning pointers, and caller-owned strings and string lists to free.
extension GuestfsHandle {
    /// Runs a call returning `int` status (0 on success, -1 on error).
    func call(_ context: @autoclosure () -> String, _ body: (OpaquePointer) -> Int32) throws(GuestfsError) {
        let handle = try open(context: context())
        guard body(handle) != -1 else {
            throw GuestfsError.last(on: handle, context: context())
        }
    }

    /// Runs a call returning a non-negative `int` (a boolean or a number), -1 on error.
    func number(_ context: @autoclosure () -> String, _ body: (OpaquePointer) -> Int32) throws(GuestfsError) -> Int {
        let handle = try open(context: context())
        let value = body(handle)
        guard value != -1 else {
            throw GuestfsError.last(on: handle, context: context())
        }
        return Int(value)
    }

    /// Runs a call returning a caller-owned string, `NULL` on error.
    func string(
        _ context: @autoclosure () -> String,
        _ body: (OpaquePointer) -> UnsafeMutablePointer<CChar>?
    ) throws(GuestfsError) -> String {
        let handle = try open(context: context())
        guard let result = body(handle) else {
            throw GuestfsError.last(on: handle, context: context())
        }
        defer { free(result) }
        return String(cString: result)
    }

    /// Runs a call returning a caller-owned, `NULL`-terminated list of caller-owned strings, `NULL` on error.
    func strings(
        _ context: @autoclosure () -> String,
        _ body: (OpaquePointer) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) throws(GuestfsError) -> [String] {
        let handle = try open(context: context())
        guard let list = body(handle) else {
            throw GuestfsError.last(on: handle, context: context())
        }
        defer { free(list) }
        var result: [String] = []
        var index = 0
        while let element = list[index] {
            result.append(String(cString: element))
            free(element)
            index += 1
        }
        return result
    }

    /// A list of alternating keys and values (libguestfs's "hash" return type) as ordered pairs.
    func pairs(
        _ context: @autoclosure () -> String,
        _ body: (OpaquePointer) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) throws(GuestfsError) -> [(String, String)] {
        let flat = try strings(context(), body)
        return stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }
    }
}
