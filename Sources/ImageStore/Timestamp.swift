import Foundation

/// A point in time in microseconds since the Unix epoch, UTC.
///
/// Stored as an integer so that SQLite sorts and compares it exactly and images created within the same
/// second keep their order; rendered to the client as Glance's `isotime` (`2026-11-28T19:00:00Z`).
public struct Timestamp: Sendable, Hashable, Comparable {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// `YYYY-MM-DDTHH:MM:SSZ`, as Glance's `timeutils.isotime` renders it.
    public var isoTime: String {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Parses an ISO 8601 date-time as clients send it in `created_at=gt:…` filters (with or without
    /// fractional seconds and zone; a missing zone means UTC, as in oslo's `parse_isotime`).
    public init?(iso8601 text: String) {
        let formatter = ISO8601DateFormatter()
        var candidates = [text]
        if !text.hasSuffix("Z"), !text.contains("+"), text.split(separator: "-").count <= 3 {
            candidates.append(text + "Z")
        }
        for candidate in candidates {
            for options: ISO8601DateFormatter.Options in [
                [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
            ] {
                formatter.formatOptions = options
                if let date = formatter.date(from: candidate) {
                    self.microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
                    return
                }
            }
        }
        return nil
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
