internal import CLibvirt

extension VirtError {
    /// libvirt's error number, `virErrorNumber`.
    ///
    /// A struct rather than an enum so that numbers added by newer libvirt versions are carried through unchanged;
    /// the static members name the ones Glint tells apart. Compare with `==` (or `switch` over the static members).
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The raw `virErrorNumber`.
        public var rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ number: virErrorNumber) {
            self.rawValue = Int32(bitPattern: number.rawValue)
        }

        public var description: String { "\(rawValue)" }

        /// An internal error (`VIR_ERR_INTERNAL_ERROR`).
        public static var internalError: Code { Code(VIR_ERR_INTERNAL_ERROR) }
        /// Out of memory (`VIR_ERR_NO_MEMORY`).
        public static var noMemory: Code { Code(VIR_ERR_NO_MEMORY) }
        /// The driver does not support the call (`VIR_ERR_NO_SUPPORT`).
        public static var noSupport: Code { Code(VIR_ERR_NO_SUPPORT) }
        /// No connection driver could open the URI (`VIR_ERR_NO_CONNECT`).
        public static var noConnect: Code { Code(VIR_ERR_NO_CONNECT) }
        /// The connection is invalid, for example already closed (`VIR_ERR_INVALID_CONN`).
        public static var invalidConnection: Code { Code(VIR_ERR_INVALID_CONN) }
        /// An invalid argument (`VIR_ERR_INVALID_ARG`).
        public static var invalidArgument: Code { Code(VIR_ERR_INVALID_ARG) }
        /// The operation failed (`VIR_ERR_OPERATION_FAILED`).
        public static var operationFailed: Code { Code(VIR_ERR_OPERATION_FAILED) }
        /// Malformed XML (`VIR_ERR_XML_ERROR`).
        public static var xmlError: Code { Code(VIR_ERR_XML_ERROR) }
        /// The domain already exists (`VIR_ERR_DOM_EXIST`).
        public static var domainExists: Code { Code(VIR_ERR_DOM_EXIST) }
        /// The operation was denied (`VIR_ERR_OPERATION_DENIED`).
        public static var operationDenied: Code { Code(VIR_ERR_OPERATION_DENIED) }
        /// A system call failed (`VIR_ERR_SYSTEM_ERROR`).
        public static var systemError: Code { Code(VIR_ERR_SYSTEM_ERROR) }
        /// An RPC failure talking to the daemon (`VIR_ERR_RPC`).
        public static var rpc: Code { Code(VIR_ERR_RPC) }
        /// No such domain (`VIR_ERR_NO_DOMAIN`).
        public static var noDomain: Code { Code(VIR_ERR_NO_DOMAIN) }
        /// No such network (`VIR_ERR_NO_NETWORK`).
        public static var noNetwork: Code { Code(VIR_ERR_NO_NETWORK) }
        /// Authentication failed (`VIR_ERR_AUTH_FAILED`).
        public static var authFailed: Code { Code(VIR_ERR_AUTH_FAILED) }
        /// No such storage pool (`VIR_ERR_NO_STORAGE_POOL`).
        public static var noStoragePool: Code { Code(VIR_ERR_NO_STORAGE_POOL) }
        /// No such storage volume (`VIR_ERR_NO_STORAGE_VOL`).
        public static var noStorageVolume: Code { Code(VIR_ERR_NO_STORAGE_VOL) }
        /// The operation is invalid in the object's current state (`VIR_ERR_OPERATION_INVALID`).
        public static var operationInvalid: Code { Code(VIR_ERR_OPERATION_INVALID) }
        /// The configuration is not supported (`VIR_ERR_CONFIG_UNSUPPORTED`).
        public static var configUnsupported: Code { Code(VIR_ERR_CONFIG_UNSUPPORTED) }
        /// The operation timed out (`VIR_ERR_OPERATION_TIMEOUT`).
        public static var operationTimeout: Code { Code(VIR_ERR_OPERATION_TIMEOUT) }
        /// The operation is not supported (`VIR_ERR_OPERATION_UNSUPPORTED`).
        public static var operationUnsupported: Code { Code(VIR_ERR_OPERATION_UNSUPPORTED) }
        /// The guest agent is not responding (`VIR_ERR_AGENT_UNRESPONSIVE`).
        public static var agentUnresponsive: Code { Code(VIR_ERR_AGENT_UNRESPONSIVE) }
        /// A resource is busy (`VIR_ERR_RESOURCE_BUSY`).
        public static var resourceBusy: Code { Code(VIR_ERR_RESOURCE_BUSY) }
        /// Access denied by the access control driver (`VIR_ERR_ACCESS_DENIED`).
        public static var accessDenied: Code { Code(VIR_ERR_ACCESS_DENIED) }
        /// The domain object is invalid, for example freed (`VIR_ERR_INVALID_DOMAIN`).
        public static var invalidDomain: Code { Code(VIR_ERR_INVALID_DOMAIN) }
        /// No such domain snapshot (`VIR_ERR_NO_DOMAIN_SNAPSHOT`).
        public static var noDomainSnapshot: Code { Code(VIR_ERR_NO_DOMAIN_SNAPSHOT) }
        /// A valid call the driver does not support with these arguments, for example an agent call on a
        /// domain without an agent channel (`VIR_ERR_ARGUMENT_UNSUPPORTED`).
        public static var argumentUnsupported: Code { Code(VIR_ERR_ARGUMENT_UNSUPPORTED) }
        /// A job on the domain was aborted (`VIR_ERR_OPERATION_ABORTED`).
        public static var operationAborted: Code { Code(VIR_ERR_OPERATION_ABORTED) }
        /// The guest agent answered with the wrong id, for example after it restarted (`VIR_ERR_AGENT_UNSYNCED`).
        public static var agentUnsynced: Code { Code(VIR_ERR_AGENT_UNSYNCED) }
        /// The document does not validate against libvirt's schema (`VIR_ERR_XML_INVALID_SCHEMA`).
        public static var xmlInvalidSchema: Code { Code(VIR_ERR_XML_INVALID_SCHEMA) }
    }

    /// The part of libvirt that raised an error, `virErrorDomain` (not a virtual-machine domain).
    public struct ErrorDomain: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The raw `virErrorDomain`.
        public var rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ domain: virErrorDomain) {
            self.rawValue = Int32(bitPattern: domain.rawValue)
        }

        public var description: String { "\(rawValue)" }

        /// No particular part (`VIR_FROM_NONE`); also used for errors Glint raises itself.
        public static var none: ErrorDomain { ErrorDomain(VIR_FROM_NONE) }
        /// The QEMU driver (`VIR_FROM_QEMU`).
        public static var qemu: ErrorDomain { ErrorDomain(VIR_FROM_QEMU) }
        /// The test driver, `test:///` (`VIR_FROM_TEST`).
        public static var test: ErrorDomain { ErrorDomain(VIR_FROM_TEST) }
        /// The remote driver, talking to libvirtd (`VIR_FROM_REMOTE`).
        public static var remote: ErrorDomain { ErrorDomain(VIR_FROM_REMOTE) }
        /// The storage driver (`VIR_FROM_STORAGE`).
        public static var storage: ErrorDomain { ErrorDomain(VIR_FROM_STORAGE) }
        /// The network driver (`VIR_FROM_NETWORK`).
        public static var network: ErrorDomain { ErrorDomain(VIR_FROM_NETWORK) }
        /// The domain (virtual machine) layer (`VIR_FROM_DOMAIN`).
        public static var domain: ErrorDomain { ErrorDomain(VIR_FROM_DOMAIN) }
        /// The RPC layer (`VIR_FROM_RPC`).
        public static var rpc: ErrorDomain { ErrorDomain(VIR_FROM_RPC) }
    }
}
