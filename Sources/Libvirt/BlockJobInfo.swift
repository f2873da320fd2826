internal import CLibvirt

/// The progress of a block job (commit, copy, pull) on one disk, as `virDomainGetBlockJobInfo` reports it.
public struct BlockJobInfo: Sendable, Hashable {
    /// The raw `virDomainBlockJobType`.
    public var type: Int32
    /// The bandwidth limit, in MiB/s (0 for none).
    public var bandwidth: UInt64
    /// How far the job is, between 0 and ``end``.
    public var cursor: UInt64
    /// Where the job ends.
    public var end: UInt64

    init(_ info: virDomainBlockJobInfo) {
        type = info.type
        bandwidth = UInt64(info.bandwidth)
        cursor = info.cur
        end = info.end
    }

    /// A block copy (`VIR_DOMAIN_BLOCK_JOB_TYPE_COPY`).
    public var isCopy: Bool { type == Int32(VIR_DOMAIN_BLOCK_JOB_TYPE_COPY.rawValue) }
    /// A commit of the active image (`VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT`).
    public var isActiveCommit: Bool { type == Int32(VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT.rawValue) }

    /// Whether the data has all been copied: a copy or active commit is then ready to pivot, and any other job
    /// is about to end by itself.
    public var isCaughtUp: Bool { end > 0 && cursor == end }
}
