import Foundation
import Testing

@testable import ConfigDrive

/// Golden trees: each sample in `ConfigDrive/samples/` built and compared byte for byte with the files committed
/// under `ConfigDrive/golden/<sample>/` (the `config-2` tree) and `ConfigDrive/golden/<sample>.nocloud/` (the
/// NoCloud seed), so any change to what Glint writes shows up as a diff in review.
///
/// Regenerate after an intended change with `GLINT_UPDATE_GOLDEN=1 swift test --filter GoldenTreeTests`, then
/// review the diff of `ConfigDrive/golden/`.
@Suite struct GoldenTreeTests {
    static let samples = ["minimal-dhcp", "static-vlan", "bond-binary"]

    @Test(arguments: samples)
    func openStackTreeMatchesGolden(sample: String) throws {
        try compare(try modelSample(sample).openStackTree(), golden: sample)
    }

    @Test(arguments: samples)
    func noCloudTreeMatchesGolden(sample: String) throws {
        try compare(try modelSample(sample).noCloudTree(), golden: sample + ".nocloud")
    }

    /// Every sample in the folder has golden trees, so a new sample cannot be added without them.
    @Test func everySampleHasGoldenTrees() throws {
        let samples = try FileManager.default.contentsOfDirectory(
            atPath: modelRepositoryRoot().appendingPathComponent("ConfigDrive/samples").path)
        let names = samples.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(Set(names) == Set(Self.samples))
    }

    private func compare(_ tree: [ConfigDriveFile], golden name: String) throws {
        let directory = modelRepositoryRoot().appendingPathComponent("ConfigDrive/golden/\(name)")
        let manager = FileManager.default
        if ProcessInfo.processInfo.environment["GLINT_UPDATE_GOLDEN"] == "1" {
            try? manager.removeItem(at: directory)
            for file in tree {
                let url = directory.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents).write(to: url)
            }
        }
        let expected = try goldenFiles(in: directory)
        #expect(expected.keys.sorted() == tree.map(\.path), "\(name): file list differs")
        for file in tree {
            guard let bytes = expected[file.path] else { continue }
            #expect(bytes == file.contents, "\(name)/\(file.path) differs from the golden file")
        }
    }

    /// Relative path → bytes of every regular file under `directory`.
    private func goldenFiles(in directory: URL) throws -> [String: [UInt8]] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: directory.path) else {
            throw ConfigDriveError(.readFailed, "no golden tree at \(directory.path); run with GLINT_UPDATE_GOLDEN=1")
        }
        var files: [String: [UInt8]] = [:]
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return files
    }
}
