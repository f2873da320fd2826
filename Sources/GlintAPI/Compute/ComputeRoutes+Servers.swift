import Foundation
import GlintJSON
import GuestToolkit
import HTTPTypes
import Hummingbird
import ImageStore
import Launcher

extension ComputeRoutes {
    func serverJSON(_ instance: Instance, _ request: Request) -> JSONValue {
        ComputeJSON.server(instance, base: Self.base(request), host: launcher.hostName, mac: Launcher.macAddress(for: instance))
    }

    func listServers(detail: Bool) -> Handler {
        { request, context, _ in
            var instances = try await launcher.instances(caller: context.caller)
            for (key, value) in QueryString.items(of: request) {
                switch key {
                case "name": instances = instances.filter { $0.name.range(of: value, options: .regularExpression) != nil }
                case "status": instances = instances.filter { $0.status == value.uppercased() }
                default: continue  // Nova ignores filters it does not know for non-admins
                }
            }
            var servers: [JSONValue] = []
            for instance in instances {
                servers.append(detail ? serverJSON(instance, request) : ComputeJSON.serverSummary(instance, base: Self.base(request)))
            }
            return JSONBody.response(.object(["servers": .array(servers)]))
        }
    }

    @Sendable func showServer(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let instance = try await launcher.instance(id: try context.pathParameter("id"), caller: context.caller)
        return JSONBody.response(.object(["server": serverJSON(instance, request)]))
    }

    /// `POST /servers`: Nova's create request. 202 with the id, links and an admin password, and `Location`.
    @Sendable func createServer(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        guard case .object(let fields)? = try await Self.body(request, context: context)["server"] else {
            throw ComputeError.badRequest("Invalid input for field/attribute server.")
        }
        guard let name = fields["name"]?.stringValue else {
            throw ComputeError.badRequest("Invalid input for field/attribute server. Value: 'name' is a required property")
        }
        guard let flavorRef = fields["flavorRef"].flatMap(Self.reference) else {
            throw ComputeError.badRequest("Invalid input for field/attribute server. Value: 'flavorRef' is a required property")
        }
        guard let imageRef = fields["imageRef"].flatMap(Self.reference), !imageRef.isEmpty else {
            throw ComputeError.badRequest("Glint boots servers from images only: imageRef is required.")
        }
        var boot = BootRequest(name: name, flavorRef: flavorRef, imageRef: imageRef)
        boot.keyName = fields["key_name"]?.stringValue
        boot.userData = fields["user_data"]?.stringValue
        if case .object(let metadata)? = fields["metadata"] {
            boot.metadata = metadata.compactMapValues(\.stringValue)
        }
        boot.configDrive = fields["config_drive"]?.boolValue ?? (fields["config_drive"]?.stringValue).map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        boot.customization = try Self.customization(personality: fields["personality"], plan: fields["glint:customization"])
        let password = fields["adminPass"]?.stringValue ?? Self.randomPassword()
        boot.adminPassword = password
        let instance = try await launcher.boot(boot, caller: context.caller)
        let base = Self.base(request)
        var headers = HTTPFields()
        headers[.location] = "\(base)/compute/v2.1/servers/\(instance.id)"
        return JSONBody.response(
            .object(["server": .object([
                "id": .string(instance.id), "links": ComputeJSON.links(base, "servers", instance.id),
                "OS-DCF:diskConfig": .string("MANUAL"), "security_groups": .array([.object(["name": .string("default")])]),
                "adminPass": .string(password),
            ])]),
            status: .accepted, headers: headers)
    }

    @Sendable func deleteServer(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        try await launcher.delete(id: try context.pathParameter("id"), caller: context.caller)
        return Response(status: .noContent)
    }

    @Sendable func diagnostics(_ request: Request, context: GlintRequestContext, version: Microversion) async throws -> Response {
        let facts = try await launcher.diagnostics(id: try context.pathParameter("id"), caller: context.caller)
        var object: [String: JSONValue] = [
            "state": .string(facts.state), "cpu_time_ns": .int(Int64(facts.cpuTimeNanoseconds)),
            "memory": .int(Int64(facts.memoryKiB)), "vcpus": .int(Int64(facts.vcpus)),
        ]
        if let read = facts.diskReadBytes { object["vda_read"] = .int(read) }
        if let write = facts.diskWriteBytes { object["vda_write"] = .int(write) }
        // Nova's 2.1 diagnostics are a free-form dict per driver; Glint adds what the guest agent reports.
        if let agent = facts.agent {
            object["guest_agent"] = .object(agent.parameters.mapValues(JSONValue.string))
        }
        return JSONBody.response(.object(object))
    }

    /// Pre-boot customization from the request: Nova's `personality` (file injection, in the API up to 2.56:
    /// `[{"path", "contents" (base64)}]`, what `openstack server create --file` sends) becomes `write` operations, and
    /// Glint's extension `glint:customization` carries a whole plan (`{"operations": [...]}`, see
    /// Docs/guest-toolkit.md; `upload` refused). Both run on the instance's own disk before its first boot.
    static func customization(personality: JSONValue?, plan: JSONValue?) throws -> CustomizationPlan? {
        var operations: [GuestOperation] = []
        if case .array(let files)? = personality {
            for file in files {
                guard case .object(let entry) = file, let path = entry["path"]?.stringValue,
                    let contents = entry["contents"]?.stringValue, let data = Data(base64Encoded: contents)
                else {
                    throw ComputeError.badRequest("Invalid input for field/attribute personality: each entry needs path and base64 contents.")
                }
                do {
                    operations.append(.write(path: try GuestPath(path), content: Array(data), attributes: FileAttributes()))
                } catch {
                    throw ComputeError.badRequest("Invalid input for field/attribute personality: \(error.message)")
                }
            }
        }
        if let plan, plan != .null {
            do {
                let parsed = try CustomizationPlan(json: try JSONEncoder().encode(plan))
                guard !parsed.readsHostFiles else {
                    throw ComputeError.badRequest("glint:customization: upload reads files on the server; use write")
                }
                operations += parsed.operations
            } catch let error as GuestToolkitError {
                throw ComputeError.badRequest("glint:customization: \(error.message)")
            }
        }
        return operations.isEmpty ? nil : CustomizationPlan(operations)
    }

    /// A flavor or image reference: an id, or a URL ending in one (Nova accepts both).
    static func reference(_ value: JSONValue) -> String? {
        guard let text = value.stringValue ?? value.integerValue.map(String.init) else { return nil }
        return text.split(separator: "/").last.map(String.init) ?? text
    }

    /// 12 characters, as Nova's `generate_password` default length.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
