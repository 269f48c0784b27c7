import Foundation
import GRDB
import XCTest

/// Grid censuses exported from Excel: merged cells (blank below their first row), checklists ticked √ or left
/// empty, and month-first dates. Real files through the real binary into a real SQLite warehouse, then SQL on it.
final class MergedCellsTests: XCTestCase {
    static func id(_ n: Int) -> String { NightsTests.id("52030319800101" + String(format: "%03d", n)) }
    static let context = "context: {prefecture: 遵义市, county: 汇川区, township: 洗马路街道}"
    static let header = "序号,网格,十联户,小区名称,楼栋,单元,房号,户主姓名,身份证号码"

    /// 网格, 十联户, 小区名称 and 楼栋 merged over their rows, as Excel exports them: the value on the first row,
    /// blanks below.
    static let mergedSheet = """
        \(header)
        1,HC-XML-01,十联户-01,玉石坝小区,1,3,101,测向兰飞,\(id(1))
        2,,,,,3,304,测龚平国,5.20303E+17
        3,,,,2,1,604,测钱霞,\(id(3))
        4,,十联户-02,,,2,501,测许强,\(id(4))
        5,,,桃源新村,,,12,测蒋德,\(id(5))
        合计,,,,,,,,
        6,,,,,1,201,测唐文静,\(id(6))

        """

