/// A ``DomainSpec`` that libvirt would refuse or misread, found before any libvirt call.
public struct DomainSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
