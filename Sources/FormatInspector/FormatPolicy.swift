/// The upload-time policy of Glance's `require_image_format_match` (glance `location.py`, after
/// CVE-2024-32498), applied to a declared `disk_format`.
///
/// Safety failures are thrown by ``FormatInspector/finish()`` before this runs, so a declared-raw
/// qcow2 with a backing file never gets here.
public enum FormatPolicy {
    /// Returns the report to record, or throws `.formatMismatch` with a message naming both formats.
    ///
    /// - detected == declared: accepted as is (iso+gpt was already reported as iso).
    /// - declared `raw`: accepted whatever was detected, recorded as raw with `virtualSize` equal to
    ///   the actual size, since the image will be used as raw bytes; the detected format is kept in
    ///   `details["detected_format"]`.
    /// - detected raw and the declared format is not one the inspector knows (ami, aki, ari, ploop,
    ///   or nothing declared): accepted, as Glance does for formats it cannot inspect.
    /// - anything else: mismatch.
    public static func verify(declaredFormat: String?, report: InspectionReport) throws(FormatInspectionError) -> InspectionReport {
        let declared = declaredFormat?.lowercased()
        if declared == report.format.rawValue {
            return report
        }
        if declared == DiskFormat.raw.rawValue {
            var recorded = report
            recorded.format = .raw
            recorded.virtualSize = report.actualSize
            recorded.details["detected_format"] = report.format.rawValue
            return recorded
        }
        let inspectable = declared.flatMap(DiskFormat.init(rawValue:)) != nil
        if report.format == .raw && !inspectable {
            return report
        }
        let claim = declaredFormat.map { "the declared disk_format is \($0)" } ?? "no disk_format was declared"
        throw FormatInspectionError(
            code: .formatMismatch,
            message: "image data is \(report.format.rawValue) but \(claim)",
            format: report.format
        )
    }
}
