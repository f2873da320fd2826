/// One format's detector, fed by ``FormatInspector`` with the windows of the stream it asked for.
///
/// Each probe declares what it still needs (``wantedRange(from:)`` and ``tailLength``), so the
/// inspector can stop copying bytes once every probe is satisfied, and ``FormatInspector/inspect(fileAt:)``
/// can seek straight to the regions that matter.
protocol FormatProbe: Sendable {
    static var format: DiskFormat { get }

    /// The stream range this probe still wants at or after `position`, or nil when it needs nothing
    /// more from the front of the stream. Ranges may grow as headers reveal where further structures live.
    func wantedRange(from position: Int64) -> Range<Int64>?

    /// How many bytes from the very end of the stream this probe needs (0 for all but VMDK footers).
    var tailLength: Int { get }

    /// Takes whatever part of `window` falls inside the probe's regions. Must be idempotent for bytes it
    /// has already taken, because a chunk may be offered again after a probe grows a new region.
    mutating func consume(_ window: StreamWindow)

    /// Receives the final bytes of each chunk while ``tailLength`` is nonzero.
    mutating func consumeTail(_ window: StreamWindow)

    /// The conclusion once the whole stream has been seen.
    func verdict(streamLength: Int64) -> ProbeVerdict
}

extension FormatProbe {
    var tailLength: Int { 0 }
    mutating func consumeTail(_ window: StreamWindow) {}
}

/// A probe that needs one fixed header region and nothing else (qcow2, qed, vdi, luks).
protocol HeaderProbe: FormatProbe {
    var header: CaptureRegion { get set }

    /// Whether the bytes captured so far can still be this format; once they cannot, the probe stops asking
    /// for more, so a stream that matches nothing soon costs nothing.
    func isStillPlausible(_ bytes: [UInt8]) -> Bool
}

extension HeaderProbe {
    func isStillPlausible(_ bytes: [UInt8]) -> Bool { true }

    func wantedRange(from position: Int64) -> Range<Int64>? {
        isStillPlausible(header.bytes) ? header.wantedRange(from: position) : nil
    }

    mutating func consume(_ window: StreamWindow) {
        header.capture(window)
    }
}

/// A probe's conclusion at end of stream.
enum ProbeVerdict: Sendable {
    /// The content is not this format.
    case noMatch
    /// The content is this format and passed its safety checks.
    case match(virtualSize: Int64, details: [String: String])
    /// The content is this format but must be refused (unsafe, banned, malformed, ...).
    case refused(FormatInspectionError)

    var isMatch: Bool {
        if case .noMatch = self { return false }
        return true
    }
}

extension FormatInspectionError {
    static func unsafe(_ format: DiskFormat, _ message: String) -> Self {
        Self(code: .unsafeImage, message: message, format: format)
    }

    static func malformed(_ format: DiskFormat, _ message: String) -> Self {
        Self(code: .malformedHeader, message: message, format: format)
    }
}
