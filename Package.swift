// swift-tools-version:6.0
import PackageDescription

// Dependencies point inward: executables -> runner/daemon -> formats -> LearnCore.
// LearnCore needs only the standard library.
let package = Package(
    name: "learnd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "learnd", targets: ["learnd"]),
        .executable(name: "learnctl", targets: ["learnctl"]),
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
        // Release builds leave out the dynamic exclusivity checks (swift_beginAccess on every access to
        // the learner's arrays inside a step); debug builds, which the tests run, keep them.
        .target(name: "LearnCore", dependencies: ["CKernels"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug)),
                                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Pure: LearnCore's layer kernels in C, one set per x86-64 instruction set (AVX-512, AVX2+FMA,
        // SSE2) chosen once at start, a portable set elsewhere. Optimised in debug builds too.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Pure: records, replies and JSON over bytes.
        .target(name: "Wire"),
        // Pure: the control protocol (requests, responses, status keys) spoken by learnd and learnctl.
        .target(name: "Protocol", dependencies: ["LearnCore", "Wire"]),
        // Pure: the one path of a parsed record to the learner (learn, predict, reject), shared by
        // `learnd stream` and `learnd serve`, and the one record parser built from a configuration.
        .target(name: "RecordPath", dependencies: ["LearnCore", "Wire", "Config", "Protocol"]),
        // Pure: the Prometheus/OpenMetrics text exposition of learnd's figures, and the HTTP request head of a scrape.
        .target(name: "Prometheus", dependencies: ["Wire"]),
        // Pure: TOML subset + typed learnd configuration.
        .target(name: "Config", dependencies: ["LearnCore"]),
        // Pure: the versioned checkpoint container inside one LZ4 frame.
        .target(name: "CheckpointFormat", dependencies: ["LearnCore", "LZ4"]),
        // Thin typed wrappers over the C libraries.
        .target(name: "LZ4", dependencies: ["CLZ4"]),
        .target(name: "Systemd", dependencies: ["CSystemd"]),
        // What Glibc's Swift module hides (struct ucred, accept4, signalfd, ...), behind prefixed C functions.
        .target(name: "CLinuxShims", cSettings: [.define("_GNU_SOURCE")]),
        // Typed syscalls: Unix sockets, poll, signalfd, eventfd, peer credentials.
        .target(name: "Posix", dependencies: ["CLinuxShims", .product(name: "SystemPackage", package: "swift-system")]),
        // Durable files: atomic write (temp, fsync, rename, fsync dir), rotation, newest-valid lookup.
        .target(name: "Storage", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        // The edge: `learnd serve` (poll loop, learner and writer threads, control, systemd).
        .target(name: "Daemon", dependencies: [
            "LearnCore", "Wire", "Protocol", "Config", "RecordPath", "CheckpointFormat", "Storage", "Systemd", "Posix",
            "Prometheus",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // The edge: `learnd stream`, the batch runner over files.
        .target(name: "StreamRunner", dependencies: [
            "LearnCore", "Wire", "Protocol", "Config", "RecordPath",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .executableTarget(name: "learnd", dependencies: [
            "StreamRunner", "Daemon", "Config", "Wire", "RecordPath", "LearnCore", "Posix", "CheckpointFormat", "Storage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // learnctl never links Daemon or Systemd (libsystemd alone costs ~1.2 MiB of RSS).
        .executableTarget(name: "learnctl", dependencies: [
            "LearnCore", "Wire", "Protocol", "Config", "RecordPath", "CheckpointFormat", "Storage", "Posix",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers shared by the test targets (seeded random inputs).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LearnCoreTests", dependencies: ["LearnCore"]),
        .testTarget(name: "PrometheusTests", dependencies: ["Prometheus"]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd"]),
        .testTarget(name: "WireTests", dependencies: ["Wire", "TestSupport"]),
        .testTarget(name: "ProtocolTests", dependencies: ["Protocol", "Wire", "LearnCore"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Protocol", "Wire", "LearnCore"]),
        .testTarget(name: "RecordPathTests", dependencies: ["RecordPath", "TestSupport"]),
        .testTarget(name: "CheckpointFormatTests", dependencies: ["CheckpointFormat", "TestSupport"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "PosixTests", dependencies: ["Posix"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(name: "LZ4Tests", dependencies: ["LZ4", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Wire"]),
    ]
)
