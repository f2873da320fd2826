internal import CLibvirt

/// I/O counters of one disk, as `virDomainBlockStats` reports them; `nil` where the hypervisor does not count.
public struct BlockStats: Sendable, Hashable {
    /// Read requests (`rd_req`).
    public var readRequests: Int64?
    /// Bytes read (`rd_bytes`).
    public var readBytes: Int64?
    /// Write requests (`wr_req`).
    public var writeRequests: Int64?
    /// Bytes written (`wr_bytes`).
    public var writeBytes: Int64?
    /// Errors (`errs`); QEMU does not count them.
    public var errors: Int64?

    init(_ stats: virDomainBlockStatsStruct) {
        readRequests = known(stats.rd_req)
        readBytes = known(stats.rd_bytes)
        writeRequests = known(stats.wr_req)
        writeBytes = known(stats.wr_bytes)
        errors = known(stats.errs)
    }
}

/// Traffic counters of one network interface, as `virDomainInterfaceStats` reports them (host side of the
/// tap, seen from the guest: received is what the guest received); `nil` where not counted.
public struct InterfaceStats: Sendable, Hashable {
    /// Bytes received (`rx_bytes`).
    public var receivedBytes: Int64?
    /// Packets received (`rx_packets`).
    public var receivedPackets: Int64?
    /// Receive errors (`rx_errs`).
    public var receiveErrors: Int64?
    /// Received packets dropped (`rx_drop`).
    public var receiveDrops: Int64?
    /// Bytes sent (`tx_bytes`).
    public var transmittedBytes: Int64?
    /// Packets sent (`tx_packets`).
    public var transmittedPackets: Int64?
    /// Send errors (`tx_errs`).
    public var transmitErrors: Int64?
    /// Sent packets dropped (`tx_drop`).
    public var transmitDrops: Int64?

    init(_ stats: virDomainInterfaceStatsStruct) {
        receivedBytes = known(stats.rx_bytes)
        receivedPackets = known(stats.rx_packets)
        receiveErrors = known(stats.rx_errs)
        receiveDrops = known(stats.rx_drop)
        transmittedBytes = known(stats.tx_bytes)
        transmittedPackets = known(stats.tx_packets)
        transmitErrors = known(stats.tx_errs)
        transmitDrops = known(stats.tx_drop)
    }
}

/// Memory statistics of a domain, as `virDomainMemoryStats` reports them, in KiB unless said otherwise.
///
/// Most values come from the guest's balloon driver and only appear when the domain has a virtio memballoon with
/// a stats period; ``rss`` and ``actualBalloon`` come from the host side.
public struct MemoryStats: Sendable, Hashable {
    /// Every statistic by its raw `virDomainMemoryStatTags` value.
    public var values: [Int32: UInt64]

    /// Creates statistics from raw tags and values.
    public init(values: [Int32: UInt64]) {
        self.values = values
    }

    private func value(_ tag: virDomainMemoryStatTags) -> UInt64? {
        values[Int32(bitPattern: tag.rawValue)]
    }

    /// Memory swapped in (`VIR_DOMAIN_MEMORY_STAT_SWAP_IN`).
    public var swapIn: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_SWAP_IN) }
    /// Memory swapped out (`VIR_DOMAIN_MEMORY_STAT_SWAP_OUT`).
    public var swapOut: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_SWAP_OUT) }
    /// Major page faults, a count (`VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT`).
    public var majorFaults: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT) }
    /// Minor page faults, a count (`VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT`).
    public var minorFaults: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT) }
    /// Memory the guest leaves unused (`VIR_DOMAIN_MEMORY_STAT_UNUSED`).
    public var unused: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_UNUSED) }
    /// Memory the guest sees (`VIR_DOMAIN_MEMORY_STAT_AVAILABLE`).
    public var available: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_AVAILABLE) }
    /// The balloon's current size (`VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON`).
    public var actualBalloon: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON) }
    /// Resident memory of the QEMU process (`VIR_DOMAIN_MEMORY_STAT_RSS`).
    public var rss: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_RSS) }
    /// Memory the guest could use without swapping (`VIR_DOMAIN_MEMORY_STAT_USABLE`).
    public var usable: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_USABLE) }
    /// When the guest last updated the values, in seconds since the epoch (`VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE`).
    public var lastUpdate: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE) }
    /// Memory the guest could reclaim from caches (`VIR_DOMAIN_MEMORY_STAT_DISK_CACHES`).
    public var diskCaches: UInt64? { value(VIR_DOMAIN_MEMORY_STAT_DISK_CACHES) }
}

/// libvirt reports a counter the hypervisor does not keep as -1.
private func known(_ value: Int64) -> Int64? {
    value < 0 ? nil : value
}
