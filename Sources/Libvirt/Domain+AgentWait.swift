public import Logging

extension Domain {
    /// Waits until the guest agent answers a `guest-ping`, polling every `interval`.
    ///
    /// Polling rather than libvirt's agent-lifecycle event: it needs no event loop thread, and an answered ping
    /// proves more than a connected channel (the agent's command loop is running).
    /// - Parameters:
    ///   - timeout: How long to wait in all; a tiny guest under TCG needs 10-18 s from start.
    ///   - interval: The pause between attempts.
    ///   - logger: Receives one debug line when the agent answers; `nil` for none.
    /// - Returns: How long the wait took.
    /// - Throws: ``VirtError`` with ``VirtError/Code/operationTimeout`` when the agent has not answered within
    ///   `timeout`; at once any error other than the agent's absence (for example
    ///   ``VirtError/Code/operationInvalid`` when the domain stops, ``VirtError/Code/argumentUnsupported`` when it
    ///   has no agent channel); `CancellationError` if the task is cancelled.
    @discardableResult
    public func waitForAgent(
        timeout: Duration,
        interval: Duration = .milliseconds(500),
        logger: Logger? = nil
    ) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        var attempts = 0
        var lastError: VirtError?
        while clock.now < deadline {
            attempts += 1
            do {
                // Bounded per attempt: a connected agent answers a ping in milliseconds.
                _ = try await agentCommand(#"{"execute":"guest-ping"}"#, timeout: .seconds(2))
                let elapsed = clock.now - start
                logger?.debug(
                    "virt.agent.ready",
                    metadata: [
                        "virt.domain": "\(name)", "virt.agent.attempts": "\(attempts)", "virt.elapsed": "\(elapsed)",
                    ])
                return elapsed
            } catch let error as VirtError where error.isAgentUnavailable {
                lastError = error
            }
            try await Task.sleep(for: interval)
        }
        let last = lastError?.message ?? "none"
        throw VirtError.glint(
            .operationTimeout,
            "the guest agent did not answer within \(timeout) (\(attempts) attempts; last error: \(last))",
            context: "waiting for the guest agent of domain \(name)")
    }
}

extension VirtError {
    /// Whether the error says the guest agent is not (yet) there to answer: not connected, not in sync, or too slow.
    ///
    /// These are the errors to retry while a guest boots; a missing agent channel
    /// (``Code/argumentUnsupported``) or a stopped domain (``Code/operationInvalid``) are not among them.
    public var isAgentUnavailable: Bool {
        code == .agentUnresponsive || code == .agentUnsynced || code == .operationTimeout
    }
}
