import Foundation
import GRDB

/// Instances and flavors in SQLite (`instances.sqlite` in glintd's data directory): indexed columns for the
/// lookups the API makes, and each record as a JSON document, so a new field needs no migration.
public struct InstanceStore: Sendable {
    let database: DatabasePool

    public init(path: String) throws {
        database = try DatabasePool(path: path)
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE flavors (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL UNIQUE,
                        document TEXT NOT NULL
                    );
                    CREATE TABLE instances (
                        id TEXT PRIMARY KEY NOT NULL,
                        owner TEXT NOT NULL,
                        name TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        document TEXT NOT NULL
                    );
                    CREATE INDEX instances_owner ON instances(owner, created_at);
                    """)
            for flavor in Flavor.defaults {
                try db.execute(
                    sql: "INSERT INTO flavors (id, name, document) VALUES (?, ?, ?)",
                    arguments: [flavor.id, flavor.name, try encode(flavor)])
            }
        }
        migrator.registerMigration("v2-keypairs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE keypairs (
                        owner TEXT NOT NULL,
                        name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        PRIMARY KEY (owner, name)
                    )
                    """)
        }
        return migrator
    }

    // MARK: Key pairs

    /// - Throws: ``LauncherError`` `conflict` when the project has a key pair of that name.
    public func insert(_ keyPair: KeyPair) async throws {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT INTO keypairs (owner, name, document) VALUES (?, ?, ?)",
                    arguments: [keyPair.owner, keyPair.name, try Self.encode(keyPair)])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw LauncherError(.conflict, "Key pair '\(keyPair.name)' already exists.")
        }
    }

    public func keyPairs(owner: String) async throws -> [KeyPair] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM keypairs WHERE owner = ? ORDER BY name", arguments: [owner])
                .map { try Self.decode(KeyPair.self, $0) }
        }
    }

    public func keyPair(owner: String, name: String) async throws -> KeyPair? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM keypairs WHERE owner = ? AND name = ?", arguments: [owner, name])
                .map { try Self.decode(KeyPair.self, $0) }
        }
    }

    public func deleteKeyPair(owner: String, name: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM keypairs WHERE owner = ? AND name = ?", arguments: [owner, name])
            return db.changesCount > 0
        }
    }

    // MARK: Flavors

    public func flavors() async throws -> [Flavor] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM flavors ORDER BY CAST(id AS INTEGER), id").map { try Self.decode(Flavor.self, $0) }
        }
    }

    /// The flavor with this id, or else this name (the client commands accept either).
    public func flavor(idOrName: String) async throws -> Flavor? {
        try await database.read { db in
            try String.fetchOne(
                db, sql: "SELECT document FROM flavors WHERE id = ? UNION ALL SELECT document FROM flavors WHERE name = ? LIMIT 1",
                arguments: [idOrName, idOrName]
            ).map { try Self.decode(Flavor.self, $0) }
        }
    }

    /// - Throws: ``LauncherError`` `conflict` when the id or name is taken.
    public func insert(_ flavor: Flavor) async throws {
        do {
            try await database.write { db in
                try db.execute(
                    sql: "INSERT INTO flavors (id, name, document) VALUES (?, ?, ?)",
                    arguments: [flavor.id, flavor.name, try Self.encode(flavor)])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw LauncherError(.conflict, "Flavor with ID \(flavor.id) or name \(flavor.name) already exists.")
        }
    }

    public func deleteFlavor(id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM flavors WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Instances

    public func insert(_ instance: Instance) async throws {
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO instances (id, owner, name, created_at, document) VALUES (?, ?, ?, ?, ?)",
                arguments: [instance.id, instance.owner, instance.name, instance.createdAt.timeIntervalSince1970, try Self.encode(instance)])
        }
    }

    public func instance(id: String) async throws -> Instance? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM instances WHERE id = ?", arguments: [id])
                .map { try Self.decode(Instance.self, $0) }
        }
    }

    /// Instances, oldest first; only `owner`'s unless `owner` is nil.
    public func instances(owner: String?) async throws -> [Instance] {
        try await database.read { db in
            let documents: [String]
            if let owner {
                documents = try String.fetchAll(db, sql: "SELECT document FROM instances WHERE owner = ? ORDER BY created_at", arguments: [owner])
            } else {
                documents = try String.fetchAll(db, sql: "SELECT document FROM instances ORDER BY created_at")
            }
            return try documents.map { try Self.decode(Instance.self, $0) }
        }
    }

    /// Reads, changes and writes an instance in one transaction; `change` may throw to refuse (a state conflict).
    @discardableResult
    public func modify(id: String, _ change: @escaping @Sendable (inout Instance) throws -> Void) async throws -> Instance {
        try await database.write { db in
            guard let document = try String.fetchOne(db, sql: "SELECT document FROM instances WHERE id = ?", arguments: [id]) else {
                throw LauncherError(.notFound, "Instance \(id) could not be found.")
            }
            var instance = try Self.decode(Instance.self, document)
            try change(&instance)
            instance.updatedAt = Date()
            try db.execute(
                sql: "UPDATE instances SET name = ?, document = ? WHERE id = ?",
                arguments: [instance.name, try Self.encode(instance), id])
            return instance
        }
    }

    public func deleteInstance(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM instances WHERE id = ?", arguments: [id])
        }
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
