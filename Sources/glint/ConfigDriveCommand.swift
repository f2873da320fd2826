import ArgumentParser
import ConfigDrive
import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Glint {
    /// `glint configdrive …`: building and inspecting config drives locally, without a server.
    struct ConfigDriveCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configdrive",
            abstract: "Build and inspect OpenStack config drives and NoCloud seeds (locally, no server needed).",
            subcommands: [Build.self, Show.self]
        )
    }
}

/// `--format iso9660|vfat|nocloud`.
extension ConfigDriveFormat: ExpressibleByArgument {}

/// `--vfat-size nova|fitted|BYTES` (BYTES may end in K, M or G, powers of 1024).
struct VFATSizeArgument: ExpressibleByArgument {
    var size: ConfigDriveBuilder.VFATSize

    init?(argument: String) {
        switch argument.lowercased() {
        case "nova": size = .nova
        case "fitted": size = .fitted
        default:
            var digits = Substring(argument)
            var multiplier = 1
            if let last = digits.last?.uppercased(), let power = ["K": 1, "M": 2, "G": 3][last] {
                multiplier = 1 << (10 * power)
                digits = digits.dropLast()
            }
            guard let count = Int(digits), count > 0, count <= Int.max / multiplier else { return nil }
            size = .bytes(count * multiplier)
        }
    }
}

/// A `NAME=PATH` argument (`--key`, `--file`): the name may not be empty, the path not empty.
struct NamedPath {
    var name: String
    var path: String

    static func parser(_ option: String, name: String) -> @Sendable (String) throws -> NamedPath {
        { argument in
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
                argument.index(after: equals) != argument.endIndex
            else {
                throw ValidationError("\(option) expects \(name)=LOCAL_FILE, got '\(argument)'")
            }
            return NamedPath(
                name: String(argument[..<equals]),
                path: String(argument[argument.index(after: equals)...])
            )
        }
    }
}

/// Local files read whole, with errors that name the option and the path.
enum LocalFile {
    /// Reads the regular file at `path`.
    ///
    /// - Throws: `CommandFailure` (exit 1) with `option 'path': reason`.
    static func contents(of path: String, option: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(message: "\(option) '\(path)': No such file or directory")
        }
        let type: FileAttributeType?
        do {
            type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
        } catch {
            throw CommandFailure(message: "\(option) '\(path)': \(Self.reason(error))")
        }
        guard type == .typeRegular else {
            throw CommandFailure(message: "\(option) '\(path)' is not a regular file")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CommandFailure(message: "\(option) '\(path)': \(Self.reason(error))")
        }
    }

    /// The POSIX reason behind a Foundation file error ("Permission denied"), else its description.
    private static func reason(_ error: any Error) -> String {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return (error as NSError).localizedDescription
    }

    /// Whether `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

}

extension CommandFailure {
    /// The user's view of a config drive error: its message, exit status 1.
    init(_ error: ConfigDriveError) {
        self.init(message: error.message)
    }
}
