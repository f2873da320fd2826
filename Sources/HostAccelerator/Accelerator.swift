/// How QEMU runs guest code: hardware virtualization (KVM) or QEMU's own translator (TCG).
public enum Accelerator: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case kvm, tcg

    /// The libvirt domain type that uses this accelerator (`<domain type='kvm'>` or `'qemu'`).
    public var libvirtDomainType: String { self == .kvm ? "kvm" : "qemu" }

    /// The libguestfs backend setting that forces this accelerator (`force_kvm` or `force_tcg`).
    public var libguestfsBackendSetting: String { self == .kvm ? "force_kvm" : "force_tcg" }

    public var description: String { rawValue }
}

/// What the operator asked for: a fixed accelerator, or whichever works here.
///
/// Read from `GLINT_ACCELERATOR` (`auto`, `kvm` or `tcg`) by ``AcceleratorPreference/fromEnvironment(_:)``.
public enum AcceleratorPreference: String, Sendable, Codable, CaseIterable {
    /// Probe KVM once and use it when it really runs a guest; TCG otherwise.
    case auto
    /// Always KVM, even if the probe would fail (for hosts where the probe cannot run).
    case kvm
    /// Always TCG (slow, but works everywhere).
    case tcg

    /// The preference in `environment["GLINT_ACCELERATOR"]`, `auto` when unset.
    /// - Throws: ``AcceleratorProbeError`` for any other value, naming the accepted ones.
    public static func fromEnvironment(_ environment: [String: String]) throws(AcceleratorProbeError) -> Self {
        guard let value = environment["GLINT_ACCELERATOR"], !value.isEmpty else { return .auto }
        guard let preference = AcceleratorPreference(rawValue: value.lowercased()) else {
            throw AcceleratorProbeError(
                "GLINT_ACCELERATOR=\(value) is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return preference
    }
}

/// The accelerator chosen, and why: logged, and shown by `glint host info`.
public struct AcceleratorChoice: Sendable, Codable, Equatable {
    public var accelerator: Accelerator
    /// For example `KVM ran a Linux kernel to its panic in 0.8 s`, or `qemu under KVM exited with status 134`.
    public var reason: String

    public init(_ accelerator: Accelerator, reason: String) {
        self.accelerator = accelerator
        self.reason = reason
    }
}

/// A preference that cannot be honoured or parsed.
public struct AcceleratorProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
