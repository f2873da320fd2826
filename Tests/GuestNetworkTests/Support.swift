import ConfigDrive
import GuestNetwork
import Foundation

/// The checkout this file is in: three levels above `Tests/GuestNetworkTests/Support.swift` (a copy of
/// ConfigDriveTests' helper; test targets cannot share code).
func modelRepositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The samples of `ConfigDrive/samples/`, each one's `network_data` a golden test case for every renderer.
let sampleNames = ["minimal-dhcp", "static-vlan", "bond-binary"]

/// The `network_data` of a sample of `ConfigDrive/samples/`, decoded like the CLI does.
func sampleNetwork(_ name: String) throws -> NetworkData {
    let url = modelRepositoryRoot().appendingPathComponent("ConfigDrive/samples/\(name).json")
    let content = try ConfigDriveContent.decode(json: Array(try Data(contentsOf: url)))
    guard let network = content.network else { throw CocoaError(.fileReadCorruptFile) }
    return network
}

/// Runs a program to completion; its exit status and combined output. Nil when it is not installed.
func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String)? {
    guard let executable = findExecutable(arguments[0]) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = Array(arguments.dropFirst())
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Writes rendered files under `root` at their guest paths, with their modes.
func write(_ files: [RenderedFile], under root: URL) throws {
    for file in files {
        let url = root.appendingPathComponent(String(file.path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: url.path)
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("glint-guestnetwork-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
