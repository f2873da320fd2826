import Foundation
import GlintClient
import GlintJSON
import GuestToolkit

/// `glint guest customize IMAGE_ID`: a `customize` task on glintd, polled with progress until it settles.
///
/// `--upload` files are sent as file contents (the server never reads the caller's paths).
struct StoredImageCustomization {
    var imageID: String
    var plan: CustomizationPlan
    var name: String?
    var diskFormat: String?
    var quiet: Bool

    func run(connection: ConnectionOptions) async throws {
        var input: [String: JSONValue] = [
            "image_id": .string(imageID),
            "plan": try JSONDecoder().decode(JSONValue.self, from: try inlineUploads(plan).json()),
        ]
        if let name { input["name"] = .string(name) }
        if let diskFormat { input["disk_format"] = .string(diskFormat) }
        try await connection.withClient { client in
            var task = try await client.createTask(type: "customize", input: .object(input))
            var lastMessage = ""
            while !task.isFinished {
                if !quiet, task.message != lastMessage, !task.message.isEmpty {
                    Terminal.writeError("task \(task.id): \(task.status): \(task.message)")
                    lastMessage = task.message
                }
                try await Task.sleep(for: .milliseconds(500))
                task = try await client.task(id: task.id)
            }
            guard task.status == "success", case .object(let result)? = task.result,
                let newID = result["image_id"]?.stringValue
            else {
                throw CommandFailure(message: "task \(task.id) failed: \(task.message) (image \(imageID) was not changed)")
            }
            print("new image: \(newID)")
            if case .array(let operations)? = result["operations"] {
                for operation in operations { print("  \(operation.description)") }
            }
            if case .object(let passwords)? = result["generated_passwords"] {
                for (user, password) in passwords.sorted(by: { $0.key < $1.key }) {
                    print("  random password for \(user): \(password.description)")
                }
            }
        }
    }

    /// Replaces each `upload` with a `write` of the file's bytes, keeping its mode and owner.
    private func inlineUploads(_ plan: CustomizationPlan) throws -> CustomizationPlan {
        CustomizationPlan(try plan.operations.map { operation in
            guard case .upload(let source, let path, let attributes) = operation else { return operation }
            guard let data = FileManager.default.contents(atPath: source) else {
                throw CommandFailure(message: "--upload \(source): cannot read the file")
            }
            return .write(path: path, content: Array(data), attributes: attributes)
        })
    }
}
