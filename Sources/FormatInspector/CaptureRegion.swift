/// A run of stream bytes handed to the probes, positioned by its absolute stream offset.
///
/// ``FormatInspector`` copies only the part of each chunk some probe still wants into one of
/// these, so the probes work on a concrete array instead of the caller's generic collection.
struct StreamWindow: Sendable {
    /// Stream offset of `bytes[0]`.
    let offset: Int64
    let bytes: [UInt8]

    var end: Int64 { offset + Int64(bytes.count) }
}

/// A fixed region of the stream (offset and length) to be captured across arbitrarily split chunks.
///
/// Bytes are taken strictly in order: a region only grows when a window contains its next wanted
/// byte. A region whose next byte has already streamed past (it was created too late, or the
/// caller skipped over it) can never complete, and says so through ``nextWanted(from:)``.
struct CaptureRegion: Sendable {
    let offset: Int64
    let length: Int
    private(set) var bytes: [UInt8] = []

    init(offset: Int64, length: Int) {
        self.offset = offset
        self.length = max(0, length)
        bytes.reserveCapacity(min(self.length, 64 * 1024))
    }

    var isComplete: Bool { bytes.count == length }

    /// Stream offset of the next byte this region needs.
    var nextOffset: Int64 { offset + Int64(bytes.count) }

    /// The stream range still wanted, if it is at or after `position` (nil when complete or unreachable).
    func wantedRange(from position: Int64) -> Range<Int64>? {
        guard !isComplete, nextOffset >= position else { return nil }
        return nextOffset..<(offset + Int64(length))
    }

    mutating func capture(_ window: StreamWindow) {
        guard !isComplete else { return }
        let want = nextOffset
        guard want >= window.offset, want < window.end else { return }
        let from = Int(want - window.offset)
        let take = min(length - bytes.count, window.bytes.count - from)
        bytes.append(contentsOf: window.bytes[from..<(from + take)])
    }
}

/// The last `capacity` bytes of the stream, kept in a ring so memory stays fixed however long the
/// stream is. Used only by the VMDK probe, whose footer sits at the very end of the image.
struct TailCapture: Sendable {
    let capacity: Int
    private var ring: [UInt8]
    private var writeIndex = 0
    private var filled = 0
    /// Stream offset just past the last captured byte; a window starting elsewhere restarts the ring.
    private(set) var endOffset: Int64 = 0

    init(capacity: Int) {
        self.capacity = capacity
        ring = [UInt8](repeating: 0, count: capacity)
    }

    mutating func capture(_ window: StreamWindow) {
        let count = window.bytes.count
        guard count > 0 else { return }
        if window.offset != endOffset && count < capacity {
            // A gap in the stream: what we held is no longer the contiguous tail.
            filled = 0
            writeIndex = 0
        }
        let skip = max(0, count - capacity)
        for byte in window.bytes[skip...] {
            ring[writeIndex] = byte
            writeIndex = writeIndex + 1 == capacity ? 0 : writeIndex + 1
        }
        filled = min(capacity, filled + count - skip)
        endOffset = window.end
    }

    /// The captured tail in stream order, if the ring is full and ends at `streamLength`.
    func bytes(streamLength: Int64) -> [UInt8]? {
        guard filled == capacity, endOffset == streamLength else { return nil }
        return Array(ring[writeIndex...] + ring[..<writeIndex])
    }
}
