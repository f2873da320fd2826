import ArgumentParser
import Foundation
import GuestToolkit

extension Glint.GuestCommand {
    /// `glint guest customize IMAGE… [options]`: one plan, applied to each image in one appliance launch.
    struct Customize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customize disk images before boot: files, hostname, SSH keys, passwords, network, firstboot.",
            discussion: """
                IMAGE is a local raw or qcow2 file, changed in place (or written to --output), or the id of an \
                image in the store: then glintd runs the customization as a task on a copy and stores the result \
                as a new image with base_image_ref set; the source image never changes. Several local images get \
                the same plan in one appliance launch. Changes go to an overlay first: when an operation fails, \
                the image is left exactly as it was and the exit status is 1.
                """
        )

        @Argument(help: ArgumentHelp("Local image files, or one stored image id.", valueName: "image"))
        var images: [String]

        @Option(help: ArgumentHelp("The local images' format (default: detected).", valueName: "raw|qcow2"))
        var diskFormat: String?

        @Option(help: ArgumentHelp("Write the result to this new file instead of changing a local image.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Format of --output, or of the new stored image (default: the source's).", valueName: "raw|qcow2"))
        var outputFormat: String?

        @Option(help: ArgumentHelp("Name of the new stored image (default: the source's name + \"-customized\").", valueName: "name"))
        var name: String?

        @Flag(help: "Print no progress lines.")
        var quiet = false

        @OptionGroup var plan: GuestPlanOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: GuestLoggingOptions

        func validate() throws {
            if output != nil && images.count != 1 {
                throw ValidationError("--output takes exactly one image")
            }
        }

        func run() async throws {
            let plan = try plan.customizationPlan()
            if images.count == 1, !FileManager.default.fileExists(atPath: images[0]), UUID(uuidString: images[0]) != nil {
                try await StoredImageCustomization(
                    imageID: images[0], plan: plan, name: name, diskFormat: outputFormat, quiet: quiet
                ).run(connection: connection)
                return
            }
            try await customizeLocal(plan)
        }

        private func customizeLocal(_ plan: CustomizationPlan) async throws {
            var jobs: [CustomizationJob] = []
            for path in images {
                let image: DiskImage
                do {
                    image = try DiskImage(path: path, declaredFormat: diskFormat)
                } catch {
                    throw CommandFailure(message: error.description)
                }
                let destination = output.map { CustomizationOutput.newImage(path: $0, format: outputFormat ?? image.format.rawValue) }
                jobs.append(CustomizationJob(image: image, plan: plan, output: destination ?? .inPlace))
            }
            let customizer = try logging.customizer()
            let started = ContinuousClock.now
            let quiet = quiet
            let results = await customizer.customize(jobs) { stage in
                guard !quiet else { return }
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                Terminal.writeError(String(format: "[%6.1fs] ", seconds) + stage.description)
            }
            var failed = false
            for (job, result) in zip(jobs, results) {
                switch result {
                case .success(let report):
                    print("\(report.image):")
                    for outcome in report.operations {
                        print("  \(outcome.operation): \(outcome.summary)")
                    }
                    for (user, password) in report.generatedPasswords.sorted(by: { $0.key < $1.key }) {
                        print("  random password for \(user): \(password)")
                    }
                case .failure(let error):
                    Terminal.writeError("glint: error: \(job.image.path): \(error) (the image was not changed)")
                    failed = true
                }
            }
            if failed { throw CommandFailure(message: nil) }
        }
    }
}
