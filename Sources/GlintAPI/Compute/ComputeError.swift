import Foundation
import HTTPTypes
import Hummingbird
import ImageStore
import Launcher

/// An error of the compute API, rendered as Nova renders faults: `{"itemNotFound": {"code": 404, "message": …}}`
/// (`nova/api/openstack/wsgi.py`, `Fault`), whatever the client's `Accept`.
struct ComputeError: Error {
    var status: HTTPResponse.Status
    var message: String

    /// Nova's name for the fault of each status.
    var faultName: String {
        switch status.code {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413: "overLimit"
        case 415: "badMediaType"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    func response() -> Response {
        let body: [String: [String: Any]] = [faultName: ["code": Int(status.code), "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ message: String) -> ComputeError { ComputeError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> ComputeError { ComputeError(status: .notFound, message: message) }

    /// Any error a compute route throws, as Nova would report it.
    static func from(_ error: any Error) -> ComputeError {
        switch error {
        case let error as ComputeError:
            return error
        case let error as LauncherError:
            let status: HTTPResponse.Status
            switch error.code {
            case .notFound: status = .notFound
            case .conflict: status = .conflict
            case .badRequest: status = .badRequest
            case .notImplemented: status = .notImplemented
            default: status = .internalServerError
            }
            return ComputeError(status: status, message: error.message)
        case let error as ImageStoreError:
            return ComputeError(status: ErrorResponse.status(for: error.code), message: error.message)
        case let error as APIError:
            return ComputeError(status: error.response.status, message: error.response.message)
        case let error as HTTPError:
            return ComputeError(status: error.status, message: error.body ?? "The resource could not be found.")
        default:
            return ComputeError(
                status: .internalServerError,
                message: "Unexpected API Error. Please report this at https://github.com/glint and attach the Glint API log if possible.")
        }
    }
}
