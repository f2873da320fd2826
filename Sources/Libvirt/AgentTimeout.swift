internal import CLibvirt

/// How long ``Domain/agentCommand(_:timeout:)`` waits for the guest agent's answer.
public struct AgentTimeout: Sendable, Hashable {
    /// The raw timeout: seconds when positive, or one of libvirt's special negative values.
    public var rawValue: Int32

    private init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Wait at most `seconds` (at least 1).
    public static func seconds(_ seconds: Int) -> Self { Self(rawValue: Int32(clamping: max(seconds, 1))) }
    /// libvirt's default, 5 s unless changed with `virDomainAgentSetResponseTimeout`
    /// (`VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT`).
    public static var `default`: Self { Self(rawValue: VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT.rawValue) }
    /// Wait for as long as it takes (`VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK`).
    public static var block: Self { Self(rawValue: VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK.rawValue) }
    /// Send the command and do not wait for an answer (`VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT`).
    public static var noWait: Self { Self(rawValue: VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT.rawValue) }
}
