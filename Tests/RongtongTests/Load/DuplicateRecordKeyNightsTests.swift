import Foundation
import GRDB
import XCTest

/// A row pasted twice in a keyed file (`duplicate_record_key`) keeps one provenance row of its own across nights
/// (trial zunyi finding 3, trial survivorship finding 1), through the real binary into a real warehouse.
final class DuplicateRecordKeyNightsTests: XCTestCase {
    /// Three nights of a GB18030 census whose row GZ-007 is pasted twice, another row changing every night: the
    /// repeated row is keyed `GZ-007#2` each night and updates its own `household_source` row, so the source holds
    /// three provenance rows and `ads_source_coverage` counts three records every night, not one more each night.
    func testARowPastedTwiceKeepsOneProvenanceRowAcrossNights() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", owner: "遵义市", extra: [
            "encoding: gb18030", "record_key: 户编号", "context: {prefecture: 遵义市}"]))
        for night in 1...3 {
            let rows = [
                "户编号,户主姓名,联系电话,家庭住址,家庭人口",
                "GZ-007,测吴明,13908510008,老城街道丁字口小区3栋2单元502室,4",
                "GZ-007,测吴明,13908510008,老城街道丁字口小区3栋2单元502室,4",
                "GZ-009,测钱小红,13908520001,汇川区洗马路街道温馨苑4栋1单元101室,\(night + 1)",
            ]
            let text = rows.joined(separator: "\r\n") + "\r\n"
            try Data(try UTF8EvidenceTests.gb18030(text)).write(to: feed)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT record_key, match_rule FROM household_source ORDER BY record_key")
                .map { "\($0[0] as String) \($0[1] as String)" }, ["GZ-007 new", "GZ-007#2 address+name", "GZ-009 new"],
                           "night \(night)")
            XCTAssertEqual(try fixture.rows("SELECT household_records, households FROM ads_source_coverage WHERE source_id = 'grid'")
                .map { "\($0[0] as Int) \($0[1] as Int)" }, ["3 2"], "night \(night)")
            XCTAssertEqual(try fixture.query("""
                SELECT message FROM etl_reject WHERE rule = 'duplicate_record_key' AND run_id = (SELECT MAX(run_id) FROM etl_run)
                """) as String?,
                           "the key \"GZ-007\" was already used by record 1 of this file; this record is keyed \"GZ-007#2\" and linked by its contents, not to record 1's household by its key")
        }
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT batch_id) FROM household_source") as Int?, 1,
                       "every record's row names the last batch that carried it")
    }

    /// A file that also holds `A#2` as a key of its own: the second record keyed `A` cannot take it, and is keyed by its
    /// record number, as a record without a key is.
    func testADuplicateWhoseOccurrenceKeyIsTakenIsKeyedByItsNumber() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try """
            编号,户主姓名,联系电话,家庭住址
            A,测吴明,13908510008,云岩区中华北路街道东升小区3栋2单元502室
            A#2,测钱小红,13908520001,云岩区中华北路街道东升小区4栋1单元101室
            A,测孙丽,13908520002,云岩区中华北路街道东升小区5栋1单元101室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_name FROM household_source s JOIN dwd_household h USING (household_id) ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String)" }, ["#3 测孙丽", "A 测吴明", "A#2 测钱小红"])
    }
}
