#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GlintJSON

/// Everything a drive says about one instance: the input of `glint configdrive build --content FILE` and of the API.
///
/// One flat JSON object in Nova's snake_case: the `InstanceMetadata` keys (`uuid`, `hostname`, `public_keys` …)
/// plus `network_data` (Nova's `network_data.json` as is), `user_data` (text) or `user_data_base64` (any bytes),
/// `vendor_data` and `vendor_data2`. Unknown top-level keys are errors so a typo does not silently drop a setting;
/// only `$comment` is ignored, for annotations.
/// Schema: `ConfigDrive/schema/content.schema.json`; samples: `ConfigDrive/samples/`.
public struct ConfigDriveContent: Sendable, Equatable, Codable {
    public var metadata: InstanceMetadata
    public var network: NetworkData?
    /// Raw user data (`user_data` in every version directory). Any bytes; at most 65535 (Nova's limit).
    public var userData: [UInt8]?
    /// `vendor_data.json` (≥2013-10-17; `{}` when nil, as Nova writes with no static vendor data).
    public var vendorData: JSONValue?
    /// `vendor_data2.json` (≥2016-10-06; `{}` when nil).
    public var vendorData2: JSONValue?

    /// Nova's limit on user data (`MAX_USERDATA_SIZE`).
    public static let maxUserDataSize = 65535

    public init(
        metadata: InstanceMetadata, network: NetworkData? = nil, userData: [UInt8]? = nil,
        vendorData: JSONValue? = nil, vendorData2: JSONValue? = nil
    ) {
        self.metadata = metadata
        self.network = network
        self.userData = userData
        self.vendorData = vendorData
        self.vendorData2 = vendorData2
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case network = "network_data"
        case userData = "user_data"
        case userDataBase64 = "user_data_base64"
        case vendorData = "vendor_data"
        case vendorData2 = "vendor_data2"
    }

    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.rawValue) + InstanceMetadata.CodingKeys.allCases.map(\.rawValue))
        let any = try decoder.container(keyedBy: AnyKey.self)
        // `$comment` (as in JSON Schema) annotates samples and is ignored.
        let unknown = any.allKeys.map(\.stringValue).sorted().first { !known.contains($0) && $0 != "$comment" }
        if let unknown {
            throw DecodingError.dataCorruptedError(
                forKey: AnyKey(unknown), in: any, debugDescription: "unknown key \"\(unknown)\"")
        }
        metadata = try InstanceMetadata(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        network = try c.decodeIfPresent(NetworkData.self, forKey: .network)
        userData = try decodeBytes(c, text: .userData, base64: .userDataBase64)
        vendorData = try c.decodeIfPresent(JSONValue.self, forKey: .vendorData)
        vendorData2 = try c.decodeIfPresent(JSONValue.self, forKey: .vendorData2)
    }

    public func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(network, forKey: .network)
        if let userData { try encodeBytes(userData, &c, text: .userData, base64: .userDataBase64) }
        try c.encodeIfPresent(vendorData, forKey: .vendorData)
        try c.encodeIfPresent(vendorData2, forKey: .vendorData2)
    }

    /// Decodes and validates content JSON, turning every failure into `.invalidContent` (or `.tooLarge`) with the
    /// JSON path of the offending value, for the CLI and the API.
    public static func decode(json: [UInt8]) throws(ConfigDriveError) -> ConfigDriveContent {
        let content = try decodeJSON(ConfigDriveContent.self, from: json, what: "content")
        try content.validate()
        return content
    }
}

extension NetworkData {
    /// Decodes and validates a `network_data.json` (Nova's or ours) for `--network-data FILE`.
    public static func decode(json: [UInt8]) throws(ConfigDriveError) -> NetworkData {
        let network = try decodeJSON(NetworkData.self, from: json, what: "network_data")
        try network.validate()
        return network
    }
}

/// Runs `JSONDecoder` and rewrites its errors as `ConfigDriveError.invalidContent` naming the field.
func decodeJSON<T: Decodable>(_ type: T.Type, from json: [UInt8], what: String) throws(ConfigDriveError) -> T {
    do {
        return try JSONDecoder().decode(type, from: Data(json))
    } catch let error as DecodingError {
        throw ConfigDriveError(.invalidContent, "invalid \(what) JSON: \(describe(error))")
    } catch {
        throw ConfigDriveError(.invalidContent, "invalid \(what) JSON: \(error)")
    }
}

/// `at links[0].type: Cannot initialize Kind from invalid String value "wifi"` rather than Foundation's dump.
private func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "top level" : text
    }
    switch error {
    case .typeMismatch(let type, let context):
        return "at \(path(context.codingPath)): expected \(type) (\(context.debugDescription))"
    case .valueNotFound(let type, let context):
        return "at \(path(context.codingPath)): missing \(type) value"
    case .keyNotFound(let key, let context):
        return "at \(path(context.codingPath + [key])): required key \"\(key.stringValue)\" is missing"
    case .dataCorrupted(let context):
        return "at \(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
