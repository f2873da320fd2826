import ArgumentParser
import GlintClient

extension Glint.ImageCommand {
    /// `glint image upload ID --file PATH`: uploads a queued image's data.
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload data to a queued image.",
            discussion: "Streams the file; a progress bar is shown when standard error is a terminal."
        )

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The image ID.")
        var id: String

        @Option(
            name: [.customLong("file"), .customShort("f")],
            help: ArgumentHelp("The file to upload.", valueName: "path")
        )
        var file: String

        func validate() throws {
            try validateReadableFile(file)
        }

        func run() async throws {
            try await connection.withClient { client in
                try await uploadWithProgress(client: client, imageID: id, file: file)
            }
        }
    }

    /// `glint image download ID --file PATH`: downloads an image's data and verifies its checksums.
    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download an image's data to a file, verifying its checksums.",
            discussion: """
                The data goes to a temporary file next to the target while its os_hash_value (sha512 by \
                default) and md5 checksum are computed; it is renamed into place only when both match the \
                image record. On a mismatch nothing is left at the target path and the exit status is 1.
                """
        )

        @OptionGroup var connection: ConnectionOptions

        @Argument(help: "The image ID.")
        var id: String

        @Option(
            name: [.customLong("file"), .customShort("o")],
            help: ArgumentHelp("Where to save the data.", valueName: "path")
        )
        var file: String

        func run() async throws {
            let bar = ProgressBar(label: "Downloading")
            do {
                _ = try await connection.withClient { client in
                    try await client.downloadImageData(id: id, toFile: file, progress: bar.map { bar in bar.update })
                }
                bar?.finish()
            } catch {
                bar?.finish(success: false)
                throw error
            }
        }
    }
}

/// Uploads `file` to image `imageID`, with a progress bar on a terminal.
func uploadWithProgress(client: ImageServiceClient, imageID: String, file: String) async throws {
    let bar = ProgressBar(label: "Uploading")
    do {
        try await client.uploadImageData(id: imageID, fromFile: file, progress: bar.map { bar in bar.update })
        bar?.finish()
    } catch {
        bar?.finish(success: false)
        throw error
    }
}
