extension DomainSpec {
    /// The libvirt domain XML for this description, after ``validate()``.
    ///
    /// Built as an ``XMLTree``, never by pasting strings, so names, paths and passwords are always escaped.
    /// - Throws: ``DomainSpecError`` for a description libvirt would refuse or misread.
    public func xml() throws(DomainSpecError) -> String {
        try validate()
        return xmlTree().rendered()
    }

    /// The `<domain>` element, in libvirt's own element order.
    func xmlTree() -> XMLTree {
        let uuidString = uuid.uuidString.lowercased()
        return XMLTree(
            "domain", ["type": domainType],
            children: [
                XMLTree("name", text: name),
                XMLTree("uuid", text: uuidString),
                title.map { XMLTree("title", text: $0) },
                XMLTree("memory", ["unit": "MiB"], text: "\(memoryMiB)"),
                XMLTree("currentMemory", ["unit": "MiB"], text: "\(memoryMiB)"),
                XMLTree(
                    "vcpu", ["placement": "static", "current": maxVcpus.map { _ in "\(vcpus)" }],
                    text: "\(maxVcpus ?? vcpus)"),
                sysinfoElement(uuid: uuidString),
                osElement(),
                featuresElement(),
                cpuElement(),
                clockElement(),
                XMLTree("on_poweroff", text: lifecycle.onPoweroff.rawValue),
                XMLTree("on_reboot", text: lifecycle.onReboot.rawValue),
                XMLTree("on_crash", text: lifecycle.onCrash.rawValue),
                devicesElement(),
                securityLabel.map { label in
                    XMLTree(
                        "seclabel", ["type": "static", "model": "dac", "relabel": "no"],
                        children: [XMLTree("label", text: label.label)])
                },
            ])
    }

    private func sysinfoElement(uuid: String) -> XMLTree {
        func entry(_ name: String, _ value: String?) -> XMLTree? {
            value.map { XMLTree("entry", ["name": name], text: $0) }
        }
        return XMLTree(
            "sysinfo", ["type": "smbios"],
            children: [
                XMLTree(
                    "system",
                    children: [
                        entry("manufacturer", smbios.manufacturer),
                        entry("product", smbios.product),
                        entry("version", smbios.version),
                        entry("serial", smbios.serial ?? uuid),
                        entry("uuid", uuid),
                        entry("family", smbios.family),
                    ])
            ])
    }

    private func osElement() -> XMLTree {
        // Per-device boot order and <os><boot dev> exclude each other.
        let bootsByOrder = disks.contains { $0.bootOrder != nil }
        return XMLTree(
            "os",
            children: [
                XMLTree("type", ["arch": "x86_64", "machine": machine.rawValue], text: "hvm"),
                kernelBoot.map { XMLTree("kernel", text: $0.kernel) },
                kernelBoot?.initrd.map { XMLTree("initrd", text: $0) },
                kernelBoot?.commandLine.map { XMLTree("cmdline", text: $0) },
                kernelBoot == nil && !bootsByOrder ? XMLTree("boot", ["dev": "hd"]) : nil,
                XMLTree("smbios", ["mode": "sysinfo"]),
            ])
    }

    private func featuresElement() -> XMLTree {
        let tcgCache = accelerator == .tcg ? tcgTranslationCacheMiB : nil
        return XMLTree(
            "features",
            children: [
                XMLTree("acpi"),
                XMLTree("apic"),
                tcgCache.map { size in
                    XMLTree("tcg", children: [XMLTree("tb-cache", ["unit": "MiB"], text: "\(size)")])
                },
            ])
    }

    private func cpuElement() -> XMLTree {
        switch cpu ?? .default(for: accelerator) {
        case .hostPassthrough:
            XMLTree("cpu", ["mode": "host-passthrough", "check": "none"])
        case .custom(let model):
            XMLTree(
                "cpu", ["mode": "custom", "match": "exact"],
                children: [XMLTree("model", ["fallback": "allow"], text: model)])
        }
    }

    /// Nova's clock: UTC, RTC catching up lost ticks, PIT delaying them, no HPET.
    private func clockElement() -> XMLTree {
        XMLTree(
            "clock", ["offset": "utc"],
            children: [
                XMLTree("timer", ["name": "pit", "tickpolicy": "delay"]),
                XMLTree("timer", ["name": "rtc", "tickpolicy": "catchup"]),
                XMLTree("timer", ["name": "hpet", "present": "no"]),
            ])
    }

