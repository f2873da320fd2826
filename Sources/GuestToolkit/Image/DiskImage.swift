public import FormatInspector
import Foundation

/// A disk image file on this host that the format inspector accepted, with its format named explicitly.
///
/// libguestfs and QEMU are always told the format: letting them probe would let a guest-written raw image pose
/// as qcow2 with a backing file pointing at a host file. So the image is first read by Glint's own inspector
/// (the image store's), which refuses unsafe images (backing files, external data files, bad headers) and a
/// declared format that does not match the content.
public struct DiskImage: Sendable, Equatable {
    /// Absolute path of the file.
    public var path: String
    /// `raw` or `qcow2`: the formats Glint customizes.
    public var format: DiskFormat
    /// Size of the disk the guest sees.
    public var virtualSize: Int64

    /// The formats libguestfs is given by Glint; others are refused with a pointer to `qemu-img convert`.
    public static let customizableFormats: Set<DiskFormat> = [.raw, .qcow2]

    /// Inspects the file at `path` and checks it against `declaredFormat` (`nil`: take what the inspector finds).
    /// - Throws: ``GuestToolkitError/Code/imageNotFound`` when there is no readable file,
    ///   ``GuestToolkitError/Code/imageRefused`` when the inspector refuses it or the format is not customizable.
    public init(path: String, declaredFormat: String? = nil) throws(GuestToolkitError) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw GuestToolkitError(.imageNotFound, "no image file at \(path)")
        }
        guard FileManager.default.isReadableFile(atPath: absolute) else {
            throw GuestToolkitError(.imageNotFound, "the image \(path) is not readable")
        }
        let report: InspectionReport
        do {
            let detected = try FormatInspector.inspect(fileAt: absolute)
            report = try FormatPolicy.verify(declaredFormat: declaredFormat ?? detected.format.rawValue, report: detected)
        } catch let error as FormatInspectionError {
            throw GuestToolkitError(.imageRefused, "the image \(path) is refused", underlying: error.description)
        } catch {
            throw GuestToolkitError(.imageNotFound, "cannot read the image \(path)", underlying: "\(error)")
        }
        guard Self.customizableFormats.contains(report.format) else {
            throw GuestToolkitError(
                .imageRefused,
                "the image \(path) is \(report.format.rawValue); Glint customizes raw and qcow2 images "
                    + "(convert it with qemu-img convert -f \(report.format.rawValue) -O qcow2)")
        }
        self.path = absolute
        self.format = report.format
        self.virtualSize = report.virtualSize
    }

    /// A disk Glint made itself and so need not inspect: the launcher's root disk, a qcow2 overlay whose backing
    /// file and format Glint named (`-F`), which the inspector would refuse for having a backing file.
    public init(glintOverlay path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
        self.format = .qcow2
        self.virtualSize = 0
    }
}
