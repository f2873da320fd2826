import Hummingbird
import ImageStore
import GlintJSON

/// `/v2/info/*`: import methods, the one filesystem store, and the caller's usage.
struct StoreInfo {
    /// The id of the embedded filesystem store, in `stores` and `OpenStack-image-store-ids`.
    static let storeID = "fs"

    let service: ImageService

    func register(on table: RouteTable) {
        table.path("/v2/info/import") { _, _ in
            JSONBody.response(.object([
                "import-methods": .object([
                    "description": .string("Import methods available."),
                    "type": .string("array"),
                    "value": .array(ImageService.importMethods.map(JSONValue.string)),
                ])
            ]))
        }
        table.path("/v2/info/stores") { _, _ in
            JSONBody.response(.object(["stores": .array([Self.store(detail: false)])]))
        }
        table.path("/v2/info/stores/detail") { _, context in
            guard context.caller.isAdmin else {
                throw ImageStoreError(.forbidden, "You are not authorized to complete stores_info_detail action.")
            }
            return JSONBody.response(.object(["stores": .array([Self.store(detail: true)])]))
        }
        table.path("/v2/info/usage") { [service] _, context in
            let usage = try await service.usage(caller: context.caller)
            func entry(_ value: Int64) -> JSONValue {
                .object(["limit": .int(-1), "usage": .int(Int64(value))])
            }
            return JSONBody.response(.object([
                "usage": .object([
                    "image_size_total": entry(usage.sizeTotal),
                    "image_count_total": entry(usage.count),
                    "image_stage_total": entry(0),
                    "image_count_uploading": entry(usage.uploading),
                ])
            ]))
        }
    }

    static func store(detail: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(storeID),
            "description": .string("Local filesystem store"),
            "default": .string("true"),
        ]
        if detail {
            object["type"] = .string("file")
            object["weight"] = .int(0)
            object["properties"] = .object([:])
        }
        return .object(object)
    }
}
