import ArgumentParser
import ConfigDrive
import Crypto
import GlintJSON

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Glint.ConfigDriveCommand {
    /// `glint configdrive show FILE`: what a drive holds, read back through libarchive (or mtools for vfat).
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List and pretty-print what a config drive or NoCloud seed holds.",
            discussion: """
                Prints the drive's kind, label and filesystem, every file with its size, then the contents of \
                the files a guest reads: JSON pretty-printed, text as it is, anything else (user data that is \
                not UTF-8, binary injected files) as its size and sha256. The dated copies of the metadata \
                (openstack/2012-08-10/…, ec2/2009-04-04/…) are listed but only printed with --all. \
                --format json prints one JSON document with every file.
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The drive image (ISO9660 or vfat).", valueName: "file"))
        var file: String

        @Flag(help: "Also print the contents of every dated metadata version.")
        var all = false

        func run() async throws {
            let drive: ConfigDriveReader.Drive
            do {
                drive = try await ConfigDriveReader.read(path: file)
            } catch let error as ConfigDriveError {
                throw CommandFailure(error)
            }
            let files = drive.files.sorted { $0.path < $1.path }
            switch output.format {
            case .json:
                print(try ImageOutput.prettyJSON(Self.json(drive, files: files)))
            case .table:
                print(Self.text(drive, files: files, all: all))
            }
        }

        // MARK: Rendering

        /// How one file's contents are shown.
        enum Rendering {
            case json(JSONValue)
            case text(String)
            case binary(size: Int, sha256: String)
        }

        static func rendering(of file: ConfigDriveFile) -> Rendering {
            if file.path.hasSuffix(".json"), let value = try? JSONDecoder().decode(JSONValue.self, from: Data(file.contents)) {
                return .json(value)
            }
            if let text = String(validating: file.contents, as: UTF8.self), isPrintable(text) {
                return .text(text)
            }
            return .binary(size: file.contents.count, sha256: sha256(file.contents))
        }

        /// Text without control characters other than tab, newline and carriage return.
        static func isPrintable(_ text: String) -> Bool {
            text.unicodeScalars.allSatisfy { scalar in
                scalar.value >= 0x20 && scalar.value != 0x7f || scalar == "\n" || scalar == "\t" || scalar == "\r"
            }
        }

        static func sha256(_ bytes: [UInt8]) -> String {
            SHA256.hash(data: bytes).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }

        /// `openstack/2012-08-10/…` and `ec2/2009-04-04/…`: the dated copies, identical in kind to `latest`.
        static func isDatedVersion(_ path: String) -> Bool {
            let parts = path.split(separator: "/")
            guard parts.count >= 3, parts[0] == "openstack" || parts[0] == "ec2" else { return false }
            let version = parts[1]
            return version.count == 10 && version.allSatisfy { $0.isNumber || $0 == "-" }
        }

        static func kind(of drive: ConfigDriveReader.Drive) -> String {
            switch drive.format {
            case .iso9660: "OpenStack config drive (ISO9660)"
            case .vfat: "OpenStack config drive (vfat)"
            case .nocloud: "NoCloud seed (ISO9660)"
            case nil: "not a config drive Glint recognises"
            }
        }

        static func text(_ drive: ConfigDriveReader.Drive, files: [ConfigDriveFile], all: Bool) -> String {
            var lines = [
                "Format:      \(drive.format?.rawValue ?? "unknown") — \(kind(of: drive))",
                "Label:       \(drive.label ?? "(none)")",
                "Filesystem:  \(drive.filesystem)",
                "Files:       \(files.count), \(files.reduce(0) { $0 + $1.contents.count }) bytes",
                "",
            ]
            var table = TextTable(headers: ["SIZE", "PATH"])
            for file in files {
                let size = String(file.contents.count)
                table.rows.append([String(repeating: " ", count: max(0, 8 - size.count)) + size, file.path])
            }
            lines.append(table.render())
            for file in files where all || !isDatedVersion(file.path) {
                lines.append("")
                lines.append("==> \(file.path) <==")
                switch rendering(of: file) {
                case .json(let value):
                    lines.append((try? ImageOutput.prettyJSON(value)) ?? value.description)
                case .text(let text):
                    lines.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
                case .binary(let size, let sha256):
                    lines.append("(\(size) bytes of binary data, sha256 \(sha256))")
                }
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ drive: ConfigDriveReader.Drive, files: [ConfigDriveFile]) -> JSONValue {
            .object([
                "format": drive.format.map { .string($0.rawValue) } ?? .null,
                "label": drive.label.map(JSONValue.string) ?? .null,
                "filesystem": .string(drive.filesystem),
                "files": .array(files.map { file in
                    var object: [String: JSONValue] = [
                        "path": .string(file.path),
                        "size": .int(Int64(file.contents.count)),
                        "sha256": .string(sha256(file.contents)),
                    ]
                    switch rendering(of: file) {
                    case .json(let value): object["json"] = value
                    case .text(let text): object["text"] = .string(text)
                    case .binary: break
                    }
                    return .object(object)
                }),
            ])
        }
    }
}
