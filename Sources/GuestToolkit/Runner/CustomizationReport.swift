public import GuestNetwork
public import HostAccelerator

/// What a customization did to one image: one line per operation, generated secrets, and what it cost.
public struct CustomizationReport: Sendable, Equatable, Codable {
    /// The image that was changed, or the new file written.
    public var image: String
    public var system: GuestSystem?
    public var operations: [OperationOutcome] = []
    /// Passwords made by `random` selectors, by user: shown once to the caller, never logged.
    public var generatedPasswords: [String: String] = [:]
    /// The renderer `inject-network` used.
    public var networkRenderer: NetworkRenderer?
    /// The files `inject-network` wrote, guest paths.
    public var networkFiles: [String] = []
    /// Appliance launches for this plan (1; shared by every image of a batch).
    public var applianceLaunches = 1
    public var accelerator: Accelerator?
    /// Seconds from the start of the launch to the appliance's clean shutdown.
    public var applianceSeconds: Double = 0

    public init(image: String) {
        self.image = image
    }
}

/// Where a customization's result goes.
public enum CustomizationOutput: Sendable, Equatable {
    /// Back into the image itself, once every operation succeeded.
    case inPlace
    /// Into a new file in `format` (`raw` or `qcow2`); the source image is never changed.
    case newImage(path: String, format: String)
}

/// One image and its plan, for ``GuestCustomizer/customize(_:progress:)``.
public struct CustomizationJob: Sendable {
    public var image: DiskImage
    public var plan: CustomizationPlan
    public var output: CustomizationOutput

    public init(image: DiskImage, plan: CustomizationPlan, output: CustomizationOutput = .inPlace) {
        self.image = image
        self.plan = plan
        self.output = output
    }
}

/// The steps of a customization, for progress displays and task messages.
public enum CustomizationStage: Sendable, Equatable, CustomStringConvertible {
    case preparing
    case launching(accelerator: Accelerator)
    case inspecting(image: Int)
    case applying(image: Int, operation: Int, of: Int, name: String)
    case shuttingDown
    case writing(image: Int)
    case done

    public var description: String {
        switch self {
        case .preparing: "preparing overlays"
        case .launching(let accelerator): "launching the appliance (\(accelerator))"
        case .inspecting(let image): "inspecting image \(image + 1)"
        case .applying(let image, let operation, let count, let name):
            "image \(image + 1): operation \(operation + 1)/\(count) \(name)"
        case .shuttingDown: "shutting down the appliance"
        case .writing(let image): "writing image \(image + 1)"
        case .done: "done"
        }
    }
}
