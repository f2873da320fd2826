import ArgumentParser
import Foundation
import GlintAPI
import GuestToolkit
import HostAccelerator
import ImageTasks
import Launcher
import Hummingbird
import ImageStore
import Logging
import ServiceLifecycle

/// `glintd`: the Glint image service daemon.
@main
struct Glintd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glintd",
        abstract: "Glint's Glance v2–compatible image service.",
        discussion: """
            Serves the OpenStack Image API v2 from an embedded SQLite database and a filesystem store under \
            --data-dir. Stops gracefully on SIGTERM or SIGINT.
            """,
        version: "0.1.0"
    )

    @Option(help: "Address to listen on, HOST:PORT (default 127.0.0.1:9292; port 0 picks a free one).")
    var bind: String?

    @Option(help: "Directory for the database, image data and temporaries (default ./var).")
    var dataDir: String?

    @Option(help: "JSON configuration file (auth mode and tokens, size cap).")
    var config: String?

    @Option(help: "Seconds that requests in flight get to finish after SIGTERM or SIGINT before they are cancelled.")
    var shutdownGrace: Int = 5

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    mutating func run() async throws {
        // Without TZ, glibc re-reads /etc/localtime at every localtime() call, which libarchive makes for each
        // entry of a config drive it writes; naming the same file once keeps the zone.
        setenv("TZ", ":/etc/localtime", 0)
        let file = try config.map(GlintdConfiguration.load(path:))
        let address = try BindAddress(parsing: bind ?? file?.bind ?? "127.0.0.1:9292")
        let dataDirectory = dataDir ?? file?.dataDir ?? "./var"
        let authenticator = Authenticator(mode: file?.auth?.mode ?? .none, tokens: file?.auth?.tokens ?? [])
        if authenticator.mode == .none, !address.isLoopback {
            throw ConfigurationError(
                "auth mode 'none' makes every client an admin; it only binds to a loopback address, not \(address.host). "
                    + "Configure auth mode 'token' to listen elsewhere."
            )
        }

        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "glintd")

        var storeConfiguration = ImageService.Configuration()
        if let cap = file?.maxImageSize { storeConfiguration.maximumImageSize = cap }
        if let quota = file?.memberQuota { storeConfiguration.memberQuota = quota }
        let service = try ImageService.openEmbedded(
            dataDirectory: dataDirectory,
            configuration: storeConfiguration,
            logger: logger
        )
        try await service.recover()
        let accelerator = try Self.acceleratorPreference(configured: file?.accelerator)
        let customizer = GuestCustomizer(
            logger: logger, accelerator: accelerator, scratchDirectory: service.blobs.temporaryDirectory)
        let tasks = TaskService(images: service, customizer: customizer, logger: logger)
        try await tasks.recover()
        let launcher = try await Self.openLauncher(
            file: file, dataDirectory: dataDirectory, images: service, customizer: customizer, logger: logger)

        let app = Application(
            responder: GlintAPI.responder(service: service, tasks: tasks, launcher: launcher, authenticator: authenticator),
            server: GlintAPI.server,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "glintd"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                // Unbuffered, so that a supervisor or test reading a pipe sees it at once.
                let line = "glintd: listening on http://\(address.host):\(port) "
                    + "(data \(dataDirectory), auth \(authenticator.mode.rawValue))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger
        )
        // Graceful shutdown lets requests finish; past the grace period they are cancelled, and an upload cut
        // short fails like any other: its temporary file is removed and its image goes back to queued.
        var group = ServiceGroupConfiguration(
            services: [app],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        group.maximumGracefulShutdownDuration = .seconds(shutdownGrace)
        try await ServiceGroup(configuration: group).run()
        try? await launcher?.close()
        logger.info("Stopped")
    }
}

extension Glintd {
    /// The configuration file's `accelerator`; when it is absent or `auto`, `GLINT_ACCELERATOR` may force one.
    static func acceleratorPreference(configured: String?) throws -> AcceleratorPreference {
        guard let configured, configured != AcceleratorPreference.auto.rawValue else {
            do {
                return try AcceleratorPreference.fromEnvironment(ProcessInfo.processInfo.environment)
            } catch {
                throw ConfigurationError(error.message)
            }
        }
        guard let preference = AcceleratorPreference(rawValue: configured) else {
            throw ConfigurationError("accelerator \(configured) is not one of auto, kvm, tcg")
        }
        return preference
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
