import Crypto
import Foundation

/// An SSH key pair as Nova's `os-keypairs` keeps it: the public half, per project, by name; the private half of a
/// generated pair is returned once and never stored.
public struct KeyPair: Sendable, Equatable, Codable {
    public var name: String
    public var owner: String
    public var publicKey: String
    /// Nova's fingerprint: MD5 of the key blob, colon-separated hex.
    public var fingerprint: String
    public var type: String
    public var createdAt: Date

    public init(name: String, owner: String, publicKey: String) throws(LauncherError) {
        let fields = publicKey.split(separator: " ")
        guard fields.count >= 2, fields[0].hasPrefix("ssh-") || fields[0].hasPrefix("ecdsa-"),
            let blob = Data(base64Encoded: String(fields[1]))
        else {
            throw LauncherError(.badRequest, "Keypair data is invalid: failed to generate fingerprint")
        }
        self.name = name
        self.owner = owner
        self.publicKey = publicKey.trimmingCharacters(in: .whitespacesAndNewlines)
        self.fingerprint = Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
        self.type = "ssh"
        self.createdAt = Date()
    }

    /// Generates an ed25519 pair with `ssh-keygen` (OpenSSH's own private-key format).
    /// - Returns: The public key line and the private key text.
    static func generate(comment: String) throws -> (publicKey: String, privateKey: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glint-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", keyPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LauncherError(.badRequest, "Glint cannot generate key pairs here (no ssh-keygen); import a public key instead.")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LauncherError(.hypervisorFailed, "ssh-keygen failed with status \(process.terminationStatus)")
        }
        return (try String(contentsOfFile: keyPath + ".pub", encoding: .utf8), try String(contentsOfFile: keyPath, encoding: .utf8))
    }
}
