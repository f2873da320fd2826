import Foundation

/// A temporary qcow2 overlay on a ``DiskImage``: the appliance writes only here, so the image itself changes only
/// when ``commit()`` runs after every operation succeeded, and a failure anywhere leaves it as it was.
final class ImageOverlay: Sendable {
    let base: DiskImage
    /// The overlay file, in its own temporary directory.
    let path: String
    private let directory: String

    init(on base: DiskImage) throws(GuestToolkitError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glint-overlay-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GuestToolkitError(.toolFailed, "cannot create a temporary directory", underlying: "\(error)")
        }
        self.base = base
        self.directory = directory.path
        self.path = directory.appendingPathComponent("overlay.qcow2").path
        do {
            try QemuImg.createOverlay(path, base: base)
        } catch {
            try? FileManager.default.removeItem(atPath: directory.path)
            throw error
        }
    }

    /// Writes the changes into the base image.
    func commit() throws(GuestToolkitError) {
        try QemuImg.commit(path)
    }

    /// Writes the changed disk into a new file, leaving the base as it was.
    func flatten(to output: String, format: String) throws(GuestToolkitError) {
        try QemuImg.flatten(path, to: output, format: format)
    }

    /// Removes the overlay (after a commit, or to discard the changes).
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
