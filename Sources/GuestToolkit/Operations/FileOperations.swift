import Foundation
import Libguestfs

extension GuestSession {
    func writeFile(_ path: GuestPath, content: [UInt8], attributes: FileAttributes) throws -> String {
        let owner = try resolve(owner: attributes.owner)
        try write(path, content: content, mode: attributes.mode, owner: owner)
        return "wrote \(path) (\(content.count) bytes\(describe(attributes.mode, owner)))"
    }

    func uploadFile(_ source: String, to path: GuestPath, attributes: FileAttributes) throws -> String {
        guard FileManager.default.isReadableFile(atPath: source) else {
            throw GuestToolkitError.operationFailed("no readable file \(source) on this host")
        }
        let owner = try resolve(owner: attributes.owner)
        try handle.makeDirectories(path.parent.value)
        try handle.upload(localPath: source, to: path.value)
        try apply(path, mode: attributes.mode, owner: owner)
        return "uploaded \(source) to \(path)\(describe(attributes.mode, owner))"
    }

    func makeDirectory(_ path: GuestPath, attributes: FileAttributes) throws -> String {
        let owner = try resolve(owner: attributes.owner)
        try handle.makeDirectories(path.value)
        try apply(path, mode: attributes.mode, owner: owner)
        return "created directory \(path)\(describe(attributes.mode, owner))"
    }

    /// Appends `line` with the file's own line ending convention (a newline is added first if the file lacks a
    /// final one), unless the last line already is `line`, which makes the operation idempotent as virt-customize's.
    func appendLine(_ line: String, to path: GuestPath) throws -> String {
        guard let existing = try readText(path) else {
            try write(path, text: line + "\n")
            return "created \(path) with 1 line"
        }
        let lines = existing.split(separator: "\n", omittingEmptySubsequences: false)
        let last = existing.hasSuffix("\n") ? lines.dropLast().last : lines.last
        if last.map(String.init) == line {
            return "\(path) already ends with the line"
        }
        let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
        try replace(path, text: existing + separator + line + "\n")
        return "appended a line to \(path)"
    }

    private func describe(_ mode: UInt32?, _ owner: (uid: Int, gid: Int)?) -> String {
        var parts: [String] = []
        if let mode { parts.append(String(format: "%04o", mode)) }
        if let owner { parts.append("\(owner.uid):\(owner.gid)") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }
}
