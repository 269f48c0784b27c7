import Foundation
import GRDB
import XCTest

/// Lists of one row per person (留守儿童 per child with the guardian's name and phone, 残联 per disabled member): the
/// rows of one family are one household written several times, through the real binary into a real warehouse.
final class PersonListTests: XCTestCase {
    /// The census's household and the 教育/妇联 list of left-behind children keyed by the child's ID, its rows naming
    /// the guardian.
    private func feeds(in folder: URL, census: [String], children: [String]) throws -> (URL, URL) {
        let grid = folder.appendingPathComponent("census.csv"), list = folder.appendingPathComponent("liushou.csv")
        try (["户编号,区县,户主姓名,身份证号,联系电话,家庭住址"] + census + [""]).joined(separator: "\n")
            .write(to: grid, atomically: true, encoding: .utf8)
        try (["序号,儿童姓名,儿童身份证号,监护人姓名,监护人与儿童关系,监护人电话,区县,家庭住址"] + children + [""])
            .joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        return (grid, list)
    }

    private func sources(_ grid: URL, _ list: URL, listFirst: Bool = false, holder: Bool = false,
                         context: String = "{prefecture: 安顺市}") -> String {
        let census = PipelineRunTests.source("grid-census", grid, format: "csv", owner: "安顺市", extra: [
            "record_key: 户编号", "context: \(context)"])
        let children = PipelineRunTests.source("jy-liushou", list, format: "csv", owner: "省教育厅", kind: "department", extra: [
            "record_key: 儿童身份证号", "context: \(context)",
            "fields: {head_name: 监护人姓名, phone: 监护人电话, address: 家庭住址, county: 区县}",
            "listed_means: {has_left_behind_child: true}"] + (holder ? ["record_names: account_holder"] : []))
        return (listFirst ? [children, census] : [census, children]).joined(separator: "\n")
            + "\nsurvivorship:\n  head_name: [grid-census]"
    }

    /// The households and, for each, its sources' rules and its head and flag, in household order.
    private func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT group_concat(s.source_id || ':' || s.match_rule, ' '), h.head_name, h.has_left_behind_child
            FROM dwd_household h JOIN (SELECT * FROM household_source ORDER BY source_id, match_rule) s USING (household_id)
            GROUP BY h.household_id ORDER BY 2
            """).map { "\($0[0] as String)|\(($0[1] as String?) ?? "-")|\(($0[2] as Int?).map(String.init) ?? "-")" }
    }

    /// Trial 18f: two left-behind children under one grandmother (测李秀英, not the registered head), with her phone
    /// and the flat of the census's 测王德明. Both rows join the census household, loaded after it or before it, and
    /// alone they make one household. Before, the second row was kept out of the household the first had joined
    /// (`address+phone` refused a household another row of the file joined) and made a phantom household headed by
    /// the grandmother, flagged 留守, without a warning.
    func testChildrenUnderOneGuardianAreOneHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let (grid, list) = try feeds(in: folder,
            census: ["HB001,西秀区,测王德明,520402198501011238,13912345678,东关街道测和平小区3-2-501"],
            children: ["1,测王小明,520402201203041230,测李秀英,祖母,13912345678,西秀区,东关街道测和平小区3栋2单元501室",
                       "2,测王小红,520402201405061221,测李秀英,祖母,13912345678,西秀区,东关街道测和平小区3栋2单元501室"])
        let fixture = try PipelineFixture(sources: sources(grid, list))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try households(fixture), ["grid-census:new jy-liushou:address+phone jy-liushou:address+phone|测王德明|1"])

        // The list loaded first: its first row makes the household, the second joins it, the census joins them. The
        // guardian mapped as `head_name` names the household it made; with `record_names: account_holder` she names
        // no one's household, and the census names the head, in either order.
        let listFirst = try PipelineFixture(sources: sources(grid, list, listFirst: true))
        XCTAssertEqual(try listFirst.run().status, 0)
        XCTAssertEqual(try households(listFirst), ["grid-census:address+phone jy-liushou:address+name jy-liushou:new|测李秀英|1"])
        for listFirst in [false, true] {
            let holder = try PipelineFixture(sources: sources(grid, list, listFirst: listFirst, holder: true))
            XCTAssertEqual(try holder.run().status, 0)
            XCTAssertEqual(try holder.rows("SELECT head_name, has_left_behind_child FROM dwd_household")
                .map { "\($0[0] as String)|\($0[1] as Int)" }, ["测王德明|1"], "list first: \(listFirst)")
        }

        // The list alone, in either order of its rows: one household, the same id.
        let alone = folder.appendingPathComponent("alone.csv"), swapped = folder.appendingPathComponent("swapped.csv")
        let rows = try String(contentsOf: list, encoding: .utf8).split(separator: "\n").map(String.init)
        try (rows + [""]).joined(separator: "\n").write(to: alone, atomically: true, encoding: .utf8)
        try ([rows[0], rows[2], rows[1], ""]).joined(separator: "\n").write(to: swapped, atomically: true, encoding: .utf8)
        var ids: [String] = []
        for file in [alone, swapped] {
            let only = try PipelineFixture(sources: PipelineRunTests.source("jy-liushou", file, format: "csv", kind: "department",
                extra: ["record_key: 儿童身份证号", "context: {prefecture: 安顺市}",
                        "fields: {head_name: 监护人姓名, phone: 监护人电话, address: 家庭住址, county: 区县}",
                        "listed_means: {has_left_behind_child: true}"]))
            XCTAssertEqual(try only.run().status, 0)
            XCTAssertEqual(try only.rows("SELECT household_id FROM dwd_household").count, 1, file.lastPathComponent)
            ids += try only.rows("SELECT household_id FROM dwd_household").map { $0[0] as String }
        }
        XCTAssertEqual(Set(ids).count, 1, "the id does not depend on the rows' order")
    }

    /// The same at a villager's door without a compound (…阳关村3组12号): both children's rows join the census's 户
    /// at that door by its phone.
    func testChildrenUnderOneGuardianAtAVillageDoorAreOneHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let (grid, list) = try feeds(in: folder,
            census: ["G1,威宁县,测龙国华,520526198201011234,13912345679,陕桥街道阳关村三组12号"],
            children: ["1,测龙小明,520526201203041232,测吴秀英,祖母,13912345679,威宁县,陕桥街道阳关村3组12号",
                       "2,测龙小红,520526201405061223,测吴秀英,祖母,13912345679,威宁县,陕桥街道阳关村3组12号"])
        let fixture = try PipelineFixture(sources: sources(grid, list, context: "{prefecture: 毕节市}"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try households(fixture), ["grid-census:new jy-liushou:address+phone jy-liushou:address+phone|测龙国华|1"])
    }

    /// What stays apart: two heads of one flat sharing a landline, listed apart by one census (another name).
    func testHeadsListedApartAtOneFlatStayApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let (grid, _) = try feeds(in: folder,
            census: ["HB001,西秀区,测宋志明,,0851-33221100,东关街道测和平小区3-2-501",
                     "HB002,西秀区,测陈刚,,0851-33221100,东关街道测和平小区3-2-501"],
            children: [])
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid-census", grid, format: "csv", owner: "安顺市",
                                                                           extra: ["record_key: 户编号", "context: {prefecture: 安顺市}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["测宋志明", "测陈刚"].sorted())
    }
}
