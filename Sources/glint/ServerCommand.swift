import ArgumentParser
import Foundation
import GlintClient
import GlintJSON

extension Glint {
    /// `glint server …`: instances on glintd's compute API (`/compute/v2.1`).
    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Boot and manage instances through glintd's compute API.",
            subcommands: [
                List.self, Show.self, Create.self, Delete.self, Reboot.self, Action.self, ConsoleLog.self,
                SetPassword.self,
            ]
        )
    }

    /// `glint host info`: this host as the compute API reports it.
    struct HostCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "host", abstract: "Host facts.", subcommands: [Info.self])

        struct Info: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Node, versions, accelerator, running instances.")
            @OptionGroup var connection: ConnectionOptions

            func run() async throws {
                try await connection.withClient { client in
                    for hypervisor in try await ComputeClient(client).hypervisors() {
                        print(try ServerOutput.pretty(hypervisor))
                    }
                }
            }
        }
    }
}

/// Printing compute documents.
enum ServerOutput {
    static func pretty(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func field(_ server: JSONValue, _ key: String) -> String {
        guard case .object(let fields) = server, let value = fields[key] else { return "" }
        return value.stringValue ?? value.description
    }

    /// Polls the server until its status is one of `statuses` (or ERROR), printing each change on stderr.
    static func wait(for id: String, until statuses: Set<String>, client: ComputeClient, timeout: Duration = .seconds(600)) async throws -> JSONValue {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = ""
        while true {
            let server = try await client.server(id)
            let status = field(server, "status")
            let task = field(server, "OS-EXT-STS:task_state")
            let line = task.isEmpty || task == "null" ? status : "\(status) (\(task))"
            if line != last {
                Terminal.writeError("server \(id): \(line)")
                last = line
            }
            if statuses.contains(status) { return server }
            if status == "ERROR" {
                throw CommandFailure(message: "server \(id) went to ERROR: \(field(server, "fault"))")
            }
            guard clock.now < deadline else { throw CommandFailure(message: "server \(id) is still \(status) after \(timeout)") }
            try await Task.sleep(for: .seconds(1))
        }
    }
}

extension Glint.ServerCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List servers.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await connection.withClient { client in
                let servers = try await ComputeClient(client).servers()
                if output.format == .json { print(try ServerOutput.pretty(.array(servers))); return }
                let rows = servers.map { server in
                    ["id", "name", "status", "OS-EXT-STS:power_state"].map { ServerOutput.field(server, $0) }
                }
                print(TextTable(headers: ["ID", "NAME", "STATUS", "POWER"], rows: rows).render())
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a server.")
        @Argument var id: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in print(try ServerOutput.pretty(try await ComputeClient(client).server(id))) }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Boot a server from a stored image.")
        @Argument var name: String
        @Option(help: "Image id.") var image: String
        @Option(help: "Flavor id or name.") var flavor: String
        @Flag(help: "Attach a config drive.") var configDrive = false
        @Option(help: ArgumentHelp("User data file.", valueName: "file")) var userData: String?
        @Option(help: "Admin password (default: generated, printed once).") var password: String?
        @Flag(help: "Wait until the server is ACTIVE, showing its progress.") var wait = false
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            var body: [String: JSONValue] = ["name": .string(name), "imageRef": .string(image), "flavorRef": .string(flavor)]
            if configDrive { body["config_drive"] = .bool(true) }
            if let password { body["adminPass"] = .string(password) }
            if let userData {
                guard let data = FileManager.default.contents(atPath: userData) else {
                    throw ValidationError("--user-data '\(userData)': cannot read the file")
                }
                body["user_data"] = .string(data.base64EncodedString())
            }
            try await connection.withClient { client in
                let compute = ComputeClient(client)
                let created = try await compute.createServer(body)
                let id = ServerOutput.field(created, "id")
                print("server \(id) accepted; admin password: \(ServerOutput.field(created, "adminPass"))")
                if wait { _ = try await ServerOutput.wait(for: id, until: ["ACTIVE"], client: compute) }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a server (its domain, disks and console log).")
        @Argument var id: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in try await ComputeClient(client).deleteServer(id) }
        }
    }

    struct Reboot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reboot a server (soft: ACPI then start; --hard: destroy and start).")
        @Argument var id: String
        @Flag var hard = false
        @Flag(help: "Wait until the server is ACTIVE again, showing its progress.") var wait = false
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in
                let compute = ComputeClient(client)
                try await compute.action(id, "reboot", .object(["type": .string(hard ? "HARD" : "SOFT")]))
                if wait { _ = try await ServerOutput.wait(for: id, until: ["ACTIVE"], client: compute) }
            }
        }
    }

    /// `glint server action pause|unpause|suspend|resume ID [--wait]`.
    struct Action: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "pause, unpause, suspend or resume a server.")
        enum Name: String, ExpressibleByArgument, CaseIterable { case pause, unpause, suspend, resume }
        @Argument var action: Name
        @Argument var id: String
        @Flag(help: "Wait until the state settles, showing its progress.") var wait = false
        @OptionGroup var connection: ConnectionOptions

        /// The status each action ends in.
        var settled: String {
            switch action {
            case .pause: "PAUSED"
            case .suspend: "SUSPENDED"
            case .unpause, .resume: "ACTIVE"
            }
        }

        func run() async throws {
            try await connection.withClient { client in
                let compute = ComputeClient(client)
                try await compute.action(id, action.rawValue)
                let server = wait ? try await ServerOutput.wait(for: id, until: [settled], client: compute) : try await compute.server(id)
                print(ServerOutput.field(server, "status"))
            }
        }
    }

    struct ConsoleLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "console-log", abstract: "The serial console log.")
        @Argument var id: String
        @Option(help: "Only the last N lines.") var lines: Int?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in
                let argument: JSONValue = lines.map { .object(["length": .int(Int64($0))]) } ?? .object([:])
                let answer = try await ComputeClient(client).action(id, "os-getConsoleOutput", argument)
                print(answer.map { ServerOutput.field($0, "output") } ?? "", terminator: "")
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Set the admin password through the guest agent.")
        @Argument var id: String
        @Option var password: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in
                try await ComputeClient(client).action(id, "changePassword", .object(["adminPass": .string(password)]))
            }
        }
    }
}

extension Glint.GuestCommand {
    /// `glint guest info SERVER`: libvirt's and the guest agent's view of a running instance.
    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Diagnostics of a running server (libvirt and guest agent).")
        @Argument(help: "Server id.") var server: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await connection.withClient { client in
                print(try ServerOutput.pretty(try await ComputeClient(client).diagnostics(server)))
            }
        }
    }
}
