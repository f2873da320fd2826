/// Who is making a request: the project and roles that Glance's policy rules look at.
public struct Caller: Sendable, Equatable {
    public var projectID: String
    public var userID: String?
    public var roles: Set<String>

    public init(projectID: String, userID: String? = nil, roles: Set<String>) {
        self.projectID = projectID
        self.userID = userID
        self.roles = roles
    }

    /// Glance's default `context_is_admin` rule: the `admin` role.
    public var isAdmin: Bool { roles.contains("admin") }

    /// The single caller of auth mode `none`: the admin of project `admin`.
    public static let localAdmin = Caller(projectID: "admin", userID: "admin", roles: ["admin", "member", "reader"])
}
