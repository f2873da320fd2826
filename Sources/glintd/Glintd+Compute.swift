import Crypto
import Foundation
import GuestToolkit
import ImageStore
import Launcher
import Logging

extension Glintd {
    /// The compute side: on unless the configuration says `"compute": false`; without a reachable libvirtd glintd
    /// serves the image API alone and says so in its log.
    static func openLauncher(
        file: GlintdConfiguration?, dataDirectory: String, images: ImageService, customizer: GuestCustomizer, logger: Logger
    ) async throws -> Launcher? {
        guard file?.compute ?? true else { return nil }
        var configuration = Launcher.Configuration(
            instancesDirectory: file?.instancesDir ?? defaultInstancesDirectory(dataDirectory: dataDirectory))
        if let uri = file?.libvirtURI { configuration.libvirtURI = uri }
        configuration.rescueImagePath = file?.rescueImage
        let store = try InstanceStore(path: dataDirectory + "/instances.sqlite")
        do {
            let launcher = try await Launcher.open(
                configuration: configuration, images: images, store: store, customizer: customizer, logger: logger)
            try await launcher.reconcile()
            logger.info("Compute API enabled", metadata: ["instances.directory": "\(configuration.instancesDirectory)"])
            return launcher
        } catch {
            logger.notice("Compute API disabled: libvirt is not reachable", metadata: ["libvirt.uri": "\(configuration.libvirtURI)", "error": "\(error)"])
            return nil
        }
    }

    /// `/var/lib/glint/instances-<hash of the data directory>` as root (QEMU, running as libvirt-qemu, must
    /// traverse every directory above a disk, which a data directory under /root does not allow; the hash keeps
    /// two glintd with different data directories apart), else `<data-dir>/instances`.
    static func defaultInstancesDirectory(dataDirectory: String) -> String {
        let absolute = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        guard getuid() == 0 else { return absolute + "/instances" }
        let digest = SHA256.hash(data: Array(absolute.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        return "/var/lib/glint/instances-" + digest
    }
}
