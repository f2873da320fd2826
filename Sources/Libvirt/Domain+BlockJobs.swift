internal import CLibvirt

extension Domain {
    /// Creates a snapshot from a `<domainsnapshot>` document, for example a disk-only external snapshot that
    /// puts a new overlay on top of each disk.
    ///
    /// - Parameters:
    ///   - xml: The `<domainsnapshot>` document.
    ///   - flags: For example `[.diskOnly, .atomic, .noMetadata]` (what Nova's live snapshot needs), plus
    ///     ``SnapshotFlags/quiesce`` with a guest agent.
    /// - Returns: The snapshot's name (libvirt makes one up when the document has none).
    ///
    /// The corresponding C functions are `virDomainSnapshotCreateXML`, `virDomainSnapshotGetName` and
    /// `virDomainSnapshotFree`.
    @discardableResult
    public func createSnapshot(xml: String, flags: SnapshotFlags = []) async throws -> String {
        let context = "creating a snapshot of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> String in
            guard let snapshot = virDomainSnapshotCreateXML(domain, xml, flags.rawValue) else {
                throw VirtError.last(context: context)
            }
            defer { virDomainSnapshotFree(snapshot) }
            return virDomainSnapshotGetName(snapshot).map { String(cString: $0) } ?? ""
        }
    }

    /// Starts merging part of a disk's backing chain down into a base image; the job runs in the background
    /// (follow it with ``blockJobInfo(disk:)``).
    ///
    /// - Parameters:
    ///   - disk: The target name (`vda`) or the source path.
    ///   - base: The image to merge into; `nil` for the bottom of the chain (or, with
    ///     ``BlockCommitFlags/shallow``, the top image's backing file).
    ///   - top: The image to merge from; `nil` for the active image, which needs ``BlockCommitFlags/active``
    ///     and ends with ``abortBlockJob(disk:flags:)`` and ``BlockJobAbortFlags/pivot``.
    ///   - bandwidth: A limit in MiB/s (bytes/s with ``BlockCommitFlags/bandwidthBytes``); 0 for none.
    ///
    /// The corresponding C function is `virDomainBlockCommit`.
    public func blockCommit(
        disk: String,
        base: String? = nil,
        top: String? = nil,
        bandwidth: UInt64 = 0,
        flags: BlockCommitFlags = []
    ) async throws {
        let limit = UInt(clamping: bandwidth)
        try await call("committing disk \(disk) of domain \(name)") {
            virDomainBlockCommit($0, disk, base, top, limit, flags.rawValue)
        }
    }

    /// Starts copying a disk to a new destination, mirrored until pivoted or aborted with
    /// ``abortBlockJob(disk:flags:)``.
    ///
    /// - Parameters:
    ///   - disk: The target name (`vda`) or the source path.
    ///   - destinationXML: A `<disk>` document for the destination.
    ///   - flags: On a persistent domain QEMU needs ``BlockCopyFlags/transientJob``.
    ///
    /// The corresponding C function is `virDomainBlockCopy` (no tuning parameters).
    public func blockCopy(disk: String, destinationXML: String, flags: BlockCopyFlags = []) async throws {
        try await call("copying disk \(disk) of domain \(name)") {
            virDomainBlockCopy($0, disk, destinationXML, nil, 0, flags.rawValue)
        }
    }

    /// Reads the progress of the block job on a disk.
    ///
    /// - Returns: The job's progress, or `nil` when the disk has no job (it may have just finished).
    ///
    /// The corresponding C function is `virDomainGetBlockJobInfo`.
    public func blockJobInfo(disk: String) async throws -> BlockJobInfo? {
        let context = "reading the block job of disk \(disk) of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> BlockJobInfo? in
            var info = virDomainBlockJobInfo()
            switch virDomainGetBlockJobInfo(domain, disk, &info, 0) {
            case 0: return nil
            case 1: return BlockJobInfo(info)
            default: throw VirtError.last(context: context)
            }
        }
    }

    /// Ends the block job on a disk: cancels it, or with ``BlockJobAbortFlags/pivot`` switches the disk to the
    /// result of a ready copy or active commit.
    ///
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationInvalid`` when there is no job, or a pivot is
    ///   asked for before the job is ready.
    ///
    /// The corresponding C function is `virDomainBlockJobAbort`.
    public func abortBlockJob(disk: String, flags: BlockJobAbortFlags = []) async throws {
        try await call("ending the block job of disk \(disk) of domain \(name)") {
            virDomainBlockJobAbort($0, disk, flags.rawValue)
        }
    }
}
