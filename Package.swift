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
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        // Imported directly (FluentSQL, SQLKit), so declared: CI builds with the explicit import check.
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    ],
    targets: [
        // Domain core: Foundation only, no I/O, never reads the clock.
        .target(name: "CMECore", swiftSettings: swiftSettings),
        // Record linkage: normalisation, comparators, scoring. Pure Swift.
        .target(name: "CMEMatching", dependencies: ["CMECore"], swiftSettings: swiftSettings),
        // Data exchange: the DfE Common Transfer File, and the roll, attendance, transfer and return feeds (CSV).
        .target(name: "CMEInterop", dependencies: ["CMECore", "CMEMatching"], swiftSettings: swiftSettings),
        // Local policy files: YAML on disk -> validated `Policy` values.
        .target(
            name: "CMEPolicyFiles",
            dependencies: [
                "CMECore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fluent models, migrations, queries and the casework service, for SQLite and PostgreSQL.
        .target(
            name: "CMEStorage",
            dependencies: [
                "CMECore",
                "CMEMatching",
                "CMEInterop",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The JSON API, generated from openapi.yaml so that spec and handlers cannot drift.
        .target(
            name: "CMEAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            // Generated code: its unused-import warnings are not ours to fix.
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The Vapor application: configure, routes, API handlers, audit, clock sweep.
        .target(
            name: "CMEWeb",
            dependencies: [
                "CMECore",
                "CMEPolicyFiles",
                "CMEStorage",
                "CMEAPI",
                "CMEInterop",
                "CMEMatching",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
            ],
            resources: [.copy("Assets")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cme",
            dependencies: [
                "CMECore",
                "CMEInterop",
                "CMEMatching",
                "CMEPolicyFiles",
                "CMEStorage",
                "CMEWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CMECoreTests", dependencies: ["CMECore"], swiftSettings: swiftSettings),
        .testTarget(name: "CMEMatchingTests", dependencies: ["CMEMatching", "CMECore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CMEInteropTests",
            dependencies: ["CMEInterop", "CMECore"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CMEPolicyFilesTests",
            dependencies: ["CMEPolicyFiles", "CMECore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CMEWebTests",
            dependencies: [
                "CMEWeb",
                "CMEStorage",
                "CMECore",
                "CMEInterop",
                "CMEMatching",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "cmeTests", dependencies: ["cme"], swiftSettings: swiftSettings),
    ]
)
