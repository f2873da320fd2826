import Foundation
public import HostAccelerator
import Libguestfs
public import Logging

/// Inspects and customizes disk images through one libguestfs appliance per call.
///
/// The appliance launch dominates the cost (20–50 s under TCG, 2–4 s with KVM), so a plan, and a batch of plans
/// for several images, is applied in a single launch. Changes go to a qcow2 overlay per image and reach the image
/// (or a new file) only after every operation of its plan succeeded and the appliance shut down cleanly.
public struct GuestCustomizer: Sendable {
    public var logger: Logger
    public var accelerator: AcceleratorPreference
    public var probe: AcceleratorProbe
    /// Where overlays are made: the system's temporary directory, or glintd's `tmp/` (swept at startup).
    public var scratchDirectory: String

    public init(
        logger: Logger, accelerator: AcceleratorPreference = .auto, probe: AcceleratorProbe = .shared,
        scratchDirectory: String = FileManager.default.temporaryDirectory.path
    ) {
        self.logger = logger
        self.accelerator = accelerator
        self.probe = probe
        self.scratchDirectory = scratchDirectory
    }

    /// Inspects an image read-only: its OS, versions, hostname, mount points, init system, network renderer.
    /// - Throws: ``GuestToolkitError`` (`noOperatingSystem` when libguestfs recognises none).
    public func inspect(_ image: DiskImage) async throws(GuestToolkitError) -> GuestSystem {
        try await inspect([image])[0].get()
    }

    /// Inspects several images read-only in one appliance launch; each succeeds or fails on its own.
    public func inspect(_ images: [DiskImage]) async -> [Result<GuestSystem, GuestToolkitError>] {
        let choice = await probe.choose(accelerator, logger: logger)
        let logger = self.logger
        do {
            return try await GuestfsHandle.withHandle(logger: logger) { handle in
                let (devices, roots) = try Appliance.launch(
                    handle, drives: images.map { ($0.path, $0.format.rawValue) }, readOnly: true,
                    accelerator: choice.accelerator)
                var results: [Result<GuestSystem, GuestToolkitError>] = []
                for (index, image) in images.enumerated() {
                    do {
                        let root = try Appliance.root(on: devices[index], among: roots, driveCount: images.count)
                        let inspection = try handle.inspect(root: root)
                        try Appliance.mount(handle, root: root, inspection: inspection, readOnly: true)
                        results.append(.success(try GuestSystem.read(inspection: inspection, handle: handle)))
                    } catch {
                        results.append(.failure(Appliance.map(error, context: "inspecting \(image.path)")))
                    }
                    try handle.unmountAll()
                }
                try handle.shutdown()
                return results
            }
        } catch {
            let failure = Appliance.map(error, context: "the libguestfs appliance failed")
            return images.map { _ in .failure(failure) }
        }
    }

    /// Applies `plan` to `image` in one appliance launch; see ``customize(_:progress:)``.
    public func customize(
        _ image: DiskImage, plan: CustomizationPlan, output: CustomizationOutput = .inPlace,
        progress: @escaping @Sendable (CustomizationStage) -> Void = { _ in }
    ) async throws(GuestToolkitError) -> CustomizationReport {
        let results = await customize([CustomizationJob(image: image, plan: plan, output: output)], progress: progress)
        return try results[0].get()
    }

