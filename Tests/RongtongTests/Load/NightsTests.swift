import Foundation
import GRDB
import XCTest

/// Several nights in a row into one warehouse: ids stay, history grows only on change, evidence merges.
final class NightsTests: XCTestCase {
    static let header = "编号,户主姓名,身份证号,联系电话,家庭住址"

    /// A valid resident ID built from a 17-digit body.
    static func id(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static let zhang = id("52010219800101101"), li = id("52010219850505202"), wang = id("52010219900909303")

    func source(_ name: String, _ file: URL) -> String {
        """
          - name: \(name)
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            path: \(file.path)
            record_key: 编号
            context: {prefecture: 贵阳市}
        """
    }

    func write(_ rows: [String], to file: URL) throws {
        try ([Self.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    private func ids(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT source_id, record_key, household_id FROM household_source") {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"] = row["household_id"]
        }
        return result
    }

    func testHouseholdsKeepTheirIdsAcrossNightsAndHistoryGrowsOnlyOnChange() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室",
                   "G2,李四,,13800138002,白云区大山洞街道东升小区3栋2单元102室",
                   "G3,王五,\(Self.wang),,白云区大山洞街道东升小区3栋2单元103室"], to: grid)
        try write([], to: police)
        let fixture = try PipelineFixture(sources: source("grid", grid) + "\n" + source("police", police))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try ids(fixture)
        XCTAssertEqual(Set(night1.values).count, 3)

