import ArgumentParser
import ConfigDrive
import Foundation
import GuestNetwork
import GuestToolkit

/// The customization options of `glint guest customize`, virt-customize's names where they exist.
///
/// ArgumentParser does not keep the order of different options, so the operations run in a fixed order:
/// the `--plan` file's first, then mkdir, upload, write, append-line, link, delete, hostname, timezone,
/// ssh-inject, passwords, network, machine-id reset, firstboot commands, and the SELinux relabel last.
struct GuestPlanOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A plan file: {\"operations\": [...]} (see Docs/guest-toolkit.md).", valueName: "plan.json"))
    var plan: String?

    @Option(help: ArgumentHelp("Create a directory and its parents (repeatable).", valueName: "path"))
    var mkdir: [String] = []

    @Option(help: ArgumentHelp("Copy a local file into the guest (repeatable).", valueName: "local:path"))
    var upload: [String] = []

    @Option(help: ArgumentHelp("Write a file with this text (repeatable).", valueName: "path:text"))
    var write: [String] = []

    @Option(help: ArgumentHelp("Append a line to a file unless it already ends with it (repeatable).", valueName: "path:line"))
    var appendLine: [String] = []

    @Option(help: ArgumentHelp("Create a symbolic link (repeatable).", valueName: "target:link"))
    var link: [String] = []

    @Option(help: ArgumentHelp("Delete a file or directory tree (repeatable).", valueName: "path"))
    var delete: [String] = []

    @Option(help: ArgumentHelp("Set the hostname.", valueName: "name"))
    var hostname: String?

    @Option(help: ArgumentHelp("Set the time zone.", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("Add a public key to a user's authorized_keys (repeatable).", valueName: "user:file | user:string:key"))
    var sshInject: [String] = []

    @Option(help: ArgumentHelp("Root's password: password:TEXT, file:PATH, random, disabled or locked.", valueName: "selector"))
    var rootPassword: String?

    @Option(help: ArgumentHelp("A user's password (repeatable).", valueName: "user:selector"))
    var password: [String] = []

    @Option(help: ArgumentHelp("Nova's network_data.json to render for the guest's network system.", valueName: "file.json"))
    var network: String?

    @Option(help: ArgumentHelp("Force the network renderer instead of detecting it.", valueName: NetworkRenderer.allCases.map(\.rawValue).joined(separator: "|")))
    var networkRenderer: String?

    @Flag(help: "Empty /etc/machine-id so the guest makes a new one at boot.")
    var machineIDReset = false

    @Option(help: ArgumentHelp("A command to run once at first boot (repeatable).", valueName: "command"))
    var firstbootCommand: [String] = []

    @Flag(help: "Relabel SELinux guests at next boot.")
    var selinuxRelabel = false

    /// The operations, in the documented order.
    func customizationPlan() throws -> CustomizationPlan {
        do {
            return try buildPlan()
        } catch let error as GuestToolkitError {
            throw ValidationError(error.message)
        }
    }

    private func buildPlan() throws -> CustomizationPlan {
        var operations: [GuestOperation] = []
        if let plan {
            operations += try CustomizationPlan(json: try readLocal(plan, option: "--plan")).operations
        }
        operations += try mkdir.map { .makeDirectory(path: try GuestPath($0), attributes: FileAttributes()) }
        for argument in upload {
            let (source, path) = try split(argument, option: "--upload")
            operations.append(.upload(source: source, path: try GuestPath(path), attributes: FileAttributes()))
        }
        for argument in write {
            let (path, text) = try split(argument, option: "--write")
            operations.append(.write(path: try GuestPath(path), content: Array(text.utf8), attributes: FileAttributes()))
        }
        for argument in appendLine {
            let (path, line) = try split(argument, option: "--append-line")
            operations.append(.appendLine(path: try GuestPath(path), line: line))
        }
        for argument in link {
            let (target, path) = try split(argument, option: "--link")
            operations.append(.symlink(path: try GuestPath(path), target: target))
        }
        operations += try delete.map { .delete(path: try GuestPath($0)) }
        if let hostname { operations.append(.hostname(hostname)) }
        if let timezone { operations.append(.timezone(timezone)) }
        for argument in sshInject {
            let (user, selector) = try split(argument, option: "--ssh-inject")
            let key: String
            if selector.hasPrefix("string:") {
                key = String(selector.dropFirst("string:".count))
            } else {
                let file = selector.hasPrefix("file:") ? String(selector.dropFirst("file:".count)) : selector
                key = String(decoding: try readLocal(file, option: "--ssh-inject"), as: UTF8.self)
            }
            let keys = key.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
            operations.append(.sshInject(user: user, keys: keys))
        }
        if let rootPassword { operations.append(.password(user: "root", try passwordSelector(rootPassword))) }
        for argument in password {
            let (user, selector) = try split(argument, option: "--password")
            operations.append(.password(user: user, try passwordSelector(selector)))
        }
        if let network {
            let data = try readLocal(network, option: "--network")
            let networkData: NetworkData
            do {
                networkData = try JSONDecoder().decode(NetworkData.self, from: data)
                try networkData.validate()
            } catch {
                throw ValidationError("--network \(network): \(error)")
            }
            var renderer: NetworkRenderer?
            if let name = networkRenderer, name != "auto" {
                guard let chosen = NetworkRenderer(rawValue: name) else {
                    throw ValidationError("--network-renderer must be auto or one of \(NetworkRenderer.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                renderer = chosen
            }
            operations.append(.injectNetwork(networkData, renderer: renderer))
        } else if networkRenderer != nil {
            throw ValidationError("--network-renderer needs --network")
        }
        if machineIDReset { operations.append(.machineIDReset) }
        operations += firstbootCommand.map { .firstbootCommand($0) }
        if selinuxRelabel { operations.append(.selinuxRelabel) }
        guard !operations.isEmpty else {
            throw ValidationError("nothing to do: give --plan or at least one customization option")
        }
        return CustomizationPlan(operations)
    }

    /// `file:PATH` is read here (first line, as virt-customize does); the other selectors are the toolkit's.
    private func passwordSelector(_ text: String) throws -> PasswordSelector {
        if text.hasPrefix("file:") {
            let content = String(decoding: try readLocal(String(text.dropFirst(5)), option: "password file"), as: UTF8.self)
            return .set(content.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        }
        return try PasswordSelector(selector: text)
    }

    private func split(_ argument: String, option: String) throws -> (String, String) {
        guard let colon = argument.firstIndex(of: ":"), colon != argument.startIndex else {
            throw ValidationError("\(option) expects A:B, got '\(argument)'")
        }
        return (String(argument[..<colon]), String(argument[argument.index(after: colon)...]))
    }

    private func readLocal(_ path: String, option: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(option) '\(path)': cannot read the file")
        }
        return data
    }
}
