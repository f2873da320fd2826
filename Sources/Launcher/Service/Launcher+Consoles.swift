import Foundation
import ImageStore
import Libvirt

/// The remote display a console endpoint is asked for.
public enum ConsoleProtocol: String, Sendable {
    case vnc, spice
}

extension Launcher {
    /// Where the instance's VNC or SPICE display listens, read from the live domain XML as Nova's
    /// `get_vnc_console`/`get_spice_console` do: the ports only exist while the domain runs.
    /// - Throws: 409 when the instance is not running; 400 when the domain has no such display.
    public func consoleEndpoint(id: String, protocol kind: ConsoleProtocol, caller: Caller) async throws -> (host: String, port: Int) {
        let instance = try await instance(id: id, caller: caller)
        guard let domain = try await domain(of: instance), try await domain.isActive() else {
            throw LauncherError(.conflict, "Instance \(id) is not ready: it is not running.")
        }
        let description = try DomainDescription(xml: try await domain.xmlDescription())
        guard let graphics = description.graphics(kind.rawValue) else {
            throw LauncherError(.badRequest, "Unavailable console type \(kind.rawValue).")
        }
        guard let port = graphics.port else {
            throw LauncherError(.conflict, "Instance \(id) has no \(kind.rawValue) port yet.")
        }
        return (graphics.listen ?? "127.0.0.1", port)
    }
}
