import Foundation
import Logging

/// Decides, once per process (and once per host boot through a cache file), whether KVM really works.
///
/// `/dev/kvm` existing is not enough: on some hosts (nested virtualization without the features a Linux guest
/// needs) QEMU starts under KVM and the guest then hangs, or QEMU aborts setting an MSR. So the probe boots the
/// host's own Linux kernel under KVM with `-cpu host` (what libguestfs and Glint's domains use), no disk and
/// `panic=-1`: a working KVM runs it to its "cannot mount root" panic and QEMU exits within a second or two;
/// a broken one hangs until the time limit or crashes. TCG is chosen then, with the reason recorded.
public actor AcceleratorProbe {
    /// The probe of this process, with the default settings.
    public static let shared = AcceleratorProbe()

    /// Where the probe looks and how long it waits.
    public struct Settings: Sendable {
        /// The QEMU system emulator to run.
        public var qemuBinary: String = "qemu-system-x86_64"
        /// Kernels to try, first readable one wins; by default the running kernel's, then any in `/boot`.
        public var kernelCandidates: [String]? = nil
        /// The bound on one probe. A working KVM needs 1-2 s; TCG would need 5-10 s for the same kernel.
        public var timeLimit: Duration = .seconds(20)
        /// The cache file, valid while `/proc/sys/kernel/random/boot_id` stays the same; `nil` for no cache.
        public var cacheFile: String? = "/run/glint/accelerator.json"

        public init() {}
    }

    private let settings: Settings
    private var choice: AcceleratorChoice?

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The accelerator to use for `preference`; probes at most once (later calls return the first answer).
    public func choose(_ preference: AcceleratorPreference, logger: Logger) async -> AcceleratorChoice {
        switch preference {
        case .kvm: return AcceleratorChoice(.kvm, reason: "KVM forced by configuration")
        case .tcg: return AcceleratorChoice(.tcg, reason: "TCG forced by configuration")
        case .auto: break
        }
        if let choice { return choice }
        let bootID = Self.bootID()
        if let cached = settings.cacheFile.flatMap({ ProbeCache.read(path: $0, bootID: bootID) }) {
            logger.debug(
                "accelerator.cached",
                metadata: ["accelerator": "\(cached.accelerator)", "accelerator.reason": "\(cached.reason)"])
            choice = cached
            return cached
        }
        let probed = await probe(logger: logger)
        logger.info(
            "accelerator.probed",
            metadata: ["accelerator": "\(probed.accelerator)", "accelerator.reason": "\(probed.reason)"])
        if let path = settings.cacheFile, let bootID {
            ProbeCache.write(probed, path: path, bootID: bootID, logger: logger)
        }
        choice = probed
        return probed
    }

    /// Runs the checks in order: the device, a kernel to boot, then the boot itself.
    private func probe(logger: Logger) async -> AcceleratorChoice {
        let device = open("/dev/kvm", O_RDWR | O_CLOEXEC)
        guard device >= 0 else {
            let reason = String(cString: strerror(errno))
            return AcceleratorChoice(.tcg, reason: "/dev/kvm cannot be opened read-write: \(reason)")
        }
        close(device)
        guard let kernel = (settings.kernelCandidates ?? Self.defaultKernels()).first(where: { access($0, R_OK) == 0 })
        else {
            return AcceleratorChoice(.kvm, reason: "/dev/kvm opens; no kernel to test-boot, so KVM is assumed to work")
        }
        do {
            let outcome = try await KernelBoot(qemuBinary: settings.qemuBinary, kernel: kernel)
                .run(accelerator: .kvm, timeLimit: settings.timeLimit)
            logger.debug("accelerator.probe.outcome", metadata: ["accelerator.outcome": "\(outcome)"])
            if outcome.reachedPanic {
                return AcceleratorChoice(.kvm, reason: "KVM booted \(kernel) to its expected panic in \(outcome.elapsed)")
            }
            return AcceleratorChoice(.tcg, reason: "KVM does not run a guest here: \(outcome)")
        } catch {
            return AcceleratorChoice(.tcg, reason: "the KVM probe could not run: \(error)")
        }
    }

    /// The running kernel's image, then every other `/boot/vmlinuz-*`, newest name first.
    static func defaultKernels() -> [String] {
        // The running kernel's release, as `uname -r` prints it.
        let running = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: "/boot")) ?? [])
            .filter { $0.hasPrefix("vmlinuz-") }
            .sorted(by: >)
            .map { "/boot/" + $0 }
        return ["/boot/vmlinuz-" + running] + others
    }

    /// This boot's identity; a cached answer from an earlier boot (or another kernel) is ignored.
    static func bootID() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
