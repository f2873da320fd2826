import ArgumentParser
import GlintClient

extension Glint.ImageCommand {
    /// `glint image update ID …`: changes an image's properties with a JSON-patch request.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Update an image's properties.",
            discussion: """
                Reads the image, then sends only what changes as a JSON-patch (replace for existing \
                properties, add for new ones, remove for --remove-property). Prints the updated image.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The image ID.")
        var id: String

        @Option(help: "A new name.")
        var name: String?

        @Option(help: "A new disk format.")
        var diskFormat: String?

        @Option(help: "A new container format.")
        var containerFormat: String?

        @Option(help: "A new visibility.")
        var visibility: VisibilityArgument?

        @Option(
            help: ArgumentHelp("Set an extra property (repeatable).", valueName: "key=value"),
            transform: KeyValue.parse
        )
        var property: [KeyValue] = []

        @Option(help: ArgumentHelp("Remove an extra property (repeatable).", valueName: "key"))
        var removeProperty: [String] = []

        @Option(help: ArgumentHelp("Minimum disk size in GB.", valueName: "gb"))
        var minDisk: Int?

        @Option(help: ArgumentHelp("Minimum RAM in MB.", valueName: "mb"))
        var minRam: Int?

        @Flag(inversion: .prefixedNo, help: "Protect the image from deletion, or (--no-protected) stop protecting it.")
        var protected: Bool?

        func validate() throws {
            for key in removeProperty where key.isEmpty || key.contains("=") {
                throw ValidationError("--remove-property takes a property name, got '\(key)'.")
            }
            let both = Set(property.map(\.key)).intersection(removeProperty)
            if let key = both.sorted().first {
                throw ValidationError("'\(key)' is both set with --property and removed with --remove-property.")
            }
            for value in [minDisk, minRam].compactMap({ $0 }) where value < 0 {
                throw ValidationError("--min-disk and --min-ram cannot be negative.")
            }
        }

        func run() async throws {
            let changes = ImageChanges(
                name: name,
                diskFormat: diskFormat,
                containerFormat: containerFormat,
                visibility: visibility?.visibility,
                minDisk: minDisk,
                minRam: minRam,
                protected: protected,
                setProperties: KeyValue.dictionary(property),
                removeProperties: Set(removeProperty)
            )
            let image = try await connection.withClient { client in
                try await client.updateImage(id: id, changes: changes)
            }
            try ImageOutput.printImage(image, format: output.format)
        }
    }
}
