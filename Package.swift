// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Our own targets only: dependencies keep their warnings.
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "cme-tracker",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cme", targets: ["cme"]),
        .library(name: "CMECore", targets: ["CMECore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
    ],
    targets: [
        // Domain core: Foundation only, no I/O, never reads the clock.
        .target(name: "CMECore", swiftSettings: swiftSettings),
        // Local policy files: YAML on disk -> validated `Policy` values.
        .target(
            name: "CMEPolicyFiles",
            dependencies: [
                "CMECore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cme",
            dependencies: [
                "CMECore",
                "CMEPolicyFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CMECoreTests", dependencies: ["CMECore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CMEPolicyFilesTests",
            dependencies: ["CMEPolicyFiles", "CMECore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "cmeTests",
            dependencies: ["cme"],
            swiftSettings: swiftSettings
        ),
    ]
)
