import HTTPTypes
import Hummingbird
import ImageStore

/// `PUT` and `GET /v2/images/{id}/file`: streaming upload and (ranged) download.
struct ImageDataRoutes {
    let service: ImageService

    func register(on table: RouteTable) {
        table.path("/v2/images/{id}/file", [.put: upload, .get: download])
        table.path("/v2/images/{id}/stage", [.put: stage])
        table.path("/v2/images/{id}/import", [.post: importImage])
    }

    @Sendable func upload(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let expectations = try Self.expectations(of: request)
        _ = try await service.upload(id: try context.imageID, body: request.body, expectations: expectations, caller: context.caller)
        return JSONBody.noContent()
    }

    /// `PUT …/stage`: the first half of `glance-direct`.
    @Sendable func stage(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let expectations = try Self.expectations(of: request)
        try await service.stage(id: try context.imageID, body: request.body, expectations: expectations, caller: context.caller)
        return JSONBody.noContent()
    }

    /// `POST …/import`: `{"method": {"name": "glance-direct"}}`; 202 as Glance, though the import is already done.
    @Sendable func importImage(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let body = try await JSONBody.decodeObject(request, context: context)
        guard case .object(let method)? = body["method"], let name = method["name"]?.stringValue else {
            throw APIError.badRequest("Import request requires a 'method' field with a 'name'.")
        }
        if body["stores"] != nil || body["all_stores"] != nil {
            throw APIError.badRequest("This server has a single store; 'stores' and 'all_stores' are not supported.")
        }
        try await service.importImage(id: try context.imageID, method: name, caller: context.caller)
        return Response(status: .accepted, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }

    /// The checks a client asks for in its upload headers.
    static func expectations(of request: Request) throws -> UploadExpectations {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map { $0.lowercased() }
        guard contentType == "application/octet-stream" else {
            throw APIError.unsupportedMediaType(
                "Content-Type must be application/octet-stream, not \(request.headers[.contentType] ?? "none")."
            )
        }
        var expectations = UploadExpectations()
        if let header = request.headers[.xOpenStackImageSize] ?? request.headers[.contentLength] {
            guard let size = Int64(header), size >= 0 else {
                throw APIError.badRequest("Invalid image size header: \(header)")
            }
            expectations.declaredSize = size
        }
        expectations.expectedMD5 = request.headers[.contentMD5]
        return expectations
    }

    @Sendable func download(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let id = try context.imageID
        let (image, dataSize) = try await service.prepareDownload(id: id, caller: context.caller)
        guard let dataSize else { return Response(status: .noContent) }

        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        var status = HTTPResponse.Status.ok
        var range: Range<Int64> = 0..<dataSize
        if let header = request.headers[.range] {
            range = try ByteRange.parse(header, size: dataSize)
            status = .partialContent
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(dataSize)"
        } else if let checksum = image.checksum {
            headers[.contentMD5] = checksum
        }
        let blobs = service.blobs
        let body = ResponseBody(contentLength: Int(range.count)) { [range] writer in
            try await blobs.read(id: id, range: range, into: &writer) { writer, chunk in
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}

/// One `Range: bytes=…` header, as Glance accepts it: a single range, `a-b`, `a-` or `-n`.
enum ByteRange {
    /// - Throws: 400 for a multi-range or malformed header, 416 (with `Content-Range: bytes */size`) past the end.
    static func parse(_ header: String, size: Int64) throws -> Range<Int64> {
        guard header.hasPrefix("bytes="), !header.contains(",") else {
            throw APIError.badRequest("Invalid Range header: \(header). Only a single byte range is supported.")
        }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw APIError.badRequest("Invalid Range header: \(header)") }
        let unsatisfiable: APIError = {
            var headers = HTTPFields()
            headers[.contentRange] = "bytes */\(size)"
            return APIError(response: ErrorResponse(
                status: .rangeNotSatisfiable,
                message: "Requested range not satisfiable: \(header) for an image of \(size) bytes.",
                headers: headers
            ))
        }()
        if parts[0].isEmpty {
            guard let suffix = Int64(parts[1]), suffix > 0 else { throw APIError.badRequest("Invalid Range header: \(header)") }
            guard size > 0 else { throw unsatisfiable }
            return max(0, size - suffix)..<size
        }
        guard let start = Int64(parts[0]) else { throw APIError.badRequest("Invalid Range header: \(header)") }
        var end = size - 1
        if !parts[1].isEmpty {
            guard let last = Int64(parts[1]), last >= start else {
                throw APIError.badRequest("Invalid Range header: \(header)")
            }
            end = min(last, size - 1)
        }
        guard start < size else { throw unsatisfiable }
        return start..<(end + 1)
    }
}
