public import Foundation
import ConfigDrive
import GlintJSON
import GuestNetwork

/// The operations to apply to one image in one appliance run, in order.
///
/// As JSON (`--plan PLAN.json`, and the `input.plan` of a customize task):
/// ```json
/// {"operations": [
///   {"op": "write", "path": "/etc/motd", "content": "hello\n", "mode": "0644", "owner": "root:root"},
///   {"op": "hostname", "hostname": "web1"},
///   {"op": "ssh-inject", "user": "root", "keys": ["ssh-ed25519 AAAA… me@host"]},
///   {"op": "password", "user": "root", "selector": "random"},
///   {"op": "inject-network", "network_data": {…Nova's network_data.json…}, "renderer": "netplan"}
/// ]}
/// ```
/// Unknown operations and unknown keys are errors, so a typo never silently does nothing.
public struct CustomizationPlan: Sendable, Equatable {
    public var operations: [GuestOperation]

    public init(_ operations: [GuestOperation]) {
        self.operations = operations
    }

    /// Reads a plan from its JSON form.
    /// - Throws: ``GuestToolkitError/Code/invalidPlan`` naming the operation's index and the problem.
    public init(json data: Data) throws(GuestToolkitError) {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .invalidPlan("the plan is not valid JSON: \(error)")
        }
        guard case .object(let object) = root else {
            throw .invalidPlan("the plan must be a JSON object with an \"operations\" array")
        }
        if let extra = object.keys.first(where: { $0 != "operations" }) {
            throw .invalidPlan("the plan has an unknown key \"\(extra)\"")
        }
        guard case .array(let items)? = object["operations"] else {
            throw .invalidPlan("the plan must have an \"operations\" array")
        }
        var operations: [GuestOperation] = []
        for (index, item) in items.enumerated() {
            operations.append(try GuestOperation(json: item, index: index))
        }
        self.operations = operations
    }

    /// Whether the plan reads files of the host it runs on (`upload`): refused for plans run by the server.
    public var readsHostFiles: Bool {
        operations.contains { if case .upload = $0 { true } else { false } }
    }
}

