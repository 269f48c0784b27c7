import Foundation
import GRDB
import XCTest

/// Utility accounts (`record_names: account_holder`) at villagers' doors and the census naming the heads there: the
/// census joins the household the accounts made, at a door as at a flat, whichever loads first (trial fringe,
/// finding 2), through the real binary into a real warehouse.
final class VillageDoorAccountTests: XCTestCase {
    private func water(_ file: URL) -> String {
        PipelineRunTests.source("water", file, format: "ndjson", owner: "毕节市供排水公司", kind: "department", extra: [
            "record_key: hh", "record_names: account_holder", "context: {prefecture: 毕节市, county: 七星关区}",
            "fields: {head_name: hm, address: dz, phone: dh}"])
    }

    private func census(_ file: URL) -> String {
        PipelineRunTests.source("census", file, format: "csv", owner: "长春堡镇", extra: [
            "record_key: 户编号", "when_missing: skip", "context: {prefecture: 毕节市, county: 七星关区}"])
    }

    /// 龙小平's account (no phone) at `干堰村五组七号`; at `干堰村3组15号` the wife 刘芳's account with her own mobile and
    /// the head 李秀英's; as a control, 周丽's account at a compound's flat.
    private let accounts = """
        {"hh":"W08","hm":"龙小平","dz":"长春堡镇干堰村五组七号","dh":""}
        {"hh":"W02","hm":"刘芳","dz":"长春堡镇干堰村三组十五号","dh":"13985719999"}
        {"hh":"W15","hm":"李秀英","dz":"长春堡镇干堰村3组15号","dh":"13985710002"}
        {"hh":"W20","hm":"周丽","dz":"长春堡镇清丰小区2栋1单元301室","dh":""}

        """

    private let rows = """
        户编号,户主姓名,身份证号,联系电话,家庭住址
        B08,龙小平,520502198804030458,,长春堡镇干堰村5组7号
        B02,李秀英,520502195807050223,13985710002,长春堡镇干堰村三组15号
        B20,周丽,520502199001010220,,长春堡镇清丰小区2栋1单元301室

        """

    /// The households as the groups of records in each, with the head's name.
    private func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT COALESCE(h.head_name, '-') || ': ' || group_concat(s.source_id || ' ' || s.record_key, ', ')
            FROM (SELECT * FROM household_source ORDER BY source_id, record_key) s
            JOIN dwd_household h USING (household_id) GROUP BY h.household_id ORDER BY 1
            """).map { $0[0] as String }
    }

    private static let expected = ["周丽: census B20, water W20", "李秀英: census B02, water W02, water W15",
                                   "龙小平: census B08, water W08"]

    /// The census one night after the accounts, and both in one run in either order, give the same households: each
    /// account with its head's census row, at the doors as at the flat. Before, the census rows at the doors made
    /// households of their own beside the accounts' headless ones.
    func testCensusJoinsTheAccountsAtAVillagersDoorWhicheverLoadsFirst() throws {
        let folder = try TestPaths.temporaryFolder()
        let waterFile = folder.appendingPathComponent("water.ndjson"), censusFile = folder.appendingPathComponent("census.csv")
        try accounts.write(to: waterFile, atomically: true, encoding: .utf8)

        let nights = try PipelineFixture(sources: water(waterFile) + "\n" + census(censusFile))
        let first = try nights.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try nights.query("SELECT COUNT(*) FROM dwd_household WHERE head_name IS NULL") as Int?, 3)
        try rows.write(to: censusFile, atomically: true, encoding: .utf8)
        let second = try nights.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try households(nights), Self.expected)
        XCTAssertEqual(try nights.rows("SELECT record_key, match_rule FROM household_source WHERE source_id = 'census' ORDER BY 1")
            .map { "\($0[0] as String) \($0[1] as String)" }, ["B02 address+phone", "B08 address+holder", "B20 address+holder"])
        XCTAssertEqual(try nights.query("SELECT address FROM dwd_household WHERE head_name = '龙小平'") as String?,
                       "贵州省毕节市七星关区长春堡镇干堰村5组7号")

        let accountsFirst = try PipelineFixture(sources: water(waterFile) + "\n" + census(censusFile))
        XCTAssertEqual(try accountsFirst.run().status, 0)
        XCTAssertEqual(try households(accountsFirst), Self.expected)

        let censusFirst = try PipelineFixture(sources: census(censusFile) + "\n" + water(waterFile))
        XCTAssertEqual(try censusFirst.run().status, 0)
        XCTAssertEqual(try households(censusFirst), Self.expected)
    }

    /// Where the door has households with heads (two brothers', from the census), an account that agrees with neither
    /// (their mother's, no phone) keeps a household of its own; a brother's changed census row the next night does not
    /// take it in by the door alone, nor does a new census row at another door.
    func testAnAccountBesideNamedHouseholdsAtADoorIsNotTakenInByTheDoorAlone() throws {
        let folder = try TestPaths.temporaryFolder()
        let waterFile = folder.appendingPathComponent("water.ndjson"), censusFile = folder.appendingPathComponent("census.csv")
        func writeCensus(members: Int) throws {
            try """
                户编号,户主姓名,身份证号,联系电话,家庭住址,家庭人口
                B04,陈刚,520502197509200157,13985710004,长春堡镇滑石村1组8号,\(members)
                B05,陈强,520502197802110177,13985710005,长春堡镇滑石村1组8号,3

                """.write(to: censusFile, atomically: true, encoding: .utf8)
        }
        try writeCensus(members: 5)
        try """
            {"hh":"W04","hm":"陈刚","dz":"长春堡镇滑石村1组8号","dh":"13985710004"}
            {"hh":"W05","hm":"陈强","dz":"长春堡镇滑石村一组8号","dh":"13985710005"}
            {"hh":"W09","hm":"王氏","dz":"长春堡镇滑石村1组8号","dh":""}

            """.write(to: waterFile, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: census(censusFile) + "\n" + water(waterFile))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        let expected = ["-: water W09", "陈刚: census B04, water W04", "陈强: census B05, water W05"]
        XCTAssertEqual(try households(fixture), expected)

        try writeCensus(members: 4)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try households(fixture), expected)
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE head_name = '陈刚'") as Int?, 4)
    }
}
