internal import CLibvirt

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A handle on one libvirt domain (virtual machine), defined or running, obtained from a ``LibvirtConnection``.
///
/// Get one with ``LibvirtConnection/defineDomain(xml:flags:)``, ``LibvirtConnection/createDomain(xml:flags:)``,
/// ``LibvirtConnection/domain(named:)`` or ``LibvirtConnection/domain(uuid:)``. The handle owns a `virDomainPtr`
/// and frees it when it goes away; it does not keep the domain alive or defined. Every call is a blocking RPC to
/// libvirtd, run on `NIOThreadPool.singleton` like the connection's own calls, and fails with
/// ``VirtError/Code/invalidConnection`` once the connection is closed.
///
/// ## Thread safety
/// `@unchecked Sendable` for the same reason as ``LibvirtConnection``: libvirt objects obtained from a connection
/// may be used by several threads at once (libvirt's "Thread safety" guide). The wrapper holds no mutable state.
public final class Domain: @unchecked Sendable {
    /// The connection the domain was obtained from; each call goes through it.
    public let connection: LibvirtConnection
    /// The domain's name when the handle was obtained (a rename through libvirt does not update it).
    public let name: String
    /// The domain's UUID, stable for the domain's whole life.
    public let uuid: UUID
    /// The owned `virDomainPtr`.
    private let pointer: DomainPointer

    /// Takes ownership of `pointer` and reads its name and UUID; frees it if that fails.
    ///
    /// Call it on the pool thread that obtained the pointer. Both reads are local (no RPC).
    /// The corresponding C functions are `virDomainGetName` and `virDomainGetUUID`.
    init(owning pointer: OpaquePointer, connection: LibvirtConnection, context: String) throws(VirtError) {
        guard let name = virDomainGetName(pointer) else {
            let error = VirtError.last(context: context)
            virDomainFree(pointer)
            throw error
        }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let status = withUnsafeMutableBytes(of: &uuid) { bytes in
            virDomainGetUUID(pointer, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else {
            let error = VirtError.last(context: context)
            virDomainFree(pointer)
            throw error
        }
        self.connection = connection
        self.name = String(cString: name)
        self.uuid = UUID(uuid: uuid)
        self.pointer = DomainPointer(raw: pointer)
    }

    deinit {
        // Drops the local reference only: no RPC, the domain itself is untouched.
        virDomainFree(pointer.raw)
    }

    /// Runs `body` on the thread pool with the `virDomainPtr`, while the connection holds a reference.
    ///
    /// - Throws: ``VirtError/Code/invalidConnection`` once the connection is closed, or what `body` throws.
    func withPointer<T: Sendable>(
        _ context: String,
        _ body: @escaping @Sendable (OpaquePointer) throws(VirtError) -> T
    ) async throws -> T {
        try await connection.withPointer(context) { _ throws(VirtError) -> T in
            try body(self.pointer.raw)
        }
    }
}

extension Domain: CustomStringConvertible {
    public var description: String { "\(name) (\(uuid.uuidString.lowercased()))" }
}

/// A `virDomainPtr` that may cross threads, which libvirt allows (see ``Domain``).
private struct DomainPointer: @unchecked Sendable {
    let raw: OpaquePointer
}
