import Foundation
import GuestToolkit
import ImageStore
import Launcher
import Libvirt
import Logging

/// A real store with the tiny image in it, an instance database, and a launcher whose instances live under
/// `/var/lib/libvirt/images/glint-test-*` (QEMU, running as libvirt-qemu, must reach the disks).
struct LauncherFixture {
    let dataDirectory: String
    let instancesDirectory: String
    let images: ImageService
    let launcher: Launcher
    let imageID: String

    static func make(configure: (inout Launcher.Configuration) -> Void = { _ in }) async throws -> LauncherFixture {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let dataDirectory = NSTemporaryDirectory() + "glint-launcher-\(tag)"
        let instancesDirectory = "/var/lib/libvirt/images/glint-test-\(tag)"
        let logger = Logger(label: "test.launcher")
        let images = try ImageService.openEmbedded(dataDirectory: dataDirectory, logger: logger)
        let imageID = try await upload(try tinyImage(), to: images)
        let store = try InstanceStore(path: dataDirectory + "/instances.sqlite")
        var configuration = Launcher.Configuration(instancesDirectory: instancesDirectory)
        configuration.rescueImagePath = try builtImage("rescue")
        configure(&configuration)
        let launcher = try await Launcher.open(
            configuration: configuration, images: images, store: store,
            customizer: GuestCustomizer(logger: logger), logger: logger)
        return LauncherFixture(
            dataDirectory: dataDirectory, instancesDirectory: instancesDirectory, images: images, launcher: launcher,
            imageID: imageID)
    }

    func removeDirectories() {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        try? FileManager.default.removeItem(atPath: instancesDirectory)
    }

    /// The path of the tiny guest built by `Images/build.sh`.
    static func tinyImage() throws -> String { try builtImage("tiny") }

    /// The path of an image built by `Images/build.sh` (`tiny`, `rescue`).
    static func builtImage(_ name: String) throws -> String {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("Images/build.sh").path, name]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let path = text.split(separator: "\n").last else {
            throw LauncherError(.hypervisorFailed, "Images/build.sh \(name) failed")
        }
        return String(path)
    }

    /// Creates an image and uploads `path` through the normal ingest.
    static func upload(_ path: String, to images: ImageService) async throws -> String {
        let caller = Caller.localAdmin
        let image = try await images.create(
            ["name": .string("tiny"), "disk_format": .string("qcow2"), "container_format": .string("bare")], caller: caller)
        _ = try await images.upload(id: image.id, fileAt: path, caller: caller)
        return image.id
    }

    /// A file of the running guest, read through the QEMU guest agent (`guest-file-open/read/close`).
    func readGuestFile(_ instanceID: String, _ path: String) async throws -> String {
        let caller = Caller.localAdmin
        let opened = try await launcher.agentCommand(
            id: instanceID, #"{"execute":"guest-file-open","arguments":{"path":"\#(path)","mode":"r"}}"#, caller: caller)
        let handle = try JSONDecoder().decode([String: Int].self, from: Data(opened.utf8))["return"] ?? -1
        defer {
            Task { _ = try? await launcher.agentCommand(id: instanceID, #"{"execute":"guest-file-close","arguments":{"handle":\#(handle)}}"#, caller: caller) }
        }
        let read = try await launcher.agentCommand(
            id: instanceID, #"{"execute":"guest-file-read","arguments":{"handle":\#(handle),"count":65536}}"#, caller: caller)
        struct Reply: Decodable {
            struct Content: Decodable { var bufB64: String; enum CodingKeys: String, CodingKey { case bufB64 = "buf-b64" } }
            var `return`: Content
        }
        let reply = try JSONDecoder().decode(Reply.self, from: Data(read.utf8))
        return String(decoding: Data(base64Encoded: reply.return.bufB64) ?? Data(), as: UTF8.self)
    }

    /// Writes `text` to a file of the running guest through the agent (`guest-file-open/write/close`).
    func writeGuestFile(_ instanceID: String, _ path: String, _ text: String) async throws {
        let caller = Caller.localAdmin
        let opened = try await launcher.agentCommand(
            id: instanceID, #"{"execute":"guest-file-open","arguments":{"path":"\#(path)","mode":"w"}}"#, caller: caller)
        let handle = try JSONDecoder().decode([String: Int].self, from: Data(opened.utf8))["return"] ?? -1
        let content = Data(text.utf8).base64EncodedString()
        _ = try await launcher.agentCommand(
            id: instanceID, #"{"execute":"guest-file-write","arguments":{"handle":\#(handle),"buf-b64":"\#(content)"}}"#, caller: caller)
        _ = try await launcher.agentCommand(
            id: instanceID, #"{"execute":"guest-file-close","arguments":{"handle":\#(handle)}}"#, caller: caller)
    }

    /// `qemu-img info -U`: a disk's virtual size and whether it has a backing file, even while QEMU holds it.
    static func diskInfo(_ path: String) throws -> (virtualSize: Int64, backing: String?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
        process.arguments = ["info", "-U", "--output=json", "-f", "qcow2", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let info = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return ((info?["virtual-size"] as? NSNumber)?.int64Value ?? -1, info?["backing-filename"] as? String)
    }

    /// Runs `qemu-img check` on a qcow2 file; true when it reports no errors.
    static func qemuImgCheck(_ path: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
        process.arguments = ["check", "-f", "qcow2", path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Deletes every instance, closes the launcher and removes the directories: run whether or not checks failed.
    func cleanUp() async {
        for instance in (try? await launcher.instances(caller: .localAdmin)) ?? [] {
            try? await launcher.delete(id: instance.id, caller: .localAdmin)
        }
        try? await launcher.close()
        removeDirectories()
    }

    func domainExists(_ name: String) async throws -> Bool {
        let connection = try await LibvirtConnection.open(uri: "qemu:///system")
        defer { Task { try? await connection.close() } }
        return try await connection.listAllDomains().contains { $0.name == name }
    }
}
