import Foundation
import Testing

import FormatInspector

/// A failure that explains itself in the test log (used instead of skipping when a tool is missing).
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` with a fresh temporary directory and removes it afterwards, so no test leaves files behind.
func withScratchDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "format-inspector-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Runs an external tool and returns its standard output; throws with its stderr when it fails.
@discardableResult
func runTool(_ executable: String, _ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> String {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw TestSetupError(description: "\(executable) is not installed; install it (e.g. `apt-get install -y qemu-utils` for qemu-img) to run these tests")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestSetupError(description: "\(executable) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self)
}

/// The real qemu-img, which both builds the test images and is the oracle for virtual sizes.
enum QemuImg {
    static let path = "/usr/bin/qemu-img"

    struct Info {
        let format: String
        let virtualSize: Int64
        let createType: String?
    }

    static func create(_ file: String, format: String, size: String? = nil, options: [String] = [], extra: [String] = [], in dir: String) throws {
        var arguments = ["create", "-q", "-f", format] + extra
        for option in options { arguments += ["-o", option] }
        arguments.append(file)
        if let size { arguments.append(size) }
        try runTool(path, arguments, in: dir)
    }

    static func info(_ file: String, format: String? = nil, in dir: String) throws -> Info {
        var arguments = ["info", "--output=json"]
        if let format { arguments += ["-f", format] }
        let json = try runTool(path, arguments + [file], in: dir)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        let specific = (object["format-specific"] as? [String: Any])?["data"] as? [String: Any]
        return Info(
            format: object["format"] as? String ?? "?",
            virtualSize: (object["virtual-size"] as? NSNumber)?.int64Value ?? -1,
            createType: specific?["create-type"] as? String
        )
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Feeds `bytes` to a fresh inspector in chunks of `chunkSize` and finishes it.
func inspect(_ bytes: [UInt8], chunkSize: Int) -> Result<InspectionReport, FormatInspectionError> {
    var inspector = FormatInspector()
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + chunkSize)
        inspector.consume(bytes[start..<end])
        start = end
    }
    #expect(inspector.bytesConsumed == Int64(bytes.count))
    return Result { () throws(FormatInspectionError) in try inspector.finish() }
}

/// The chunkings every image is pushed through: they must all agree.
let oddChunkSizes = [1, 7, 64 * 1024, Int.max]

/// Inspects `bytes` in every chunking in ``oddChunkSizes`` (and via `inspect(fileAt:)` when a path is
/// given), expects all results to be identical, and returns that result.
func inspectAllWays(_ bytes: [UInt8], path: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result<InspectionReport, FormatInspectionError> {
    let reference = inspect(bytes, chunkSize: bytes.count + 1)
    for size in oddChunkSizes {
        let result = inspect(bytes, chunkSize: size)
        #expect(result == reference, "chunk size \(size) disagrees", sourceLocation: sourceLocation)
    }
    if let path {
        let fromFile: Result<InspectionReport, FormatInspectionError>
        do {
            fromFile = .success(try FormatInspector.inspect(fileAt: path))
        } catch let error as FormatInspectionError {
            fromFile = .failure(error)
        }
        #expect(fromFile == reference, "inspect(fileAt:) disagrees", sourceLocation: sourceLocation)
    }
    return reference
}

/// Convenience: inspects the file at `path` all ways.
func inspectFileAllWays(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result<InspectionReport, FormatInspectionError> {
    try inspectAllWays(try readBytes(path), path: path, sourceLocation: sourceLocation)
}

extension Result where Failure == FormatInspectionError {
    var report: Success? { try? get() }
    var error: FormatInspectionError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Little helpers for patching crafted images.
extension Array where Element == UInt8 {
    mutating func put(_ bytes: [UInt8], at offset: Int) {
        if count < offset + bytes.count { append(contentsOf: [UInt8](repeating: 0, count: offset + bytes.count - count)) }
        replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }

    mutating func put(ascii text: String, at offset: Int) { put(Array(text.utf8), at: offset) }

    mutating func putLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        put((0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, at: offset)
    }

    mutating func putBE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        put((0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, at: offset)
    }
}
