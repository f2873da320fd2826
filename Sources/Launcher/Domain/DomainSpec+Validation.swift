extension DomainSpec {
    /// Checks what libvirt would refuse, or accept and misread, before any call.
    ///
    /// - Throws: ``DomainSpecError`` naming the first problem: an empty name or one with `/` or a newline
    ///   (libvirt refuses both), a character XML cannot hold, counts below one, a relative path, duplicate disk
    ///   targets, boot orders or MACs, a malformed or multicast MAC, IDE on a machine without IDE, or a virtio
    ///   CD-ROM.
    public func validate() throws(DomainSpecError) {
        try check(!name.isEmpty, "the domain name is empty")
        try check(!name.contains("/"), "the domain name \(quoted(name)) contains '/'")
        try check(!name.contains(where: \.isNewline), "the domain name \(quoted(name)) contains a line break")
        try checkXML(name, "the domain name")
        if let title {
            try check(!title.contains(where: \.isNewline), "the title contains a line break")
            try checkXML(title, "the title")
        }
        try check(vcpus >= 1, "vcpus must be at least 1, not \(vcpus)")
        if let maxVcpus {
            try check(maxVcpus >= vcpus, "maxVcpus (\(maxVcpus)) is below vcpus (\(vcpus))")
        }
        try check(memoryMiB >= 1, "memoryMiB must be at least 1, not \(memoryMiB)")
        if let size = tcgTranslationCacheMiB {
            try check(size >= 1, "tcgTranslationCacheMiB must be at least 1, not \(size)")
        }
        for value in [smbios.manufacturer, smbios.product, smbios.version, smbios.serial, smbios.family] {
            if let value { try checkXML(value, "an SMBIOS entry") }
        }
        if let kernelBoot {
            try checkPath(kernelBoot.kernel, "the kernel")
            if let initrd = kernelBoot.initrd { try checkPath(initrd, "the initrd") }
            if let commandLine = kernelBoot.commandLine { try checkXML(commandLine, "the kernel command line") }
        }
        try validateDisks()
        try validateInterfaces()
        if let serialConsole { try checkPath(serialConsole.logPath, "the console log") }
        for display in graphics {
            try check(!display.listen.isEmpty, "a \(display.kind.rawValue) listen address is empty")
            if let password = display.password { try checkXML(password, "a \(display.kind.rawValue) password") }
        }
        if let securityLabel { try checkXML(securityLabel.label, "the security label") }
    }

    private func validateDisks() throws(DomainSpecError) {
        var targets: Set<String> = []
        var bootOrders: Set<Int> = []
        for disk in disks {
            try checkPath(disk.source.path, "disk \(disk.target)")
            let prefix = disk.bus.targetPrefix
            try check(
                disk.target.hasPrefix(prefix) && disk.target.count > 2
                    && disk.target.dropFirst(2).allSatisfy { $0 >= "a" && $0 <= "z" },
                "disk target \(quoted(disk.target)) does not fit bus \(disk.bus.rawValue) (\(prefix)a, \(prefix)b, …)")
            try check(targets.insert(disk.target).inserted, "two disks have target \(disk.target)")
            if let order = disk.bootOrder {
                try check(order >= 1, "disk \(disk.target) has boot order \(order), not 1 or more")
                try check(bootOrders.insert(order).inserted, "two disks have boot order \(order)")
            }
            try check(
                disk.bus != .ide || machine.hasIDE, "disk \(disk.target) is on IDE, which \(machine.rawValue) lacks")
            try check(!(disk.device == .cdrom && disk.bus == .virtio), "CD-ROM \(disk.target) cannot be on virtio")
            if let serial = disk.serial { try checkXML(serial, "the serial of disk \(disk.target)") }
        }
    }

    private func validateInterfaces() throws(DomainSpecError) {
        var macs: Set<String> = []
        for interface in interfaces {
            switch interface.attachment {
            case .user: break
            case .network(let name), .bridge(let name):
                try check(!name.isEmpty, "an interface has an empty network or bridge name")
                try checkXML(name, "a network or bridge name")
            }
            if let device = interface.targetDevice { try checkXML(device, "an interface target device") }
            guard let mac = interface.mac?.lowercased() else { continue }
            let octets = mac.split(separator: ":", omittingEmptySubsequences: false)
            try check(
                octets.count == 6 && octets.allSatisfy { $0.count == 2 && UInt8($0, radix: 16) != nil },
                "\(quoted(mac)) is not a MAC address")
            try check(UInt8(octets[0], radix: 16)! & 1 == 0, "MAC \(mac) is a multicast address")
            try check(macs.insert(mac).inserted, "two interfaces have MAC \(mac)")
        }
    }

    private func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(DomainSpecError) {
        guard condition else { throw DomainSpecError(message()) }
    }

    private func checkXML(_ value: String, _ what: String) throws(DomainSpecError) {
        try check(value.unicodeScalars.allSatisfy(XMLTree.isXMLCharacter), "\(what) contains a control character")
    }

    private func checkPath(_ path: String, _ what: String) throws(DomainSpecError) {
        try check(path.hasPrefix("/"), "\(what) path \(quoted(path)) is not absolute")
        try checkXML(path, "\(what) path")
    }

    private func quoted(_ value: String) -> String {
        "'\(value)'"
    }
}
