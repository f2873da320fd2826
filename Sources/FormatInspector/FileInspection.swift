internal import Foundation

extension FormatInspector {
    /// Inspects a file on disk by reading only the bounded regions the probes ask for (used before
    /// handing an image to qemu or libguestfs).
    ///
    /// The result is the same as streaming the whole file through ``consume(_:)``: the inspector
    /// seeks over everything no probe wants, and `actualSize` is the file size.
    /// - Throws: ``FormatInspectionError`` when the image is refused, or the file system's error.
    public static func inspect(fileAt path: String) throws -> InspectionReport {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        let readSize: Int64 = 64 * 1024

        var inspector = FormatInspector()
        while inspector.bytesConsumed < size {
            var target = inspector.wantedRange(from: inspector.bytesConsumed)?.lowerBound ?? size
            let tail = Int64(inspector.wantedTailLength)
            if tail > 0 {
                // Never skip into the footer area; the tail must be read contiguously to the end.
                target = min(target, max(inspector.bytesConsumed, size - tail))
            }
            guard target < size else { break }
            inspector.skip(to: target)
            try handle.seek(toOffset: UInt64(target))
            guard let data = try handle.read(upToCount: Int(min(readSize, size - target))), !data.isEmpty else {
                break  // the file shrank under us; finish with what we have
            }
            inspector.consume(data)
        }
        inspector.skip(to: size)
        return try inspector.finish()
    }
}
