import Foundation
import GRDB
import XCTest

/// A whole list (`absent_means:`) weighed with `survivorship:`: 民政's list ranked first for 低保 decides what its
/// silence means against the grid's stale 是, and a list whose cases come as 救助类型 tags says what each case is now.
final class WholeListSurvivorshipTests: XCTestCase {
    typealias Nights = NightsTests

    static let header = "编号,户主姓名,身份证号,联系电话,家庭住址,是否低保"
    static let names = ["龙秀英", "杨德明", "吴光荣", "罗国华", "韦秀兰", "蒙德才"]

    /// 民政's whole list as a JSON envelope, one case per kind of `kinds` (救助类型), for `names` in order.
    static func writeTagList(_ kinds: [String], to civil: URL) throws {
        let rows = kinds.indices.map { i in
            #"{"id": "ZYMZ-\#(i + 1)", "姓名": "\#(names[i])", "证件号码": "\#(Nights.id("5201021950010110\(i + 2)"))", "详细地址": "白云区大山洞街道东升小区\#(i + 1)栋1单元101室", "救助类型": "\#(kinds[i])"}"#
        }
        try #"{"code": "0", "data": {"rows": [\#(rows.joined(separator: ", "))]}}"#
            .write(to: civil, atomically: true, encoding: .utf8)
    }

