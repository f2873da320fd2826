import Crypto
import Foundation
import Testing
import GlintJSON

@testable import ImageStore

struct ImageServiceTests {
    @Test func createShowAndDelete() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create(
            ["name": .string("cirros"), "disk_format": .string("raw"), "container_format": .string("bare"),
             "os_distro": .string("cirros"), "tags": .array([.string("t")])],
            caller: alice
        )
        #expect(image.status == .queued)
        #expect(image.visibility == .shared)
        #expect(image.owner == "p-alice")
        #expect(image.properties == ["os_distro": "cirros"])
        let shown = try await fixture.service.image(id: image.id, caller: alice)
        #expect(shown == image)
        try await fixture.service.delete(id: image.id, caller: alice)
        await #expect(throws: ImageStoreError.notFound(image.id)) {
            try await fixture.service.image(id: image.id, caller: alice)
        }
    }

    @Test func createRefusesReadOnlyReservedAndForeignOwners() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        for body: [String: JSONValue] in [
            ["status": .string("active")], ["self": .string("/x")], ["location": .string("file:///etc/passwd")],
            ["owner": .string("p-bob")], ["visibility": .string("public")],
        ] {
            await #expect(throws: ImageStoreError.self) { try await fixture.service.create(body, caller: alice) }
        }
        let id = "0f0e0d0c-0b0a-0908-0706-050403020100"
        _ = try await fixture.service.create(["id": .string(id)], caller: alice)
        await #expect(throws: ImageStoreError.self) {
            try await fixture.service.create(["id": .string(id)], caller: alice)
        }
    }

    @Test func nonUUIDAndInvisibleImagesAreNotFound() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        await #expect(throws: ImageStoreError.notFound("cirros")) {
            try await fixture.service.image(id: "cirros", caller: alice)
        }
        let image = try await fixture.service.create(["visibility": .string("private")], caller: alice)
        await #expect(throws: ImageStoreError.notFound(image.id)) {
            try await fixture.service.image(id: image.id, caller: bob)
        }
        #expect(try await fixture.service.image(id: image.id, caller: admin).id == image.id)
    }

    @Test func uploadComputesHashesAndActivates() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create(["disk_format": .string("raw"), "container_format": .string("bare")], caller: alice)
        let bytes = randomBytes(3 * 1024 * 1024 + 17)
        let uploaded = try await fixture.service.upload(
            id: image.id,
            body: ChunkedBody(bytes: bytes, chunkSize: 100_000),
            expectations: UploadExpectations(declaredSize: Int64(bytes.count)),
            caller: alice
        )
        #expect(uploaded.status == .active)
        #expect(uploaded.size == Int64(bytes.count))
        #expect(uploaded.virtualSize == Int64(bytes.count))
        #expect(uploaded.checksum == Insecure.MD5.hash(data: bytes).hexString)
        #expect(uploaded.osHashAlgo == "sha512")
        #expect(uploaded.osHashValue == SHA512.hash(data: bytes).hexString)
        let stored = try Data(contentsOf: URL(fileURLWithPath: fixture.service.blobs.path(for: image.id)))
        #expect(Array(stored) == bytes)
        #expect(try fixture.files().temporaries.isEmpty)
        await #expect(throws: ImageStoreError.self) {
            try await fixture.service.upload(id: image.id, body: ChunkedBody(bytes: [1]), expectations: .init(), caller: alice)
        }
    }

    @Test func emptyUploadMakesAnEmptyActiveImage() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create([:], caller: alice)
        let uploaded = try await fixture.service.upload(id: image.id, body: ChunkedBody(bytes: []), expectations: .init(), caller: alice)
        #expect(uploaded.status == .active)
        #expect(uploaded.size == 0)
        #expect(uploaded.checksum == "d41d8cd98f00b204e9800998ecf8427e")
    }

    /// Every failure leaves the image queued with no data and no file behind.
    @Test(arguments: ["disconnect", "declared-size", "cap", "content-md5", "format"])
    func failedUploadsLeaveNothing(failure: String) async throws {
        let fixture = try StoreFixture(maximumImageSize: 2 * 1024 * 1024)
        defer { fixture.remove() }
        let image = try await fixture.service.create(
            ["disk_format": .string(failure == "format" ? "qcow2" : "raw"), "container_format": .string("bare")],
            caller: alice
        )
        var body = ChunkedBody(bytes: randomBytes(failure == "cap" ? 3 * 1024 * 1024 : 1024 * 1024 + 5))
        var expectations = UploadExpectations()
        switch failure {
        case "disconnect": body.failAfter = 700_000
        case "declared-size": expectations.declaredSize = 1000
        case "content-md5": expectations.expectedMD5 = "00000000000000000000000000000000"
        default: break
        }
        do {
            _ = try await fixture.service.upload(id: image.id, body: body, expectations: expectations, caller: alice)
            Issue.record("upload should have failed")
        } catch let error as ImageStoreError {
            let expected: [String: ImageStoreError.Code] = [
                "declared-size": .badRequest, "cap": .tooLarge, "content-md5": .badRequest, "format": .unsupportedMediaType,
            ]
            if let code = expected[failure] { #expect(error.code == code) }
        } catch is ChunkedBody.Disconnected {
            #expect(failure == "disconnect")
        }
        let after = try await fixture.service.image(id: image.id, caller: alice)
        #expect(after.status == .queued)
        #expect(after.size == nil)
        #expect(after.checksum == nil)
        let files = try fixture.files()
        #expect(files.images.isEmpty)
        #expect(files.temporaries.isEmpty)
    }

    @Test func recoveryResetsSavingImagesAndSweepsFiles() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let saving = try await fixture.service.create([:], caller: alice)
        try await fixture.service.repository.modify(id: saving.id) { $0.status = .saving; $0.size = 5 }
        // What a crash leaves: a temporary, and a renamed file whose image never became active.
        FileManager.default.createFile(atPath: fixture.directory + "/tmp/\(saving.id).1.partial", contents: Data([1]))
        FileManager.default.createFile(atPath: fixture.service.blobs.path(for: saving.id), contents: Data([1]))
        try await fixture.service.recover()
        let after = try await fixture.service.image(id: saving.id, caller: alice)
        #expect(after.status == .queued)
        #expect(after.size == nil)
        let files = try fixture.files()
        #expect(files.images.isEmpty)
        #expect(files.temporaries.isEmpty)
    }

    @Test func protectedImagesCannotBeDeleted() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create(["protected": .bool(true)], caller: alice)
        await #expect(throws: ImageStoreError.self) { try await fixture.service.delete(id: image.id, caller: alice) }
    }

    @Test func deactivationBlocksDownloadsForNonAdmins() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create([:], caller: alice)
        await #expect(throws: ImageStoreError.self) { try await fixture.service.deactivate(id: image.id, caller: alice) }
        _ = try await fixture.service.upload(id: image.id, body: ChunkedBody(bytes: [1, 2, 3]), expectations: .init(), caller: alice)
        try await fixture.service.deactivate(id: image.id, caller: alice)
        await #expect(throws: ImageStoreError.self) { try await fixture.service.prepareDownload(id: image.id, caller: alice) }
        #expect(try await fixture.service.prepareDownload(id: image.id, caller: admin).dataSize == 3)
        try await fixture.service.reactivate(id: image.id, caller: alice)
        #expect(try await fixture.service.prepareDownload(id: image.id, caller: alice).dataSize == 3)
    }

    @Test func tagsAreSetsKeptInOrder() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let image = try await fixture.service.create([:], caller: alice)
        for tag in ["b", "a", "b"] { try await fixture.service.addTag(tag, to: image.id, caller: alice) }
        #expect(try await fixture.service.image(id: image.id, caller: alice).tags == ["b", "a"])
        try await fixture.service.removeTag("b", from: image.id, caller: alice)
        await #expect(throws: ImageStoreError.self) { try await fixture.service.removeTag("zz", from: image.id, caller: alice) }
        await #expect(throws: ImageStoreError.self) { try await fixture.service.addTag("x", to: image.id, caller: bob) }
    }
}
