import Foundation
import GRDB
import XCTest

/// Compound lists that write a former name in a column of its own (曾用名, 原名) and the area type as yes/no columns
/// (是否老旧小区, 是否棚户区, 是否城乡结合部), as 住建's compound library and its XML export do (trial 18b).
final class CompoundListColumnsTests: XCTestCase {
    private func compoundSource(_ file: URL, format: String = "csv", extra: [String] = []) -> String {
        PipelineRunTests.source("zj-list", file, format: format, entity: "compound", owner: "住建局", extra: [
            "context: {prefecture: 六盘水市}", "max_reject_ratio: 1",
        ] + extra)
    }

    private func census(_ file: URL) -> String {
        PipelineRunTests.source("census", file, format: "csv", extra: ["context: {prefecture: 六盘水市}", "record_key: 序号"])
    }

    private func survey(_ file: URL) -> String {
        PipelineRunTests.source("survey", file, format: "csv", entity: "facility", extra: [
            "context: {prefecture: 六盘水市}", "record_key: 设施编号",
            "fields: {county: 区县, township: 街道, compound: 小区名称, facility_type: 设施类型, name: 设施名称}"])
    }

    private static let censusRows = """
        序号,户主姓名,身份证号,区县,街道,所属小区,楼栋,单元,房号
        1,段秀英,520102194001010218,钟山区,荷城街道,纺织厂宿舍,1,1,101
        2,侯淑珍,520102194201010239,钟山区,荷城街道,棉纺厂宿舍,2,1,201
        3,王建国,520102195001010212,钟山区,荷城街道,锦绣花园,3,1,301

        """

