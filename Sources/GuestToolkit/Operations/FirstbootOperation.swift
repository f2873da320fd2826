import Foundation

extension GuestSession {
    /// Where Glint's firstboot runner and its scripts live in the guest.
    static let firstbootDirectory: GuestPath = "/usr/lib/glint/firstboot"

    /// Installs `command` to run once at first boot, virt-customize style: a numbered script in
    /// `scripts/`, a runner that executes each script in order, logs to `/root/glint-firstboot.log` and moves it to
    /// `scripts-done/`, and a boot hook for the guest's init system (a systemd unit, an OpenRC service, or a
    /// sysvinit script with `rc2.d`…`rc5.d` links).
    func installFirstboot(command: String) throws -> String {
        guard let initSystem = system.initSystem else {
            throw GuestToolkitError(.unsupportedGuest, "the guest has no systemd, OpenRC or /etc/init.d")
        }
        let scripts = Self.firstbootDirectory.appending("scripts")
        try handle.makeDirectories(scripts.value)
        let existing = try handle.list(scripts.value)
        let number = (existing.compactMap { Int($0.prefix(4)) }.max() ?? 0) + 1
        let script = scripts.appending(String(format: "%04d-glint", number))
        try write(script, text: "#!/bin/sh\n" + command + "\n", mode: 0o755)
        try write(Self.firstbootDirectory.appending("firstboot.sh"), text: Self.firstbootRunner, mode: 0o755)

        switch initSystem {
        case .systemd:
            try write("/etc/systemd/system/glint-firstboot.service", text: Self.systemdUnit, mode: 0o644)
            try handle.makeDirectories("/etc/systemd/system/multi-user.target.wants")
            try handle.symlink("/etc/systemd/system/multi-user.target.wants/glint-firstboot.service", target: "../glint-firstboot.service")
        case .openrc:
            try write("/etc/init.d/glint-firstboot", text: Self.openRCService, mode: 0o755)
            try handle.makeDirectories("/etc/runlevels/default")
            try handle.symlink("/etc/runlevels/default/glint-firstboot", target: "/etc/init.d/glint-firstboot")
        case .sysvinit:
            try write("/etc/init.d/glint-firstboot", text: Self.sysvinitScript, mode: 0o755)
            for level in 2...5 {
                try handle.makeDirectories("/etc/rc\(level).d")
                try handle.symlink("/etc/rc\(level).d/S99glint-firstboot", target: "../init.d/glint-firstboot")
            }
        }
        return "firstboot script \(script) (\(initSystem.rawValue))"
    }

    static let firstbootRunner = """
        #!/bin/sh
        # Installed by Glint: runs each script in scripts/ once, at first boot, in name order.
        dir=/usr/lib/glint/firstboot
        log=/root/glint-firstboot.log
        mkdir -p "$dir/scripts-done"
        for script in "$dir"/scripts/*; do
            [ -f "$script" ] || continue
            echo "=== running $script ===" >>"$log"
            "$script" >>"$log" 2>&1
            echo "=== $script exited with $? ===" >>"$log"
            mv "$script" "$dir/scripts-done/"
        done

        """

    static let systemdUnit = """
        [Unit]
        Description=Glint firstboot scripts
        After=network.target
        ConditionDirectoryNotEmpty=/usr/lib/glint/firstboot/scripts

        [Service]
        Type=oneshot
        ExecStart=/usr/lib/glint/firstboot/firstboot.sh
        RemainAfterExit=yes
        StandardOutput=journal+console
        TimeoutSec=0

        [Install]
        WantedBy=multi-user.target

        """

    static let openRCService = """
        #!/sbin/openrc-run
        description="Glint firstboot scripts"
        depend() { after net; }
        start() { /usr/lib/glint/firstboot/firstboot.sh; }

        """

    static let sysvinitScript = """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides:          glint-firstboot
        # Required-Start:    $local_fs $network
        # Required-Stop:
        # Default-Start:     2 3 4 5
        # Default-Stop:
        # Short-Description: Glint firstboot scripts
        ### END INIT INFO
        case "$1" in
            start) /usr/lib/glint/firstboot/firstboot.sh ;;
        esac

        """
}
