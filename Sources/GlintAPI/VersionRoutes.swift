import Hummingbird
import ImageStore
import GlintJSON

/// Version discovery: `GET /` (300) and `GET /versions` (200), Glance's document for a server with one
/// store configured (so the multi-store versions 2.8 and 2.10–2.13 are listed) and no cache API.
enum VersionRoutes {
    static let current = "2.17"
    static let supported = ["2.15", "2.13", "2.12", "2.11", "2.10", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4",
                            "2.3", "2.2", "2.1", "2.0"]

    /// Every version number served, without the `v`.
    static var listed: Set<String> { Set([current] + supported) }

    static func register(on table: RouteTable) {
        table.path("/") { request, _ in document(request, status: .multipleChoices) }
        table.path("/versions") { request, _ in document(request, status: .ok) }
    }

    static func document(_ request: Request, status: HTTPResponse.Status) -> Response {
        let href = baseURL(of: request) + "/v2/"
        let versions = [(current, "CURRENT")] + supported.map { ($0, "SUPPORTED") }
        let list = versions.map { version, state in
            JSONValue.object([
                "id": .string("v" + version),
                "status": .string(state),
                "links": .array([.object(["rel": .string("self"), "href": .string(href)])]),
            ])
        }
        return JSONBody.response(.object(["versions": .array(list)]), status: status)
    }

    /// `http://host:port` as the client addressed us.
    static func baseURL(of request: Request) -> String {
        "http://" + (request.head.authority ?? "127.0.0.1:9292")
    }
}

extension RouteTable {
    /// A path with only a GET handler.
    func path(_ path: RouterPath, get handler: @escaping Handler) {
        self.path(path, [.get: handler])
    }
}
