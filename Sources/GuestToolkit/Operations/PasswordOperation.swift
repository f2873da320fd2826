import Foundation
import Libxcrypt

extension GuestSession {
    /// Changes the user's `/etc/shadow` entry: a fresh hash (yescrypt where the guest verifies it, else SHA-512
    /// crypt), `*` to disable, or `!` in front of the hash to lock. The last-change day is set to today, as
    /// `chpasswd` does, so the guest does not force a change at first login.
    /// - Returns: The summary, and the password when a random one was made (the caller reports it once).
    func setPassword(for user: String, _ selector: PasswordSelector) throws -> (String, String?) {
        guard let shadow = try readText("/etc/shadow") else {
            throw GuestToolkitError.operationFailed("the guest has no /etc/shadow")
        }
        var lines = shadow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.hasPrefix(user + ":") }) else {
            throw GuestToolkitError.operationFailed("user \"\(user)\" is not in the guest's /etc/shadow")
        }
        var fields = lines[index].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        while fields.count < 9 { fields.append("") }

        let method: PasswordHasher.Method = system.verifiesYescrypt ? .yescrypt : .sha512
        var generated: String?
        let summary: String
        switch selector {
        case .set(let password):
            fields[1] = try PasswordHasher.hash(password, method: method)
            summary = "set the password of \(user) (\(method))"
        case .random:
            let password = Self.randomPassword()
            generated = password
            fields[1] = try PasswordHasher.hash(password, method: method)
            summary = "set a random password for \(user) (\(method))"
        case .disabled:
            fields[1] = "*"
            summary = "disabled password login for \(user)"
        case .locked:
            if !fields[1].hasPrefix("!") { fields[1] = "!" + fields[1] }
            summary = "locked the password of \(user)"
        }
        fields[2] = String(Int(Date().timeIntervalSince1970 / 86_400))
        lines[index] = fields.joined(separator: ":")
        try replace("/etc/shadow", text: lines.joined(separator: "\n"))
        return (summary, generated)
    }

    /// 16 characters from an alphabet without look-alikes, from the system's CSPRNG (virt-customize uses 16).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