        // Night 2: 张三's address is corrected, 王五 is not in tonight's feed, and the police registry brings
        // 李四's ID for the same room.
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元201室",
                   "G2,李四,,13800138002,白云区大山洞街道东升小区3栋2单元102室"], to: grid)
        try write(["P1,李四,\(Self.li),,白云区大山洞街道东升小区3栋2单元102室"], to: police)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try ids(fixture)
        for (key, id) in night1 { XCTAssertEqual(night2[key], id, "\(key) changed household") }
        XCTAssertEqual(night2["police#P1"], night1["grid#G2"], "the registry's record joins 李四's household")
        let versions = try fixture.rows("SELECT household_id, COUNT(*) AS n FROM dwd_household_history GROUP BY 1")
        let byID = Dictionary(uniqueKeysWithValues: versions.map { ($0["household_id"] as String, $0["n"] as Int) })
        XCTAssertEqual(byID[night1["grid#G1"]!], 2, "address corrected: a second version")
        XCTAssertEqual(byID[night1["grid#G2"]!], 2, "ID added: a second version")
        XCTAssertEqual(byID[night1["grid#G3"]!], 1, "absent tonight: unchanged")
        XCTAssertEqual(try fixture.query("SELECT last_seen_run FROM dwd_household WHERE household_id = '\(night1["grid#G3"]!)'") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT last_seen_run FROM dwd_household WHERE household_id = '\(night1["grid#G1"]!)'") as Int?, 2)

        // Night 3: the same files again change nothing.
        let before = try fixture.contentDigest()
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.contentDigest(), before)
    }

    func testEvidenceThatTwoHouseholdsAreOneMergesThemIntoTheOlderAndKeepsAnAlias() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        let civil = folder.appendingPathComponent("civil.csv")
        // Night 1: the grid knows 张三 by room only, the registry by ID at his registered address.
        try write(["G1,张三,,,白云区大山洞街道东升小区3栋2单元201室"], to: grid)
        try write(["P1,张三,\(Self.zhang),,南明区沙冲路街道沙冲小区1栋1单元101室"], to: police)
        try write([], to: civil)
        let fixture = try PipelineFixture(sources: [source("grid", grid), source("police", police), source("civil", civil)]
            .joined(separator: "\n"))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try ids(fixture)
        XCTAssertNotEqual(night1["grid#G1"], night1["police#P1"])

        // Night 2: civil affairs has his ID at the grid's room: both households are one.
        try write(["C1,张三,\(Self.zhang),,白云区大山洞街道东升小区3栋2单元201室"], to: civil)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try ids(fixture)
        let survivor = min(night1["grid#G1"]!, night1["police#P1"]!)
        let absorbed = max(night1["grid#G1"]!, night1["police#P1"]!)
        XCTAssertEqual(Set(night2.values), [survivor])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_alias WHERE alias_id = '\(absorbed)'") as String?, survivor)
        XCTAssertNotNil(try fixture.query("SELECT head_id_hash FROM dwd_household") as String?)
        // The absorbed household's field provenance moved over: one owner per column, all on the survivor.
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT household_id) FROM dwd_household_field_source") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM dwd_household_field_source LIMIT 1") as String?, survivor)
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM (SELECT column_name FROM dwd_household_field_source GROUP BY 1 HAVING COUNT(*) > 1)
            """) as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_field_source WHERE column_name = 'head_id_hash'") as Int?, 1)
    }

    /// 民政 places its cases at the township only (`白云区大山洞街道`); the grid knows each head at his flat, without an ID
    /// on night 1 (two households each), with it on night 2: the two merge. The township is placed less precisely
    /// than the flat: it replaces nothing and is no conflict, whichever household's id survives.
    func testAMergeKeepsTheFlatOverAPlaceWrittenLessPreciselyWithoutAConflict() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), civil = folder.appendingPathComponent("civil.csv")
        let heads = [("张三", Self.zhang), ("李四", Self.li), ("王五", Self.wang)]
        func gridRows(withIDs: Bool) -> [String] {
            heads.enumerated().map { i, head in
                "G\(i + 1),\(head.0),\(withIDs ? head.1 : ""),,白云区大山洞街道东升小区3栋2单元\(201 + i)室"
            }
        }
        try write(gridRows(withIDs: false), to: grid)
        try write(heads.enumerated().map { i, head in "C\(i + 1),\(head.0),\(head.1),,白云区大山洞街道" }, to: civil)
        let fixture = try PipelineFixture(sources: [source("grid", grid), source("civil", civil)].joined(separator: "\n")
            + "\nsurvivorship:\n  address: [grid]\n  building: [grid]\n  unit: [grid]\n  room: [grid]")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 6)

        try write(gridRows(withIDs: true), to: grid)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 3)
        XCTAssertEqual(try fixture.rows("SELECT head_name, building, unit, room, address FROM dwd_household ORDER BY room")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-")-\($0[2] as String? ?? "-")-\($0[3] as String? ?? "-") \($0[4] as String? ?? "-")" },
            heads.enumerated().map { i, head in "\(head.0) 3-2-\(201 + i) 贵州省贵阳市白云区大山洞街道东升小区3栋2单元\(201 + i)室" })
        XCTAssertEqual(try fixture.rows("SELECT column_name FROM dwd_household_conflict").map { $0[0] as String }, [],
                       "a place written less precisely is no disagreement")
    }

    func testTwoDifferentValidIDsInOneRoomAreTwoHouseholds() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try write(["G1,张三,\(Self.zhang),,白云区大山洞街道东升小区3栋2单元201室",
                   "G2,张三,\(Self.li),,白云区大山洞街道东升小区3栋2单元201室"], to: grid)
        let fixture = try PipelineFixture(sources: source("grid", grid))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
    }
}

extension NightsTests {
    func testCompoundNamesWithSuffixVariantsAndOneCharacterTyposAreOneCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try write(["G1,张三,,,白云区大山洞街道幸福花园3栋2单元101室",
                   "G2,李四,,,白云区大山洞街道幸福小区3栋2单元102室",
                   "G3,王五,,,白云区大山洞街道幸福花圆3栋2单元103室",
                   "G4,赵六,,,白云区大山洞街道东升小区1栋1单元101室",
                   "G5,钱七,,,白云区大山洞街道东山小区1栋1单元101室"], to: grid)
        let fixture = try PipelineFixture(sources: source("grid", grid))
        XCTAssertEqual(try fixture.run().status, 0)
        let compounds = try fixture.rows("""
            SELECT c.compound_id, COUNT(*) AS n FROM dwd_household h JOIN dim_compound c USING (compound_id)
            GROUP BY 1 ORDER BY 2 DESC
            """).map { $0["n"] as Int }
        XCTAssertEqual(compounds, [3, 1, 1], "幸福花园/幸福小区/幸福花圆 are one; 东升 and 东山 stay two")
    }

    func testAPhaseOfACompoundInAHouseholdAddressIsThatCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try write(["G1,张三,,,白云区大山洞街道幸福小区（二期）9栋1单元101室",
                   "G2,李四,,,白云区大山洞街道幸福小区二期10栋1单元101室",
                   "G3,王五,,,白云区大山洞街道幸福小区3栋1单元101室"], to: grid)
        let fixture = try PipelineFixture(sources: source("grid", grid))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT compound_id) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT group_concat(name) FROM dim_compound") as String?, "幸福小区")
        // The address keeps the phase.
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household WHERE head_name = '张三'") as String?,
                       "贵州省贵阳市白云区大山洞街道幸福小区二期9栋1单元101室")
    }
}

extension NightsTests {
    func testTheSameRecordTwiceInAKeylessFeedIsOneHouseholdNotAFailure() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("keyless.csv")
        try "户主姓名,家庭住址\n张三,白云区大山洞街道\n张三,白云区大山洞街道\n".write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: """
              - name: keyless
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                path: \(feed.path)
            """)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 2)
    }
}

extension NightsTests {
    func testForcedReloadOfDisagreeingFeedsAddsNoHistoryVersion() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室"], to: grid)
        try write(["P1,张叁,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室"], to: police)
        let fixture = try PipelineFixture(sources: source("grid", grid) + "\n" + source("police", police))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name = 'head_name'") as Int?, 1)
        let before = try fixture.rows("SELECT * FROM dwd_household_history").count
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        XCTAssertEqual(try fixture.rows("SELECT * FROM dwd_household_history").count, before)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name = 'head_name'") as Int?, 1)
    }

    /// Field provenance follows survivorship: a priority source keeps its column, the most recent feed takes the
    /// others, an equal value keeps its first owner, and each current value has exactly one owner.
    func testEachValueRecordsTheSourceAndRunThatSetIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室"], to: grid)
        try write(["P1,张叁,\(Self.zhang),,白云区大山洞街道东升小区3栋2单元102室"], to: police)
        let fixture = try PipelineFixture(sources: source("grid", grid) + "\n" + source("police", police)
            + "\nsurvivorship:\n  head_name: [police]")
        XCTAssertEqual(try fixture.run().status, 0)
        let owners = { () throws -> [String: String] in
            var result: [String: String] = [:]
            for row in try fixture.rows("SELECT column_name, source_id, run_id FROM dwd_household_field_source") {
                result[row["column_name"] as String] = "\(row["source_id"] as String)@\(row["run_id"] as Int)"
            }
            return result
        }
        var night1 = try owners()
        XCTAssertEqual(night1["head_name"], "police@1")
        XCTAssertEqual(night1["room"], "police@1", "the most recent feed wins where no priority is set")
        XCTAssertEqual(night1["head_id_hash"], "grid@1", "an equal value keeps its first owner")
        XCTAssertEqual(night1["head_id_masked"], "grid@1")
        XCTAssertEqual(night1["phone_hash"], "grid@1")

        // Night 2: the grid reports a new phone, and a new room; its unchanged address parts take nothing back.
        try write(["G1,张三,\(Self.zhang),13900139002,白云区大山洞街道东升小区3栋2单元201室"], to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try owners()
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "张叁")
        XCTAssertEqual(night2["head_name"], "police@1")
        XCTAssertEqual(night2["room"], "grid@2")
        XCTAssertEqual(try fixture.query("SELECT room FROM dwd_household") as String?, "201")
        // The run is when the source took the column over: a new value from its owner keeps that run.
        XCTAssertEqual(try fixture.query("SELECT phone_masked FROM dwd_household") as String?, "139****9002")
        XCTAssertEqual(night2["phone_hash"], "grid@1")
        XCTAssertEqual(night2["phone_masked"], "grid@1")
        XCTAssertEqual(night2["head_id_hash"], "grid@1")
        night1.merge(night2) { $1 }
        XCTAssertEqual(night1, night2, "no column lost its owner")
        // One owner per column, and one per non-empty column of the household.
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM (SELECT column_name FROM dwd_household_field_source GROUP BY 1 HAVING COUNT(*) > 1)
            """) as Int?, 0)
        let household = try XCTUnwrap(fixture.rows("SELECT * FROM dwd_household").first)
        let present = Set(household.columnNames.filter { !(household[$0] as DatabaseValue).isNull })
            .subtracting(["household_id", "first_seen_run", "last_seen_run"])
        XCTAssertEqual(Set(night2.keys), present)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name = 'head_name'") as Int?, 1)
    }

    /// A record sent again unchanged (tomorrow's full export, a forced reload) is seen, but takes nothing over from
    /// a source that set a value since, and adds no history; a record that did change still wins as most recent.
    func testARecordSentAgainUnchangedTakesNothingOver() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室"], to: grid)
        try write(["P1,张三,\(Self.zhang),13900139002,白云区大山洞街道东升小区3栋2单元101室"], to: police)
        let fixture = try PipelineFixture(sources: source("grid", grid) + "\n" + source("police", police))
        XCTAssertEqual(try fixture.run().status, 0)
        let phone = { try fixture.query("SELECT phone_masked FROM dwd_household WHERE head_name = '张三'") as String? }
        let versions = { try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int? }
        XCTAssertEqual(try phone(), "139****9002", "the feed loaded last wins")
        let history = try versions()

        // Night 2: the grid sends its full export again, one household added.
        try write(["G1,张三,\(Self.zhang),13800138001,白云区大山洞街道东升小区3栋2单元101室",
                   "G2,李四,\(Self.li),,白云区大山洞街道东升小区3栋2单元102室"], to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try phone(), "139****9002")
        XCTAssertEqual(try versions(), (history ?? 0) + 1, "only 李四's first version")
        XCTAssertEqual(try fixture.query("SELECT last_seen_run FROM dwd_household WHERE head_name = '张三'") as Int?, 2)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        XCTAssertEqual(try phone(), "139****9002", "a forced reload writes nothing new either")
        XCTAssertEqual(try versions(), (history ?? 0) + 1)

        // Night 4: the grid's record really changes: the change wins.
        try write(["G1,张三,\(Self.zhang),13700137003,白云区大山洞街道东升小区3栋2单元101室",
                   "G2,李四,\(Self.li),,白云区大山洞街道东升小区3栋2单元102室"], to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try phone(), "137****7003")
        XCTAssertEqual(try versions(), (history ?? 0) + 2)
    }

    /// An analyst edits the mapping and reruns normalize and load for that source alone: the warehouse ends as a
    /// full run with the new mapping would leave it, older files of the source included.
    func testRerunningOneSourceAfterAMappingEditMatchesAFullRun() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        let header = "编号,户主姓名,身份证号,家庭住址,产权说明"
        try [header, "G1,张三,\(Self.zhang),白云区大山洞街道东升小区3栋2单元101室,自有"].joined(separator: "\n")
            .appending("\n").write(to: feeds.appendingPathComponent("grid-2023-10-30.csv"), atomically: true, encoding: .utf8)
        try [header, "G2,李四,\(Self.li),白云区大山洞街道东升小区3栋2单元102室,租住"].joined(separator: "\n")
            .appending("\n").write(to: feeds.appendingPathComponent("grid-2023-10-31.csv"), atomically: true, encoding: .utf8)
        func source(mapped: Bool) -> String {
            """
              - name: grid
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                path: \(feeds.path)/grid-*.csv
                record_key: 编号
                fields: {\(mapped ? "tenure: 产权说明" : "grid_id: 编号")}
                context: {prefecture: 贵阳市}
            """
        }
        let edited = try PipelineFixture(sources: source(mapped: false))
        XCTAssertEqual(try edited.run().status, 0)
        XCTAssertEqual(try edited.query("SELECT COUNT(*) FROM dwd_household WHERE tenure IS NOT NULL") as Int?, 0)
        try edited.rewrite(sources: source(mapped: true))
        XCTAssertEqual(try edited.run(["--stage", "normalize", "--source", "grid"]).status, 0)
        XCTAssertEqual(try edited.run(["--stage", "load", "--source", "grid"]).status, 0)

        let fresh = try PipelineFixture(sources: source(mapped: true))
        XCTAssertEqual(try fresh.run().status, 0)
        let tenure = "SELECT head_name, tenure FROM dwd_household ORDER BY head_name"
        XCTAssertEqual(try edited.rows(tenure).map(\.description), try fresh.rows(tenure).map(\.description))
        XCTAssertEqual(try edited.query("SELECT COUNT(*) FROM dwd_household WHERE tenure IS NOT NULL") as Int?, 2)
    }

    /// Several files of one source loaded in one run (a forced rerun re-reads them all): the latest export, by
    /// file name, has the last word, as on the nights they arrived.
    func testAForcedRerunOfSeveralFilesLeavesTheLatestExportsValues() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        for (day, phone) in [("2023-10-30", "13800138001"), ("2023-10-31", "13900139002")] {
            try [Self.header, "G1,张三,\(Self.zhang),\(phone),白云区大山洞街道东升小区3栋2单元101室"].joined(separator: "\n")
                .appending("\n").write(to: feeds.appendingPathComponent("grid-\(day).csv"), atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: source("grid", feeds.appendingPathComponent("grid-*.csv")))
        XCTAssertEqual(try fixture.run().status, 0)
        let phone = { try fixture.query("SELECT phone_masked FROM dwd_household") as String? }
        XCTAssertEqual(try phone(), "139****9002")
        let versions = try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?
        for _ in 0..<3 {
            XCTAssertEqual(try fixture.run(["--force"]).status, 0)
            XCTAssertEqual(try phone(), "139****9002")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, versions)
        }
    }
}
