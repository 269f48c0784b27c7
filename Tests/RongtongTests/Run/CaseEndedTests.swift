import Foundation
import GRDB
import XCTest

/// How 民政 and 残联 say a case ended, and how a list says its flag by listing a household: ended words in the
/// programme's name (`城市低保（已退保）`, `低保退保`) or alone (`停保`), a case status (`状态: 已退保`), an end date
/// (`终止日期`), and `listed_means:`.
final class CaseEndedTests: XCTestCase {
    typealias Nights = NightsTests

    /// One NDJSON line per case of 民政's whole list (`absent_means`), 保障类型 mapped to `tags`.
    static func line(_ i: Int, _ extra: String) -> String {
        let id = Nights.id("52270119600101\(String(format: "%03d", 100 + i))")
        return #"{"case_no": "K\#(i)", "姓名": "测试\#(i)", "身份证号": "\#(id)", "家庭住址": "都匀市广惠街道东山小区1栋1单元\#(101 + i)室", \#(extra)}"#
    }

    static func civilList(_ feed: URL, _ extra: [String] = []) -> String {
        PipelineRunTests.source("mz", feed, format: "ndjson", owner: "黔南州民政局", kind: "department", extra: [
            "record_key: case_no", "context: {prefecture: 黔南州}",
            "fields: {head_name: 姓名, head_id: 身份证号, address: 家庭住址, tags: 保障类型}",
            "absent_means: {is_low_income: false, is_extreme_poverty: false}"] + extra)
    }

    /// The flags of each case, `低保 特困` (`-` for NULL), by case number.
    static func flags(_ fixture: PipelineFixture) throws -> [String: String] {
        let rows = try fixture.rows("""
            SELECT hs.record_key, d.is_low_income, d.is_extreme_poverty FROM dwd_household d
            JOIN household_source hs USING (household_id)
            """)
        var result: [String: String] = [:]
        for row in rows {
            result[row[0] as String] = [1, 2].map { (row[$0] as Int?).map(String.init) ?? "-" }.joined(separator: " ")
        }
        return result
    }

    /// The spellings 民政 writes for a programme that ended (in or outside brackets, after the programme or alone) are
    /// no; those saying it resumed or goes on, or only names it, are yes; a pending one says nothing.
    func testEndedProgrammeWordsReadAsNoAndResumedOnesAsYes() throws {
        let table: [(tag: String, expected: String)] = [
            ("城市低保", "1 0"),
            ("城市低保（已退保）", "0 0"),
            ("低保（停保）", "0 0"),
            ("城市低保(已停发)", "0 0"),
            ("城市低保 已退保", "0 0"),
            ("城市低保，已停保", "0 0"),
            ("低保退保", "0 0"),
            ("低保-已注销", "0 0"),
            ("退出低保", "0 0"),
            ("低保已取消", "0 0"),
            ("农村低保（暂停发放）", "0 0"),
            ("低保（已核减）", "0 0"),
            ("特困供养（已终止）", "0 0"),
            ("特困人员（撤销）", "0 0"),
            ("已退保", "0 0"),
            ("停保", "0 0"),
            ("已终止", "0 0"),
            ("恢复低保", "1 0"),
            ("低保（续保）", "1 0"),
            ("城市低保（恢复发放）", "1 0"),
            ("低保（取消停保）", "1 0"),
            ("特困供养", "0 1"),
            ("农村低保（在保）", "1 0"),
            ("拟停保", "- -"),
            ("城市低保（拟停保）", "- 0"),
        ]
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        try table.enumerated().map { i, row in Self.line(i, #""保障类型": "\#(row.tag)""#) }
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.civilList(feed))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try Self.flags(fixture)
        for (i, row) in table.enumerated() {
            XCTAssertEqual(flags["K\(i)"], row.expected, row.tag)
        }
    }

    /// A yes/no column holding an ended word (`已退保`, `低保（停保）`) is no, without an unknown_flag_value warning;
    /// `恢复` alone is still no yes/no word.
    func testAnEndedWordInAFlagColumnIsNo() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        let values = ["是", "已退保", "低保（停保）", "已终止", "恢复"]
        try (["户编号,户主姓名,身份证号,家庭住址,是否低保"] + values.enumerated().map { i, value in
            "G\(i),测户\(i),\(Nights.id("52270119600101\(String(format: "%03d", 200 + i))")),都匀市广惠街道东山小区2栋1单元\(101 + i)室,\(value)"
        }).joined(separator: "\n").appending("\n").write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["record_key: 户编号", "context: {prefecture: 黔南州}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let flags = try fixture.rows("SELECT head_name, is_low_income FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String):\(($0[1] as Int?).map(String.init) ?? "-")" }
        XCTAssertEqual(flags, ["测户0:1", "测户1:0", "测户2:0", "测户3:0", "测户4:-"])
        XCTAssertEqual(try fixture.rows("SELECT value FROM etl_reject WHERE rule = 'unknown_flag_value'").map { $0[0] as String },
                       ["恢复"])
    }

