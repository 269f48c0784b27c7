// swift-tools-version:6.1
// Rongtong: a batch ETL that unifies city and department feeds into one provincial SQLite warehouse.
// The targets read like the flow of a record: C wrappers → Config → Extract → Staging → Normalize → Load → Run → CLI.
import PackageDescription
import Foundation

let package = Package(
    name: "Rongtong",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rongtong", targets: ["rongtong"]),
        .executable(name: "rongtong-bench", targets: ["rongtong-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries, each wrapped once behind a Swift type in the module that uses it.
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CYAJL", path: "Sources/CYAJL", providers: [.apt(["libyajl-dev"])]),

        // 1. The pipeline file: what to read, how to map it, where to write.
        .target(name: "RongtongConfig",
                dependencies: ["RongtongExtract", .product(name: "Yams", package: "Yams")],
                path: "Sources/Config"),
        // 2. Where a record enters: format extractors yielding raw text records.
        .target(name: "RongtongExtract",
                dependencies: ["CLibCSV", "CLibXML2", "CYAJL"],
                path: "Sources/Extract"),
        // 3. The staging database that joins the stages (raw records, candidates, rejects).
        .target(name: "RongtongStaging",
                dependencies: [.product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "GRDBSQLite", package: "GRDB.swift")],
                path: "Sources/Staging"),
        // 4. Where a record changes shape: raw text → canonical, validated, hashed candidates.
        .target(name: "RongtongNormalize",
                dependencies: ["RongtongConfig", "RongtongExtract", "RongtongStaging",
                               .product(name: "Crypto", package: "swift-crypto")],
                path: "Sources/Normalize",
                resources: [.copy("Reference")]),
        // 5. Where a record is written: linking, survivorship and the layered warehouse.
        .target(name: "RongtongLoad",
                dependencies: ["RongtongStaging",
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "GRDBSQLite", package: "GRDB.swift")],
                path: "Sources/Load"),
        // 6. A run: stages in order, run records, reports.
        .target(name: "RongtongRun",
                dependencies: ["RongtongConfig", "RongtongExtract", "RongtongStaging", "RongtongNormalize",
                               "RongtongLoad",
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "GRDB", package: "GRDB.swift")],
                path: "Sources/Run"),
        // 7. What analysts see: the self-contained HTML run report.
        .target(name: "RongtongReport",
                dependencies: ["RongtongLoad", .product(name: "GRDB", package: "GRDB.swift")],
                path: "Sources/Report"),
        // 8. The command line.
        .executableTarget(name: "rongtong",
                          dependencies: ["RongtongRun", "RongtongExtract", "RongtongConfig", "RongtongReport",
                                         "RongtongLoad", "RongtongNormalize",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log"),
                                         .product(name: "GRDB", package: "GRDB.swift")],
                          path: "Sources/CLI"),

        // Benchmarks: a deterministic feed generator and the harness behind `make bench`.
        .executableTarget(name: "rongtong-bench",
                          dependencies: ["RongtongNormalize",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Sources/Bench"),

        .testTarget(name: "RongtongTests",
                    dependencies: ["RongtongConfig", "RongtongExtract", "RongtongStaging", "RongtongNormalize",
                                   "RongtongLoad", "RongtongRun", "RongtongReport",
                                   .product(name: "GRDB", package: "GRDB.swift")],
                    path: "Tests/RongtongTests",
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)

// ==== Fuzz targets (issue 8): declared only when RONGTONG_FUZZ=1, so normal builds and tests never see them. ====
// RONGTONG_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
//     --product fuzz-csv        (fuzz-xml, fuzz-json, fuzz-ndjson, fuzz-address, fuzz-pipeline); `make fuzz` runs them.
if ProcessInfo.processInfo.environment["RONGTONG_FUZZ"] == "1" {
    // <module>_main: SwiftPM links Linux executables with `--defsym main=<module>_main`, which -parse-as-library never
    // emits; each target defines it and calls libFuzzer's driver through RongtongFuzzDriver (Sources/Fuzz/CDriver).
    let fuzzTargets: [(product: String, folder: String, dependency: Target.Dependency)] = [
        ("fuzz-csv", "CSV", "RongtongFuzzSupport"),
        ("fuzz-xml", "XML", "RongtongFuzzSupport"),
        ("fuzz-json", "JSON", "RongtongFuzzSupport"),
        ("fuzz-ndjson", "NDJSON", "RongtongFuzzSupport"),
        ("fuzz-address", "Address", "RongtongNormalize"),
        ("fuzz-pipeline", "Pipeline", "RongtongConfig"),
    ]
    package.targets.append(.target(name: "RongtongFuzzDriver", path: "Sources/Fuzz/CDriver"))
    package.targets.append(.target(name: "RongtongFuzzSupport", dependencies: ["RongtongExtract"],
                                   path: "Sources/Fuzz/Support"))
    for fuzz in fuzzTargets {
        package.targets.append(.executableTarget(name: fuzz.product, dependencies: ["RongtongFuzzDriver", fuzz.dependency],
                                                 path: "Sources/Fuzz/\(fuzz.folder)"))
        package.products.append(.executable(name: fuzz.product, targets: [fuzz.product]))
    }
}
// ==== end of fuzz targets ====
