internal import CLibvirt

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A snapshot of one libvirt domain (virtual machine): who it is and what state it was in when listed.
public struct DomainSummary: Sendable, Hashable, Identifiable {
    /// The domain's name, unique per connection.
    public var name: String
    /// The domain's UUID, stable across restarts.
    public var uuid: UUID
    /// The hypervisor's id for a running domain; `nil` when the domain is not running.
    public var runtimeID: Int?
    /// The domain's state when it was listed.
    public var state: DomainState

    /// The UUID, which identifies the domain across restarts and renames.
    public var id: UUID { uuid }

    /// Creates a summary from its parts.
    public init(name: String, uuid: UUID, runtimeID: Int?, state: DomainState) {
        self.name = name
        self.uuid = uuid
        self.runtimeID = runtimeID
        self.state = state
    }

    /// Reads a summary of `domain`; call it on the thread that owns the call (errors are thread-local).
    ///
    /// The corresponding C functions are `virDomainGetName`, `virDomainGetUUID`, `virDomainGetID` and
    /// `virDomainGetState`.
    init(domain: OpaquePointer, context: String) throws(VirtError) {
        guard let name = virDomainGetName(domain) else {
            throw VirtError.last(context: context)
        }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let uuidStatus = withUnsafeMutableBytes(of: &uuid) { bytes in
            virDomainGetUUID(domain, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard uuidStatus == 0 else {
            throw VirtError.last(context: context)
        }
        var state: Int32 = 0
        var reason: Int32 = 0
        guard virDomainGetState(domain, &state, &reason, 0) == 0 else {
            throw VirtError.last(context: context)
        }
        let runtimeID = virDomainGetID(domain)
        self.init(
            name: String(cString: name),
            uuid: UUID(uuid: uuid),
            runtimeID: runtimeID == UInt32.max ? nil : Int(runtimeID),
            state: DomainState(rawValue: state)
        )
    }
}
