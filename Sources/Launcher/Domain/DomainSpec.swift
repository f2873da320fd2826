public import Foundation
public import HostAccelerator

/// A virtual machine as the launcher describes it, rendered to libvirt domain XML by ``xml()``.
///
/// The defaults follow Nova's libvirt driver where Glint has no reason to differ: SMBIOS system entries naming
/// OpenStack Nova with the instance UUID (cloud-init compares it with the config drive's), ACPI and APIC,
/// a UTC clock, power-off and crash destroy the domain while a reboot restarts it, a virtio memory balloon with
/// statistics, and the QEMU guest agent channel. The accelerator picks the domain type (`kvm` or `qemu`), the CPU
/// (`host-passthrough` or `qemu64`) and, under TCG, a bounded translation-block cache.
public struct DomainSpec: Sendable, Hashable {
    /// The libvirt domain name, unique per host; Nova's is `instance-%08x`.
    public var name: String
    /// The domain UUID, also the SMBIOS system UUID and serial: the instance id.
    public var uuid: UUID
    /// An optional human-readable title (`<title>`), for example the instance's display name.
    public var title: String?
    /// How QEMU runs the guest: KVM, or TCG when KVM does not work here.
    public var accelerator: Accelerator
    /// vCPUs present at start.
    public var vcpus: Int
    /// vCPUs that can be hot-plugged up to; `nil` for ``vcpus``.
    public var maxVcpus: Int?
    /// Guest memory in MiB.
    public var memoryMiB: Int
    /// The QEMU machine type.
    public var machine: MachineType = .pc
    /// The guest CPU; `nil` for the accelerator's default (see ``CPUModel/default(for:)``).
    public var cpu: CPUModel?
    /// Under TCG, the translation-block cache in MiB: QEMU's default of 1 GiB makes a tiny guest's QEMU use
    /// about 590 MB against about 250 MB with 64 MiB. `nil` leaves QEMU's default. Ignored under KVM.
    public var tcgTranslationCacheMiB: Int? = 64
    /// SMBIOS system entries.
    public var smbios: SMBIOS = SMBIOS()
    /// Direct kernel boot; `nil` to boot from the disks (the tiny image boots through extlinux).
    public var kernelBoot: KernelBoot?
    /// What happens when the guest powers off, reboots or crashes.
    public var lifecycle: Lifecycle = Lifecycle()
    /// Disks and CD-ROMs, in target order.
    public var disks: [Disk] = []
    /// Network interfaces, in guest order.
    public var interfaces: [NetworkInterface] = []
    /// The first serial port and where its output is kept; `nil` for no serial port.
    public var serialConsole: SerialConsole?
    /// Whether to add the QEMU guest agent's virtio channel (`org.qemu.guest_agent.0`).
    public var guestAgent: Bool = true
    /// Remote displays, each on its own automatically chosen port.
    public var graphics: [Graphics] = []
    /// The video card; `nil` for the default: none without graphics, `qxl` with SPICE, `virtio` otherwise.
    public var video: VideoModel?
    /// The memory balloon; `nil` for none (`<memballoon model='none'/>`).
    public var memoryBalloon: MemoryBalloon? = MemoryBalloon()
    /// The DAC security label; `nil` for libvirt's default, dynamic labelling (QEMU runs as `libvirt-qemu` and
    /// libvirt chowns the images it uses).
    public var securityLabel: SecurityLabel?

    /// Creates a description with Nova's defaults for everything not given.
    public init(name: String, uuid: UUID = UUID(), accelerator: Accelerator, vcpus: Int = 1, memoryMiB: Int) {
        self.name = name
        self.uuid = uuid
        self.accelerator = accelerator
        self.vcpus = vcpus
        self.memoryMiB = memoryMiB
    }

    /// The libvirt domain type for ``accelerator``: `kvm` or `qemu`.
    public var domainType: String { accelerator.libvirtDomainType }
}

extension DomainSpec {
    /// A QEMU machine type such as `pc` (i440FX) or `q35`.
    public struct MachineType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        /// i440FX with PIIX (IDE, no PCIe): the widest guest support.
        public static let pc: Self = "pc"
        /// Q35 with ICH9 (SATA, PCIe, no IDE).
        public static let q35: Self = "q35"

        /// Whether the machine has an IDE controller.
        var hasIDE: Bool { !rawValue.hasPrefix("q35") && !rawValue.hasPrefix("pc-q35") }
    }

    /// The guest CPU model.
    public enum CPUModel: Sendable, Hashable {
        /// The host CPU as is (`<cpu mode='host-passthrough'>`): fastest, KVM only, not migratable.
        case hostPassthrough
        /// A named model QEMU emulates (`<cpu mode='custom'><model fallback='allow'>…`), such as `qemu64`.
        case custom(String)

        /// `host-passthrough` under KVM; `qemu64` under TCG, where no host model can be passed through.
        public static func `default`(for accelerator: Accelerator) -> CPUModel {
            accelerator == .kvm ? .hostPassthrough : .custom("qemu64")
        }
    }

    /// SMBIOS system entries (`<sysinfo type='smbios'><system>`), read by the guest's firmware tables.
    ///
    /// The system UUID is always the domain UUID (libvirt refuses a mismatch), and the serial defaults to it as
    /// Nova's `sysinfo_serial = unique` does.
    public struct SMBIOS: Sendable, Hashable {
        public var manufacturer: String? = "OpenStack Foundation"
        public var product: String? = "OpenStack Nova"
        public var version: String?
        /// `nil` for the domain UUID.
        public var serial: String?
        public var family: String? = "Virtual Machine"

        public init() {}
    }

    /// A kernel, initrd and command line booted directly, without a boot loader.
    public struct KernelBoot: Sendable, Hashable {
        public var kernel: String
        public var initrd: String?
        public var commandLine: String?

        public init(kernel: String, initrd: String? = nil, commandLine: String? = nil) {
            self.kernel = kernel
            self.initrd = initrd
            self.commandLine = commandLine
        }
    }

    /// What libvirt does on each guest event (`<on_poweroff>`, `<on_reboot>`, `<on_crash>`).
    public struct Lifecycle: Sendable, Hashable {
        public var onPoweroff: Action = .destroy
        public var onReboot: Action = .restart
        public var onCrash: Action = .destroy

        public init() {}

        /// A lifecycle action such as `destroy`, `restart` or `preserve`.
        public struct Action: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
            public var rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public init(stringLiteral value: String) { self.rawValue = value }

            public static let destroy: Self = "destroy"
            public static let restart: Self = "restart"
            public static let preserve: Self = "preserve"
        }
    }
}
