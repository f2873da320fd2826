/// The guest's users and groups, read from its `/etc/passwd` and `/etc/group` (never the host's).
struct GuestAccounts {
    struct User: Equatable {
        var name: String
        var uid: Int
        var gid: Int
        var home: String
    }

    var users: [User]
    var groups: [String: Int]

    init(passwd: String, group: String) {
        users = passwd.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 7, !line.hasPrefix("#"), let uid = Int(fields[2]), let gid = Int(fields[3]) else { return nil }
            return User(name: String(fields[0]), uid: uid, gid: gid, home: String(fields[5]))
        }
        var groups: [String: Int] = [:]
        for line in group.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 3, let gid = Int(fields[2]) { groups[String(fields[0])] = gid }
        }
        self.groups = groups
    }

    func user(named name: String) -> User? {
        users.first { $0.name == name }
    }

    /// Resolves `user`, `user:group`, `uid:gid` or `uid` to numbers; a lone user takes its primary group.
    func owner(_ text: String) throws(GuestToolkitError) -> (uid: Int, gid: Int) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let userPart = parts.first else { throw .operationFailed("owner \"\(text)\" is empty") }
        let uid: Int
        var gid: Int
        if let number = Int(userPart) {
            uid = number
            gid = users.first { $0.uid == number }?.gid ?? number
        } else if let user = user(named: userPart) {
            uid = user.uid
            gid = user.gid
        } else {
            throw .operationFailed("user \"\(userPart)\" does not exist in the guest's /etc/passwd")
        }
        if parts.count == 2 {
            if let number = Int(parts[1]) {
                gid = number
            } else if let group = groups[parts[1]] {
                gid = group
            } else {
                throw .operationFailed("group \"\(parts[1])\" does not exist in the guest's /etc/group")
            }
        }
        return (uid, gid)
    }
}
