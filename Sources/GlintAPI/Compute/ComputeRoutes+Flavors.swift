import Foundation
import GlintJSON
import Hummingbird
import Launcher

extension ComputeRoutes {
    func listFlavors(detail: Bool) -> Handler {
        { request, _, _ in
            let flavors = try await launcher.store.flavors()
            let base = Self.base(request)
            return JSONBody.response(.object([
                "flavors": .array(flavors.map { detail ? ComputeJSON.flavor($0, base: base) : ComputeJSON.flavorSummary($0, base: base) })
            ]))
        }
    }

    @Sendable func showFlavor(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let id = try context.pathParameter("id")
        guard let flavor = try await launcher.store.flavor(idOrName: id), flavor.id == id else {
            throw ComputeError.notFound("Flavor \(id) could not be found.")
        }
        return JSONBody.response(.object(["flavor": ComputeJSON.flavor(flavor, base: Self.base(request))]))
    }

    @Sendable func flavorExtraSpecs(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let id = try context.pathParameter("id")
        guard let flavor = try await launcher.store.flavor(idOrName: id), flavor.id == id else {
            throw ComputeError.notFound("Flavor \(id) could not be found.")
        }
        return JSONBody.response(.object(["extra_specs": .object(flavor.extraSpecs.mapValues(JSONValue.string))]))
    }

    /// `POST /flavors` (admin): Nova's body `{"flavor": {"name", "ram", "vcpus", "disk", "id"?, "swap"?,
    /// "OS-FLV-EXT-DATA:ephemeral"?, "os-flavor-access:is_public"?}}`.
    @Sendable func createFlavor(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        guard context.caller.isAdmin else {
            throw ComputeError(status: .forbidden, message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
        }
        guard case .object(let fields)? = try await Self.body(request, context: context)["flavor"] else {
            throw ComputeError.badRequest("Invalid input for field/attribute flavor.")
        }
        func number(_ key: String, required: Bool = true) throws -> Int {
            guard let value = fields[key], value != .null else {
                if required { throw ComputeError.badRequest("Invalid input for field/attribute flavor. Value: '\(key)' is a required property") }
                return 0
            }
            if case .string(let text) = value, text.isEmpty, !required { return 0 }
            guard let integer = value.integerValue ?? value.stringValue.flatMap({ Int64($0) }), integer >= 0 else {
                throw ComputeError.badRequest("Invalid input for field/attribute \(key).")
            }
            return Int(integer)
        }
        guard let name = fields["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ComputeError.badRequest("Invalid input for field/attribute name.")
        }
        let flavor = Flavor(
            id: fields["id"]?.stringValue ?? UUID().uuidString.lowercased(), name: name,
            vcpus: try number("vcpus"), ramMiB: try number("ram"), diskGiB: try number("disk"),
            ephemeralGiB: try number("OS-FLV-EXT-DATA:ephemeral", required: false), swapMiB: try number("swap", required: false),
            isPublic: fields["os-flavor-access:is_public"]?.boolValue ?? true)
        guard flavor.vcpus > 0, flavor.ramMiB > 0 else {
            throw ComputeError.badRequest("Invalid input: vcpus and ram must be at least 1.")
        }
        try await launcher.store.insert(flavor)
        return JSONBody.response(.object(["flavor": ComputeJSON.flavor(flavor, base: Self.base(request))]))
    }

    @Sendable func deleteFlavor(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        guard context.caller.isAdmin else {
            throw ComputeError(status: .forbidden, message: "Policy doesn't allow os_compute_api:os-flavor-manage:delete to be performed.")
        }
        let id = try context.pathParameter("id")
        guard try await launcher.store.deleteFlavor(id: id) else {
            throw ComputeError.notFound("Flavor \(id) could not be found.")
        }
        return Response(status: .accepted)
    }

    // MARK: Hypervisors

    func hypervisors(detail: Bool) -> Handler {
        { _, context, _ in
            let facts = try await launcher.hostFacts()
            return JSONBody.response(.object(["hypervisors": .array([hypervisor(facts, detail: detail)])]))
        }
    }

    @Sendable func showHypervisor(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let facts = try await launcher.hostFacts()
        let id = try context.pathParameter("id")
        guard id == "1" || id == facts.hostname else {
            throw ComputeError.notFound("Hypervisor with ID '\(id)' could not be found.")
        }
        return JSONBody.response(.object(["hypervisor": hypervisor(facts, detail: true)]))
    }

    /// The one hypervisor of this host, in Nova's 2.1 shape (integer id 1).
    func hypervisor(_ facts: HostFacts, detail: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(1), "hypervisor_hostname": .string(facts.hostname), "state": .string("up"), "status": .string("enabled"),
        ]
        guard detail else { return .object(object) }
        let qemu = facts.qemuVersion.split(separator: ".").compactMap { Int64($0) }
        let qemuNumber = qemu.count == 3 ? qemu[0] * 1_000_000 + qemu[1] * 1000 + qemu[2] : 0
        object["vcpus"] = .int(Int64(facts.cpus))
        object["memory_mb"] = .int(Int64(facts.memoryMiB))
        object["free_ram_mb"] = .int(Int64(facts.freeMemoryMiB))
        object["memory_mb_used"] = .int(Int64(facts.memoryMiB - min(facts.memoryMiB, facts.freeMemoryMiB)))
        object["running_vms"] = .int(Int64(facts.runningInstances))
        object["hypervisor_type"] = .string("QEMU")
        object["hypervisor_version"] = .int(qemuNumber)
        object["host_ip"] = .string("127.0.0.1")
        // Nova's cpu_info is a free-form JSON string; Glint puts the host facts `glint host info` shows there.
        let cpuInfo: [String: Any] = [
            "model": facts.cpuModel, "accelerator": facts.accelerator, "accelerator_reason": facts.acceleratorReason,
            "libvirt_version": facts.libvirtVersion, "qemu_version": facts.qemuVersion, "uptime_seconds": facts.uptimeSeconds,
        ]
        let cpuInfoData = (try? JSONSerialization.data(withJSONObject: cpuInfo, options: [.sortedKeys])) ?? Data()
        object["cpu_info"] = .string(String(decoding: cpuInfoData, as: UTF8.self))
        object["vcpus_used"] = .int(0)
        object["local_gb"] = .int(0)
        object["local_gb_used"] = .int(0)
        object["free_disk_gb"] = .int(0)
        object["disk_available_least"] = .int(0)
        object["current_workload"] = .int(0)
        object["service"] = .object(["host": .string(facts.hostname), "id": .int(1), "disabled_reason": .null])
        return .object(object)
    }
}
