#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What to do with a network configuration file the guest already has, before Glint's files go in.
public enum ExistingFileAction: Sendable, Equatable {
    /// Keep it: ours take precedence anyway, or it does not compete.
    case leave
    /// Glint writes a file at this very path.
    case replace
    /// Move it to `movedTo`, outside every directory the renderer reads (renaming in place is not enough where a
    /// `*` glob would still read it).
    case disable(movedTo: String)
}

extension NetworkRenderer {
    /// The guest directories whose files ``existingFileAction(forPath:rendered:)`` has an opinion on.
    public var configurationDirectories: [String] {
        switch self {
        case .ifupdown: ["/etc/network", "/etc/network/interfaces.d"]
        case .alpine: ["/etc/network"]
        case .netplan: ["/etc/netplan"]
        case .networkManager: [NetworkManagerRenderer.directory]
        case .ifcfg: [IfcfgRenderer.directory]
        case .networkd: [NetworkdRenderer.directory]
        }
    }

    /// What to do with the guest's file at `path`, given the files Glint renders (`rendered`). Per renderer:
    /// - `netplan`: leave — netplan merges files in lexical order and `90-glint.yaml` comes after cloud-init's
    ///   `50-cloud-init.yaml` and the installer's files, overriding them per interface.
    /// - `ifupdown`: disable cloud-init's `interfaces.d/50-cloud-init[.cfg]` — ifupdown does not merge, it runs
    ///   every stanza, so its DHCP stanza for the same NIC would run beside ours; leave the rest, including
    ///   `/etc/network/interfaces` (check it sources ours with ``interfacesFileSources(_:path:)``).
    /// - `alpine`: replace `/etc/network/interfaces` and `/etc/resolv.conf`; leave the rest.
    /// - `networkManager`: leave — our profiles' `autoconnect-priority` wins over other profiles for the device.
    /// - `ifcfg`: disable every other `ifcfg-*` but `ifcfg-lo` — the network service brings up each file, and a
    ///   second file for a renamed NIC fails or fights ours.
    /// - `networkd`: leave — networkd applies the first matching `.network` in lexical order, and ours are `05-`.
    public func existingFileAction(forPath path: String, rendered: [RenderedFile]) -> ExistingFileAction {
        if rendered.contains(where: { $0.path == path }) { return .replace }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        switch self {
        case .ifupdown:
            if path == "/etc/network/interfaces.d/\(name)", name == "50-cloud-init" || name == "50-cloud-init.cfg" {
                return .disable(movedTo: "/etc/network/glint-disabled/\(name)")
            }
        case .ifcfg:
            if path == "\(IfcfgRenderer.directory)/\(name)", name.hasPrefix("ifcfg-"), name != "ifcfg-lo" {
                return .disable(movedTo: "/etc/sysconfig/glint-disabled/\(name)")
            }
        case .alpine, .netplan, .networkManager, .networkd:
            break
        }
        return .leave
    }

    /// Whether Debian ifupdown, reading `interfaces` (the text of `/etc/network/interfaces`), reads the file at
    /// `path` through a `source` glob or a `source-directory` (whose run-parts rules skip names with dots, as
    /// Debian 8's default `source-directory /etc/network/interfaces.d` does for `90-glint.cfg`). When false the
    /// caller appends `source <path>` or fails clearly; ifupdown itself would ignore our file without a word.
    public static func interfacesFileSources(_ interfaces: String, path: String) -> Bool {
        for line in interfaces.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2 else { continue }
            let target = words[1].hasPrefix("/") ? words[1] : "/etc/network/" + words[1]
            switch words[0] {
            case "source":
                if fnmatch(target, path, FNM_PATHNAME) == 0 { return true }
            case "source-directory":
                let directory = target.hasSuffix("/") ? String(target.dropLast()) : target
                let name = path.split(separator: "/").last.map(String.init) ?? ""
                let runPartsName = !name.isEmpty
                    && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                if path == "\(directory)/\(name)", runPartsName { return true }
            default:
                continue
            }
        }
        return false
    }
}
