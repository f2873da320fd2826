#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GlintJSON

/// The OpenStack metadata versions Nova writes a directory for (`nova/api/metadata/base.py OPENSTACK_VERSIONS`),
/// oldest first, then `latest`, which holds everything.
///
/// Every key and file is gated on the version that introduced it, because guests pick a dated directory (cloud-init
/// takes the newest it knows, up to 2018-08-27) and must see exactly what Nova would serve for that date.
public enum OpenStackMetadataVersion: String, Sendable, CaseIterable, Comparable {
    case folsom = "2012-08-10"
    case grizzly = "2013-04-04"
    case havana = "2013-10-17"
    case liberty = "2015-10-15"
    case newtonOne = "2016-06-30"
    case newtonTwo = "2016-10-06"
    case ocata = "2017-02-22"
    case rocky = "2018-08-27"
    case victoria = "2020-10-14"
    case epoxy = "2025-04-04"
    case latest

    /// `random_seed`, `password` in the metadata service.
    static let randomSeed = grizzly
    /// `vendor_data.json`.
    static let vendorData = havana
    /// `network_data.json`, `project_id`.
    static let networkData = liberty
    /// `devices`.
    static let devices = newtonOne
    /// `vendor_data2.json`.
    static let vendorData2 = newtonTwo
    /// `vlan` on NIC devices.
    static let deviceVLAN = ocata
    /// `vf_trusted` on NIC devices.
    static let deviceVFTrusted = rocky
    /// `dedicated_cpus`.
    static let dedicatedCPUs = victoria

    private var index: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The EC2-compatible versions Nova keeps on a config drive: all others are in its default
/// `config_drive_skip_versions`.
enum EC2MetadataVersion: String, CaseIterable {
    case v20090404 = "2009-04-04"
    case latest
}

/// JSON as every file of a drive is written: keys sorted and `/` unescaped, so the same content always gives the
/// same bytes (golden trees, reproducible images).
enum DriveJSON {
    /// One line, like Nova's `jsonutils.dump_as_bytes`.
    static func compact<T: Encodable>(_ value: T, field: String) throws(ConfigDriveError) -> [UInt8] {
        try encode(value, field: field, formatting: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Indented with a final newline, for the NoCloud files people read (JSON is valid YAML for cloud-init).
    static func pretty<T: Encodable>(_ value: T, field: String) throws(ConfigDriveError) -> [UInt8] {
        try encode(value, field: field, formatting: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]) + [0x0A]
    }

    private static func encode<T: Encodable>(
        _ value: T, field: String, formatting: JSONEncoder.OutputFormatting
    ) throws(ConfigDriveError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ConfigDriveError(.invalidContent, "\(field) cannot be written as JSON: \(error)")
        }
    }
}

extension JSONValue {
    /// Builds an object from optional members, dropping the nil ones.
    static func object(dropping members: [(String, JSONValue?)]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, value) in members { if let value { object[key] = value } }
        return .object(object)
    }
}
