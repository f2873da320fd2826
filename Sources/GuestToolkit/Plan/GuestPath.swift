/// An absolute path inside the guest, checked when the plan is read: absolute, no `..` component, no NUL, and
/// normalized (`//` and `/./` collapsed), so no operation can step outside the guest's tree by accident.
public struct GuestPath: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The normalized path, for example `/etc/hostname`.
    public let value: String

    /// - Throws: ``GuestToolkitError/Code/invalidPlan`` for a relative path, `..`, an empty path or NUL.
    public init(_ text: String) throws(GuestToolkitError) {
        guard text.hasPrefix("/") else {
            throw .invalidPlan("guest path \"\(text)\" is not absolute")
        }
        guard !text.contains("\0") else {
            throw .invalidPlan("guest path contains a NUL byte")
        }
        let components = text.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !components.contains("..") else {
            throw .invalidPlan("guest path \"\(text)\" contains \"..\"")
        }
        value = "/" + components.joined(separator: "/")
    }

    /// For literals in code, which are known to be valid.
    public init(stringLiteral value: String) {
        do {
            self = try GuestPath(value)
        } catch {
            preconditionFailure("invalid guest path literal \(value): \(error)")
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try GuestPath(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The directory containing this path (`/` for `/etc`).
    public var parent: GuestPath {
        guard let slash = value.lastIndex(of: "/"), slash != value.startIndex else { return "/" }
        return GuestPath(unchecked: String(value[..<slash]))
    }

    /// The last component (`hostname` for `/etc/hostname`).
    public var lastComponent: String {
        value.split(separator: "/").last.map(String.init) ?? "/"
    }

    /// `self` with `component` appended; `component` must be one plain name.
    public func appending(_ component: String) -> GuestPath {
        GuestPath(unchecked: value == "/" ? "/" + component : value + "/" + component)
    }

    public var description: String { value }

    private init(unchecked value: String) {
        self.value = value
    }
}
