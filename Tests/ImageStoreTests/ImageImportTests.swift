import Crypto
import Foundation
import Testing

@testable import ImageStore

/// `glance-direct`: stage, then import.
struct ImageImportTests {
    @Test func stageThenImportActivatesWithTheStagedHashes() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create(["disk_format": .string("raw")], caller: alice)
        let bytes = randomBytes(2 * 1024 * 1024 + 3)
        try await fixture.service.stage(id: image.id, body: ChunkedBody(bytes: bytes), expectations: .init(), caller: alice)
        let staged = try await fixture.service.image(id: image.id, caller: alice)
        #expect(staged.status == .uploading)
        #expect(staged.checksum == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/staging") == [image.id])

        await #expect(throws: ImageStoreError.self) {
            try await fixture.service.importImage(id: image.id, method: "web-download", caller: alice)
        }
        try await fixture.service.importImage(id: image.id, method: "glance-direct", caller: alice)
        let active = try await fixture.service.image(id: image.id, caller: alice)
        #expect(active.status == .active)
        #expect(active.size == Int64(bytes.count))
        #expect(active.osHashValue == SHA512.hash(data: bytes).hexString)
        #expect(try fixture.files().images == [image.id])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/staging").isEmpty)
    }

    @Test func importWithoutStageIsAConflict() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create([:], caller: alice)
        await #expect(throws: ImageStoreError.self) {
            try await fixture.service.importImage(id: image.id, method: "glance-direct", caller: alice)
        }
        #expect(try await fixture.service.image(id: image.id, caller: alice).status == .queued)
    }

    @Test func failedStageGoesBackToQueued() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create(["disk_format": .string("qcow2")], caller: alice)
        await #expect(throws: ImageStoreError.self) {
            try await fixture.service.stage(id: image.id, body: ChunkedBody(bytes: randomBytes(4096)), expectations: .init(), caller: alice)
        }
        #expect(try await fixture.service.image(id: image.id, caller: alice).status == .queued)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/staging").isEmpty)
    }

    @Test func recoveryKeepsCompletedStagesAndResetsInterruptedOnes() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let staged = try await fixture.service.create([:], caller: alice)
        try await fixture.service.stage(id: staged.id, body: ChunkedBody(bytes: [1, 2, 3]), expectations: .init(), caller: alice)
        try await fixture.service.repository.modify(id: staged.id) { $0.status = .importing }
        let interrupted = try await fixture.service.create([:], caller: alice)
        try await fixture.service.repository.modify(id: interrupted.id) { $0.status = .uploading }
        FileManager.default.createFile(atPath: fixture.directory + "/staging/\(interrupted.id)", contents: Data([9]))

        try await fixture.service.recover()
        #expect(try await fixture.service.image(id: staged.id, caller: alice).status == .uploading)
        #expect(try await fixture.service.image(id: interrupted.id, caller: alice).status == .queued)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/staging") == [staged.id])
        try await fixture.service.importImage(id: staged.id, method: "glance-direct", caller: alice)
        #expect(try await fixture.service.image(id: staged.id, caller: alice).size == 3)
    }
}
