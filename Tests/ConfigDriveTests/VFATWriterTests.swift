import ConfigDrive
import Foundation
import Logging
import Testing

@Suite("vfat writer")
struct VFATWriterTests {
    let logger = Logger(label: "test")

    func size(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    @Test("Nova's size: 64 MiB, blkid label config-2 and type vfat, mdir lists the long names")
    func nova() async throws {
        let scratch = try Scratch()
        let path = scratch.file("config.vfat")
        try await ConfigDriveBuilder(format: .vfat, logger: logger).write(SampleTree.files, label: "config-2", to: path)
        #expect(try size(path) == 64 * 1024 * 1024)
        let blkid = try DriveTool.blkid(path)
        #expect(blkid["LABEL"] == "config-2")
        #expect(blkid["TYPE"] == "vfat")
        let listing = try DriveTool.run("mdir", ["-/", "-i", path, "::/"])
        for name in ["openstack", "2012-08-10", "meta_data.json", "vendor_data.json", "user_data", "0000", "meta-data.json"] {
            #expect(listing.contains(name), "mdir listing lacks \(name)")
        }
        let file = try DriveTool.run("mdir", ["-b", "-i", path, "::/openstack/content"])
        #expect(file.contains("::/openstack/content/0000"))
    }

    @Test("a fitted drive is small, a multiple of 64 KiB, and holds everything")
    func fitted() async throws {
        let scratch = try Scratch()
        let path = scratch.file("config.vfat")
        let big = SampleTree.files + [ConfigDriveFile(path: "openstack/content/0002", contents: .init(repeating: 1, count: 300_000))]
        try await ConfigDriveBuilder(format: .vfat, vfatSize: .fitted, logger: logger).write(big, label: "config-2", to: path)
        let bytes = try size(path)
        #expect(bytes % 65536 == 0)
        #expect(bytes >= 300_000 && bytes <= 1024 * 1024)
        #expect(try DriveTool.blkid(path)["LABEL"] == "config-2")
        let drive = try await ConfigDriveReader.read(path: path)
        #expect(drive.files == SampleTree.sorted(big))
    }

    @Test("a fitted drive of tiny content is the 64 KiB mkfs.vfat minimum")
    func minimum() async throws {
        let scratch = try Scratch()
        let path = scratch.file("d")
        try await ConfigDriveBuilder(format: .vfat, vfatSize: .fitted, logger: logger).write(SampleTree.noCloud, label: "cidata", to: path)
        #expect(try size(path) == 65536)
        #expect(try DriveTool.blkid(path)["LABEL"] == "cidata")
    }

    @Test("content over the chosen size is tooLarge, names the sizes, and leaves nothing at the path")
    func tooLarge() async throws {
        let scratch = try Scratch()
        let files = [ConfigDriveFile(path: "openstack/content/0000", contents: .init(repeating: 0, count: 200_000))]
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .vfat, vfatSize: .bytes(128 * 1024), logger: logger)
                .write(files, label: "config-2", to: scratch.file("d"))
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("131072") == true)
        #expect(error?.message.contains("200000") == true)
        #expect(try scratch.names().isEmpty)
    }

    @Test("more than Nova's 64 MiB is tooLarge")
    func overNova() async throws {
        let scratch = try Scratch()
        let files = [ConfigDriveFile(path: "big", contents: .init(repeating: 0, count: 65 * 1024 * 1024))]
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .vfat, logger: logger).write(files, label: "config-2", to: scratch.file("d"))
        }
        #expect(error?.code == .tooLarge)
        #expect(try scratch.names().isEmpty)
    }

    @Test("a size below 64 KiB or not a multiple of 512 is invalid", arguments: [32 * 1024, 100_000])
    func badSize(bytes: Int) async throws {
        let scratch = try Scratch()
        let error = await #expect(throws: ConfigDriveError.self) {
            try await ConfigDriveBuilder(format: .vfat, vfatSize: .bytes(bytes), logger: logger)
                .write(SampleTree.noCloud, label: "cidata", to: scratch.file("d"))
        }
        #expect(error?.code == .invalidContent)
    }

    @Test("the bytes API returns the whole filesystem")
    func bytes() async throws {
        let image = try await ConfigDriveBuilder(format: .vfat, vfatSize: .fitted, logger: logger).bytes(SampleTree.files, label: "config-2")
        #expect(image.count == 65536 || image.count % 65536 == 0)
        #expect(image[510] == 0x55 && image[511] == 0xAA)
    }
}
