import Foundation
import Libarchive
import Testing

@Suite("Libarchive wrapper")
struct LibarchiveTests {
    static let metaData = Array(#"{"uuid": "0f8e6d1c", "hostname": "vm1"}"#.utf8)
    static let userData = Array("#cloud-config\npassword: secret\n".utf8)

    /// Adds a small config-drive layout.
    static func addConfigDrive(_ writer: ArchiveWriter) throws {
        try writer.addDirectory(path: "openstack")
        try writer.addDirectory(path: "openstack/latest")
        try writer.addFile(path: "openstack/latest/meta_data.json", contents: metaData)
        try writer.addFile(path: "openstack/latest/user_data", contents: userData, mode: 0o600)
    }

    @Test("an empty archive round-trips with no entries", arguments: [ArchiveFormat.tarUstar, .tarPax, .iso9660])
    func emptyArchive(format: ArchiveFormat) throws {
        let writer = try ArchiveWriter(format: format)
        try writer.finish()
        #expect(!writer.bytes.isEmpty)
        let entries = try ArchiveReader(bytes: writer.bytes).readAllEntries()
        // An ISO 9660 image always has a root directory; the reader may list it as ".".
        #expect(entries.filter { $0.entry.type != .directory }.isEmpty)
    }

    @Test("an ISO 9660 config drive round-trips in memory")
    func isoInMemory() async throws {
        let iso = try await ArchiveWriter.inMemory(
            format: .iso9660,
            options: "iso9660:volume-id=config-2,iso9660:rockridge"
        ) { writer in
            try Self.addConfigDrive(writer)
        }
        // Primary volume descriptor at sector 16: "CD001", volume id at offset 40 (stored upper-cased).
        #expect(iso.count > 16 * 2048 + 80)
        #expect(Array(iso[(16 * 2048 + 1)..<(16 * 2048 + 6)]) == Array("CD001".utf8))
        #expect(String(decoding: iso[(16 * 2048 + 40)..<(16 * 2048 + 48)], as: UTF8.self) == "CONFIG_2")

        let entries = try ArchiveReader(bytes: iso).readAllEntries()
        let files = Dictionary(uniqueKeysWithValues: entries.map { ($0.entry.path, $0) })
        let meta = try #require(files["openstack/latest/meta_data.json"])
        #expect(meta.entry.type == .regular)
        #expect(meta.entry.size == Self.metaData.count)
        #expect(meta.contents == Self.metaData)
        let user = try #require(files["openstack/latest/user_data"])
        #expect(user.contents == Self.userData)
        // Rock Ridge's default "useful" mode makes every file world-readable and drops write bits.
        #expect(user.entry.mode == 0o444)
        #expect(files["openstack/latest"]?.entry.type == .directory)
    }

    @Test("an ISO 9660 image round-trips through a file on the thread pool")
    func isoFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glint-\(UUID().uuidString).iso").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await ArchiveWriter.withFile(path: path, format: .iso9660, options: "iso9660:rockridge=strict") { writer in
            try Self.addConfigDrive(writer)
        }
        let modes = try await ArchiveReader.withFile(path: path) { reader in
            var modes: [String: UInt32] = [:]
            while let entry = try reader.nextEntry() {
                modes[entry.path] = entry.mode
            }
            return modes
        }
        // Strict Rock Ridge keeps the modes as written.
        #expect(modes["openstack/latest/meta_data.json"] == 0o644)
        #expect(modes["openstack/latest/user_data"] == 0o600)
        #expect(modes["openstack/latest"] == 0o755)
    }

    @Test("files round-trip through other formats", arguments: [ArchiveFormat.zip, .tarUstar, .tarPax])
    func otherFormats(format: ArchiveFormat) throws {
        let writer = try ArchiveWriter(format: format)
        try Self.addConfigDrive(writer)
        try writer.finish()
        let entries = try ArchiveReader(bytes: writer.bytes).readAllEntries()
        #expect(entries.map(\.entry.path).contains("openstack/latest/user_data"))
        #expect(entries.first { $0.entry.path == "openstack/latest/meta_data.json" }?.contents == Self.metaData)
    }

    @Test("an unknown option fails with libarchive's message")
    func unknownOption() throws {
        let error = try #require(throws: ArchiveError.self) {
            try ArchiveWriter(format: .iso9660, options: "iso9660:allow-pvd-lowercase")
        }
        #expect(error.code == .failed)
        #expect(error.message.contains("allow-pvd-lowercase"))
    }

    @Test("a finished writer refuses more entries")
    func finishedWriter() throws {
        let writer = try ArchiveWriter(format: .tarUstar)
        try writer.finish()
        try writer.finish()
        let error = try #require(throws: ArchiveError.self) {
            try writer.addFile(path: "late", contents: [1])
        }
        #expect(error.code == .closed)
    }

    @Test("bytes that are no archive fail to open")
    func garbage() throws {
        let error = try #require(throws: ArchiveError.self) {
            let reader = try ArchiveReader(bytes: Array("not an archive at all".utf8))
            _ = try reader.nextEntry()
        }
        #expect(error.code == .fatal)
        #expect(!error.message.isEmpty)
    }
}
