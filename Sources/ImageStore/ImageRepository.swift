import GRDB

/// The metadata of every image, members and tags, in one SQLite database (GRDB, WAL mode).
///
/// Each public method is one transaction. `modify` runs a caller's closure inside the write transaction so that
/// read-check-write sequences (policy checks, status transitions) are atomic with respect to other requests.
public struct ImageRepository: Sendable {
    let database: DatabasePool

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE images (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT,
                        status TEXT NOT NULL,
                        visibility TEXT NOT NULL,
                        protected INTEGER NOT NULL DEFAULT 0,
                        os_hidden INTEGER NOT NULL DEFAULT 0,
                        checksum TEXT,
                        os_hash_algo TEXT,
                        os_hash_value TEXT,
                        owner TEXT,
                        size INTEGER,
                        virtual_size INTEGER,
                        container_format TEXT,
                        disk_format TEXT,
                        min_ram INTEGER NOT NULL DEFAULT 0,
                        min_disk INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX images_created ON images(created_at, id);
                    CREATE INDEX images_name ON images(name);
                    CREATE INDEX images_owner ON images(owner);
                    CREATE INDEX images_status ON images(status);
                    CREATE TABLE image_properties (
                        image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (image_id, name)
                    );
                    CREATE INDEX image_properties_name_value ON image_properties(name, value);
                    CREATE TABLE image_tags (
                        image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        tag TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (image_id, tag)
                    );
                    CREATE INDEX image_tags_tag ON image_tags(tag);
                    CREATE TABLE image_members (
                        image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        member_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        PRIMARY KEY (image_id, member_id)
                    );
                    CREATE INDEX image_members_member ON image_members(member_id, status);
                    """
            )
        }
        migrator.registerMigration("v2-staging") { db in
            // What a glance-direct stage measured, kept until the import makes the image active.
            try db.execute(
                sql: """
                    CREATE TABLE image_staging (
                        image_id TEXT PRIMARY KEY NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        size INTEGER NOT NULL,
                        checksum TEXT NOT NULL,
                        os_hash_algo TEXT NOT NULL,
                        os_hash_value TEXT NOT NULL,
                        virtual_size INTEGER
                    )
                    """
            )
        }
        migrator.registerMigration("v3-tasks") { db in
            // Glance's tasks (`/v2/tasks`): asynchronous work such as a server-side guest customization.
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        id TEXT PRIMARY KEY NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        input TEXT NOT NULL,
                        result TEXT,
                        message TEXT NOT NULL DEFAULT '',
                        owner TEXT NOT NULL,
                        user_id TEXT,
                        image_id TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        expires_at INTEGER
                    );
                    CREATE INDEX tasks_owner ON tasks(owner, created_at);
                    """
            )
        }
        return migrator
    }

    // MARK: - Images

    /// Inserts a new image.
    ///
    /// - Throws: ``ImageStoreError/Code/conflict`` when an image with that id exists.
    public func insert(_ record: ImageRecord) async throws {
        do {
            try await database.write { db in try Self.save(record, in: db, isNew: true) }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw ImageStoreError(.conflict, "An image with identifier \(record.id) already exists")
        }
    }

    public func fetch(id: String) async throws -> ImageRecord? {
        try await database.read { db in try Self.fetch(id: id, in: db) }
    }

    /// Reads the image, lets `change` check and modify it, and writes it back, in one transaction.
    ///
    /// - Returns: the record as written.
    /// - Throws: ``ImageStoreError/Code/notFound`` when there is no such image, or what `change` throws.
    @discardableResult
    public func modify(
        id: String,
        _ change: @escaping @Sendable (inout ImageRecord) throws -> Void
    ) async throws -> ImageRecord {
        try await database.write { db in
            guard var record = try Self.fetch(id: id, in: db) else { throw ImageStoreError.notFound(id) }
            try change(&record)
            record.updatedAt = max(Timestamp.now(), record.updatedAt)
            try Self.save(record, in: db, isNew: false)
            return record
        }
    }

    /// Deletes the image row (tags, properties and members go with it). Returns false when it was already gone.
    @discardableResult
    public func delete(id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM images WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Startup recovery: every image left in `saving` by a crash goes back to `queued` with no data; an import
    /// interrupted in `importing` goes back to `uploading` (its data is still staged); an `uploading` image
    /// whose stage never completed goes back to `queued`.
    ///
    /// - Returns: the ids that were reset.
    public func resetInterruptedUploads() async throws -> [String] {
        try await database.write { db in
            try db.execute(sql: "UPDATE images SET status = 'uploading' WHERE status = 'importing'")
            try db.execute(
                sql: """
                    UPDATE images SET status = 'saving' WHERE status = 'uploading'
                    AND id NOT IN (SELECT image_id FROM image_staging)
                    """
            )
            let ids = try String.fetchAll(db, sql: "SELECT id FROM images WHERE status = 'saving'")
            try db.execute(
                sql: """
                    UPDATE images SET status = 'queued', checksum = NULL, os_hash_algo = NULL,
                    os_hash_value = NULL, size = NULL, virtual_size = NULL, updated_at = ?
                    WHERE status = 'saving'
                    """,
                arguments: [Timestamp.now().microseconds]
            )
            return ids
        }
    }

    /// The ids of images whose data should exist in the blob store.
    public func idsWithData() async throws -> Set<String> {
        try await database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM images WHERE status IN ('active', 'deactivated')"))
        }
    }

    /// The ids of images whose data is staged for import.
    public func idsStaged() async throws -> Set<String> {
        try await database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT image_id FROM image_staging"))
        }
    }

    /// Records what a stage measured, while the image is still `uploading`.
    func recordStaged(_ data: UploadedData, for id: String) async throws {
        try await database.write { db in
            guard try Self.fetch(id: id, in: db)?.status == .uploading else {
                throw ImageStoreError(.conflict, "Image \(id) changed state during the upload")
            }
            try db.execute(
                sql: """
                    REPLACE INTO image_staging (image_id, size, checksum, os_hash_algo, os_hash_value, virtual_size)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, data.size, data.checksum, data.osHashAlgo, data.osHashValue, data.virtualSize]
            )
        }
    }

    /// What the stage of image `id` measured, if its data is staged.
    func stagedData(for id: String) async throws -> UploadedData? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM image_staging WHERE image_id = ?", arguments: [id]).map { row in
                UploadedData(
                    size: row["size"],
                    checksum: row["checksum"],
                    osHashAlgo: row["os_hash_algo"],
                    osHashValue: row["os_hash_value"],
                    virtualSize: row["virtual_size"],
                    diskFormat: nil
                )
            }
        }
    }

    /// Makes an imported image active and forgets its staging record, in one transaction.
    func finishImport(id: String, data: UploadedData) async throws {
        try await database.write { db in
            guard var record = try Self.fetch(id: id, in: db), record.status == .importing else {
                throw ImageStoreError(.conflict, "Image \(id) changed state during the import")
            }
            record.record(data)
            record.updatedAt = max(Timestamp.now(), record.updatedAt)
            try Self.save(record, in: db, isNew: false)
            try db.execute(sql: "DELETE FROM image_staging WHERE image_id = ?", arguments: [id])
        }
    }

    /// Totals for `/v2/info/usage`, for the images owned by `owner`.
    public func usage(owner: String) async throws -> (sizeTotal: Int64, count: Int64, uploading: Int64) {
        try await database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(size), 0) AS total, COUNT(*) AS count,
                    SUM(CASE WHEN status IN ('saving', 'uploading', 'importing') THEN 1 ELSE 0 END) AS uploading
                    FROM images WHERE owner IS ?
                    """,
                arguments: [owner]
            )
            return (row?["total"] ?? 0, row?["count"] ?? 0, row?["uploading"] ?? 0)
        }
    }

    // MARK: - Row mapping

    static func fetch(id: String, in db: Database) throws -> ImageRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM images WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return try attachTagsAndProperties(to: [record(from: row)], in: db).first
    }

    static func record(from row: Row) -> ImageRecord {
        var record = ImageRecord(
            id: row["id"],
            name: row["name"],
            status: ImageStatus(rawValue: row["status"]) ?? .killed,
            visibility: ImageVisibility(rawValue: row["visibility"]) ?? .private,
            isProtected: row["protected"],
            osHidden: row["os_hidden"],
            owner: row["owner"],
            containerFormat: row["container_format"],
            diskFormat: row["disk_format"],
            minRAM: row["min_ram"],
            minDisk: row["min_disk"],
            createdAt: Timestamp(microseconds: row["created_at"])
        )
        record.updatedAt = Timestamp(microseconds: row["updated_at"])
        record.checksum = row["checksum"]
        record.osHashAlgo = row["os_hash_algo"]
        record.osHashValue = row["os_hash_value"]
        record.size = row["size"]
        record.virtualSize = row["virtual_size"]
        return record
    }

    /// Loads tags and properties for a page of images with two queries, whatever the page size.
    static func attachTagsAndProperties(to records: [ImageRecord], in db: Database) throws -> [ImageRecord] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let placeholders = databaseQuestionMarks(count: ids.count)
        var tags: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT image_id, tag FROM image_tags WHERE image_id IN (\(placeholders)) ORDER BY position",
            arguments: StatementArguments(ids)
        ) {
            tags[row["image_id"], default: []].append(row["tag"])
        }
        var properties: [String: [String: String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT image_id, name, value FROM image_properties WHERE image_id IN (\(placeholders))",
            arguments: StatementArguments(ids)
        ) {
            properties[row["image_id"], default: [:]][row["name"]] = row["value"]
        }
        return records.map { record in
            var record = record
            record.tags = tags[record.id] ?? []
            record.properties = properties[record.id] ?? [:]
            return record
        }
    }

    static func save(_ record: ImageRecord, in db: Database, isNew: Bool) throws {
        let columns = [
            "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
            "owner", "size", "virtual_size", "container_format", "disk_format", "min_ram", "min_disk", "created_at",
            "updated_at",
        ]
        let values: [(any DatabaseValueConvertible)?] = [
            record.name, record.status.rawValue, record.visibility.rawValue, record.isProtected,
            record.osHidden, record.checksum, record.osHashAlgo, record.osHashValue, record.owner, record.size,
            record.virtualSize, record.containerFormat, record.diskFormat, record.minRAM, record.minDisk,
            record.createdAt.microseconds, record.updatedAt.microseconds,
        ]
        if isNew {
            try db.execute(
                sql: """
                    INSERT INTO images (id, \(columns.joined(separator: ", ")))
                    VALUES (?, \(databaseQuestionMarks(count: columns.count)))
                    """,
                arguments: StatementArguments([record.id] + values)
            )
        } else {
            // An UPDATE, not a REPLACE: a REPLACE would delete the row and cascade to the image's members.
            try db.execute(
                sql: "UPDATE images SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(values + [record.id])
            )
        }
        if !isNew {
            try db.execute(sql: "DELETE FROM image_tags WHERE image_id = ?", arguments: [record.id])
            try db.execute(sql: "DELETE FROM image_properties WHERE image_id = ?", arguments: [record.id])
        }
        for (position, tag) in record.tags.enumerated() {
            try db.execute(
                sql: "INSERT OR IGNORE INTO image_tags (image_id, tag, position) VALUES (?, ?, ?)",
                arguments: [record.id, tag, position]
            )
        }
        for (name, value) in record.properties {
            try db.execute(
                sql: "INSERT INTO image_properties (image_id, name, value) VALUES (?, ?, ?)",
                arguments: [record.id, name, value]
            )
        }
    }
}
