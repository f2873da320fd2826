internal import CLibvirt

/// The flag sets of snapshots and block jobs, over libvirt's own bits.
extension Domain {
    /// Options for ``Domain/createSnapshot(xml:flags:)`` (`virDomainSnapshotCreateFlags`).
    public struct SnapshotFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Keep no libvirt metadata: the overlay files are all there is (`VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA`).
        public static var noMetadata: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA.rawValue) }
        /// Disks only, no memory state: new overlays become the active images
        /// (`VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY`).
        public static var diskOnly: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY.rawValue) }
        /// Use overlay files that already exist (`VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT`).
        public static var reuseExternal: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT.rawValue) }
        /// Freeze guest file systems through the agent meanwhile (`VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE`).
        public static var quiesce: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE.rawValue) }
        /// All disks or none (`VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC`).
        public static var atomic: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC.rawValue) }
        /// Validate the snapshot document against the schema (`VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE`).
        public static var validate: Self { Self(rawValue: VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE.rawValue) }
    }

    /// Options for ``Domain/blockCommit(disk:base:top:bandwidth:flags:)`` (`virDomainBlockCommitFlags`).
    public struct BlockCommitFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Commit into the top image's immediate backing file (`VIR_DOMAIN_BLOCK_COMMIT_SHALLOW`).
        public static var shallow: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COMMIT_SHALLOW.rawValue) }
        /// Delete the committed files afterwards (`VIR_DOMAIN_BLOCK_COMMIT_DELETE`).
        public static var delete: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COMMIT_DELETE.rawValue) }
        /// Allow committing the active image; the job then waits for a pivot (`VIR_DOMAIN_BLOCK_COMMIT_ACTIVE`).
        public static var active: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COMMIT_ACTIVE.rawValue) }
        /// `bandwidth` is in bytes/s rather than MiB/s (`VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES`).
        public static var bandwidthBytes: Self {
            Self(rawValue: VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES.rawValue)
        }
    }

    /// Options for ``Domain/blockCopy(disk:destinationXML:flags:)`` (`virDomainBlockCopyFlags`).
    public struct BlockCopyFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Copy only the top image; the destination shares the backing chain (`VIR_DOMAIN_BLOCK_COPY_SHALLOW`).
        public static var shallow: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COPY_SHALLOW.rawValue) }
        /// The destination already exists (`VIR_DOMAIN_BLOCK_COPY_REUSE_EXT`).
        public static var reuseExternal: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COPY_REUSE_EXT.rawValue) }
        /// Allow the copy on a persistent domain; the job does not survive a restart
        /// (`VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB`).
        public static var transientJob: Self { Self(rawValue: VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB.rawValue) }
    }

    /// Options for ``Domain/abortBlockJob(disk:flags:)`` (`virDomainBlockJobAbortFlags`).
    public struct BlockJobAbortFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Return at once instead of waiting for the job to end (`VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC`).
        public static var async: Self { Self(rawValue: VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC.rawValue) }
        /// Finish a ready copy or active commit by switching the disk to its result
        /// (`VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT`).
        public static var pivot: Self { Self(rawValue: VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT.rawValue) }
    }
}
