import Foundation
import HTTPTypes
import Hummingbird
import ImageStore
import GlintJSON

/// JSON bodies in and out, without Codable models for documents whose keys are open (images, schemas).
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=UTF-8"
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 204 with an empty body, as Glance answers uploads, tag changes, actions and deletes.
    static func noContent() -> Response {
        Response(status: .noContent, headers: [.contentType: "text/html; charset=UTF-8"])
    }

    /// Reads a small JSON request body (at most 1 MiB).
    static func decode(_ request: Request, context: GlintRequestContext) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("Malformed JSON in request body.")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("Malformed JSON in request body.")
        }
    }

    /// Reads a JSON object body.
    static func decodeObject(_ request: Request, context: GlintRequestContext) async throws -> [String: JSONValue] {
        guard case .object(let object) = try await decode(request, context: context) else {
            throw APIError.badRequest("Request body must be a JSON object.")
        }
        return object
    }
}

extension ImageRecord {
    /// The image as Glance renders it: base properties (nulls included) and extra properties as top-level strings.
    var json: JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, value) in properties { object[key] = .string(value) }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int64?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
        object["id"] = .string(id)
        object["name"] = text(name)
        object["status"] = .string(status.rawValue)
        object["visibility"] = .string(visibility.rawValue)
        object["protected"] = .bool(isProtected)
        object["os_hidden"] = .bool(osHidden)
        object["checksum"] = text(checksum)
        object["os_hash_algo"] = text(osHashAlgo)
        object["os_hash_value"] = text(osHashValue)
        object["owner"] = text(owner)
        object["size"] = number(size)
        object["virtual_size"] = number(virtualSize)
        object["container_format"] = text(containerFormat)
        object["disk_format"] = text(diskFormat)
        object["min_ram"] = number(minRAM)
        object["min_disk"] = number(minDisk)
        object["created_at"] = .string(createdAt.isoTime)
        object["updated_at"] = .string(updatedAt.isoTime)
        object["tags"] = .array(tags.map(JSONValue.string))
        object["self"] = .string("/v2/images/\(id)")
        object["file"] = .string("/v2/images/\(id)/file")
        object["schema"] = .string("/v2/schemas/image")
        if status.hasData { object["stores"] = .string(StoreInfo.storeID) }
        return .object(object)
    }
}

extension ImageMember {
    var json: JSONValue {
        .object([
            "member_id": .string(memberID),
            "image_id": .string(imageID),
            "status": .string(status.rawValue),
            "created_at": .string(createdAt.isoTime),
            "updated_at": .string(updatedAt.isoTime),
            "schema": .string("/v2/schemas/member"),
        ])
    }
}
