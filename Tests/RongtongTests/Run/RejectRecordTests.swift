import Foundation
import GRDB
import XCTest

/// What `etl_reject` and the JSON reject lines say about a rejected record (trial 12-a): its record key, whether a
/// later delivery loaded it, and each part of the line as a field of its own.
final class RejectRecordTests: XCTestCase {
    typealias Nights = NightsTests

    /// Night 1 rejects G2 (no name, a wrong ID, no place) and G3 (no ID, no name); night 2's corrected export loads
    /// G2, and G3 is still broken. Run 1's G2 reject gets `resolved_run` 2, G3's stays open, and each row names its
    /// record key; the ragged row that is too long has no key (its cells may have shifted anywhere), the one cut
    /// short (G5) keeps the key of its leading cells and is resolved by night 2. Before, `etl_reject` had no record
    /// key and run 1's rows looked open after night 2 loaded the record; before that, no extract-stage reject had one.
    func testARejectNamesItsRecordKeyAndTheRunThatLoadedTheRecordLater() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        let badID = String(Nights.li.dropLast()) + (Nights.li.last == "1" ? "2" : "1")
        try """
            \(Nights.header)
            G1,张三,\(Nights.zhang),,白云区大山洞街道东升小区3栋2单元501室
            G2,,\(badID),,
            G3,,,,白云区大山洞街道东升小区3栋2单元503室
            G4,赵六,,,白云区大山洞街道东升小区3栋,2单元504室
            G5,钱七

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: ["record_key: 编号", "max_reject_ratio: 1"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT record_number, record_key, rule FROM etl_reject WHERE severity = 'error' ORDER BY record_number")
            .map { "\($0[0] as Int) \($0[1] as String? ?? "-") \($0[2] as String)" },
                       ["2 G2 id_check_character", "3 G3 no_identity", "4 - ragged_row", "5 G5 ragged_row"])
        try """
            \(Nights.header)
            G1,张三,\(Nights.zhang),,白云区大山洞街道东升小区3栋2单元501室
            G2,李四,\(Nights.li),,白云区大山洞街道东升小区3栋2单元502室
            G3,,,,白云区大山洞街道东升小区3栋2单元503室
            G5,钱七,,,白云区大山洞街道东升小区3栋2单元505室

            """.write(to: feed, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("""
            SELECT run_id, record_key, resolved_run FROM etl_reject WHERE severity = 'error' AND record_key IS NOT NULL ORDER BY run_id, record_key
            """).map { "\($0[0] as Int) \($0[1] as String) \(($0[2] as Int?).map(String.init) ?? "open")" },
                       ["1 G2 2", "1 G3 open", "1 G5 2", "2 G3 open"])
    }

    /// With `--log-format json`, a reject line's file, line, record, field, rule, severity and masked value are fields
    /// of their own beside the line; a source without `context:` is not told about "the source's context". Before,
    /// they were only inside `message`, and the no_identity message named a context the source did not have.
    func testJSONRejectLinesCarryTheirPartsAsFields() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try """
            \(Nights.header)
            G1,张三,\(Nights.zhang),12345,白云区大山洞街道东升小区3栋2单元501室
            G2,李四,,,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: ["record_key: 编号", "max_reject_ratio: 1"]))
        let result = try fixture.run(["--log-format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rejects = result.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["event"] as? String == "reject" }
        let phone = try XCTUnwrap(rejects.first { $0["rule"] as? String == "phone_invalid" }, result.stderr)
        XCTAssertTrue((phone["file"] as? String ?? "").hasSuffix("/grid.csv"), "\(phone)")
        XCTAssertEqual(phone["line"] as? Int, 2)
        XCTAssertEqual(phone["record"] as? Int, 1)
        XCTAssertEqual(phone["field"] as? String, "联系电话")
        XCTAssertEqual(phone["severity"] as? String, "warning")
        XCTAssertEqual(phone["value"] as? String, "*****")
        let identity = try XCTUnwrap(rejects.first { $0["rule"] as? String == "no_identity" }, result.stderr)
        XCTAssertEqual(identity["record"] as? Int, 2)
        XCTAssertEqual(identity["level"] as? String, "error")
        XCTAssertNil(identity["field"])
        let message = try XCTUnwrap(identity["reject_message"] as? String)
        XCTAssertFalse(message.contains("context"), message)
    }
}
