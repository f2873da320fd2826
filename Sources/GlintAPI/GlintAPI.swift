import Hummingbird
import HummingbirdCore
import ImageStore
import ImageTasks
import Launcher
import Logging

/// The Glance v2–compatible HTTP API of `glintd`.
public enum GlintAPI {
    /// Builds the router with every route, behind ``GlanceMiddleware``.
    /// - Parameters:
    ///   - tasks: The task service; without it `/v2/tasks` answers 404 like any unknown path.
    ///   - launcher: The compute side; without it (no libvirtd) `/compute` answers 404.
    public static func router(
        service: ImageService, tasks: TaskService? = nil, launcher: Launcher? = nil, authenticator: Authenticator
    ) -> Router<GlintRequestContext> {
        let router = Router(context: GlintRequestContext.self)
        router.add(middleware: GlanceMiddleware(authenticator: authenticator))
        let table = RouteTable(router: router)
        VersionRoutes.register(on: table)
        SchemaDocuments.register(on: table)
        ImageRoutes(service: service).register(on: table)
        ImageDataRoutes(service: service).register(on: table)
        MemberRoutes(service: service).register(on: table)
        StoreInfo(service: service).register(on: table)
        ConfigDriveRoutes(service: service).register(on: table)
        if let tasks { TaskRoutes(tasks: tasks).register(on: table) }
        if let launcher { ComputeRoutes(launcher: launcher).register(on: table) }
        return router
    }

    /// The router behind Glance's URL version negotiation: what `glintd` serves.
    public static func responder(
        service: ImageService, tasks: TaskService? = nil, launcher: Launcher? = nil, authenticator: Authenticator
    ) -> some HTTPResponder<GlintRequestContext> {
        VersionNegotiatingResponder(
            inner: router(service: service, tasks: tasks, launcher: launcher, authenticator: authenticator).buildResponder())
    }

    /// The HTTP/1.1 server setup: Hummingbird's, plus `Expect: 100-continue` support.
    public static var server: HTTPServerBuilder {
        .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()]))
    }
}
