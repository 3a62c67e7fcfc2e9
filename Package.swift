// swift-tools-version: 6.1
import PackageDescription

// Layout mirrors the data flow: files → OpsDeckData (readers, state store, demo) →
// OpsDeckCore (pure domain + KPI engine, no I/O) → the `opsdeck` executable.
let package = Package(
    name: "OpsDeck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "opsdeck", targets: ["opsdeck"]),
        .library(name: "OpsDeckCore", targets: ["OpsDeckCore"]),
        .library(name: "OpsDeckData", targets: ["OpsDeckData"]),
        .library(name: "OpsDeckUI", targets: ["OpsDeckUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The team's shared state on PostgreSQL (issue 14): the driver, and the event loops and
        // TLS it runs on.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure domain: types, calendar arithmetic, the KPI engine. No Foundation I/O.
        .target(name: "OpsDeckCore"),
        // Everything that touches disk: CSV/TOML readers, the demo generator, the state store.
        .target(
            name: "OpsDeckData",
            dependencies: [
                "OpsDeckCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "CFreeXL",
            ],
            resources: [.copy("Import/families.toml")]
        ),
        // FreeXL (Debian libfreexl-dev): the maintained C reader of legacy Excel .xls.
        .systemLibrary(name: "CFreeXL"),
        // The system's wide-character curses, reached only through OpsDeckTerminal.
        .systemLibrary(name: "CNcursesw"),
        // Everything on screen except the terminal itself: the cell buffer, text measuring
        // and sanitizing, themes, the app state, keys, the command registry and the views.
        .target(name: "OpsDeckUI", dependencies: ["OpsDeckCore"]),
        // The thin curses backend: draws a buffer, reads keys. The only module that imports curses.
        .target(name: "OpsDeckTerminal", dependencies: ["OpsDeckUI", "CNcursesw"]),
        // The command-line surface (argument parsing, output formatting), as a library so
        // the executable stays a one-line entry point.
        .target(
            name: "OpsDeckCommands",
            dependencies: [
                "OpsDeckCore",
                "OpsDeckData",
                "OpsDeckUI",
                "OpsDeckTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "opsdeck", dependencies: ["OpsDeckCommands"]),
        .testTarget(name: "OpsDeckCoreTests", dependencies: ["OpsDeckCore"]),
        // The tests' PostgreSQL cluster (started by .ci/run, or by the tests themselves).
        .target(name: "OpsDeckTestSupport", path: "Tests/Support"),
        .testTarget(
            name: "OpsDeckUITests",
            dependencies: ["OpsDeckCore", "OpsDeckData", "OpsDeckUI"],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "OpsDeckDataTests",
            dependencies: ["OpsDeckCore", "OpsDeckData", "OpsDeckTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "OpsDeckCLITests",
            dependencies: ["opsdeck", "OpsDeckCommands", "OpsDeckUI", "OpsDeckData", "OpsDeckCore", "OpsDeckTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            // Export-shaped files the import tests read from the source tree (and the script that makes them).
            exclude: ["Fixtures"]
        ),
    ]
)
