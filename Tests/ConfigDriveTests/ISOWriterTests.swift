import ConfigDrive
import Foundation
import Libarchive
import Logging
import Testing

@Suite("ISO 9660 writer")
struct ISOWriterTests {
    let logger = Logger(label: "test")

    @Test("blkid sees label config-2 and type iso9660; isoinfo sees Joliet and Rock Ridge")
    func label() async throws {
        let scratch = try Scratch()
        let path = scratch.file("config.iso")
        try await ConfigDriveBuilder(format: .iso9660, logger: logger).write(SampleTree.files, label: "config-2", to: path)
        let blkid = try DriveTool.blkid(path)
        #expect(blkid["LABEL"] == "config-2")
        #expect(blkid["TYPE"] == "iso9660")
        let info = try DriveTool.run("isoinfo", ["-d", "-i", path])
        #expect(info.contains("Volume id: CONFIG_2"))
        #expect(info.contains("Joliet with UCS level"))
        #expect(info.contains("Rock Ridge signatures"))
        #expect(info.contains("Publisher id: GLINT"))
    }

    @Test("a NoCloud seed is labelled cidata")
    func noCloudLabel() async throws {
        let scratch = try Scratch()
        let path = scratch.file("seed.iso")
        try await ConfigDriveBuilder(format: .nocloud, logger: logger).write(SampleTree.noCloud, label: "cidata", to: path)
        let blkid = try DriveTool.blkid(path)
        #expect(blkid["LABEL"] == "cidata")
        #expect(blkid["TYPE"] == "iso9660")
    }

    @Test("isoinfo -R and xorriso list the Rock Ridge names")
    func rockRidgeNames() async throws {
        let scratch = try Scratch()
        let path = scratch.file("config.iso")
        try await ConfigDriveBuilder(format: .iso9660, logger: logger).write(SampleTree.files, label: "config-2", to: path)
        let isoinfo = Set(try DriveTool.run("isoinfo", ["-R", "-f", "-i", path]).split(separator: "\n").map(String.init))
        let xorriso = Set(
            try DriveTool.run("xorriso", ["-indev", path, "-find", "/", "-type", "f"])
                .split(separator: "\n").filter { $0.hasPrefix("'/") }.map { String($0.dropFirst().dropLast()) }
        )
        let expected = Set(SampleTree.files.map { "/" + $0.path })
        #expect(isoinfo.isSuperset(of: expected))
        #expect(isoinfo.contains("/openstack/latest"))
        #expect(xorriso == expected)
        // The long listing shows Rock Ridge modes: world-readable files.
        let long = try DriveTool.run("isoinfo", ["-R", "-l", "-i", path])
        #expect(long.contains("meta_data.json"))
        #expect(long.contains("-r--r--r--"))
    }

    @Test("libarchive reads back every file byte for byte")
    func readBack() async throws {
        let scratch = try Scratch()
        let path = scratch.file("config.iso")
        try await ConfigDriveBuilder(format: .iso9660, logger: logger).write(SampleTree.files, label: "config-2", to: path)
        let entries = try await ArchiveReader.withFile(path: path) { try $0.readAllEntries() }
        let files = entries.filter { $0.entry.type == .regular }.map { ConfigDriveFile(path: $0.entry.path, contents: $0.contents) }
        #expect(SampleTree.sorted(files) == SampleTree.sorted(SampleTree.files))
    }

    @Test("the bytes API gives the same tree as the file")
    func bytes() async throws {
        let scratch = try Scratch()
        let image = try await ConfigDriveBuilder(format: .iso9660, logger: logger).bytes(SampleTree.files, label: "config-2")
        #expect(image.count % 2048 == 0)
        try Data(image).write(to: URL(fileURLWithPath: scratch.file("b.iso")))
        #expect(try DriveTool.blkid(scratch.file("b.iso"))["LABEL"] == "config-2")
        let drive = try await ConfigDriveReader.read(path: scratch.file("b.iso"))
        #expect(drive.files == SampleTree.sorted(SampleTree.files))
    }

    @Test("bad tree paths are invalidContent and leave nothing at the path", arguments: [
        "/etc/passwd", "openstack/../x", "", "a//b", "openstack/latest", "./a",
    ])
    func badPaths(path: String) async throws {
        let scratch = try Scratch()
        let files = [ConfigDriveFile(path: "openstack/latest/meta_data.json", text: "{}"), ConfigDriveFile(path: path, text: "x")]
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .iso9660, logger: logger).write(files, label: "config-2", to: scratch.file("d"))
        }
        #expect(error?.code == .invalidContent)
        #expect(try scratch.names().isEmpty)
    }
}
