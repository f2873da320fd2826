import Foundation
import Libarchive
import NIOPosix

/// Reads a drive back: what `glint configdrive show` prints and what the tests compare with what was written.
///
/// ISO 9660 is read in-process with libarchive, which takes Rock Ridge names (the names a Linux guest sees), and its
/// label from the volume descriptors (Joliet's first, as blkid does). vfat is read with mtools (`mcopy -s` into a
/// temporary directory): the writer already needs mtools, reading is not a hot path, and mtools' long-name handling
/// is the same that wrote the names, so an in-process FAT reader would be a second implementation to get right for
/// no gain. Its label comes from the boot sector.
public struct ConfigDriveReader {
    /// What a drive holds.
    public struct Drive: Sendable, Equatable {
        /// The kind of drive, from the filesystem and label: `config-2` → ``ConfigDriveFormat/iso9660`` or
        /// ``ConfigDriveFormat/vfat``, `cidata` → ``ConfigDriveFormat/nocloud``; `nil` for another label.
        public var format: ConfigDriveFormat?
        /// The volume label; `nil` when the filesystem has none.
        public var label: String?
        /// `iso9660` or `vfat`.
        public var filesystem: String
        /// The regular files, sorted by path.
        public var files: [ConfigDriveFile]

        public init(format: ConfigDriveFormat?, label: String?, filesystem: String, files: [ConfigDriveFile]) {
            self.format = format
            self.label = label
            self.filesystem = filesystem
            self.files = files
        }

        /// The contents of the file at `path`, if the drive holds one.
        public subscript(path: String) -> [UInt8]? {
            files.first { $0.path == path }?.contents
        }
    }

    /// Reads the drive at `path` on the thread pool.
    ///
    /// - Throws: ``ConfigDriveError/Code/readFailed`` when the file is missing or neither ISO 9660 nor FAT, or
    ///   cannot be read; ``ConfigDriveError/Code/toolFailed`` when mtools is missing for a vfat drive.
    public static func read(path: String) async throws -> Drive {
        try await NIOThreadPool.singleton.runIfActive {
            try readBlocking(path: path)
        }
    }

    /// Reads the drive at `path` on the calling thread.
    static func readBlocking(path: String) throws(ConfigDriveError) -> Drive {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigDriveError(.readFailed, "cannot open \(path)")
        }
        // Sector 0 (FAT) and the ISO 9660 volume descriptors from byte 32768 on.
        let head = (try? handle.read(upToCount: 32768 + 8 * 2048)).map { [UInt8]($0) } ?? []
        try? handle.close()
        if let label = isoLabel(head) {
            return try readISO(path: path, label: label)
        }
        if let boot = FATBootSector(Array(head.prefix(512))) {
            return try readVFAT(path: path, label: boot.label)
        }
        throw ConfigDriveError(.readFailed, "\(path) is neither an ISO 9660 nor a FAT filesystem")
    }

    /// The label of an ISO 9660 image: the Joliet volume id if there is one, else the primary one; `.some(nil)`
    /// for an image with an empty id, `nil` when `head` is not ISO 9660.
    static func isoLabel(_ head: [UInt8]) -> String?? {
        let first = 16 * 2048
        guard head.count >= first + 2048, Array(head[(first + 1)..<(first + 6)]) == Array("CD001".utf8) else {
            return nil
        }
        var primary: String?
        var joliet: String?
        var offset = first
        while offset + 2048 <= head.count, Array(head[(offset + 1)..<(offset + 6)]) == Array("CD001".utf8) {
            let type = head[offset]
            let id = Array(head[(offset + 40)..<(offset + 72)])
            if type == 1 {
                primary = String(decoding: id, as: UTF8.self)
            } else if type == 2, head[offset + 88] == 0x25, head[offset + 89] == 0x2F,
                [0x40, 0x43, 0x45].contains(head[offset + 90])
            {
                let units = stride(from: 0, to: 32, by: 2).map { UInt16(id[$0]) << 8 | UInt16(id[$0 + 1]) }
                joliet = String(decoding: units, as: UTF16.self)
            } else if type == 255 {
                break
            }
            offset += 2048
        }
        let label = (joliet ?? primary).map { String($0.reversed().drop { $0 == " " || $0 == "\0" }.reversed()) }
        return .some(label?.isEmpty == false ? label : nil)
    }

    private static func readISO(path: String, label: String?) throws(ConfigDriveError) -> Drive {
        var files: [ConfigDriveFile] = []
        do {
            let reader = try ArchiveReader(path: path)
            defer { reader.close() }
            while let entry = try reader.nextEntry() {
                guard entry.type == .regular else { continue }
                let path = entry.path.hasPrefix("./") ? String(entry.path.dropFirst(2)) : entry.path
                files.append(ConfigDriveFile(path: path, contents: try reader.readContents()))
            }
        } catch {
            throw ConfigDriveError(.readFailed, "cannot read the ISO 9660 drive \(path): \(error)")
        }
        return Drive(
            format: format(label: label, filesystem: .iso9660),
            label: label,
            filesystem: "iso9660",
            files: files.sorted { $0.path < $1.path }
        )
    }

    private static func readVFAT(path: String, label: String?) throws(ConfigDriveError) -> Drive {
        let staging = try StagingDirectory.makeTemporaryDirectory(prefix: "glint-read-")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        // `mdir` first: an empty filesystem makes `mcopy ::/*` fail with "no match".
        let listing = try ExternalTool(name: "mdir", package: "mtools").run(["-a", "-b", "-i", path, "::/"])
        if !listing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try ExternalTool.mcopy.run(["-s", "-n", "-i", path, "::/*", staging + "/"])
        }
        var files: [ConfigDriveFile] = []
        let root = URL(fileURLWithPath: staging)
        guard let walker = FileManager.default.enumerator(atPath: staging) else {
            throw ConfigDriveError(.readFailed, "cannot list the files copied out of \(path)")
        }
        while let relative = walker.nextObject() as? String {
            let url = root.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ConfigDriveError(.readFailed, "cannot read \(relative) copied out of \(path)")
            }
            files.append(ConfigDriveFile(path: relative, contents: [UInt8](data)))
        }
        return Drive(
            format: format(label: label, filesystem: .vfat),
            label: label,
            filesystem: "vfat",
            files: files.sorted { $0.path < $1.path }
        )
    }

    /// The drive's kind from its label; `filesystem` tells the two `config-2` kinds apart.
    private static func format(label: String?, filesystem: ConfigDriveFormat) -> ConfigDriveFormat? {
        switch label?.lowercased() {
        case "config-2": filesystem
        case "cidata": .nocloud
        default: nil
        }
    }
}
