import Foundation
import GRDB
import XCTest

/// `dws_compound_summary` rebuilt only for the compounds a load touched equals the summary rebuilt whole.
final class CompoundSummaryTests: XCTestCase {
    /// The sample feeds copied beside a copy of the sample pipeline, so that a test can edit them for night 2.
    private func copySamples() throws -> (folder: URL, pipeline: URL) {
        let folder = try TestPaths.temporaryFolder()
        try FileManager.default.copyItem(at: TestPaths.projectRoot.appendingPathComponent("samples"),
                                         to: folder.appendingPathComponent("samples"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        let pipeline = folder.appendingPathComponent("pipelines/sample-nightly.yaml")
        try FileManager.default.copyItem(at: TestPaths.projectRoot.appendingPathComponent("pipelines/sample-nightly.yaml"), to: pipeline)
        return (folder, pipeline)
    }

    private func edit(_ file: URL, _ replacements: [(String, String)]) throws {
        var text = try String(contentsOf: file, encoding: .utf8)
        for (from, to) in replacements { text = text.replacingOccurrences(of: from, with: to) }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    /// Night 1 loads the samples; night 2 flips every assistance flag, moves a compound's households and
    /// facilities elsewhere and turns the chargers into street lights. Returns the summary after each night.
    private func twoNights(summary mode: String) throws -> (night1: [String], night2: [String]) {
        let (folder, pipeline) = try copySamples()
        let environment = ["RONGTONG_TEST_SUMMARY": mode, "RONGTONG_PII_KEY": PipelineFixture.key]
        let arguments = ["run", pipeline.path, "--warehouse", folder.appendingPathComponent("w.sqlite").path,
                         "--staging", folder.appendingPathComponent("s.sqlite").path]
        let summary = "SELECT * FROM dws_compound_summary"
        let night1 = try Rongtong.run(arguments, environment: environment)
        XCTAssertEqual(night1.status, 0, night1.stderr)
        let first = try DatabaseQueue(path: folder.appendingPathComponent("w.sqlite").path).read {
            try Row.fetchAll($0, sql: summary).map(\.description).sorted()
        }
        try edit(folder.appendingPathComponent("samples/civil-affairs/assistance.ndjson"),
                 [("\"低保\":\"是\"", "\"低保\":\"?\""), ("\"低保\":\"否\"", "\"低保\":\"是\""), ("\"低保\":\"?\"", "\"低保\":\"否\""),
                  ("向阳新村", "金华园小区")])
        try edit(folder.appendingPathComponent("samples/utilities/facilities.json"),
                 [("充电桩", "路灯"), ("沙冲小区", "向阳新村")])
        let night2 = try Rongtong.run(arguments, environment: environment)
        XCTAssertEqual(night2.status, 0, night2.stderr)
        let second = try DatabaseQueue(path: folder.appendingPathComponent("w.sqlite").path).read {
            try Row.fetchAll($0, sql: summary).map(\.description).sorted()
        }
        return (first, second)
    }

    func testRebuildingOnlyTouchedCompoundsGivesTheWholeRebuild() throws {
        let incremental = try twoNights(summary: "incremental")
        let full = try twoNights(summary: "full")
        XCTAssertEqual(incremental.night1, full.night1)
        XCTAssertGreaterThan(full.night2.count, 20)
        // Night 2 changed the summary (else the comparison proves nothing), and both ways agree row by row.
        XCTAssertGreaterThan(Set(full.night2).subtracting(full.night1).count, 5)
        XCTAssertEqual(incremental.night2, full.night2)
    }
}
