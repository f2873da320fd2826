import Foundation
import Libarchive
#if canImport(Glibc)
import Glibc
#endif

/// Writes a drive's tree as ISO 9660 in-process with libarchive: Rock Ridge (the real names Linux sees), Joliet
/// (the label blkid and cloud-init see) and the volume label.
///
/// libarchive upper-cases the primary volume descriptor's id (`config-2` is stored as `CONFIG_2`) while the Joliet
/// descriptor keeps `config-2`; blkid reports the Joliet label, so Joliet must stay on. Nova's genisoimage command
/// line also relaxes the plain ISO 9660 names (`-l -allow-lowercase -allow-multidot -ldots`); libarchive 3.6 has
/// no such options (`allow-lowercase` is "Undefined option"), so the closest is level 2 (31-character names),
/// while guests see the Rock Ridge names anyway. Publisher `Glint`.
///
/// Callers run these blocking functions off the cooperative pool (``ConfigDriveBuilder`` uses the thread pool).
enum ISO9660Writer {
    /// libarchive's write options for a drive labelled `label`.
    static func options(label: String) -> String {
        [
            "iso9660:volume-id=\(label)",
            "iso9660:publisher=Glint",
            "iso9660:rockridge",
            "iso9660:joliet",
            "iso9660:iso-level=2",
            "iso9660:pad",
        ].joined(separator: ",")
    }

    /// Writes the tree to the file at `path`, replacing it.
    ///
    /// The image is built in memory and written at once: libarchive's file output writes 10 KiB blocks, and a
    /// drive is well under a megabyte.
    static func write(_ tree: DriveTree, label: String, modificationTime: Int64, to path: String) throws(ConfigDriveError) {
        let image = try bytes(tree, label: label, modificationTime: modificationTime)
        do {
            try Data(image).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ConfigDriveError(.writeFailed, "cannot write \(path): \(error)")
        }
    }

    /// The drive as bytes.
    static func bytes(_ tree: DriveTree, label: String, modificationTime: Int64) throws(ConfigDriveError) -> [UInt8] {
        do {
            let writer = try ArchiveWriter(format: .iso9660, options: options(label: label))
            try add(tree, modificationTime: modificationTime, to: writer)
            try writer.finish()
            return writer.bytes
        } catch {
            throw ConfigDriveError(.writeFailed, "cannot write the ISO 9660 drive: \(error)")
        }
    }

    private static func add(_ tree: DriveTree, modificationTime: Int64, to writer: ArchiveWriter) throws(ArchiveError) {
        for directory in tree.directories {
            try writer.addDirectory(path: directory, mode: 0o755, modificationTime: modificationTime)
        }
        for file in tree.files {
            try writer.addFile(path: file.path, contents: file.contents, mode: 0o644, modificationTime: modificationTime)
        }
    }
}
