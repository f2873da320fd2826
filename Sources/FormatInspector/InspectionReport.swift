/// What the inspector concluded about a complete stream.
public struct InspectionReport: Sendable, Equatable {
    /// The detected format; `.raw` when nothing matched; `.iso` when both iso and gpt matched.
    public var format: DiskFormat
    /// The guest-visible size from the format's header; the stream size for raw and gpt.
    public var virtualSize: Int64
    /// The number of bytes in the stream.
    public var actualSize: Int64
    /// Format-specific facts, keyed `<format>.<name>`, e.g. `"vmdk.create_type": "streamOptimized"`.
    public var details: [String: String]

    public init(format: DiskFormat, virtualSize: Int64, actualSize: Int64, details: [String: String] = [:]) {
        self.format = format
        self.virtualSize = virtualSize
        self.actualSize = actualSize
        self.details = details
    }
}
