import ArgumentParser
import GlintClient

extension Glint.ImageCommand {
    /// `glint image list`: the images matching the filters, following pagination.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List images.",
            discussion: "Follows the service's pagination until all matching images (or --limit of them) are listed."
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Only images with this name.")
        var name: String?

        @Option(help: "Only images with this status (queued, active, deactivated, …).")
        var status: String?

        @Option(help: "Only images with this visibility (public, private, shared, community, all).")
        var visibility: String?

        @Option(help: "Only images with this tag (repeat for several; all must match).")
        var tag: [String] = []

        @Option(
            help: ArgumentHelp("Only images whose property KEY is VALUE (repeatable).", valueName: "key=value"),
            transform: KeyValue.parse
        )
        var property: [KeyValue] = []

        @Option(help: ArgumentHelp("Sort order: key[:asc|desc], comma-separated.", valueName: "key:dir"))
        var sort: String = "name:asc"

        @Option(help: "List at most this many images.")
        var limit: Int?

        @Option(help: "Images per request (the service's default when not given); all pages are followed.")
        var pageSize: Int?

        func validate() throws {
            _ = try sortKeys()
            if let limit, limit < 1 {
                throw ValidationError("--limit must be at least 1.")
            }
            if let pageSize, pageSize < 1 {
                throw ValidationError("--page-size must be at least 1.")
            }
        }

        func run() async throws {
            var filters = KeyValue.dictionary(property)
            filters["name"] = name ?? filters["name"]
            filters["status"] = status ?? filters["status"]
            filters["visibility"] = visibility ?? filters["visibility"]
            let query = ImageQuery(filters: filters, tags: tag, sort: try sortKeys(), pageSize: pageSize)
            let images = try await connection.withClient { client in
                try await client.listImages(matching: query, limit: limit)
            }
            try ImageOutput.printImages(images, format: output.format)
        }

        private func sortKeys() throws -> [ImageQuery.SortKey] {
            try sort.split(separator: ",").map { part in
                guard let key = ImageQuery.SortKey(parsing: String(part)) else {
                    throw ValidationError("--sort expects key[:asc|desc], got '\(part)'.")
                }
                return key
            }
        }
    }

    /// `glint image show ID`: one image's record.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an image's properties.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The image ID.")
        var id: String

        func run() async throws {
            let image = try await connection.withClient { client in
                try await client.image(id: id)
            }
            try ImageOutput.printImage(image, format: output.format)
        }
    }
}
