import FormatInspector
import Logging
import NIOCore

extension ImageService {
    /// Uploads image data (`PUT /v2/images/{id}/file`): `queued` → `saving` → `active`.
    ///
    /// The data streams to a temporary file while md5 and sha512 are computed and the format inspector reads it.
    /// Only a complete, verified upload is renamed into the store and makes the image `active`. On any failure —
    /// client gone, size cap, size or checksum mismatch, unsafe or mismatched format — the temporary file is removed
    /// and the image goes back to `queued` with no data, so the client may retry.
    ///
    /// - Throws: 409 unless the image is `queued`; 413 past the size cap; 400 for bad or unsafe data; 415 when the
    ///   data is not of the declared `disk_format`.
    public func upload<Body: AsyncSequence>(
        id: String,
        body: Body,
        expectations: UploadExpectations,
        caller: Caller
    ) async throws -> ImageRecord where Body.Element == ByteBuffer {
        let image = try await modifiableImage(id: id, caller: caller)
        if image.status == .deactivated {
            throw ImageStoreError(.forbidden, "Not allowed to upload image data for image \(id): image is deactivated")
        }
        try await repository.modify(id: id) { image in
            // Only `queued` may move to `saving`: a second upload, or one racing this one, gets 409.
            try image.status.checkTransition(to: .saving)
            image.status = .saving
        }
        do {
            let (blob, data) = try await ingest(image, body: body, expectations: expectations)
            do {
                try await blobs.commit(blob, as: id)
                let record = try await repository.modify(id: id) { image in
                    guard image.status == .saving else {
                        throw ImageStoreError(.conflict, "Image \(id) changed state during the upload")
                    }
                    image.record(data)
                }
                logger.info(
                    "Upload finished",
                    metadata: ["image.id": "\(id)", "image.size": "\(data.size)", "image.checksum": "\(data.checksum)"]
                )
                return record
            } catch {
                await blobs.discard(blob)
                blobs.remove(id: id)
                throw error
            }
        } catch {
            logger.info("Upload failed", metadata: ["image.id": "\(id)", "error": "\(error)"])
            await resetStatus(of: id, from: .saving)
            throw error
        }
    }

    /// Streams `body` into a temporary file and verifies it: size, checksum, format.
    ///
    /// - Returns: the temporary file, synced but not yet committed, and what to record.
    /// - Throws: after removing the temporary file, when the data fails a check or the client goes away.
    func ingest<Body: AsyncSequence>(
        _ image: ImageRecord,
        body: Body,
        expectations: UploadExpectations
    ) async throws -> (TemporaryBlob, UploadedData) where Body.Element == ByteBuffer {
        var expectations = expectations
        expectations.maximumSize = min(expectations.maximumSize ?? .max, configuration.maximumImageSize)
        expectations.inspectFormat = image.containerFormat == nil || image.containerFormat == "bare"
        logger.info("Upload started", metadata: ["image.id": "\(image.id)"])
        let blob: TemporaryBlob
        do {
            blob = try await blobs.makeTemporary(for: image.id)
        } catch {
            throw ImageStoreError(.storage, "Cannot create a temporary file in the store: \(error)")
        }
        do {
            let result = try await ImageIngest.run(body: body, into: blob, expectations: expectations)
            return (blob, try Self.uploadedData(result, declaredFormat: image.diskFormat))
        } catch {
            await blobs.discard(blob)
            throw error
        }
    }

    /// Turns what the ingest measured into what the image records, applying the format policy.
    static func uploadedData(_ result: IngestResult, declaredFormat: String?) throws -> UploadedData {
        var virtualSize: Int64? = nil
        if let inspection = result.inspection {
            do {
                let report = try FormatPolicy.verify(declaredFormat: declaredFormat, report: inspection.get())
                virtualSize = report.virtualSize
            } catch {
                if error.code == .formatMismatch {
                    throw ImageStoreError(.unsupportedMediaType, error.message)
                }
                throw ImageStoreError(.invalidImageData, "Image failed safety checks: \(error.message)")
            }
        }
        return UploadedData(
            size: result.size,
            checksum: result.md5,
            osHashAlgo: "sha512",
            osHashValue: result.sha512,
            virtualSize: virtualSize,
            diskFormat: declaredFormat
        )
    }

    /// Puts an image whose upload or import failed back to `queued` without data (or, for a failed import,
    /// back to `uploading`), unless something else changed it meanwhile.
    ///
    /// Runs in an unstructured task so that it completes even when the request's task was cancelled.
    func resetStatus(of id: String, from status: ImageStatus, to target: ImageStatus = .queued) async {
        let repository = self.repository
        let logger = self.logger
        await Task {
            do {
                try await repository.modify(id: id) { image in
                    guard image.status == status else { return }
                    image.status = target
                    if target == .queued { image.clearData() }
                }
            } catch let error as ImageStoreError where error.code == .notFound {
                // Deleted meanwhile: nothing to reset.
            } catch {
                logger.info("Could not reset image status", metadata: ["image.id": "\(id)", "error": "\(error)"])
            }
        }.value
    }

    /// What a download needs: the record, and the data's size on disk.
    ///
    /// - Returns: nil data size when the image has no data yet (Glance answers 204).
    /// - Throws: 403 for a deactivated image unless the caller is an admin.
    public func prepareDownload(id: String, caller: Caller) async throws -> (image: ImageRecord, dataSize: Int64?) {
        let image = try await image(id: id, caller: caller)
        if image.status == .deactivated, !caller.isAdmin {
            throw ImageStoreError(.forbidden, "The requested image has been deactivated. Image data download is forbidden.")
        }
        guard image.status.hasData, let size = blobs.size(of: id) else { return (image, nil) }
        return (image, size)
    }
}
