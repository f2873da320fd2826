// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the upcoming features the
/// model codebases (Hummingbird, swift-subprocess) turn on.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// The C wrapper modules also keep their C imports internal, so no C type can leak into public API.
let wrapperSettings: [SwiftSetting] = swiftSettings + [
    .enableUpcomingFeature("InternalImportsByDefault")
]

let package = Package(
    name: "glint",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "glintd", targets: ["glintd"]),
        .executable(name: "glint", targets: ["glint"]),
        .library(name: "ImageStore", targets: ["ImageStore"]),
        .library(name: "GlintAPI", targets: ["GlintAPI"]),
        .library(name: "GlintClient", targets: ["GlintClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // MARK: C libraries, each behind a thin system-library target and one Swift wrapper.
        .systemLibrary(name: "CLibvirt", pkgConfig: "libvirt", providers: [.apt(["libvirt-dev"])]),
        .systemLibrary(name: "CLibguestfs", pkgConfig: "libguestfs", providers: [.apt(["libguestfs-dev"])]),
        .systemLibrary(name: "CLibarchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CLibxcrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),
        .target(
            name: "Libvirt",
            dependencies: [
                "CLibvirt",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: wrapperSettings
        ),
        .target(
            name: "Libguestfs",
            dependencies: [
                "CLibguestfs",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: wrapperSettings
        ),
        .target(
            name: "Libarchive",
            dependencies: ["CLibarchive", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: wrapperSettings
        ),
        .target(name: "Libxcrypt", dependencies: ["CLibxcrypt"], swiftSettings: wrapperSettings),

        // MARK: Image store
        /// JSON values with open keys, shared by the server and the client.
        .target(name: "GlintJSON", swiftSettings: swiftSettings),
        /// Linux calls that libc's Swift module does not expose (GNU extensions).
        .target(name: "CGlintLinux"),
        .target(
            name: "FormatInspector",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ImageStore",
            dependencies: [
                "FormatInspector",
                "CGlintLinux",
                "GlintJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GlintAPI",
            dependencies: [
                "ImageStore",
                "ImageTasks",
                "Launcher",
                "GuestToolkit",
                .product(name: "Crypto", package: "swift-crypto"),
                "ConfigDrive",
                "GlintJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GlintClient",
            dependencies: [
                "GlintJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Config drives
        .target(
            name: "ConfigDrive",
            dependencies: [
                "Libarchive",
                "GlintJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Guest toolkit
        /// `qemu-img` with every format named: overlays, commit, convert, resize.
        .target(name: "QemuImage", swiftSettings: swiftSettings),
        /// Whether hardware virtualization really works here (KVM), probed once; TCG otherwise.
        .target(
            name: "HostAccelerator",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        /// Guest network configuration files (ifupdown, netplan, NetworkManager, ifcfg, networkd, Alpine) rendered
        /// from Nova's network_data model.
        .target(
            name: "GuestNetwork",
            dependencies: ["ConfigDrive", "GlintJSON", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        /// Pre-boot inspection and customization of disk images through libguestfs.
        .target(
            name: "GuestToolkit",
            dependencies: [
                "Libguestfs",
                "Libxcrypt",
                "GuestNetwork",
                "QemuImage",
                "ConfigDrive",
                "FormatInspector",
                "HostAccelerator",
                "GlintJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Launcher
        /// Virtual machines on libvirt: the domain description (`DomainSpec` → XML) and, later, the lifecycle
        /// behind an OpenStack-compute-compatible API.
        .target(
            name: "Launcher",
            dependencies: [
                "Libvirt",
                "HostAccelerator",
                "ImageStore",
                "ConfigDrive",
                "GuestToolkit",
                "QemuImage",
                "FormatInspector",
                "GlintJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        /// Glance's tasks API: asynchronous work on stored images (server-side guest customization).
        .target(
            name: "ImageTasks",
            dependencies: [
                "ImageStore",
                "GuestToolkit",
                "GlintJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "glintd",
            dependencies: [
                "GlintAPI",
                "ImageStore",
                "ImageTasks",
                "GuestToolkit",
                "HostAccelerator",
                "Launcher",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "glint",
            dependencies: [
                "GlintClient",
                "GlintJSON",
                "ConfigDrive",
                "GuestToolkit",
                "GuestNetwork",
                "HostAccelerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "FormatInspectorTests", dependencies: ["FormatInspector"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ImageStoreTests",
            dependencies: ["ImageStore", "FormatInspector", "GlintJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GlintAPITests",
            dependencies: [
                "GlintAPI", "ImageStore", "ConfigDrive", "ImageTasks", "GuestToolkit", "Launcher",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConfigDriveTests",
            dependencies: ["ConfigDrive", "Libarchive", "GlintJSON", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NativeLibrariesTests",
            dependencies: [
                "Libvirt", "Libguestfs", "Libarchive", "Libxcrypt", "Launcher", "HostAccelerator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LauncherTests",
            dependencies: [
                "Launcher", "Libvirt", "HostAccelerator", "ImageStore", "GuestToolkit", "Libxcrypt",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GuestNetworkTests",
            dependencies: ["GuestNetwork", "ConfigDrive"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GuestToolkitTests",
            dependencies: [
                "GuestToolkit", "GuestNetwork", "ConfigDrive", "Libguestfs", "Libxcrypt", "HostAccelerator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
