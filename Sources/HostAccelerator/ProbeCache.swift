import Foundation
import Logging

/// The probe's answer on disk, so that every `glint` and `glintd` process of one host boot probes only once.
enum ProbeCache {
    private struct Entry: Codable {
        var bootID: String
        var choice: AcceleratorChoice
    }

    static func read(path: String, bootID: String?) -> AcceleratorChoice? {
        guard let bootID, let data = FileManager.default.contents(atPath: path),
            let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.bootID == bootID
        else { return nil }
        return entry.choice
    }

    /// Best effort: a host where `/run/glint` is not writable simply probes again next time.
    static func write(_ choice: AcceleratorChoice, path: String, bootID: String, logger: Logger) {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(Entry(bootID: bootID, choice: choice)).write(to: url, options: .atomic)
        } catch {
            logger.debug("accelerator.cache.unwritable", metadata: ["file.path": "\(path)", "error": "\(error)"])
        }
    }
}
