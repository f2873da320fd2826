/// Glance's default policy rules, as this store applies them to one caller and one image.
///
/// Glance hides what a project may not see (404, never 403) and refuses what it may see but not change (403).
public enum ImagePolicy {
    /// Whether `caller` may see `image` at all (GET, download, and being found by id).
    public static func canSee(_ image: ImageRecord, caller: Caller, isMember: Bool) -> Bool {
        if caller.isAdmin || image.owner == caller.projectID { return true }
        switch image.visibility {
        case .public, .community: return true
        case .shared: return isMember
        case .private: return false
        }
    }

    /// Whether `caller` may change or delete `image`: its owner, or an admin.
    public static func canModify(_ image: ImageRecord, caller: Caller) -> Bool {
        caller.isAdmin || (image.owner != nil && image.owner == caller.projectID)
    }

    /// `publicize_image`: only admins make images public.
    static func checkVisibilityChange(to visibility: ImageVisibility, caller: Caller) throws(ImageStoreError) {
        if visibility == .public, !caller.isAdmin {
            throw ImageStoreError(.forbidden, "You are not authorized to complete publicize_image action.")
        }
    }

    /// Only admins set an owner other than their own project.
    static func checkOwner(_ owner: String?, caller: Caller) throws(ImageStoreError) {
        if owner != caller.projectID, !caller.isAdmin {
            throw ImageStoreError(.forbidden, "You are not permitted to create images owned by '\(owner ?? "None")'.")
        }
    }
}
