import Foundation
import GlintAPI

/// The `--config` file: JSON, every key optional; command-line options win over it.
///
/// ```json
/// {"bind": "127.0.0.1:9292", "dataDir": "./var", "maxImageSize": 1099511627776, "accelerator": "auto",
///  "auth": {"mode": "token", "tokens": [{"token": "s3cret", "project": "p1", "user": "alice", "roles": ["member"]}]}}
/// ```
struct GlintdConfiguration: Decodable {
    struct Auth: Decodable {
        var mode: Authenticator.Mode
        var tokens: [Authenticator.Token]?
    }

    var bind: String?
    var dataDir: String?
    var maxImageSize: Int64?
    var memberQuota: Int?
    var auth: Auth?
    /// `auto` (probe KVM once, else TCG), `kvm` or `tcg`; `GLINT_ACCELERATOR` applies when this is `auto`.
    var accelerator: String?
    /// The compute API (`/compute/v2.1`): on by default when libvirtd answers; `false` turns it off.
    var compute: Bool?
    /// Where instance disks live; see `Glintd.defaultInstancesDirectory`.
    var instancesDir: String?
    var libvirtURI: String?
    /// The default rescue image (a qcow2 file, e.g. from `Images/build.sh rescue`).
    var rescueImage: String?

    static func load(path: String) throws -> GlintdConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot read configuration file \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(GlintdConfiguration.self, from: data)
        } catch {
            throw ConfigurationError("invalid configuration file \(path): \(error)")
        }
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `HOST:PORT`, `[v6]:PORT` or `HOST`.
struct BindAddress: Equatable {
    var host: String
    var port: Int

    init(parsing text: String) throws {
        var host = text
        var port = 9292
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let parsed = Int(rest.dropFirst()) else { throw ConfigurationError("invalid port in \(text)") }
                port = parsed
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let parsed = Int(text[text.index(after: colon)...]), (0...65535).contains(parsed) else {
                throw ConfigurationError("invalid port in --bind \(text)")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw ConfigurationError("missing host in --bind \(text)") }
        self.host = host
        self.port = port
    }

    var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
}
