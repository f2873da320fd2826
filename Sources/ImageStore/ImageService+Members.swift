extension ImageService {
    /// Images other than `shared` have no members (Glance answers 403).
    func sharedImage(id: String, caller: Caller) async throws -> ImageRecord {
        let image = try await image(id: id, caller: caller)
        guard image.visibility == .shared else {
            throw ImageStoreError(.forbidden, "Only shared images have members.")
        }
        return image
    }

    /// The owner (or an admin) sees every member; a member sees only itself.
    public func members(of id: String, caller: Caller) async throws -> [ImageMember] {
        let image = try await sharedImage(id: id, caller: caller)
        let members = try await repository.members(of: id)
        if ImagePolicy.canModify(image, caller: caller) { return members }
        return members.filter { $0.memberID == caller.projectID }
    }

    public func member(_ memberID: String, of id: String, caller: Caller) async throws -> ImageMember {
        let image = try await sharedImage(id: id, caller: caller)
        guard ImagePolicy.canModify(image, caller: caller) || memberID == caller.projectID,
            let member = try await repository.member(of: id, memberID: memberID)
        else {
            throw ImageStoreError(.notFound, "\(memberID) is not a member of image \(id)")
        }
        return member
    }

    /// Adds a project as a `pending` member. Only the owner may share.
    public func addMember(_ memberID: String, to id: String, caller: Caller) async throws -> ImageMember {
        let image = try await sharedImage(id: id, caller: caller)
        guard ImagePolicy.canModify(image, caller: caller) else {
            throw ImageStoreError(.forbidden, "You are not permitted to add members to image \(id).")
        }
        guard !memberID.isEmpty, memberID.count <= 255 else {
            throw ImageStoreError(.badRequest, "Invalid member id.")
        }
        return try await repository.addMember(memberID, to: id, quota: configuration.memberQuota)
    }

    /// A member accepts, rejects or resets its own membership; the owner may not decide for it.
    public func updateMember(_ memberID: String, of id: String, status: MemberStatus, caller: Caller) async throws
        -> ImageMember
    {
        _ = try await sharedImage(id: id, caller: caller)
        guard try await repository.member(of: id, memberID: memberID) != nil else {
            throw ImageStoreError(.notFound, "\(memberID) is not a member of image \(id)")
        }
        guard memberID == caller.projectID || caller.isAdmin else {
            throw ImageStoreError(.forbidden, "You are not permitted to modify the status of member \(memberID).")
        }
        guard let member = try await repository.updateMember(memberID, of: id, status: status) else {
            throw ImageStoreError(.notFound, "\(memberID) is not a member of image \(id)")
        }
        return member
    }

    public func removeMember(_ memberID: String, from id: String, caller: Caller) async throws {
        let image = try await sharedImage(id: id, caller: caller)
        guard ImagePolicy.canModify(image, caller: caller) else {
            throw ImageStoreError(.forbidden, "You are not permitted to remove members of image \(id).")
        }
        guard try await repository.removeMember(memberID, from: id) else {
            throw ImageStoreError(.notFound, "\(memberID) is not a member of image \(id)")
        }
    }
}
