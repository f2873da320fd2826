import Foundation
import GlintJSON

/// A JSON-patch document for an image, in either of Glance's two media types.
///
/// - `application/openstack-images-v2.1-json-patch`: RFC 6902 objects, `{"op": "add", "path": "/name", "value": …}`.
/// - `application/openstack-images-v2.0-json-patch`: the older draft form, `{"add": "/name", "value": …}`.
public struct ImagePatch: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable { case add, remove, replace }

    public struct Change: Sendable, Equatable {
        public var operation: Operation
        /// The property name, unescaped from the JSON pointer (`~1` → `/`, `~0` → `~`).
        public var property: String
        public var value: JSONValue?
    }

    public enum MediaType: String, Sendable, CaseIterable {
        case v2_1 = "application/openstack-images-v2.1-json-patch"
        case v2_0 = "application/openstack-images-v2.0-json-patch"
    }

    public var changes: [Change]

    /// Parses a patch body.
    ///
    /// - Throws: ``ImageStoreError/Code/badRequest`` for anything but an array of well-formed operations.
    public init(json: JSONValue, mediaType: MediaType) throws(ImageStoreError) {
        guard case .array(let items) = json else {
            throw ImageStoreError(.badRequest, "Request body must be a JSON array of operation objects.")
        }
        changes = try items.map { item throws(ImageStoreError) in try Self.change(from: item, mediaType: mediaType) }
    }

    static func change(from item: JSONValue, mediaType: MediaType) throws(ImageStoreError) -> Change {
        guard case .object(let object) = item else {
            throw ImageStoreError(.badRequest, "Operations must be JSON objects.")
        }
        let operation: Operation
        let pointer: String
        switch mediaType {
        case .v2_1:
            guard let name = object["op"]?.stringValue, let parsed = Operation(rawValue: name) else {
                throw ImageStoreError(.badRequest, "Operation objects must contain exactly one member named \"op\" "
                    + "with one of: add, remove, replace")
            }
            guard let path = object["path"]?.stringValue else {
                throw ImageStoreError(.badRequest, "Unable to find 'path' in JSON Schema change")
            }
            operation = parsed
            pointer = path
        case .v2_0:
            let present = Operation.allCases.filter { object[$0.rawValue] != nil }
            guard present.count == 1, let only = present.first, let path = object[only.rawValue]?.stringValue else {
                throw ImageStoreError(.badRequest, "Operation objects must contain exactly one member named "
                    + "\"add\", \"remove\", or \"replace\".")
            }
            operation = only
            pointer = path
        }
        let value = object["value"]
        if operation != .remove, value == nil {
            throw ImageStoreError(.badRequest, "Operation \"\(operation.rawValue)\" requires a member named \"value\".")
        }
        return Change(operation: operation, property: try property(fromPointer: pointer), value: value)
    }

    /// `/name` → `name`. Only top-level paths name image properties (`/locations/0` is refused later).
    static func property(fromPointer pointer: String) throws(ImageStoreError) -> String {
        guard pointer.hasPrefix("/"), pointer.count > 1 else {
            throw ImageStoreError(.badRequest, "Pointer `\(pointer)` does not start with \"/\".")
        }
        let body = pointer.dropFirst()
        if body.contains("/") {
            let head = body.split(separator: "/").first.map(String.init) ?? ""
            if head == "locations" {
                throw ImageStoreError(.forbidden, "It's not allowed to update locations if locations are invisible.")
            }
            throw ImageStoreError(.badRequest, "Nested paths are not allowed: \(pointer)")
        }
        return String(body).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// Applies the changes to `image` in order, with Glance's semantics.
    ///
    /// `add` and `replace` on a base property both set it (glanceclient sends `replace` for base properties that
    /// are null); `replace` or `remove` of a missing extra property is a 409; base properties cannot be removed.
    public func apply(to image: inout ImageRecord, caller: Caller) throws(ImageStoreError) {
        for change in changes {
            let name = change.property
            switch change.operation {
            case .add, .replace:
                let value = change.value ?? .null
                if change.operation == .replace, !ImageProperties.isBase(name), !ImageProperties.reserved.contains(name),
                    !name.hasPrefix("os_glance"), image.properties[name] == nil
                {
                    throw ImageStoreError(.conflict, "Property \(name) does not exist.")
                }
                try ImageProperties.set(name, to: value, on: &image, caller: caller)
            case .remove:
                try ImageProperties.checkWritable(name)
                if ImageProperties.isBase(name) {
                    throw ImageStoreError(.forbidden, "Properties \(name) must not be removed.")
                }
                guard image.properties.removeValue(forKey: name) != nil else {
                    throw ImageStoreError(.conflict, "Property \(name) does not exist.")
                }
            }
        }
    }
}
