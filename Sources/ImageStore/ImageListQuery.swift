/// What `GET /v2/images` asks for: filters, sort order and one page, in Glance's query language.
///
/// Built from the raw query items by ``init(queryItems:)`` so the parsing rules are testable without HTTP.
public struct ImageListQuery: Sendable, Equatable {
    public enum SortDirection: String, Sendable { case asc, desc }

    public struct SortKey: Sendable, Equatable {
        public var key: String
        public var direction: SortDirection
    }

    /// The comparison operators of `created_at`/`updated_at` filters.
    public enum TimeOperator: String, Sendable { case gt, gte, eq, neq, lt, lte }

    public enum Filter: Sendable, Equatable {
        /// A base column equal to one of the values (one value for plain equality, several for `in:`).
        case column(String, [String])
        /// An extra property equal to one of the values.
        case property(String, [String])
        case time(String, TimeOperator, Timestamp)
        case tag(String)
        case sizeMin(Int64)
        case sizeMax(Int64)
    }

    /// `visibility=` values; `nil` means Glance's default listing.
    public enum VisibilityFilter: String, Sendable {
        case `public`, `private`, shared, community, all
    }

    public var filters: [Filter] = []
    public var visibility: VisibilityFilter?
    /// `nil` means all member statuses (`member_status=all`).
    public var memberStatus: MemberStatus? = .accepted
    /// `false` lists only visible images (the default), `true` only hidden ones.
    public var osHidden: Bool = false
    public var sort: [SortKey] = [SortKey(key: "created_at", direction: .desc)]
    public var limit: Int = 25
    public var marker: String?

    public static let defaultLimit = 25
    public static let maximumLimit = 1000

    /// Keys that may be sorted on (Glance's list plus a few numeric columns).
    public static let sortableKeys: Set<String> = [
        "name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at",
        "virtual_size", "min_disk", "min_ram", "owner", "visibility",
    ]

    /// Base columns that can be filtered by equality.
    static let filterableColumns: Set<String> = [
        "id", "name", "status", "container_format", "disk_format", "owner", "checksum", "os_hash_value",
        "os_hash_algo", "min_ram", "min_disk", "size", "virtual_size", "protected",
    ]
    static let inFilterColumns: Set<String> = ["id", "name", "status", "container_format", "disk_format"]

    public init() {}

    /// Parses Glance's list parameters.
    ///
    /// - Throws: ``ImageStoreError/Code/badRequest`` with Glance's wording for bad limits, sort keys, operators,
    ///   mixed `sort`/`sort_key` forms and `changes-since`.
    public init(queryItems: [(name: String, value: String)]) throws(ImageStoreError) {
        var sortKeys: [String] = []
        var sortDirs: [SortDirection] = []
        var combinedSort: String?
        for (name, value) in queryItems {
            switch name {
            case "limit":
                guard let limit = Int(value), limit >= 0 else {
                    throw ImageStoreError(.badRequest, "limit param must be an integer")
                }
                self.limit = min(limit, Self.maximumLimit)
            case "marker": marker = value
            case "sort_key": sortKeys.append(value)
            case "sort_dir":
                guard let direction = SortDirection(rawValue: value) else {
                    throw ImageStoreError(.badRequest, "Invalid sort direction: \(value)")
                }
                sortDirs.append(direction)
            case "sort": combinedSort = value
            case "visibility":
                guard let visibility = VisibilityFilter(rawValue: value) else {
                    throw ImageStoreError(.badRequest, "Invalid visibility value: \(value)")
                }
                self.visibility = visibility
            case "member_status":
                if value == "all" {
                    memberStatus = nil
                } else if let status = MemberStatus(rawValue: value) {
                    memberStatus = status
                } else {
                    throw ImageStoreError(.badRequest, "Invalid status value: \(value)")
                }
            case "os_hidden":
                guard let hidden = Self.parseBool(value) else {
                    throw ImageStoreError(.badRequest, "Invalid value for os_hidden: \(value)")
                }
                osHidden = hidden
            case "tag": filters.append(.tag(value))
            case "size_min", "size_max":
                guard let size = Int64(value), size >= 0 else {
                    throw ImageStoreError(.badRequest, "Value of \(name) must be a non-negative integer")
                }
                filters.append(name == "size_min" ? .sizeMin(size) : .sizeMax(size))
            case "changes-since":
                throw ImageStoreError(.badRequest, "The 'changes-since' filter is no longer available on v2.")
            case "created_at", "updated_at":
                filters.append(try Self.parseTimeFilter(name, value))
            default:
                filters.append(try Self.parseEquality(name, value))
            }
        }
        if let combinedSort {
            guard sortKeys.isEmpty, sortDirs.isEmpty else {
                throw ImageStoreError(
                    .badRequest,
                    "The 'sort' parameter cannot be combined with 'sort_key' or 'sort_dir'."
                )
            }
            sort = try Self.parseCombinedSort(combinedSort)
        } else if !sortKeys.isEmpty || !sortDirs.isEmpty {
            if sortKeys.isEmpty { sortKeys = ["created_at"] }
            guard sortDirs.count <= 1 || sortDirs.count == sortKeys.count else {
                throw ImageStoreError(.badRequest, "Number of sort dirs does not match the number of sort keys")
            }
            sort = try sortKeys.enumerated().map { index, key throws(ImageStoreError) in
                try Self.checkSortKey(key)
                let direction = sortDirs.count == sortKeys.count ? sortDirs[index] : (sortDirs.first ?? .desc)
                return SortKey(key: key, direction: direction)
            }
        }
    }

