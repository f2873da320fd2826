import GlintJSON
import Hummingbird

extension ComputeRoutes {
    /// Actions of the matrix rows still being built (stop/start, resize, rescue, snapshot, consoles): 501.
    func rowAction(
        _ name: String, argument: JSONValue, id: String, request: Request, context: GlintRequestContext, version: Microversion
    ) async throws -> Response {
        let known = ["os-stop", "os-start", "resize", "confirmResize", "revertResize", "rescue", "unrescue", "createImage",
                     "os-getVNCConsole", "os-getSPICEConsole"]
        guard known.contains(name) else {
            throw ComputeError.badRequest("There is no such action: \(name)")
        }
        throw ComputeError(status: .notImplemented, message: "Action \(name) is not implemented by this Glint yet.")
    }

    @Sendable func remoteConsole(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        throw ComputeError(status: .notImplemented, message: "Remote consoles are not implemented by this Glint yet.")
    }
}
