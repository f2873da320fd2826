#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AsyncHTTPClient
import GlintJSON
import NIOCore
import NIOHTTP1

/// The compute API of a glintd (`/compute/v2.1`), over the image client's connection, token and error handling.
/// Documents are returned as ``JSONValue`` in Nova's shapes.
public struct ComputeClient: Sendable {
    let http: ImageServiceClient

    public init(_ http: ImageServiceClient) {
        self.http = http
    }

    func request(_ method: HTTPMethod, _ path: String) -> HTTPClientRequest {
        var request = http.makeRequest(method, url: http.baseURL + "/compute/v2.1" + path)
        request.headers.replaceOrAdd(name: "OpenStack-API-Version", value: "compute 2.6")
        return request
    }

    func object(_ value: JSONValue, _ key: String) throws -> JSONValue {
        guard case .object(let fields) = value, let inner = fields[key] else {
            throw GlintClientError(code: .invalidResponse, message: "the answer has no '\(key)'")
        }
        return inner
    }

    public func servers() async throws -> [JSONValue] {
        let list: JSONValue = try await http.sendForJSON(request(.GET, "/servers/detail"), expecting: [200])
        guard case .array(let servers) = try object(list, "servers") else { return [] }
        return servers
    }

    public func server(_ id: String) async throws -> JSONValue {
        try object(try await http.sendForJSON(request(.GET, "/servers/\(id)"), expecting: [200]), "server")
    }

    /// `POST /servers`; returns the created server's summary with its `adminPass`.
    public func createServer(_ body: [String: JSONValue]) async throws -> JSONValue {
        var request = request(.POST, "/servers")
        try http.setJSONBody(JSONValue.object(["server": .object(body)]), on: &request)
        return try object(try await http.sendForJSON(request, expecting: [202]), "server")
    }

    public func deleteServer(_ id: String) async throws {
        _ = try await http.send(request(.DELETE, "/servers/\(id)"), expecting: [204])
    }

    /// `POST /servers/{id}/action` with `{name: argument}`; the answer's JSON when there is one.
    @discardableResult
    public func action(_ id: String, _ name: String, _ argument: JSONValue = .null) async throws -> JSONValue? {
        var request = request(.POST, "/servers/\(id)/action")
        try http.setJSONBody(JSONValue.object([name: argument]), on: &request)
        let response = try await http.send(request, expecting: [200, 202])
        let body = try await response.body.collect(upTo: 16 << 20)
        guard body.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
    }

    public func diagnostics(_ id: String) async throws -> JSONValue {
        try await http.sendForJSON(request(.GET, "/servers/\(id)/diagnostics"), expecting: [200])
    }

    public func hypervisors() async throws -> [JSONValue] {
        let list: JSONValue = try await http.sendForJSON(request(.GET, "/os-hypervisors/detail"), expecting: [200])
        guard case .array(let items) = try object(list, "hypervisors") else { return [] }
        return items
    }

    public func flavors() async throws -> [JSONValue] {
        let list: JSONValue = try await http.sendForJSON(request(.GET, "/flavors/detail"), expecting: [200])
        guard case .array(let items) = try object(list, "flavors") else { return [] }
        return items
    }
}
