import Hummingbird
import ImageStore

/// `/v2/images/{id}/members[/{member_id}]`: sharing an image with other projects.
struct MemberRoutes {
    let service: ImageService

    func register(on table: RouteTable) {
        table.path("/v2/images/{id}/members", [.get: list, .post: add])
        table.path("/v2/images/{id}/members/{member}", [.get: show, .put: update, .delete: remove])
    }

    @Sendable func list(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let members = try await service.members(of: try context.imageID, caller: context.caller)
        return JSONBody.response(.object([
            "members": .array(members.map(\.json)),
            "schema": .string("/v2/schemas/members"),
        ]))
    }

    @Sendable func add(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let body = try await JSONBody.decodeObject(request, context: context)
        guard let memberID = body["member"]?.stringValue else {
            throw APIError.badRequest("Member to be added not specified")
        }
        let member = try await service.addMember(memberID, to: try context.imageID, caller: context.caller)
        return JSONBody.response(member.json)
    }

    @Sendable func show(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let member = try await service.member(
            try context.pathParameter("member"),
            of: try context.imageID,
            caller: context.caller
        )
        return JSONBody.response(member.json)
    }

    @Sendable func update(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let body = try await JSONBody.decodeObject(request, context: context)
        guard let text = body["status"]?.stringValue else { throw APIError.badRequest("Status not specified") }
        guard let status = MemberStatus(rawValue: text) else {
            throw APIError.badRequest("Invalid status: \(text)")
        }
        let member = try await service.updateMember(
            try context.pathParameter("member"),
            of: try context.imageID,
            status: status,
            caller: context.caller
        )
        return JSONBody.response(member.json)
    }

    @Sendable func remove(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.removeMember(try context.pathParameter("member"), from: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }
}
