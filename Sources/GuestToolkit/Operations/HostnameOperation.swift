extension GuestSession {
    /// Sets the hostname where this distro keeps it: `/etc/hostname` (every current distro), `/etc/HOSTNAME` on
    /// SUSE, `HOSTNAME=` in
    /// `/etc/sysconfig/network` when that file carries one (RHEL ≤ 6 style), and the `/etc/hosts` line naming the
    /// old hostname (Debian's `127.0.1.1` line), added when missing, so `hostname -f` resolves.
    func setHostname(_ name: String) throws -> String {
        var changed: [String] = []
        let shortName = name.split(separator: ".").first.map(String.init) ?? name
        try write("/etc/hostname", text: name + "\n", mode: 0o644)
        changed.append("/etc/hostname")

        if ["sles", "suse-based", "opensuse"].contains(system.distro) {
            try write("/etc/HOSTNAME", text: name + "\n", mode: 0o644)
            changed.append("/etc/HOSTNAME")
        }
        if let network = try readText("/etc/sysconfig/network"), network.contains("HOSTNAME=") {
            let edited = network.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("HOSTNAME=") ? "HOSTNAME=\(name)" : String(line)
            }.joined(separator: "\n")
            try replace("/etc/sysconfig/network", text: edited)
            changed.append("/etc/sysconfig/network")
        }

        let old = system.inspection.hostname
        var hosts = try readText("/etc/hosts") ?? "127.0.0.1\tlocalhost\n"
        var lines = hosts.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.hasPrefix("127.0.1.1") }) {
            lines[index] = "127.0.1.1\t" + (name == shortName ? name : "\(name) \(shortName)")
        } else if old != "unknown", !old.isEmpty,
            let index = lines.firstIndex(where: { Self.fields($0).dropFirst().contains(old) })
        {
            lines[index] = lines[index].split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map { $0 == old ? name : String($0) }.joined(separator: "\t")
        } else {
            if lines.last == "" { lines.removeLast() }
            lines.append("127.0.1.1\t" + (name == shortName ? name : "\(name) \(shortName)"))
            lines.append("")
        }
        hosts = lines.joined(separator: "\n")
        try replace("/etc/hosts", text: hosts)
        changed.append("/etc/hosts")
        return "hostname \(name) in \(changed.joined(separator: ", "))"
    }

    private static func fields(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}
