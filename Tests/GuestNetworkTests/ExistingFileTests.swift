import ConfigDrive
import Testing

@testable import GuestNetwork

/// What happens to the guest's own network files, and whether Debian's interfaces file reads ours.
@Suite struct ExistingFileTests {
    @Test func netplanLeavesCloudInitsFileAndReplacesItsOwn() throws {
        let rendered = try NetworkRenderer.netplan.render(try sampleNetwork("minimal-dhcp"))
        #expect(NetworkRenderer.netplan.existingFileAction(forPath: "/etc/netplan/50-cloud-init.yaml", rendered: rendered) == .leave)
        #expect(NetworkRenderer.netplan.existingFileAction(forPath: "/etc/netplan/90-glint.yaml", rendered: rendered) == .replace)
        #expect(NetworkRenderer.netplan.configurationDirectories == ["/etc/netplan"])
    }

    @Test func ifupdownDisablesCloudInitsStanzasOutsideTheGlob() throws {
        let rendered = try NetworkRenderer.ifupdown.render(try sampleNetwork("minimal-dhcp"))
        #expect(
            NetworkRenderer.ifupdown.existingFileAction(forPath: "/etc/network/interfaces.d/50-cloud-init.cfg", rendered: rendered)
                == .disable(movedTo: "/etc/network/glint-disabled/50-cloud-init.cfg"))
        #expect(NetworkRenderer.ifupdown.existingFileAction(forPath: "/etc/network/interfaces", rendered: rendered) == .leave)
        #expect(NetworkRenderer.ifupdown.existingFileAction(forPath: "/etc/network/interfaces.d/bridge", rendered: rendered) == .leave)
    }

    @Test func alpineReplacesInterfacesAndResolvConf() throws {
        let rendered = try NetworkRenderer.alpine.render(try sampleNetwork("static-vlan"))
        #expect(rendered.map(\.path) == ["/etc/network/interfaces", "/etc/resolv.conf"])
        for path in ["/etc/network/interfaces", "/etc/resolv.conf"] {
            #expect(NetworkRenderer.alpine.existingFileAction(forPath: path, rendered: rendered) == .replace)
        }
    }

    @Test func ifcfgDisablesOtherInterfaceFiles() throws {
        let rendered = try NetworkRenderer.ifcfg.render(try sampleNetwork("minimal-dhcp"))
        let directory = "/etc/sysconfig/network-scripts"
        #expect(NetworkRenderer.ifcfg.existingFileAction(forPath: "\(directory)/ifcfg-eth0", rendered: rendered) == .replace)
        #expect(
            NetworkRenderer.ifcfg.existingFileAction(forPath: "\(directory)/ifcfg-ens3", rendered: rendered)
                == .disable(movedTo: "/etc/sysconfig/glint-disabled/ifcfg-ens3"))
        #expect(NetworkRenderer.ifcfg.existingFileAction(forPath: "\(directory)/ifcfg-lo", rendered: rendered) == .leave)
    }

    @Test(arguments: [NetworkRenderer.networkManager, .networkd])
    func precedenceRenderersLeaveEverything(renderer: NetworkRenderer) throws {
        let rendered = try renderer.render(try sampleNetwork("minimal-dhcp"))
        for path in ["/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection", "/etc/systemd/network/10-cloud-init-eth0.network"] {
            #expect(renderer.existingFileAction(forPath: path, rendered: rendered) == .leave)
        }
    }

    static let ours = "/etc/network/interfaces.d/90-glint.cfg"

    @Test func interfacesSourceGlobs() {
        #expect(NetworkRenderer.interfacesFileSources("auto lo\nsource /etc/network/interfaces.d/*\n", path: Self.ours))
        #expect(NetworkRenderer.interfacesFileSources("source /etc/network/interfaces.d/*.cfg", path: Self.ours))
        #expect(NetworkRenderer.interfacesFileSources("source interfaces.d/*", path: Self.ours))
        #expect(!NetworkRenderer.interfacesFileSources("auto lo\niface lo inet loopback\n", path: Self.ours))
        #expect(!NetworkRenderer.interfacesFileSources("# source /etc/network/interfaces.d/*", path: Self.ours))
        #expect(!NetworkRenderer.interfacesFileSources("source /etc/network/interfaces.d/*.conf", path: Self.ours))
    }

    /// `source-directory` uses run-parts names: no dots, so Debian 8's default does not read `90-glint.cfg`.
    @Test func sourceDirectoryFollowsRunParts() {
        let jessie = "source-directory /etc/network/interfaces.d\n"
        #expect(!NetworkRenderer.interfacesFileSources(jessie, path: Self.ours))
        #expect(NetworkRenderer.interfacesFileSources(jessie, path: "/etc/network/interfaces.d/90-glint"))
    }
}
