import Foundation

/// `qemu-img`, as Glint calls it: the format of every image is always named (`-f`, `-F`), never probed, because
/// a probed guest-written raw image can pose as qcow2 with a backing file on the host.
///
/// Calls block until qemu-img exits; callers run them off the cooperative pool (or accept a short block: creating
/// an overlay takes milliseconds).
public enum QemuImg {
    /// Creates a qcow2 overlay at `overlay` backed by `base` in `baseFormat`, optionally with its own virtual size
    /// (O(1) whatever the base's size).
    public static func createOverlay(_ overlay: String, base: String, baseFormat: String, size: Int64? = nil) throws(QemuImgError) {
        var arguments = ["create", "-q", "-f", "qcow2", "-F", baseFormat, "-b", base, "-o", "compat=1.1", overlay]
        if let size { arguments.append(String(size)) }
        try run(arguments)
    }

    /// Writes an overlay's changes into its backing file.
    public static func commit(_ overlay: String) throws(QemuImgError) {
        try run(["commit", "-q", "-f", "qcow2", overlay])
    }

    /// Writes the whole disk seen through `source` (its backing chain flattened) into a new file in `format`.
    public static func convert(_ source: String, sourceFormat: String, to output: String, format: String) throws(QemuImgError) {
        var arguments = ["convert", "-q", "-f", sourceFormat, "-O", format]
        if format == "qcow2" { arguments += ["-o", "compat=1.1"] }
        try run(arguments + [source, output])
    }

    /// Grows a disk to `size` bytes.
    public static func resize(_ path: String, format: String, to size: Int64) throws(QemuImgError) {
        try run(["resize", "-q", "-f", format, path, String(size)])
    }

    /// Runs qemu-img with `arguments` and returns what it printed.
    @discardableResult
    public static func run(_ arguments: [String]) throws(QemuImgError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-img")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw QemuImgError(arguments: arguments, output: "cannot run /usr/bin/qemu-img (apt-get install qemu-utils): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw QemuImgError(arguments: arguments, output: output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }
}

/// qemu-img failed: the subcommand and what it printed.
public struct QemuImgError: Error, Sendable, Equatable, CustomStringConvertible {
    public var arguments: [String]
    /// qemu-img's own message.
    public var output: String

    public init(arguments: [String], output: String) {
        self.arguments = arguments
        self.output = output
    }

    public var description: String { "qemu-img \(arguments.first ?? "") failed: \(output)" }
}
