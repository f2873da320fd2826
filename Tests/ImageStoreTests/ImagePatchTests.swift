import Testing
import GlintJSON

@testable import ImageStore

struct ImagePatchTests {
    let owner = Caller(projectID: "p1", roles: ["member"])
    let admin = Caller(projectID: "p0", roles: ["admin"])

    func image() -> ImageRecord {
        ImageRecord(id: "00000000-0000-0000-0000-000000000001", owner: "p1", createdAt: .now(), properties: ["a": "1"])
    }

    func patch(_ operations: [JSONValue], _ mediaType: ImagePatch.MediaType = .v2_1) throws -> ImagePatch {
        try ImagePatch(json: .array(operations), mediaType: mediaType)
    }

    func op(_ op: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["op": .string(op), "path": .string(path)]
        if let value { object["value"] = value }
        return .object(object)
    }

    @Test func glanceclientSendsReplaceOnNullBaseProperties() throws {
        var record = image()
        try patch([
            op("replace", "/name", .string("t2")), op("replace", "/min_disk", .int(1)),
            op("replace", "/tags", .array([.string("x"), .string("y"), .string("x")])),
            op("add", "/foo", .string("bar")),
        ]).apply(to: &record, caller: owner)
        #expect(record.name == "t2")
        #expect(record.minDisk == 1)
        #expect(record.tags == ["x", "y"])
        #expect(record.properties == ["a": "1", "foo": "bar"])
    }

    @Test func openstackclientSendsAddForEverything() throws {
        var record = image()
        try patch([op("add", "/min_disk", .int(1)), op("add", "/name", .string("t2")), op("add", "/a", .string("2"))])
            .apply(to: &record, caller: owner)
        #expect(record.name == "t2")
        #expect(record.properties["a"] == "2")
    }

    @Test func draftFormIsAccepted() throws {
        var record = image()
        try patch([.object(["replace": .string("/name"), "value": .string("old-style")]),
                   .object(["remove": .string("/a")])], .v2_0)
            .apply(to: &record, caller: owner)
        #expect(record.name == "old-style")
        #expect(record.properties.isEmpty)
    }

    @Test func jsonPointerEscapes() throws {
        var record = image()
        try patch([op("add", "/x~1y~0z", .string("v"))]).apply(to: &record, caller: owner)
        #expect(record.properties["x/y~z"] == "v")
    }

    @Test(arguments: [
        ("replace", "/missing", ImageStoreError.Code.conflict),
        ("remove", "/missing", .conflict),
        ("remove", "/name", .forbidden),
        ("replace", "/status", .forbidden),
        ("add", "/checksum", .forbidden),
        ("add", "/os_glance_import_task", .forbidden),
        ("add", "/deleted", .forbidden),
        ("add", "/locations/0", .forbidden),
    ])
    func refusals(operation: String, path: String, code: ImageStoreError.Code) throws {
        var record = image()
        do {
            try patch([op(operation, path, operation == "remove" ? nil : .string("x"))]).apply(to: &record, caller: owner)
            Issue.record("expected \(code)")
        } catch let error as ImageStoreError {
            #expect(error.code == code)
        }
    }

    @Test func typesAreValidatedAsTheSchemaSays() throws {
        for operation in [
            op("replace", "/min_disk", .string("1")), op("replace", "/protected", .string("yes")),
            op("replace", "/disk_format", .string("floppy")), op("add", "/extra", .int(3)),
            op("replace", "/visibility", .string("everyone")),
        ] {
            var record = image()
            #expect(throws: ImageStoreError.self) { try patch([operation]).apply(to: &record, caller: owner) }
        }
    }

    @Test func onlyAdminsPublicizeOrChangeOwners() throws {
        var record = image()
        #expect(throws: ImageStoreError.self) {
            try patch([op("replace", "/visibility", .string("public"))]).apply(to: &record, caller: owner)
        }
        #expect(throws: ImageStoreError.self) {
            try patch([op("replace", "/owner", .string("p2"))]).apply(to: &record, caller: owner)
        }
        try patch([op("replace", "/visibility", .string("public")), op("replace", "/owner", .string("p2"))])
            .apply(to: &record, caller: admin)
        #expect(record.visibility == .public)
        #expect(record.owner == "p2")
    }

    @Test func diskFormatIsFrozenOnceDataArrived() throws {
        var record = image()
        record.status = .active
        record.diskFormat = "qcow2"
        #expect(throws: ImageStoreError.self) {
            try patch([op("replace", "/disk_format", .string("raw"))]).apply(to: &record, caller: owner)
        }
        try patch([op("replace", "/disk_format", .string("qcow2"))]).apply(to: &record, caller: owner)
    }

    @Test func malformedDocuments() {
        #expect(throws: ImageStoreError.self) { try ImagePatch(json: .object([:]), mediaType: .v2_1) }
        #expect(throws: ImageStoreError.self) { try patch([.object(["op": .string("move"), "path": .string("/a")])]) }
        #expect(throws: ImageStoreError.self) { try patch([.object(["op": .string("add"), "path": .string("/a")])]) }
        #expect(throws: ImageStoreError.self) { try patch([op("add", "name", .string("x"))]) }
    }
}
