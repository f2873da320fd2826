import Libvirt
import Testing

/// Runs against libvirt's `test:///default` driver, which lives in the client library: no libvirtd needed.
@Suite("Libvirt wrapper")
struct LibvirtTests {
    static let testURI = "test:///default"

    @Test("lists the test driver's single domain")
    func listsDomains() async throws {
        let domains = try await LibvirtConnection.withConnection(uri: Self.testURI) { connection in
            try await connection.listAllDomains()
        }
        #expect(domains.map(\.name) == ["test"])
        let domain = try #require(domains.first)
        #expect(domain.state == .running)
        #expect(domain.runtimeID != nil)
        #expect(domain.uuid.uuidString.count == 36)
    }

    @Test("reads node info, host name and versions")
    func readsHostFacts() async throws {
        let connection = try await LibvirtConnection.open(uri: Self.testURI, readOnly: true)
        let info = try await connection.nodeInfo()
        #expect(!info.model.isEmpty)
        #expect(info.memoryKiB > 0)
        #expect(info.cpus > 0)
        #expect(info.cpus == info.nodes * info.sockets * info.cores * info.threads)

        #expect(try await !connection.hostname().isEmpty)

        let served = try await connection.libVersion()
        let library = try LibvirtVersion.library()
        #expect(served == library)
        #expect(library >= LibvirtVersion(major: 1, minor: 0, release: 0))
        #expect(LibvirtVersion(encoded: library.encoded) == library)
        try await connection.close()
    }

    @Test("an unknown URI fails with libvirt's own code and message")
    func unknownURIFails() async throws {
        let error = try await #require(throws: VirtError.self) {
            try await LibvirtConnection.open(uri: "bogus:///nothing")
        }
        // No local driver takes `bogus:`, so the remote driver hands it to libvirtd: a running daemon answers
        // "no connection driver available", and without one the socket connection fails. Both are libvirt's own.
        switch error.code {
        case .noConnect:
            #expect(error.message.contains("no connection driver available for bogus:///nothing"))
        case .systemError:
            #expect(error.message.contains("Failed to connect socket"))
        default:
            Issue.record("unexpected libvirt error: \(error)")
        }
        #expect(error.context.contains("bogus:///nothing"))
    }

    @Test("a test URI without a path fails inside the client library with the test driver's error")
    func testURIWithoutPathFails() async throws {
        let error = try await #require(throws: VirtError.self) {
            try await LibvirtConnection.open(uri: "test://")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.domain == .test)
        #expect(error.message.contains("supply a path or use test:///default"))
    }

    @Test("calls after close fail as an invalid connection; closing twice is fine")
    func callsAfterCloseFail() async throws {
        let connection = try await LibvirtConnection.open(uri: Self.testURI)
        try await connection.close()
        try await connection.close()
        let error = try await #require(throws: VirtError.self) {
            try await connection.listAllDomains()
        }
        #expect(error.code == .invalidConnection)
    }

    @Test("one connection serves concurrent tasks")
    func concurrentCalls() async throws {
        let connection = try await LibvirtConnection.open(uri: Self.testURI)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await connection.listAllDomains().count }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 8))
    }
}
