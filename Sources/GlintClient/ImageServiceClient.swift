import AsyncHTTPClient
import Logging
import NIOCore

/// A client for a Glance v2 compatible image service (Glint's `glintd`, or OpenStack Glance itself).
///
/// Every request carries `Accept: application/json`, so errors come back as Glance's JSON error body and
/// are thrown as ``GlintClientError`` with the server's message and the HTTP status; `X-Auth-Token` is sent
/// when a token is set.
///
/// The client runs over an `HTTPClient`: either one the caller owns (`HTTPClient.shared` by default), or
/// one that ``withClient(baseURL:token:configuration:logger:_:)`` creates and shuts down when its body returns.
///
/// ```swift
/// let image = try await ImageServiceClient.withClient(baseURL: "http://127.0.0.1:9292", logger: logger) { client in
///     try await client.image(id: id)
/// }
/// ```
public struct ImageServiceClient: Sendable {
    /// The service endpoint without a trailing slash or `/v2` suffix, e.g. `http://127.0.0.1:9292`.
    public let baseURL: String
    /// The token sent as `X-Auth-Token`, if any.
    public var token: String?
    /// How long a metadata request (everything but image data) may take.
    public var requestTimeout: TimeAmount = .seconds(60)
    /// The logger for request and response events, at debug level.
    public var logger: Logger
    let httpClient: HTTPClient

    /// Creates a client over an `HTTPClient` the caller owns (and shuts down, unless it is `HTTPClient.shared`).
    ///
    /// - Parameters:
    ///   - baseURL: The service endpoint, `http(s)://host:port[/prefix]`; a trailing `/` or `/v2` is dropped.
    ///   - token: A token for `X-Auth-Token`, or `nil` to send none.
    ///   - httpClient: The HTTP client to send requests with.
    ///   - logger: The logger for request and response events.
    /// - Throws: ``GlintClientError/Code/invalidArgument`` when `baseURL` is not an http(s) URL.
    public init(
        baseURL: String,
        token: String? = nil,
        httpClient: HTTPClient = .shared,
        logger: Logger
    ) throws(GlintClientError) {
        self.baseURL = try Self.normalizedBaseURL(baseURL)
        self.token = token
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Creates a client with its own `HTTPClient`, runs `body`, and shuts the HTTP client down on every path.
    ///
    /// - Parameters:
    ///   - baseURL: The service endpoint, `http(s)://host:port[/prefix]`.
    ///   - token: A token for `X-Auth-Token`, or `nil` to send none.
    ///   - configuration: The HTTP client's configuration; the default adds a 5-minute read timeout.
    ///   - logger: The logger for request and response events.
    ///   - body: The work to do with the client.
    /// - Returns: What `body` returns.
    public static func withClient<Result>(
        baseURL: String,
        token: String? = nil,
        configuration: HTTPClient.Configuration = defaultConfiguration,
        logger: Logger,
        _ body: (ImageServiceClient) async throws -> Result
    ) async throws -> Result {
        let normalized = try normalizedBaseURL(baseURL)
        return try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
            let client = try ImageServiceClient(
                baseURL: normalized,
                token: token,
                httpClient: httpClient,
                logger: logger
            )
            return try await body(client)
        }
    }

    /// The configuration ``withClient(baseURL:token:configuration:logger:_:)`` uses by default:
    /// a 10-second connect timeout, a 5-minute read timeout, and no redirects followed.
    public static var defaultConfiguration: HTTPClient.Configuration {
        HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .minutes(5))
        )
    }

    /// ``defaultConfiguration`` without AsyncHTTPClient's connection retries, so that an unreachable
    /// service fails at once ("Connection refused") instead of after the connect timeout: for command-line use.
    public static var interactiveConfiguration: HTTPClient.Configuration {
        var configuration = defaultConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Lists the API versions the service offers (`GET /versions`).
    ///
    /// - Returns: The versions, in the server's order (the current one first, for Glance).
    public func versions() async throws -> [APIVersion] {
        struct Document: Decodable {
            var versions: [APIVersion]
        }
        let request = makeRequest(.GET, url: baseURL + "/versions")
        let document: Document = try await sendForJSON(request, expecting: [200, 300])
        return document.versions
    }

    static func normalizedBaseURL(_ url: String) throws(GlintClientError) -> String {
        var url = url.trimmingWhitespace()
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw GlintClientError(code: .invalidArgument, message: "not an http(s) URL: '\(url)'")
        }
        while url.hasSuffix("/") {
            url.removeLast()
        }
        if url.hasSuffix("/v2") {
            url.removeLast(3)
        }
        guard url.split(separator: "/", omittingEmptySubsequences: true).count >= 2 else {
            throw GlintClientError(code: .invalidArgument, message: "URL has no host: '\(url)'")
        }
        return url
    }
}

/// One API version of the service's version document.
public struct APIVersion: Sendable, Hashable, Codable {
    /// A link of the version document.
    public struct Link: Sendable, Hashable, Codable {
        /// The relation, `self` for the version's endpoint.
        public var rel: String
        /// The link target.
        public var href: String
    }

    /// The version, e.g. `v2.17`.
    public var id: String
    /// `CURRENT`, `SUPPORTED` or `DEPRECATED`.
    public var status: String
    /// The version's links.
    public var links: [Link]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.status = try container.decode(String.self, forKey: .status)
        self.links = try container.decodeIfPresent([Link].self, forKey: .links) ?? []
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
