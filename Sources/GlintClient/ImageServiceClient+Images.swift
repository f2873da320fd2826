import AsyncHTTPClient
import Logging

/// Image metadata operations: show, create, update, delete, tags and (de)activation.
extension ImageServiceClient {
    /// The image with id `id` (`GET /v2/images/{id}`).
    ///
    /// - Throws: ``GlintClientError`` with `.notFound` for an unknown id.
    public func image(id: String) async throws -> Image {
        try await sendForJSON(makeRequest(.GET, path: Self.imagePath(id)), expecting: [200])
    }

    /// Creates an image record (`POST /v2/images`); it is `queued` until data is uploaded.
    ///
    /// - Parameter image: The properties to set.
    /// - Returns: The new record as the server returned it.
    public func createImage(_ image: NewImage) async throws -> Image {
        var request = makeRequest(.POST, path: "/v2/images")
        try setJSONBody(image, on: &request)
        let created: Image = try await sendForJSON(request, expecting: [201, 200])
        logger.debug("Created image", metadata: ["image.id": "\(created.id)"])
        return created
    }

    /// Applies `changes` to the image: reads the current record, computes the JSON-patch operations
    /// (see ``ImageChanges/patchOperations(against:)``) and sends them.
    ///
    /// - Returns: The updated record; the current one, without a `PATCH`, when nothing changes.
    public func updateImage(id: String, changes: ImageChanges) async throws -> Image {
        let current = try await image(id: id)
        let operations = changes.patchOperations(against: current)
        guard !operations.isEmpty else {
            logger.debug("Nothing to update", metadata: ["image.id": "\(id)"])
            return current
        }
        return try await patchImage(id: id, operations: operations)
    }

    /// Sends JSON-patch operations as they are (`PATCH /v2/images/{id}` with
    /// `Content-Type: application/openstack-images-v2.1-json-patch`).
    ///
    /// - Returns: The updated record.
    public func patchImage(id: String, operations: [PatchOperation]) async throws -> Image {
        var request = makeRequest(.PATCH, path: Self.imagePath(id))
        try setJSONBody(operations, on: &request, contentType: "application/openstack-images-v2.1-json-patch")
        logger.debug(
            "Patching image",
            metadata: ["image.id": "\(id)", "image.patch": "\(operations.map(\.description).joined(separator: "; "))"]
        )
        return try await sendForJSON(request, expecting: [200])
    }

    /// Deletes the image and its data (`DELETE /v2/images/{id}`).
    ///
    /// - Throws: ``GlintClientError`` with `.forbidden` for a protected image, `.notFound` for an unknown id.
    public func deleteImage(id: String) async throws {
        try await sendExpectingNoContent(makeRequest(.DELETE, path: Self.imagePath(id)))
    }

    /// Adds a tag (`PUT /v2/images/{id}/tags/{tag}`); adding a tag the image has is not an error.
    public func addTag(_ tag: String, toImage id: String) async throws {
        // An empty PUT: AsyncHTTPClient sends `Content-Length: 0` itself.
        try await sendExpectingNoContent(
            makeRequest(.PUT, path: Self.imagePath(id) + "/tags/" + URLEncoding.pathSegment(tag))
        )
    }

    /// Removes a tag (`DELETE /v2/images/{id}/tags/{tag}`).
    ///
    /// - Throws: ``GlintClientError`` with `.notFound` when the image does not have the tag.
    public func removeTag(_ tag: String, fromImage id: String) async throws {
        try await sendExpectingNoContent(
            makeRequest(.DELETE, path: Self.imagePath(id) + "/tags/" + URLEncoding.pathSegment(tag))
        )
    }

    /// Deactivates an active image, so its data cannot be downloaded by non-admins
    /// (`POST /v2/images/{id}/actions/deactivate`).
    public func deactivateImage(id: String) async throws {
        try await sendAction("deactivate", imageID: id)
    }

    /// Reactivates a deactivated image (`POST /v2/images/{id}/actions/reactivate`).
    public func reactivateImage(id: String) async throws {
        try await sendAction("reactivate", imageID: id)
    }

    private func sendAction(_ action: String, imageID id: String) async throws {
        try await sendExpectingNoContent(makeRequest(.POST, path: Self.imagePath(id) + "/actions/" + action))
    }

    /// `/v2/images/{id}` with the id percent-encoded.
    static func imagePath(_ id: String) -> String {
        "/v2/images/" + URLEncoding.pathSegment(id)
    }
}
