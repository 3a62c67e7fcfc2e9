// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so `swift build` and `swift test` of OpsDeck stay lean.
// Run: cd Benchmarks && swift package benchmark   (see ../docs/performance.md)
let package = Package(
    name: "OpsDeckBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "OpsDeck", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // The mirrored CSV library, measured against OpsDeck's scanner (docs/performance.md).
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "OpsDeckBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OpsDeckCore", package: "OpsDeck"),
                .product(name: "OpsDeckData", package: "OpsDeck"),
                .product(name: "OpsDeckUI", package: "OpsDeck"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            path: "Benchmarks/OpsDeckBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
