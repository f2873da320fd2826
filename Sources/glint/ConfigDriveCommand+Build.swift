import ArgumentParser
import ConfigDrive
import GlintJSON
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Glint.ConfigDriveCommand {
    /// `glint configdrive build -o OUT …`: writes a config drive (or NoCloud seed) from a JSON model and flags.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a config drive (ISO9660 or vfat, label config-2) or a NoCloud seed (label cidata).",
            discussion: """
                The drive's content is the JSON model given with --content (the same document POST \
                /glint/v1/config-drives takes), with the other options filling in or overriding its fields; \
                without --content, the options alone describe the instance and --uuid defaults to a random one. \
                The network is either Nova's network_data.json (--network-data) or one NIC described by \
                --mac with --dhcp or --address/--gateway, --dns and --mtu.

                The drive is written to a temporary file next to OUT and renamed into place when it is whole: \
                on any error nothing is left at OUT and the exit status is 1.
                """
        )

        // MARK: The model

        @Option(help: ArgumentHelp("The whole content as JSON (the API's request body).", valueName: "file.json"))
        var content: String?

        @Option(help: ArgumentHelp("The instance UUID (default: the one in --content, else a random one).", valueName: "uuid"))
        var uuid: String?

        @Option(help: ArgumentHelp("The instance name.", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("The instance hostname.", valueName: "hostname"))
        var hostname: String?

        @Option(help: ArgumentHelp("User data, as bytes (at most 64 KiB).", valueName: "file"))
        var userData: String?

        @Option(help: ArgumentHelp("Vendor data (vendor_data.json), a JSON document.", valueName: "file"))
        var vendorData: String?

        @Option(help: ArgumentHelp("Nova's network_data.json.", valueName: "file"))
        var networkData: String?

        @Option(help: ArgumentHelp("One NIC: its MAC address.", valueName: "mac"))
        var mac: String?

        @Flag(help: "One NIC: configured by DHCP (the default when --address is not given).")
        var dhcp = false

        @Option(help: ArgumentHelp("One NIC: a static IPv4 or IPv6 address with its prefix.", valueName: "cidr"))
        var address: String?

        @Option(help: ArgumentHelp("One NIC: the default gateway of --address.", valueName: "ip"))
        var gateway: String?

        @Option(help: ArgumentHelp("One NIC: a DNS server (repeatable).", valueName: "ip"))
        var dns: [String] = []

        @Option(help: ArgumentHelp("One NIC: its MTU.", valueName: "bytes"))
        var mtu: Int?

        @Option(
            help: ArgumentHelp("An SSH public key, named (repeatable).", valueName: "name=pubkey-file"),
            transform: NamedPath.parser("--key", name: "NAME")
        )
        var key: [NamedPath] = []

        @Option(
            help: ArgumentHelp("A file to inject at an absolute guest path (repeatable).", valueName: "guest-path=local-file"),
            transform: NamedPath.parser("--file", name: "GUEST_PATH")
        )
        var file: [NamedPath] = []

        @Option(help: ArgumentHelp("The admin password (admin_pass).", valueName: "password"))
        var adminPass: String?

        @Option(
            help: ArgumentHelp("A user metadata item, in meta (repeatable).", valueName: "key=value"),
            transform: KeyValue.parse
        )
        var meta: [KeyValue] = []

        // MARK: The drive

        @Option(help: "The kind of drive.")
        var format: ConfigDriveFormat = .iso9660

        @Option(help: ArgumentHelp("The vfat filesystem size: nova (64 MiB), fitted, or bytes (K/M/G suffixes).", valueName: "size"))
        var vfatSize: VFATSizeArgument?

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Where to write the drive.", valueName: "path"))
        var output: String

        @Option(name: .customLong("repeat"), help: .hidden)
        var repeatCount: Int = 1

        func validate() throws {
            let nicFlags = mac != nil || dhcp || address != nil || gateway != nil || !dns.isEmpty || mtu != nil
            if networkData != nil, nicFlags {
                throw ValidationError("--network-data cannot be combined with --mac, --dhcp, --address, --gateway, --dns or --mtu.")
            }
            if nicFlags, mac == nil {
                throw ValidationError("--mac is required with --dhcp, --address, --gateway, --dns or --mtu.")
            }
            if dhcp, address != nil {
                throw ValidationError("--dhcp and --address cannot be used together.")
            }
            if gateway != nil, address == nil {
                throw ValidationError("--gateway needs --address.")
            }
            if let mtu, mtu <= 0 {
                throw ValidationError("--mtu must be positive.")
            }
            if vfatSize != nil, format != .vfat {
                throw ValidationError("--vfat-size only applies to --format vfat.")
            }
            if repeatCount < 1 {
                throw ValidationError("--repeat must be at least 1.")
            }
            if output.isEmpty {
                throw ValidationError("--output cannot be empty.")
            }
            if LocalFile.isDirectory(output) {
                throw ValidationError("--output '\(output)' is a directory; give the path of the drive file.")
            }
        }

        func run() async throws {
            let content = try makeContent()
            try Self.checked { () throws(ConfigDriveError) in try content.validate() }
            var logger = Logger(label: "glint.configdrive") { label in StreamLogHandler.standardError(label: label) }
            logger.logLevel = .warning
            let builder = ConfigDriveBuilder(format: format, vfatSize: vfatSize?.size ?? .nova, logger: logger)
            let clock = ContinuousClock()
            let start = clock.now
            do {
                for _ in 0..<repeatCount {
                    try await builder.build(content, to: output)
                }
            } catch let error as ConfigDriveError {
                throw CommandFailure(error)
            }
            if repeatCount > 1 {
                let seconds = Self.seconds(clock.now - start)
                let perDrive = seconds * 1000 / Double(repeatCount)
                Terminal.writeError(
                    "built \(repeatCount) drives in \(Self.format(seconds, digits: 3)) s "
                        + "(\(Self.format(perDrive, digits: 3)) ms per drive)"
                )
                // The same builds to memory, without the durable file commit (what the API returns).
                let memoryStart = clock.now
                for _ in 0..<repeatCount {
                    _ = try await builder.build(content)
                }
                let memorySeconds = Self.seconds(clock.now - memoryStart)
                Terminal.writeError("per_build_ms=\(Self.format(memorySeconds * 1000 / Double(repeatCount), digits: 3))")
            }
        }

        /// The model: `--content` (or an empty instance), then every option on top of it.
        func makeContent() throws -> ConfigDriveContent {
            var content: ConfigDriveContent
            if let path = self.content {
                let bytes = try LocalFile.contents(of: path, option: "--content")
                content = try Self.decode("--content '\(path)'") { () throws(ConfigDriveError) in
                    try ConfigDriveContent.decode(json: bytes)
                }
                if let uuid { content.metadata.uuid = uuid }
            } else {
                // Like the JSON model: name and hostname default to each other, then to the uuid.
                let uuid = self.uuid ?? UUID().uuidString.lowercased()
                content = ConfigDriveContent(
                    metadata: InstanceMetadata(uuid: uuid, name: name ?? hostname ?? uuid, hostname: hostname ?? name ?? uuid)
                )
            }
            if let name {
                // A hostname that only defaulted to the old name follows the new one.
                if hostname == nil, content.metadata.hostname == content.metadata.name {
                    content.metadata.hostname = name
                }
                content.metadata.name = name
            }
            if let hostname { content.metadata.hostname = hostname }
            if let adminPass { content.metadata.adminPass = adminPass }
            for item in meta {
                content.metadata.meta[item.key] = item.value
            }
            for key in key {
                let bytes = try LocalFile.contents(of: key.path, option: "--key")
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw CommandFailure(message: "--key '\(key.path)' is not a text file (expected an OpenSSH public key)")
                }
                let data = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
                guard !data.isEmpty else {
                    throw CommandFailure(message: "--key '\(key.path)' is empty")
                }
                content.metadata.publicKeys.removeAll { $0.name == key.name }
                content.metadata.publicKeys.append(PublicKey(name: key.name, data: data + "\n"))
            }
            for file in file {
                let bytes = try LocalFile.contents(of: file.path, option: "--file")
                content.metadata.files.removeAll { $0.path == file.name }
                content.metadata.files.append(InjectedFile(path: file.name, contents: bytes))
            }
            if let path = userData {
                content.userData = try LocalFile.contents(of: path, option: "--user-data")
            }
            if let path = vendorData {
                let bytes = try LocalFile.contents(of: path, option: "--vendor-data")
                guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
                    throw CommandFailure(message: "--vendor-data '\(path)' is not valid JSON")
                }
                content.vendorData = value
            }
            if let path = networkData {
                let bytes = try LocalFile.contents(of: path, option: "--network-data")
                content.network = try Self.decode("--network-data '\(path)'") { () throws(ConfigDriveError) in
                    try NetworkData.decode(json: bytes)
                }
            } else if let mac {
                content.network = try Self.checked { () throws(ConfigDriveError) in
                    try NetworkData.singleNIC(
                        mac: mac,
                        dhcp: dhcp || address == nil,
                        address: address,
                        gateway: gateway,
                        dns: dns,
                        mtu: mtu
                    )
                }
            }
            return content
        }

        /// Runs a `ConfigDrive` decoder, naming the option and file in its error.
        static func decode<Value>(
            _ what: String,
            _ body: () throws(ConfigDriveError) -> Value
        ) throws -> Value {
            do {
                return try body()
            } catch {
                throw CommandFailure(message: "\(what): \(error.message)")
            }
        }

        /// Runs a `ConfigDrive` call, its error becoming the command's.
        static func checked<Value>(_ body: () throws(ConfigDriveError) -> Value) throws -> Value {
            do {
                return try body()
            } catch {
                throw CommandFailure(error)
            }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        static func format(_ value: Double, digits: Int) -> String {
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            let rounded = (value * scale).rounded() / scale
            return String(rounded)
        }
    }
}
