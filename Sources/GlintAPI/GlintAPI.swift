import Hummingbird
import HummingbirdCore
import ImageStore
import Logging

/// The Glance v2–compatible HTTP API of `glintd`.
public enum GlintAPI {
    /// Builds the router with every route, behind ``GlanceMiddleware``.
    public static func router(service: ImageService, authenticator: Authenticator) -> Router<GlintRequestContext> {
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
        return router
    }

    /// The router behind Glance's URL version negotiation: what `glintd` serves.
    public static func responder(service: ImageService, authenticator: Authenticator) -> some HTTPResponder<GlintRequestContext> {
        VersionNegotiatingResponder(inner: router(service: service, authenticator: authenticator).buildResponder())
    }

    /// The HTTP/1.1 server setup: Hummingbird's, plus `Expect: 100-continue` support.
    public static var server: HTTPServerBuilder {
        .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()]))
    }
}
