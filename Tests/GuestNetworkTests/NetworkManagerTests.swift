import ConfigDrive
import Foundation
import Testing

@testable import GuestNetwork

/// Keyfiles read back by NetworkManager itself: `nmcli --offline connection modify` (NetworkManager 1.40+, Debian
/// package network-manager; no daemon needed) parses a keyfile from standard input, verifies the profile and prints
/// it normalized. It ignores unknown keys silently, so the test also checks that every key Glint wrote survives.
@Suite struct NetworkManagerTests {
    static let nmcliOffline: Bool = {
        let probe = "[connection]\nid=probe\ntype=ethernet\n"
        return (try? run(["nmcli", "--offline", "connection", "modify"], input: probe))??.status == 0
    }()

    @Test(.enabled(if: nmcliOffline, "nmcli with --offline is not installed (Debian package network-manager)"), arguments: caseNames)
    func nmcliAcceptsEveryKey(sample: String) throws {
        for file in try NetworkRenderer.networkManager.render(try caseNetwork(sample)) {
            let result = try #require(try run(["nmcli", "--offline", "connection", "modify"], input: file.contents))
            #expect(result.status == 0, "\(file.path): \(result.output)")
            let normalized = Self.keyfile(result.output)
            for (section, keys) in Self.keyfile(file.contents) {
                for (key, value) in keys {
                    #expect(
                        normalized[section]?[key]?.lowercased() == value.lowercased(),
                        "\(file.path): [\(section)] \(key)=\(value) became \(normalized[section]?[key] ?? "nothing")")
                }
            }
        }
    }

    /// section → key → value, comments skipped.
    static func keyfile(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current = ""
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
            } else if let equals = line.firstIndex(of: "=") {
                sections[current, default: [:]][String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        return sections
    }
}
