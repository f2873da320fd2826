import ConfigDrive
import GuestNetwork
import Foundation

/// The checkout this file is in: three levels above `Tests/GuestNetworkTests/Support.swift` (a copy of
/// ConfigDriveTests' helper; test targets cannot share code).
func modelRepositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The samples of `ConfigDrive/samples/`, each one's `network_data` a golden test case for every renderer.
let sampleNames = ["minimal-dhcp", "static-vlan", "bond-binary"]

/// The `network_data` of a sample of `ConfigDrive/samples/`, decoded like the CLI does.
func sampleNetwork(_ name: String) throws -> NetworkData {
    let url = modelRepositoryRoot().appendingPathComponent("ConfigDrive/samples/\(name).json")
    let content = try ConfigDriveContent.decode(json: Array(try Data(contentsOf: url)))
    guard let network = content.network else { throw CocoaError(.fileReadCorruptFile) }
    return network
}

/// Runs a program to completion; its exit status and combined output. Nil when it is not installed.
func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> (status: Int32, output: String)? {
    guard let executable = findExecutable(arguments[0]) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = Array(arguments.dropFirst())
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Writes rendered files under `root` at their guest paths, with their modes.
func write(_ files: [RenderedFile], under root: URL) throws {
    for file in files {
        let url = root.appendingPathComponent(String(file.path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: Int(file.mode)], ofItemAtPath: url.path)
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("glint-guestnetwork-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Golden and tool-validation cases: the samples, plus one synthetic network that reaches the branches the
/// samples do not (a named NIC without MAC, two addresses in a family, a VLAN on a bond, stateless DHCPv6, SLAAC
/// only, more bond options).
let caseNames = sampleNames + ["kitchen-sink"]

func caseNetwork(_ name: String) throws -> NetworkData {
    name == "kitchen-sink" ? kitchenSink : try sampleNetwork(name)
}

let kitchenSink = NetworkData(
    links: [
        Link(id: "nic0", ethernetMACAddress: "52:54:00:00:00:10", mtu: 1500, name: "lan0"),
        Link(id: "nic1", ethernetMACAddress: "52:54:00:00:00:11"),
        Link(id: "nic2", ethernetMACAddress: "52:54:00:00:00:12"),
        Link(
            id: "bond", type: .bond, bondLinks: ["nic1", "nic2"], bondMode: "active-backup",
            bondParameters: [
                "miimon": .int(100), "updelay": .int(200), "downdelay": .int(200), "primary": .string("eth1"),
                "fail_over_mac": .string("active"), "num_grat_arp": .int(2),
            ]),
        Link(id: "vlan42", type: .vlan, vlanLink: "bond", vlanID: 42, vlanMACAddress: "52:54:00:00:00:13"),
        Link(id: "nic3", type: .phy, name: "mgmt"),
    ],
    networks: [
        Network(
            id: "v4a", type: .ipv4, link: "nic0", ipAddress: "192.0.2.10", netmask: "255.255.255.0",
            routes: [
                .defaultRoute(via: "192.0.2.1"), Route(network: "10.0.0.0", netmask: "255.0.0.0", gateway: "192.0.2.254"),
            ]),
        Network(id: "v4b", type: .ipv4, link: "nic0", ipAddress: "192.0.2.11/24"),
        Network(id: "v6a", type: .ipv6DHCPv6Stateless, link: "nic0"),
        Network(id: "bond4", type: .ipv4DHCP, link: "bond"),
        Network(
            id: "bond6", type: .ipv6, link: "bond", ipAddress: "2001:db8:1::10", netmask: "64",
            gateway: "2001:db8:1::1",
            routes: [Route(network: "2001:db8:2::", netmask: "ffff:ffff:ffff::", gateway: "2001:db8:1::2")],
            services: [.dns("2001:db8:1::53")]),
        Network(id: "vlan6", type: .ipv6SLAAC, link: "vlan42"),
        Network(id: "mgmt4", type: .ipv4, link: "nic3", ipAddress: "198.51.100.5/24"),
    ],
    services: [.dns("192.0.2.53"), .dns("2001:db8::53")])