    /// Applies each job's plan to its image, all in one appliance launch. Each image succeeds or fails on its own:
    /// a failed plan leaves its image untouched and does not stop the others.
    public func customize(
        _ jobs: [CustomizationJob], progress: @escaping @Sendable (CustomizationStage) -> Void = { _ in }
    ) async -> [Result<CustomizationReport, GuestToolkitError>] {
        progress(.preparing)
        var overlays: [ImageOverlay?] = []
        var results: [Result<CustomizationReport, GuestToolkitError>] = []
        for job in jobs {
            do throws(GuestToolkitError) {
                overlays.append(try ImageOverlay(on: job.image, in: scratchDirectory))
                results.append(.success(CustomizationReport(image: job.image.path)))
            } catch {
                overlays.append(nil)
                results.append(.failure(error))
            }
        }
        defer { overlays.forEach { $0?.remove() } }
        let choice = await probe.choose(accelerator, logger: logger)
        progress(.launching(accelerator: choice.accelerator))

        let clock = ContinuousClock()
        let started = clock.now
        let prepared = overlays.enumerated().compactMap { index, overlay in overlay.map { (index, $0.path) } }
        let applied: [Int: Result<CustomizationReport, GuestToolkitError>]
        do {
            applied = try await runAppliance(jobs: jobs, drives: prepared, accelerator: choice.accelerator, progress: progress)
        } catch {
            let failure = Appliance.map(error, context: "the libguestfs appliance failed")
            return results.map { $0.flatMap { _ in .failure(failure) } }
        }
        let seconds = (clock.now - started) / .seconds(1)

        for (index, result) in applied {
            results[index] = result.flatMap { report in
                var report = report
                report.accelerator = choice.accelerator
                report.applianceSeconds = seconds
                progress(.writing(image: index))
                do throws(GuestToolkitError) {
                    guard let overlay = overlays[index] else { return .success(report) }
                    switch jobs[index].output {
                    case .inPlace:
                        try overlay.commit()
                    case .newImage(let path, let format):
                        try overlay.flatten(to: path, format: format)
                        report.image = path
                    }
                    return .success(report)
                } catch {
                    return .failure(error)
                }
            }
        }
        for (index, result) in results.enumerated() {
            logResult(result, image: jobs[index].image)
        }
        progress(.done)
        return results
    }

    /// The appliance part, on the thread pool: add every overlay, launch once, then per image inspect, mount,
    /// apply, unmount; finally shut down, which is what proves the writes reached the overlays.
    private func runAppliance(
        jobs: [CustomizationJob], drives: [(index: Int, path: String)], accelerator: Accelerator,
        progress: @escaping @Sendable (CustomizationStage) -> Void
    ) async throws -> [Int: Result<CustomizationReport, GuestToolkitError>] {
        guard !drives.isEmpty else { return [:] }
        let logger = self.logger
        return try await GuestfsHandle.withHandle(logger: logger) { handle in
            let (devices, roots) = try Appliance.launch(
                handle, drives: drives.map { ($0.path, "qcow2") }, readOnly: false, accelerator: accelerator)
            var results: [Int: Result<CustomizationReport, GuestToolkitError>] = [:]
            for (position, drive) in drives.enumerated() {
                progress(.inspecting(image: drive.index))
                let job = jobs[drive.index]
                do {
                    let root = try Appliance.root(on: devices[position], among: roots, driveCount: drives.count)
                    let inspection = try handle.inspect(root: root)
                    try Appliance.mount(handle, root: root, inspection: inspection, readOnly: false)
                    let system = try GuestSystem.read(inspection: inspection, handle: handle)
                    let session = GuestSession(handle: handle, system: system, logger: logger)
                    var report = CustomizationReport(image: job.image.path)
                    report.system = system
                    for (number, operation) in job.plan.operations.enumerated() {
                        progress(.applying(image: drive.index, operation: number, of: job.plan.operations.count, name: operation.name))
                        do {
                            report.operations.append(try session.apply(operation, report: &report))
                        } catch {
                            let mapped = Appliance.map(error, context: "operation \(number) (\(operation.name)) failed")
                            throw GuestToolkitError(mapped.code, "operation \(number) (\(operation.name)): \(mapped.message)", underlying: mapped.underlying)
                        }
                    }
                    results[drive.index] = .success(report)
                } catch {
                    results[drive.index] = .failure(Appliance.map(error, context: "customizing \(job.image.path)"))
                }
                try handle.unmountAll()
            }
            progress(.shuttingDown)
            try handle.shutdown()
            return results
        }
    }

    private func logResult(_ result: Result<CustomizationReport, GuestToolkitError>, image: DiskImage) {
        switch result {
        case .success(let report):
            logger.info(
                "guest.customized",
                metadata: [
                    "image.path": "\(image.path)", "guest.operations": "\(report.operations.count)",
                    "guest.appliance_seconds": "\(report.applianceSeconds)",
                ])
        case .failure(let error):
            logger.info("guest.customize.failed", metadata: ["image.path": "\(image.path)", "error": "\(error)"])
        }
    }
}
