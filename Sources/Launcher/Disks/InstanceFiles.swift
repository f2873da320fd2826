import Foundation

/// The files of one instance in `<instances>/<uuid>/`: the root disk (a qcow2 overlay on the cached base), the
/// config drive, the console log, and what rescue and resize keep aside.
public struct InstanceFiles: Sendable {
    public let directory: String

    public init(instancesDirectory: String, instanceID: String) {
        directory = instancesDirectory + "/" + instanceID
    }

    public var rootDisk: String { directory + "/disk" }
    public var configDrive: String { directory + "/disk.config" }
    public var consoleLog: String { directory + "/console.log" }
    public var rescueDisk: String { directory + "/disk.rescue" }
    /// The root disk before a resize, kept until the resize is confirmed (revert renames it back).
    public var resizeBackup: String { directory + "/disk.resize" }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o755)
    }

    /// Removes everything of the instance; nothing there is fine (terminate is idempotent).
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

