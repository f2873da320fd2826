import Foundation
import Logging
import NIOCore

@testable import ImageStore

/// A real store (SQLite file + blob directories) in a fresh temporary directory.
struct StoreFixture {
    let directory: String
    let service: ImageService

    init(maximumImageSize: Int64 = 1 << 40) throws {
        directory = NSTemporaryDirectory() + "glint-store-\(UUID().uuidString)"
        service = try ImageService.openEmbedded(
            dataDirectory: directory,
            configuration: .init(maximumImageSize: maximumImageSize),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// The files under `images/` and `tmp/`.
    func files() throws -> (images: [String], temporaries: [String]) {
        (
            try FileManager.default.contentsOfDirectory(atPath: directory + "/images").sorted(),
            try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").sorted()
        )
    }
}

/// An upload body: the bytes in chunks of `chunkSize`, optionally failing after `failAfter` bytes like a client
/// that disconnects.
struct ChunkedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    struct Disconnected: Error {}

    var bytes: [UInt8]
    var chunkSize = 64 * 1024
    var failAfter: Int?

    struct AsyncIterator: AsyncIteratorProtocol {
        var body: ChunkedBody
        var offset = 0

        mutating func next() async throws -> ByteBuffer? {
            if let failAfter = body.failAfter, offset >= failAfter { throw Disconnected() }
            guard offset < body.bytes.count else { return nil }
            let end = Swift.min(offset + body.chunkSize, body.bytes.count, body.failAfter ?? .max)
            defer { offset = end }
            return ByteBuffer(bytes: body.bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }
}

func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

let admin = Caller.localAdmin
let alice = Caller(projectID: "p-alice", userID: "alice", roles: ["member"])
let bob = Caller(projectID: "p-bob", userID: "bob", roles: ["member"])
