import Hummingbird
import ImageStore
import Logging
import Foundation

/// The per-request context: Hummingbird's core storage plus who is calling and the OpenStack request id.
public struct GlintRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``GlanceMiddleware`` before any route runs.
    public var caller: Caller
    /// `req-<uuid>`, echoed in `x-openstack-request-id`.
    public var requestID: String

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = .localAdmin
        requestID = "req-" + UUID().uuidString.lowercased()
    }

    /// JSON request bodies are small; image data never goes through the decoder.
    public var maxUploadSize: Int { 1 << 20 }
}
