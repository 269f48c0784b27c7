import Foundation
import GRDB
import XCTest

/// Several records of one household in one file of one source: 民政's whole list holding a household's 低保 case and
/// its 残疾 case, an ended old case beside the current one, two rows of a grid's file disagreeing. The household's
/// flags are the union of what the file's records say, whatever their order (trial assistance, F1 and F2).
final class CasesOfOneHouseholdTests: XCTestCase {
    typealias Nights = NightsTests

    static let names = ["龙秀英", "杨德明", "吴光荣", "罗国华"]

    /// One NDJSON line of 民政's list: case `caseNo` of household `i` (its head's ID and flat), with `extra` keys.
    static func line(_ caseNo: String, _ i: Int, _ extra: String) -> String {
        #"{"caseNo": "\#(caseNo)", "xm": "\#(names[i])", "sfzh": "\#(Nights.id("5201021950010110\(i + 2)"))", "dz": "白云区大山洞街道东升小区\#(i + 1)栋1单元101室", \#(extra)}"#
    }

    static func write(_ lines: [String], to file: URL) throws {
        try lines.joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func civilList(_ feed: URL, fields: String, _ extra: [String] = []) -> String {
        PipelineRunTests.source("mz", feed, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "record_key: caseNo", "context: {prefecture: 贵阳市}", "fields: {head_name: xm, head_id: sfzh, address: dz, \(fields)}",
        ] + extra)
    }

