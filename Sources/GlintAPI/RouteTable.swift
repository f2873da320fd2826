import HTTPTypes
import Hummingbird

/// Registers routes path by path, so that a known path answers a method it does not support with 405 and an
/// `Allow` header, as Glance's router does (Hummingbird alone would answer 404).
struct RouteTable {
    typealias Handler = @Sendable (Request, GlintRequestContext) async throws -> Response

    let router: Router<GlintRequestContext>
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    func path(_ path: RouterPath, _ handlers: [HTTPRequest.Method: Handler]) {
        let allowed = Self.methods.filter { handlers[$0] != nil }
        for method in Self.methods {
            if let handler = handlers[method] {
                router.on(path, method: method) { request, context in try await handler(request, context) }
            } else {
                router.on(path, method: method) { _, _ -> Response in
                    throw APIError.methodNotAllowed(allow: allowed)
                }
            }
        }
    }
}
