import ArgumentParser
import GlintClient

extension Glint.ImageCommand {
    /// `glint image create`: creates an image record and, with `--file`, uploads its data right away.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an image, and upload its data with --file.",
            discussion: "Prints the new image; with --file, as it is after the upload."
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "The image name.")
        var name: String?

        @Option(help: "The disk format (qcow2, raw, vmdk, vdi, iso, …); required with --file.")
        var diskFormat: String?

        @Option(help: "The container format.")
        var containerFormat: String = "bare"

        @Option(help: "Who can see the image.")
        var visibility: VisibilityArgument?

        @Option(
            help: ArgumentHelp("An extra property (repeatable).", valueName: "key=value"),
            transform: KeyValue.parse
        )
        var property: [KeyValue] = []

        @Option(help: "A tag (repeatable).")
        var tag: [String] = []

        @Option(help: ArgumentHelp("Minimum disk size in GB.", valueName: "gb"))
        var minDisk: Int?

        @Option(help: ArgumentHelp("Minimum RAM in MB.", valueName: "mb"))
        var minRam: Int?

        @Flag(help: "Protect the image from deletion.")
        var protected = false

        @Option(help: ArgumentHelp("Upload this file as the image data after creating it.", valueName: "path"))
        var file: String?

        func validate() throws {
            if let file {
                guard diskFormat != nil else {
                    throw ValidationError("--disk-format is required with --file.")
                }
                try validateReadableFile(file)
            }
            for value in [minDisk, minRam].compactMap({ $0 }) where value < 0 {
                throw ValidationError("--min-disk and --min-ram cannot be negative.")
            }
        }

        func run() async throws {
            let draft = NewImage(
                name: name,
                diskFormat: diskFormat,
                containerFormat: containerFormat,
                visibility: visibility?.visibility,
                minDisk: minDisk,
                minRam: minRam,
                protected: protected ? true : nil,
                tags: tag,
                extraProperties: KeyValue.dictionary(property)
            )
            let image = try await connection.withClient { client in
                let created = try await client.createImage(draft)
                guard let file else { return created }
                do {
                    try await uploadWithProgress(client: client, imageID: created.id, file: file)
                } catch var error as GlintClientError {
                    error.message = "image \(created.id) was created, but uploading its data failed: \(error.message)"
                    throw error
                }
                return try await client.image(id: created.id)
            }
            try ImageOutput.printImage(image, format: output.format)
        }
    }
}
