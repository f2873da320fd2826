/// The lifecycle states of an image, with Glance's allowed transitions (`glance/domain/__init__.py`).
public enum ImageStatus: String, Sendable, Codable, CaseIterable {
    case queued, saving, active, killed, deleted, uploading, importing
    case pendingDelete = "pending_delete"
    case deactivated

    /// The states this one may move to.
    public var allowedTargets: Set<ImageStatus> {
        switch self {
        case .queued: [.saving, .uploading, .importing, .active, .deleted]
        case .saving: [.active, .killed, .deleted, .queued]
        case .uploading: [.importing, .queued, .deleted]
        case .importing: [.active, .deleted, .queued]
        case .active: [.pendingDelete, .deleted, .deactivated]
        case .deactivated: [.active, .deleted]
        case .killed: [.deleted]
        case .pendingDelete: [.deleted]
        case .deleted: []
        }
    }

    /// Whether moving from this state to `target` is allowed.
    public func canTransition(to target: ImageStatus) -> Bool {
        allowedTargets.contains(target)
    }

    /// Checks a transition, with Glance's message when it is not allowed.
    public func checkTransition(to target: ImageStatus) throws(ImageStoreError) {
        guard canTransition(to: target) else {
            throw ImageStoreError(
                .conflict,
                "Image status transition from \(rawValue) to \(target.rawValue) is not allowed"
            )
        }
    }

    /// Whether the image holds data that can be downloaded.
    public var hasData: Bool { self == .active || self == .deactivated }
}

/// Who may see an image (Glance's four visibilities).
public enum ImageVisibility: String, Sendable, Codable, CaseIterable {
    case `public`, community, shared, `private`
}

/// The state of one project's membership of a shared image.
public enum MemberStatus: String, Sendable, Codable, CaseIterable {
    case pending, accepted, rejected
}
