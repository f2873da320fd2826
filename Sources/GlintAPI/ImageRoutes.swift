import Foundation
import HTTPTypes
import Hummingbird
import ImageStore
import GlintJSON

/// `/v2/images` and `/v2/images/{id}`: create, list, show, update (JSON-patch) and delete; tags and actions.
struct ImageRoutes {
    let service: ImageService

    func register(on table: RouteTable) {
        table.path("/v2/images", [.get: list, .post: create])
        table.path("/v2/images/{id}", [.get: show, .patch: update, .delete: delete])
        table.path("/v2/images/{id}/tags/{tag}", [.put: addTag, .delete: removeTag])
        table.path("/v2/images/{id}/actions/deactivate", [.post: deactivate])
        table.path("/v2/images/{id}/actions/reactivate", [.post: reactivate])
    }

    @Sendable func create(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let body = try await JSONBody.decodeObject(request, context: context)
        let image = try await service.create(body, caller: context.caller)
        var headers = HTTPFields()
        headers[.location] = VersionRoutes.baseURL(of: request) + "/v2/images/\(image.id)"
        headers[.openStackImageImportMethods] = ImageService.importMethods.joined(separator: ",")
        headers[.openStackImageStoreIDs] = StoreInfo.storeID
        return JSONBody.response(image.json, status: .created, headers: headers)
    }

    @Sendable func list(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let items = QueryString.items(of: request)
        let query = try ImageListQuery(queryItems: items)
        let images = try await service.list(query, caller: context.caller)
        let withoutMarker = items.filter { $0.name != "marker" }
        var object: [String: JSONValue] = [
            "images": .array(images.map(\.json)),
            "schema": .string("/v2/schemas/images"),
            "first": .string("/v2/images" + QueryString.encode(withoutMarker)),
        ]
        if let last = images.last, images.count == query.limit, query.limit > 0 {
            object["next"] = .string("/v2/images" + QueryString.encode(withoutMarker + [("marker", last.id)]))
        }
        return JSONBody.response(.object(object))
    }

    @Sendable func show(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let image = try await service.image(id: try context.imageID, caller: context.caller)
        return JSONBody.response(image.json)
    }

    @Sendable func update(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let contentType, let mediaType = ImagePatch.MediaType(rawValue: contentType) else {
            var headers = HTTPFields()
            headers[.acceptPatch] = ImagePatch.MediaType.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.unsupportedMediaType(
                "Unsupported Content-Type: \(request.headers[.contentType] ?? "none")",
                headers: headers
            )
        }
        let patch = try ImagePatch(json: try await JSONBody.decode(request, context: context), mediaType: mediaType)
        let image = try await service.update(id: try context.imageID, patch: patch, caller: context.caller)
        return JSONBody.response(image.json)
    }

    @Sendable func delete(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.delete(id: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }

    @Sendable func addTag(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.addTag(try context.pathParameter("tag"), to: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }

    @Sendable func removeTag(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.removeTag(try context.pathParameter("tag"), from: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }

    @Sendable func deactivate(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.deactivate(id: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }

    @Sendable func reactivate(_ request: Request, context: GlintRequestContext) async throws -> Response {
        try await service.reactivate(id: try context.imageID, caller: context.caller)
        return JSONBody.noContent()
    }
}

extension GlintRequestContext {
    /// A percent-decoded path parameter.
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw APIError.badRequest("Missing \(name) in path.") }
        return raw.removingPercentEncoding ?? raw
    }

    var imageID: String {
        get throws { try pathParameter("id") }
    }
}

/// Query strings as ordered name/value pairs: Glance's filters repeat names (`tag=a&tag=b`) and keep order.
enum QueryString {
    static func items(of request: Request) -> [(name: String, value: String)] {
        guard let query = request.uri.query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~:")
        return set
    }()

    static func encode(_ items: [(name: String, value: String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
    }
}
