public import Foundation
import ConfigDrive
import GlintJSON

extension CustomizationPlan {
    /// The plan in the JSON form ``init(json:)`` reads (what `glint` sends for a server-side customization).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(JSONValue.object(["operations": .array(try operations.map { try $0.jsonValue() })]))
    }
}

extension GuestOperation {
    func jsonValue() throws -> JSONValue {
        var fields: [String: JSONValue] = ["op": .string(name)]
        func attributes(_ attributes: FileAttributes) {
            if let mode = attributes.mode { fields["mode"] = .string(String(mode, radix: 8)) }
            if let owner = attributes.owner { fields["owner"] = .string(owner) }
        }
        switch self {
        case .write(let path, let content, let fileAttributes):
            fields["path"] = .string(path.value)
            if let text = String(validating: content, as: UTF8.self) {
                fields["content"] = .string(text)
            } else {
                fields["content_base64"] = .string(Data(content).base64EncodedString())
            }
            attributes(fileAttributes)
        case .upload(let source, let path, let fileAttributes):
            fields["source"] = .string(source)
            fields["path"] = .string(path.value)
            attributes(fileAttributes)
        case .makeDirectory(let path, let fileAttributes):
            fields["path"] = .string(path.value)
            attributes(fileAttributes)
        case .delete(let path):
            fields["path"] = .string(path.value)
        case .symlink(let path, let target):
            fields["path"] = .string(path.value)
            fields["target"] = .string(target)
        case .appendLine(let path, let line):
            fields["path"] = .string(path.value)
            fields["line"] = .string(line)
        case .hostname(let name):
            fields["hostname"] = .string(name)
        case .sshInject(let user, let keys):
            fields["user"] = .string(user)
            fields["keys"] = .array(keys.map(JSONValue.string))
        case .password(let user, let selector):
            fields["user"] = .string(user)
            fields["selector"] = .string(selector.text)
        case .firstbootCommand(let command):
            fields["command"] = .string(command)
        case .selinuxRelabel, .machineIDReset:
            break
        case .timezone(let zone):
            fields["timezone"] = .string(zone)
        case .injectNetwork(let network, let renderer):
            fields["network_data"] = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(network))
            if let renderer { fields["renderer"] = .string(renderer.rawValue) }
        }
        return .object(fields)
    }
}

extension PasswordSelector {
    /// The selector in virt-customize's text form.
    public var text: String {
        switch self {
        case .set(let password): "password:" + password
        case .random: "random"
        case .disabled: "disabled"
        case .locked: "locked"
        }
    }
}
