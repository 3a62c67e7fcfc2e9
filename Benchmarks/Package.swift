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
    ],
    targets: [
        .executableTarget(
            name: "OpsDeckBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OpsDeckCore", package: "OpsDeck"),
                .product(name: "OpsDeckData", package: "OpsDeck"),
            ],
            path: "Benchmarks/OpsDeckBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
