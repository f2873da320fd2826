import Foundation
import Logging
import Testing

@testable import HostAccelerator

/// The probe runs QEMU for real: the kernel it boots is the host's own from /boot.
@Suite("Accelerator probe")
struct AcceleratorProbeTests {
    let logger = Logger(label: "test.accelerator")

    private func settings() -> AcceleratorProbe.Settings {
        var settings = AcceleratorProbe.Settings()
        settings.cacheFile = nil
        return settings
    }

    @Test("a forced preference is used without probing")
    func forced() async {
        let probe = AcceleratorProbe(settings: settings())
        #expect(await probe.choose(.tcg, logger: logger).accelerator == .tcg)
        #expect(await probe.choose(.kvm, logger: logger).accelerator == .kvm)
    }

    @Test("GLINT_ACCELERATOR is parsed, and a wrong value names the accepted ones")
    func environment() throws {
        #expect(try AcceleratorPreference.fromEnvironment([:]) == .auto)
        #expect(try AcceleratorPreference.fromEnvironment(["GLINT_ACCELERATOR": "TCG"]) == .tcg)
        let error = try #require(throws: AcceleratorProbeError.self) {
            try AcceleratorPreference.fromEnvironment(["GLINT_ACCELERATOR": "hvf"])
        }
        #expect(error.message.contains("auto, kvm, tcg"))
    }

    @Test("the host kernel boots to its panic under TCG: the probe's success path works")
    func kernelBootUnderTCG() async throws {
        let kernel = try #require(AcceleratorProbe.defaultKernels().first { access($0, R_OK) == 0 })
        let outcome = try await KernelBoot(qemuBinary: "qemu-system-x86_64", kernel: kernel)
            .run(accelerator: .tcg, timeLimit: .seconds(60))
        #expect(outcome.exitStatus == 0)
        #expect(outcome.reachedPanic, "\(outcome)")
    }

    /// On this project's CI machines /dev/kvm exists but guests hang; on a host with working KVM the probe must
    /// choose it. Either way the answer comes with a reason, and a second call returns the first answer.
    @Test("auto probes once, answers with a reason, and matches what KVM really does here")
    func autoProbe() async throws {
        let probe = AcceleratorProbe(settings: settings())
        let first = await probe.choose(.auto, logger: logger)
        #expect(!first.reason.isEmpty)
        #expect(await probe.choose(.auto, logger: logger) == first)
        if access("/dev/kvm", R_OK | W_OK) != 0 {
            #expect(first.accelerator == .tcg)
        }
        if let expected = ProcessInfo.processInfo.environment["GLINT_EXPECT_ACCELERATOR"] {
            #expect(first.accelerator.rawValue == expected, "\(first.reason)")
        }
    }

    @Test("the cache file is honoured only for the same boot")
    func cache() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glint-accel-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let choice = AcceleratorChoice(.kvm, reason: "test")
        ProbeCache.write(choice, path: path, bootID: "boot-a", logger: logger)
        #expect(ProbeCache.read(path: path, bootID: "boot-a") == choice)
        #expect(ProbeCache.read(path: path, bootID: "boot-b") == nil)
    }
}
