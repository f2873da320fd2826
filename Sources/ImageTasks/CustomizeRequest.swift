import Foundation
import GlintJSON
import GuestToolkit
import ImageStore

/// The checked `input` of a `customize` task:
/// `{"image_id": …, "plan": {"operations": […]}, "name": "…" (optional), "disk_format": "qcow2"|"raw" (optional)}`.
struct CustomizeRequest: Sendable {
    var source: ImageRecord
    var plan: CustomizationPlan
    var name: String
    var diskFormat: String

    init(input: JSONValue, images: ImageService, caller: Caller) async throws {
        guard case .object(let fields) = input else {
            throw ImageStoreError(.badRequest, "Invalid input: a customize task's input must be a JSON object.")
        }
        if let unknown = fields.keys.sorted().first(where: { !["image_id", "plan", "name", "disk_format"].contains($0) }) {
            throw ImageStoreError(.badRequest, "Invalid input: unknown key '\(unknown)'.")
        }
        guard let imageID = fields["image_id"]?.stringValue else {
            throw ImageStoreError(.badRequest, "Invalid input: 'image_id' is required.")
        }
        guard let planJSON = fields["plan"] else {
            throw ImageStoreError(.badRequest, "Invalid input: 'plan' is required.")
        }
        do {
            plan = try CustomizationPlan(json: try JSONEncoder().encode(planJSON))
        } catch let error as GuestToolkitError {
            throw ImageStoreError(.badRequest, "Invalid plan: \(error.message)")
        }
        guard !plan.readsHostFiles else {
            throw ImageStoreError(.badRequest, "Invalid plan: 'upload' reads files on the server; send the content with 'write' instead.")
        }
        guard !plan.operations.isEmpty else {
            throw ImageStoreError(.badRequest, "Invalid plan: it has no operations.")
        }
        source = try await images.image(id: imageID, caller: caller)
        guard source.status == .active else {
            throw ImageStoreError(.conflict, "Image \(imageID) is \(source.status.rawValue); only active images can be customized.")
        }
        guard let format = source.diskFormat, ["raw", "qcow2"].contains(format) else {
            throw ImageStoreError(.conflict, "Image \(imageID) has disk_format \(source.diskFormat ?? "none"); Glint customizes raw and qcow2 images.")
        }
        let requestedFormat = fields["disk_format"]?.stringValue ?? format
        guard ["raw", "qcow2"].contains(requestedFormat) else {
            throw ImageStoreError(.badRequest, "Invalid input: disk_format must be raw or qcow2.")
        }
        diskFormat = requestedFormat
        name = fields["name"]?.stringValue ?? (source.name ?? imageID) + "-customized"
    }
}
