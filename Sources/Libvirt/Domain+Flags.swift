internal import CLibvirt

/// The flag sets of the domain calls, each an `OptionSet` over libvirt's own bits so that the raw value is passed
/// to C unchanged. An empty set is libvirt's default (`0`).
extension Domain {
    /// Options for ``LibvirtConnection/defineDomain(xml:flags:)`` (`virDomainDefineFlags`).
    public struct DefineFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Validate the document against libvirt's schema (`VIR_DOMAIN_DEFINE_VALIDATE`).
        public static var validate: Self { Self(rawValue: VIR_DOMAIN_DEFINE_VALIDATE.rawValue) }
    }

    /// Options for starting a domain (`virDomainCreateFlags`), for ``Domain/start(flags:)`` and
    /// ``LibvirtConnection/createDomain(xml:flags:)``.
    public struct StartFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Leave the vCPUs paused after start (`VIR_DOMAIN_START_PAUSED`).
        public static var paused: Self { Self(rawValue: VIR_DOMAIN_START_PAUSED.rawValue) }
        /// Destroy the domain when the connection closes (`VIR_DOMAIN_START_AUTODESTROY`).
        public static var autoDestroy: Self { Self(rawValue: VIR_DOMAIN_START_AUTODESTROY.rawValue) }
        /// Avoid the host page cache when restoring a managed save (`VIR_DOMAIN_START_BYPASS_CACHE`).
        public static var bypassCache: Self { Self(rawValue: VIR_DOMAIN_START_BYPASS_CACHE.rawValue) }
        /// Boot afresh, discarding a managed save image (`VIR_DOMAIN_START_FORCE_BOOT`).
        public static var forceBoot: Self { Self(rawValue: VIR_DOMAIN_START_FORCE_BOOT.rawValue) }
        /// Validate the document against the schema, for transient domains (`VIR_DOMAIN_START_VALIDATE`).
        public static var validate: Self { Self(rawValue: VIR_DOMAIN_START_VALIDATE.rawValue) }
    }

    /// Options for ``Domain/destroy(flags:)`` (`virDomainDestroyFlagsValues`).
    public struct DestroyFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Send QEMU only SIGTERM, never SIGKILL, and fail if it does not exit (`VIR_DOMAIN_DESTROY_GRACEFUL`).
        public static var graceful: Self { Self(rawValue: VIR_DOMAIN_DESTROY_GRACEFUL.rawValue) }
        /// Also remove the domain's QEMU log (`VIR_DOMAIN_DESTROY_REMOVE_LOGS`, libvirt 8.3).
        public static var removeLogs: Self { Self(rawValue: VIR_DOMAIN_DESTROY_REMOVE_LOGS.rawValue) }
    }

    /// Options for ``Domain/undefine(flags:)`` (`virDomainUndefineFlagsValues`).
    ///
    /// Without the matching flag, libvirt refuses to undefine a domain that has a managed save image, snapshot or
    /// checkpoint metadata, or NVRAM; ``all`` removes every one of them, as Nova's terminate does.
    public struct UndefineFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Also remove a managed save image (`VIR_DOMAIN_UNDEFINE_MANAGED_SAVE`).
        public static var managedSave: Self { Self(rawValue: VIR_DOMAIN_UNDEFINE_MANAGED_SAVE.rawValue) }
        /// Also remove snapshot metadata, not the snapshot data (`VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA`).
        public static var snapshotsMetadata: Self {
            Self(rawValue: VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA.rawValue)
        }
        /// Also remove the UEFI NVRAM file (`VIR_DOMAIN_UNDEFINE_NVRAM`).
        public static var nvram: Self { Self(rawValue: VIR_DOMAIN_UNDEFINE_NVRAM.rawValue) }
        /// Also remove checkpoint metadata (`VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA`).
        public static var checkpointsMetadata: Self {
            Self(rawValue: VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA.rawValue)
        }
        /// Everything a terminated instance leaves behind.
        public static var all: Self { [.managedSave, .snapshotsMetadata, .nvram, .checkpointsMetadata] }
    }

    /// How ``Domain/shutdown(mode:)`` asks the guest to power off (`virDomainShutdownFlagValues`); libvirt tries
    /// the given methods in an order of its own and the empty set lets the hypervisor choose.
    public struct ShutdownMode: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Press the ACPI power button (`VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN`).
        public static var acpi: Self { Self(rawValue: VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN.rawValue) }
        /// Ask the guest agent (`VIR_DOMAIN_SHUTDOWN_GUEST_AGENT`).
        public static var agent: Self { Self(rawValue: VIR_DOMAIN_SHUTDOWN_GUEST_AGENT.rawValue) }
    }

    /// How ``Domain/reboot(mode:)`` asks the guest to restart (`virDomainRebootFlagValues`).
    public struct RebootMode: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Press the ACPI power button; `on_reboot` decides the rest (`VIR_DOMAIN_REBOOT_ACPI_POWER_BTN`).
        public static var acpi: Self { Self(rawValue: VIR_DOMAIN_REBOOT_ACPI_POWER_BTN.rawValue) }
        /// Ask the guest agent (`VIR_DOMAIN_REBOOT_GUEST_AGENT`).
        public static var agent: Self { Self(rawValue: VIR_DOMAIN_REBOOT_GUEST_AGENT.rawValue) }
    }

    /// Options for ``Domain/managedSave(flags:)`` (`virDomainSaveRestoreFlags`).
    public struct SaveFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Avoid the host page cache (`VIR_DOMAIN_SAVE_BYPASS_CACHE`).
        public static var bypassCache: Self { Self(rawValue: VIR_DOMAIN_SAVE_BYPASS_CACHE.rawValue) }
        /// Restore running, whatever the state at save (`VIR_DOMAIN_SAVE_RUNNING`).
        public static var running: Self { Self(rawValue: VIR_DOMAIN_SAVE_RUNNING.rawValue) }
        /// Restore paused (`VIR_DOMAIN_SAVE_PAUSED`).
        public static var paused: Self { Self(rawValue: VIR_DOMAIN_SAVE_PAUSED.rawValue) }
    }

    /// Options for ``Domain/xmlDescription(flags:)`` (`virDomainXMLFlags`).
    public struct XMLFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Include security-sensitive values such as VNC passwords (`VIR_DOMAIN_XML_SECURE`).
        public static var secure: Self { Self(rawValue: VIR_DOMAIN_XML_SECURE.rawValue) }
        /// The persistent definition rather than the live one (`VIR_DOMAIN_XML_INACTIVE`).
        public static var inactive: Self { Self(rawValue: VIR_DOMAIN_XML_INACTIVE.rawValue) }
        /// A description fit for migration (`VIR_DOMAIN_XML_MIGRATABLE`).
        public static var migratable: Self { Self(rawValue: VIR_DOMAIN_XML_MIGRATABLE.rawValue) }
    }

    /// Which definition a change applies to (`virDomainModificationImpact`), with the extra bits of
    /// ``Domain/setVcpus(_:flags:)`` and ``Domain/setMemory(kibibytes:flags:)``. The empty set is
    /// `VIR_DOMAIN_AFFECT_CURRENT`: the live domain if running, else the persistent definition.
    public struct ModificationFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// The running domain (`VIR_DOMAIN_AFFECT_LIVE`).
        public static var live: Self { Self(rawValue: VIR_DOMAIN_AFFECT_LIVE.rawValue) }
        /// The persistent definition (`VIR_DOMAIN_AFFECT_CONFIG`).
        public static var config: Self { Self(rawValue: VIR_DOMAIN_AFFECT_CONFIG.rawValue) }
        /// The maximum rather than the current vCPU count or memory (`VIR_DOMAIN_VCPU_MAXIMUM`, equal to
        /// `VIR_DOMAIN_MEM_MAXIMUM`).
        public static var maximum: Self { Self(rawValue: VIR_DOMAIN_VCPU_MAXIMUM.rawValue) }
        /// vCPUs: change them inside the guest through the agent (`VIR_DOMAIN_VCPU_GUEST`).
        public static var guest: Self { Self(rawValue: VIR_DOMAIN_VCPU_GUEST.rawValue) }
        /// vCPUs: make added ones hot-unpluggable (`VIR_DOMAIN_VCPU_HOTPLUGGABLE`).
        public static var hotpluggable: Self { Self(rawValue: VIR_DOMAIN_VCPU_HOTPLUGGABLE.rawValue) }
    }

    /// Where ``Domain/hostname(source:)`` reads the guest's host name (`virDomainGetHostnameFlags`).
    public struct HostnameSource: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// The DHCP leases of libvirt networks (`VIR_DOMAIN_GET_HOSTNAME_LEASE`).
        public static var lease: Self { Self(rawValue: VIR_DOMAIN_GET_HOSTNAME_LEASE.rawValue) }
        /// The guest agent (`VIR_DOMAIN_GET_HOSTNAME_AGENT`).
        public static var agent: Self { Self(rawValue: VIR_DOMAIN_GET_HOSTNAME_AGENT.rawValue) }
    }

    /// Which groups ``Domain/guestInfo(types:)`` asks the agent for (`virDomainGuestInfoTypes`); the empty set
    /// asks for every group the agent supports.
    public struct GuestInfoTypes: OptionSet, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Logged-in users (`VIR_DOMAIN_GUEST_INFO_USERS`).
        public static var users: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_USERS.rawValue) }
        /// os-release and kernel (`VIR_DOMAIN_GUEST_INFO_OS`).
        public static var os: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_OS.rawValue) }
        /// Time zone (`VIR_DOMAIN_GUEST_INFO_TIMEZONE`).
        public static var timezone: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_TIMEZONE.rawValue) }
        /// Host name (`VIR_DOMAIN_GUEST_INFO_HOSTNAME`).
        public static var hostname: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_HOSTNAME.rawValue) }
        /// Mounted file systems (`VIR_DOMAIN_GUEST_INFO_FILESYSTEM`).
        public static var filesystem: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_FILESYSTEM.rawValue) }
        /// Disks (`VIR_DOMAIN_GUEST_INFO_DISKS`).
        public static var disks: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_DISKS.rawValue) }
        /// Network interfaces and addresses (`VIR_DOMAIN_GUEST_INFO_INTERFACES`).
        public static var interfaces: Self { Self(rawValue: VIR_DOMAIN_GUEST_INFO_INTERFACES.rawValue) }
    }
}