    /// The rows of one household's place, as the warehouse holds them: name, compound, building, unit, room, grid,
    /// ten-household group.
    static func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT h.head_name, c.name, h.building, h.unit, h.room, h.grid_id, h.ten_household_group
            FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id) ORDER BY h.head_name
            """).map { row in (0..<7).map { (row[$0] as String?) ?? "-" }.joined(separator: " ") }
    }

    /// `fill_down:` (columns and fields mixed) carries each merged cell down within its file: the mangled-ID record
    /// below the compound's first row loads in it, a new 十联户 keeps the grid above, a new 小区 ends the merged 楼栋
    /// (a compound without buildings), and nothing crosses a totals row or into the next file.
    func testFillDownCarriesMergedCellsDownWithinTheirBlock() throws {
        let folder = try TestPaths.temporaryFolder()
        try Self.mergedSheet.write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try """
            \(Self.header)
            101,,,,,2,101,测王芳,\(Self.id(7))
            102,HC-XML-02,十联户-05,金桂苑,3,1,102,测李强,\(Self.id(8))

            """.write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", folder.appendingPathComponent("*.csv"),
            format: "csv", owner: "遵义市", extra: ["record_key: 序号", Self.context,
                                                    "fill_down: [grid_id, 十联户, compound, 楼栋]"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Self.households(fixture), [
            "测向兰飞 玉石坝小区 1 3 101 HC-XML-01 十联户-01",
            "测龚平国 玉石坝小区 1 3 304 HC-XML-01 十联户-01",
            "测钱霞 玉石坝小区 2 1 604 HC-XML-01 十联户-01",
            "测许强 玉石坝小区 2 2 501 HC-XML-01 十联户-02",
            "测蒋德 桃源新村 - - 12 HC-XML-01 十联户-02",
            // After the totals row, and in the next file: nothing is carried.
            "测唐文静 - - 1 201 - -",
            "测王芳 - - 2 101 - -",
            "测李强 金桂苑 3 1 102 HC-XML-02 十联户-05",
        ].sorted())
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, severity FROM etl_reject ORDER BY batch_id, record_number, rule").map {
            "\($0[0] as Int? ?? 0):\($0[1] as String):\($0[2] as String)" }, [
            "2:id_mangled:warning",
            "7:address_incomplete:warning", "1:address_incomplete:warning",
        ])
    }

    /// A village sheet with 村 and 组 merged: filled down, each household is at its village with its 组 and door; a
    /// new village's row with an empty 组 names no 组 (not the 组 of the village above).
    func testFillDownPlacesVillagersInTheirMergedVillageAndGroup() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = folder.appendingPathComponent("yaxi.csv")
        try """
            序号,村（社区）,组,门牌号,户主姓名,身份证号
            1,金钟村,1组,12号,测姚华,\(Self.id(11))
            2,,2组,18号,测彭勇,5.20304E+17
            3,,,24号,测段秀敏,\(Self.id(13))
            4,乐理村,,5号,测许秀云,\(Self.id(14))
            5,,3组,7号,测赵萍,\(Self.id(15))

            """.write(to: sheet, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("yaxi", sheet, format: "csv", owner: "遵义市",
            extra: ["record_key: 序号", "context: {prefecture: 遵义市, county: 播州区, township: 鸭溪镇}",
                    "fill_down: [村（社区）, 组]"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, region_code, address FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }, [
            "测姚华 520304113215 贵州省遵义市播州区鸭溪镇金钟村1组12号",
            "测彭勇 520304113215 贵州省遵义市播州区鸭溪镇金钟村2组18号",
            "测段秀敏 520304113215 贵州省遵义市播州区鸭溪镇金钟村2组24号",
            "测许秀云 520304113214 贵州省遵义市播州区鸭溪镇乐理村5号",
            "测赵萍 520304113214 贵州省遵义市播州区鸭溪镇乐理村3组7号",
        ].sorted())
    }

    /// Without `fill_down:`, the merged-looking columns are one warning for the file, naming them and the
    /// `fill_down:` to declare; a record left without a place names its empty cells, in its `address_incomplete`
    /// warning or in the error that keeps it out (an ID Excel mangled), and a villager's door with its 村 cell empty
    /// is no longer placed at the township in silence.
    func testWithoutFillDownMergedColumnsAreSaidOncePerFileAndRecordsNameTheirEmptyCells() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), village = folder.appendingPathComponent("village.csv")
        try Self.mergedSheet.write(to: grid, atomically: true, encoding: .utf8)
        try """
            序号,村（社区）,组,门牌号,户主姓名,身份证号
            1,金钟村,1组,12号,测姚华,\(Self.id(11))
            2,,2组,18号,测彭勇,\(Self.id(12))
            3,,,24号,测段秀敏,\(Self.id(13))
            4,,4组,50号,测许秀云,\(Self.id(14))

            """.write(to: village, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", owner: "遵义市",
                                                                           extra: ["record_key: 序号", Self.context, "max_reject_ratio: 1"])
            + "\n" + PipelineRunTests.source("village", village, format: "csv", owner: "遵义市",
                                             extra: ["record_key: 序号", "context: {prefecture: 遵义市, county: 播州区, township: 鸭溪镇}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let merged = try fixture.rows("SELECT source_id, record_number, field, message FROM etl_reject WHERE rule = 'merged_cells' ORDER BY source_id")
        XCTAssertEqual(merged.map { "\($0[0] as String):\($0[1] as Int? ?? 0):\($0[2] as String)" },
                       ["grid:0:网格, 十联户, 小区名称, 楼栋", "village:0:村（社区）"])
        XCTAssertEqual(merged.first?[3] as String?, "网格 (4 records), 十联户 (3 records), 小区名称 (3 records) and 楼栋 (3 records) are empty below a record that gives them, without repeating the value above, as Excel exports merged cells: those records load without them. If an empty cell there means the same as the row above, declare fill_down: [网格, 十联户, 小区名称, 楼栋] on the source (see fill_down in docs/pipeline-format.md)")
        XCTAssertTrue(result.stderr.contains("sources.grid: "), result.stderr)
        let said = try fixture.rows("SELECT source_id, record_number, rule, field, message FROM etl_reject WHERE rule <> 'merged_cells' ORDER BY source_id, record_number").map {
            "\($0[0] as String):\($0[1] as Int):\($0[2] as String):\($0[3] as String): \($0[4] as String)" }
        XCTAssertTrue(said.contains("grid:2:id_mangled:身份证号码: written in scientific notation by a spreadsheet; the digits are lost; without an ID or an address the household cannot be identified (its 小区名称 and 楼栋 cells are empty), so the record is not loaded"), "\(said)")
        XCTAssertTrue(said.contains("grid:3:address_incomplete:小区名称: gives the flat 2栋1单元604室 but not a compound, road or village to find it in (its 小区名称 cell is empty): the record is placed at 贵州省遵义市汇川区洗马路街道 (520303002000) only, where many compounds have such a flat; it joins a household by its ID or phone, not by its address"), "\(said)")
        XCTAssertTrue(said.contains("village:3:address_incomplete:村（社区）: gives the door 24号 but not the village to find it in (its 村（社区） and 组 cells are empty): the record is placed at 贵州省遵义市播州区鸭溪镇 (520304113000) only, where each village has such doors; it joins a household by its ID or phone, not by its address"), "\(said)")
    }

    /// `fill_down: []` says a source's blanks are blanks: the merged-cells guess leaves it be, so `validate --strict`
    /// passes a file whose empty cells are really empty (a heuristic the user could not silence otherwise).
    func testFillDownEmptySaysTheBlanksAreBlanks() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try Self.mergedSheet.write(to: grid, atomically: true, encoding: .utf8)
        let source = { (extra: [String]) in
            PipelineRunTests.source("grid", grid, format: "csv", owner: "遵义市",
                                    extra: ["record_key: 序号", Self.context, "max_reject_ratio: 1"] + extra)
        }
        let guessed = try PipelineFixture(sources: source([]))
        XCTAssertNotEqual(try Rongtong.run(["validate", guessed.file.path, "--strict"]).status, 0)
        let fixture = try PipelineFixture(sources: source(["fill_down: []"]))
        let strict = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertFalse(strict.stdout.contains("merged_cells"), strict.stdout)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'merged_cells'") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE compound_id IS NULL") as Int?, 3, "the blanks stay blank")
    }

    /// A checklist ticked √ or left empty: `vocabularies: {flag: {"": false}}` makes its empty cells 0; without it
    /// they stay unknown.
    func testAnEmptyChecklistCellIsNoWhenTheVocabularySaysSo() throws {
        let folder = try TestPaths.temporaryFolder()
        func sheet(_ family: String, _ first: Int) -> String {
            """
            序号,户主姓名,身份证号码,家庭住址,是否低保,有无残疾人
            1,\(family)向兰飞,\(Self.id(first)),遵义市汇川区洗马路街道玉石坝小区\(first)栋1单元101室,√,
            2,\(family)钱霞,\(Self.id(first + 1)),遵义市汇川区洗马路街道玉石坝小区\(first)栋1单元102室,,√

            """
        }
        let ticked = folder.appendingPathComponent("ticked.csv"), plain = folder.appendingPathComponent("plain.csv")
        try sheet("测", 21).write(to: ticked, atomically: true, encoding: .utf8)
        try sheet("试", 23).write(to: plain, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("ticked", ticked, format: "csv", owner: "遵义市",
                                                                           extra: ["record_key: 序号", #"vocabularies: {flag: {"": false}}"#])
            + "\n" + PipelineRunTests.source("plain", plain, format: "csv", owner: "遵义市", extra: ["record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT s.source_id, h.head_name, h.is_low_income, h.has_disabled_member FROM dwd_household h JOIN household_source s USING (household_id) ORDER BY s.source_id, s.record_key").map {
            "\($0[0] as String) \($0[1] as String) \(($0[2] as Int?).map(String.init) ?? "NULL") \(($0[3] as Int?).map(String.init) ?? "NULL")" }, [
            "plain 试向兰飞 1 NULL", "plain 试钱霞 NULL 1",
            "ticked 测向兰飞 1 0", "ticked 测钱霞 0 1",
        ])
    }

    /// Month-first dates (Excel under an English locale): a day over 12 makes the order certain; `10/5/…` is read
    /// under `date_order: mdy` and is otherwise a warning that says why and what to declare.
    func testMonthFirstDatesAreReadWhenCertainOrDeclared() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = """
            序号,户主姓名,家庭住址,出生日期,登记日期
            1,测冯霞,遵义市汇川区洗马路街道玉石坝小区1栋1单元101室,10/22/1985,10/27/2023
            2,测沈梅,遵义市汇川区洗马路街道玉石坝小区1栋1单元102室,10/5/1985,10/5/2023

            """
        let plain = folder.appendingPathComponent("plain.csv"), declared = folder.appendingPathComponent("mdy.csv")
        try sheet.write(to: plain, atomically: true, encoding: .utf8)
        try sheet.replacingOccurrences(of: "测", with: "试").replacingOccurrences(of: "玉石坝小区", with: "金桂苑")
            .write(to: declared, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("plain", plain, format: "csv", owner: "遵义市",
                                                                           extra: ["record_key: 序号"])
            + "\n" + PipelineRunTests.source("declared", declared, format: "csv", owner: "遵义市",
                                             extra: ["record_key: 序号", "date_order: mdy"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_birth_date FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String) \($0[1] as String? ?? "NULL")" },
                       ["测冯霞 1985-10-22", "测沈梅 NULL", "试冯霞 1985-10-22", "试沈梅 1985-10-05"].sorted())
        let staging = try DatabaseQueue(path: fixture.staging.path)
        XCTAssertEqual(try staging.read { db in
            try Row.fetchAll(db, sql: "SELECT source_id, record_key, record_date FROM household_candidate ORDER BY source_id, record_key").map {
                "\($0[0] as String):\($0[1] as String):\($0[2] as String? ?? "NULL")" }
        }, ["declared:1:2023-10-27", "declared:2:2023-10-05", "plain:1:2023-10-27", "plain:2:NULL"])
        let why = "its day and month are both 12 or less, so which comes first is unknown; declare date_order: mdy (month first, as Excel writes under an English locale) or dmy on the source"
        XCTAssertEqual(try fixture.rows("SELECT source_id, record_number, field, message FROM etl_reject WHERE rule = 'invalid_date' ORDER BY field").map {
            "\($0[0] as String):\($0[1] as Int):\($0[2] as String): \($0[3] as String)" }, [
            "plain:2:出生日期: birth date is not a recognised date: \(why)",
            "plain:2:登记日期: \"10/5/2023\" is not a recognised date: \(why)",
        ])
    }
}
