import Testing
import GlintJSON

@testable import ImageStore

/// Listing against a real SQLite database: visibility rules, filters, sorting and keyset pagination.
struct ImageListTests {
    func list(_ fixture: StoreFixture, _ items: [(String, String)], as caller: Caller) async throws -> [ImageRecord] {
        try await fixture.service.list(ImageListQuery(queryItems: items.map { (name: $0.0, value: $0.1) }), caller: caller)
    }

    @Test func visibilityRulesPerProject() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let service = fixture.service
        let own = try await service.create(["name": .string("own-private"), "visibility": .string("private")], caller: alice)
        let community = try await service.create(["name": .string("community"), "visibility": .string("community")], caller: alice)
        let shared = try await service.create(["name": .string("shared")], caller: alice)
        let hidden = try await service.create(["name": .string("hidden"), "os_hidden": .bool(true)], caller: alice)
        let pub = try await service.create(["name": .string("public"), "visibility": .string("public")], caller: admin)

        func names(_ images: [ImageRecord]) -> Set<String> { Set(images.compactMap(\.name)) }
        #expect(names(try await list(fixture, [], as: alice)) == ["own-private", "community", "shared", "public"])
        #expect(names(try await list(fixture, [], as: bob)) == ["public"])
        #expect(names(try await list(fixture, [("visibility", "community")], as: bob)) == ["community"])
        #expect(names(try await list(fixture, [("os_hidden", "true")], as: alice)) == ["hidden"])
        #expect(names(try await list(fixture, [], as: admin)).count == 4)

        // Sharing: pending members see it only with member_status=pending, accepted ones by default.
        _ = try await service.addMember("p-bob", to: shared.id, caller: alice)
        #expect(names(try await list(fixture, [], as: bob)) == ["public"])
        #expect(names(try await list(fixture, [("member_status", "pending")], as: bob)) == ["public", "shared"])
        #expect(try await service.image(id: shared.id, caller: bob).id == shared.id)
        _ = try await service.updateMember("p-bob", of: shared.id, status: .accepted, caller: bob)
        #expect(names(try await list(fixture, [], as: bob)) == ["public", "shared"])
        #expect(names(try await list(fixture, [("visibility", "shared")], as: bob)) == ["shared"])
        await #expect(throws: ImageStoreError.self) {
            try await service.updateMember("p-bob", of: shared.id, status: .accepted, caller: alice)
        }
        await #expect(throws: ImageStoreError.self) { try await service.addMember("p-x", to: own.id, caller: alice) }
        await #expect(throws: ImageStoreError.self) { try await service.addMember("p-bob", to: shared.id, caller: alice) }
        #expect(try await service.members(of: shared.id, caller: bob).map(\.memberID) == ["p-bob"])
        try await service.removeMember("p-bob", from: shared.id, caller: alice)
        await #expect(throws: ImageStoreError.self) { try await service.image(id: shared.id, caller: bob) }
        _ = (community, hidden, pub)
    }

    @Test func filtersByColumnsPropertiesTagsSizeAndTime() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let service = fixture.service
        let first = try await service.create(
            ["name": .string("a"), "disk_format": .string("raw"), "os_distro": .string("debian"), "tags": .array([.string("x"), .string("y")])],
            caller: alice
        )
        _ = try await service.upload(id: first.id, body: ChunkedBody(bytes: randomBytes(100)), expectations: .init(), caller: alice)
        let second = try await service.create(
            ["name": .string("b"), "disk_format": .string("qcow2"), "os_distro": .string("fedora"), "tags": .array([.string("x")])],
            caller: alice
        )
        func ids(_ items: [(String, String)]) async throws -> [String] {
            try await list(fixture, items, as: alice).map(\.id)
        }
        #expect(try await ids([("name", "a")]) == [first.id])
        #expect(try await ids([("disk_format", "in:raw,qcow2"), ("sort_key", "name"), ("sort_dir", "asc")]) == [first.id, second.id])
        #expect(try await ids([("os_distro", "fedora")]) == [second.id])
        #expect(try await ids([("tag", "x"), ("tag", "y")]) == [first.id])
        #expect(try await ids([("size_min", "50")]) == [first.id])
        #expect(try await ids([("size_max", "50")]).isEmpty)
        #expect(try await ids([("status", "queued")]) == [second.id])
        #expect(try await ids([("created_at", "lt:2000-01-01T00:00:00Z")]).isEmpty)
        #expect(try await ids([("created_at", "gte:2000-01-01T00:00:00Z"), ("sort", "name:desc")]) == [second.id, first.id])
    }

    @Test func keysetPaginationVisitsEveryImageOnceInOrder() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var created: [ImageRecord] = []
        for index in 0..<23 {
            // Repeated names and null names exercise the tie-breaking on id and the NULL handling.
            let name: JSONValue = index % 5 == 0 ? .null : .string("n\(index % 4)")
            created.append(try await fixture.service.create(["name": name], caller: alice))
        }
        for sort in [[("sort_key", "name"), ("sort_dir", "asc")], [("sort", "name:desc,created_at:asc")], []] {
            var seen: [String] = []
            var marker: String?
            for _ in 0..<10 {
                var items = sort + [("limit", "4")]
                if let marker { items.append(("marker", marker)) }
                let page = try await list(fixture, items, as: alice)
                seen += page.map(\.id)
                guard page.count == 4 else { break }
                marker = page.last?.id
            }
            let whole = try await list(fixture, sort + [("limit", "100")], as: alice).map(\.id)
            #expect(seen == whole)
            #expect(Set(seen) == Set(created.map(\.id)))
        }
        await #expect(throws: ImageStoreError.self) {
            try await list(fixture, [("marker", "00000000-0000-0000-0000-000000000000")], as: alice)
        }
    }
}
