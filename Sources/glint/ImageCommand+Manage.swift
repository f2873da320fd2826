import ArgumentParser
import GlintClient

extension Glint.ImageCommand {
    /// `glint image delete ID…`: deletes images, going on past failures.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete images.",
            discussion: "Tries every ID; the exit status is 1 if any deletion failed."
        )

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The image IDs.")
        var ids: [String]

        func validate() throws {
            guard !ids.isEmpty else {
                throw ValidationError("Give at least one image ID.")
            }
        }

        func run() async throws {
            let failures = try await connection.withClient { client in
                var failures = 0
                for id in ids {
                    do {
                        try await client.deleteImage(id: id)
                    } catch let error as GlintClientError {
                        failures += 1
                        Terminal.writeError("glint: error: cannot delete image \(id): \(error)")
                    }
                }
                return failures
            }
            if failures > 0 {
                throw CommandFailure(message: ids.count > 1 ? "\(failures) of \(ids.count) deletions failed" : nil)
            }
        }
    }

    /// The arguments of `tag` and `untag`: one image, at least one tag.
    struct TagArguments: ParsableArguments {
        @Argument(help: "The image ID.")
        var id: String

        @Argument(help: "The tags.")
        var tags: [String]

        func validate() throws {
            guard !tags.isEmpty else {
                throw ValidationError("Give at least one tag.")
            }
        }
    }

    /// `glint image tag ID TAG…`: adds tags.
    struct Tag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add tags to an image.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var arguments: TagArguments

        func run() async throws {
            try await connection.withClient { client in
                for tag in arguments.tags {
                    try await client.addTag(tag, toImage: arguments.id)
                }
            }
        }
    }

    /// `glint image untag ID TAG…`: removes tags.
    struct Untag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove tags from an image.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var arguments: TagArguments

        func run() async throws {
            try await connection.withClient { client in
                for tag in arguments.tags {
                    try await client.removeTag(tag, fromImage: arguments.id)
                }
            }
        }
    }

    /// `glint image deactivate ID`: blocks downloads of an active image.
    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate an image (its data cannot be downloaded)."
        )

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The image ID.")
        var id: String

        func run() async throws {
            try await connection.withClient { client in
                try await client.deactivateImage(id: id)
            }
        }
    }

    /// `glint image reactivate ID`: makes a deactivated image active again.
    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate a deactivated image.")

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The image ID.")
        var id: String

        func run() async throws {
            try await connection.withClient { client in
                try await client.reactivateImage(id: id)
            }
        }
    }
}
