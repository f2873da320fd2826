import ConfigDrive
import GuestNetwork

extension GuestSession {
    /// Writes the network configuration for `network` in the format of `renderer`, or of the renderer detected
    /// from the guest's contents; refuses a guest that matches none rather than writing files nothing reads.
    ///
    /// Existing files are handled as the renderer says (``NetworkRenderer/existingFileAction(forPath:rendered:)``):
    /// left alone where Glint's files take precedence, moved aside where they would compete (cloud-init's ifupdown
    /// stanza, other ifcfg files).
    func injectNetwork(_ network: NetworkData, renderer requested: NetworkRenderer?) throws -> (String, NetworkRenderer, [String]) {
        guard let renderer = requested ?? system.networkRenderer else {
            let reason = NetworkRenderer.undetected(distro: system.distro, majorVersion: system.majorVersion)
            throw GuestToolkitError(.unsupportedGuest, reason.message + "; give a renderer to force one")
        }
        let files: [RenderedFile]
        do {
            files = try renderer.render(network)
        } catch {
            throw GuestToolkitError(.operationFailed, "\(renderer.rawValue) cannot express this network: \(error.message)")
        }
        var moved: [String] = []
        for directory in renderer.configurationDirectories where try handle.isDirectory(directory) {
            for name in try handle.list(directory) {
                let path = directory + "/" + name
                guard case .disable(let destination) = renderer.existingFileAction(forPath: path, rendered: files) else { continue }
                let target = try GuestPath(destination)
                try handle.makeDirectories(target.parent.value)
                try handle.rename(path, to: target.value)
                moved.append(path)
            }
        }
        for file in files {
            try write(try GuestPath(file.path), text: file.contents, mode: file.mode, owner: (uid: 0, gid: 0))
        }
        if renderer == .ifupdown, let ours = files.first?.path {
            let interfaces = try readText("/etc/network/interfaces") ?? ""
            if !NetworkRenderer.interfacesFileSources(interfaces, path: ours) {
                _ = try appendLine("source \(ours)", to: "/etc/network/interfaces")
            }
        }
        let paths = files.map(\.path)
        var summary = "\(renderer.rawValue): wrote \(paths.joined(separator: ", "))"
        if !moved.isEmpty { summary += "; moved aside \(moved.joined(separator: ", "))" }
        return (summary, renderer, paths)
    }
}
