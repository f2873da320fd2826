import Foundation
import HostAccelerator
import Libguestfs
import Logging

/// Reads files back out of customized images through a separate, read-only libguestfs handle: the proof that a
/// change reached the image file, not only the customizer's own view of it.
struct GuestReadBack: Sendable {
    struct File: Sendable {
        var status: GuestfsFileStatus
        var text: String
        var linkTarget: String?
    }

    /// Per image, the files found among `paths` (absent paths are missing from the dictionary).
    var images: [[String: File]]

    /// One launch for every image: mount each image's root read-only in turn and read `paths[i]` from image i.
    static func read(images: [String], paths: [[String]]) async throws -> GuestReadBack {
        let choice = await AcceleratorProbe.shared.choose(.auto, logger: Logger(label: "test.readback"))
        return try await GuestfsHandle.withHandle { handle in
            try handle.setBackendSettings([choice.accelerator.libguestfsBackendSetting])
            for image in images {
                try handle.addDrive(path: image, format: "qcow2", readOnly: true)
            }
            try handle.launch()
            let devices = try handle.listDevices()
            let roots = try handle.inspectOperatingSystems()
            var result: [[String: File]] = []
            for (index, device) in devices.enumerated() {
                var files: [String: File] = [:]
                if let root = roots.first(where: { $0.hasPrefix(device) }) {
                    try handle.mount(root, at: "/", readOnly: true)
                    for path in paths[index] {
                        guard let status = try handle.status(path) else { continue }
                        let text = status.isRegularFile ? String(decoding: try handle.readFile(path), as: UTF8.self) : ""
                        let link = status.isSymbolicLink ? try handle.readLink(path) : nil
                        files[path] = File(status: status, text: text, linkTarget: link)
                    }
                    try handle.unmountAll()
                }
                result.append(files)
            }
            try handle.shutdown()
            return GuestReadBack(images: result)
        }
    }
}
