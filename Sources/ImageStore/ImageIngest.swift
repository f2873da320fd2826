import Crypto
import Foundation
import FormatInspector
import NIOCore
import NIOFoundationCompat
import NIOPosix

/// Limits and expectations an upload is checked against while it streams.
public struct UploadExpectations: Sendable {
    /// The size the client declared (`x-openstack-image-size`); the upload fails if the data differs.
    public var declaredSize: Int64?
    /// The store's size cap; the upload fails with 413 as soon as the data passes it.
    public var maximumSize: Int64?
    /// An md5 the client sent (`Content-MD5`, hex or base64); the upload fails if the data differs.
    public var expectedMD5: String?
    /// Whether to run the format inspector (Glance inspects `bare` containers only).
    public var inspectFormat: Bool

    public init(declaredSize: Int64? = nil, maximumSize: Int64? = nil, expectedMD5: String? = nil, inspectFormat: Bool = true) {
        self.declaredSize = declaredSize
        self.maximumSize = maximumSize
        self.expectedMD5 = expectedMD5
        self.inspectFormat = inspectFormat
    }
}

/// What one pass over an upload learned: size, hashes and the inspector's view of the data.
struct IngestResult: Sendable {
    var size: Int64
    var md5: String
    var sha512: String
    var inspection: Result<InspectionReport, FormatInspectionError>?
}

/// Streams an upload into a temporary blob while hashing and inspecting it, with bounded memory.
///
/// Incoming buffers are gathered into batches of about 1 MiB. Each batch goes down three independent lanes:
/// sha512 on one thread of the hashing pool, md5 and the format inspector on the other, and the file write on
/// the filesystem pool. Each lane takes the batches in order, but no lane waits for the others, so the slower
/// hash sets the pace instead of every batch waiting for both. At most ``maximumBatchesInFlight`` batches are
/// held at once, so memory stays at a few MiB whatever the image size; when the lanes fall behind, the loop
/// stops reading the request body and its back-pressure slows the client.
enum ImageIngest {
    static let batchSize = 1 << 20
    static let maximumBatchesInFlight = 4

    /// Threads for hashing, kept off Swift's cooperative pool (which must not run long CPU-bound work).
    static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// How much written data may wait in the page cache before its writeback is started.
    static let writebackInterval: Int64 = 16 << 20

    /// The end of each lane after some batch: awaiting all three means that batch is fully processed.
    struct Lanes: Sendable {
        var sha512: Task<SHA512, any Error>
        var md5: Task<(Insecure.MD5, FormatInspector), any Error>
        /// Bytes written so far, and where the last started writeback ended.
        var write: Task<(offset: Int64, flushed: Int64), any Error>

        static func start() -> Lanes {
            Lanes(
                sha512: Task { SHA512() },
                md5: Task { (Insecure.MD5(), FormatInspector()) },
                write: Task { (0, 0) }
            )
        }

        /// Queues `batch` behind the previous batch of each lane.
        func appending(_ batch: [ByteBuffer], blob: TemporaryBlob, inspect: Bool) -> Lanes {
            let previous = self
            return Lanes(
                sha512: Task {
                    let hasher = try await previous.sha512.value
                    return try await hashingPool.runIfActive {
                        var hasher = hasher
                        for buffer in batch { hasher.update(data: buffer.readableBytesView) }
                        return hasher
                    }
                },
                md5: Task {
                    let (hasher, inspector) = try await previous.md5.value
                    return try await hashingPool.runIfActive {
                        var hasher = hasher
                        var inspector = inspector
                        for buffer in batch {
                            hasher.update(data: buffer.readableBytesView)
                            if inspect { inspector.consume(buffer.readableBytesView) }
                        }
                        return (hasher, inspector)
                    }
                },
                write: Task {
                    var (offset, flushed) = try await previous.write.value
                    for buffer in batch {
                        try await blob.handle.write(contentsOf: buffer, toAbsoluteOffset: offset)
                        offset += Int64(buffer.readableBytes)
                    }
                    if offset - flushed >= writebackInterval {
                        try await blob.startWriteback(of: flushed..<offset)
                        flushed = offset
                    }
                    return (offset, flushed)
                }
            )
        }

