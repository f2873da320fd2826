import Testing

@testable import GuestNetwork

/// Detection from the shapes real guests have: which distribution, which version, which paths exist.
@Suite struct DetectionTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        var label: String
        var distro: String
        var major: Int
        var paths: Set<String>
        var expected: NetworkRenderer?
        var testDescription: String { label }
    }

    static let interfaces = "/etc/network/interfaces"
    static let networkdWants = "/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"

    static let shapes: [Shape] = [
        Shape(label: "debian 12", distro: "debian", major: 12, paths: [interfaces, "/etc/systemd/network"], expected: .ifupdown),
        Shape(label: "ubuntu 16.04", distro: "ubuntu", major: 16, paths: [interfaces], expected: .ifupdown),
        Shape(
            label: "ubuntu 22.04", distro: "ubuntu", major: 22,
            paths: ["/etc/netplan", "/etc/systemd/network", networkdWants], expected: .netplan),
        Shape(label: "fedora 40", distro: "fedora", major: 40, paths: ["/etc/NetworkManager"], expected: .networkManager),
        Shape(
            label: "rhel 8", distro: "rhel", major: 8,
            paths: ["/etc/NetworkManager", "/etc/sysconfig/network-scripts"], expected: .ifcfg),
        Shape(
            label: "rhel 9", distro: "rhel", major: 9,
            paths: ["/etc/NetworkManager", "/etc/sysconfig/network-scripts"], expected: .networkManager),
        Shape(label: "rocky 9", distro: "rocky", major: 9, paths: ["/etc/NetworkManager"], expected: .networkManager),
        Shape(label: "centos 7", distro: "centos", major: 7, paths: ["/etc/sysconfig/network-scripts"], expected: .ifcfg),
        Shape(label: "alpine 3.20", distro: "alpinelinux", major: 3, paths: [interfaces], expected: .alpine),
        Shape(label: "arch", distro: "archlinux", major: 0, paths: ["/etc/systemd/network"], expected: .networkd),
        Shape(
            label: "debian with networkd enabled", distro: "debian", major: 12,
            paths: [interfaces, "/etc/systemd/network", networkdWants], expected: .networkd),
        Shape(label: "debian, networkd not enabled, no ifupdown", distro: "debian", major: 12, paths: ["/etc/systemd/network"], expected: nil),
        Shape(label: "none", distro: "unknown", major: 0, paths: [], expected: nil),
    ]

    @Test(arguments: shapes)
    func detects(shape: Shape) throws {
        let detected = NetworkRenderer.detect(distro: shape.distro, majorVersion: shape.major) { shape.paths.contains($0) }
        #expect(detected == shape.expected)
    }

    struct LookupFailed: Error, Equatable { var path: String }

    /// The real lookup asks libguestfs and can fail; detection passes its error through untouched.
    @Test func lookupErrorsPassThrough() {
        #expect(throws: LookupFailed(path: "/etc/netplan")) {
            try NetworkRenderer.detect(distro: "ubuntu", majorVersion: 24) { (path: String) throws(LookupFailed) -> Bool in
                throw LookupFailed(path: path)
            }
        }
    }

    /// Alpine and Fedora are decided by name alone, without asking the guest.
    @Test func distroOnlyDecisionsAskNothing() {
        for distro in ["alpine", "fedora"] {
            var asked: [String] = []
            _ = NetworkRenderer.detect(distro: distro, majorVersion: 40) { asked.append($0); return true }
            #expect(asked.isEmpty, "\(distro)")
        }
    }

    @Test func undetectedNamesWhatWasChecked() {
        let error = NetworkRenderer.undetected(distro: "gentoo", majorVersion: 2)
        #expect(error.code == .noRenderer)
        for path in ["/etc/netplan", "/etc/NetworkManager", "/etc/sysconfig/network-scripts", "/etc/network/interfaces",
            "/etc/systemd/network", "systemd-networkd.service", "gentoo"]
        {
            #expect(error.message.contains(path), "\(path)")
        }
    }
}
