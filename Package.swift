// swift-tools-version: 6.1
import PackageDescription

// The hot path touches class-owned buffers per event; dynamic exclusivity checks on those
// accesses cost about 16% of ingest time (perf, 2026-11-22). Debug builds keep them.
//
// The per-event path crosses targets (parser → routing → shards and insights, over TallyCore's
// scanner, hashes and buffers), through `package` functions. Neither default nor
// `-cross-module-optimization` CMO serialises those (both start from `public` ones): ingest took
// 15-23% more CPU. Package CMO does, as in one module, and needs library evolution; within the
// package, access stays non-resilient. The emitted interface is not verified: it imports the C
// shim modules, which its checker cannot find, and nothing outside this package reads it.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(
        [
            "-enforce-exclusivity=unchecked",
            "-enable-library-evolution", "-no-verify-emitted-module-interface",
            "-Xfrontend", "-experimental-package-cmo", "-Xfrontend", "-experimental-allow-non-resilient-access",
        ],
        .when(configuration: .release)
    ),
]

let package = Package(
    name: "tokentally",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tokentally", targets: ["tokentally"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // HMAC-SHA256 for pseudonyms, from the system's OpenSSL: a real component users have, and
        // no BoringSSL to compile in every build folder (swift-crypto added about 3 minutes to each).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The Kafka input (`ingest --kafka-brokers`), through the system's librdkafka.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(name: "CPlatform"),
        // The engine, in layers whose imports run one way (docs/architecture.md, "Targets").
        .target(name: "TallyCore", dependencies: ["CZstd", "CPlatform"], swiftSettings: engineSettings),
        .target(name: "TallyEvents", dependencies: ["TallyCore", "CLibCrypto"], swiftSettings: engineSettings),
        .target(name: "TallySnapshot", dependencies: ["TallyCore", "CPlatform"], swiftSettings: engineSettings),
        .target(
            name: "TallyStages",
            dependencies: ["TallyEvents", "TallySnapshot", "CPlatform"],
            swiftSettings: engineSettings
        ),
        .target(name: "TallyIngest", dependencies: ["TallyStages", "CRdKafka"], swiftSettings: engineSettings),
        .target(name: "TallyReports", dependencies: ["TallyStages"], swiftSettings: engineSettings),
        .target(name: "TallyWorkload", dependencies: ["TallyCore"], swiftSettings: engineSettings),
        .executableTarget(
            name: "tokentally",
            dependencies: [
                "TallyIngest", "TallyReports", "TallyWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "TokenTallyBenchmarks",
            dependencies: ["TallyIngest", "TallyReports", "TallyWorkload", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/TokenTallyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // libFuzzer targets (scripts/fuzz builds them with -sanitize=fuzzer); a plain build gives
        // replay tools that run crash reproducers and corpus files through the same checks.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "ParserFuzz", dependencies: ["TallyIngest", "TallyReports", "FuzzSupport"], path: "Fuzz/ParserFuzz"),
        .executableTarget(name: "SnapshotFuzz", dependencies: ["TallyIngest", "TallyReports", "FuzzSupport"], path: "Fuzz/SnapshotFuzz"),
        .executableTarget(name: "SourceFuzz", dependencies: ["TallyIngest", "TallyReports", "FuzzSupport"], path: "Fuzz/SourceFuzz"),
        .testTarget(
            name: "TokenTallyTests",
            dependencies: ["TallyIngest", "TallyReports", "TallyWorkload"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
