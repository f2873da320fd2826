import Logging
import NIOCore

extension ImageService {
    /// The interoperable import methods this store implements.
    ///
    /// Only `glance-direct` (stage, then import): `web-download` would make the server fetch arbitrary URLs, and
    /// `copy-image` needs more than one store.
    public static let importMethods = ["glance-direct"]

    /// `PUT /v2/images/{id}/stage`: `queued` → `uploading`, the data verified exactly as a direct upload and kept
    /// in the staging area until the import.
    ///
    /// - Throws: 409 unless the image is `queued`; the upload's errors otherwise, after which the image is `queued`.
    public func stage<Body: AsyncSequence>(
        id: String,
        body: Body,
        expectations: UploadExpectations,
        caller: Caller
    ) async throws where Body.Element == ByteBuffer {
        let image = try await modifiableImage(id: id, caller: caller)
        try await repository.modify(id: id) { image in
            guard image.status == .queued else {
                throw ImageStoreError(.conflict, "Image status transition from \(image.status.rawValue) to uploading is not allowed")
            }
            image.status = .uploading
        }
        do {
            let (blob, data) = try await ingest(image, body: body, expectations: expectations)
            do {
                try await blobs.commit(blob, as: id, staged: true)
                try await repository.recordStaged(data, for: id)
            } catch {
                await blobs.discard(blob)
                blobs.removeStaged(id: id)
                throw error
            }
            logger.info("Staged image data", metadata: ["image.id": "\(id)", "image.size": "\(data.size)"])
        } catch {
            await resetStatus(of: id, from: .uploading)
            throw error
        }
    }

    /// `POST /v2/images/{id}/import` with `glance-direct`: `uploading` → `importing` → `active`, moving the staged
    /// data into the store.
    ///
    /// - Throws: 400 for another method; 409 when nothing is staged.
    public func importImage(id: String, method: String, caller: Caller) async throws {
        guard Self.importMethods.contains(method) else {
            throw ImageStoreError(.badRequest, "Import method \(method) is not valid. Valid methods: "
                + Self.importMethods.joined(separator: ", "))
        }
        _ = try await modifiableImage(id: id, caller: caller)
        guard let data = try await repository.stagedData(for: id) else {
            throw ImageStoreError(.conflict, "Image needs to be staged before 'glance-direct' method can be used")
        }
        try await repository.modify(id: id) { image in
            guard image.status == .uploading else {
                throw ImageStoreError(.conflict, "Image status transition from \(image.status.rawValue) to importing is not allowed")
            }
            image.status = .importing
        }
        do {
            try await blobs.commitStaged(id: id)
            try await repository.finishImport(id: id, data: data)
            logger.info("Imported image", metadata: ["image.id": "\(id)", "image.method": "\(method)"])
        } catch {
            await resetStatus(of: id, from: .importing, to: .uploading)
            throw error
        }
    }
}
