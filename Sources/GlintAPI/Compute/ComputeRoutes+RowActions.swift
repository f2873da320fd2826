import Foundation
import GlintJSON
import HTTPTypes
import Hummingbird
import ImageStore
import Launcher

extension ComputeRoutes {
    /// The actions of the other matrix rows: stop/start, resize, rescue, snapshot (`createImage`), and the pre-2.6
    /// console actions. Unknown actions are Nova's 400.
    func rowAction(
        _ name: String, argument: JSONValue, id: String, request: Request, context: GlintRequestContext, version: Microversion
    ) async throws -> Response {
        let caller = context.caller
        let accepted = Response(status: .accepted)
        let fields: [String: JSONValue] = if case .object(let fields) = argument { fields } else { [:] }
        switch name {
        case "os-stop":
            _ = try await launcher.stop(id: id, caller: caller)
            return accepted
        case "os-start":
            _ = try await launcher.start(id: id, caller: caller)
            return accepted
        case "resize":
            guard let flavorRef = fields["flavorRef"].flatMap(Self.reference) else {
                throw ComputeError.badRequest("Invalid input for field/attribute resize. Value: 'flavorRef' is a required property")
            }
            _ = try await launcher.resize(id: id, flavorRef: flavorRef, caller: caller)
            return accepted
        case "confirmResize":
            _ = try await launcher.confirmResize(id: id, caller: caller)
            return Response(status: .noContent)
        case "revertResize":
            _ = try await launcher.revertResize(id: id, caller: caller)
            return accepted
        case "rescue":
            let image = fields["rescue_image_ref"].flatMap(Self.reference)
            let (_, password) = try await launcher.rescue(
                id: id, imageRef: image, adminPassword: fields["adminPass"]?.stringValue, caller: caller)
            return JSONBody.response(.object(["adminPass": .string(password)]))
        case "unrescue":
            _ = try await launcher.unrescue(id: id, caller: caller)
            return accepted
        case "createImage":
            guard let imageName = fields["name"]?.stringValue, !imageName.isEmpty else {
                throw ComputeError.badRequest("Invalid input for field/attribute createImage. Value: 'name' is a required property")
            }
            var metadata: [String: String] = [:]
            if case .object(let given)? = fields["metadata"] { metadata = given.compactMapValues(\.stringValue) }
            let imageID = try await launcher.snapshot(id: id, name: imageName, metadata: metadata, caller: caller)
            // Microversions before 2.45 answer 202 with the image's URL in Location and no body.
            var headers = HTTPFields()
            headers[.location] = "\(Self.base(request))/v2/images/\(imageID)"
            return Response(status: .accepted, headers: headers)
        case "os-getVNCConsole", "os-getSPICEConsole":
            let kind: ConsoleProtocol = name == "os-getVNCConsole" ? .vnc : .spice
            let type = fields["type"]?.stringValue ?? (kind == .vnc ? "novnc" : "spice-html5")
            let url = try await consoleURL(id: id, kind: kind, caller: caller)
            return JSONBody.response(.object(["console": .object(["type": .string(type), "url": .string(url)])]))
        default:
            throw ComputeError.badRequest("There is no such action: \(name)")
        }
    }

    /// `POST /servers/{id}/remote-consoles` (2.6): `{"remote_console": {"protocol": "vnc"|"spice", "type": …}}`.
    @Sendable func remoteConsole(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        guard version >= Microversion(minor: 6) else {
            throw ComputeError(status: .notFound, message: "The resource could not be found.")
        }
        guard case .object(let fields)? = try await Self.body(request, context: context)["remote_console"],
            let name = fields["protocol"]?.stringValue, let kind = ConsoleProtocol(rawValue: name)
        else {
            throw ComputeError.badRequest("Invalid input for field/attribute remote_console: protocol must be vnc or spice.")
        }
        let type = fields["type"]?.stringValue ?? (kind == .vnc ? "novnc" : "spice-html5")
        let url = try await consoleURL(id: try context.pathParameter("id"), kind: kind, caller: context.caller)
        return JSONBody.response(.object([
            "remote_console": .object(["protocol": .string(name), "type": .string(type), "url": .string(url)])
        ]))
    }

    /// Glint runs no websocket proxy: the URL is the guest's display itself (`vnc://127.0.0.1:5901`), on the host's
    /// loopback, for a local viewer or a noVNC/websockify the operator runs.
    func consoleURL(id: String, kind: ConsoleProtocol, caller: Caller) async throws -> String {
        let endpoint = try await launcher.consoleEndpoint(id: id, protocol: kind, caller: caller)
        return "\(kind.rawValue)://\(endpoint.host):\(endpoint.port)"
    }
}
