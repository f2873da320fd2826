import ArgumentParser
import Foundation
import GlintClient

/// `glint`: a command-line client for Glint's (and Glance's) v2 image API.
///
/// Exit codes: 0 on success, 1 when an operation fails (the server refused it, it could not be reached,
/// a download did not verify), 2 for usage errors.
@main
struct Glint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glint",
        abstract: "A command-line client for the Glint image service (Glance v2 API).",
        discussion: """
            The service URL and token come from --url/--token, or the GLINT_URL and GLINT_TOKEN \
            environment variables; the URL defaults to \(ConnectionOptions.defaultURL).
            """,
        version: "1.0.0",
        subcommands: [ImageCommand.self, ConfigDriveCommand.self, GuestCommand.self, ServerCommand.self, HostCommand.self]
    )

    /// Parses the arguments and runs the command, mapping errors to glint's messages and exit codes.
    static func main() async {
        // Without TZ, glibc re-reads /etc/localtime at every localtime() call, which libarchive makes for each
        // entry it writes (about 12 % of a config drive build); naming the same file once keeps the zone.
        setenv("TZ", ":/etc/localtime", 0)
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot(nil)
        } catch {
            exitForArgumentParser(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as GlintClientError {
            Terminal.writeError("glint: error: \(error)")
            Terminal.exit(1)
        } catch let error as CommandFailure {
            if let message = error.message {
                Terminal.writeError("glint: error: \(message)")
            }
            Terminal.exit(1)
        } catch {
            exitForArgumentParser(error)
        }
    }

    /// Prints ArgumentParser's message for `error` (help, version, usage errors) and exits: 0 for help and
    /// version, 2 for usage errors (instead of ArgumentParser's 64), as other command-line tools do.
    private static func exitForArgumentParser(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty {
                print(message)
            }
            Terminal.exit(0)
        }
        if code == .validationFailure {
            Terminal.writeError(message)
            Terminal.exit(2)
        }
        if error is ExitCode {
            Terminal.exit(code.rawValue)
        }
        Terminal.writeError("glint: error: \(error)")
        Terminal.exit(code.rawValue == 0 ? 1 : code.rawValue)
    }
}

/// A failure whose message (if any) was already shaped for the user; exits with status 1.
struct CommandFailure: Error {
    /// The line to print after `glint: error: `, or `nil` when the details were printed already.
    var message: String?
}

extension Glint {
    /// `glint image …`: the image API's commands.
    struct ImageCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "image",
            abstract: "Manage images: list, show, create, upload, download, update, delete, tag.",
            subcommands: [
                List.self, Show.self, Create.self, Upload.self, Download.self, Update.self, Delete.self,
                Tag.self, Untag.self, Deactivate.self, Reactivate.self,
            ]
        )
    }
}
