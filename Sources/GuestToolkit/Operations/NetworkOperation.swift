import ConfigDrive
import GuestNetwork

extension GuestSession {
    /// Writes the network configuration for `network` in the format of `renderer`, or of the renderer detected
    /// from the guest's contents; refuses a guest that matches none rather than writing files nothing reads.
    func injectNetwork(_ network: NetworkData, renderer requested: NetworkRenderer?) throws -> (String, NetworkRenderer, [String]) {
        guard let renderer = requested ?? system.networkRenderer else {
            throw GuestToolkitError(
                .unsupportedGuest,
                "no known network configuration system in this guest (\(system.distro) "
                    + "\(system.majorVersion)); checked for netplan, NetworkManager, ifcfg, Alpine, systemd-networkd "
                    + "and ifupdown. Pass a renderer to force one")
        }
        let files = try renderer.render(network)
        for file in files {
            let path = try GuestPath(file.path)
            try write(path, text: file.contents, mode: file.mode, owner: (uid: 0, gid: 0))
        }
        if renderer == .ifupdown {
            try ensureInterfacesSourcesDropIns()
        }
        let paths = files.map(\.path)
        return ("\(renderer.rawValue): wrote \(paths.joined(separator: ", "))", renderer, paths)
    }

    /// Debian's `/etc/network/interfaces` sources `interfaces.d/*` by default; an image whose file does not (older
    /// or hand-made ones) gets the `source` line appended, or Glint's file would be ignored.
    private func ensureInterfacesSourcesDropIns() throws {
        let text = try readText("/etc/network/interfaces") ?? ""
        let sources = text.split(whereSeparator: \.isNewline).contains { line in
            let words = line.split(separator: " ")
            return words.count >= 2 && (words[0] == "source" || words[0] == "source-directory")
                && words[1].hasPrefix("/etc/network/interfaces.d")
        }
        if !sources {
            _ = try appendLine("source /etc/network/interfaces.d/*", to: "/etc/network/interfaces")
        }
    }
}
