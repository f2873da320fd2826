import Foundation
import GRDB
import GlintJSON

extension ImageRepository {
    public func insertTask(_ task: TaskRecord) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tasks (id, type, status, input, result, message, owner, user_id, image_id, created_at,
                    updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.taskArguments(task))
        }
    }

    public func fetchTask(id: String) async throws -> TaskRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]).map(Self.task(from:))
        }
    }

    /// Tasks, newest first; only `owner`'s unless `owner` is nil (an admin's listing).
    public func listTasks(owner: String?, limit: Int) async throws -> [TaskRecord] {
        try await database.read { db in
            let rows: [Row]
            if let owner {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM tasks WHERE owner = ? ORDER BY created_at DESC LIMIT ?", arguments: [owner, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM tasks ORDER BY created_at DESC LIMIT ?", arguments: [limit])
            }
            return rows.map(Self.task(from:))
        }
    }

    /// Reads the task, lets `change` modify it, and writes it back in one transaction.
    @discardableResult
    public func modifyTask(id: String, _ change: @escaping @Sendable (inout TaskRecord) throws -> Void) async throws -> TaskRecord {
        try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]) else {
                throw ImageStoreError(.notFound, "Task with identifier \(id) not found")
            }
            var task = Self.task(from: row)
            try change(&task)
            task.updatedAt = max(Timestamp.now(), task.updatedAt)
            try db.execute(
                sql: """
                    UPDATE tasks SET id = ?, type = ?, status = ?, input = ?, result = ?, message = ?, owner = ?,
                    user_id = ?, image_id = ?, created_at = ?, updated_at = ?, expires_at = ? WHERE id = ?
                    """,
                arguments: Self.taskArguments(task) + [id])
            return task
        }
    }

    /// Startup recovery: a task that was pending or running when glintd stopped will never finish; it fails
    /// with a message saying so.
    /// - Returns: the ids failed.
    public func failInterruptedTasks() async throws -> [String] {
        try await database.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM tasks WHERE status IN ('pending', 'processing')")
            try db.execute(
                sql: """
                    UPDATE tasks SET status = 'failure', message = 'Interrupted: glintd stopped while the task ran',
                    updated_at = ? WHERE status IN ('pending', 'processing')
                    """,
                arguments: [Timestamp.now().microseconds])
            return ids
        }
    }

    private static func taskArguments(_ task: TaskRecord) -> StatementArguments {
        [
            task.id, task.type, task.status.rawValue, encode(task.input), task.result.map(encode), task.message,
            task.owner, task.userID, task.imageID, task.createdAt.microseconds, task.updatedAt.microseconds,
            task.expiresAt?.microseconds,
        ]
    }

    private static func task(from row: Row) -> TaskRecord {
        TaskRecord(
            id: row["id"], type: row["type"], status: TaskRecord.Status(rawValue: row["status"]) ?? .failure,
            input: decode(row["input"]) ?? .null, result: (row["result"] as String?).flatMap(decode),
            message: row["message"], owner: row["owner"], userID: row["user_id"], imageID: row["image_id"],
            createdAt: Timestamp(microseconds: row["created_at"]), updatedAt: Timestamp(microseconds: row["updated_at"]),
            expiresAt: (row["expires_at"] as Int64?).map(Timestamp.init(microseconds:)))
    }

    private static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    private static func decode(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
