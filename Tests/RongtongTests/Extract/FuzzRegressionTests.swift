import Foundation
import RongtongConfig
import RongtongExtract
import RongtongNormalize
import XCTest

/// Replays every input the fuzz targets (Sources/Fuzz, `make fuzz`) ever crashed, hung or leaked on, kept under
/// `Fixtures/fuzz/<target>/`, through the same code path as the target: a regression is a crash of this test process
/// or an input that takes longer than the fuzzers' `-timeout`.
///
/// The option sets mirror `ExtractHarness.optionSets` in Sources/Fuzz/Support/ExtractHarness.swift (the fuzz targets
/// are only declared with RONGTONG_FUZZ=1, so the tests cannot import them): keep the two in step.
final class FuzzRegressionTests: XCTestCase {
    static let optionSets: [String: [[String: String]]] = [
        "csv": [
            [:],
            ["delimiter": ";", "quote": "'", "header": "false", "skip_rows": "1", "encoding": "utf-16",
             "max_field_bytes": "64"],
        ],
        "xml": [
            ["record_path": "/户籍信息/户", "repeated": "成员列表/成员"],
            ["record_path": "*/*", "encoding": "utf-8", "max_field_bytes": "64"],
        ],
        "json": [
            ["record_path": "data.records[*]"],
            ["record_path": "$", "encoding": "auto", "max_field_bytes": "64"],
        ],
        "ndjson": [
            [:],
            ["encoding": "auto", "max_field_bytes": "64"],
        ],
    ]

    /// The fuzzers run with `-timeout=10`: an input slower than that was a finding.
    static let timeLimit: TimeInterval = 10

    func testExtractorFixturesReplayWithoutCrashing() throws {
        for format in ["csv", "xml", "json", "ndjson"] {
            for fixture in try fixtures(format) {
                try replay(fixture) {
                    // The fixture is read in place: the fuzz target wrote the same bytes to a file.
                    for options in Self.optionSets[format] ?? [] {
                        _ = drain(file: fixture.path, format: format, options: options)
                    }
                }
            }
        }
    }

    func testAddressFixturesReplayWithoutCrashing() throws {
        let parser = AddressParser(directory: try RegionDirectory.bundled())
        for fixture in try fixtures("address") {
            try replay(fixture) {
                let text = String(decoding: try Data(contentsOf: fixture), as: UTF8.self)
                _ = parser.parse(text)
                _ = parser.parse(text, context: AddressContext(prefecture: "贵阳市", county: "白云区"))
            }
        }
    }

    func testPipelineFixturesReplayWithoutCrashing() throws {
        for fixture in try fixtures("pipeline") {
            try replay(fixture) {
                let text = String(decoding: try Data(contentsOf: fixture), as: UTF8.self)
                _ = try? PipelineConfig.parse(yaml: text, file: "/tmp/rongtong-fuzz/pipelines/fuzz.yaml")
            }
        }
    }

    // MARK: - Helpers

    /// The files under Fixtures/fuzz/<target>/ (none yet is fine: the target never failed).
    private func fixtures(_ target: String) throws -> [URL] {
        let folder = URL(fileURLWithPath: TestPaths.fixture("fuzz/\(target)"))
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.pathExtension != "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func replay(_ fixture: URL, _ body: () throws -> Void) throws {
        let started = Date()
        try body()
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertLessThan(elapsed, Self.timeLimit, "\(fixture.lastPathComponent) took \(elapsed) s")
    }

    /// Reads every item, following a byte order mark and re-reading as GB18030 on `NotUTF8` under `encoding: auto`,
    /// as the extract stage does.
    /// Thrown errors are the expected outcome for broken input.
    private func drain(file: String, format: String, options: [String: String]) -> Int {
        var options = options
        options["encoding"] = (try? FormatRegistry.validate(format: format, options: options))?.encoding.rawValue
            ?? options["encoding"] ?? "auto"
        if options["encoding"] == TextEncoding.auto.rawValue, let marked = TextEncoding.byteOrderMarkEncoding(file: file) {
            options["encoding"] = marked.rawValue
        }
        var items = 0
        while true {
            do {
                let cursor = try FormatRegistry.makeCursor(file: file, format: format, options: options)
                while let item = try cursor.next() {
                    items += 1
                    if case .record(let record) = item {
                        for field in record.fields { items &+= (field.name.utf8.count &+ field.value.utf8.count) & 1 }
                    }
                }
                return items
            } catch is NotUTF8 where options["encoding"] == TextEncoding.auto.rawValue {
                options["encoding"] = TextEncoding.gb18030.rawValue
            } catch {
                return items
            }
        }
    }
}
