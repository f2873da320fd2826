import Foundation
import HTTPTypes
import Hummingbird
import ImageStore

/// Renders errors the way Glance (through webob) does, chosen by the request's `Accept`:
/// plain text by default (glanceclient sends no useful `Accept`), JSON `{"message","code","title"}` when the
/// client asks for `application/json`, HTML when it asks for `text/html`.
struct ErrorResponse {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    static func status(for code: ImageStoreError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .badRequest, .invalidImageData: .badRequest
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rangeNotSatisfiable: .rangeNotSatisfiable
        case .unauthorized: .unauthorized
        case .serviceUnavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    init(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    init(_ error: ImageStoreError) {
        self.init(status: Self.status(for: error.code), message: error.message)
    }

    func response(accept: String?) -> Response {
        let codeText = "\(status.code) \(status.reasonPhrase)"
        var headers = self.headers
        let body: String
        let accept = (accept ?? "").lowercased()
        if accept.contains("application/json") {
            let object: [String: String] = ["message": message, "code": codeText, "title": status.reasonPhrase]
            let data = (try? JSONEncoder().encode(object)) ?? Data()
            body = String(decoding: data, as: UTF8.self)
            headers[.contentType] = "application/json"
        } else if accept.contains("text/html") {
            let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            body = "<html>\n <head>\n  <title>\(codeText)</title>\n </head>\n <body>\n  <h1>\(codeText)</h1>\n  "
                + "\(escaped)<br /><br />\n\n\n\n </body>\n</html>"
            headers[.contentType] = "text/html; charset=UTF-8"
        } else {
            body = "\(codeText)\n\n\(message)\n\n   "
            headers[.contentType] = "text/plain; charset=UTF-8"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
