import Foundation
import GRDB
import XCTest

/// A city grid census keyed by its 户编号, with no member list, over nights (trial 13-b): a new head in a household
/// only the grid knows, and a forced rerun. Real files through the real pipeline into a real warehouse, then SQL.
final class GridHeadChangeTests: XCTestCase {
    typealias H = HeadChangeTests

    /// The grid census: 户编号 (its record key), the head's name, ID and phone, the address and the member count.
    func writeGrid(_ rows: [String], to file: URL) throws {
        try (["户编号,户主姓名,身份证号,联系电话,家庭住址,家庭人口"] + rows).joined(separator: "\r\n").appending("\r\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    func gridSource(_ file: URL) -> String {
        PipelineRunTests.source("grid", file, format: "csv", extra: [
            "record_key: 户编号", "context: {prefecture: 贵阳市}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, address: 家庭住址, member_count: 家庭人口}",
        ])
    }

    func households(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT record_key, household_id FROM household_source WHERE source_id = 'grid'") {
            result[row["record_key"]] = row["household_id"]
        }
        return result
    }

    /// Night 1 the grid lists 钟宏珍 at a flat and 顾燕福 at a village door; night 2 the same 户编号 at the same place
    /// names another head with his or her own ID (the head died; the spouse took over), one member fewer. No record
    /// of either household lists members. Both keep their ids (`key+place`), with the new head, one new history
    /// version each, the former head remembered as a member, no alias and no relink. Before, each got a new id minted
    /// in run 2, the old id became its alias (rule `relinked`), and kept a version starting and ending in run 2.
    func testAGridOnlyHouseholdWithANewHeadAtItsPlaceKeepsItsID() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        let flat = "白云区大山洞街道东升小区3栋2单元101室", door = "花溪区青岩镇龙井村3组12号"
        let neighbour = "ZY-0003,王五,\(NightsTests.wang),,白云区大山洞街道东升小区3栋2单元102室,2"
        try writeGrid(["ZY-0001,钟宏珍,\(H.husband),,\(flat),5", "ZY-0002,顾燕福,\(NightsTests.zhang),13800000001,\(door),5",
                       neighbour], to: grid)
        let fixture = try PipelineFixture(sources: gridSource(grid))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try households(fixture)
        XCTAssertEqual(Set(night1.values).count, 3)

