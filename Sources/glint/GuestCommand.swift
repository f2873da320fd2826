import ArgumentParser
import Foundation
import GuestToolkit
import HostAccelerator
import Logging

extension Glint {
    /// `glint guest …`: pre-boot inspection and customization of disk images through libguestfs.
    struct GuestCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "guest",
            abstract: "Inspect and customize guest disk images before boot (libguestfs).",
            discussion: """
                Local images are raw or qcow2 files on this host; they are checked by Glint's format inspector \
                first and given to libguestfs with their format named. Each command launches one libguestfs \
                appliance (20-50 s without KVM, 2-4 s with it). KVM is used when a probe shows it really runs a \
                guest; GLINT_ACCELERATOR=kvm|tcg forces either.
                """,
            subcommands: [Inspect.self, Customize.self, Info.self]
        )
    }
}

extension Glint.GuestCommand {
    /// `glint guest inspect IMAGE…`: what libguestfs inspection finds, read-only.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the operating system of local disk images (read-only).",
            discussion: "Several images are inspected in one appliance launch."
        )

        @Argument(help: ArgumentHelp("Local raw or qcow2 image files.", valueName: "image"))
        var images: [String]

        @Option(help: ArgumentHelp("The images' format (default: detected by Glint's inspector).", valueName: "raw|qcow2"))
        var diskFormat: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var logging: GuestLoggingOptions

        func run() async throws {
            var images: [DiskImage] = []
            for path in self.images {
                do {
                    images.append(try DiskImage(path: path, declaredFormat: diskFormat))
                } catch {
                    throw CommandFailure(message: error.description)
                }
            }
            let customizer = try logging.customizer()
            let results = await customizer.inspect(images)
            var failed = false
            for (image, result) in zip(images, results) {
                switch result {
                case .success(let system):
                    try GuestOutput.printSystem(system, image: image.path, format: output.format)
                case .failure(let error):
                    Terminal.writeError("glint: error: \(image.path): \(error)")
                    failed = true
                }
            }
            if failed { throw CommandFailure(message: nil) }
        }
    }
}

/// `--verbose` and the accelerator choice shared by the guest commands.
struct GuestLoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log what libguestfs does (debug level; set LIBGUESTFS_DEBUG=1 for its appliance).")
    var verbose = false

    func customizer() throws -> GuestCustomizer {
        var logger = Logger(label: "glint.guest")
        logger.logLevel = verbose ? .debug : .notice
        let preference: AcceleratorPreference
        do {
            preference = try AcceleratorPreference.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
        return GuestCustomizer(logger: logger, accelerator: preference)
    }
}

/// Printing guest inspection results.
enum GuestOutput {
    static func printSystem(_ system: GuestSystem, image: String, format: OutputOptions.Format) throws {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(system), as: UTF8.self))
        case .table:
            let os = system.inspection
            var rows: [[String]] = [
                ["image", image], ["root", os.root], ["type", os.type], ["distro", os.distro],
                ["version", "\(os.majorVersion).\(os.minorVersion)"], ["product", os.productName],
                ["hostname", os.hostname], ["architecture", os.architecture],
                ["package format", "\(os.packageFormat) (\(os.packageManagement))"],
                ["init system", system.initSystem?.rawValue ?? "unknown"],
                ["network", system.networkRenderer?.rawValue ?? "none recognised"],
                ["selinux", system.selinuxMode ?? "none"],
            ]
            for (mountpoint, device) in os.mountOrder {
                rows.append(["mount \(mountpoint)", device])
            }
            print(TextTable(headers: ["Field", "Value"], rows: rows).render())
        }
    }
}