extension GuestOperation {
    /// Parses one `{"op": …}` object; `index` is for messages.
    init(json: JSONValue, index: Int) throws(GuestToolkitError) {
        guard case .object(let fields) = json else {
            throw .invalidPlan("operation \(index) is not a JSON object")
        }
        var reader = OperationFields(fields: fields, index: index)
        let op = try reader.string("op")
        reader.operation = op
        switch op {
        case "write":
            let path = try reader.path("path")
            let content: [UInt8]
            if let base64 = try reader.optionalString("content_base64") {
                guard let decoded = Data(base64Encoded: base64) else { throw reader.error("content_base64 is not base64") }
                content = Array(decoded)
            } else {
                content = Array(try reader.string("content").utf8)
            }
            self = .write(path: path, content: content, attributes: try reader.attributes())
        case "upload":
            self = .upload(source: try reader.string("source"), path: try reader.path("path"), attributes: try reader.attributes())
        case "mkdir":
            self = .makeDirectory(path: try reader.path("path"), attributes: try reader.attributes())
        case "delete":
            self = .delete(path: try reader.path("path"))
        case "symlink":
            self = .symlink(path: try reader.path("path"), target: try reader.string("target"))
        case "append-line":
            let line = try reader.string("line")
            guard !line.contains("\n") else { throw reader.error("line must be a single line") }
            self = .appendLine(path: try reader.path("path"), line: line)
        case "hostname":
            self = .hostname(try Hostname.validated(try reader.string("hostname"), index: index))
        case "ssh-inject":
            let keys = try reader.strings("keys")
            guard !keys.isEmpty, keys.allSatisfy({ !$0.contains("\n") && !$0.isEmpty }) else {
                throw reader.error("keys must be one or more single-line public keys")
            }
            self = .sshInject(user: try reader.optionalString("user") ?? "root", keys: keys)
        case "password":
            self = .password(user: try reader.optionalString("user") ?? "root", try PasswordSelector(selector: try reader.string("selector")))
        case "firstboot-command":
            self = .firstbootCommand(try reader.string("command"))
        case "selinux-relabel":
            self = .selinuxRelabel
        case "timezone":
            let zone = try reader.string("timezone")
            guard !zone.isEmpty, !zone.hasPrefix("/"), !zone.split(separator: "/").contains("..") else {
                throw reader.error("timezone \"\(zone)\" is not a zone name such as Europe/Paris")
            }
            self = .timezone(zone)
        case "machine-id-reset":
            self = .machineIDReset
        case "inject-network":
            let network = try reader.networkData("network_data")
            let renderer = try reader.optionalString("renderer").flatMap { $0 == "auto" ? nil : $0 }.map {
                (name: String) throws(GuestToolkitError) -> NetworkRenderer in
                guard let renderer = NetworkRenderer(rawValue: name) else {
                    throw reader.error("renderer \"\(name)\" is not auto or one of \(NetworkRenderer.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return renderer
            }
            self = .injectNetwork(network, renderer: renderer)
        default:
            throw .invalidPlan("operation \(index): unknown op \"\(op)\" (known: \(GuestOperation.knownNames.joined(separator: ", ")))")
        }
        try reader.rejectUnread()
    }

    static let knownNames = [
        "write", "upload", "mkdir", "delete", "symlink", "append-line", "hostname", "ssh-inject", "password",
        "firstboot-command", "selinux-relabel", "timezone", "machine-id-reset", "inject-network",
    ]
}

/// Reads the fields of one operation object, remembering which were read so leftovers can be reported.
private struct OperationFields {
    let fields: [String: JSONValue]
    let index: Int
    var operation = "?"
    private var read: Set<String> = []

    init(fields: [String: JSONValue], index: Int) {
        self.fields = fields
        self.index = index
    }

    func error(_ message: String) -> GuestToolkitError {
        .invalidPlan("operation \(index) (\(operation)): \(message)")
    }

    mutating func optionalString(_ key: String) throws(GuestToolkitError) -> String? {
        read.insert(key)
        guard let value = fields[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw error("\(key) must be a string") }
        return text
    }

    mutating func string(_ key: String) throws(GuestToolkitError) -> String {
        guard let text = try optionalString(key) else { throw error("\(key) is required") }
        return text
    }

    mutating func strings(_ key: String) throws(GuestToolkitError) -> [String] {
        read.insert(key)
        guard case .array(let items)? = fields[key] else { throw error("\(key) must be an array of strings") }
        var result: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw error("\(key) must be an array of strings") }
            result.append(text)
        }
        return result
    }

    mutating func path(_ key: String) throws(GuestToolkitError) -> GuestPath {
        do {
            return try GuestPath(try string(key))
        } catch {
            throw self.error(error.message)
        }
    }

    /// `mode` (an octal string such as `"0600"`, or a number already in decimal) and `owner`.
    mutating func attributes() throws(GuestToolkitError) -> FileAttributes {
        read.insert("mode")
        var mode: UInt32?
        switch fields["mode"] {
        case .string(let text)?:
            guard let value = UInt32(text, radix: 8), value <= 0o7777 else { throw error("mode \"\(text)\" is not octal such as \"0644\"") }
            mode = value
        case .int(let value)? where (0...0o7777).contains(value):
            mode = UInt32(value)
        case nil, .null?:
            mode = nil
        default:
            throw error("mode must be an octal string such as \"0644\"")
        }
        return FileAttributes(mode: mode, owner: try optionalString("owner"))
    }

    mutating func networkData(_ key: String) throws(GuestToolkitError) -> NetworkData {
        read.insert(key)
        guard let value = fields[key] else { throw error("\(key) is required") }
        do {
            let data = try JSONEncoder().encode(value)
            let network = try JSONDecoder().decode(NetworkData.self, from: data)
            try network.validate()
            return network
        } catch {
            throw self.error("\(key) is not valid network_data: \(error)")
        }
    }

    func rejectUnread() throws(GuestToolkitError) {
        let unknown = fields.keys.filter { !read.contains($0) }.sorted()
        guard unknown.isEmpty else { throw error("unknown key \(unknown.map { "\"\($0)\"" }.joined(separator: ", "))") }
    }
}
