/// A drive's tree checked and put in writing order: every directory before what it holds, parents first.
///
/// Both writers take their directories and files from here, so an ISO and a vfat drive of the same tree hold the
/// same entries.
struct DriveTree: Sendable {
    /// Every directory the files need, parents before children, sorted within each level.
    var directories: [String]
    /// The files, sorted by path.
    var files: [ConfigDriveFile]
    /// The sum of the files' sizes.
    var contentBytes: Int { files.reduce(0) { $0 + $1.contents.count } }

    /// Checks the paths and derives the directories.
    ///
    /// - Throws: ``ConfigDriveError/Code/invalidContent`` for an empty, absolute or `..` path, an empty component,
    ///   a path given twice, or a file whose path is also another file's directory.
    init(_ files: [ConfigDriveFile]) throws(ConfigDriveError) {
        var directories = Set<String>()
        var seen = Set<String>()
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.isEmpty, !file.path.hasPrefix("/"),
                components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
            else {
                throw ConfigDriveError(.invalidContent, "drive path '\(file.path)' is not a relative path without '.', '..' or empty parts")
            }
            guard seen.insert(file.path).inserted else {
                throw ConfigDriveError(.invalidContent, "drive path '\(file.path)' is given twice")
            }
            for depth in 1..<components.count {
                directories.insert(components[..<depth].joined(separator: "/"))
            }
        }
        if let clash = files.first(where: { directories.contains($0.path) }) {
            throw ConfigDriveError(.invalidContent, "drive path '\(clash.path)' is both a file and a directory")
        }
        // A prefix sorts before what extends it, so plain byte order puts every parent before its children.
        self.directories = directories.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
