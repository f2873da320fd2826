import Foundation

/// One bounded QEMU run of a Linux kernel with no root disk, which ends in the kernel's "VFS: Unable to mount
/// root fs" panic; with `panic=-1` and `-no-reboot` QEMU then exits.
struct KernelBoot: Sendable {
    var qemuBinary: String
    var kernel: String

    /// How a run ended.
    struct Outcome: Sendable, CustomStringConvertible {
        /// QEMU's exit status, or `nil` when it was killed at the time limit.
        var exitStatus: Int32?
        /// Whether the serial console shows the kernel's panic (proof the guest ran to the end).
        var reachedPanic: Bool
        var elapsed: Duration
        /// The last lines QEMU printed on stderr (for example an MSR assertion).
        var diagnostics: String

        var description: String {
            let end = exitStatus.map { "qemu exited with status \($0)" } ?? "no progress until the time limit"
            let detail = diagnostics.isEmpty ? "" : " (\(diagnostics))"
            return "\(end) after \(elapsed)\(detail)"
        }
    }

    func run(accelerator: Accelerator, timeLimit: Duration) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("glint-accelerator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let console = directory.appendingPathComponent("console.log").path

        let process = Process()
        process.executableURL = try Self.locate(qemuBinary)
        process.arguments = [
            "-accel", accelerator.rawValue, "-machine", "pc", "-cpu", accelerator == .kvm ? "host" : "max",
            "-m", "128", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", kernel, "-append", "console=ttyS0 panic=-1 loglevel=4",
            "-serial", "file:" + console,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice

        let clock = ContinuousClock()
        let start = clock.now
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        let status: Int32? = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                var iterator = exited.stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeLimit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if status == nil {
            process.terminate()
            process.waitUntilExit()
        }
        let elapsed = clock.now - start
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let serial = (try? String(contentsOfFile: console, encoding: .utf8)) ?? ""
        return Outcome(
            exitStatus: status,
            reachedPanic: status == 0 && serial.contains("Kernel panic"),
            elapsed: elapsed,
            diagnostics: stderr.split(separator: "\n").suffix(2).joined(separator: "; "))
    }

    /// `name` on `PATH`, or the path itself when it has a slash.
    static func locate(_ name: String) throws -> URL {
        if name.contains("/") { return URL(fileURLWithPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
            return URL(fileURLWithPath: "\(directory)/\(name)")
        }
        throw AcceleratorProbeError("\(name) is not installed (apt-get install qemu-system-x86)")
    }
}
