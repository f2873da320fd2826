import Crypto
import Foundation
import FormatInspector
import ImageStore
import Logging
import NIOPosix

/// The host's cache of image data that instance disks are backed by (`<instances>/_base/<image id>`), as Nova's
/// `_base`: fetched once per image, verified against the image's `os_hash_value` (sha512) before first use, and
/// re-checked by the format inspector so an unsafe file never becomes a backing file.
///
/// The store's data file is hard-linked when it is on the same filesystem (images are immutable once active), and
/// copied otherwise; either way the bytes are hashed once before the entry is published by a rename.
public actor BaseImageCache {
    let directory: String
    let images: ImageService
    let logger: Logger
    /// Fetches in progress, so concurrent boots of one image share one fetch.
    private var inFlight: [String: Task<String, any Error>] = [:]

    public init(directory: String, images: ImageService, logger: Logger) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.images = images
        self.logger = logger
    }

    /// The verified base file of `image`, fetching it if needed.
    /// - Throws: ``LauncherError`` `conflict` for an image without data or of a format instances cannot boot
    ///   from; `hypervisorFailed` when the data does not match its hash.
    public func baseFile(for image: ImageRecord) async throws -> String {
        let path = directory + "/" + image.id
        if FileManager.default.fileExists(atPath: path) { return path }
        if let running = inFlight[image.id] { return try await running.value }
        let task = Task { try await fetch(image, to: path) }
        inFlight[image.id] = task
        defer { inFlight[image.id] = nil }
        return try await task.value
    }

    private func fetch(_ image: ImageRecord, to path: String) async throws -> String {
        guard image.status == .active, let expected = image.osHashValue else {
            throw LauncherError(.conflict, "Image \(image.id) is not active.")
        }
        guard let format = image.diskFormat, ["raw", "qcow2"].contains(format) else {
            throw LauncherError(.conflict, "Image \(image.id) has disk_format \(image.diskFormat ?? "none"); instances boot from raw or qcow2.")
        }
        let source = images.blobs.path(for: image.id)
        let partial = path + ".partial"
        unlink(partial)
        if link(source, partial) != 0 {
            try FileManager.default.copyItem(atPath: source, toPath: partial)
        }
        do {
            let actual = try await Self.sha512(of: partial)
            guard actual == expected else {
                throw LauncherError(.hypervisorFailed, "The data of image \(image.id) does not match its os_hash_value.")
            }
            _ = try FormatPolicy.verify(declaredFormat: format, report: try FormatInspector.inspect(fileAt: partial))
            chmod(partial, 0o644)
            guard rename(partial, path) == 0 else {
                throw LauncherError(.hypervisorFailed, "Cannot publish the base file of image \(image.id).")
            }
        } catch {
            unlink(partial)
            throw error
        }
        logger.info("Cached base image", metadata: ["image.id": "\(image.id)", "image.size": "\(image.size ?? 0)"])
        return path
    }

    /// Hashes on NIO's blocking pool: gigabytes of sha512 must not hold a cooperative thread.
    static func sha512(of path: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var hasher = SHA512()
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                hasher.update(data: data)
            }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}
