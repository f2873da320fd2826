import Foundation
import Hummingbird
import ImageStore
import GlintJSON

/// The JSON-schema documents of `/v2/schemas/*`, as Glance publishes them.
///
/// glanceclient builds its image model from `/v2/schemas/image` and validates every change against it, so the
/// types, enums and `additionalProperties: {"type": "string"}` must be Glance's; `is_base: false` marks the
/// well-known optional properties that clients treat as custom ones.
enum SchemaDocuments {
    static let uuidPattern = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"

    static let imageProperties: String = """
        {
          "id": {"type": "string", "readOnly": true, "description": "An identifier for the image", "pattern": "\(uuidPattern)"},
          "name": {"type": ["null", "string"], "readOnly": false, "description": "Descriptive name for the image", "maxLength": 255},
          "status": {"type": "string", "readOnly": true, "description": "Status of the image",
                     "enum": ["queued", "saving", "active", "killed", "deleted", "uploading", "importing", "pending_delete", "deactivated"]},
          "visibility": {"type": "string", "readOnly": false, "description": "Scope of image accessibility",
                         "enum": ["community", "public", "private", "shared"]},
          "protected": {"type": "boolean", "readOnly": false, "description": "If true, image will not be deletable."},
          "os_hidden": {"type": "boolean", "readOnly": false, "description": "If true, image will not appear in default image list response."},
          "checksum": {"type": ["null", "string"], "readOnly": true, "description": "md5 hash of image contents.", "maxLength": 32},
          "os_hash_algo": {"type": ["null", "string"], "readOnly": true, "description": "Algorithm to calculate the os_hash_value", "maxLength": 64},
          "os_hash_value": {"type": ["null", "string"], "readOnly": true, "description": "Hexdigest of the image contents using the algorithm specified by the os_hash_algo", "maxLength": 128},
          "owner": {"type": ["null", "string"], "readOnly": false, "description": "Owner of the image", "maxLength": 255},
          "size": {"type": ["null", "integer"], "readOnly": true, "description": "Size of image file in bytes"},
          "virtual_size": {"type": ["null", "integer"], "readOnly": true, "description": "Virtual size of image in bytes"},
          "container_format": {"type": ["null", "string"], "readOnly": false, "description": "Format of the container",
                               "enum": [null, "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]},
          "disk_format": {"type": ["null", "string"], "readOnly": false, "description": "Format of the disk",
                          "enum": [null, "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]},
          "created_at": {"type": "string", "readOnly": true, "description": "Date and time of image registration"},
          "updated_at": {"type": "string", "readOnly": true, "description": "Date and time of the last image modification"},
          "tags": {"type": "array", "description": "List of strings related to the image", "items": {"type": "string", "maxLength": 255}},
          "direct_url": {"type": "string", "readOnly": true, "description": "URL to access the image file kept in external store"},
          "min_ram": {"type": "integer", "readOnly": false, "description": "Amount of ram (in MB) required to boot image."},
          "min_disk": {"type": "integer", "readOnly": false, "description": "Amount of disk space (in GB) required to boot image."},
          "self": {"type": "string", "readOnly": true, "description": "An image self url"},
          "file": {"type": "string", "readOnly": true, "description": "An image file url"},
          "stores": {"type": "string", "readOnly": true, "description": "Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers."},
          "schema": {"type": "string", "readOnly": true, "description": "An image schema url"},
          "locations": {"type": "array", "description": "A set of URLs to access the image file kept in external store",
                        "items": {"type": "object", "properties": {"url": {"type": "string", "maxLength": 255},
                                  "metadata": {"type": "object"}, "validation_data": {"type": "object"}},
                                  "required": ["url", "metadata"]}},
          "kernel_id": {"type": ["null", "string"], "pattern": "\(uuidPattern)", "description": "ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.", "is_base": false},
          "ramdisk_id": {"type": ["null", "string"], "pattern": "\(uuidPattern)", "description": "ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.", "is_base": false},
          "instance_uuid": {"type": "string", "description": "Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)", "is_base": false},
          "architecture": {"type": "string", "description": "Operating system architecture as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html", "is_base": false},
          "os_distro": {"type": "string", "description": "Common name of operating system distribution as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html", "is_base": false},
          "os_version": {"type": "string", "description": "Operating system version as specified by the distributor.", "is_base": false},
          "description": {"type": "string", "description": "A human-readable string describing this image.", "is_base": false},
          "cinder_encryption_key_id": {"type": "string", "description": "Identifier in the OpenStack Key Management Service for the encryption key for the Block Storage Service to use when mounting a volume created from this image", "is_base": false},
          "cinder_encryption_key_deletion_policy": {"type": "string", "enum": ["on_image_deletion", "do_not_delete"], "description": "States the condition under which the Image Service will delete the object associated with the 'cinder_encryption_key_id' image property.  If this property is missing, the Image Service will take no action", "is_base": false}
        }
        """

    static let imageLinks = """
        [{"rel": "self", "href": "{self}"}, {"rel": "enclosure", "href": "{file}"}, {"rel": "describedby", "href": "{schema}"}]
        """

