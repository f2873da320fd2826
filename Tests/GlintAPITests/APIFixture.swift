import Foundation
import GlintAPI
import GuestToolkit
import ImageTasks
import Hummingbird
import HummingbirdTesting
import ImageStore
import Logging

/// An in-process `glintd`: the real router and a real store in a temporary directory.
struct APIFixture {
    let directory: String
    let service: ImageService
    let authenticator: Authenticator
    let tasks: TaskService

    init(authenticator: Authenticator = .none) throws {
        directory = NSTemporaryDirectory() + "glint-api-\(UUID().uuidString)"
        service = try ImageService.openEmbedded(dataDirectory: directory, logger: quietLogger)
        self.authenticator = authenticator
        tasks = TaskService(
            images: service, customizer: GuestCustomizer(logger: quietLogger, accelerator: .tcg), logger: quietLogger)
    }

    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let app = Application(
            responder: GlintAPI.responder(service: service, tasks: tasks, authenticator: authenticator),
            logger: quietLogger
        )
        return try await app.test(.router, body)
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}

/// Tests assert on responses; the access log would only add noise to their output.
let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let patchHeaders: HTTPFields = [.contentType: "application/openstack-images-v2.1-json-patch"]
let octetHeaders: HTTPFields = [.contentType: "application/octet-stream"]
