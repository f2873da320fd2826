import Hummingbird
import ImageStore
import ImageTasks
import GlintJSON

/// `/v2/tasks`: Glance's task API, for Glint's `customize` tasks (server-side guest customization).
///
/// `POST /v2/tasks {"type": "customize", "input": {"image_id": …, "plan": {…}}}` answers 201 with the task
/// `pending`; `GET /v2/tasks/{id}` shows it `processing` (with a progress message) until `success`, whose `result`
/// names the new image, or `failure`, whose `message` says why.
struct TaskRoutes {
    let tasks: TaskService

    func register(on table: RouteTable) {
        table.path("/v2/tasks", [.get: list, .post: create])
        table.path("/v2/tasks/{id}", [.get: show])
    }

    @Sendable func create(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let body = try await JSONBody.decodeObject(request, context: context)
        guard let type = body["type"]?.stringValue else {
            throw APIError.badRequest("Task type is required.")
        }
        guard let input = body["input"] else {
            throw APIError.badRequest("Task input is required.")
        }
        let task = try await tasks.create(type: type, input: input, caller: context.caller)
        return JSONBody.response(task.json, status: .created)
    }

    @Sendable func show(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let task = try await tasks.task(id: try context.pathParameter("id"), caller: context.caller)
        return JSONBody.response(task.json)
    }

    @Sendable func list(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let list = try await tasks.list(caller: context.caller)
        return JSONBody.response(.object([
            "tasks": .array(list.map(\.json)),
            "schema": .string("/v2/schemas/tasks"),
            "first": .string("/v2/tasks"),
        ]))
    }
}
