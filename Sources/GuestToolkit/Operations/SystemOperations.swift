import Libguestfs


extension GuestSession {
    /// Touches `/.autorelabel` when the guest runs SELinux (`SELINUX=` not `disabled`), so files written without
    /// labels get them at boot; elsewhere a no-op, said in the summary.
    func requestSELinuxRelabel() throws -> String {
        guard system.usesSELinux else { return "no SELinux in this guest; nothing to relabel" }
        try write("/.autorelabel", text: "")
        return "requested an SELinux relabel at next boot (/.autorelabel)"
    }

    /// Points `/etc/localtime` at the zone's file, and writes `/etc/timezone` where the distro reads it
    /// (Debian family, or when the file exists); fails when the guest has no such zone file.
    func setTimezone(_ zone: String) throws -> String {
        let target = "/usr/share/zoneinfo/" + zone
        guard try handle.exists(target) else {
            throw GuestToolkitError.operationFailed("the guest has no \(target) (is tzdata installed?)")
        }
        try handle.symlink("/etc/localtime", target: target)
        var changed = ["/etc/localtime"]
        if try system.isDebianFamily || handle.exists("/etc/timezone") {
            try write("/etc/timezone", text: zone + "\n", mode: 0o644)
            changed.append("/etc/timezone")
        }
        return "time zone \(zone) in \(changed.joined(separator: ", "))"
    }

    /// Empties `/etc/machine-id` (systemd makes a new one at boot; an absent file would instead make it
    /// "first boot" for every unit) and removes dbus's copy unless it is a link to it.
    func resetMachineID() throws -> String {
        var changed: [String] = []
        if try handle.exists("/etc/machine-id") {
            try replace("/etc/machine-id", text: "")
            changed.append("emptied /etc/machine-id")
        }
        if let status = try handle.status("/var/lib/dbus/machine-id"), !status.isSymbolicLink {
            try handle.removeRecursively("/var/lib/dbus/machine-id")
            changed.append("removed /var/lib/dbus/machine-id")
        }
        return changed.isEmpty ? "no machine-id in this guest" : changed.joined(separator: ", ")
    }
}
