internal import CLibvirt

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Calls answered by the QEMU guest agent inside the guest (the `org.qemu.guest_agent.0` virtio channel).
///
/// Each fails with ``VirtError/Code/agentUnresponsive`` while the agent is not connected (still booting, not
/// installed), ``VirtError/Code/argumentUnsupported`` when the domain has no agent channel, and
/// ``VirtError/Code/operationInvalid`` when the domain is not running.
extension Domain {
    /// Sends a raw QMP command to the guest agent and returns its raw JSON answer.
    ///
    /// - Parameters:
    ///   - command: One JSON command, for example `{"execute":"guest-ping"}`.
    ///   - timeout: How long to wait for the answer.
    /// - Returns: The agent's answer, for example `{"return":{}}`.
    /// - Throws: ``VirtError``; an agent error answer (`{"error":…}`) comes back as
    ///   ``VirtError/Code/internalError`` with the agent's text in the message.
    ///
    /// The corresponding C function is `virDomainQemuAgentCommand` (libvirt-qemu).
    public func agentCommand(_ command: String, timeout: AgentTimeout = .default) async throws -> String {
        try await string("sending a guest agent command to domain \(name)") {
            virDomainQemuAgentCommand($0, command, timeout.rawValue, 0)
        }
    }

    /// Reads what the agent knows about the guest: OS, host name, time zone, users, file systems, disks,
    /// interfaces.
    ///
    /// - Parameter types: The groups to ask for; empty for every group the agent supports.
    /// - Throws: ``VirtError``; a group the agent does not support is left out, not an error.
    ///
    /// The corresponding C function is `virDomainGetGuestInfo`.
    public func guestInfo(types: GuestInfoTypes = []) async throws -> GuestInfo {
        let context = "reading guest information of domain \(name)"
        return try await withPointer(context) { domain throws(VirtError) -> GuestInfo in
            var list: UnsafeMutablePointer<virTypedParameter>? = nil
            var count: Int32 = 0
            guard virDomainGetGuestInfo(domain, types.rawValue, &list, &count, 0) == 0 else {
                throw VirtError.last(context: context)
            }
            return GuestInfo(parameters: takeTypedParameters(list, count: count))
        }
    }

    /// Sets a guest user's password through the agent (Nova's "set admin password").
    ///
    /// - Parameters:
    ///   - user: The account, for example `root`.
    ///   - password: The clear-text password, or a crypt(3) hash when `encrypted` is true.
    ///   - encrypted: Whether `password` is already hashed (`VIR_DOMAIN_PASSWORD_ENCRYPTED`).
    /// - Throws: ``VirtError``; an unknown user fails with the agent's error as ``VirtError/Code/internalError``.
    ///
    /// The corresponding C function is `virDomainSetUserPassword`.
    public func setUserPassword(user: String, password: String, encrypted: Bool = false) async throws {
        let flags = encrypted ? VIR_DOMAIN_PASSWORD_ENCRYPTED.rawValue : 0
        try await call("setting the password of \(user) in domain \(name)") {
            virDomainSetUserPassword($0, user, password, flags)
        }
    }

    /// Reads the guest's host name.
    ///
    /// - Parameter source: ``HostnameSource/agent`` or ``HostnameSource/lease``; empty lets the driver choose
    ///   (QEMU: the agent).
    ///
    /// The corresponding C function is `virDomainGetHostname`.
    public func hostname(source: HostnameSource = .agent) async throws -> String {
        try await string("reading the host name of domain \(name)") { virDomainGetHostname($0, source.rawValue) }
    }

    /// Freezes guest file systems through the agent, for a consistent disk snapshot; thaw them soon after with
    /// ``thawFilesystems(mountPoints:)``.
    ///
    /// - Parameter mountPoints: The file systems to freeze; empty for all of them.
    /// - Returns: How many file systems were frozen.
    ///
    /// The corresponding C function is `virDomainFSFreeze`.
    public func freezeFilesystems(mountPoints: [String] = []) async throws -> Int {
        try await withMountPoints(mountPoints, "freezing the file systems of domain \(name)") {
            virDomainFSFreeze($0, $1, $2, 0)
        }
    }

    /// Thaws file systems frozen by ``freezeFilesystems(mountPoints:)``.
    ///
    /// - Parameter mountPoints: The file systems to thaw; empty for all of them.
    /// - Returns: How many file systems were thawed.
    ///
    /// The corresponding C function is `virDomainFSThaw`.
    public func thawFilesystems(mountPoints: [String] = []) async throws -> Int {
        try await withMountPoints(mountPoints, "thawing the file systems of domain \(name)") {
            virDomainFSThaw($0, $1, $2, 0)
        }
    }

    /// Runs a call that takes a C array of mount points (`NULL` with 0 for all) and returns a count.
    private func withMountPoints(
        _ mountPoints: [String],
        _ context: String,
        _ body: @escaping @Sendable (OpaquePointer, UnsafeMutablePointer<UnsafePointer<CChar>?>?, UInt32) -> Int32
    ) async throws -> Int {
        try await number(context) { domain in
            guard !mountPoints.isEmpty else { return body(domain, nil, 0) }
            let copies = mountPoints.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            var pointers = copies.map { UnsafePointer<CChar>($0) }
            return body(domain, &pointers, UInt32(pointers.count))
        }
    }
}
