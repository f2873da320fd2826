import Foundation
import GlintJSON
import HTTPTypes
import Hummingbird
import ImageStore
import Launcher

/// An OpenStack Compute v2.1 subset under `/compute`, served by the same glintd as the image API (each service
/// under its own prefix, with its own version document, as DevStack lays them out). Clients point
/// `compute_endpoint_override` at `http://HOST:PORT/compute/v2.1`.
struct ComputeRoutes {
    let launcher: Launcher

    typealias Handler = @Sendable (Request, GlintRequestContext, Microversion) async throws -> Response

    /// Paths reachable without a token: version discovery (Hummingbird routes a trailing slash to the same handler).
    static let publicPaths: Set<String> = ["/compute", "/compute/", "/compute/v2.1", "/compute/v2.1/"]

    func register(on table: RouteTable) {
        table.path("/compute", [.get: plain(Self.versions)])
        table.path("/compute/v2.1", [.get: plain(Self.version)])
        let v = "/compute/v2.1"
        table.path(RouterPath("\(v)/flavors"), [.get: wrap(listFlavors(detail: false)), .post: wrap(createFlavor)])
        table.path(RouterPath("\(v)/flavors/detail"), [.get: wrap(listFlavors(detail: true))])
        table.path(RouterPath("\(v)/flavors/{id}"), [.get: wrap(showFlavor), .delete: wrap(deleteFlavor)])
        table.path(RouterPath("\(v)/flavors/{id}/os-extra_specs"), [.get: wrap(flavorExtraSpecs)])
        table.path(RouterPath("\(v)/servers"), [.get: wrap(listServers(detail: false)), .post: wrap(createServer)])
        table.path(RouterPath("\(v)/servers/detail"), [.get: wrap(listServers(detail: true))])
        table.path(RouterPath("\(v)/servers/{id}"), [.get: wrap(showServer), .delete: wrap(deleteServer)])
        table.path(RouterPath("\(v)/servers/{id}/action"), [.post: wrap(action)])
        table.path(RouterPath("\(v)/servers/{id}/remote-consoles"), [.post: wrap(remoteConsole)])
        table.path(RouterPath("\(v)/servers/{id}/diagnostics"), [.get: wrap(diagnostics)])
        table.path(RouterPath("\(v)/os-keypairs"), [.get: wrap(listKeyPairs), .post: wrap(createKeyPair)])
        table.path(RouterPath("\(v)/os-keypairs/{name}"), [.get: wrap(showKeyPair), .delete: wrap(deleteKeyPair)])
        table.path(RouterPath("\(v)/os-hypervisors"), [.get: wrap(hypervisors(detail: false))])
        table.path(RouterPath("\(v)/os-hypervisors/detail"), [.get: wrap(hypervisors(detail: true))])
        table.path(RouterPath("\(v)/os-hypervisors/{id}"), [.get: wrap(showHypervisor)])
    }

    /// Runs a handler with the request's microversion, stamping it on the answer and rendering errors as Nova does.
    func wrap(_ handler: @escaping Handler) -> RouteTable.Handler {
        { request, context in
            var version = Microversion.minimum
            var response: Response
            do {
                version = try Microversion.requested(by: request)
                response = try await handler(request, context, version)
            } catch {
                response = ComputeError.from(error).response()
            }
            version.stamp(&response)
            return response
        }
    }

    func plain(_ handler: @escaping @Sendable (Request) -> Response) -> RouteTable.Handler {
        { request, _ in handler(request) }
    }

    // MARK: Versions

    static func versionObject(_ request: Request) -> JSONValue {
        let base = VersionRoutes.baseURL(of: request)
        return .object([
            "id": .string("v2.1"), "status": .string("CURRENT"), "version": .string(Microversion.maximum.description),
            "min_version": .string(Microversion.minimum.description), "updated": .string("2013-07-23T11:33:21Z"),
            "links": .array([
                .object(["rel": .string("self"), "href": .string("\(base)/compute/v2.1/")]),
                .object(["rel": .string("describedby"), "type": .string("text/html"), "href": .string("https://docs.openstack.org/")]),
            ]),
            "media-types": .array([.object([
                "base": .string("application/json"), "type": .string("application/vnd.openstack.compute+json;version=2.1"),
            ])]),
        ])
    }

    @Sendable static func versions(_ request: Request) -> Response {
        JSONBody.response(.object(["versions": .array([versionObject(request)])]))
    }

    @Sendable static func version(_ request: Request) -> Response {
        JSONBody.response(.object(["version": versionObject(request)]))
    }

    static func base(_ request: Request) -> String { VersionRoutes.baseURL(of: request) }

    /// Decodes `{"<key>": {...}}` bodies.
    static func body(_ request: Request, context: GlintRequestContext) async throws -> [String: JSONValue] {
        do {
            return try await JSONBody.decodeObject(request, context: context)
        } catch {
            throw ComputeError.badRequest("Malformed request body")
        }
    }
}
