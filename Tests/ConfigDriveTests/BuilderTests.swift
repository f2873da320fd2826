import ConfigDrive
import Foundation
import Logging
import Testing

/// The samples in the top-level `ConfigDrive/samples/`.
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ConfigDrive/samples")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func content(_ name: String) throws -> ConfigDriveContent {
        let json = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        return try ConfigDriveContent.decode(json: [UInt8](json))
    }
}

@Suite("Config drive builder")
struct BuilderTests {
    let logger = Logger(label: "test")

    @Test("every sample builds in every format and reads back as its tree", arguments: ConfigDriveFormat.allCases)
    func samples(format: ConfigDriveFormat) async throws {
        #expect(!Samples.names.isEmpty)
        let scratch = try Scratch()
        let builder = ConfigDriveBuilder(format: format, vfatSize: .fitted, logger: logger)
        for name in Samples.names {
            let content = try Samples.content(name)
            let path = scratch.file(name)
            try await builder.build(content, to: path)
            let drive = try await ConfigDriveReader.read(path: path)
            #expect(drive.format == format, "\(name)")
            #expect(drive.label == ConfigDriveBuilder.label(for: format))
            #expect(drive.files == SampleTree.sorted(try builder.tree(for: content)), "\(name)")
            let blkid = try DriveTool.blkid(path)
            #expect(blkid["LABEL"] == ConfigDriveBuilder.label(for: format))
            #expect(blkid["TYPE"] == (format == .vfat ? "vfat" : "iso9660"))
        }
        // Nothing but the drives: no temporary file left beside them.
        #expect(try scratch.names() == Samples.names)
    }

    @Test("build to bytes gives the same drive as build to a file", arguments: [ConfigDriveFormat.iso9660, .nocloud])
    func bytes(format: ConfigDriveFormat) async throws {
        let scratch = try Scratch()
        let content = try Samples.content("static-vlan")
        let builder = ConfigDriveBuilder(format: format, logger: logger)
        let image = try await builder.build(content)
        try Data(image).write(to: URL(fileURLWithPath: scratch.file("d")))
        let drive = try await ConfigDriveReader.read(path: scratch.file("d"))
        #expect(drive.files == SampleTree.sorted(try builder.tree(for: content)))
    }

    @Test("a drive replaces an existing file only when whole")
    func replaces() async throws {
        let scratch = try Scratch()
        let path = scratch.file("d")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        // A failing build (content over the vfat size) leaves the old file as it was.
        let tooBig = [ConfigDriveFile(path: "x", contents: .init(repeating: 0, count: 100_000))]
        await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .vfat, vfatSize: .bytes(65536), logger: logger).write(tooBig, label: "config-2", to: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
        #expect(try scratch.names() == ["d"])
        try await ConfigDriveBuilder(format: .iso9660, logger: logger).write(SampleTree.files, label: "config-2", to: path)
        #expect(try await ConfigDriveReader.read(path: path).files.count == SampleTree.files.count)
        #expect(try scratch.names() == ["d"])
    }

    @Test("invalid content is invalidContent before anything is written")
    func invalid() async throws {
        let scratch = try Scratch()
        var content = try Samples.content("static-vlan")
        content.userData = [UInt8](repeating: 0x41, count: ConfigDriveContent.maxUserDataSize + 1)
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .iso9660, logger: logger).build(content, to: scratch.file("d"))
        }
        #expect(error?.code == .tooLarge || error?.code == .invalidContent)
        #expect(try scratch.names().isEmpty)
    }

    @Test("a missing output directory is writeFailed")
    func missingDirectory() async throws {
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .iso9660, logger: logger)
                .write(SampleTree.files, label: "config-2", to: "/nonexistent-glint-dir/d.iso")
        }
        #expect(error?.code == .writeFailed)
    }
}

/// Writes the drives `Tests/cloudinit/` feeds to cloud-init: for each sample, `<name>.iso` (config-2 ISO 9660),
/// `<name>.vfat` (config-2 vfat, Nova's 64 MiB) and `<name>.nocloud.iso` (cidata), into `$GLINT_DRIVES_DIR`.
/// Does nothing unless that variable is set (`Tests/cloudinit/run.sh` sets it).
@Suite("cloud-init fixtures")
struct CloudInitFixturesTests {
    static let directory = ProcessInfo.processInfo.environment["GLINT_DRIVES_DIR"]

    @Test("write every sample's drives for the cloud-init suite", .enabled(if: directory != nil))
    func writeDrives() async throws {
        let directory = try #require(Self.directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logger = Logger(label: "test")
        for name in Samples.names {
            let content = try Samples.content(name)
            try await ConfigDriveBuilder(format: .iso9660, logger: logger).build(content, to: "\(directory)/\(name).iso")
            try await ConfigDriveBuilder(format: .vfat, logger: logger).build(content, to: "\(directory)/\(name).vfat")
            try await ConfigDriveBuilder(format: .nocloud, logger: logger).build(content, to: "\(directory)/\(name).nocloud.iso")
        }
    }
}