    private func devicesElement() -> XMLTree {
        var devices: [XMLTree?] = disks.map { $0.xmlTree() }
        devices += interfaces.map { $0.xmlTree() }
        devices.append(serialConsole.map(serialElement))
        if guestAgent {
            devices.append(
                XMLTree(
                    "channel", ["type": "unix"],
                    children: [XMLTree("target", ["type": "virtio", "name": "org.qemu.guest_agent.0"])]))
        }
        if !graphics.isEmpty {
            // An absolute pointer keeps a VNC or SPICE cursor in step with the guest's (Nova's usbtablet).
            devices.append(XMLTree("input", ["type": "tablet", "bus": "usb"]))
        }
        devices += graphics.map(graphicsElement)
        devices.append(videoModel.map { XMLTree("video", children: [XMLTree("model", ["type": $0.rawValue])]) })
        devices.append(balloonElement())
        return XMLTree("devices", children: devices)
    }

    /// The video card: the given one, or the default for the displays.
    var videoModel: VideoModel? {
        if let video { return video }
        if graphics.isEmpty { return nil }
        return graphics.contains { $0.kind == .spice } ? .qxl : .virtio
    }

    private func serialElement(_ console: SerialConsole) -> XMLTree {
        switch console {
        case .ptyWithLog(let path):
            XMLTree(
                "serial", ["type": "pty"],
                children: [XMLTree("log", ["file": path, "append": "off"]), XMLTree("target", ["port": "0"])])
        case .file(let path):
            XMLTree(
                "serial", ["type": "file"],
                children: [XMLTree("source", ["path": path]), XMLTree("target", ["port": "0"])])
        }
    }

    private func graphicsElement(_ graphics: Graphics) -> XMLTree {
        XMLTree(
            "graphics",
            [
                "type": graphics.kind.rawValue, "autoport": "yes", "listen": graphics.listen,
                "passwd": graphics.password,
            ],
            children: [
                XMLTree("listen", ["type": "address", "address": graphics.listen]),
                graphics.kind == .spice ? XMLTree("image", ["compression": "off"]) : nil,
            ])
    }

    private func balloonElement() -> XMLTree {
        guard let memoryBalloon else {
            return XMLTree("memballoon", ["model": "none"])
        }
        return XMLTree(
            "memballoon", ["model": "virtio"],
            children: [memoryBalloon.statisticsPeriodSeconds.map { XMLTree("stats", ["period": "\($0)"]) }])
    }
}

extension DomainSpec.Disk {
    /// The `<disk>` element, also usable on its own to hot-plug the disk.
    public func xml() -> String {
        xmlTree().rendered()
    }

    func xmlTree() -> XMLTree {
        let writable = device == .disk && !readOnly
        let (type, sourceAttribute) =
            switch source {
            case .file(let path): ("file", XMLTree("source", ["file": path]))
            case .block(let path): ("block", XMLTree("source", ["dev": path]))
            }
        return XMLTree(
            "disk", ["type": type, "device": device.rawValue],
            children: [
                XMLTree(
                    "driver",
                    [
                        "name": "qemu", "type": format.rawValue, "cache": cache.rawValue,
                        "discard": writable ? "unmap" : nil,
                    ]),
                sourceAttribute,
                XMLTree("target", ["dev": target, "bus": bus.rawValue]),
                ioTune.map(\.xmlTree),
                serial.map { XMLTree("serial", text: $0) },
                bootOrder.map { XMLTree("boot", ["order": "\($0)"]) },
                readOnly || device == .cdrom ? XMLTree("readonly") : nil,
            ])
    }
}

extension DomainSpec.IOTune {
    var xmlTree: XMLTree {
        XMLTree(
            "iotune",
            children: Self.elements.map { element, keyPath in
                self[keyPath: keyPath].map { XMLTree(element, text: "\($0)") }
            })
    }
}

extension DomainSpec.NetworkInterface {
    /// The `<interface>` element, also usable on its own to hot-plug the interface.
    public func xml() -> String {
        xmlTree().rendered()
    }

    func xmlTree() -> XMLTree {
        let (type, source): (String, XMLTree?) =
            switch attachment {
            case .user: ("user", nil)
            case .network(let name): ("network", XMLTree("source", ["network": name]))
            case .bridge(let name): ("bridge", XMLTree("source", ["bridge": name]))
            }
        return XMLTree(
            "interface", ["type": type],
            children: [
                mac.map { XMLTree("mac", ["address": $0.lowercased()]) },
                source,
                targetDevice.map { XMLTree("target", ["dev": $0]) },
                XMLTree("model", ["type": model]),
                mtu.map { XMLTree("mtu", ["size": "\($0)"]) },
            ])
    }
}