    /// 民政's own 状态 and 终止日期 (usual headers of `case_status` and `end_date`): an ended status, or an end date
    /// before the day of the run, makes the case's flags 0; an end date to come, 长期 or none leaves them; an end date
    /// that is no date is a warning naming the record.
    func testACaseStatusOrAPastEndDateEndsTheCase() throws {
        let cases: [(status: String, end: String, expected: String)] = [
            ("在保", "", "1 0"),
            ("已退保", "2024-05-31", "0 0"),
            ("已退保", "", "0 0"),
            ("在保", "2024-05-31", "0 0"),
            ("在保", "2099-12-31", "1 0"),
            ("在保", "长期", "1 0"),
            ("停保", "", "0 0"),
            ("恢复", "", "1 0"),
            ("在保", "下个月", "1 0"),
            ("正常", "2023年6月30日", "0 0"),
        ]
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        try cases.enumerated().map { i, row in
            Self.line(i, #""保障类型": "城市低保", "状态": "\#(row.status)", "终止日期": "\#(row.end)""#)
        }.joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.civilList(feed))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try Self.flags(fixture)
        for (i, row) in cases.enumerated() {
            XCTAssertEqual(flags["K\(i)"], row.expected, "\(row.status) \(row.end)")
        }
        let warnings = try fixture.rows("SELECT record_number, field, value FROM etl_reject WHERE rule = 'invalid_date'")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String)" }
        XCTAssertEqual(warnings, ["9 终止日期 下个月"])
    }

    /// A system with English keys writes its case status in English (`TERMINATED`, `case_closed`, `Cancelled`;
    /// `ACTIVE`, `IN_PROGRESS` for a live case), and `vocabularies: case_status:` names a feed's own words. A flag
    /// column saying yes beside a statement that the programme ended (a tag, a status, an end date), in whichever
    /// feed style, is 0 with a `flag_conflicts_with_status` warning naming both.
    func testEnglishCaseStatusesAndAnEndBesideAStaleFlagColumn() throws {
        let cases: [(extra: String, expected: String)] = [
            (#""caseStatus": "TERMINATED", "isLowIncome": true"#, "0 0"),
            (#""caseStatus": "ACTIVE", "isLowIncome": true"#, "1 -"),
            (#""caseStatus": "case_closed", "isLowIncome": "Y""#, "0 0"),
            (#""caseStatus": "IN_PROGRESS", "isLowIncome": "yes""#, "1 -"),
            (#""caseStatus": "Cancelled", "标签": ["城市低保"]"#, "0 0"),
            // A whole list's tag naming 低保 and not 特困: 特困 is 0, the record's isExtremePoverty being empty (21c).
            (#""标签": ["城市低保（已退保）"], "是否低保": "Y""#, "0 0"),
            (#""状态": "已停保", "是否低保": "是""#, "0 0"),
            (#""caseStatus": "已办结", "isLowIncome": true"#, "0 0"),
            (#""caseStatus": "TERMINATED_BY_MISTAKE", "isLowIncome": true"#, "1 -"),
            (#""标签": ["城市低保（已退保）", "特困供养"], "是否低保": "N""#, "0 1"),
            (#""caseStatus": "WITHDRAWN", "isLowIncome": "false""#, "0 0"),
            (#""endDate": "2024/5/31", "isLowIncome": "TRUE""#, "0 0"),
            (#""是否低保": "TERMINATED""#, "0 -"),
            (#""caseStatus": "PENDING_TERMINATION", "isLowIncome": true"#, "1 -"),
        ]
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        try cases.enumerated().map { i, row in Self.line(40 + i, row.extra) }
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("mz", feed, format: "ndjson",
            owner: "毕节市七星关区民政局", kind: "department", extra: [
                "record_key: case_no", "context: {prefecture: 黔南州}",
                "fields: {head_name: 姓名, head_id: 身份证号, address: 家庭住址, tags: 标签, is_low_income: [是否低保, isLowIncome], is_extreme_poverty: isExtremePoverty, case_status: [状态, caseStatus], end_date: endDate}",
                "vocabularies: {case_status: {已办结: ended, TERMINATED_BY_MISTAKE: active}}",
                "absent_means: {is_low_income: false, is_extreme_poverty: false}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try Self.flags(fixture)
        for (i, row) in cases.enumerated() {
            XCTAssertEqual(flags["K\(40 + i)"], row.expected, row.extra)
        }
        let warnings = try fixture.rows("""
            SELECT record_number, field, value FROM etl_reject WHERE rule = 'flag_conflicts_with_status' ORDER BY record_number
            """).map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String)" }
        XCTAssertEqual(warnings, ["1 isLowIncome true", "3 isLowIncome Y", "6 是否低保 Y", "7 是否低保 是", "8 isLowIncome true",
                                  "12 isLowIncome TRUE"])
        let messages = try fixture.rows("""
            SELECT message FROM etl_reject WHERE rule = 'flag_conflicts_with_status' AND record_number IN (1, 6, 12) ORDER BY record_number
            """).map { $0[0] as String }
        XCTAssertEqual(messages, [
            #""true" says yes, but caseStatus "TERMINATED" says the case ended; the end wins: is_low_income is 0"#,
            #""Y" says yes, but 标签 "城市低保(已退保)" says the programme ended; the end wins: is_low_income is 0"#,
            #""TRUE" says yes, but endDate "2024/5/31" (2024-05-31) ended the case before today; the end wins: is_low_income is 0"#,
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'unknown_flag_value'") as Int?, 0)
    }

    /// A whole list ends one case by no longer naming it (`absent_means`) and another by its own 状态 (已停保), in the
    /// same delivery: both flags change in run 2 by the source that set them in run 1, and both keep run 1 as the run
    /// the source took the column over (`dwd_household_field_source.run_id`, as warehouse.md says of a later change by
    /// the same source), the history telling when the value changed. The silence gave the dropped case run 2 (trial
    /// 21g, D2).
    func testACaseEndedBySilenceOrByItsStatusKeepsTheRunItsSourceTookTheFlagIn() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        func deliver(_ lines: [String]) throws {
            try lines.joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        }
        try deliver((0..<4).map { Self.line($0, #""保障类型": "城市低保", "状态": "在保""#) })
        let fixture = try PipelineFixture(sources: Self.civilList(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        // K1 ended by its status, K3 by the list's silence.
        try deliver([Self.line(0, #""保障类型": "城市低保", "状态": "在保""#), Self.line(1, #""保障类型": "城市低保", "状态": "已停保""#),
                     Self.line(2, #""保障类型": "城市低保", "状态": "在保""#)])
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertTrue(night2.stderr.contains("1 no longer listed"), night2.stderr)
        // Kept with the run too, for `status` and a `--quiet` cron job, which print no summary line on success.
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 2")
        XCTAssertEqual(message, "mz: 1 no longer listed")
        let owners = try fixture.rows("""
            SELECT hs.record_key, d.is_low_income, fs.source_id, fs.run_id FROM dwd_household_field_source fs
            JOIN dwd_household d USING (household_id) JOIN household_source hs USING (household_id)
            WHERE fs.column_name = 'is_low_income' ORDER BY hs.record_key
            """).map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String) \($0[3] as Int)" }
        XCTAssertEqual(owners, ["K0 1 mz 1", "K1 0 mz 1", "K2 1 mz 1", "K3 0 mz 1"])
        let changed = try fixture.rows("""
            SELECT hs.record_key FROM dwd_household_history h JOIN household_source hs USING (household_id)
            WHERE h.valid_from_run = 2 AND h.is_low_income = 0 ORDER BY hs.record_key
            """).map { $0[0] as String }
        XCTAssertEqual(changed, ["K1", "K3"], "the history says when the value changed")
    }

    /// `listed_means:` makes being on the list say the flag: every record of the 残联's list of certificate holders
    /// means a disabled member, whatever its 残疾类别 (肢体, 精神); a record saying otherwise (残疾证已注销) wins.
    func testListedMeansMakesEveryRecordOfTheListSayTheFlag() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("canlian.csv")
        let categories = ["肢体", "精神", "残疾证已注销", ""]
        try (["残疾人证号,户主,户主身份证号,现住址,残疾类别"] + categories.enumerated().map { i, category in
            "C\(i),测残\(i),\(Nights.id("52270119600101\(String(format: "%03d", 300 + i))")),都匀市广惠街道东山小区3栋1单元\(101 + i)室,\(category)"
        }).joined(separator: "\n").appending("\n").write(to: list, atomically: true, encoding: .utf8)
        let source = PipelineRunTests.source("canlian", list, format: "csv", owner: "贵州省残疾人联合会", kind: "department",
            extra: ["record_key: 残疾人证号", "context: {prefecture: 黔南州}", "fields: {tags: 残疾类别}",
                    "listed_means: {has_disabled_member: true}"])
        let fixture = try PipelineFixture(sources: source)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try fixture.rows("SELECT head_name, has_disabled_member FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String):\(($0[1] as Int?).map(String.init) ?? "-")" }
        XCTAssertEqual(flags, ["测残0:1", "测残1:1", "测残2:0", "测残3:1"])
        // Household and facility flags only: a facility source cannot take it.
        try fixture.rewrite(sources: source.replacingOccurrences(of: "entity: household", with: "entity: facility"))
        let wrong = try fixture.run()
        XCTAssertEqual(wrong.status, 2, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("listed_means applies to household sources only"), wrong.stderr)
    }
}
