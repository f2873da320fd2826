import Testing

@testable import ImageStore

struct ImageListQueryTests {
    func parse(_ items: [(String, String)]) throws -> ImageListQuery {
        try ImageListQuery(queryItems: items.map { (name: $0.0, value: $0.1) })
    }

    @Test func defaultsAreGlances() throws {
        let query = try parse([])
        #expect(query.limit == 25)
        #expect(query.sort == [.init(key: "created_at", direction: .desc)])
        #expect(query.memberStatus == .accepted)
        #expect(query.osHidden == false)
        #expect(query.visibility == nil)
    }

    @Test func limitIsCappedAtAThousand() throws {
        #expect(try parse([("limit", "5000")]).limit == 1000)
        #expect(throws: ImageStoreError.self) { try parse([("limit", "-1")]) }
        #expect(throws: ImageStoreError.self) { try parse([("limit", "ten")]) }
    }

    @Test func sortKeysAndDirectionsPairUp() throws {
        let query = try parse([("sort_key", "name"), ("sort_dir", "asc"), ("sort_key", "size"), ("sort_dir", "desc")])
        #expect(query.sort == [.init(key: "name", direction: .asc), .init(key: "size", direction: .desc)])
        let single = try parse([("sort_key", "name"), ("sort_key", "status"), ("sort_dir", "asc")])
        #expect(single.sort.map(\.direction) == [.asc, .asc])
    }

    @Test func combinedSortSyntax() throws {
        let query = try parse([("sort", "name:asc,status:desc,size")])
        #expect(query.sort == [
            .init(key: "name", direction: .asc), .init(key: "status", direction: .desc),
            .init(key: "size", direction: .desc),
        ])
    }

    @Test func badSortsAreRefused() {
        #expect(throws: ImageStoreError.self) { try parse([("sort_key", "checksum")]) }
        #expect(throws: ImageStoreError.self) { try parse([("sort_dir", "sideways")]) }
        #expect(throws: ImageStoreError.self) { try parse([("sort", "name:asc"), ("sort_key", "size")]) }
    }

    @Test func filtersOnColumnsPropertiesTagsAndSizes() throws {
        let query = try parse([
            ("name", "cirros"), ("status", "in:active,queued"), ("os_distro", "debian"), ("tag", "a"), ("tag", "b"),
            ("size_min", "10"), ("size_max", "20"), ("visibility", "public"), ("member_status", "all"),
            ("os_hidden", "true"), ("protected", "false"),
        ])
        #expect(query.filters == [
            .column("name", ["cirros"]), .column("status", ["active", "queued"]), .property("os_distro", ["debian"]),
            .tag("a"), .tag("b"), .sizeMin(10), .sizeMax(20), .column("protected", ["0"]),
        ])
        #expect(query.visibility == .public)
        #expect(query.memberStatus == nil)
        #expect(query.osHidden)
    }

    @Test func inListsHonourQuotes() throws {
        let query = try parse([("name", "in:\"a,b\",c")])
        #expect(query.filters == [.column("name", ["a,b", "c"])])
        #expect(throws: ImageStoreError.self) { try parse([("owner", "in:a,b")]) }
    }

    @Test func timeFiltersTakeOperators() throws {
        let query = try parse([("created_at", "gte:2026-11-18T11:06:40Z"), ("updated_at", "2026-11-18T11:06:40Z")])
        #expect(query.filters == [
            .time("created_at", .gte, Timestamp(microseconds: 1_795_000_000_000_000)),
            .time("updated_at", .eq, Timestamp(microseconds: 1_795_000_000_000_000)),
        ])
        #expect(throws: ImageStoreError.self) { try parse([("created_at", "around:2026-11-18T11:06:40Z")]) }
        #expect(throws: ImageStoreError.self) { try parse([("created_at", "gt:not-a-date")]) }
        #expect(throws: ImageStoreError.self) { try parse([("changes-since", "2026-11-18T11:06:40Z")]) }
    }
}
