#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A key pair as Nova exposes it: `public_keys[name] = data` and `keys: [{name, type, data}]`.
///
/// `type` is Nova's key-pair type, `ssh` or `x509` (cloudbase-init looks for `x509` to install certificates), derived
/// from the text when not given; the OpenSSH algorithm (`ssh-ed25519` …) is `algorithm`.
public struct PublicKey: Sendable, Equatable, Codable {
    public var name: String
    /// `ssh` or `x509`.
    public var type: String
    /// The public key text, e.g. `ssh-ed25519 AAAA… user@host`, or a PEM certificate.
    public var data: String

    public init(name: String, data: String, type: String? = nil) {
        self.name = name
        self.data = data
        self.type = type ?? PublicKey.derivedType(of: data)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let data = try c.decode(String.self, forKey: .data)
        self.init(
            name: try c.decode(String.self, forKey: .name), data: data,
            type: try c.decodeIfPresent(String.self, forKey: .type))
    }

    /// `x509` for a PEM certificate, `ssh` for anything else (Nova's default key-pair type).
    static func derivedType(of data: String) -> String {
        data.contains("-----BEGIN CERTIFICATE-----") ? "x509" : "ssh"
    }

    /// The OpenSSH algorithm named by the key's first word (`ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256` …),
    /// nil for certificates and text that is not an OpenSSH public key.
    public var algorithm: String? {
        guard type == "ssh", let first = data.split(whereSeparator: \.isWhitespace).first else { return nil }
        let word = String(first)
        return PublicKey.knownAlgorithms.contains(word) ? word : nil
    }

    static let knownAlgorithms: Set<String> = [
        "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]
}

/// A file Nova would inject ("personality"): an absolute guest path and its bytes.
///
/// In JSON the bytes are `content` (UTF-8 text) or `content_base64` (anything); encoding picks text when it can so
/// samples stay readable.
public struct InjectedFile: Sendable, Equatable, Codable {
    /// Absolute path in the guest, without `..` (cloud-init writes it there, mode 0660).
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }

    enum CodingKeys: String, CodingKey {
        case path, content
        case contentBase64 = "content_base64"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        contents = try decodeBytes(c, text: .content, base64: .contentBase64) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try encodeBytes(contents, &c, text: .content, base64: .contentBase64)
    }
}

/// A tagged device in `meta_data.json` `devices` (Nova's device role tagging, ≥2016-06-30).
public struct DeviceMetadata: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case nic, disk }
    public enum Bus: String, Sendable, Codable { case pci, usb, scsi, ide, xen, none }

    public var type: Kind
    public var bus: Bus
    /// Bus address (`0000:00:02.0` for PCI, `0:0:0:0` for SCSI); `none` when unknown, like Nova.
    public var address: String
    /// NIC MAC address (NICs only).
    public var mac: String?
    /// Disk serial (disks only).
    public var serial: String?
    /// Disk device path (disks only).
    public var path: String?
    public var tags: [String]
    /// NIC VLAN id, written from 2017-02-22.
    public var vlan: Int?
    /// Whether the NIC is a trusted SR-IOV VF, written from 2018-08-27 (false when nil, like Nova).
    public var vfTrusted: Bool?

    public init(
        type: Kind, bus: Bus = .pci, address: String = "none", mac: String? = nil, serial: String? = nil,
        path: String? = nil, tags: [String] = [], vlan: Int? = nil, vfTrusted: Bool? = nil
    ) {
        self.type = type
        self.bus = bus
        self.address = address
        self.mac = mac
        self.serial = serial
        self.path = path
        self.tags = tags
        self.vlan = vlan
        self.vfTrusted = vfTrusted
    }

    enum CodingKeys: String, CodingKey {
        case type, bus, address, mac, serial, path, tags, vlan
        case vfTrusted = "vf_trusted"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try c.decode(Kind.self, forKey: .type),
            bus: try c.decodeIfPresent(Bus.self, forKey: .bus) ?? .none,
            address: try c.decodeIfPresent(String.self, forKey: .address) ?? "none",
            mac: try c.decodeIfPresent(String.self, forKey: .mac),
            serial: try c.decodeIfPresent(String.self, forKey: .serial),
            path: try c.decodeIfPresent(String.self, forKey: .path),
            tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [],
            vlan: try c.decodeIfPresent(Int.self, forKey: .vlan),
            vfTrusted: try c.decodeIfPresent(Bool.self, forKey: .vfTrusted))
    }
}

/// Reads bytes given either as UTF-8 text under `text` or as base64 under `base64` (not both).
func decodeBytes<K: CodingKey>(_ c: KeyedDecodingContainer<K>, text: K, base64: K) throws -> [UInt8]? {
    let plain = try c.decodeIfPresent(String.self, forKey: text)
    let encoded = try c.decodeIfPresent(String.self, forKey: base64)
    switch (plain, encoded) {
    case (nil, nil): return nil
    case (let plain?, nil): return Array(plain.utf8)
    case (nil, let encoded?):
        guard let data = Data(base64Encoded: encoded) else {
            throw DecodingError.dataCorruptedError(
                forKey: base64, in: c, debugDescription: "\(base64.stringValue) is not valid base64")
        }
        return Array(data)
    case (.some, .some):
        throw DecodingError.dataCorruptedError(
            forKey: base64, in: c,
            debugDescription: "give \(text.stringValue) or \(base64.stringValue), not both")
    }
}

/// Writes bytes as text when they are valid UTF-8, else as base64.
func encodeBytes<K: CodingKey>(_ bytes: [UInt8], _ c: inout KeyedEncodingContainer<K>, text: K, base64: K) throws {
    if let string = String(validating: bytes, as: UTF8.self) {
        try c.encode(string, forKey: text)
    } else {
        try c.encode(Data(bytes).base64EncodedString(), forKey: base64)
    }
}
