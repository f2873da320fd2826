import Foundation
import GlintJSON
import Testing

@testable import ImageStore

@Suite("Task records")
struct TaskRepositoryTests {
    @Test("a task survives a reopen of the database, and an interrupted one fails at startup")
    func persistenceAndRecovery() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let input: JSONValue = .object(["image_id": .string("x"), "plan": .object([:])])
        let running = TaskRecord(id: "t1", type: "customize", status: .processing, input: input, owner: "p1")
        let done = TaskRecord(id: "t2", type: "customize", status: .success, input: input, result: .object(["image_id": .string("y")]), owner: "p1")
        try await fixture.service.repository.insertTask(running)
        try await fixture.service.repository.insertTask(done)

        let reopened = try ImageRepository(path: fixture.directory + "/glint.sqlite")
        #expect(try await reopened.fetchTask(id: "t2")?.result == .object(["image_id": .string("y")]))
        #expect(try await reopened.failInterruptedTasks() == ["t1"])
        let failed = try #require(try await reopened.fetchTask(id: "t1"))
        #expect(failed.status == .failure)
        #expect(failed.message.contains("Interrupted"))
        #expect(try await reopened.fetchTask(id: "t2")?.status == .success)
        #expect(try await reopened.listTasks(owner: "p1", limit: 10).count == 2)
        #expect(try await reopened.listTasks(owner: "p2", limit: 10).isEmpty)
        guard case .object(let rendered) = failed.json else {
            Issue.record("a task renders as a JSON object")
            return
        }
        #expect(rendered["schema"] == .string("/v2/schemas/task"))
        #expect(rendered["self"] == .string("/v2/tasks/t1"))
    }
}
