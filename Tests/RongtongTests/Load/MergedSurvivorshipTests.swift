import Foundation
import GRDB
import XCTest

/// Two households that merge keep the `survivorship:` ranking of their columns, whichever household's id survives
/// (trial zunyi, finding 1), through the real binary into a real warehouse over three nights.
final class MergedSurvivorshipTests: XCTestCase {
    private struct Feeds {
        let folder: URL
        var registry: URL { folder.appendingPathComponent("hj.xml") }
        var grid: URL { folder.appendingPathComponent("census.csv") }

        /// The grid's census: 测刘芳 with the ID and name it writes tonight (a mistyped room), and the control 测陈刚
        /// with a typo of its own when `typos`.
        func writeGrid(id: String, name: String, typos: Bool = false) throws {
            try """
                户编号,户主姓名,身份证号,联系电话,家庭住址,家庭人口
                GZ-005,\(name),\(id),13700001111,汇川区珠海路小区7栋3单元206室,2
                GZ-004,\(typos ? "测陈钢" : "测陈刚"),520302197208300719,13908510006,中华路街道杨柳街小区2栋1单元201室,2

                """.write(to: grid, atomically: true, encoding: .utf8)
        }
    }

    private func sources(_ feeds: Feeds) -> String {
        [
            PipelineRunTests.source("gab", feeds.registry, format: "xml", owner: "遵义市公安局", kind: "department", extra: [
                "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}", "context: {prefecture: 遵义市}",
                "fields: {head_name: 户主/姓名, head_id: 户主/身份证号, phone: 户主/联系电话, address: 住址}"]),
            PipelineRunTests.source("grid", feeds.grid, format: "csv", owner: "遵义市", extra: [
                "record_key: 户编号", "context: {prefecture: 遵义市}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  head_name: [gab]\n  head_id: [gab]\n  address: [gab]"
    }

    /// Night 1: the grid's row of 测刘芳 has an ID with a wrong check character and another room, so it makes a
    /// household beside the registry's. Night 2: the grid corrects the ID and the two merge. Night 3: the grid
    /// writes 测刘方 (and 测陈钢 for the control). The registry, ranked first for the name, the ID and the address,
    /// owns them after the merge and keeps 测刘芳 on night 3, the grid's typo a conflict row, as for the control
    /// household that never merged, whichever of the two ids survives (it depends on the personal-data key: the
    /// test tries keys until it has seen both).
    func testRankedSourceOwnsTheMergedValuesWhicheverHouseholdSurvives() throws {
        var survivors: Set<String> = []
        for number in 1...8 {
            let key = "merge-survivor-key-000\(number)"
            let feeds = Feeds(folder: try TestPaths.temporaryFolder())
            try """
                <?xml version="1.0" encoding="UTF-8"?>
                <户籍信息>
                  <户 户号="ZY005"><户主><姓名>测刘芳</姓名><身份证号>520303198001250823</身份证号><联系电话>13908510007</联系电话></户主><住址>遵义市汇川区上海路街道珠海路小区7栋3单元602室</住址></户>
                  <户 户号="ZY004"><户主><姓名>测陈刚</姓名><身份证号>520302197208300719</身份证号><联系电话>13908510006</联系电话></户主><住址>遵义市红花岗区中华路街道杨柳街小区2栋1单元201室</住址></户>
                </户籍信息>

                """.write(to: feeds.registry, atomically: true, encoding: .utf8)
            let fixture = try PipelineFixture(sources: sources(feeds))

            try feeds.writeGrid(id: "520303198001250820", name: "测刘芳")
            let first = try fixture.run(key: key)
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
            let registryHousehold: String? = try fixture.query(
                "SELECT household_id FROM household_source WHERE source_id = 'gab' AND record_key = 'ZY005'")

            try feeds.writeGrid(id: "520303198001250823", name: "测刘芳")
            let second = try fixture.run(key: key)
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, key)
            let alias: String? = try fixture.query("SELECT alias_id FROM household_alias")
            survivors.insert(alias == registryHousehold ? "grid's" : "registry's")
            let owners = try fixture.rows("""
                SELECT f.column_name, f.source_id FROM dwd_household_field_source f
                JOIN household_source s ON s.household_id = f.household_id AND s.source_id = 'gab' AND s.record_key = 'ZY005'
                WHERE f.column_name IN ('head_name', 'head_id_hash', 'head_id_masked', 'address', 'room') ORDER BY 1
                """).map { "\($0[0] as String)=\($0[1] as String)" }
            XCTAssertEqual(owners, ["address=gab", "head_id_hash=gab", "head_id_masked=gab", "head_name=gab", "room=gab"], key)

            try feeds.writeGrid(id: "520303198001250823", name: "测刘方", typos: true)
            let third = try fixture.run(key: key)
            XCTAssertEqual(third.status, 0, third.stderr)
            XCTAssertEqual(try fixture.rows("SELECT head_name, address FROM dwd_household ORDER BY address")
                .map { "\($0[0] as String) \($0[1] as String)" },
                           ["测刘芳 贵州省遵义市汇川区上海路街道珠海路小区7栋3单元602室",
                            "测陈刚 贵州省遵义市红花岗区中华路街道杨柳街小区2栋1单元201室"], key)
            XCTAssertEqual(try fixture.rows("""
                SELECT kept_source, offered_source FROM dwd_household_conflict WHERE column_name = 'head_name'
                """).map { "\($0[0] as String) over \($0[1] as String)" }, ["gab over grid", "gab over grid"], key)
            if survivors.count == 2 { break }
        }
        XCTAssertEqual(survivors, ["grid's", "registry's"], "the keys tried should make either household survive")
    }
}
