extension NetworkRenderer {
    /// The renderer a guest actually uses, decided from its distribution and its files, or nil when none fits.
    ///
    /// In order: Alpine → `alpine`; Fedora → `networkManager`; the RHEL family (rhel, centos, rocky, almalinux,
    /// oraclelinux …) → `networkManager` from 9 when `/etc/NetworkManager` exists, `ifcfg` up to 8 when
    /// `/etc/sysconfig/network-scripts` exists; then `/etc/netplan` → `netplan` (Ubuntu from 17.10, Debian 13
    /// cloud images); Arch, or `/etc/systemd/network` with systemd-networkd enabled → `networkd`;
    /// `/etc/network/interfaces` → `ifupdown`. netplan comes before ifupdown because upgraded Ubuntu guests keep
    /// both, and the one netplan renders for is the one running.
    ///
    /// - Parameters:
    ///   - distro: libguestfs's `inspect_get_distro` or os-release's `ID` (`ubuntu`, `rhel`, `alpinelinux` …).
    ///   - pathExists: whether a path exists in the guest; the real one asks libguestfs inside the disk image.
    public static func detect<Failure: Error>(
        distro: String, majorVersion: Int, pathExists: (String) throws(Failure) -> Bool
    ) throws(Failure) -> NetworkRenderer? {
        let family = DistroFamily(distro)
        switch family {
        case .alpine:
            return .alpine
        case .fedora:
            return .networkManager
        case .rhel where majorVersion >= 9:
            if try pathExists("/etc/NetworkManager") { return .networkManager }
        case .rhel:
            if try pathExists("/etc/sysconfig/network-scripts") { return .ifcfg }
        default:
            break
        }
        if try pathExists("/etc/netplan") { return .netplan }
        if family == .arch { return .networkd }
        if try pathExists("/etc/systemd/network"),
            try pathExists("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service")
        {
            return .networkd
        }
        if try pathExists("/etc/network/interfaces") { return .ifupdown }
        return nil
    }

    /// The error for a nil ``detect(distro:majorVersion:pathExists:)``, naming everything that was checked.
    public static func undetected(distro: String, majorVersion: Int) -> GuestNetworkError {
        GuestNetworkError(
            .noRenderer,
            "no network configuration system found in the \(distro) \(majorVersion) guest: it is not Alpine, Fedora "
                + "or RHEL-family with /etc/NetworkManager (9+) or /etc/sysconfig/network-scripts (8-), and has none "
                + "of /etc/netplan, /etc/systemd/network with systemd-networkd.service enabled in "
                + "multi-user.target.wants, or /etc/network/interfaces")
    }
}

/// Distribution names as libguestfs and os-release spell them, grouped by how they configure networking.
enum DistroFamily: Equatable {
    case alpine, fedora, rhel, arch, other

    init(_ distro: String) {
        switch distro.lowercased() {
        case "alpine", "alpinelinux": self = .alpine
        case "fedora": self = .fedora
        case "rhel", "redhat-based", "centos", "rocky", "almalinux", "alma", "oraclelinux", "ol", "scientificlinux",
            "circle", "eurolinux", "navy":
            self = .rhel
        case "arch", "archlinux": self = .arch
        default: self = .other
        }
    }
}
