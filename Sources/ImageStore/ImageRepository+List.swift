import GRDB

extension ImageRepository {
    /// One page of the images `caller` may list, per Glance's visibility rules and `query`.
    ///
    /// Pagination is keyset-based on the sort keys plus `id`, so a page costs the same at any depth.
    /// - Throws: ``ImageStoreError/Code/badRequest`` when the marker is not a listable image.
    public func list(_ query: ImageListQuery, caller: Caller) async throws -> [ImageRecord] {
        try await database.read { db in
            var sql = SQLBuilder()
            Self.addVisibility(query, caller: caller, to: &sql)
            sql.conditions.append(query.osHidden ? "images.os_hidden = 1" : "images.os_hidden = 0")
            for filter in query.filters { Self.add(filter, to: &sql) }

            let orderTerms = Self.orderTerms(query.sort)
            if let marker = query.marker {
                var markerSQL = sql
                markerSQL.conditions.append("images.id = ?")
                markerSQL.arguments += [marker]
                let markerSelect = "SELECT \(orderTerms.map(\.expression).joined(separator: ", ")) FROM images WHERE "
                    + markerSQL.whereClause
                guard let markerRow = try Row.fetchOne(db, sql: markerSelect, arguments: markerSQL.arguments) else {
                    throw ImageStoreError(.badRequest, "Invalid marker. Image \(marker) could not be found.")
                }
                Self.addKeyset(after: markerRow, terms: orderTerms, to: &sql)
            }
            let order = orderTerms.map { "\($0.expression) \($0.direction == .asc ? "ASC" : "DESC")" }
            let statement = "SELECT images.* FROM images WHERE \(sql.whereClause) ORDER BY "
                + order.joined(separator: ", ") + " LIMIT \(query.limit)"
            let records = try Row.fetchAll(db, sql: statement, arguments: sql.arguments).map(Self.record(from:))
            return try Self.attachTagsAndProperties(to: records, in: db)
        }
    }

    struct SQLBuilder {
        var conditions: [String] = []
        var arguments = StatementArguments()
        var whereClause: String { conditions.isEmpty ? "1" : conditions.map { "(\($0))" }.joined(separator: " AND ") }
    }

    struct OrderTerm {
        var expression: String
        var direction: ImageListQuery.SortDirection
    }

    /// Sort expressions that are never NULL, so that keyset comparisons are total; `id` breaks ties.
    static func orderTerms(_ keys: [ImageListQuery.SortKey]) -> [OrderTerm] {
        var terms = keys.map { key -> OrderTerm in
            let expression: String
            switch key.key {
            case "size", "virtual_size": expression = "COALESCE(images.\(key.key), -1)"
            case "name", "container_format", "disk_format", "owner":
                expression = "COALESCE(images.\(key.key), '')"
            case "protected": expression = "images.protected"
            default: expression = "images.\(key.key)"
            }
            return OrderTerm(expression: expression, direction: key.direction)
        }
        if !keys.contains(where: { $0.key == "id" }) {
            terms.append(OrderTerm(expression: "images.id", direction: keys.last?.direction ?? .desc))
        }
        return terms
    }

    /// `(t1 > m1) OR (t1 = m1 AND t2 > m2) OR …`, with `<` for descending terms.
    static func addKeyset(after marker: Row, terms: [OrderTerm], to sql: inout SQLBuilder) {
        var alternatives: [String] = []
        var arguments = StatementArguments()
        for index in terms.indices {
            var parts: [String] = []
            for previous in 0..<index {
                parts.append("\(terms[previous].expression) = ?")
                arguments += [marker[previous] as DatabaseValue]
            }
            parts.append("\(terms[index].expression) \(terms[index].direction == .asc ? ">" : "<") ?")
            arguments += [marker[index] as DatabaseValue]
            alternatives.append(parts.joined(separator: " AND "))
        }
        sql.conditions.append(alternatives.map { "(\($0))" }.joined(separator: " OR "))
        sql.arguments += arguments
    }

    /// Glance's listing rules: what a project sees by default and for each `visibility=` value.
    static func addVisibility(_ query: ImageListQuery, caller: Caller, to sql: inout SQLBuilder) {
        var memberCondition = "EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = images.id AND m.member_id = ?"
        var memberArguments: StatementArguments = [caller.projectID]
        if let status = query.memberStatus {
            memberCondition += " AND m.status = ?"
            memberArguments += [status.rawValue]
        }
        memberCondition += ")"
        let shared = "(images.visibility = 'shared' AND \(memberCondition))"
        switch query.visibility {
        case nil:
            if caller.isAdmin { return }
            sql.conditions.append("images.visibility = 'public' OR images.owner = ? OR \(shared)")
            sql.arguments += [caller.projectID]
            sql.arguments += memberArguments
        case .public?:
            sql.conditions.append("images.visibility = 'public'")
        case .community?:
            sql.conditions.append("images.visibility = 'community'")
        case .private?:
            sql.conditions.append(caller.isAdmin ? "images.visibility = 'private'"
                : "images.visibility = 'private' AND images.owner = ?")
            if !caller.isAdmin { sql.arguments += [caller.projectID] }
        case .shared?:
            if caller.isAdmin {
                sql.conditions.append("images.visibility = 'shared'")
            } else {
                sql.conditions.append("images.visibility = 'shared' AND (images.owner = ? OR \(memberCondition))")
                sql.arguments += [caller.projectID]
                sql.arguments += memberArguments
            }
        case .all?:
            if caller.isAdmin { return }
            sql.conditions.append(
                "images.visibility IN ('public', 'community') OR images.owner = ? OR \(shared)"
            )
            sql.arguments += [caller.projectID]
            sql.arguments += memberArguments
        }
    }

    static func add(_ filter: ImageListQuery.Filter, to sql: inout SQLBuilder) {
        switch filter {
        case .column(let column, let values):
            sql.conditions.append("images.\(column) IN (\(databaseQuestionMarks(count: values.count)))")
            sql.arguments += StatementArguments(values)
        case .property(let name, let values):
            sql.conditions.append(
                "EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = images.id AND p.name = ? "
                    + "AND p.value IN (\(databaseQuestionMarks(count: values.count))))"
            )
            sql.arguments += [name]
            sql.arguments += StatementArguments(values)
        case .time(let column, let op, let time):
            let symbol = switch op {
            case .gt: ">"
            case .gte: ">="
            case .eq: "="
            case .neq: "!="
            case .lt: "<"
            case .lte: "<="
            }
            // Glance compares at second resolution, as the client sees the timestamps.
            sql.conditions.append("images.\(column) / 1000000 \(symbol) ?")
            sql.arguments += [time.microseconds / 1_000_000]
        case .tag(let tag):
            sql.conditions.append("EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = images.id AND t.tag = ?)")
            sql.arguments += [tag]
        case .sizeMin(let size):
            sql.conditions.append("images.size >= ?")
            sql.arguments += [size]
        case .sizeMax(let size):
            sql.conditions.append("images.size <= ?")
            sql.arguments += [size]
        }
    }
}
