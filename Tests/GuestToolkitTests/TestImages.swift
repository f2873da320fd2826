import Foundation
import Testing

/// The guest images of `Images/`, built (or found in the cache) by `Images/build.sh`, and scratch copies of them.
enum TestImages {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The cached image's path; builds it first when the recipe changed. Never modify it: copy it.
    static func path(_ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository.appendingPathComponent("Images/build.sh").path, name]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let path = text.split(separator: "\n").last else {
            throw TestImageError(message: "Images/build.sh \(name) failed with status \(process.terminationStatus)")
        }
        return String(path)
    }

    /// A private copy of a cached image in `directory`, to customize.
    static func copy(_ name: String, into directory: URL) throws -> String {
        let destination = directory.appendingPathComponent("\(name).qcow2")
        try FileManager.default.copyItem(atPath: try path(name), toPath: destination.path)
        return destination.path
    }

    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glint-guest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The SHA-256 of a file, to prove an image was left as it was.
    static func digest(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}

struct TestImageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
