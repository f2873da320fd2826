#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks run before any tree is built, so a drive is never written from content a guest would choke on.
///
/// Each message names the JSON field (`files[1].path`, `network_data.links[0].ethernet_mac_address`) so the CLI and
/// the API can show it as is.
extension ConfigDriveContent {
    public func validate() throws(ConfigDriveError) {
        if let userData, userData.count > Self.maxUserDataSize {
            throw ConfigDriveError(
                .tooLarge,
                "user_data is \(userData.count) bytes; the limit is \(Self.maxUserDataSize) bytes (64 KiB, Nova's)")
        }
        try metadata.validate()
        if let network { try network.validate(field: "network_data") }
    }
}

extension InstanceMetadata {
    public func validate() throws(ConfigDriveError) {
        // cloud-init compares the instance id with the SMBIOS UUID; Nova's ids are always canonical UUIDs.
        guard UUID(uuidString: uuid) != nil else {
            throw invalid("uuid \"\(uuid)\" is not a UUID (8-4-4-4-12 hex digits)")
        }
        guard isValidHostname(hostname) else {
            throw invalid(
                "hostname \"\(hostname)\" is not a valid hostname (letters, digits and '-' in dot-separated labels of 1-63 characters, 253 at most)"
            )
        }
        guard launchIndex >= 0 else { throw invalid("launch_index must not be negative") }
        for (key, value) in meta where key.isEmpty || key.utf8.count > 255 || value.utf8.count > 255 {
            throw invalid("meta[\"\(key)\"]: keys must be 1-255 bytes and values at most 255 bytes (Nova's limits)")
        }
        var keyNames: Set<String> = []
        for (index, key) in publicKeys.enumerated() {
            let field = "public_keys[\(index)]"
            guard !key.name.isEmpty else { throw invalid("\(field).name is empty") }
            guard keyNames.insert(key.name).inserted else { throw invalid("\(field): duplicate key name \"\(key.name)\"") }
            guard key.type == "ssh" || key.type == "x509" else {
                throw invalid("\(field).type \"\(key.type)\" is neither ssh nor x509")
            }
            if key.type == "ssh" {
                let trimmed = key.data.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
                guard key.algorithm != nil, key.data.split(whereSeparator: \.isWhitespace).count >= 2,
                    !trimmed.contains("\n")
                else {
                    throw invalid("\(field) (\(key.name)): data is not a one-line OpenSSH public key (ssh-ed25519 AAAA…)")
                }
            }
        }
        var paths: Set<String> = []
        for (index, file) in files.enumerated() {
            let field = "files[\(index)].path"
            guard file.path.hasPrefix("/") else { throw invalid("\(field) \"\(file.path)\" is not absolute") }
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard !components.contains("..") else { throw invalid("\(field) \"\(file.path)\" contains '..'") }
            guard let last = components.last, !last.isEmpty, last != "." else {
                throw invalid("\(field) \"\(file.path)\" does not name a file")
            }
            guard !file.path.contains("\0") else { throw invalid("\(field) contains a NUL byte") }
            guard paths.insert(file.path).inserted else { throw invalid("\(field): duplicate path \"\(file.path)\"") }
        }
        if let randomSeed, randomSeed.isEmpty { throw invalid("random_seed is empty") }
        for (index, device) in devices.enumerated() {
            let field = "devices[\(index)]"
            if let mac = device.mac, !MACAddress.isValid(mac) {
                throw invalid("\(field).mac \"\(mac)\" is not a MAC address (six hex pairs separated by ':')")
            }
            if device.type == .nic, device.mac == nil { throw invalid("\(field): a nic needs a mac") }
            if let vlan = device.vlan, !(1...4094).contains(vlan) { throw invalid("\(field).vlan must be 1-4094") }
        }
        guard dedicatedCPUs.allSatisfy({ $0 >= 0 }) else { throw invalid("dedicated_cpus must not be negative") }
    }
}

/// RFC 1123 host names: the shape Nova's `sanitize_hostname` produces and cloud-init passes to `hostnamectl`.
func isValidHostname(_ name: String) -> Bool {
    guard !name.isEmpty, name.utf8.count <= 253 else { return false }
    return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
        !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

func invalid(_ message: String) -> ConfigDriveError {
    ConfigDriveError(.invalidContent, message)
}
