internal import CLibvirt

/// An error reported by libvirt, carrying libvirt's own code, error domain and message.
///
/// Every failing libvirt call in this module is turned into a `VirtError` right after the call returns, from
/// `virGetLastError()` on the same thread (libvirt keeps the last error per thread). ``message`` is libvirt's own
/// text, unchanged; ``context`` says what Glint was doing when the call failed.
public struct VirtError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libvirt's error number (`virErrorNumber`), such as ``Code/noConnect`` or ``Code/noDomain``.
    public var code: Code
    /// The part of libvirt that raised the error (`virErrorDomain`), such as ``ErrorDomain/remote``.
    public var domain: ErrorDomain
    /// libvirt's own message (`virError.message`), for example
    /// `no connection driver available for bogus:///nothing`.
    public var message: String
    /// What Glint was doing, for example `opening libvirt connection to bogus:///nothing`.
    public var context: String

    /// Creates an error from its parts.
    public init(code: Code, domain: ErrorDomain = .none, message: String, context: String) {
        self.code = code
        self.domain = domain
        self.message = message
        self.context = context
    }

    public var description: String {
        "\(context): \(message) (libvirt error \(code.rawValue), domain \(domain.rawValue))"
    }
}

extension VirtError {
    /// Reads the calling thread's last libvirt error into a `VirtError`.
    ///
    /// Call it on the thread that made the failing call, right after the call. When libvirt recorded no error
    /// (which should not happen after a documented failure), the error says so with ``Code/internalError``.
    /// The corresponding C function is `virGetLastError`.
    static func last(context: String) -> VirtError {
        guard let error = virGetLastError() else {
            return VirtError(code: .internalError, message: "libvirt reported no error", context: context)
        }
        let pointee = error.pointee
        return VirtError(
            code: Code(rawValue: pointee.code),
            domain: ErrorDomain(rawValue: pointee.domain),
            message: pointee.message.map { String(cString: $0) } ?? "no message",
            context: context
        )
    }

    /// An error that did not come from libvirt but uses libvirt's numbering.
    static func glint(_ code: Code, _ message: String, context: String) -> VirtError {
        VirtError(code: code, domain: .none, message: message, context: context)
    }
}
