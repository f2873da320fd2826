import Foundation
import HTTPTypes
import Hummingbird
import ImageStore
import Logging

/// Runs around every route: authenticates the caller, turns every error into Glance's error shape, adds
/// `x-openstack-request-id` to every response, and logs one line per request.
struct GlanceMiddleware: RouterMiddleware {
    typealias Context = GlintRequestContext

    let authenticator: Authenticator
    /// Paths that answer without credentials (version discovery).
    static let publicPaths: Set<String> = ["/", "/versions", "/v2", "/v2/"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var context = context
        context.logger[metadataKey: "request.id"] = "\(context.requestID)"
        var response: Response
        do {
            if !Self.publicPaths.contains(request.uri.path) && !ComputeRoutes.publicPaths.contains(request.uri.path) {
                guard let caller = authenticator.caller(forToken: request.headers[.xAuthToken]) else {
                    throw ImageStoreError(.unauthorized, "This server could not verify that you are authorized to "
                        + "access the document you requested.")
                }
                context.caller = caller
            }
            response = try await next(request, context)
        } catch where request.uri.path.hasPrefix("/compute/") {
            // Nova's fault shape for the compute API (an unknown token, an unknown path under it).
            response = ComputeError.from(error).response()
        } catch {
            response = Self.errorResponse(for: error, context: context).response(accept: request.headers[.accept])
        }
        response.headers[.xOpenStackRequestID] = context.requestID
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "Request",
            metadata: [
                "http.method": "\(request.method)",
                "http.path": "\(request.uri)",
                "http.status": "\(response.status.code)",
                "http.duration_ms": "\(Int(elapsed / .milliseconds(1)))",
            ]
        )
        return response
    }

    static func errorResponse(for error: any Error, context: Context) -> ErrorResponse {
        switch error {
        case let error as ImageStoreError:
            if error.code == .storage {
                context.logger.info("Storage failure", metadata: ["error": "\(error.message)"])
            }
            return ErrorResponse(error)
        case let error as APIError:
            return error.response
        case let error as HTTPError:
            if error.status == .notFound {
                return ErrorResponse(status: .notFound, message: "The resource could not be found.")
            }
            return ErrorResponse(status: error.status, message: error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            // Hummingbird's own errors, such as NIO's "too many bytes" for a body over the limit (413).
            return ErrorResponse(status: error.status, message: error.status == .contentTooLarge
                ? "The request body is larger than this request accepts." : error.status.reasonPhrase)
        case is CancellationError:
            // Shutdown cancelled the request after its grace period.
            return ErrorResponse(status: .serviceUnavailable, message: "The server is shutting down; the request was "
                + "abandoned and may be retried.")
        default:
            context.logger.info("Unhandled error", metadata: ["error": "\(error)"])
            return ErrorResponse(status: .internalServerError, message: "The server has either erred or is incapable "
                + "of performing the requested operation.")
        }
    }
}

/// An error raised by the HTTP layer itself (bad headers, wrong method), with extra response headers.
struct APIError: Error {
    var response: ErrorResponse

    static func methodNotAllowed(allow: [HTTPRequest.Method]) -> APIError {
        var headers = HTTPFields()
        headers[.allow] = allow.map(\.rawValue).joined(separator: ", ")
        return APIError(response: ErrorResponse(
            status: .methodNotAllowed,
            message: "The method specified is not allowed for this resource.",
            headers: headers
        ))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(response: ErrorResponse(status: .badRequest, message: message))
    }

    static func unsupportedMediaType(_ message: String, headers: HTTPFields = [:]) -> APIError {
        APIError(response: ErrorResponse(status: .unsupportedMediaType, message: message, headers: headers))
    }
}

extension HTTPField.Name {
    static let xAuthToken = Self("X-Auth-Token")!
    static let xOpenStackRequestID = Self("x-openstack-request-id")!
    static let xOpenStackImageSize = Self("x-openstack-image-size")!
    static let openStackImageImportMethods = Self("OpenStack-image-import-methods")!
    static let openStackImageStoreIDs = Self("OpenStack-image-store-ids")!
    static let acceptPatch = Self("Accept-Patch")!
    static let contentMD5 = Self("Content-MD5")!
    static let openStackAPIVersion = Self("OpenStack-API-Version")!
    static let xOpenStackNovaAPIVersion = Self("X-OpenStack-Nova-API-Version")!
}
