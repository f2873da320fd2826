import Foundation
import HTTPTypes
import Hummingbird

/// Glance's URL version negotiation, in front of the router: `/v2.N/…` is served as `/v2/…` for every listed
/// version, and any other version prefix (`/v1/…`, `/v9/…`) gets the 300 version document, as Glance's
/// `version_negotiation` middleware does.
struct VersionNegotiatingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == GlintRequestContext {
    let inner: Inner

    func respond(to request: Request, context: GlintRequestContext) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v"), path != "/versions", !path.hasPrefix("/v2/"), path != "/v2" else {
            return try await inner.respond(to: request, context: context)
        }
        let segment = path.dropFirst().prefix { $0 != "/" }
        let version = segment.dropFirst()
        guard let major = version.split(separator: ".").first, Int(major) != nil else {
            return try await inner.respond(to: request, context: context)
        }
        if VersionRoutes.listed.contains(String(version)) {
            var head = request.head
            let rest = path.dropFirst(1 + segment.count)
            head.path = "/v2" + rest + (request.uri.query.map { "?" + $0 } ?? "")
            return try await inner.respond(to: Request(head: head, body: request.body), context: context)
        }
        var response = VersionRoutes.document(request, status: .multipleChoices)
        response.headers[.xOpenStackRequestID] = context.requestID
        return response
    }
}
