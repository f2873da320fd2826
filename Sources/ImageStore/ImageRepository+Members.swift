import GRDB

extension ImageRepository {
    public func members(of imageID: String) async throws -> [ImageMember] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM image_members WHERE image_id = ? ORDER BY created_at, member_id",
                arguments: [imageID]
            ).map(Self.member(from:))
        }
    }

    public func member(of imageID: String, memberID: String) async throws -> ImageMember? {
        try await database.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM image_members WHERE image_id = ? AND member_id = ?",
                arguments: [imageID, memberID]
            ).map(Self.member(from:))
        }
    }

    /// Adds a member with status `pending`.
    ///
    /// - Throws: ``ImageStoreError/Code/conflict`` when the project is already a member,
    ///   ``ImageStoreError/Code/tooLarge`` past `quota` members.
    public func addMember(_ memberID: String, to imageID: String, quota: Int) async throws -> ImageMember {
        try await database.write { db in
            let count = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM image_members WHERE image_id = ?",
                arguments: [imageID]
            ) ?? 0
            guard count < quota else {
                throw ImageStoreError(.tooLarge, "The limit of \(quota) members for this image has been reached.")
            }
            let exists = try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM image_members WHERE image_id = ? AND member_id = ?",
                arguments: [imageID, memberID]
            ) ?? false
            guard !exists else {
                throw ImageStoreError(
                    .conflict,
                    "Member \(memberID) already exists for image \(imageID)"
                )
            }
            let now = Timestamp.now()
            let member = ImageMember(
                imageID: imageID,
                memberID: memberID,
                status: .pending,
                createdAt: now,
                updatedAt: now
            )
            try db.execute(
                sql: """
                    INSERT INTO image_members (image_id, member_id, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [imageID, memberID, member.status.rawValue, now.microseconds, now.microseconds]
            )
            return member
        }
    }

    public func updateMember(_ memberID: String, of imageID: String, status: MemberStatus) async throws -> ImageMember? {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE image_members SET status = ?, updated_at = ? WHERE image_id = ? AND member_id = ?",
                arguments: [status.rawValue, Timestamp.now().microseconds, imageID, memberID]
            )
            return try Row.fetchOne(
                db,
                sql: "SELECT * FROM image_members WHERE image_id = ? AND member_id = ?",
                arguments: [imageID, memberID]
            ).map(Self.member(from:))
        }
    }

    @discardableResult
    public func removeMember(_ memberID: String, from imageID: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM image_members WHERE image_id = ? AND member_id = ?",
                arguments: [imageID, memberID]
            )
            return db.changesCount > 0
        }
    }

    static func member(from row: Row) -> ImageMember {
        ImageMember(
            imageID: row["image_id"],
            memberID: row["member_id"],
            status: MemberStatus(rawValue: row["status"]) ?? .pending,
            createdAt: Timestamp(microseconds: row["created_at"]),
            updatedAt: Timestamp(microseconds: row["updated_at"])
        )
    }
}
