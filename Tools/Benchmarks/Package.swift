// swift-tools-version:6.0
import PackageDescription

// Benchmarks of the checkpoint layer and the record parser, kept out of the main build. The main package exports no libraries,
// so the targets it needs are symlinks to the main package's source folders (Sources/* here -> ../../../Sources/*).
let package = Package(
    name: "learnd-benchmarks",
    dependencies: [
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .target(name: "CKernels"),
        .target(name: "LearnCore", dependencies: ["CKernels"]),
        .target(name: "LZ4", dependencies: ["CLZ4"]),
        .target(name: "CheckpointFormat", dependencies: ["LearnCore", "LZ4"]),
        .target(name: "Storage", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        .executableTarget(name: "BenchCheckpoint", dependencies: ["LearnCore", "CheckpointFormat", "Storage"]),
        .target(name: "Wire"),
        // Parse alone (Tools/bench): record lines to records, no learning.
        .executableTarget(name: "BenchParse", dependencies: ["Wire"]),
    ]
)
