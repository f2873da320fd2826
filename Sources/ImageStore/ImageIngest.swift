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
/// Incoming buffers are gathered into batches of about 1 MiB. While the next batch arrives from the network,
/// the previous one is hashed and written: sha512 on one thread, md5 and the format inspector on another, the
/// file write on the filesystem pool. At most two batches are held at once, so memory stays at a few MiB
/// whatever the image size, and the request body's back-pressure slows the client when the disk or the
/// hashes cannot keep up.
enum ImageIngest {
    static let batchSize = 1 << 20

    /// Threads for hashing, kept off Swift's cooperative pool (which must not run long CPU-bound work).
    static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// The running state carried from one batch to the next.
    struct State: Sendable {
        var sha512 = SHA512()
        var md5 = Insecure.MD5()
        var inspector = FormatInspector()
        var offset: Int64 = 0
    }

    static func run<Body: AsyncSequence>(
        body: Body,
        into blob: TemporaryBlob,
        expectations: UploadExpectations
    ) async throws -> IngestResult where Body.Element == ByteBuffer {
        var batch: [ByteBuffer] = []
        var batchBytes = 0
        var received: Int64 = 0
        var inFlight: Task<State, any Error>? = nil
        var state = State()
        let limit = [expectations.maximumSize, expectations.declaredSize].compactMap { $0 }.min()
        do {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                if let limit, received > limit { throw tooLarge(received, expectations) }
                batch.append(buffer)
                batchBytes += buffer.readableBytes
                if batchBytes >= batchSize {
                    if let inFlight { state = try await inFlight.value }
                    let work = batch
                    let current = state
                    inFlight = Task { try await process(work, state: current, blob: blob, inspect: expectations.inspectFormat) }
                    batch = []
                    batchBytes = 0
                }
            }
            if let inFlight { state = try await inFlight.value }
            inFlight = nil
            state = try await process(batch, state: state, blob: blob, inspect: expectations.inspectFormat)
        } catch {
            inFlight?.cancel()
            _ = try? await inFlight?.value
            throw error
        }
        let md5 = state.md5.finalize().hexString
        if let declared = expectations.declaredSize, declared != state.offset {
            throw ImageStoreError(
                .badRequest,
                "Size of uploaded data (\(state.offset) bytes) does not match the declared size (\(declared) bytes)."
            )
        }
        if let expected = expectations.expectedMD5, !md5Matches(md5, expected) {
            throw ImageStoreError(
                .badRequest,
                "Checksum of uploaded data (md5 \(md5)) does not match the Content-MD5 sent (\(expected))."
            )
        }
        let inspection: Result<InspectionReport, FormatInspectionError>? =
            expectations.inspectFormat ? Result { () throws(FormatInspectionError) in try state.inspector.finish() } : nil
        return IngestResult(size: state.offset, md5: md5, sha512: state.sha512.finalize().hexString, inspection: inspection)
    }

    /// Hashes, inspects and writes one batch; the two hashes run in parallel on the hashing pool.
    static func process(_ batch: [ByteBuffer], state: State, blob: TemporaryBlob, inspect: Bool) async throws -> State {
        guard !batch.isEmpty else { return state }
        let sha512State = state.sha512
        let md5State = state.md5
        let inspectorState = state.inspector
        async let sha512 = hashingPool.runIfActive {
            var hasher = sha512State
            for buffer in batch { hasher.update(data: buffer.readableBytesView) }
            return hasher
        }
        async let md5AndInspector = hashingPool.runIfActive {
            var hasher = md5State
            var inspector = inspectorState
            for buffer in batch {
                hasher.update(data: buffer.readableBytesView)
                if inspect { inspector.consume(buffer.readableBytesView) }
            }
            return (hasher, inspector)
        }
        var offset = state.offset
        for buffer in batch {
            try await blob.handle.write(contentsOf: buffer, toAbsoluteOffset: offset)
            offset += Int64(buffer.readableBytes)
        }
        var next = State()
        next.sha512 = try await sha512
        (next.md5, next.inspector) = try await md5AndInspector
        next.offset = offset
        return next
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
