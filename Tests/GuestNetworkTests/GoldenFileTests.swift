import ConfigDrive
import Foundation
import Testing

@testable import GuestNetwork

/// Golden files: every renderer × every sample of `ConfigDrive/samples/` (and the synthetic `kitchen-sink`), compared byte for byte with
/// `Tests/GuestNetworkTests/Golden/<renderer>/<sample>/<guest path>`, so any change to what Glint writes into a
/// guest shows up as a diff in review.
///
/// Regenerate after an intended change with `GLINT_UPDATE_GOLDEN=1 swift test --filter GuestNetworkTests`, then
/// review the diff of `Tests/GuestNetworkTests/Golden/`.
@Suite struct GoldenFileTests {
    static let updating = ProcessInfo.processInfo.environment["GLINT_UPDATE_GOLDEN"] == "1"
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: NetworkRenderer.allCases, caseNames)
    func renderingMatchesGolden(renderer: NetworkRenderer, sample: String) throws {
        let files = try renderer.render(try caseNetwork(sample))
        let directory = Self.goldenRoot.appendingPathComponent("\(renderer.rawValue)/\(sample)")
        let manager = FileManager.default
        if Self.updating {
            try? manager.removeItem(at: directory)
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in files {
                let url = directory.appendingPathComponent(String(file.path.dropFirst()))
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
        }
        let expected = try Self.goldenFiles(in: directory)
        #expect(expected.keys.sorted() == files.map(\.path).sorted(), "\(renderer)/\(sample): file list differs")
        for file in files {
            guard let text = expected[file.path] else { continue }
            #expect(text == file.contents, "\(renderer)/\(sample)\(file.path) differs from the golden file")
        }
    }

    /// Every renderer × sample has a golden directory, and there is none for a renderer or sample that is gone,
    /// so neither can be added without goldens.
    @Test(.disabled(if: updating, "GLINT_UPDATE_GOLDEN=1: the goldens are being rewritten in parallel"))
    func everyRendererAndSampleHasGoldens() throws {
        let manager = FileManager.default
        let renderers = try manager.contentsOfDirectory(atPath: Self.goldenRoot.path)
        #expect(Set(renderers) == Set(NetworkRenderer.allCases.map(\.rawValue)))
        let samples = try manager.contentsOfDirectory(
            atPath: modelRepositoryRoot().appendingPathComponent("ConfigDrive/samples").path)
        #expect(Set(samples.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }) == Set(sampleNames))
        for renderer in NetworkRenderer.allCases {
            let path = Self.goldenRoot.appendingPathComponent(renderer.rawValue).path
            #expect(Set(try manager.contentsOfDirectory(atPath: path)) == Set(caseNames), "\(renderer)")
            for sample in caseNames {
                let files = try Self.goldenFiles(in: Self.goldenRoot.appendingPathComponent("\(renderer.rawValue)/\(sample)"))
                #expect(!files.isEmpty, "\(renderer)/\(sample) has no golden files")
            }
        }
    }

    /// netplan and NetworkManager refuse files others can read; the rest are ordinary configuration.
    @Test(arguments: NetworkRenderer.allCases)
    func fileModes(renderer: NetworkRenderer) throws {
        for file in try renderer.render(try sampleNetwork("static-vlan")) {
            let expected: UInt32 = renderer == .netplan || renderer == .networkManager ? 0o600 : 0o644
            #expect(file.mode == expected, "\(file.path)")
            #expect(file.path.hasPrefix("/"))
            #expect(file.contents.hasSuffix("\n"))
        }
    }

    @Test(arguments: NetworkRenderer.allCases)
    func renderingIsDeterministic(renderer: NetworkRenderer) throws {
        let network = try caseNetwork("kitchen-sink")
        #expect(try renderer.render(network) == (try renderer.render(network)))
    }

    @Test(arguments: NetworkRenderer.allCases)
    func noLinksRendersNothing(renderer: NetworkRenderer) throws {
        #expect(try renderer.render(NetworkData()).isEmpty)
    }

    /// Guest path → text of every regular file under `directory`.
    static func goldenFiles(in directory: URL) throws -> [String: String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: directory.path) else {
            throw GuestNetworkError(.invalidNetworkData, "no goldens at \(directory.path); run with GLINT_UPDATE_GOLDEN=1")
        }
        var files: [String: String] = [:]
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files["/" + relative] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        }
        return files
    }
}
