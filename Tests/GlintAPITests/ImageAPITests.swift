import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GlintAPI

struct ImageAPITests {
    @Test func versionDocuments() async throws {
        try await APIFixture().test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .multipleChoices)
                let versions = response.json["versions"] as? [[String: Any]] ?? []
                #expect(versions.first?["id"] as? String == "v2.17")
                #expect(versions.first?["status"] as? String == "CURRENT")
                #expect(response.headers[.xOpenStackRequestID]?.hasPrefix("req-") == true)
            }
            try await client.execute(uri: "/versions", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func schemasAllowStringExtraProperties() async throws {
        try await APIFixture().test { client in
            try await client.execute(uri: "/v2/schemas/image", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["additionalProperties"] as? [String: String] == ["type": "string"])
                let properties = response.json["properties"] as? [String: Any]
                #expect(properties?["os_hash_value"] != nil)
            }
            for name in ["images", "member", "members", "metadefs/namespace", "metadefs/resource_type"] {
                try await client.execute(uri: "/v2/schemas/\(name)", method: .get) { #expect($0.status == .ok) }
            }
        }
    }

    @Test func createUploadDownloadWithRanges() async throws {
        try await APIFixture().test { client in
            let created = try await client.execute(
                uri: "/v2/images", method: .post, headers: jsonHeaders,
                body: .json(["name": "t", "disk_format": "raw", "container_format": "bare"])
            )
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location]?.hasSuffix("/v2/images/\(id)") == true)
            #expect(created.headers[.openStackImageImportMethods] != nil)
            #expect(created.json["size"] is NSNull)
            #expect(created.json["self"] as? String == "/v2/images/\(id)")

            try await client.execute(uri: "/v2/images/\(id)/file", method: .get) { #expect($0.status == .noContent) }

            let bytes = (0..<5000).map { UInt8($0 % 251) }
            var headers = octetHeaders
            headers[.xOpenStackImageSize] = "5000"
            try await client.execute(uri: "/v2/images/\(id)/file", method: .put, headers: headers, body: ByteBuffer(bytes: bytes)) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/v2/images/\(id)/file", method: .put, headers: octetHeaders, body: ByteBuffer(bytes: bytes)) {
                #expect($0.status == .conflict)
            }
            let shown = try await client.execute(uri: "/v2/images/\(id)", method: .get)
            #expect(shown.json["status"] as? String == "active")
            #expect(shown.json["size"] as? Int == 5000)
            #expect(shown.json["os_hash_value"] as? String == SHA512.hash(data: bytes).map { String(format: "%02x", $0) }.joined())

            try await client.execute(uri: "/v2/images/\(id)/file", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == bytes)
                #expect(response.headers[.contentMD5] == shown.json["checksum"] as? String)
            }
            try await client.execute(uri: "/v2/images/\(id)/file", method: .get, headers: [.range: "bytes=10-19"]) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == "bytes 10-19/5000")
                #expect(Array(response.body.readableBytesView) == Array(bytes[10..<20]))
            }
            try await client.execute(uri: "/v2/images/\(id)/file", method: .get, headers: [.range: "bytes=-10"]) { response in
                #expect(Array(response.body.readableBytesView) == Array(bytes[4990...]))
            }
            try await client.execute(uri: "/v2/images/\(id)/file", method: .get, headers: [.range: "bytes=6000-"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */5000")
            }
            try await client.execute(uri: "/v2/images/\(id)/file", method: .get, headers: [.range: "bytes=0-1,5-6"]) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func patchMediaTypesAndErrors() async throws {
        try await APIFixture().test { client in
            let created = try await client.execute(uri: "/v2/images", method: .post, headers: jsonHeaders, body: .json([:]))
            let id = try #require(created.json["id"] as? String)
            let patch: ByteBuffer = .json([["op": "replace", "path": "/name", "value": "n"], ["op": "add", "path": "/k", "value": "v"]])
            try await client.execute(uri: "/v2/images/\(id)", method: .patch, headers: patchHeaders, body: patch) { response in
                #expect(response.status == .ok)
                #expect(response.json["name"] as? String == "n")
                #expect(response.json["k"] as? String == "v")
            }
            try await client.execute(uri: "/v2/images/\(id)", method: .patch, headers: jsonHeaders, body: patch) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.acceptPatch]?.contains("application/openstack-images-v2.1-json-patch") == true)
            }
            let readOnly: ByteBuffer = .json([["op": "replace", "path": "/status", "value": "active"]])
            try await client.execute(uri: "/v2/images/\(id)", method: .patch, headers: patchHeaders, body: readOnly) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func errorsFollowAcceptAndUnknownIdsAre404() async throws {
        try await APIFixture().test { client in
            try await client.execute(uri: "/v2/images/not-a-uuid", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(response.text.hasPrefix("404 Not Found\n\n"))
            }
            try await client.execute(uri: "/v2/images/\(UUID())", method: .get, headers: [.accept: "application/json"]) { response in
                #expect(response.status == .notFound)
                #expect(response.json["code"] as? String == "404 Not Found")
                #expect(response.json["title"] as? String == "Not Found")
                #expect((response.json["message"] as? String)?.contains("No image found") == true)
            }
            try await client.execute(uri: "/v2/images", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
                #expect(response.headers[.xOpenStackRequestID] != nil)
            }
            try await client.execute(uri: "/v2/nothing-here", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func listPagesWithNextLinks() async throws {
        try await APIFixture().test { client in
            for index in 0..<5 {
                _ = try await client.execute(uri: "/v2/images", method: .post, headers: jsonHeaders, body: .json(["name": "i\(index)"]))
            }
            var uri = "/v2/images?limit=2&sort_key=name&sort_dir=asc"
            var names: [String] = []
            for _ in 0..<5 {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok)
                names += (response.json["images"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                guard let next = response.json["next"] as? String else { break }
                #expect(next.contains("marker="))
                uri = next
            }
            #expect(names == ["i0", "i1", "i2", "i3", "i4"])
            try await client.execute(uri: "/v2/images?sort_key=bogus", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test func tokenModeAuthenticatesAndScopesProjects() async throws {
        let authenticator = Authenticator(mode: .token, tokens: [
            .init(token: "a", project: "p-alice", roles: ["member"]),
            .init(token: "b", project: "p-bob", roles: ["member"]),
        ])
        try await APIFixture(authenticator: authenticator).test { client in
            try await client.execute(uri: "/v2/images", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v2/images", method: .get, headers: [.xAuthToken: "wrong"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/versions", method: .get) { #expect($0.status == .ok) }
            var headers = jsonHeaders
            headers[.xAuthToken] = "a"
            let created = try await client.execute(uri: "/v2/images", method: .post, headers: headers,
                                                   body: .json(["visibility": "private"]))
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["owner"] as? String == "p-alice")
            try await client.execute(uri: "/v2/images/\(id)", method: .get, headers: [.xAuthToken: "b"]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v2/images", method: .post, headers: [.xAuthToken: "a", .contentType: "application/json"],
                                     body: .json(["visibility": "public"])) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func infoDocuments() async throws {
        try await APIFixture().test { client in
            try await client.execute(uri: "/v2/info/stores", method: .get) { response in
                let stores = response.json["stores"] as? [[String: Any]]
                #expect(stores?.count == 1)
                #expect(stores?.first?["id"] as? String == "fs")
            }
            try await client.execute(uri: "/v2/info/import", method: .get) { #expect($0.json["import-methods"] != nil) }
            try await client.execute(uri: "/v2/info/usage", method: .get) { response in
                let usage = response.json["usage"] as? [String: Any]
                #expect(usage?["image_count_total"] != nil)
            }
        }
    }
}

struct VersionNegotiationTests {
    @Test func unknownVersionsGetTheVersionDocumentAndMinorVersionsAreServed() async throws {
        try await APIFixture().test { client in
            for uri in ["/v9/images", "/v1/images", "/v3"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .multipleChoices)
                    #expect(response.json["versions"] != nil)
                    #expect(response.headers[.xOpenStackRequestID] != nil)
                }
            }
            try await client.execute(uri: "/v2.1/images?limit=1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["images"] != nil)
            }
            try await client.execute(uri: "/v2.99/images", method: .get) { #expect($0.status == .multipleChoices) }
        }
    }
}
