import Libguestfs

/// What one operation did, for the report (`"wrote /etc/motd (12 bytes, 0644, 0:0)"`).
public struct OperationOutcome: Sendable, Equatable, Codable {
    public var operation: String
    public var summary: String

    public init(operation: String, summary: String) {
        self.operation = operation
        self.summary = summary
    }
}

extension GuestSession {
    /// Applies one operation to the mounted guest.
    /// - Throws: ``GuestToolkitError`` when the guest cannot take it; ``GuestfsError`` when libguestfs fails.
    func apply(_ operation: GuestOperation, report: inout CustomizationReport) throws -> OperationOutcome {
        let summary: String
        switch operation {
        case .write(let path, let content, let attributes):
            summary = try writeFile(path, content: content, attributes: attributes)
        case .upload(let source, let path, let attributes):
            summary = try uploadFile(source, to: path, attributes: attributes)
        case .makeDirectory(let path, let attributes):
            summary = try makeDirectory(path, attributes: attributes)
        case .delete(let path):
            try handle.removeRecursively(path.value)
            summary = "deleted \(path)"
        case .symlink(let path, let target):
            try handle.makeDirectories(path.parent.value)
            try handle.symlink(path.value, target: target)
            summary = "linked \(path) -> \(target)"
        case .appendLine(let path, let line):
            summary = try appendLine(line, to: path)
        case .hostname(let name):
            summary = try setHostname(name)
        case .sshInject(let user, let keys):
            summary = try injectSSHKeys(keys, for: user)
        case .password(let user, let selector):
            let (text, generated) = try setPassword(for: user, selector)
            if let generated { report.generatedPasswords[user] = generated }
            summary = text
        case .firstbootCommand(let command):
            summary = try installFirstboot(command: command)
        case .selinuxRelabel:
            summary = try requestSELinuxRelabel()
        case .timezone(let zone):
            summary = try setTimezone(zone)
        case .machineIDReset:
            summary = try resetMachineID()
        case .injectNetwork(let network, let renderer):
            let (text, used, files) = try injectNetwork(network, renderer: renderer)
            report.networkRenderer = used
            report.networkFiles += files
            summary = text
        }
        logger.debug("guest.operation.applied", metadata: ["guest.operation": "\(operation.name)", "guest.summary": "\(summary)"])
        return OperationOutcome(operation: operation.name, summary: summary)
    }
}
