/// What to list with ``ImageServiceClient/images(matching:)``.
public struct ImageQuery: Sendable, Hashable {
    /// A sort key and direction, sent as Glance's `sort_key` / `sort_dir` pair.
    public struct SortKey: Sendable, Hashable, CustomStringConvertible {
        /// The attribute (`name`, `created_at`, `size`, …).
        public var key: String
        /// `true` for ascending order.
        public var ascending: Bool

        /// Creates a sort key.
        public init(_ key: String, ascending: Bool = true) {
            self.key = key
            self.ascending = ascending
        }

        /// Parses `key`, `key:asc` or `key:desc`; `nil` for anything else.
        public init?(parsing text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard let key = parts.first, !key.isEmpty, parts.count <= 2 else { return nil }
            switch parts.count == 2 ? parts[1].lowercased() : "asc" {
            case "asc": self.init(String(key), ascending: true)
            case "desc": self.init(String(key), ascending: false)
            default: return nil
            }
        }

        /// `key:asc` or `key:desc`.
        public var description: String { "\(key):\(ascending ? "asc" : "desc")" }
    }

    /// Attribute filters sent as query parameters (`name`, `status`, `visibility`, `owner`, extra property keys, …).
    public var filters: [String: String]
    /// Tags the images must all have (one `tag=` parameter each).
    public var tags: [String]
    /// Sort order, most significant first; empty for the server's default (`created_at` descending).
    public var sort: [SortKey]
    /// Images per page (`limit=`); `nil` for the server's default.
    public var pageSize: Int?
    /// Start after this image id (`marker=`).
    public var marker: String?

    /// Creates a query; the default lists everything the server shows by default.
    public init(
        filters: [String: String] = [:],
        tags: [String] = [],
        sort: [SortKey] = [],
        pageSize: Int? = nil,
        marker: String? = nil
    ) {
        self.filters = filters
        self.tags = tags
        self.sort = sort
        self.pageSize = pageSize
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let pageSize {
            items.append(("limit", String(pageSize)))
        }
        if let marker {
            items.append(("marker", marker))
        }
        for key in sort {
            items.append(("sort_key", key.key))
            items.append(("sort_dir", key.ascending ? "asc" : "desc"))
        }
        for (key, value) in filters.sorted(by: { $0.key < $1.key }) {
            items.append((key, value))
        }
        for tag in tags {
            items.append(("tag", tag))
        }
        return items
    }
}

/// The images matching a query, fetched a page at a time as the sequence is iterated, following `next` links.
///
/// Each iteration starts again from the first page. Errors are ``GlintClientError``.
public struct ImageList: AsyncSequence, Sendable {
    public typealias Element = Image

    let client: ImageServiceClient
    let firstURL: String

    /// The iterator; it holds the current page and the link to the next one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let client: ImageServiceClient
        var nextURL: String?
        var page: [Image] = []
        var index = 0
        var visited: Set<String> = []

        /// The next image, fetching the next page when this one is used up; `nil` at the end.
        public mutating func next() async throws -> Image? {
            while index >= page.count {
                guard let url = nextURL, !visited.contains(url) else { return nil }
                visited.insert(url)
                let result = try await client.fetchPage(url: url)
                page = result.images
                index = 0
                nextURL = result.next.map(client.absoluteURL(forLink:))
                if page.isEmpty {
                    return nil
                }
            }
            defer { index += 1 }
            return page[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(client: client, nextURL: firstURL)
    }

    /// Collects the images into an array, stopping after `limit` images when one is given.
    public func collect(limit: Int? = nil) async throws -> [Image] {
        var images: [Image] = []
        if let limit, limit <= 0 { return images }
        for try await image in self {
            images.append(image)
            if let limit, images.count >= limit { break }
        }
        return images
    }
}

/// One page of `GET /v2/images`.
struct ImagePage: Decodable {
    var images: [Image]
    var next: String?
}

extension ImageServiceClient {
    /// The images matching `query`, as a lazily paged sequence (`GET /v2/images`, following `next`).
    ///
    /// - Parameter query: Filters, sort order and page size.
    /// - Returns: A sequence that sends its first request when iterated.
    public func images(matching query: ImageQuery = ImageQuery()) -> ImageList {
        ImageList(client: self, firstURL: baseURL + "/v2/images" + URLEncoding.queryString(query.queryItems))
    }

    /// All images matching `query` (or the first `limit` of them), following `next` links.
    public func listImages(matching query: ImageQuery = ImageQuery(), limit: Int? = nil) async throws -> [Image] {
        var query = query
        if let limit, query.pageSize == nil {
            query.pageSize = max(1, min(limit, 1000))
        }
        return try await images(matching: query).collect(limit: limit)
    }

    func fetchPage(url: String) async throws -> ImagePage {
        try await sendForJSON(makeRequest(.GET, url: url), expecting: [200])
    }

    /// Resolves a `next`/`first` link: absolute links stay, `/v2/…` paths are put under ``baseURL``.
    func absoluteURL(forLink link: String) -> String {
        if link.hasPrefix("http://") || link.hasPrefix("https://") {
            return link
        }
        return baseURL + (link.hasPrefix("/") ? link : "/" + link)
    }
}
