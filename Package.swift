// swift-tools-version:6.0
import PackageDescription

// Dependencies point inward: executables -> runner/daemon -> formats -> LearnCore.
// LearnCore needs only the standard library.
let package = Package(
    name: "learnd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "learnd", targets: ["learnd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // C libraries, entered once each.
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // Pure: the learning core (no I/O, no clocks, no globals).
        // Optimised even in debug builds: the numeric kernels are ~100x slower at -Onone, which
        // would make the integration tests (real learnd runs over real streams) crawl.
        .target(name: "LearnCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Pure: records, replies and JSON over bytes.
        .target(name: "Wire"),
        // Pure: TOML subset + typed learnd configuration.
        .target(name: "Config", dependencies: ["LearnCore"]),
        // Thin typed wrappers over the C libraries.
        .target(name: "LZ4", dependencies: ["CLZ4"]),
        .target(name: "Systemd", dependencies: ["CSystemd"]),
        // The edge: `learnd stream`, the batch runner over files.
        .target(name: "StreamRunner", dependencies: [
            "LearnCore", "Wire", "Config",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .executableTarget(name: "learnd", dependencies: [
            "StreamRunner", "Config", "Wire", "LearnCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "LearnCoreTests", dependencies: ["LearnCore"]),
        .testTarget(name: "WireTests", dependencies: ["Wire"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(name: "LZ4Tests", dependencies: ["LZ4"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Wire"]),
    ]
)