    /// A pipeline reading `civil` as 民政's whole list whose cases' tags give 低保 and 特困.
    static func tagListFixture(_ civil: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: PipelineRunTests.source("civil", civil, format: "json", owner: "民政",
            kind: "department", extra: [
                "options: {record_path: \"data.rows[*]\"}", "record_key: id", "context: {prefecture: 贵阳市}",
                "fields: {head_name: 姓名, head_id: 证件号码, address: 详细地址, tags: 救助类型}",
                "absent_means: {is_low_income: false, is_extreme_poverty: false}"]))
    }

    /// Each household as `head:` then its 低保 and 特困 flags (`1`, `0`, `-` for none), by head name.
    static func flags(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT head_name, is_low_income, is_extreme_poverty FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String):\(($0[1] as Int?).map(String.init) ?? "-")\(($0[2] as Int?).map(String.init) ?? "-")" }
    }

    static func row(_ prefix: String, _ i: Int, _ flag: String) -> String {
        "\(prefix)\(i + 1),\(names[i]),\(Nights.id("5201021950010110\(i + 2)")),,白云区大山洞街道东升小区\(i + 1)栋1单元101室,\(flag)"
    }

    static func write(_ rows: [String], to file: URL) throws {
        try ([header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// 民政 (ranked first for is_low_income) drops 杨德明 and 吴光荣; the grid still sends its unchanged 是 for both.
    /// The list's silence wins over the lower-ranked grid, whichever feed loads first, and each overruled 是 is a
    /// conflict row; the summary counts the two households no longer listed, once.
    func testAWholeListRankedFirstWithdrawsAFlagALowerSourceStillOffers() throws {
        for civilFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let civil = folder.appendingPathComponent("civil.csv"), grid = folder.appendingPathComponent("grid.csv")
            let listed = Self.names.indices.map { Self.row("M", $0, "是") }
            try Self.write(listed, to: civil)
            try Self.write(Self.names.indices.map { Self.row("G", $0, "是") }, to: grid)
            let civilSource = PipelineRunTests.source("civil", civil, format: "csv", owner: "民政", kind: "department",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"])
            let gridSource = PipelineRunTests.source("grid", grid, format: "csv",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
            let sources = civilFirst ? [civilSource, gridSource] : [gridSource, civilSource]
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + "\nsurvivorship:\n  is_low_income: [civil]")
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 6)
            // Night 2: 民政 drops 杨德明 and 吴光荣; the grid is sent again unchanged.
            try Self.write([listed[0]] + listed[3...], to: civil)
            let night2 = try fixture.run()
            XCTAssertEqual(night2.status, 0, night2.stderr)
            XCTAssertTrue(night2.stderr.contains("civil: 4 read, 4 loaded, 0 rejected, 0 warnings, 2 no longer listed"), night2.stderr)
            let flags = try fixture.rows("SELECT head_name, is_low_income FROM dwd_household ORDER BY head_name")
                .map { "\($0[0] as String):\($0[1] as Int)" }
            XCTAssertEqual(flags, Self.names.sorted().map { "\($0):\(["杨德明", "吴光荣"].contains($0) ? 0 : 1)" },
                           "civil first: \(civilFirst)")
            XCTAssertEqual(try fixture.rows("""
                SELECT d.head_name, f.source_id FROM dwd_household_field_source f JOIN dwd_household d USING (household_id)
                WHERE f.column_name = 'is_low_income' AND d.is_low_income = 0 ORDER BY d.head_name
                """).map { "\($0[0] as String) \($0[1] as String)" }, ["吴光荣 civil", "杨德明 civil"])
            XCTAssertEqual(try fixture.rows("""
                SELECT d.head_name, c.kept_source, c.offered_source FROM dwd_household_conflict c
                JOIN dwd_household d USING (household_id) WHERE c.column_name = 'is_low_income' ORDER BY d.head_name
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" },
                ["吴光荣 civil grid", "杨德明 civil grid"])
            // Night 3, both files again: nothing changes, and nobody is counted again.
            let night3 = try fixture.run()
            XCTAssertEqual(night3.status, 0, night3.stderr)
            XCTAssertFalse(night3.stderr.contains("no longer listed"), night3.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 0") as Int?, 2)
            // Night 4: the grid edits 杨德明's record (a phone), still saying 是: the lower-ranked grid does not set it back.
            try Self.write(Self.names.indices.map { Self.row("G", $0, "是") }
                .map { $0.hasPrefix("G2,") ? $0.replacingOccurrences(of: ",,", with: ",13600000002,") : $0 }, to: grid)
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '杨德明'") as Int?, 0)
            // Night 5: 民政 lists 杨德明 again: 低保 again.
            try Self.write([listed[0], listed[1]] + listed[3...], to: civil)
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '杨德明'") as Int?, 1)
        }
    }

    /// A conflict row says what the offered source's record offers now: 民政 (ranked first) drops 杨德明 and 吴光荣
    /// on the night the grid's own row for 杨德明 turns to 否, so only 吴光荣 (the grid still 是) is a disagreement,
    /// whichever feed loads first (trial 18e). The grid blanking 吴光荣's 是 takes that row away too; 民政 listing
    /// 杨德明 again while the grid says 否 is a disagreement again.
    func testAConflictRowGoesWhenTheOfferedSourcesRecordNoLongerDisagrees() throws {
        for civilFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let civil = folder.appendingPathComponent("civil.csv"), grid = folder.appendingPathComponent("grid.csv")
            let listed = Self.names.indices.map { Self.row("M", $0, "是") }
            let gridRows = Self.names.indices.map { Self.row("G", $0, "是") }
            try Self.write(listed, to: civil)
            try Self.write(gridRows, to: grid)
            let civilSource = PipelineRunTests.source("civil", civil, format: "csv", owner: "民政", kind: "department",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"])
            let gridSource = PipelineRunTests.source("grid", grid, format: "csv",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
            let sources = civilFirst ? [civilSource, gridSource] : [gridSource, civilSource]
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + "\nsurvivorship:\n  is_low_income: [civil]")
            XCTAssertEqual(try fixture.run().status, 0)
            func conflicts() throws -> [String] {
                try fixture.rows("""
                    SELECT h.head_name, c.kept_source, h.is_low_income AS kept_value, 1 - h.is_low_income AS offered_value,
                           c.offered_source, s.record_key AS offered_record
                    FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
                    JOIN household_source s ON s.household_id = c.household_id AND s.source_id = c.offered_source
                    WHERE c.column_name = 'is_low_income' ORDER BY h.head_name
                    """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int) \($0[3] as Int) \($0[4] as String) \($0[5] as String)" }
            }
            // Night 2: 民政 drops 杨德明 and 吴光荣; the grid's 杨德明 says 否 itself, its 吴光荣 still 是.
            try Self.write([listed[0]] + listed[3...], to: civil)
            var night2Grid = gridRows
            night2Grid[1] = Self.row("G", 1, "否")
            try Self.write(night2Grid, to: grid)
            let night2 = try fixture.run()
            XCTAssertEqual(night2.status, 0, night2.stderr)
            XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household WHERE is_low_income = 0 ORDER BY head_name")
                .map { $0[0] as String }, ["吴光荣", "杨德明"], "civil first: \(civilFirst)")
            XCTAssertEqual(try conflicts(), ["吴光荣 civil 0 1 grid G3"], "civil first: \(civilFirst)")
            // Night 3: the grid leaves 吴光荣's 是否低保 blank: a blank never disagrees.
            var night3Grid = night2Grid
            night3Grid[2] = Self.row("G", 2, "")
            try Self.write(night3Grid, to: grid)
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try conflicts(), [], "civil first: \(civilFirst)")
            // Night 4: 民政 lists 杨德明 again, ranked over the grid's 否: a disagreement again.
            try Self.write([listed[0], listed[1]] + listed[3...], to: civil)
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '杨德明'") as Int?, 1)
            XCTAssertEqual(try conflicts(), ["杨德明 civil 1 0 grid G2"], "civil first: \(civilFirst)")
        }
    }

    /// 民政's case without an address (placed at 贵阳市 by `context:`) and the grid's flat of the same head: the flat
    /// places the household more finely, which is no disagreement, whichever feed loads first (trial 18e's recheck:
    /// an `address` conflict row only with 民政 first). A 民政 case naming another compound still is one.
    func testACaseWithoutAnAddressIsNoAddressConflictWithTheGridsFlat() throws {
        for civilFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let civil = folder.appendingPathComponent("civil.csv"), grid = folder.appendingPathComponent("grid.csv")
            let civilRows = Self.names.indices.map { i -> String in
                let row = Self.row("M", i, "是")
                // 罗国华's case names another compound; the others give no address.
                return i == 3 ? row.replacingOccurrences(of: "东升小区", with: "金苑小区")
                    : row.replacingOccurrences(of: "白云区大山洞街道东升小区\(i + 1)栋1单元101室", with: "")
            }
            try Self.write(civilRows, to: civil)
            try Self.write(Self.names.indices.map { Self.row("G", $0, "是") }, to: grid)
            let civilSource = PipelineRunTests.source("civil", civil, format: "csv", owner: "民政", kind: "department",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
            let gridSource = PipelineRunTests.source("grid", grid, format: "csv",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
            let fixture = try PipelineFixture(sources: (civilFirst ? [civilSource, gridSource] : [gridSource, civilSource])
                .joined(separator: "\n"))
            let run = try fixture.run()
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 6)
            XCTAssertEqual(try fixture.query("""
                SELECT count(*) FROM dwd_household WHERE address LIKE '%东升小区%栋1单元101室' AND head_name <> '罗国华'
                """) as Int?, 5, "civil first: \(civilFirst)")
            XCTAssertEqual(try fixture.rows("""
                SELECT h.head_name, c.column_name FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
                WHERE c.column_name IN ('address', 'region_code', 'compound_id', 'building', 'unit', 'room')
                ORDER BY h.head_name, c.column_name
                """).map { "\($0[0] as String) \($0[1] as String)" }.filter { !$0.hasPrefix("罗国华") }, [],
                "civil first: \(civilFirst)")
            XCTAssertTrue(try fixture.rows("""
                SELECT c.column_name FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
                WHERE h.head_name = '罗国华'
                """).map { $0[0] as String }.contains("address"), "civil first: \(civilFirst)")
        }
    }

    /// A whole list's silence still says what its `absent_means:` says: 民政 drops 杨德明 (the grid's row blank), then
    /// the grid says 是, which wins without a ranking for 低保. The disagreement with 民政's dropped case (0) stays a
    /// conflict row, though its record offers nothing else now.
    func testADroppedCaseStillDisagreesThroughItsListsSilence() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.csv"), grid = folder.appendingPathComponent("grid.csv")
        let listed = Self.names.indices.map { Self.row("M", $0, "是") }
        var gridRows = Self.names.indices.map { Self.row("G", $0, "是") }
        gridRows[1] = Self.row("G", 1, "")
        try Self.write(listed, to: civil)
        try Self.write(gridRows, to: grid)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("civil", civil, format: "csv", owner: "民政", kind: "department",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"]),
            PipelineRunTests.source("grid", grid, format: "csv", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"]),
        ].joined(separator: "\n"))
        XCTAssertEqual(try fixture.run().status, 0)
        try Self.write([listed[0]] + listed[2...], to: civil)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '杨德明'") as Int?, 0)
        gridRows[1] = Self.row("G", 1, "是")
        try Self.write(gridRows, to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '杨德明'") as Int?, 1)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, c.kept_source, c.offered_source FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
            WHERE c.column_name = 'is_low_income'
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }, ["杨德明 grid civil"])
    }

    /// 民政 (ranked first for is_low_income) ends 龙秀英's case by its own status (`状态: 已退保`) and drops 杨德明; the
    /// grid still sends its unchanged 是 for both. Both flags go to 0, and each is a conflict row naming the grid's
    /// record, whichever feed loads first: a case ended by status is a disagreement like a case the list dropped.
    func testACaseEndedByItsStatusIsAConflictWithTheGridsStaleYes() throws {
        for civilFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let civil = folder.appendingPathComponent("civil.csv"), grid = folder.appendingPathComponent("grid.csv")
            func writeCivil(_ rows: [String]) throws {
                try ([Self.header + ",状态"] + rows).joined(separator: "\n").appending("\n")
                    .write(to: civil, atomically: true, encoding: .utf8)
            }
            let listed = Self.names.indices.map { Self.row("M", $0, "是") + ",在保" }
            try writeCivil(listed)
            try Self.write(Self.names.indices.map { Self.row("G", $0, "是") }, to: grid)
            let civilSource = PipelineRunTests.source("civil", civil, format: "csv", owner: "民政", kind: "department",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"])
            let gridSource = PipelineRunTests.source("grid", grid, format: "csv",
                extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
            let sources = civilFirst ? [civilSource, gridSource] : [gridSource, civilSource]
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + "\nsurvivorship:\n  is_low_income: [civil]")
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict") as Int?, 0)
            // Night 2: 龙秀英's case 已退保, 杨德明's dropped; the grid is sent again unchanged.
            try writeCivil([listed[0].replacingOccurrences(of: ",在保", with: ",已退保")] + listed[2...])
            let night2 = try fixture.run()
            XCTAssertEqual(night2.status, 0, night2.stderr)
            XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household WHERE is_low_income = 0 ORDER BY head_name")
                .map { $0[0] as String }, ["杨德明", "龙秀英"], "civil first: \(civilFirst)")
            // docs/warehouse.md's "民政 says 0, the grid says 是", per record of the grid.
            XCTAssertEqual(try fixture.rows("""
                SELECT h.head_name, c.kept_source, h.is_low_income AS kept_value, 1 - h.is_low_income AS offered_value,
                       c.offered_source, s.record_key AS offered_record
                FROM dwd_household_conflict c JOIN dwd_household h USING (household_id)
                JOIN household_source s ON s.household_id = c.household_id AND s.source_id = c.offered_source
                WHERE c.column_name = 'is_low_income' ORDER BY h.head_name
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int) \($0[3] as Int) \($0[4] as String) \($0[5] as String)" },
                ["杨德明 civil 0 1 grid G2", "龙秀英 civil 0 1 grid G1"], "civil first: \(civilFirst)")
            // Night 3, both files again: nothing changes.
            let before = try fixture.contentDigest()
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.contentDigest(), before)
        }
    }

    /// 民政's list whose cases come as 救助类型 (tags): a case 特困供养 on night 1 and 城市低保 on night 2 is listed
    /// still, and no longer 特困; 城市低保、特困供养 is both; tags naming no flag (其他救助) say nothing.
    func testAWholeListsTagsSayWhatEachListedCaseIsNow() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.json")
        func list(_ kinds: [String]) throws { try Self.writeTagList(kinds, to: civil) }
        try list(["特困供养", "城市低保、特困供养", "其他救助", "城市低保"])
        let fixture = try Self.tagListFixture(civil)
        XCTAssertEqual(try fixture.run().status, 0)
        func flags() throws -> [String] { try Self.flags(fixture) }
        XCTAssertEqual(try flags(), ["吴光荣:--", "杨德明:11", "罗国华:10", "龙秀英:01"])
        // Night 2: 龙秀英's case is 城市低保 now.
        try list(["城市低保", "城市低保、特困供养", "其他救助", "城市低保"])
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try flags(), ["吴光荣:--", "杨德明:11", "罗国华:10", "龙秀英:10"])
    }

    /// Recheck 21c: a listed case whose 救助类型 is only pending (`拟纳入特困`, `申请低保`: under review) says nothing of
    /// what the case is now, as `其他救助` does: the flag it was on stays, and the flag under review is not set. Before,
    /// the pending tag counted as naming its flag, so the whole list withdrew the case's other flag: a 低保 household
    /// under review for 特困 dropped out of both counts.
    func testAPendingTagOfAWholeListLeavesTheCasesOtherFlagAlone() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.json")
        func list(_ kinds: [String]) throws { try Self.writeTagList(kinds, to: civil) }
        try list(["城市低保", "特困供养", "城市低保"])
        let fixture = try Self.tagListFixture(civil)
        XCTAssertEqual(try fixture.run().status, 0)
        func flags() throws -> [String] { try Self.flags(fixture) }
        XCTAssertEqual(try flags(), ["吴光荣:10", "杨德明:01", "龙秀英:10"])
        // Night 2: 龙秀英 is under review for 特困, 杨德明 applies for 低保; 吴光荣's case goes on.
        try list(["拟纳入特困", "申请低保", "城市低保"])
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertEqual(try flags(), ["吴光荣:10", "杨德明:01", "龙秀英:10"])
    }

    /// Trial 21c: 民政's web system maps its flag columns (`sfdb`, `sftk`) beside 救助类型 but fills only the column
    /// of the case's programme, sending `""` in the other. An empty (or unreadable) column says nothing, so the tags
    /// decide as for a flag with no column: 周玉珍's case 特困供养 → 城市低保 is no longer 特困, and 林淑芬's 特困供养
    /// case with both columns empty is 特困 and not 低保. A column that says the flag wins over the tags (王芳's
    /// 城市低保 with sftk 1 is both). Before, a mapped column left empty kept the old 1 for ever.
    func testAnEmptyFlagColumnOfAWholeListLeavesTheFlagToItsTags() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("mz_dibao.ndjson")
        let names = ["周玉珍", "林淑芬", "王芳", "罗国华"]
        func list(_ cases: [(kind: String, sfdb: String, sftk: String)]) throws {
            try cases.indices.map { i in
                #"{"ajbh": "MZ-\#(i + 1)", "xm": "\#(names[i])", "sfzh": "\#(Nights.id("5201021950010110\(i + 2)"))", "jtzz": "白云区大山洞街道东升小区\#(i + 1)栋1单元101室", "jzlx": "\#(cases[i].kind)", "sfdb": "\#(cases[i].sfdb)", "sftk": "\#(cases[i].sftk)"}"#
            }.joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        }
        try list([("特困供养", "0", "1"), ("特困供养", "", ""), ("城市低保", "1", "1"), ("城市低保", "1", "0")])
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("civil", civil, format: "ndjson", owner: "民政",
            kind: "department", extra: [
                "record_key: ajbh", "context: {prefecture: 贵阳市}",
                "fields: {head_name: xm, head_id: sfzh, address: jtzz, tags: jzlx, is_low_income: sfdb, is_extreme_poverty: sftk}",
                "absent_means: {is_low_income: false, is_extreme_poverty: false}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        func flags() throws -> [String] { try Self.flags(fixture) }
        XCTAssertEqual(try flags(), ["周玉珍:01", "林淑芬:01", "王芳:11", "罗国华:10"])
        // Night 2: 周玉珍 and 林淑芬 are 城市低保 now, sftk left empty; 罗国华's sftk is a word no vocabulary knows.
        try list([("城市低保", "1", ""), ("城市低保", "", ""), ("城市低保", "1", "1"), ("城市低保", "1", "2")])
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertTrue(night2.stderr.contains("unknown_flag_value"), night2.stderr)
        XCTAssertEqual(try flags(), ["周玉珍:10", "林淑芬:10", "王芳:11", "罗国华:10"])
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, hh.is_extreme_poverty FROM dwd_household_history hh JOIN dwd_household h USING (household_id)
            WHERE hh.valid_to_run IS NULL ORDER BY h.head_name
            """).map { "\($0[0] as String):\(($0[1] as Int?).map(String.init) ?? "-")" },
            ["周玉珍:0", "林淑芬:0", "王芳:1", "罗国华:0"])
    }
}
