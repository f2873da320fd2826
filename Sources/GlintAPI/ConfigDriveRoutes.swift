import ConfigDrive
import Foundation
import HTTPTypes
import Hummingbird
import ImageStore
import GlintJSON

/// `POST /glint/v1/config-drives`: builds a config drive from a ``ConfigDriveContent`` JSON body and returns it, or
/// stores it as an image (`?store=true`).
struct ConfigDriveRoutes {
    let service: ImageService

    func register(on table: RouteTable) {
        table.path("/glint/v1/config-drives", [.post: create])
    }

    /// The query: `format` (default `iso9660`), `store` (default false), `name` (with `store`).
    struct Query {
        var format = ConfigDriveFormat.iso9660
        var store = false
        var name: String?

        init(_ request: Request) throws {
            for (key, value) in QueryString.items(of: request) {
                switch key {
                case "format":
                    guard let format = ConfigDriveFormat(rawValue: value) else {
                        let known = ConfigDriveFormat.allCases.map(\.rawValue).joined(separator: ", ")
                        throw APIError.badRequest("Invalid format '\(value)': expected one of \(known).")
                    }
                    self.format = format
                case "store":
                    switch value.lowercased() {
                    case "true", "1", "yes", "": store = true
                    case "false", "0", "no": store = false
                    default: throw APIError.badRequest("Invalid value for 'store': '\(value)' (expected true or false).")
                    }
                case "name":
                    name = value
                default:
                    throw APIError.badRequest("Unknown query parameter '\(key)': expected format, store or name.")
                }
            }
            if name != nil, !store {
                throw APIError.badRequest("'name' only applies with store=true.")
            }
        }
    }

    @Sendable func create(_ request: Request, context: GlintRequestContext) async throws -> Response {
        let query = try Query(request)
        let content = try await Self.content(of: request, context: context)
        let bytes: [UInt8]
        do {
            let builder = ConfigDriveBuilder(format: query.format, logger: context.logger)
            bytes = try await builder.build(content)
        } catch let error as ConfigDriveError {
            throw Self.apiError(error, context: context)
        }
        guard query.store else {
            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            headers[.contentDisposition] = "attachment; filename=\"\(Self.fileName(query.format))\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let image = try await store(bytes, content: content, query: query, caller: context.caller)
        var headers = HTTPFields()
        headers[.location] = VersionRoutes.baseURL(of: request) + "/v2/images/\(image.id)"
        return JSONBody.response(image.json, status: .created, headers: headers)
    }

    /// Creates the image record and uploads the drive through the normal ingest (hashes, format inspection);
    /// removes the record again if the upload fails.
    func store(_ bytes: [UInt8], content: ConfigDriveContent, query: Query, caller: Caller) async throws -> ImageRecord {
        let name = query.name ?? "config-drive-\(content.metadata.uuid)"
        let body: [String: JSONValue] = [
            "name": .string(name),
            "disk_format": .string(query.format == .vfat ? "raw" : "iso"),
            "container_format": .string("bare"),
            "glint_config_drive_format": .string(query.format.rawValue),
            "glint_instance_uuid": .string(content.metadata.uuid),
        ]
        let created = try await service.create(body, caller: caller)
        do {
            return try await service.upload(
                id: created.id,
                body: OneBuffer(buffer: ByteBuffer(bytes: bytes)),
                expectations: UploadExpectations(declaredSize: Int64(bytes.count)),
                caller: caller
            )
        } catch {
            try? await service.delete(id: created.id, caller: caller)
            throw error
        }
    }

    /// Reads, decodes and validates the JSON body (at most 1 MiB, else 413).
    static func content(of request: Request, context: GlintRequestContext) async throws -> ConfigDriveContent {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("The request body must be the config drive content as a JSON object.")
        }
        do {
            return try ConfigDriveContent.decode(json: Array(buffer.readableBytesView))
        } catch {
            throw apiError(error, context: context)
        }
    }

    static func apiError(_ error: ConfigDriveError, context: GlintRequestContext) -> any Error {
        switch error.code {
        case .invalidContent:
            return APIError.badRequest(error.message)
        case .tooLarge:
            return APIError(response: ErrorResponse(status: .contentTooLarge, message: error.message))
        default:
            context.logger.info("Config drive build failed", metadata: ["error": "\(error.message)"])
            return APIError(response: ErrorResponse(
                status: .internalServerError,
                message: "The config drive could not be built: \(error.message)"
            ))
        }
    }

    static func fileName(_ format: ConfigDriveFormat) -> String {
        switch format {
        case .iso9660: "config-2.iso"
        case .vfat: "config-2.img"
        case .nocloud: "cidata.iso"
        }
    }
}

/// A request-body-like sequence of one buffer, for ``ImageService/upload(id:body:expectations:caller:)``.
private struct OneBuffer: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffer: ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        mutating func next() async throws -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
}