        /// Waits for every lane to finish this batch.
        func wait() async throws {
            _ = try await sha512.value
            _ = try await md5.value
            _ = try await write.value
        }

        /// Cancels and waits for every lane, whatever their outcome, so nothing touches the blob afterwards.
        func drain() async {
            sha512.cancel()
            md5.cancel()
            write.cancel()
            _ = try? await sha512.value
            _ = try? await md5.value
            _ = try? await write.value
        }
    }

    static func run<Body: AsyncSequence>(
        body: Body,
        into blob: TemporaryBlob,
        expectations: UploadExpectations
    ) async throws -> IngestResult where Body.Element == ByteBuffer {
        var batch: [ByteBuffer] = []
        var batchBytes = 0
        var received: Int64 = 0
        var lanes = Lanes.start()
        // The lanes after each batch still in flight, oldest first.
        var inFlight: [Lanes] = []
        let limit = [expectations.maximumSize, expectations.declaredSize].compactMap { $0 }.min()
        let inspect = expectations.inspectFormat
        do {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                if let limit, received > limit { throw tooLarge(received, expectations) }
                batch.append(buffer)
                batchBytes += buffer.readableBytes
                if batchBytes >= batchSize {
                    if inFlight.count >= maximumBatchesInFlight { try await inFlight.removeFirst().wait() }
                    lanes = lanes.appending(batch, blob: blob, inspect: inspect)
                    inFlight.append(lanes)
                    batch = []
                    batchBytes = 0
                }
            }
            if !batch.isEmpty { lanes = lanes.appending(batch, blob: blob, inspect: inspect) }
            try await lanes.wait()
        } catch {
            // Each lane's task for a batch awaits its task for the batch before, so draining the last is enough.
            await lanes.drain()
            throw error
        }
        let sha512 = try await lanes.sha512.value
        let (md5Hasher, inspector) = try await lanes.md5.value
        let size = try await lanes.write.value.offset
        let md5 = md5Hasher.finalize().hexString
        if let declared = expectations.declaredSize, declared != size {
            throw ImageStoreError(
                .badRequest,
                "Size of uploaded data (\(size) bytes) does not match the declared size (\(declared) bytes)."
            )
        }
        if let expected = expectations.expectedMD5, !md5Matches(md5, expected) {
            throw ImageStoreError(
                .badRequest,
                "Checksum of uploaded data (md5 \(md5)) does not match the Content-MD5 sent (\(expected))."
            )
        }
        let inspection: Result<InspectionReport, FormatInspectionError>? =
            inspect ? Result { () throws(FormatInspectionError) in try inspector.finish() } : nil
        return IngestResult(size: size, md5: md5, sha512: sha512.finalize().hexString, inspection: inspection)
    }

    static func tooLarge(_ received: Int64, _ expectations: UploadExpectations) -> ImageStoreError {
        if let maximum = expectations.maximumSize, received > maximum {
            return ImageStoreError(.tooLarge, "Image exceeds the storage quota: the limit is \(maximum) bytes.")
        }
        return ImageStoreError(
            .badRequest,
            "Size of uploaded data exceeds the declared size (\(expectations.declaredSize ?? 0) bytes)."
        )
    }

    /// Compares an md5 hex digest with a client's value, given as hex or as RFC 1864 base64.
    static func md5Matches(_ hex: String, _ expected: String) -> Bool {
        if expected.lowercased() == hex { return true }
        guard let decoded = base64Decode(expected) else { return false }
        return decoded.hexString == hex
    }

    static func base64Decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        return Array(data)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, as Glance renders `checksum` and `os_hash_value`.
    var hexString: String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