        try writeGrid(["ZY-0001,周富柏,\(H.wife),,\(flat),4", "ZY-0002,贾勇鹏,\(NightsTests.li),13800000001,\(door),4",
                       neighbour], to: grid)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try households(fixture), night1, "every household keeps its id")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, s.match_rule, h.head_name, h.head_id_masked, h.member_count FROM household_source s
            JOIN dwd_household h USING (household_id) WHERE s.record_key IN ('ZY-0001', 'ZY-0002') ORDER BY s.record_key
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as String):\($0[4] as Int)" },
            ["ZY-0001:key+place:周富柏:\(H.wife.prefix(6))********\(H.wife.suffix(4)):4",
             "ZY-0002:key+place:贾勇鹏:\(NightsTests.li.prefix(6))********\(NightsTests.li.suffix(4)):4"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE valid_from_run = valid_to_run") as Int?, 0,
                       "no version that starts and ends in one run")
        for key in ["ZY-0001", "ZY-0002"] {
            XCTAssertEqual(try fixture.rows("""
                SELECT valid_from_run, valid_to_run, head_name FROM dwd_household_history WHERE household_id = '\(night1[key]!)'
                ORDER BY valid_from_run
                """).map { "\($0[0] as Int)-\(($0[1] as Int?).map(String.init) ?? "now")" }, ["1-2", "2-now"], key)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM household_member WHERE household_id = '\(night1[key]!)' AND kind = 'id'
                """) as Int?, 1, "the former head is a member: \(key)")
        }
        XCTAssertTrue(second.stderr.contains("2 new head(s)"), second.stderr)
    }

    /// A grid-only household whose 户编号 gives its head another ID at another flat (another 钟宏珍): the record moves
    /// to a household of its own, made in run 2 (`household_relink`). The household it left is not made an alias of that
    /// newer one, and gets no version for the run: it keeps its id, its values and its one version, no longer seen.
    /// Before, it became an alias of the new household (rule `relinked`) with a version starting and ending in run 2.
    func testAGridOnlyHouseholdWhoseKeyMovesToANewerHouseholdIsNotItsAlias() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try writeGrid(["ZY-0001,钟宏珍,\(H.husband),,白云区大山洞街道东升小区3栋2单元101室,5"], to: grid)
        let fixture = try PipelineFixture(sources: gridSource(grid))
        XCTAssertEqual(try fixture.run().status, 0)
        let before = try XCTUnwrap(try households(fixture)["ZY-0001"])

        try writeGrid(["ZY-0001,钟宏珍,\(H.neighbour),,白云区大山洞街道东升小区5栋1单元301室,2"], to: grid)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        let after = try XCTUnwrap(try households(fixture)["ZY-0001"])
        XCTAssertNotEqual(after, before)
        XCTAssertEqual(try fixture.query("SELECT to_household FROM household_relink WHERE from_household = '\(before)'") as String?, after)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 0, "an older id is never an alias of a newer one")
        XCTAssertEqual(try fixture.rows("SELECT head_name, last_seen_run FROM dwd_household WHERE household_id = '\(before)'")
            .map { "\($0[0] as String):\($0[1] as Int)" }, ["钟宏珍:1"])
        XCTAssertEqual(try fixture.rows("SELECT valid_from_run, valid_to_run FROM dwd_household_history WHERE household_id = '\(before)'")
            .map { "\($0[0] as Int)-\(($0[1] as Int?).map(String.init) ?? "now")" }, ["1-now"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE valid_from_run = valid_to_run") as Int?, 0)
    }

    /// Night 1 loads the grid and the housing list; night 2 only the grid changed (the housing file is skipped);
    /// run 3 is forced. `etl_batch.run_id` still names the run that first loaded each batch (1 for the housing list
    /// and the first grid file, 2 for the second), `last_run_id` the forced run, and `etl_run_batch` holds every
    /// run's loads. Before, the forced run relabelled the housing batch and night 2's grid batch as run 3, and no
    /// batch of `etl_batch` said run 2.
    func testAForcedRerunKeepsTheRunThatFirstLoadedEachBatch() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), housing = folder.appendingPathComponent("compounds.csv")
        try "小区名称,区县,街道,类型\r\n东升小区,白云区,大山洞街道,老旧小区\r\n".write(to: housing, atomically: true, encoding: .utf8)
        let housingSource = PipelineRunTests.source("housing", housing, format: "csv", entity: "compound", kind: "department", extra: [
            "context: {prefecture: 贵阳市}", "fields: {name: 小区名称, county: 区县, township: 街道, area_type: 类型}",
        ])
        try writeGrid(["ZY-0001,钟宏珍,\(H.husband),,白云区大山洞街道东升小区3栋2单元101室,5"], to: grid)
        let fixture = try PipelineFixture(sources: housingSource + "\n" + gridSource(grid))
        XCTAssertEqual(try fixture.run().status, 0)
        try writeGrid(["ZY-0001,钟宏珍,\(H.husband),,白云区大山洞街道东升小区3栋2单元101室,4"], to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        let forced = try fixture.run(["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try fixture.query("SELECT MAX(run_id) FROM etl_run") as Int?, 3)
        let batches = try fixture.rows("SELECT source_id, run_id, last_run_id, status FROM etl_batch ORDER BY source_id, run_id")
            .map { "\($0[0] as String):\($0[1] as Int):\($0[2] as Int):\($0[3] as String)" }
        XCTAssertEqual(batches, ["grid:1:1:loaded", "grid:2:3:loaded", "housing:1:3:loaded"])
        XCTAssertEqual(try fixture.rows("SELECT run_id, source_id FROM etl_run_batch ORDER BY run_id, source_id")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["1:grid", "1:housing", "2:grid", "3:grid", "3:housing"])
        // The latest load's rejects, as coverage counts them, are still found.
        XCTAssertEqual(try fixture.query("SELECT rejected_records FROM ads_source_coverage WHERE source_id = 'grid'") as Int?, 0)
    }
}