    static let image: JSONValue = parse("""
        {"name": "image", "properties": \(imageProperties), "additionalProperties": {"type": "string"}, "links": \(imageLinks)}
        """)

    static let images: JSONValue = parse("""
        {"name": "images",
         "properties": {"images": {"type": "array", "items": {"name": "image", "properties": \(imageProperties),
                                   "additionalProperties": {"type": "string"}, "links": \(imageLinks)}},
                        "schema": {"type": "string"}, "first": {"type": "string"}, "next": {"type": "string"}},
         "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"}, {"rel": "describedby", "href": "{schema}"}]}
        """)

    static let memberProperties = """
        {"member_id": {"type": "string", "description": "An identifier for the image member (tenantId)"},
         "image_id": {"type": "string", "description": "An identifier for the image", "pattern": "\(uuidPattern)"},
         "created_at": {"type": "string", "description": "Date and time of image member creation"},
         "updated_at": {"type": "string", "description": "Date and time of last modification of image member"},
         "status": {"type": "string", "description": "The status of this image member", "enum": ["pending", "accepted", "rejected"]},
         "schema": {"type": "string", "readOnly": true}}
        """

    static let member: JSONValue = parse("""
        {"name": "member", "properties": \(memberProperties)}
        """)

    static let members: JSONValue = parse("""
        {"name": "members", "properties": {"members": {"type": "array", "items": {"name": "member", "properties": \(memberProperties)}},
         "schema": {"type": "string"}}, "links": [{"rel": "describedby", "href": "{schema}"}]}
        """)

    static let taskProperties = """
        {"id": {"type": "string", "pattern": "\(uuidPattern)", "description": "An identifier for the task"},
         "type": {"type": "string", "enum": ["import", "api_image_import", "location_import", "customize"], "description": "The type of task represented by this content (customize: Glint's server-side guest customization)"},
         "status": {"type": "string", "enum": ["pending", "processing", "success", "failure"], "description": "The current status of this task"},
         "input": {"type": ["null", "object"], "description": "The parameters required by task, JSON blob"},
         "result": {"type": ["null", "object"], "description": "The result of current task, JSON blob"},
         "owner": {"type": "string", "description": "An identifier for the owner of this task"},
         "message": {"type": "string", "description": "Human-readable informative message only included when appropriate (usually on failure)"},
         "image_id": {"type": "string", "description": "Image associated with the task"},
         "request_id": {"type": "string", "description": "Human-readable informative request-id"},
         "user_id": {"type": "string", "description": "User associated with the task"},
         "expires_at": {"type": ["null", "string"], "description": "Datetime when this resource would be subject to removal"},
         "created_at": {"type": "string", "description": "Datetime when this resource was created"},
         "updated_at": {"type": "string", "description": "Datetime when this resource was updated"},
         "self": {"type": "string"}, "schema": {"type": "string"}}
        """

    static let task: JSONValue = parse("""
        {"name": "task", "properties": \(taskProperties)}
        """)

    static let tasks: JSONValue = parse("""
        {"name": "tasks", "properties": {"tasks": {"type": "array", "items": {"name": "task", "properties": \(taskProperties)}},
         "schema": {"type": "string"}, "first": {"type": "string"}, "next": {"type": "string"}},
         "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"}, {"rel": "describedby", "href": "{schema}"}]}
        """)

    /// glanceclient fetches the metadefs schemas once to fill its cache; Glint has no metadefs API, so these
    /// describe the documents without serving any.
    static let metadefsNamespace: JSONValue = parse("""
        {"name": "namespace", "properties": {"namespace": {"type": "string", "maxLength": 80},
         "display_name": {"type": "string", "maxLength": 80}, "description": {"type": "string", "maxLength": 500},
         "visibility": {"type": "string", "enum": ["public", "private"]}, "protected": {"type": "boolean"},
         "owner": {"type": "string", "maxLength": 255}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
         "schema": {"type": "string", "readOnly": true}, "self": {"type": "string", "readOnly": true}},
         "required": ["namespace"], "additionalProperties": false}
        """)

    static let metadefsResourceType: JSONValue = parse("""
        {"name": "resource_type_association", "properties": {"name": {"type": "string", "maxLength": 80},
         "prefix": {"type": "string", "maxLength": 80}, "properties_target": {"type": "string", "maxLength": 80},
         "created_at": {"type": "string"}, "updated_at": {"type": "string"}},
         "required": ["name"], "additionalProperties": false}
        """)

    static let all: [String: JSONValue] = [
        "image": image, "images": images, "member": member, "members": members, "task": task, "tasks": tasks,
        "metadefs/namespace": metadefsNamespace, "metadefs/resource_type": metadefsResourceType,
    ]

    static func parse(_ text: String) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            preconditionFailure("schema document is not valid JSON: \(error)")
        }
    }

    static func register(on table: RouteTable) {
        for (name, document) in all {
            table.path(RouterPath("/v2/schemas/" + name)) { _, _ in JSONBody.response(document) }
        }
    }
}
