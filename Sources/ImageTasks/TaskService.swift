import Foundation
public import GlintJSON
public import GuestToolkit
public import ImageStore
public import Logging

/// Glance's tasks (`/v2/tasks`) for Glint's asynchronous image work. One type today: `customize`, which applies a
/// guest customization plan to a copy of a stored image and stores the result as a new image.
///
/// Requests are checked when the task is created (400 for a bad plan, 404 for an invisible image, 409 for an image
/// that is not active), so a task that starts is one that can run. Tasks run one at a time: each launches a
/// libguestfs appliance, which on a small host takes most of the CPU.
public struct TaskService: Sendable {
    /// The task types Glint runs.
    public static let types = ["customize"]

    let images: ImageService
    let worker: TaskWorker
    let logger: Logger

    public init(images: ImageService, customizer: GuestCustomizer, logger: Logger) {
        self.images = images
        self.logger = logger
        self.worker = TaskWorker(runner: CustomizeTaskRunner(images: images, customizer: customizer, logger: logger))
    }

    /// Startup recovery: tasks interrupted by a stop of glintd fail with a message saying so.
    public func recover() async throws {
        let failed = try await images.repository.failInterruptedTasks()
        if !failed.isEmpty {
            logger.info("Failed interrupted tasks", metadata: ["task.count": "\(failed.count)"])
        }
    }

    /// Checks and records a task, starts it in the background, and returns it `pending`.
    /// - Throws: ``ImageStoreError``: `badRequest` for an unknown type or bad input, `notFound`/`conflict` for the
    ///   image.
    public func create(type: String, input: JSONValue, caller: Caller) async throws -> TaskRecord {
        guard type == "customize" else {
            throw ImageStoreError(.badRequest, "Invalid type value: \(type). Glint runs tasks of type: \(Self.types.joined(separator: ", ")).")
        }
        let request = try await CustomizeRequest(input: input, images: images, caller: caller)
        let task = TaskRecord(
            id: UUID().uuidString.lowercased(), type: type, input: Self.redactingPasswords(input), owner: caller.projectID,
            userID: caller.userID, imageID: request.source.id)
        try await images.repository.insertTask(task)
        logger.info("Task created", metadata: ["task.id": "\(task.id)", "task.type": "\(type)", "image.id": "\(request.source.id)"])
        await worker.enqueue(task.id, request: request, caller: caller)
        return task
    }

    /// The input as stored and shown: `password:TEXT` selectors become `password:<redacted>`.
    static func redactingPasswords(_ input: JSONValue) -> JSONValue {
        switch input {
        case .object(var fields):
            if fields["op"]?.stringValue == "password", let selector = fields["selector"]?.stringValue,
                selector.hasPrefix("password:")
            {
                fields["selector"] = .string("password:<redacted>")
            }
            return .object(fields.mapValues(redactingPasswords))
        case .array(let items):
            return .array(items.map(redactingPasswords))
        default:
            return input
        }
    }

    /// The task if `caller` may see it (its owner, or an admin).
    public func task(id: String, caller: Caller) async throws -> TaskRecord {
        guard let task = try await images.repository.fetchTask(id: id), caller.isAdmin || task.owner == caller.projectID else {
            throw ImageStoreError(.notFound, "Task with identifier \(id) not found")
        }
        return task
    }

    /// The caller's tasks, newest first (every task for an admin).
    public func list(caller: Caller, limit: Int = 100) async throws -> [TaskRecord] {
        try await images.repository.listTasks(owner: caller.isAdmin ? nil : caller.projectID, limit: limit)
    }
}

/// Runs tasks one after another, each in the background of the request that created it.
actor TaskWorker {
    private let runner: CustomizeTaskRunner
    private var last: Task<Void, Never>?

    init(runner: CustomizeTaskRunner) {
        self.runner = runner
    }

    func enqueue(_ id: String, request: CustomizeRequest, caller: Caller) {
        let previous = last
        let runner = runner
        last = Task {
            await previous?.value
            await runner.run(taskID: id, request: request, caller: caller)
        }
    }
}
