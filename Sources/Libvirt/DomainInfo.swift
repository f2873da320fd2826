internal import CLibvirt

/// What `virDomainGetInfo` reports: state, memory, vCPUs and CPU time.
public struct DomainInfo: Sendable, Hashable {
    /// The state (`virDomainInfo.state`).
    public var state: DomainState
    /// The memory the domain may grow to, in KiB (`maxMem`).
    public var maxMemoryKiB: UInt64
    /// The memory the domain has now, in KiB (`memory`); the balloon target while running.
    public var memoryKiB: UInt64
    /// The number of vCPUs (`nrVirtCpu`).
    public var vcpus: Int
    /// CPU time used, in nanoseconds (`cpuTime`).
    public var cpuTimeNanoseconds: UInt64

    /// Creates the information from its parts.
    public init(state: DomainState, maxMemoryKiB: UInt64, memoryKiB: UInt64, vcpus: Int, cpuTimeNanoseconds: UInt64) {
        self.state = state
        self.maxMemoryKiB = maxMemoryKiB
        self.memoryKiB = memoryKiB
        self.vcpus = vcpus
        self.cpuTimeNanoseconds = cpuTimeNanoseconds
    }

    init(_ info: virDomainInfo) {
        self.init(
            state: DomainState(rawValue: Int32(info.state)),
            maxMemoryKiB: UInt64(info.maxMem),
            memoryKiB: UInt64(info.memory),
            vcpus: Int(info.nrVirtCpu),
            cpuTimeNanoseconds: UInt64(info.cpuTime)
        )
    }
}
