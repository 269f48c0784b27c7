import Foundation
import GRDB
import XCTest

/// What web systems writing JSON send beside plain text (trial 20k): Java's and JavaScript's `Date.toString()`
/// dates, yes/no written as decimals, a paged whole list with a page missing, an empty nested object; through the
/// real binary into a real SQLite warehouse.
final class WebJSONVarietyTests: XCTestCase {
    /// A grid app's NDJSON households at 测东升小区, in 大山洞街道 by the source's context.
    private func gridFixture(_ lines: [String], fields: String) throws -> PipelineFixture {
        let feed = try TestPaths.temporaryFolder().appendingPathComponent("grid.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        return try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "ndjson", extra: [
            "record_key: k", "context: {prefecture: 贵阳市, county: 白云区, township: 大山洞街道}",
            "fields: {head_name: hzxm, compound: xq, address: fh, \(fields)}"]))
    }

    /// A Java system's birth dates (`Thu May 01 00:00:00 CST 1980`, `GMT+08:00`, a UTC time on the day before) and a
    /// JavaScript one's (`… 1980 00:00:00 GMT+0800 (中国标准时间)`) are read as their Beijing day; one in a zone whose
    /// offset is not certain (`PST`) or with its month as a word in another form (`May 1, 1980`) is an `invalid_date`
    /// warning that says so. Before, every one was a warning saying "its year has 2 digits", which none has.
    func testJavaAndJavaScriptDateToStringBirthDatesAreReadAndOthersSayWhyNot() throws {
        let dates = ["Thu May 01 00:00:00 CST 1980", "Sat Jan 15 08:30:00 GMT+08:00 1955",
                     "Thu May 01 1980 00:00:00 GMT+0800 (中国标准时间)", "Wed Apr 30 16:00:00 UTC 1980",
                     "Thu May 01 00:00:00 PST 1980", "May 1, 1980"]
        let fixture = try gridFixture(dates.enumerated().map { index, date in
            #"{"k":"D\#(index + 1)","hzxm":"测丁\#(index + 1)","xq":"测东升小区","fh":"1-1-\#(index + 1)01","csrq":"\#(date)"}"#
        }, fields: "head_birth_date: csrq")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_birth_date FROM dwd_household h JOIN household_source s USING (household_id)
            ORDER BY s.record_key
            """).map { "\($0[0] as String) \($0[1] as String? ?? "-")" },
            ["D1 1980-05-01", "D2 1955-01-15", "D3 1980-05-01", "D4 1980-05-01", "D5 -", "D6 -"])
        let messages = try fixture.rows("SELECT record_number, message FROM etl_reject WHERE rule = 'invalid_date' ORDER BY record_number")
        XCTAssertEqual(messages.map { $0[0] as Int }, [5, 6])
        XCTAssertTrue(messages.allSatisfy { !($0[1] as String).contains("2 digits") }, "\(messages)")
        XCTAssertTrue((messages[0][1] as String).contains("its time zone PST is not one whose offset is certain"), "\(messages)")
        XCTAssertTrue((messages[1][1] as String).contains("its month is written as an English word"), "\(messages)")
    }

    /// Yes/no and a gender code written as decimals, as a web system writing its numbers as doubles sends them
    /// (`1.0`, `"0.0"`, `1.00`; `2.0` for female): read as `1`, `0` and `2` are. Before, each was an
    /// `unknown_flag_value` (or an unknown gender) while `"3.0"` members and `.0` dates were read. A fraction
    /// (`0.5`) is still no yes/no.
    func testYesNoAndGenderCodesWrittenAsDecimalsAreRead() throws {
        let flags = [#"1.0"#, #""0.0""#, #""1.00""#, #"0.0"#, #""0.5""#]
        let fixture = try gridFixture(flags.enumerated().map { index, flag in
            #"{"k":"F\#(index + 1)","hzxm":"测戊\#(index + 1)","xq":"测东升小区","fh":"2-1-\#(index + 1)01","sfdb":\#(flag),"xb":2.0,"rks":"3.0"}"#
        }, fields: "is_low_income: sfdb, head_gender: xb, member_count: rks")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.is_low_income, h.head_gender, h.member_count
            FROM dwd_household h JOIN household_source s USING (household_id) ORDER BY s.record_key
            """).map { "\($0[0] as String) \(($0[1] as Int?).map(String.init) ?? "-") \($0[2] as String? ?? "-") \($0[3] as Int? ?? 0)" },
            ["F1 1 female 3", "F2 0 female 3", "F3 1 female 3", "F4 0 female 3", "F5 - female 3"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int) \($0[1] as String)" }, ["5 unknown_flag_value"])
    }
}