    /// Each household as `head:` then its 低保, 特困 and 残疾 flags (`1`, `0`, `-` for none), by head name.
    static func flags(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT head_name, is_low_income, is_extreme_poverty, has_disabled_member FROM dwd_household ORDER BY head_name
            """).map { row in "\(row[0] as String):" + [1, 2, 3].map { (row[$0] as Int?).map(String.init) ?? "-" }.joined() }
    }

    /// F1: a whole list (`absent_means`, 救助类型 as tags) with two cases of one household. The 残疾 case's tags leave
    /// 低保 out, which in a whole list says "not 低保" of that case; it does not withdraw the 低保 the household's
    /// other case on the same list says, in either order (龙秀英: 低保 first, 杨德明: 残疾 first; 吴光荣: 特困 and
    /// 低保). When the list stops naming the 低保 case while the 残疾 case stays, the household is no longer 低保;
    /// listed again, it is.
    func testTwoCasesOfOneHouseholdOnAWholeListGiveBothFlagsInEitherOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        let dibao = #""jzlx": "城市低保""#, disabled = #""jzlx": "残疾""#, tekun = #""jzlx": "特困供养""#
        let night1 = [Self.line("DB-1", 0, dibao), Self.line("CJ-1", 0, disabled),
                      Self.line("CJ-2", 1, disabled), Self.line("DB-2", 1, dibao),
                      Self.line("TK-3", 2, tekun), Self.line("DB-3", 2, dibao),
                      Self.line("DB-4", 3, dibao)]
        try Self.write(night1, to: feed)
        let fixture = try PipelineFixture(sources: Self.civilList(feed, fields: "tags: jzlx", [
            "absent_means: {is_low_income: false, is_extreme_poverty: false, has_disabled_member: false}"]))
        let run1 = try fixture.run()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:110", "杨德明:101", "罗国华:100", "龙秀英:101"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict") as Int?, 0)
        // Night 2: the same cases in another order, but 龙秀英's 低保 case is gone; her 残疾 case is sent unchanged.
        try Self.write([Self.line("DB-3", 2, dibao), Self.line("TK-3", 2, tekun), Self.line("CJ-1", 0, disabled),
                        Self.line("DB-2", 1, dibao), Self.line("CJ-2", 1, disabled), Self.line("DB-4", 3, dibao)], to: feed)
        let run2 = try fixture.run()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:110", "杨德明:101", "罗国华:100", "龙秀英:001"])
        let changed = try fixture.rows("""
            SELECT d.head_name FROM dwd_household_history h JOIN dwd_household d USING (household_id)
            WHERE h.valid_from_run = 2 ORDER BY d.head_name
            """).map { $0[0] as String }
        XCTAssertEqual(changed, ["龙秀英"], "only the household whose case was dropped has a new version")
        // Night 3: the 低保 case is listed again, after the 残疾 case.
        try Self.write([Self.line("CJ-1", 0, disabled), Self.line("DB-1", 0, dibao), Self.line("CJ-2", 1, disabled),
                        Self.line("DB-2", 1, dibao), Self.line("TK-3", 2, tekun), Self.line("DB-3", 2, dibao),
                        Self.line("DB-4", 3, dibao)], to: feed)
        let run3 = try fixture.run()
        XCTAssertEqual(run3.status, 0, run3.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:110", "杨德明:101", "罗国华:100", "龙秀英:101"])
    }

    /// F2: an ended old case (已停保, 是否低保 still 是) beside the household's live case (在保, 是) on one list: the
    /// live case keeps the flag whatever the order (龙秀英: ended first, 杨德明: ended last). A household whose only
    /// case ended (吴光荣) is 0, with the `flag_conflicts_with_status` warning. When the live case ends too, the flag
    /// goes.
    func testAnEndedCaseBesideALiveCaseOfTheHouseholdKeepsTheFlagInEitherOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        let ended = #""jzlx": "农村低保", "zt": "已停保", "sfdb": "是""#, live = #""jzlx": "城市低保", "zt": "在保", "sfdb": "是""#
        try Self.write([Self.line("DB-2019-1", 0, ended), Self.line("DB-2023-1", 0, live),
                        Self.line("DB-2023-2", 1, live), Self.line("DB-2019-2", 1, ended),
                        Self.line("DB-2019-3", 2, ended)], to: feed)
        let fixture = try PipelineFixture(sources: Self.civilList(feed, fields: "tags: jzlx, case_status: zt, is_low_income: sfdb"))
        let run1 = try fixture.run()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:0--", "杨德明:1--", "龙秀英:1--"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'flag_conflicts_with_status'") as Int?, 3)
        // Night 2: 杨德明's current case ended too.
        try Self.write([Self.line("DB-2019-1", 0, ended), Self.line("DB-2023-1", 0, live),
                        Self.line("DB-2023-2", 1, ended), Self.line("DB-2019-2", 1, ended),
                        Self.line("DB-2019-3", 2, ended)], to: feed)
        let run2 = try fixture.run()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:0--", "杨德明:0--", "龙秀英:1--"])
    }

    /// Two live records of one household in one file saying opposite values (a grid's two rows of one family, 是否低保
    /// 是 and 否; a web system writing 否 in the 低保 column of the household's 残疾 case): yes wins, as a yes among a
    /// record's tags does, in either order. The next night, with both rows saying 否, the household is not 低保; a row
    /// that changed to 否 before a row sent unchanged with 是 does not make it 0 (吴光荣).
    func testOppositeFlagValuesOfOneHouseholdInOneFileMakeItYes() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        func row(_ key: String, _ i: Int, _ flag: String) -> String {
            "\(key),\(Self.names[i]),\(Nights.id("5201021950010110\(i + 2)")),白云区大山洞街道东升小区\(i + 1)栋1单元101室,\(flag)"
        }
        func write(_ rows: [String]) throws {
            try (["编号,户主姓名,身份证号,家庭住址,是否低保"] + rows).joined(separator: "\n").appending("\n")
                .write(to: grid, atomically: true, encoding: .utf8)
        }
        try write([row("G1", 0, "是"), row("G2", 0, "否"), row("G3", 1, "否"), row("G4", 1, "是"),
                   row("G5", 2, "是"), row("G6", 2, "是")])
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"]))
        let run1 = try fixture.run()
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:1--", "杨德明:1--", "龙秀英:1--"])
        // Night 2: 龙秀英's yes row says 否 now (before her unchanged 否 row): no longer 低保. 吴光荣's first row says 否
        // now, his second still 是, unchanged.
        try write([row("G1", 0, "否"), row("G2", 0, "否"), row("G3", 1, "否"), row("G4", 1, "是"),
                   row("G5", 2, "否"), row("G6", 2, "是")])
        let run2 = try fixture.run()
        XCTAssertEqual(run2.status, 0, run2.stderr)
        XCTAssertEqual(try Self.flags(fixture), ["吴光荣:1--", "杨德明:1--", "龙秀英:0--"])
        XCTAssertEqual(try fixture.rows("""
            SELECT d.head_name FROM dwd_household_history h JOIN dwd_household d USING (household_id)
            WHERE h.valid_from_run = 2 ORDER BY d.head_name
            """).map { $0[0] as String }, ["龙秀英"])
    }
}
