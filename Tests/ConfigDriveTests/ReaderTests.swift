import ConfigDrive
import Foundation
import Libarchive
import Logging
import Testing

/// The outside tools the drive tests check with. A missing one fails the test with the package to install.
enum DriveTool {
    /// Packages: blkid util-linux, isoinfo genisoimage, xorriso xorriso, mdir/mcopy mtools, mkfs.vfat dosfstools.
    static let packages = [
        "blkid": "util-linux", "isoinfo": "genisoimage", "xorriso": "xorriso", "mdir": "mtools", "mcopy": "mtools",
        "mkfs.vfat": "dosfstools",
    ]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `name` with `arguments` and returns stdout and stderr together; throws when it is missing or fails.
    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> String {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        guard let path = directories.map({ $0 + "/" + name }).first(where: { access($0, X_OK) == 0 }) else {
            throw Failure(description: "\(name) is not installed: apt-get install \(packages[name] ?? name)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MTOOLS_SKIP_CHECK"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments) exited \(process.terminationStatus): \(output)")
        }
        return output
    }

    /// `blkid -o export` as a dictionary (`LABEL`, `TYPE` …). `-p` probes the file itself, not blkid's cache.
    static func blkid(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try run("blkid", ["-p", "-o", "export", path]).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }
}

/// A scratch directory removed at the end of a test.
struct Scratch: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("glint-cd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Every name in the directory (to check no temporary file is left).
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A small OpenStack tree made by hand, with the shapes the real tree has: nested versions, an injected file with
/// binary content, an empty file, names that are not 8.3.
enum SampleTree {
    static let binary = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    static let files: [ConfigDriveFile] = [
        ConfigDriveFile(path: "openstack/latest/meta_data.json", text: #"{"uuid":"u-1","hostname":"vm1"}"#),
        ConfigDriveFile(path: "openstack/2012-08-10/meta_data.json", text: #"{"uuid":"u-1"}"#),
        ConfigDriveFile(path: "openstack/latest/user_data", contents: [0xFF, 0xFE, 0x00, 0x41]),
        ConfigDriveFile(path: "openstack/latest/vendor_data.json", text: "{}"),
        ConfigDriveFile(path: "openstack/content/0000", contents: binary),
        ConfigDriveFile(path: "openstack/content/0001", contents: []),
        ConfigDriveFile(path: "ec2/latest/meta-data.json", text: #"{"instance-id":"u-1"}"#),
    ]
    static let noCloud: [ConfigDriveFile] = [
        ConfigDriveFile(path: "meta-data", text: "instance-id: u-1\nlocal-hostname: vm1\n"),
        ConfigDriveFile(path: "user-data", text: "#cloud-config\n"),
        ConfigDriveFile(path: "network-config", text: "version: 2\n"),
        ConfigDriveFile(path: "vendor-data", text: ""),
    ]

    static func sorted(_ files: [ConfigDriveFile]) -> [ConfigDriveFile] { files.sorted { $0.path < $1.path } }
}

@Suite("Reading drives back")
struct ReaderTests {
    let logger = Logger(label: "test")

    @Test("an ISO drive reads back with its Joliet label, format and every file", arguments: [
        (ConfigDriveFormat.iso9660, "config-2"), (.nocloud, "cidata"),
    ])
    func iso(format: ConfigDriveFormat, label: String) async throws {
        let scratch = try Scratch()
        let files = format == .nocloud ? SampleTree.noCloud : SampleTree.files
        try await ConfigDriveBuilder(format: format, logger: logger).write(files, label: label, to: scratch.file("d"))
        let drive = try await ConfigDriveReader.read(path: scratch.file("d"))
        #expect(drive.filesystem == "iso9660")
        #expect(drive.label == label)
        #expect(drive.format == format)
        #expect(drive.files == SampleTree.sorted(files))
    }

    @Test("a vfat drive reads back through mtools")
    func vfat() async throws {
        let scratch = try Scratch()
        try await ConfigDriveBuilder(format: .vfat, vfatSize: .fitted, logger: logger)
            .write(SampleTree.files, label: "config-2", to: scratch.file("d"))
        let drive = try await ConfigDriveReader.read(path: scratch.file("d"))
        #expect(drive.filesystem == "vfat")
        #expect(drive.label == "config-2")
        #expect(drive.format == .vfat)
        #expect(drive.files == SampleTree.sorted(SampleTree.files))
    }

    @Test("an empty vfat drive reads back with no files")
    func emptyVFAT() async throws {
        let scratch = try Scratch()
        try await ConfigDriveBuilder(format: .vfat, vfatSize: .fitted, logger: logger)
            .write([], label: "config-2", to: scratch.file("d"))
        let drive = try await ConfigDriveReader.read(path: scratch.file("d"))
        #expect(drive.files.isEmpty)
        #expect(drive.format == .vfat)
    }

    @Test("an ISO without Joliet shows libarchive's upper-cased primary label and no format")
    func withoutJoliet() async throws {
        let scratch = try Scratch()
        try await ArchiveWriter.withFile(
            path: scratch.file("d"),
            format: .iso9660,
            options: "iso9660:volume-id=config-2,iso9660:!joliet"
        ) { writer in
            try writer.addFile(path: "a", contents: [1])
        }
        let drive = try await ConfigDriveReader.read(path: scratch.file("d"))
        #expect(drive.label == "CONFIG_2")
        #expect(drive.format == nil)
        #expect(drive.files == [ConfigDriveFile(path: "a", contents: [1])])
    }

    @Test("a file that is no drive, and a missing file, fail with readFailed")
    func notADrive() async throws {
        let scratch = try Scratch()
        try Data(repeating: 7, count: 70_000).write(to: URL(fileURLWithPath: scratch.file("junk")))
        for path in [scratch.file("junk"), scratch.file("missing")] {
            let error = await #expect(throws: ConfigDriveError.self) { try await ConfigDriveReader.read(path: path) }
            #expect(error?.code == .readFailed)
        }
    }
}
