import Foundation
import Logging
import NIOCore
import GlintJSON

/// The image service: Glance's operations on images, over a metadata repository and a blob store.
///
/// Every operation takes the ``Caller`` and applies Glance's policy: images a caller may not see are
/// reported as not found, changes it may not make are forbidden.
public struct ImageService: Sendable {
    public struct Configuration: Sendable {
        /// The largest image accepted, in bytes (Glance's `image_size_cap`, 1 TiB by default).
        public var maximumImageSize: Int64 = 1 << 40
        /// Members per image (Glance's `image_member_quota`).
        public var memberQuota = 128

        public init(maximumImageSize: Int64 = 1 << 40, memberQuota: Int = 128) {
            self.maximumImageSize = maximumImageSize
            self.memberQuota = memberQuota
        }
    }

    public let repository: ImageRepository
    public let blobs: BlobStore
    public let configuration: Configuration
    let logger: Logger

    public init(repository: ImageRepository, blobs: BlobStore, configuration: Configuration, logger: Logger) {
        self.repository = repository
        self.blobs = blobs
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the embedded default store under `dataDirectory`: `glint.sqlite` and the `images/`, `tmp/` folders.
    public static func openEmbedded(
        dataDirectory: String,
        configuration: Configuration = .init(),
        logger: Logger
    ) throws -> ImageService {
        let blobs = try BlobStore(root: dataDirectory)
        let repository = try ImageRepository(path: dataDirectory + "/glint.sqlite")
        return ImageService(repository: repository, blobs: blobs, configuration: configuration, logger: logger)
    }

    /// Startup recovery after a crash: uploads that were in progress go back to `queued`, temporary files and
    /// data files of images that hold no data are removed.
    public func recover() async throws {
        let reset = try await repository.resetInterruptedUploads()
        let removed = blobs.sweep(
            keeping: try await repository.idsWithData(),
            staged: try await repository.idsStaged()
        )
        logger.info(
            "Recovered image store",
            metadata: ["store.uploads_reset": "\(reset.count)", "store.files_removed": "\(removed.count)"]
        )
    }

    // MARK: - Reading

    /// The image with `id` if `caller` may see it.
    ///
    /// - Throws: ``ImageStoreError/Code/notFound`` for a missing image, an invisible one, or an id that is not a UUID.
    public func image(id: String, caller: Caller) async throws -> ImageRecord {
        guard UUID(uuidString: id) != nil, let image = try await repository.fetch(id: id) else {
            throw ImageStoreError.notFound(id)
        }
        try await checkVisible(image, caller: caller)
        return image
    }

    public func list(_ query: ImageListQuery, caller: Caller) async throws -> [ImageRecord] {
        try await repository.list(query, caller: caller)
    }

    func checkVisible(_ image: ImageRecord, caller: Caller) async throws {
        var isMember = false
        if image.visibility == .shared, image.owner != caller.projectID, !caller.isAdmin {
            isMember = try await repository.member(of: image.id, memberID: caller.projectID) != nil
        }
        guard ImagePolicy.canSee(image, caller: caller, isMember: isMember) else {
            throw ImageStoreError.notFound(image.id)
        }
    }

    /// The image, checked visible and modifiable by `caller`.
    func modifiableImage(id: String, caller: Caller) async throws -> ImageRecord {
        let image = try await image(id: id, caller: caller)
        guard ImagePolicy.canModify(image, caller: caller) else {
            throw ImageStoreError(.forbidden, "You are not permitted to modify image \(id).")
        }
        return image
    }

    // MARK: - Creating and changing

    /// Creates a `queued` image from a create request body.
    ///
    /// - Throws: 400 for bad values, 403 for read-only, reserved or policy-restricted properties, 409 for a taken id.
    public func create(_ body: [String: JSONValue], caller: Caller) async throws -> ImageRecord {
        var id = UUID().uuidString.lowercased()
        if let requested = body["id"] {
            guard let text = requested.stringValue, let uuid = UUID(uuidString: text) else {
                throw ImageStoreError(.badRequest, "Invalid value for 'id': it must be a UUID.")
            }
            id = uuid.uuidString.lowercased()
        }
        var image = ImageRecord(id: id, owner: caller.projectID, createdAt: .now())
        for (name, value) in body.sorted(by: { $0.key < $1.key }) where name != "id" {
            if ["direct_url", "self", "file", "schema", "stores"].contains(name) {
                throw ImageStoreError(.forbidden, "Attribute '\(name)' is reserved.")
            }
            try ImageProperties.set(name, to: value, on: &image, caller: caller)
        }
        if body["owner"] != nil { try ImagePolicy.checkOwner(image.owner, caller: caller) }
        try await repository.insert(image)
        logger.info("Created image", metadata: ["image.id": "\(id)", "image.owner": "\(caller.projectID)"])
        return image
    }

    public func update(id: String, patch: ImagePatch, caller: Caller) async throws -> ImageRecord {
        _ = try await modifiableImage(id: id, caller: caller)
        return try await repository.modify(id: id) { image in
            try patch.apply(to: &image, caller: caller)
        }
    }

    /// Deletes an image and its data.
    ///
    /// - Throws: 403 for a protected image; an upload in progress is abandoned by its own request.
    public func delete(id: String, caller: Caller) async throws {
        let image = try await modifiableImage(id: id, caller: caller)
        if image.isProtected {
            throw ImageStoreError(.forbidden, "Image \(id) is protected and cannot be deleted.")
        }
        try await repository.delete(id: id)
        blobs.remove(id: id)
        blobs.removeStaged(id: id)
        logger.info("Deleted image", metadata: ["image.id": "\(id)"])
    }

    public func addTag(_ tag: String, to id: String, caller: Caller) async throws {
        let tag = try ImageProperties.tagValue(.string(tag))
        _ = try await modifiableImage(id: id, caller: caller)
        try await repository.modify(id: id) { image in
            guard !image.tags.contains(tag) else { return }
            guard image.tags.count < ImageProperties.tagQuota else {
                throw ImageStoreError(.tooLarge, "Maximum number of tags exceeded (\(ImageProperties.tagQuota)).")
            }
            image.tags.append(tag)
        }
    }

    public func removeTag(_ tag: String, from id: String, caller: Caller) async throws {
        _ = try await modifiableImage(id: id, caller: caller)
        try await repository.modify(id: id) { image in
            guard let index = image.tags.firstIndex(of: tag) else {
                throw ImageStoreError(.notFound, "Tag \(tag) not found on image \(id)")
            }
            image.tags.remove(at: index)
        }
    }

    /// `actions/deactivate`: an active image stops serving data to non-admins. Deactivating a deactivated image is a no-op.
    public func deactivate(id: String, caller: Caller) async throws {
        _ = try await modifiableImage(id: id, caller: caller)
        try await repository.modify(id: id) { image in
            if image.status == .deactivated { return }
            guard image.status == .active else {
                throw ImageStoreError(.forbidden, "Not allowed to deactivate image in status '\(image.status.rawValue)'")
            }
            image.status = .deactivated
        }
    }

    /// `actions/reactivate`: the reverse of ``deactivate(id:caller:)``.
    public func reactivate(id: String, caller: Caller) async throws {
        _ = try await modifiableImage(id: id, caller: caller)
        try await repository.modify(id: id) { image in
            if image.status == .active { return }
            guard image.status == .deactivated else {
                throw ImageStoreError(.forbidden, "Not allowed to reactivate image in status '\(image.status.rawValue)'")
            }
            image.status = .active
        }
    }

    /// `/v2/info/usage` figures for the caller's project.
    public func usage(caller: Caller) async throws -> (sizeTotal: Int64, count: Int64, uploading: Int64) {
        try await repository.usage(owner: caller.projectID)
    }
}
