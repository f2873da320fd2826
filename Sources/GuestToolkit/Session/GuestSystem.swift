public import GuestNetwork
public import Libguestfs

/// The operating system of a guest image: libguestfs's inspection plus what Glint reads itself to pick how to
/// change it (init system, SELinux, network configuration system). The JSON of `glint guest inspect`.
public struct GuestSystem: Sendable, Equatable, Codable {
    public var inspection: GuestfsInspection
    /// `systemd`, `openrc` or `sysvinit`: where firstboot scripts go; `nil` when none was recognised.
    public var initSystem: InitSystem?
    /// `SELINUX=` of `/etc/selinux/config` (`enforcing`, `permissive`, `disabled`), `nil` without SELinux.
    public var selinuxMode: String?
    /// The network configuration system the guest uses, `nil` when none was recognised.
    public var networkRenderer: NetworkRenderer?

    public init(
        inspection: GuestfsInspection, initSystem: InitSystem?, selinuxMode: String?, networkRenderer: NetworkRenderer?
    ) {
        self.inspection = inspection
        self.initSystem = initSystem
        self.selinuxMode = selinuxMode
        self.networkRenderer = networkRenderer
    }

    /// How the guest starts services at boot.
    public enum InitSystem: String, Sendable, Codable, CaseIterable {
        case systemd, openrc, sysvinit
    }

    public var distro: String { inspection.distro }
    public var majorVersion: Int { inspection.majorVersion }
    public var minorVersion: Int { inspection.minorVersion }

    var isDebianFamily: Bool {
        ["debian", "ubuntu", "linuxmint", "kalilinux"].contains(distro)
    }

    /// Whether the guest's libc verifies yescrypt (`$y$`) hashes, with virt-customize's table
    /// (`mlcustomize/password.ml`): libxcrypt-based releases from Debian 11, Ubuntu 20.04, Fedora 30, RHEL 9,
    /// SUSE 15 and Arch. Others get SHA-512 crypt, which every glibc since 2008 verifies; Alpine's musl knows no
    /// yescrypt.
    var verifiesYescrypt: Bool {
        switch distro {
        case "debian": majorVersion >= 11
        case "ubuntu": majorVersion >= 20
        case "fedora": majorVersion >= 30
        case "rhel", "centos", "rocky", "almalinux", "oraclelinux", "circle": majorVersion >= 9
        case "sles", "suse-based", "opensuse": majorVersion >= 15
        case "archlinux": true
        default: false
        }
    }

    var usesSELinux: Bool { selinuxMode != nil && selinuxMode != "disabled" }
}

extension GuestSystem {
    /// Reads the facts inspection does not give from the mounted guest.
    static func read(inspection: GuestfsInspection, handle: GuestfsHandle) throws -> GuestSystem {
        func exists(_ path: String) throws -> Bool { try handle.exists(path) }

        // What /sbin/init is decides; a systemd binary without the link (init=… on the kernel line) counts too.
        var initSystem: InitSystem?
        let initLink = try handle.status("/sbin/init")?.isSymbolicLink == true ? try handle.readLink("/sbin/init") : ""
        let systemdBinary = try exists("/lib/systemd/systemd") || exists("/usr/lib/systemd/systemd")
        if try initLink.hasSuffix("systemd") || (systemdBinary && exists("/etc/systemd/system")) {
            initSystem = .systemd
        } else if try initLink.hasSuffix("openrc-init") || exists("/sbin/openrc") || exists("/sbin/openrc-run") || exists("/etc/runlevels") {
            initSystem = .openrc
        } else if try exists("/etc/init.d") {
            initSystem = .sysvinit
        }

        var selinuxMode: String?
        if try exists("/etc/selinux/config") {
            let config = String(decoding: try handle.readFile("/etc/selinux/config"), as: UTF8.self)
            selinuxMode = config.split(whereSeparator: \.isNewline)
                .first { $0.hasPrefix("SELINUX=") }
                .map { $0.dropFirst("SELINUX=".count).trimmingCharacters(in: .whitespaces).lowercased() }
        }

        let renderer = try NetworkRenderer.detect(
            distro: inspection.distro, majorVersion: inspection.majorVersion, pathExists: { try handle.exists($0) })
        return GuestSystem(
            inspection: inspection, initSystem: initSystem, selinuxMode: selinuxMode, networkRenderer: renderer)
    }
}
