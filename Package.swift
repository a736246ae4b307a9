// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tokentally",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tokentally", targets: ["tokentally"]),
        .library(name: "TokenTally", targets: ["TokenTally"]),
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
        .target(
            name: "TokenTally",
            dependencies: ["CZstd", "CLibCrypto", "CPlatform", "CRdKafka"],
            swiftSettings: [
                // The hot path touches class-owned buffers per event; dynamic exclusivity checks on those
                // accesses cost about 16% of ingest time (perf, 2026-11-22). Debug builds keep them.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "tokentally",
            dependencies: [
                "TokenTally",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "TokenTallyBenchmarks",
            dependencies: ["TokenTally", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/TokenTallyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // libFuzzer targets (scripts/fuzz builds them with -sanitize=fuzzer); a plain build gives
        // replay tools that run crash reproducers and corpus files through the same checks.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "ParserFuzz", dependencies: ["TokenTally", "FuzzSupport"], path: "Fuzz/ParserFuzz"),
        .executableTarget(name: "SnapshotFuzz", dependencies: ["TokenTally", "FuzzSupport"], path: "Fuzz/SnapshotFuzz"),
        .executableTarget(name: "SourceFuzz", dependencies: ["TokenTally", "FuzzSupport"], path: "Fuzz/SourceFuzz"),
        .testTarget(
            name: "TokenTallyTests",
            dependencies: ["TokenTally"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
