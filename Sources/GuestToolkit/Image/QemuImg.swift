import QemuImage

/// qemu-img failures as the toolkit's errors.
extension GuestToolkitError {
    init(_ error: QemuImgError) {
        self.init(.toolFailed, "qemu-img \(error.arguments.first ?? "") failed", underlying: error.output)
    }
}

/// Runs a qemu-img call, turning its failure into a ``GuestToolkitError``.
func qemuImg(_ body: () throws(QemuImgError) -> Void) throws(GuestToolkitError) {
    do {
        try body()
    } catch {
        throw GuestToolkitError(error)
    }
}
