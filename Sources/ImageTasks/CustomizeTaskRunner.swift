import Foundation
import GlintJSON
import GuestToolkit
import ImageStore
import Logging

/// Runs one `customize` task: the stored image's data file is the read-only base of an overlay, the customized
/// disk is flattened into a file in the store's `tmp/`, and that file is uploaded through the normal ingest
/// (hashes, format inspection) into a new image with `base_image_ref` set. The source image never changes; a
/// failure at any step leaves no new image and no file behind.
struct CustomizeTaskRunner: Sendable {
    let images: ImageService
    let customizer: GuestCustomizer
    let logger: Logger

    /// Image properties copied from the source to the new image: what says how to boot it.
    static let inheritedProperties: Set<String> = [
        "os_distro", "os_version", "os_type", "os_admin_user", "os_require_quiesce", "architecture",
        "hypervisor_type", "img_config_drive", "hw_disk_bus", "hw_vif_model", "hw_qemu_guest_agent",
        "hw_machine_type", "hw_firmware_type", "hw_scsi_model", "hw_video_model", "hw_rng_model",
    ]

    func run(taskID: String, request: CustomizeRequest, caller: Caller) async {
        let output = images.blobs.temporaryDirectory + "/customize-\(taskID)"
        defer { unlink(output) }
        do {
            try await update(taskID) { $0.status = .processing; $0.message = "starting" }
            let base = try DiskImage(path: images.blobs.path(for: request.source.id), declaredFormat: request.source.diskFormat)
            // Stage messages are written in order by one task, and all of them before the task's next update.
            let (stages, stageSink) = AsyncStream.makeStream(of: String.self)
            let repository = images.repository
            let writer = Task {
                for await message in stages {
                    _ = try? await repository.modifyTask(id: taskID) { $0.message = message }
                }
            }
            let report: CustomizationReport
            do {
                report = try await customizer.customize(
                    base, plan: request.plan, output: .newImage(path: output, format: request.diskFormat)
                ) { stage in stageSink.yield(stage.description) }
                stageSink.finish()
                await writer.value
            } catch {
                stageSink.finish()
                await writer.value
                throw error
            }
            try await update(taskID) { $0.message = "storing the new image" }
            let created = try await store(output, request: request, caller: caller)
            try await update(taskID) { task in
                task.status = .success
                task.message = ""
                task.result = .object([
                    "image_id": .string(created.id),
                    "operations": .array(report.operations.map { .string("\($0.operation): \($0.summary)") }),
                    "generated_passwords": .object(report.generatedPasswords.mapValues(JSONValue.string)),
                    "appliance_seconds": .double(report.applianceSeconds),
                ])
                task.expiresAt = Timestamp(microseconds: Timestamp.now().microseconds + 48 * 3_600_000_000)
            }
            logger.info("Task succeeded", metadata: ["task.id": "\(taskID)", "image.id": "\(created.id)"])
        } catch {
            let message = (error as? GuestToolkitError)?.description ?? (error as? ImageStoreError)?.message ?? "\(error)"
            try? await update(taskID) { task in
                task.status = .failure
                task.message = message
                task.expiresAt = Timestamp(microseconds: Timestamp.now().microseconds + 48 * 3_600_000_000)
            }
            logger.info("Task failed", metadata: ["task.id": "\(taskID)", "error": "\(message)"])
        }
    }

    private func update(_ id: String, _ change: @escaping @Sendable (inout TaskRecord) -> Void) async throws {
        try await images.repository.modifyTask(id: id) { task in change(&task) }
    }

    /// Creates the new image and uploads `file` into it; deletes the record again if the upload fails.
    private func store(_ file: String, request: CustomizeRequest, caller: Caller) async throws -> ImageRecord {
        var body: [String: JSONValue] = [
            "name": .string(request.name),
            "disk_format": .string(request.diskFormat),
            "container_format": .string(request.source.containerFormat ?? "bare"),
            "base_image_ref": .string(request.source.id),
            "min_disk": .int(request.source.minDisk),
            "min_ram": .int(request.source.minRAM),
        ]
        for (key, value) in request.source.properties where Self.inheritedProperties.contains(key) {
            body[key] = .string(value)
        }
        let created = try await images.create(body, caller: caller)
        do {
            return try await images.upload(id: created.id, fileAt: file, caller: caller)
        } catch {
            try? await images.delete(id: created.id, caller: caller)
            throw error
        }
    }
}
