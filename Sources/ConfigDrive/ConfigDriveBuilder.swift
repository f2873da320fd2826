import Foundation
import Logging
import NIOPosix

/// Builds a config drive from a ``ConfigDriveContent``: validates it, lays out the tree (Nova's `config-2` or a
/// NoCloud seed) and writes it as ISO 9660 (in-process, libarchive) or vfat (`mkfs.vfat` and `mcopy`).
///
/// ```swift
/// let builder = ConfigDriveBuilder(format: .iso9660, logger: logger)
/// try await builder.build(content, to: "/var/lib/glint/drives/vm1.iso")
/// ```
///
/// All blocking work (libarchive, the tools, `fsync`) runs on `NIOThreadPool.singleton`, never on the cooperative
/// pool. Every error is a ``ConfigDriveError``, except `CancellationError` when the task is cancelled before the
/// work starts.
public struct ConfigDriveBuilder: Sendable {
    /// The size of a vfat drive.
    public enum VFATSize: Sendable, Equatable {
        /// Nova's fixed 64 MiB.
        case nova
        /// Just enough for the content, in 64 KiB steps, at least the 64 KiB `mkfs.vfat` accepts.
        case fitted
        /// Exactly this many bytes: a multiple of 512, at least 64 KiB.
        case bytes(Int)
    }

    public var format: ConfigDriveFormat
    /// Used for ``ConfigDriveFormat/vfat`` only.
    public var vfatSize: VFATSize
    public var logger: Logger

    public init(format: ConfigDriveFormat, vfatSize: VFATSize = .nova, logger: Logger) {
        self.format = format
        self.vfatSize = vfatSize
        self.logger = logger
    }

    /// The volume label of a drive: `config-2` for both OpenStack formats, `cidata` for a NoCloud seed.
    public static func label(for format: ConfigDriveFormat) -> String {
        format == .nocloud ? "cidata" : "config-2"
    }

    /// The tree the content gives in this builder's format, after validating it.
    public func tree(for content: ConfigDriveContent) throws(ConfigDriveError) -> [ConfigDriveFile] {
        try content.validate()
        return try format == .nocloud ? content.noCloudTree() : content.openStackTree()
    }

    /// Validates the content, builds the tree and writes the drive to `path`: to a temporary file beside it first,
    /// synced, then renamed, so `path` never holds a half-written drive (and an existing file there is replaced
    /// only by a whole one).
    ///
    /// - Throws: ``ConfigDriveError``: `.invalidContent`, `.tooLarge`, `.writeFailed`, `.toolFailed`.
    public func build(_ content: ConfigDriveContent, to path: String) async throws {
        try await write(try tree(for: content), label: Self.label(for: format), to: path)
    }

    /// Validates the content and returns the drive as bytes (for the API).
    ///
    /// - Throws: ``ConfigDriveError``.
    public func build(_ content: ConfigDriveContent) async throws -> [UInt8] {
        try await bytes(try tree(for: content), label: Self.label(for: format))
    }

    /// Writes an already-built tree to `path` in this builder's format, as ``build(_:to:)`` does.
    ///
    /// - Throws: ``ConfigDriveError``; `.invalidContent` for a path that is absolute, has `..`, or is given twice.
    public func write(_ files: [ConfigDriveFile], label: String, to path: String) async throws {
        let tree = try DriveTree(files)
        let start = ContinuousClock.now
        let format = self.format
        let vfatSize = self.vfatSize
        try await NIOThreadPool.singleton.runIfActive {
            try AtomicFile.write(to: path) { temporary in
                try Self.write(tree, format: format, vfatSize: vfatSize, label: label, to: temporary)
            }
        }
        logger.debug(
            "Config drive written",
            metadata: [
                "configdrive.format": "\(format.rawValue)",
                "configdrive.path": "\(path)",
                "configdrive.files": "\(tree.files.count)",
                "configdrive.duration_ms": "\(Self.milliseconds(since: start))",
            ]
        )
    }

    /// Writes an already-built tree and returns the drive as bytes. ISO 9660 is built in memory; vfat goes through
    /// a temporary file, which is removed.
    ///
    /// - Throws: ``ConfigDriveError``.
    public func bytes(_ files: [ConfigDriveFile], label: String) async throws -> [UInt8] {
        let tree = try DriveTree(files)
        let format = self.format
        let vfatSize = self.vfatSize
        return try await NIOThreadPool.singleton.runIfActive { () throws -> [UInt8] in
            if format != .vfat {
                return try ISO9660Writer.bytes(tree, label: label, modificationTime: Self.now())
            }
            let directory = try StagingDirectory.makeTemporaryDirectory(prefix: "glint-drive-")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/drive.vfat"
            try VFATWriter.write(tree, label: label, size: vfatSize, to: path)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigDriveError(.writeFailed, "cannot read back the vfat drive \(path)")
            }
            return [UInt8](data)
        }
    }

    /// Writes the tree to `path` in `format`; blocking.
    private static func write(
        _ tree: DriveTree,
        format: ConfigDriveFormat,
        vfatSize: VFATSize,
        label: String,
        to path: String
    ) throws(ConfigDriveError) {
        switch format {
        case .iso9660, .nocloud:
            try ISO9660Writer.write(tree, label: label, modificationTime: now(), to: path)
        case .vfat:
            try VFATWriter.write(tree, label: label, size: vfatSize, to: path)
        }
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}
