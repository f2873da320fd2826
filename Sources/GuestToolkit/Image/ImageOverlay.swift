import Foundation
import QemuImage

/// A temporary qcow2 overlay on a ``DiskImage``: the appliance writes only here, so the image itself changes only
/// when ``commit()`` runs after every operation succeeded, and a failure anywhere leaves it as it was.
final class ImageOverlay: Sendable {
    let base: DiskImage
    /// The overlay file: one plain file in the scratch directory (glintd's `tmp/`, swept at startup).
    let path: String

    init(on base: DiskImage, in directory: String) throws(GuestToolkitError) {
        self.base = base
        self.path = directory + "/glint-overlay-\(UUID().uuidString).qcow2"
        do {
            try qemuImg { () throws(QemuImgError) in try QemuImg.createOverlay(path, base: base.path, baseFormat: base.format.rawValue) }
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Writes the changes into the base image.
    func commit() throws(GuestToolkitError) {
        try qemuImg { () throws(QemuImgError) in try QemuImg.commit(path) }
    }

    /// Writes the changed disk into a new file, leaving the base as it was.
    func flatten(to output: String, format: String) throws(GuestToolkitError) {
        try qemuImg { () throws(QemuImgError) in try QemuImg.convert(path, sourceFormat: "qcow2", to: output, format: format) }
    }

    /// Removes the overlay (after a commit, or to discard the changes).
    func remove() {
        unlink(path)
    }
}
