public import ConfigDrive
public import GuestNetwork

/// One change to make inside a guest image, with virt-customize's operation of the same name as the reference
/// for its behaviour.
public enum GuestOperation: Sendable, Equatable {
    /// Creates or replaces a file with `content` (`--write`).
    case write(path: GuestPath, content: [UInt8], attributes: FileAttributes)
    /// Copies a host file into the guest (`--upload`); only where the plan runs on the caller's own host.
    case upload(source: String, path: GuestPath, attributes: FileAttributes)
    /// Creates a directory and its parents (`--mkdir`).
    case makeDirectory(path: GuestPath, attributes: FileAttributes)
    /// Removes a file or directory tree (`--delete`); nothing there is not an error.
    case delete(path: GuestPath)
    /// Creates or replaces a symbolic link at `path` pointing to `target` (`--link`).
    case symlink(path: GuestPath, target: String)
    /// Appends `line` unless the file already ends with it, creating the file if needed (`--append-line`).
    case appendLine(path: GuestPath, line: String)
    /// Sets the hostname the distro's way (`--hostname`).
    case hostname(String)
    /// Adds SSH public keys to a user's `authorized_keys` (`--ssh-inject`).
    case sshInject(user: String, keys: [String])
    /// Sets, randomizes, locks or disables a user's password in `/etc/shadow` (`--password`, `--root-password`).
    case password(user: String, PasswordSelector)
    /// Runs a shell command once, at the guest's first boot (`--firstboot-command`).
    case firstbootCommand(String)
    /// Asks an SELinux guest to relabel its files at next boot (`--selinux-relabel`).
    case selinuxRelabel
    /// Sets the time zone, for example `Europe/Paris` (`--timezone`).
    case timezone(String)
    /// Empties `/etc/machine-id` so the guest makes a new one at boot (virt-sysprep's `machine-id`).
    case machineIDReset
    /// Writes the guest's network configuration for `network`, in the format of the renderer the guest uses
    /// (detected unless `renderer` is given).
    case injectNetwork(NetworkData, renderer: NetworkRenderer?)

    /// The operation's name in plans and reports (`write`, `ssh-inject` …).
    public var name: String {
        switch self {
        case .write: "write"
        case .upload: "upload"
        case .makeDirectory: "mkdir"
        case .delete: "delete"
        case .symlink: "symlink"
        case .appendLine: "append-line"
        case .hostname: "hostname"
        case .sshInject: "ssh-inject"
        case .password: "password"
        case .firstbootCommand: "firstboot-command"
        case .selinuxRelabel: "selinux-relabel"
        case .timezone: "timezone"
        case .machineIDReset: "machine-id-reset"
        case .injectNetwork: "inject-network"
        }
    }
}

/// Mode and owner for a file or directory an operation creates; unset parts keep what the guest would give.
public struct FileAttributes: Sendable, Equatable {
    /// Permission bits, for example `0o600`.
    public var mode: UInt32?
    /// `user`, `user:group`, or numeric `uid:gid`; names are resolved in the guest's `/etc/passwd` and `/etc/group`.
    public var owner: String?

    public init(mode: UInt32? = nil, owner: String? = nil) {
        self.mode = mode
        self.owner = owner
    }
}

/// What to do with a password, in virt-customize's selector forms.
public enum PasswordSelector: Sendable, Equatable {
    /// `password:TEXT`: set this password.
    case set(String)
    /// `random`: set a new random password and report it.
    case random
    /// `disabled`: no password can log in (`*`); key-based login still works.
    case disabled
    /// `locked`: keep the hash but lock it (`!` prefix), as `passwd -l` does.
    case locked

    /// Parses `password:TEXT`, `random`, `disabled` or `locked`; `file:PATH` is read by the caller first.
    public init(selector: String) throws(GuestToolkitError) {
        switch selector {
        case "random": self = .random
        case "disabled": self = .disabled
        case "locked": self = .locked
        case let text where text.hasPrefix("password:"): self = .set(String(text.dropFirst("password:".count)))
        default:
            throw .invalidPlan("password selector \"\(selector)\" is not password:TEXT, file:PATH, random, disabled or locked")
        }
    }
}
