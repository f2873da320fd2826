import ImageStore

/// How `glintd` decides who a request comes from.
///
/// - `none`: every request is the admin of project `admin` (the default; glintd then binds to 127.0.0.1).
/// - `token`: `X-Auth-Token` must be one of the configured tokens, each naming a project, a user and roles.
public struct Authenticator: Sendable {
    public enum Mode: String, Sendable, Codable { case none, token }

    /// One configured token.
    public struct Token: Sendable, Codable, Equatable {
        public var token: String
        public var project: String
        public var user: String?
        public var roles: [String]

        public init(token: String, project: String, user: String? = nil, roles: [String]) {
            self.token = token
            self.project = project
            self.user = user
            self.roles = roles
        }
    }

    public var mode: Mode
    let tokens: [String: Caller]

    public init(mode: Mode, tokens: [Token] = []) {
        self.mode = mode
        var table: [String: Caller] = [:]
        for token in tokens {
            table[token.token] = Caller(projectID: token.project, userID: token.user, roles: Set(token.roles))
        }
        self.tokens = table
    }

    public static let none = Authenticator(mode: .none)

    /// The caller for a token header value, or nil when the request must be refused with 401.
    func caller(forToken token: String?) -> Caller? {
        switch mode {
        case .none: .localAdmin
        case .token: token.flatMap { tokens[$0] }
        }
    }
}
