import ArgumentParser
import GlintClient
import Logging

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the image service is and how to authenticate: `--url`, `--token`, `--debug`.
struct ConnectionOptions: ParsableArguments {
    static let defaultURL = "http://127.0.0.1:9292"

    @Option(help: ArgumentHelp("The image service endpoint (env GLINT_URL; default \(defaultURL)).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("A token sent as X-Auth-Token (env GLINT_TOKEN).", valueName: "token"))
    var token: String?

    @Flag(help: "Log every HTTP request and response to standard error.")
    var debug = false

    /// The endpoint: `--url`, else `GLINT_URL`, else the default.
    var resolvedURL: String {
        url ?? Self.environment("GLINT_URL") ?? Self.defaultURL
    }

    /// The token: `--token`, else `GLINT_TOKEN`, else none.
    var resolvedToken: String? {
        token ?? Self.environment("GLINT_TOKEN")
    }

    func validate() throws {
        let url = resolvedURL
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("The service URL must start with http:// or https://, got '\(url)'.")
        }
    }

    /// Runs `body` with a client for the configured service, shutting its HTTP client down afterwards.
    func withClient<Result>(_ body: (ImageServiceClient) async throws -> Result) async throws -> Result {
        var logger = Logger(label: "glint") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = debug ? .debug : .warning
        return try await ImageServiceClient.withClient(
            baseURL: resolvedURL,
            token: resolvedToken,
            configuration: ImageServiceClient.interactiveConfiguration,
            logger: logger,
            body
        )
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}

/// How results are printed: `--format table|json`.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Option(help: "Output format.")
    var format: Format = .table
}

/// A `key=value` argument of `--property`.
struct KeyValue: Hashable {
    var key: String
    var value: String

    /// Parses `key=value` (the value may be empty and may contain `=`).
    ///
    /// - Throws: `ValidationError` when there is no `=` or the key is empty.
    static func parse(_ argument: String) throws -> KeyValue {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw ValidationError("expected key=value, got '\(argument)'")
        }
        let key = String(argument[..<equals])
        guard !key.contains(where: \.isWhitespace) else {
            throw ValidationError("property names cannot contain spaces, got '\(key)'")
        }
        return KeyValue(key: key, value: String(argument[argument.index(after: equals)...]))
    }

    /// The pairs as a dictionary; a later duplicate key wins.
    static func dictionary(_ pairs: [KeyValue]) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            result[pair.key] = pair.value
        }
        return result
    }
}

/// A visibility argument, limited to the values Glance accepts.
enum VisibilityArgument: String, ExpressibleByArgument, CaseIterable {
    case `public`
    case `private`
    case shared
    case community

    var visibility: Image.Visibility {
        Image.Visibility(rawValue: rawValue)
    }
}

/// Checks that `path` names a readable regular file, for `--file` of create and upload.
func validateReadableFile(_ path: String, option: String = "--file") throws {
    var info = stat()
    guard stat(path, &info) == 0 else {
        throw ValidationError("\(option) '\(path)': \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw ValidationError("\(option) '\(path)' is not a regular file")
    }
    guard access(path, R_OK) == 0 else {
        throw ValidationError("\(option) '\(path)': \(String(cString: strerror(errno)))")
    }
}
