import Foundation

/// `qemu-img`, always with the format of every image named (`-f`, `-F`), never probing.
enum QemuImg {
    /// Creates a qcow2 overlay at `overlay` whose backing file is `base` in `format`.
    static func createOverlay(_ overlay: String, base: DiskImage) throws(GuestToolkitError) {
        try run(["create", "-q", "-f", "qcow2", "-F", base.format.rawValue, "-b", base.path, overlay])
    }

    /// Writes the overlay's changes into its backing file.
    static func commit(_ overlay: String) throws(GuestToolkitError) {
        try run(["commit", "-q", "-f", "qcow2", overlay])
    }

    /// Writes the whole disk seen through `overlay` (backing chain flattened) into a new file in `format`.
    static func flatten(_ overlay: String, to output: String, format: String) throws(GuestToolkitError) {
        var arguments = ["convert", "-q", "-f", "qcow2", "-O", format]
        if format == "qcow2" { arguments += ["-o", "compat=1.1"] }
        try run(arguments + [overlay, output])
    }

    @discardableResult
    static func run(_ arguments: [String]) throws(GuestToolkitError) -> String {
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
            throw GuestToolkitError(.toolFailed, "cannot run qemu-img (apt-get install qemu-utils)", underlying: "\(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw GuestToolkitError(
                .toolFailed, "qemu-img \(arguments.first ?? "") failed",
                underlying: output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }
}
