// TEMPORARY: stands in for the renderers until the guest-network branch is merged.
import ConfigDrive
public enum NetworkRenderer: String, CaseIterable, Sendable, Codable {
    case ifupdown, netplan, networkManager = "networkmanager", ifcfg, networkd, alpine
    public static func detect(distro: String, majorVersion: Int, pathExists: (String) throws -> Bool) rethrows -> NetworkRenderer? {
        if try pathExists("/etc/network/interfaces") { return .ifupdown }
        return nil
    }
    public func render(_ data: NetworkData) throws -> [RenderedFile] { [] }
}