    static func parseBool(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "1", "yes", "on", "t", "y": true
        case "false", "0", "no", "off", "f", "n": false
        default: nil
        }
    }

    static func checkSortKey(_ key: String) throws(ImageStoreError) {
        guard sortableKeys.contains(key) else {
            throw ImageStoreError(.badRequest, "Invalid sort key: \(key). It must be one of the following: "
                + sortableKeys.sorted().joined(separator: ", ") + ".")
        }
    }

    static func parseCombinedSort(_ value: String) throws(ImageStoreError) -> [SortKey] {
        var keys: [SortKey] = []
        for part in value.split(separator: ",") {
            let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingSpaces() }
            let key = pieces[0]
            try checkSortKey(key)
            var direction = SortDirection.desc
            if pieces.count == 2 {
                guard let parsed = SortDirection(rawValue: pieces[1]) else {
                    throw ImageStoreError(.badRequest, "Invalid sort direction: \(pieces[1])")
                }
                direction = parsed
            }
            keys.append(SortKey(key: key, direction: direction))
        }
        guard !keys.isEmpty else { throw ImageStoreError(.badRequest, "Invalid sort value: \(value)") }
        return keys
    }

    static func parseTimeFilter(_ name: String, _ value: String) throws(ImageStoreError) -> Filter {
        let pieces = value.split(separator: ":", maxSplits: 1).map(String.init)
        var op = TimeOperator.eq
        var text = value
        if pieces.count == 2, let parsed = TimeOperator(rawValue: pieces[0]) {
            op = parsed
            text = pieces[1]
        } else if pieces.count == 2, pieces[0].allSatisfy(\.isLetter) {
            throw ImageStoreError(.badRequest, "Unable to filter by unknown operator '\(pieces[0])'.")
        }
        guard let time = Timestamp(iso8601: text) else {
            throw ImageStoreError(.badRequest, "Unable to filter on a range with a nonsensical value: \(text)")
        }
        return .time(name, op, time)
    }

    static func parseEquality(_ name: String, _ value: String) throws(ImageStoreError) -> Filter {
        var values = [value]
        if value.hasPrefix("in:") {
            values = Self.splitInList(String(value.dropFirst(3)))
            guard inFilterColumns.contains(name) else {
                throw ImageStoreError(.badRequest, "The 'in' operator is not supported for '\(name)'.")
            }
        } else if value.hasPrefix("eq:") {
            values = [String(value.dropFirst(3))]
        }
        if filterableColumns.contains(name) || name == "visibility" {
            if name == "protected" {
                guard let flag = parseBool(values[0]) else {
                    throw ImageStoreError(.badRequest, "Invalid value for protected: \(values[0])")
                }
                return .column(name, [flag ? "1" : "0"])
            }
            return .column(name, values)
        }
        return .property(name, values)
    }

    /// Splits an `in:` list on commas, honouring double quotes around values that contain commas.
    static func splitInList(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
            } else if character == ",", !quoted {
                values.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        values.append(current)
        return values
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
