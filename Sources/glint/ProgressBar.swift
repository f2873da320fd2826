import Foundation
import GlintClient

/// A transfer progress bar on standard error — percent, MB/s and ETA — redrawn in place at most ten times
/// a second. It exists only when standard error is a terminal; otherwise transfers stay quiet.
///
/// `@unchecked Sendable`: the upload and download code call ``update(_:)`` from whichever task moves the
/// data; all mutable state is behind `lock`.
final class ProgressBar: @unchecked Sendable {
    private struct State {
        var latest = TransferProgress(completedBytes: 0, totalBytes: nil)
        var lastDraw: ContinuousClock.Instant?
        var finished = false
    }

    private let label: String
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let lock = NSLock()
    private var state = State()

    /// A bar labelled `label`, or `nil` when standard error is not a terminal.
    init?(label: String) {
        guard Terminal.standardErrorIsTerminal else { return nil }
        self.label = label
        self.start = clock.now
    }

    /// Records progress and redraws if the last drawing is older than 0.1 s.
    func update(_ progress: TransferProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard !state.finished else { return }
        state.latest = progress
        let now = clock.now
        if let last = state.lastDraw, now - last < .milliseconds(100) {
            return
        }
        state.lastDraw = now
        draw(progress, now: now, final: false)
    }

    /// Draws the final state and ends the line; with `success: false` the bar is left where it stopped.
    func finish(success: Bool = true) {
        lock.lock()
        defer { lock.unlock() }
        guard !state.finished else { return }
        state.finished = true
        var progress = state.latest
        if success, let total = progress.totalBytes {
            progress.completedBytes = total
        }
        draw(progress, now: clock.now, final: true)
    }

    private func draw(_ progress: TransferProgress, now: ContinuousClock.Instant, final: Bool) {
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(progress.completedBytes) / elapsed : 0
        var parts: [String] = []
        let done = Self.megabytes(progress.completedBytes)
        if let total = progress.totalBytes, let fraction = progress.fractionCompleted {
            parts.append("\(Self.padLeft(String(Int(fraction * 100)), 3))%")
            parts.append("\(done)/\(Self.megabytes(total)) MB")
            parts.append("\(Self.padLeft(Self.oneDecimal(rate / 1_000_000), 6)) MB/s")
            if final {
                parts.append("in \(Self.clockTime(elapsed))")
            } else if rate > 0 {
                parts.append("ETA \(Self.clockTime(Double(total - progress.completedBytes) / rate))")
            } else {
                parts.append("ETA --:--")
            }
        } else {
            parts.append("\(done) MB")
            parts.append("\(Self.padLeft(Self.oneDecimal(rate / 1_000_000), 6)) MB/s")
        }
        let info = parts.joined(separator: "  ")
        let columns = Terminal.standardErrorColumns
        let barWidth = max(10, min(30, columns - label.count - 56))
        let filled = Int((progress.fractionCompleted ?? 0) * Double(barWidth))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        let line = "\(label) [\(bar)] \(info)"
        // \r returns to the line start, \u{1B}[K clears what a longer earlier line left behind.
        Terminal.writeErrorRaw("\r" + line + "\u{1B}[K" + (final ? "\n" : ""))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func megabytes(_ bytes: Int64) -> String {
        oneDecimal(Double(bytes) / 1_000_000)
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func clockTime(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let mmss = "\(minutes < 10 ? "0" : "")\(minutes):\(secs < 10 ? "0" : "")\(secs)"
        return hours > 0 ? "\(hours):\(mmss)" : mmss
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
