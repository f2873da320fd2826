#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address parsed with `inet_pton`, so Glint accepts exactly what the guest's tools accept.
///
/// The model keeps addresses as the strings Nova writes (`network_data.json` is copied through); this type is only
/// used to validate them and to turn Nova's netmasks into the prefix lengths cloud-init's v2 format wants.
struct IPAddress: Equatable, Sendable {
    enum Family: Sendable { case v4, v6 }

    let family: Family
    let bytes: [UInt8]

    /// Parses `192.0.2.1` or `2001:db8::1`; nil for anything else (including CIDR text).
    init?(_ text: String) {
        if text.contains(":") {
            var buffer = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, text, &buffer) == 1 else { return nil }
            family = .v6
            bytes = buffer
        } else {
            var buffer = [UInt8](repeating: 0, count: 4)
            guard inet_pton(AF_INET, text, &buffer) == 1 else { return nil }
            family = .v4
            bytes = buffer
        }
    }

    /// The prefix length when this address is a contiguous netmask (`255.255.255.0` → 24, `ffff:ffff::` → 32).
    var maskPrefixLength: Int? {
        var length = 0
        var seenZero = false
        for byte in bytes {
            for bit in (0..<8).reversed() {
                if byte & (1 << bit) != 0 {
                    if seenZero { return nil }
                    length += 1
                } else {
                    seenZero = true
                }
            }
        }
        return length
    }

    var maxPrefixLength: Int { family == .v4 ? 32 : 128 }
}

/// `address/prefix` text: the form cloud-init's v2 `addresses:` and the CLI's `--address` use.
struct CIDR: Equatable, Sendable {
    let address: IPAddress
    let addressText: String
    let prefixLength: Int

    /// Parses `192.0.2.10/24` or `2001:db8::10/64`; nil when either half is invalid or the prefix is out of range.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])),
            let prefix = Int(parts[1]), parts[1].allSatisfy(\.isASCII),
            (0...address.maxPrefixLength).contains(prefix)
        else { return nil }
        self.address = address
        self.addressText = String(parts[0])
        self.prefixLength = prefix
    }
}

/// MAC addresses as Nova writes them: six pairs of hex digits separated by colons.
enum MACAddress {
    /// True for `fa:16:3e:00:00:01` (either case); false for dashes, dots, or any other length.
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6
            && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) && $0.allSatisfy(\.isASCII) }
    }
}

/// Netmask text (`255.255.255.0`, `ffff:ffff:ffff:ffff::`, or a bare prefix such as `24`) to a prefix length of
/// the given family; nil when it is not a contiguous mask of that family.
func prefixLength(ofNetmask netmask: String, family: IPAddress.Family) -> Int? {
    if let bare = Int(netmask), netmask.allSatisfy(\.isASCII) {
        return (0...(family == .v4 ? 32 : 128)).contains(bare) ? bare : nil
    }
    guard let mask = IPAddress(netmask), mask.family == family else { return nil }
    return mask.maskPrefixLength
}

/// The netmask text Nova writes for a prefix length: `255.255.255.0` for IPv4, `ffff:ffff:ffff:ffff::` for IPv6.
func netmaskText(prefixLength: Int, family: IPAddress.Family) -> String {
    let count = family == .v4 ? 4 : 16
    var bytes = [UInt8](repeating: 0, count: count)
    for bit in 0..<min(prefixLength, count * 8) { bytes[bit / 8] |= UInt8(0x80 >> (bit % 8)) }
    var text = [CChar](repeating: 0, count: 64)
    _ = inet_ntop(family == .v4 ? AF_INET : AF_INET6, bytes, &text, socklen_t(text.count))
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
