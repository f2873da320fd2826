import Foundation

/// Writes a drive's tree as vfat the way Nova does (`mkfs.vfat -n config-2` on a 64 MiB file, then copy the tree
/// in), without mounting: `mkfs.vfat` (dosfstools) formats, `mcopy -s` (mtools) copies the whole tree in one call.
///
/// Before copying, the writer reads the new filesystem's geometry from its boot sector and counts the clusters the
/// tree needs (files, directories with a long-name entry for every name), so content that does not fit fails with
/// ``ConfigDriveError/Code/tooLarge`` naming both sizes rather than with half a drive. Blocking: callers run it off
/// the cooperative pool.
enum VFATWriter {
    /// Nova's size, `CONFIGDRIVESIZE_BYTES`.
    static let novaSize = 64 * 1024 * 1024
    /// The smallest file `mkfs.vfat` formats (it refuses 32 KiB).
    static let minimumSize = 64 * 1024
    /// Fitted sizes are multiples of this.
    static let fittedGranularity = 64 * 1024

    /// Writes the tree to a new vfat filesystem in the file at `path`, replacing it.
    static func write(
        _ tree: DriveTree,
        label: String,
        size: ConfigDriveBuilder.VFATSize,
        to path: String
    ) throws(ConfigDriveError) {
        let staging = try StagingDirectory(tree)
        defer { staging.remove() }
        switch size {
        case .nova:
            try format(path, size: novaSize, label: label, for: tree, growing: false)
        case .bytes(let bytes):
            guard bytes >= minimumSize, bytes % 512 == 0 else {
                throw ConfigDriveError(
                    .invalidContent,
                    "vfat size \(bytes) bytes is not a multiple of 512 of at least \(minimumSize) bytes"
                )
            }
            try format(path, size: bytes, label: label, for: tree, growing: false)
        case .fitted:
            var bytes = fittedEstimate(tree)
            while try !format(path, size: bytes, label: label, for: tree, growing: true) {
                bytes = roundUp(bytes + bytes / 4, to: fittedGranularity)
            }
        }
        let entries = staging.topLevelEntries
        if !entries.isEmpty {
            do {
                try ExternalTool.mcopy.run(["-s", "-Q", "-i", path] + entries + ["::/"])
            } catch {
                if error.message.localizedCaseInsensitiveContains("disk full") {
                    throw ConfigDriveError(
                        .tooLarge,
                        "the content (\(tree.contentBytes) bytes in \(tree.files.count) files) does not fit a vfat of \(fileSize(path)) bytes"
                    )
                }
                throw error
            }
        }
    }

