import Foundation
import ImageStore
import Libvirt

/// What `glint guest info` and Nova's diagnostics show about a running instance.
public struct InstanceDiagnostics: Sendable, Equatable, Codable {
    public var state: String
    public var vcpus: Int
    public var memoryKiB: UInt64
    public var cpuTimeNanoseconds: UInt64
    public var diskReadBytes: Int64?
    public var diskWriteBytes: Int64?
    /// From the guest agent, when it answers; `nil` otherwise.
    public var agent: AgentFacts?

    public struct AgentFacts: Sendable, Equatable, Codable {
        public var hostname: String?
        public var osPrettyName: String?
        public var kernelRelease: String?
        public var timezone: String?
        /// Every value the agent returned (interfaces, filesystems, users …), as libvirt names them.
        public var parameters: [String: String]
    }
}

/// What `glint host info` shows.
public struct HostFacts: Sendable, Equatable, Codable {
    public var hostname: String
    public var cpuModel: String
    public var cpus: Int
    public var memoryMiB: UInt64
    public var freeMemoryMiB: UInt64
    public var libvirtVersion: String
    public var qemuVersion: String
    public var accelerator: String
    public var acceleratorReason: String
    public var uptimeSeconds: Double
    public var runningInstances: Int
}

extension Launcher {
    /// The last `lines` lines of the serial console log (Nova's `os-getConsoleOutput`); all of it without a limit.
    public func consoleOutput(id: String, lines: Int?, caller: Caller) async throws -> String {
        let instance = try await instance(id: id, caller: caller)
        guard let data = FileManager.default.contents(atPath: files(of: instance).consoleLog) else {
            throw LauncherError(.conflict, "Instance \(id) has no console output yet.")
        }
        guard let lines else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: Self.lastLines(lines, of: Array(data)), as: UTF8.self)
    }

    /// The bytes of the last `count` lines, by line feed (a serial console writes CR LF, which Swift's `Character`
    /// treats as one separator-less cluster, hence bytes).
    static func lastLines(_ count: Int, of bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard count > 0 else { return [] }
        var end = bytes.endIndex
        if bytes.last == UInt8(ascii: "\n") { end -= 1 }
        var seen = 0
        var index = end
        while index > bytes.startIndex {
            index -= 1
            if bytes[index] == UInt8(ascii: "\n") {
                seen += 1
                if seen == count { return bytes[(index + 1)...] }
            }
        }
        return bytes[...]
    }

    /// Sets a user's password through the guest agent (`virDomainSetUserPassword`); the user is the image's
    /// `os_admin_user`, else root. No agent answering is Nova's 501 ("not implemented"), a stopped instance 409.
    public func setAdminPassword(id: String, password: String, caller: Caller) async throws {
        let current = try await instance(id: id, caller: caller)
        let image = try? await images.image(id: current.imageID, caller: caller)
        let user = image?.properties["os_admin_user"] ?? "root"
        _ = try await transition(id, caller: caller, task: .updatingPassword, allowed: [.active]) { _, domain in
            do {
                try await domain.setUserPassword(user: user, password: password)
            } catch let error as VirtError where error.isAgentUnavailable || error.code == .argumentUnsupported {
                throw LauncherError(.notImplemented, "Unable to set password on instance: no guest agent answers (\(error.message)).")
            }
            return (.active, .running)
        }
    }

    public func diagnostics(id: String, caller: Caller) async throws -> InstanceDiagnostics {
        let instance = try await instance(id: id, caller: caller)
        guard let domain = try await domain(of: instance) else {
            throw LauncherError(.conflict, "Instance \(id) has no libvirt domain.")
        }
        let info = try await domain.info()
        var result = InstanceDiagnostics(
            state: info.state.description, vcpus: info.vcpus, memoryKiB: info.memoryKiB,
            cpuTimeNanoseconds: info.cpuTimeNanoseconds)
        if info.state == .running {
            let disk = try? await domain.blockStats(disk: "vda")
            result.diskReadBytes = disk?.readBytes
            result.diskWriteBytes = disk?.writeBytes
            if let guest = try? await domain.guestInfo() {
                result.agent = .init(
                    hostname: guest.hostname, osPrettyName: guest.osPrettyName, kernelRelease: guest.kernelRelease,
                    timezone: guest.timezoneName, parameters: guest.parameters.mapValues { "\($0)" })
            }
        }
        return result
    }

    public func hostFacts() async throws -> HostFacts {
        let node = try await connection.nodeInfo()
        // /proc/uptime's first field: seconds since boot, as `uptime` (which Nova runs) reads it.
        let uptime = (try? String(contentsOfFile: "/proc/uptime", encoding: .utf8))?
            .split(separator: " ").first.flatMap { Double($0) } ?? 0
        let running = try await connection.listAllDomains().filter { $0.name.hasPrefix("glint-") && $0.state == .running }.count
        return HostFacts(
            hostname: hostName, cpuModel: node.model, cpus: node.cpus,
            memoryMiB: node.memoryKiB / 1024, freeMemoryMiB: try await connection.freeMemory() >> 20,
            libvirtVersion: "\(try await connection.libVersion())", qemuVersion: "\(try await connection.hypervisorVersion())",
            accelerator: accelerator.accelerator.rawValue, acceleratorReason: accelerator.reason,
            uptimeSeconds: uptime, runningInstances: running)
    }

    /// Startup reconciliation: instances left mid-task by a crash get their task cleared and their states read from
    /// libvirt; an instance whose domain vanished goes to `ERROR`; a `glint-` domain no instance owns is destroyed
    /// and undefined, and instance directories without an instance are removed (no orphans).
    public func reconcile() async throws {
        let instances = try await store.instances(owner: nil)
        let known = Set(instances.map(\.domainName))
        for instance in instances {
            let domain = try await domain(of: instance)
            let state = try await domain?.status().state
            _ = try await store.modify(id: instance.id) { record in
                if record.taskState == .deleting || record.taskState == .spawning || record.taskState == .scheduling {
                    if domain == nil {
                        record.vmState = .error
                        record.fault = Instance.Fault(code: 500, message: "Interrupted by a restart of glintd")
                    }
                }
                record.taskState = nil
                guard let state else {
                    if record.vmState != .error {
                        record.vmState = .error
                        record.fault = Instance.Fault(code: 500, message: "The libvirt domain of this instance vanished")
                    }
                    record.powerState = .noState
                    return
                }
                record.powerState = Self.powerState(state)
                switch state {
                case .running where record.vmState != .rescued: record.vmState = .active
                case .paused: record.vmState = .paused
                case .shutOff where record.vmState == .active: record.vmState = .stopped
                default: break
                }
            }
        }
        // An orphan is a glint-<uuid> domain with disks in this launcher's directory: other glintd processes on the
        // same libvirtd (other data directories) and domains Glint did not make are never touched.
        for summary in try await connection.listAllDomains()
        where summary.name.hasPrefix("glint-") && UUID(uuidString: String(summary.name.dropFirst(6))) != nil
            && !known.contains(summary.name)
        {
            let orphan = try await connection.domain(named: summary.name)
            guard try await orphan.xmlDescription().contains(configuration.instancesDirectory + "/") else { continue }
            if try await orphan.isActive() { try await orphan.destroy() }
            try await orphan.undefine()
            logger.info("Removed an orphan domain", metadata: ["domain.name": "\(summary.name)"])
        }
        let directories = (try? FileManager.default.contentsOfDirectory(atPath: configuration.instancesDirectory)) ?? []
        let ids = Set(instances.map(\.id))
        for name in directories where name != "_base" && UUID(uuidString: name) != nil && !ids.contains(name) {
            try? FileManager.default.removeItem(atPath: configuration.instancesDirectory + "/" + name)
            logger.info("Removed an orphan instance directory", metadata: ["instance.id": "\(name)"])
        }
    }
}

extension Launcher {
    /// Waits until the instance's guest agent answers (`--wait` in the CLI, and tests); returns how long it took.
    public func waitForGuestAgent(id: String, timeout: Duration, caller: Caller) async throws -> Duration {
        let instance = try await instance(id: id, caller: caller)
        guard let domain = try await domain(of: instance) else {
            throw LauncherError(.conflict, "Instance \(id) has no libvirt domain.")
        }
        return try await domain.waitForAgent(timeout: timeout, logger: logger)
    }

    /// Runs a raw guest-agent command (QEMU guest agent JSON) on the instance; for diagnostics and tests.
    public func agentCommand(id: String, _ command: String, caller: Caller) async throws -> String {
        let instance = try await instance(id: id, caller: caller)
        guard let domain = try await domain(of: instance) else {
            throw LauncherError(.conflict, "Instance \(id) has no libvirt domain.")
        }
        return try await domain.agentCommand(command)
    }
}
