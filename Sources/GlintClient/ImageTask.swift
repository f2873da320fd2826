import GlintJSON

/// A Glance task (`/v2/tasks`): asynchronous work on images, polled until `success` or `failure`.
public struct ImageTask: Sendable, Decodable, Equatable {
    public var id: String
    /// Glint's tasks: `customize`.
    public var type: String
    /// `pending`, `processing`, `success` or `failure`.
    public var status: String
    public var input: JSONValue?
    /// What the task produced (for `customize`: `image_id`, `operations`, `generated_passwords`).
    public var result: JSONValue?
    /// Progress while it runs, the reason when it failed.
    public var message: String
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, type, status, input, result, message
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(String.self, forKey: .type)
        status = try c.decode(String.self, forKey: .status)
        input = try c.decodeIfPresent(JSONValue.self, forKey: .input)
        result = try c.decodeIfPresent(JSONValue.self, forKey: .result)
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        createdAt = try c.decode(String.self, forKey: .createdAt)
        updatedAt = try c.decode(String.self, forKey: .updatedAt)
    }

    /// Whether the task has finished, either way.
    public var isFinished: Bool { status == "success" || status == "failure" }
}

extension ImageServiceClient {
    /// Starts a task (`POST /v2/tasks` with `{"type": …, "input": …}`); it is `pending` at first.
    public func createTask(type: String, input: JSONValue) async throws -> ImageTask {
        var request = makeRequest(.POST, path: "/v2/tasks")
        try setJSONBody(JSONValue.object(["type": .string(type), "input": input]), on: &request)
        return try await sendForJSON(request, expecting: [201])
    }

    /// The task with id `id` (`GET /v2/tasks/{id}`).
    public func task(id: String) async throws -> ImageTask {
        try await sendForJSON(makeRequest(.GET, path: "/v2/tasks/\(id)"), expecting: [200])
    }
}
