public import GlintJSON

/// A Glance task: asynchronous work on images that a client starts with `POST /v2/tasks` and polls.
public struct TaskRecord: Sendable, Equatable {
    /// Glance's task states; a task only moves forward through them.
    public enum Status: String, Sendable, CaseIterable {
        case pending, processing, success, failure

        public var isFinished: Bool { self == .success || self == .failure }
    }

    public var id: String
    public var type: String
    public var status: Status
    public var input: JSONValue
    public var result: JSONValue?
    /// Progress while the task runs, the reason when it failed.
    public var message: String
    public var owner: String
    public var userID: String?
    /// The image the task works on.
    public var imageID: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// When a finished task will be forgotten; Glance sets it at the end, 48 hours on.
    public var expiresAt: Timestamp?

    public init(
        id: String, type: String, status: Status = .pending, input: JSONValue, result: JSONValue? = nil,
        message: String = "", owner: String, userID: String? = nil, imageID: String? = nil,
        createdAt: Timestamp = .now(), updatedAt: Timestamp = .now(), expiresAt: Timestamp? = nil
    ) {
        self.id = id
        self.type = type
        self.status = status
        self.input = input
        self.result = result
        self.message = message
        self.owner = owner
        self.userID = userID
        self.imageID = imageID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }

    /// The task as Glance renders it (`GET /v2/tasks/{id}`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "type": .string(type), "status": .string(status.rawValue), "input": input,
            "result": result ?? .null, "owner": .string(owner), "message": .string(message),
            "created_at": .string(createdAt.isoTime), "updated_at": .string(updatedAt.isoTime),
            "expires_at": expiresAt.map { .string($0.isoTime) } ?? .null,
            "self": .string("/v2/tasks/\(id)"), "schema": .string("/v2/schemas/task"),
        ]
        if let imageID { object["image_id"] = .string(imageID) }
        if let userID { object["user_id"] = .string(userID) }
        return .object(object)
    }
}
