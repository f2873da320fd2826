import Foundation
import GlintJSON
import Hummingbird
import Launcher

/// `os-keypairs` at 2.1–2.6 (`nova/api/openstack/compute/keypairs.py`): import or generate, list, show, delete.
extension ComputeRoutes {
    static func keyPairJSON(_ pair: KeyPair, privateKey: String? = nil, detail: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(pair.name), "public_key": .string(pair.publicKey), "fingerprint": .string(pair.fingerprint),
            "user_id": .string(pair.owner),
        ]
        if detail {
            object["created_at"] = .string(ComputeJSON.isoTime(pair.createdAt))
            object["deleted"] = .bool(false)
            object["id"] = .int(Int64(abs(pair.fingerprint.hashValue) % 100_000))
        }
        if let privateKey { object["private_key"] = .string(privateKey) }
        if detail || privateKey != nil { object["type"] = .string(pair.type) }
        return .object(object)
    }

    @Sendable func listKeyPairs(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let pairs = try await launcher.keyPairs(caller: context.caller)
        return JSONBody.response(.object([
            "keypairs": .array(pairs.map { .object(["keypair": Self.keyPairJSON($0, detail: false)]) })
        ]))
    }

    @Sendable func createKeyPair(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        guard case .object(let fields)? = try await Self.body(request, context: context)["keypair"],
            let name = fields["name"]?.stringValue
        else {
            throw ComputeError.badRequest("Invalid input for field/attribute keypair. Value: 'name' is a required property")
        }
        let (pair, privateKey) = try await launcher.createKeyPair(
            name: name, publicKey: fields["public_key"]?.stringValue, caller: context.caller)
        return JSONBody.response(.object(["keypair": Self.keyPairJSON(pair, privateKey: privateKey, detail: false)]))
    }

    @Sendable func showKeyPair(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let pair = try await launcher.keyPair(name: try context.pathParameter("name"), caller: context.caller)
        return JSONBody.response(.object(["keypair": Self.keyPairJSON(pair, detail: true)]))
    }

    @Sendable func deleteKeyPair(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        try await launcher.deleteKeyPair(name: try context.pathParameter("name"), caller: context.caller)
        return Response(status: .accepted)
    }
}
