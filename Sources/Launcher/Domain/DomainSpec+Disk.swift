import Foundation

extension DomainSpec {
    /// A disk or CD-ROM backed by a file or a host block device.
    ///
    /// Disks use `cache='none'` (O_DIRECT, safe for live migration, what Nova uses for local images) and pass
    /// guest discards down (`discard='unmap'`) unless read-only.
    public struct Disk: Sendable, Hashable {
        /// The image file or block device on the host.
        public var source: Source
        /// The image format QEMU opens it as; always explicit, never probed.
        public var format: Format
        /// Disk or CD-ROM.
        public var device: Device = .disk
        /// The bus the guest sees it on.
        public var bus: Bus
        /// The target name (`vda`, `sda`, `hdc`): libvirt's slot, not necessarily the guest's device name.
        public var target: String
        /// Whether the guest may only read it; CD-ROMs always are.
        public var readOnly: Bool = false
        /// A serial the guest can find the disk by (`/dev/disk/by-id/virtio-<serial>`).
        public var serial: String?
        /// The boot order; when any disk has one, the firmware boots only from disks with one, in that order.
        public var bootOrder: Int?
        /// The host cache mode; `none` (O_DIRECT) needs a file system that supports it (not tmpfs).
        public var cache: CacheMode = .none
        /// I/O limits (`<iotune>`); `nil` for none.
        public var ioTune: IOTune?

        /// Creates a disk; `target` defaults to the first name of the bus (`vda`, `sda`, `hda`).
        public init(source: Source, format: Format, device: Device = .disk, bus: Bus = .virtio, target: String? = nil) {
            self.source = source
            self.format = format
            self.device = device
            self.bus = bus
            self.target = target ?? Self.targetName(bus: bus, index: 0)
            self.readOnly = device == .cdrom
        }

        /// Where the data is.
        public enum Source: Sendable, Hashable {
            /// An image file (`<disk type='file'><source file=…>`).
            case file(String)
            /// A host block device (`<disk type='block'><source dev=…>`).
            case block(String)

            /// The path, whichever kind.
            public var path: String {
                switch self {
                case .file(let path), .block(let path): path
                }
            }
        }

        /// A disk image format QEMU opens.
        public struct Format: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
            public var rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public init(stringLiteral value: String) { self.rawValue = value }

            public static let qcow2: Self = "qcow2"
            public static let raw: Self = "raw"
        }

        /// What the guest sees.
        public enum Device: String, Sendable, Hashable {
            case disk, cdrom
        }

        /// The bus, with the target name prefix Nova uses for it.
        public enum Bus: String, Sendable, Hashable {
            case virtio, sata, scsi, ide

            /// `vd` for virtio, `sd` for SATA and SCSI, `hd` for IDE.
            public var targetPrefix: String {
                switch self {
                case .virtio: "vd"
                case .sata, .scsi: "sd"
                case .ide: "hd"
                }
            }
        }

        /// A host cache mode (`<driver cache=…>`).
        public struct CacheMode: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
            public var rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public init(stringLiteral value: String) { self.rawValue = value }

            /// O_DIRECT, no host page cache.
            public static let none: Self = "none"
            /// The host page cache, flushed when the guest flushes.
            public static let writeback: Self = "writeback"
            /// The host page cache, never flushed: for throw-away disks only.
            public static let unsafe: Self = "unsafe"
        }

        /// The target name of the disk at `index` (from 0) on `bus`: `vda`, `vdb`, …, `vdz`, `vdaa`, ….
        public static func targetName(bus: Bus, index: Int) -> String {
            var suffix = ""
            var number = index
            repeat {
                suffix = String(UnicodeScalar(UInt8(97 + number % 26))) + suffix
                number = number / 26 - 1
            } while number >= 0
            return bus.targetPrefix + suffix
        }
    }

    /// Disk I/O limits (`<iotune>`), in bytes or operations per second; `nil` for no limit.
    ///
    /// ``init(extraSpecs:)`` reads them from a flavor's `quota:disk_*` extra specs, as Nova does for local disks.
    public struct IOTune: Sendable, Hashable {
        public var totalBytesPerSecond: UInt64?
        public var readBytesPerSecond: UInt64?
        public var writeBytesPerSecond: UInt64?
        public var totalIOPS: UInt64?
        public var readIOPS: UInt64?
        public var writeIOPS: UInt64?
        public var totalBytesPerSecondMax: UInt64?
        public var readBytesPerSecondMax: UInt64?
        public var writeBytesPerSecondMax: UInt64?
        public var totalIOPSMax: UInt64?
        public var readIOPSMax: UInt64?
        public var writeIOPSMax: UInt64?
        /// The size of one I/O operation for the IOPS limits, in bytes.
        public var sizeIOPS: UInt64?

        public init() {}

        /// Reads the limits from flavor extra specs such as `quota:disk_total_bytes_sec`; other keys are ignored.
        ///
        /// - Returns: `nil` when no limit is set.
        /// - Throws: ``DomainSpecError`` for a value that is not a non-negative integer.
        public init?(extraSpecs: [String: String]) throws(DomainSpecError) {
            self.init()
            var found = false
            for (element, keyPath) in Self.elements {
                guard let text = extraSpecs["quota:disk_\(element)"] else { continue }
                guard let value = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                    throw DomainSpecError("quota:disk_\(element) is not a non-negative integer: \(text)")
                }
                self[keyPath: keyPath] = value
                found = true
            }
            guard found else { return nil }
        }

        /// The `<iotune>` children in libvirt's order, with the property each comes from.
        static var elements: [(String, WritableKeyPath<IOTune, UInt64?>)] {
            [
                ("total_bytes_sec", \.totalBytesPerSecond),
                ("read_bytes_sec", \.readBytesPerSecond),
                ("write_bytes_sec", \.writeBytesPerSecond),
                ("total_iops_sec", \.totalIOPS),
                ("read_iops_sec", \.readIOPS),
                ("write_iops_sec", \.writeIOPS),
                ("total_bytes_sec_max", \.totalBytesPerSecondMax),
                ("read_bytes_sec_max", \.readBytesPerSecondMax),
                ("write_bytes_sec_max", \.writeBytesPerSecondMax),
                ("total_iops_sec_max", \.totalIOPSMax),
                ("read_iops_sec_max", \.readIOPSMax),
                ("write_iops_sec_max", \.writeIOPSMax),
                ("size_iops_sec", \.sizeIOPS),
            ]
        }
    }
}
