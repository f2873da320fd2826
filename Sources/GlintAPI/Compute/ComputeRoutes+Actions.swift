import Foundation
import GlintJSON
import HTTPTypes
import Hummingbird
import Launcher

extension ComputeRoutes {
    /// `POST /servers/{id}/action`: one action per body, Nova's names; 202 with no body unless the action answers.
    @Sendable func action(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let id = try context.pathParameter("id")
        let body = try await Self.body(request, context: context)
        guard body.count == 1, let (name, argument) = body.first else {
            throw ComputeError.badRequest("There is no such action: \(body.keys.sorted().joined(separator: ", "))")
        }
        let caller = context.caller
        let accepted = Response(status: .accepted)
        switch name {
        case "reboot":
            guard case .object(let fields) = argument, let type = fields["type"]?.stringValue?.uppercased(), ["SOFT", "HARD"].contains(type) else {
                throw ComputeError.badRequest("Invalid input for field/attribute reboot: type must be SOFT or HARD.")
            }
            _ = try await launcher.reboot(id: id, hard: type == "HARD", caller: caller)
            return accepted
        case "pause":
            _ = try await launcher.pause(id: id, caller: caller)
            return accepted
        case "unpause":
            _ = try await launcher.unpause(id: id, caller: caller)
            return accepted
        case "suspend":
            _ = try await launcher.suspend(id: id, caller: caller)
            return accepted
        case "resume":
            _ = try await launcher.resume(id: id, caller: caller)
            return accepted
        case "changePassword":
            guard case .object(let fields) = argument, let password = fields["adminPass"]?.stringValue else {
                throw ComputeError.badRequest("Invalid input for field/attribute changePassword. Value: 'adminPass' is a required property")
            }
            try await launcher.setAdminPassword(id: id, password: password, caller: caller)
            return accepted
        case "os-getConsoleOutput":
            var lines: Int?
            if case .object(let fields) = argument, let length = fields["length"], length != .null {
                guard let value = length.integerValue ?? length.stringValue.flatMap({ Int64($0) }), value >= -1 else {
                    throw ComputeError.badRequest("Invalid input for field/attribute length.")
                }
                lines = value < 0 ? nil : Int(value)
            }
            let output = try await launcher.consoleOutput(id: id, lines: lines, caller: caller)
            return JSONBody.response(.object(["output": .string(output)]))
        default:
            return try await rowAction(name, argument: argument, id: id, request: request, context: context, version: version)
        }
    }
}
