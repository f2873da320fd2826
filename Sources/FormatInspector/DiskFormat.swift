/// The disk formats the inspector can recognise.
///
/// The raw values are the names Glance and oslo.utils use (`vhd` is what qemu calls `vpc`), so a
/// detected format can be compared directly with a declared Glance `disk_format`.
public enum DiskFormat: String, Sendable, CaseIterable, Codable {
    case raw, qcow2, vmdk, vhd, vhdx, vdi, qed, iso, gpt, luks
}