    /// Formats `path` as a `size`-byte vfat and checks the tree fits. Returns false when it does not and `growing`
    /// (the caller tries a larger size); throws ``ConfigDriveError/Code/tooLarge`` when it does not otherwise.
    @discardableResult
    private static func format(
        _ path: String,
        size: Int,
        label: String,
        for tree: DriveTree,
        growing: Bool
    ) throws(ConfigDriveError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ConfigDriveError(.writeFailed, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let truncated = ftruncate(descriptor, off_t(size))
        let truncateErrno = errno
        close(descriptor)
        guard truncated == 0 else {
            throw ConfigDriveError(.writeFailed, "cannot size \(path) to \(size) bytes: \(String(cString: strerror(truncateErrno)))")
        }
        try ExternalTool.mkfsVFAT.run(["-n", label, path])
        guard let boot = readBootSector(path) else {
            throw ConfigDriveError(.toolFailed, "mkfs.vfat left no FAT boot sector in \(path)")
        }
        let needed = clustersNeeded(tree, clusterSize: boot.clusterSize, fixedRoot: boot.rootEntries > 0)
        let rootSlots = directorySlots(names: rootNames(tree), dotEntries: false)
        if needed <= boot.freeClusters, boot.rootEntries == 0 || rootSlots <= boot.rootEntries {
            return true
        }
        if growing {
            return false
        }
        throw ConfigDriveError(
            .tooLarge,
            "the content needs \(needed * boot.clusterSize) bytes (\(needed) clusters of \(boot.clusterSize) bytes for \(tree.contentBytes) bytes in \(tree.files.count) files) but a vfat of \(size) bytes holds \(boot.freeClusters * boot.clusterSize)"
        )
    }

    /// A first guess for a fitted size: content and directories in 2 KiB clusters plus the FAT, rounded up.
    static func fittedEstimate(_ tree: DriveTree) -> Int {
        let clusters = clustersNeeded(tree, clusterSize: 2048, fixedRoot: true)
        let data = clusters * 2048
        // Boot sector, two FATs (1.5 bytes a cluster at worst 4), a 512-slot root directory, and some slack.
        let overhead = 512 + 2 * clusters * 4 + 512 * 32 + 8 * 1024
        return max(minimumSize, roundUp(data + overhead, to: fittedGranularity))
    }

    /// Clusters the tree takes: every file's clusters plus every subdirectory's (the root too on FAT32).
    static func clustersNeeded(_ tree: DriveTree, clusterSize: Int, fixedRoot: Bool) -> Int {
        var clusters = tree.files.reduce(0) { $0 + ($1.contents.count + clusterSize - 1) / clusterSize }
        var children: [String: [String]] = [:]
        for path in tree.directories + tree.files.map(\.path) {
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            children[parent, default: []].append(String(path.split(separator: "/").last ?? ""))
        }
        for directory in tree.directories {
            let slots = directorySlots(names: children[directory] ?? [], dotEntries: true)
            clusters += max(1, (slots * 32 + clusterSize - 1) / clusterSize)
        }
        if !fixedRoot {
            let slots = directorySlots(names: children[""] ?? [], dotEntries: false)
            clusters += max(0, (slots * 32 + clusterSize - 1) / clusterSize - 1)
        }
        return clusters
    }

    /// The names directly in the root directory.
    private static func rootNames(_ tree: DriveTree) -> [String] {
        (tree.directories + tree.files.map(\.path)).filter { !$0.contains("/") }
    }

    /// Directory slots for `names`: a short entry and, counted for every name to be safe, its long-name entries.
    private static func directorySlots(names: [String], dotEntries: Bool) -> Int {
        names.reduce(dotEntries ? 2 : 0) { $0 + 1 + ($1.utf16.count + 12) / 13 }
    }

    static func readBootSector(_ path: String) -> FATBootSector? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 512) else { return nil }
        return FATBootSector(Array(data))
    }

    private static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    private static func roundUp(_ value: Int, to multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}

/// The tree written out to a temporary directory, for `mcopy -s` to copy in one call.
struct StagingDirectory {
    let path: String
    /// The absolute paths of the root's entries, the arguments `mcopy -s` copies.
    let topLevelEntries: [String]

    init(_ tree: DriveTree) throws(ConfigDriveError) {
        let path = try Self.makeTemporaryDirectory(prefix: "glint-vfat-")
        self.path = path
        let manager = FileManager.default
        do {
            for directory in tree.directories {
                try manager.createDirectory(atPath: path + "/" + directory, withIntermediateDirectories: true)
            }
            for file in tree.files {
                try Data(file.contents).write(to: URL(fileURLWithPath: path + "/" + file.path))
            }
        } catch {
            try? manager.removeItem(atPath: path)
            throw ConfigDriveError(.writeFailed, "cannot stage the drive's tree in \(path): \(error)")
        }
        let roots = Set((tree.directories + tree.files.map(\.path)).map { String($0.split(separator: "/")[0]) })
        self.topLevelEntries = roots.sorted().map { path + "/" + $0 }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A new private (0700) directory under the temporary directory (`TMPDIR`, else `/tmp`).
    static func makeTemporaryDirectory(prefix: String) throws(ConfigDriveError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let path = base + "/" + prefix + UUID().uuidString.lowercased()
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw ConfigDriveError(.writeFailed, "cannot create a temporary directory in \(base): \(error)")
        }
        return path
    }
}
