internal import CLibvirt

/// A host's CPU and memory description, as `virNodeGetInfo` reports it.
public struct NodeInfo: Sendable, Hashable {
    /// The CPU model, for example `x86_64` (`virNodeInfo.model`).
    public var model: String
    /// Memory size in KiB (`virNodeInfo.memory`).
    public var memoryKiB: UInt64
    /// Number of active CPUs (`virNodeInfo.cpus`).
    public var cpus: Int
    /// Expected CPU frequency in MHz, 0 if unknown (`virNodeInfo.mhz`).
    public var mhz: Int
    /// NUMA cell count, 1 for uniform memory access (`virNodeInfo.nodes`).
    public var nodes: Int
    /// CPU sockets per NUMA cell (`virNodeInfo.sockets`).
    public var sockets: Int
    /// Cores per socket (`virNodeInfo.cores`).
    public var cores: Int
    /// Threads per core (`virNodeInfo.threads`).
    public var threads: Int

    /// Creates a description from its parts.
    public init(
        model: String,
        memoryKiB: UInt64,
        cpus: Int,
        mhz: Int,
        nodes: Int,
        sockets: Int,
        cores: Int,
        threads: Int
    ) {
        self.model = model
        self.memoryKiB = memoryKiB
        self.cpus = cpus
        self.mhz = mhz
        self.nodes = nodes
        self.sockets = sockets
        self.cores = cores
        self.threads = threads
    }

    init(_ info: virNodeInfo) {
        // `char model[32]` is imported as a tuple: read its bytes up to the terminating NUL.
        let model = withUnsafeBytes(of: info.model) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        self.init(
            model: model,
            memoryKiB: UInt64(info.memory),
            cpus: Int(info.cpus),
            mhz: Int(info.mhz),
            nodes: Int(info.nodes),
            sockets: Int(info.sockets),
            cores: Int(info.cores),
            threads: Int(info.threads)
        )
    }
}
