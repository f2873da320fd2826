extension GuestSession {
    /// Adds keys to `~user/.ssh/authorized_keys` (home from the guest's passwd), keeping keys already there and
    /// skipping duplicates; `.ssh` is 0700 and the file 0600, both owned by the user, as sshd's StrictModes wants.
    func injectSSHKeys(_ keys: [String], for userName: String) throws -> String {
        guard let user = try accounts().user(named: userName) else {
            throw GuestToolkitError.operationFailed("user \"\(userName)\" does not exist in the guest's /etc/passwd")
        }
        let home: GuestPath
        do {
            home = try GuestPath(user.home)
        } catch {
            throw GuestToolkitError.operationFailed("user \(userName) has the unusable home \"\(user.home)\"")
        }
        let owner = (uid: user.uid, gid: user.gid)
        let directory = home.appending(".ssh")
        let file = directory.appending("authorized_keys")
        if try !handle.exists(home.value) {
            try handle.makeDirectories(home.value)
            try apply(home, mode: 0o700, owner: owner)
        }
        try handle.makeDirectories(directory.value)
        try apply(directory, mode: 0o700, owner: owner)

        let existing = try readText(file) ?? ""
        let present = Set(existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        let added = keys.filter { !present.contains($0.trimmingCharacters(in: .whitespaces)) }
        var text = existing
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        for key in added { text += key + "\n" }
        try write(file, text: text, mode: 0o600, owner: owner)
        if system.usesSELinux {
            // New files get no SELinux label from libguestfs; sshd refuses unlabelled keys, so relabel at boot.
            _ = try requestSELinuxRelabel()
        }
        return "added \(added.count) of \(keys.count) keys to \(file)"
    }
}
