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

    /// A succeeded night of a paged whole list with a page missing (`page_2`), whose pages also lack a mapped field:
    /// `status` shows the warning `--quiet` prints (absent_means was not applied) before the field that never occurs,
    /// which it says once, in short. Before, status showed only the missing field.
    func testStatusOfASucceededNightShowsTheWarningsQuietPrintsFirst() throws {
        let folder = try TestPaths.temporaryFolder()
        let pages = folder.appendingPathComponent("mz")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        for page in [1, 3] {
            let rows = (1...2).map { row in
                #"{"caseNo":"M\#(page)\#(row)","name":"测己\#(page)\#(row)","detail":"大山洞街道测东升小区\#(page)栋1单元\#(row)01室","isLowIncome":1}"#
            }
            try #"{"code":0,"data":{"list":[\#(rows.joined(separator: ","))]}}"#
                .write(to: pages.appendingPathComponent("page_\(page).json"), atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("minzheng", pages.appendingPathComponent("page_*.json"),
            format: "json", owner: "省民政厅", kind: "department", extra: [
                #"options: {record_path: "data.list[*]"}"#, "record_key: caseNo",
                "context: {prefecture: 贵阳市, county: 白云区}", "absent_means: {is_low_income: false}",
                "fields: {head_name: name, address: detail, is_low_income: isLowIncome, end_date: endDate}"]))
        let quiet = try fixture.run(["--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        let missing = "page_2.json is missing (the delivery's pages on disk are numbered 1, 3); the list is incomplete, so absent_means was not applied"
        XCTAssertTrue(quiet.stderr.contains(missing), quiet.stderr)

        let message = try XCTUnwrap(fixture.query("SELECT message FROM etl_run") as String?)
        let lines = message.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("minzheng: ") == true && lines.first?.hasSuffix(missing) == true, message)
        XCTAssertTrue(lines.contains("minzheng: \(pages.appendingPathComponent("page_1.json").path): endDate never occurs (end_date)"), message)
        XCTAssertFalse(message.contains("sources.minzheng.fields.end_date"), "said once, in short: \(message)")

        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(status.status, 0, status.stderr)
        let shown = status.stdout.split(separator: "\n").map(String.init)
        let missingAt = try XCTUnwrap(shown.firstIndex { $0.contains(missing) }, status.stdout)
        let absentAt = try XCTUnwrap(shown.firstIndex { $0.contains("endDate never occurs") }, status.stdout)
        XCTAssertLessThan(missingAt, absentAt, status.stdout)
    }

    /// `validate` counts an unread column's values as the normalizer reads them: a record whose `dz` is `{}` (the
    /// others' `dz` an object whose members are mapped), `[]` or `[""]` holds none, so the column is not listed as
    /// "feeding no field, with values"; a column with text still is. Before, `dz (1 records)` was listed.
    func testValidateCountsNoValueInAnEmptyObjectOrList() throws {
        let fixture = try gridFixture([
            #"{"k":"E1","hzxm":"测庚一","xq":"测东升小区","fh":"3-1-101","dz":{"ld":"3","dy":"1"},"qt":"备注"}"#,
            #"{"k":"E2","hzxm":"测庚二","xq":"测东升小区","fh":"3-1-102","dz":{},"cy":[],"bq":[""]}"#,
        ], fields: "building: dz.ld, unit: dz.dy")
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("grid.ndjson, with values: qt (1 records)\n"), validation.stdout)
        for column in ["dz", "cy", "bq"] {
            XCTAssertFalse(validation.stdout.contains("\(column) ("), validation.stdout)
        }
    }
}
