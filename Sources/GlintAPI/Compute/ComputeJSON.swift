import Foundation
import GlintJSON
import Launcher

/// Nova's JSON shapes at microversion 2.1–2.6 (`nova/api/openstack/compute/views/servers.py`, `flavors.py`).
enum ComputeJSON {
    static func isoTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func links(_ base: String, _ kind: String, _ id: String) -> JSONValue {
        .array([
            .object(["rel": .string("self"), "href": .string("\(base)/compute/v2.1/\(kind)/\(id)")]),
            .object(["rel": .string("bookmark"), "href": .string("\(base)/compute/\(kind)/\(id)")]),
        ])
    }

    static func serverSummary(_ instance: Instance, base: String) -> JSONValue {
        .object(["id": .string(instance.id), "name": .string(instance.name), "links": links(base, "servers", instance.id)])
    }

    static func server(_ instance: Instance, base: String, host: String, mac: String) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(instance.id),
            "name": .string(instance.name),
            "status": .string(instance.status),
            "tenant_id": .string(instance.owner),
            "user_id": .string(instance.userID ?? ""),
            "metadata": .object(instance.metadata.mapValues(JSONValue.string)),
            "hostId": .string(hostID(owner: instance.owner, host: host)),
            "image": .object(["id": .string(instance.imageID), "links": links(base, "images", instance.imageID)]),
            "flavor": .object(["id": .string(instance.flavor.id), "links": links(base, "flavors", instance.flavor.id)]),
            "created": .string(isoTime(instance.createdAt)),
            "updated": .string(isoTime(instance.updatedAt)),
            "addresses": instance.vmState == .building ? .object([:]) : .object(["user": .array([.object([
                "version": .int(4), "addr": .string("10.0.2.15"), "OS-EXT-IPS:type": .string("fixed"),
                "OS-EXT-IPS-MAC:mac_addr": .string(mac),
            ])])]),
            "accessIPv4": .string(""), "accessIPv6": .string(""),
            "links": links(base, "servers", instance.id),
            "OS-DCF:diskConfig": .string("MANUAL"),
            "progress": .int(instance.status == "ACTIVE" ? 100 : 0),
            "OS-EXT-AZ:availability_zone": .string("nova"),
            "config_drive": .string(instance.configDrive ? "True" : ""),
            "key_name": instance.keyName.map(JSONValue.string) ?? .null,
            "OS-SRV-USG:launched_at": instance.launchedAt.map { .string(isoTime($0)) } ?? .null,
            "OS-SRV-USG:terminated_at": .null,
            "OS-EXT-STS:vm_state": .string(instance.vmState.rawValue),
            "OS-EXT-STS:task_state": instance.taskState.map { .string($0.rawValue) } ?? .null,
            "OS-EXT-STS:power_state": .int(Int64(instance.powerState.rawValue)),
            "os-extended-volumes:volumes_attached": .array([]),
            "security_groups": .array([.object(["name": .string("default")])]),
            "OS-EXT-SRV-ATTR:host": .string(host),
            "OS-EXT-SRV-ATTR:hypervisor_hostname": .string(host),
            "OS-EXT-SRV-ATTR:instance_name": .string(instance.domainName),
        ]
        if let fault = instance.fault, instance.vmState == .error {
            object["fault"] = .object([
                "code": .int(Int64(fault.code)), "message": .string(fault.message), "created": .string(isoTime(fault.created)),
            ])
        }
        return .object(object)
    }

    /// Nova's `hostId`: sha224 of project id + host, so tenants can tell co-located servers apart without host names.
    static func hostID(owner: String, host: String) -> String {
        SHA224Text.hex(owner + host)
    }

    static func flavorSummary(_ flavor: Flavor, base: String) -> JSONValue {
        .object(["id": .string(flavor.id), "name": .string(flavor.name), "links": links(base, "flavors", flavor.id)])
    }

    static func flavor(_ flavor: Flavor, base: String) -> JSONValue {
        .object([
            "id": .string(flavor.id), "name": .string(flavor.name), "ram": .int(Int64(flavor.ramMiB)),
            "disk": .int(Int64(flavor.diskGiB)), "vcpus": .int(Int64(flavor.vcpus)),
            "OS-FLV-EXT-DATA:ephemeral": .int(Int64(flavor.ephemeralGiB)),
            "swap": flavor.swapMiB == 0 ? .string("") : .int(Int64(flavor.swapMiB)),
            "rxtx_factor": .double(1.0), "os-flavor-access:is_public": .bool(flavor.isPublic),
            "OS-FLV-DISABLED:disabled": .bool(false), "links": links(base, "flavors", flavor.id),
        ])
    }
}
