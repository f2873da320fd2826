import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v2/tasks` requests refused before any work starts. The successful path launches a libguestfs appliance and
/// is tested against a real glintd in Tests/compat (test_guest_cli.py, test_tasks.py).
@Suite("Task API")
struct TaskAPITests {
    private func createTask(_ client: any TestClientProtocol, _ body: Any) async throws -> TestResponse {
        try await client.execute(uri: "/v2/tasks", method: .post, headers: jsonHeaders, body: .json(body))
    }

    private func activeImage(_ client: any TestClientProtocol, diskFormat: String = "qcow2") async throws -> String {
        let created = try await client.execute(
            uri: "/v2/images", method: .post, headers: jsonHeaders,
            body: .json(["name": "base", "disk_format": diskFormat, "container_format": "bare"]))
        let id = try #require(created.json["id"] as? String)
        return id
    }

    @Test("unknown types, missing input and bad plans are 400 with the reason")
    func badRequests() async throws {
        try await APIFixture().test { client in
            let id = try await activeImage(client)
            let cases: [(Any, String)] = [
                (["type": "import", "input": [:]], "Invalid type value: import"),
                (["type": "customize"], "Task input is required"),
                (["type": "customize", "input": ["image_id": id]], "'plan' is required"),
                (["type": "customize", "input": ["image_id": id, "plan": ["operations": [["op": "reformat"]]]]], "unknown op"),
                (["type": "customize", "input": ["image_id": id, "plan": ["operations": [["op": "delete", "path": "etc"]]]]], "not absolute"),
                (["type": "customize", "input": ["image_id": id, "plan": ["operations": [["op": "upload", "source": "/etc/shadow", "path": "/x"]]]]], "reads files on the server"),
                (["type": "customize", "input": ["image_id": id, "plan": ["operations": []]]], "no operations"),
                (["type": "customize", "input": ["image_id": id, "plan": ["operations": [["op": "selinux-relabel"]]], "colour": "red"]], "unknown key 'colour'"),
            ]
            for (body, expected) in cases {
                let response = try await createTask(client, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.text.contains(expected), "\(response.text)")
            }
        }
    }

    @Test("an invisible or unknown image is 404, an image without data is 409, and no task is recorded")
    func imageState() async throws {
        try await APIFixture().test { client in
            let plan: [String: Any] = ["operations": [["op": "hostname", "hostname": "x"]]]
            let missing = try await createTask(client, ["type": "customize", "input": ["image_id": UUID().uuidString, "plan": plan]])
            #expect(missing.status == .notFound)
            let queued = try await activeImage(client)
            let conflict = try await createTask(client, ["type": "customize", "input": ["image_id": queued, "plan": plan]])
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("queued"))
            let list = try await client.execute(uri: "/v2/tasks", method: .get)
            #expect(list.status == .ok)
            #expect((list.json["tasks"] as? [Any])?.isEmpty == true)
            #expect(list.json["schema"] as? String == "/v2/schemas/tasks")
            let unknown = try await client.execute(uri: "/v2/tasks/\(UUID().uuidString)", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
