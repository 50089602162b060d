// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for learnd's parsers and decoders, kept out of the main build. The main package exports no
// libraries, so the targets they need are symlinks to its source folders (Sources/* here -> ../../../Sources/*).
// Build one with `swift build --sanitize=fuzzer --sanitize=address --product FuzzRecords` (see Tools/fuzz).
let package = Package(
    name: "learnd-fuzz",
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "LearnCore", dependencies: ["CKernels"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Wire"),
        .target(name: "Protocol", dependencies: ["LearnCore", "Wire"]),
        .target(name: "Config", dependencies: ["LearnCore"]),
        .target(name: "LZ4", dependencies: ["CLZ4"]),
        .target(name: "CheckpointFormat", dependencies: ["LearnCore", "LZ4"]),
        // What each target does with one input: plain functions, so a target's main.swift is one line.
        .target(name: "FuzzTargets", dependencies: ["Wire", "Protocol", "Config", "CheckpointFormat", "LearnCore"]),
        .executableTarget(name: "FuzzRecords", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "FuzzControl", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzTargets"]),
        .executableTarget(name: "FuzzCheckpoint", dependencies: ["FuzzTargets"]),
    ]
)