    /// A 曾用名 column holding two former names (`纺织厂宿舍、棉纺厂宿舍`), auto-mapped: both are the compound's aliases,
    /// and the census rows and the facility written under either old name live in 锦绣花园, not in extra compounds.
    /// A placeholder (`无`) and the present name repeated are no former names; a name's bracket (`幸福家园（原电业局宿舍）`)
    /// and the column add up.
    func testAFormerNameColumnMakesEveryOldNameFindTheCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("list.csv")
        try """
            序号,区县,街道,小区名称,曾用名,建成年代
            1,钟山区,荷城街道,锦绣花园,纺织厂宿舍、棉纺厂宿舍,1988
            2,钟山区,荷城街道,南湖家园,,1995
            3,钟山区,荷城街道,金叶苑,无,2001
            5,钟山区,荷城街道,幸福家园（原电业局宿舍）,电厂宿舍,2005
            4,钟山区,荷城街道,碧水小区,碧水小区,2003

            """.write(to: list, atomically: true, encoding: .utf8)
        let households = folder.appendingPathComponent("census.csv"), facilities = folder.appendingPathComponent("survey.csv")
        try Self.censusRows.write(to: households, atomically: true, encoding: .utf8)
        try """
            设施编号,区县,街道,小区名称,设施类型,设施名称
            S1,钟山区,荷城街道,纺织厂宿舍,路灯,北门路灯

            """.write(to: facilities, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [compoundSource(list, extra: [
            "record_key: 序号", "fields: {county: 区县, township: 街道, name: 小区名称}"]),
            census(households), survey(facilities)].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0[0] as String },
                       ["南湖家园", "幸福家园", "碧水小区", "金叶苑", "锦绣花园"].sorted())
        // A bracket's former name and the column's are both kept.
        XCTAssertEqual(try fixture.rows("SELECT name FROM compound_alias ORDER BY name").map { $0[0] as String },
                       ["棉纺厂宿舍", "纺织厂宿舍", "电业局宿舍", "电厂宿舍"].sorted())
        XCTAssertEqual(try fixture.rows("""
            SELECT DISTINCT c.name FROM dwd_household h JOIN dim_compound c USING (compound_id)
            """).map { $0[0] as String }, ["锦绣花园"])
        XCTAssertEqual(try fixture.rows("""
            SELECT c.name FROM dwd_facility f JOIN dim_compound c USING (compound_id)
            """).map { $0[0] as String }, ["锦绣花园"])
    }

    /// The census placed households in 纺织厂宿舍 on night 1; night 2's list writes 锦绣花园 with 原名 纺织厂宿舍 (mapped
    /// explicitly): the census's compound is renamed and keeps its id and its households.
    func testAFormerNameColumnRenamesTheCompoundAnEarlierNightMade() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("list.csv"), households = folder.appendingPathComponent("census.csv")
        try "序号,区县,街道,小区名称,原小区名称\n1,钟山区,荷城街道,南湖家园,\n".write(to: list, atomically: true, encoding: .utf8)
        try Self.censusRows.write(to: households, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [compoundSource(list, extra: [
            "record_key: 序号", "fields: {county: 区县, township: 街道, name: 小区名称, former_names: 原小区名称}"]),
            census(households)].joined(separator: "\n"))
        XCTAssertEqual(try fixture.run().status, 0)
        let id: String? = try fixture.query("SELECT compound_id FROM dim_compound WHERE name = '纺织厂宿舍'")
        XCTAssertNotNil(id)
        try "序号,区县,街道,小区名称,原小区名称\n1,钟山区,荷城街道,南湖家园,\n2,钟山区,荷城街道,锦绣花园,纺织厂宿舍\n"
            .write(to: list, atomically: true, encoding: .utf8)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT compound_id FROM dim_compound WHERE name = '锦绣花园'") as String?, id)
        XCTAssertEqual(try fixture.query("SELECT confirmed_by_housing FROM dim_compound WHERE name = '锦绣花园'") as Int?, 1)
        XCTAssertNil(try fixture.query("SELECT compound_id FROM dim_compound WHERE name = '纺织厂宿舍'") as String?)
    }

    /// 住建's XML writes the area type as three yes/no elements and the former name in its own element, none of them
    /// mapped: the element whose name says the type and whose value says 是 gives it; all 否 leave it empty without a
    /// warning; two 是 take the first (老旧小区 before 棚户区 before 城乡结合部) and say so.
    func testAreaTypeFromYesNoElementsAndFormerNameElementAutoMapped() throws {
        let folder = try TestPaths.temporaryFolder()
        let xml = folder.appendingPathComponent("list.xml")
        func compound(_ id: String, _ name: String, former: String, _ old: String, _ shanty: String, _ fringe: String) -> String {
            """
              <小区 编号="\(id)">
                <小区名称>\(name)</小区名称><曾用名>\(former)</曾用名>
                <所属区县>钟山区</所属区县><所属街道>荷城街道</所属街道>
                <是否老旧小区>\(old)</是否老旧小区><是否棚户区>\(shanty)</是否棚户区><是否城乡结合部>\(fringe)</是否城乡结合部>
              </小区>
            """
        }
        try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<小区名录>",
              compound("X1", "锦绣花园", former: "纺织厂宿舍", "否", "否", "是"),
              compound("X2", "南湖家园", former: "", "是", "否", "否"),
              compound("X3", "金叶苑", former: "", "否", "是", "否"),
              compound("X4", "碧水小区", former: "", "否", "否", "否"),
              compound("X5", "幸福小区", former: "", "是", "否", "是"),
              "</小区名录>", ""]).joined(separator: "\n").write(to: xml, atomically: true, encoding: .utf8)
        let households = folder.appendingPathComponent("census.csv")
        try Self.censusRows.write(to: households, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [compoundSource(xml, format: "xml", extra: [
            "options: {record_path: /小区名录/小区}", "record_key: \"@编号\""]), census(households)].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT name, COALESCE(area_type, '-') FROM dim_compound WHERE confirmed_by_housing = 1 ORDER BY name
            """).map { "\($0[0] as String):\($0[1] as String)" },
            ["南湖家园:old_compound", "幸福小区:old_compound", "碧水小区:-", "金叶苑:shantytown", "锦绣花园:urban_fringe"].sorted())
        XCTAssertEqual(try fixture.rows("SELECT name FROM compound_alias").map { $0[0] as String }, ["纺织厂宿舍"])
        let rejects = try fixture.rows("SELECT rule, field, message FROM etl_reject WHERE source_id = 'zj-list'")
        XCTAssertEqual(rejects.map { "\($0[0] as String) \($0[1] as String? ?? "-")" }, ["several_values 是否老旧小区"], "\(rejects)")
        XCTAssertTrue((rejects.first?[2] as String? ?? "").contains("是否城乡结合部"), "\(rejects)")
    }

    /// Yes/no columns mapped explicitly, in the order the user wants to win, beside a column of words: a 是 under a
    /// column that names a type gives the type; a word column keeps working; a value that is neither is
    /// `unknown_area_type` as before.
    func testAreaTypeMappedToSeveralYesNoColumnsFollowsTheMappingOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("list.csv")
        try """
            序号,区县,街道,小区名称,城乡结合部(是/否),棚户区(是/否),老旧小区(是/否)
            1,钟山区,荷城街道,锦绣花园,√,×,√
            2,钟山区,荷城街道,南湖家园,否,否,1
            3,钟山区,荷城街道,金叶苑,,,
            4,钟山区,荷城街道,碧水小区,不详,,

            """.write(to: list, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource(list, extra: [
            "record_key: 序号",
            "fields: {county: 区县, township: 街道, name: 小区名称, area_type: [城乡结合部(是/否), 棚户区(是/否), 老旧小区(是/否)]}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name, COALESCE(area_type, '-') FROM dim_compound ORDER BY name")
            .map { "\($0[0] as String):\($0[1] as String)" },
            ["南湖家园:old_compound", "碧水小区:-", "金叶苑:-", "锦绣花园:urban_fringe"].sorted())
        XCTAssertEqual(try fixture.rows("SELECT rule FROM etl_reject ORDER BY record_number").map { $0[0] as String },
                       ["several_values", "unknown_area_type"])
    }
}
