import Foundation

/// Runs the external tools the vfat writer and reader need (`mkfs.vfat`, `mcopy`, `mdir`), blocking: callers are
/// already off the cooperative pool.
struct ExternalTool: Sendable {
    /// The tool's name, for example `mkfs.vfat`.
    var name: String
    /// The Debian package that provides it, named in the error when it is missing.
    var package: String

    static var mkfsVFAT: ExternalTool { ExternalTool(name: "mkfs.vfat", package: "dosfstools") }
    static var mcopy: ExternalTool { ExternalTool(name: "mcopy", package: "mtools") }

    /// The tool's path: `PATH` first, then the sbin directories a non-root `PATH` lacks (`mkfs.vfat` lives there).
    ///
    /// - Throws: ``ConfigDriveError/Code/toolFailed`` naming the package when the tool is not installed.
    func executable() throws(ConfigDriveError) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw ConfigDriveError(.toolFailed, "\(name) is not installed (apt-get install \(package))")
    }

    /// Runs the tool to completion and returns what it printed (stdout and stderr together).
    ///
    /// - Throws: ``ConfigDriveError/Code/toolFailed`` when it cannot start or exits non-zero, with its output.
    @discardableResult
    func run(_ arguments: [String]) throws(ConfigDriveError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // mtools: no ~/.mtoolsrc surprises, and no refusal of images whose geometry it finds odd.
        environment["MTOOLSRC"] = "/dev/null"
        environment["MTOOLS_SKIP_CHECK"] = "1"
        environment["LC_ALL"] = "C"
        process.environment = environment
        // One pipe for both streams: reading it to the end before waiting cannot deadlock on a full second pipe.
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ConfigDriveError(.toolFailed, "cannot run \(name): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ConfigDriveError(
                .toolFailed,
                "\(name) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): \(trimmed)"
            )
        }
        return output
    }
}
