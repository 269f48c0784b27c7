import Foundation
import GRDB
import XCTest

/// Rows of the renovation project library that name a compound of the housing department's compound list, as the
/// offices write them (trial 17a): with the compound's 社区 or 街道 in front of its name, and without an address.
final class ProjectRowCompoundTests: XCTestCase {
    static let list = """
        序号,市州,区县,街道,社区,小区名称,类型
        1,遵义市,红花岗区,延安路街道,松桃路社区,金竹花园,老旧小区
        2,遵义市,红花岗区,老城街道,大兴路社区,丹桂小区,老旧小区
        3,遵义市,红花岗区,老城街道,大兴路社区,烟厂宿舍,老旧小区
        4,遵义市,红花岗区,老城街道,大兴路社区居委会,大兴路社区桂花苑,老旧小区

        """

    private func sources(list: URL, projects: URL, extra: [String] = []) -> [String] {
        [
            PipelineRunTests.source("compounds", list, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                    extra: ["fields: {name: 小区名称}"]),
            PipelineRunTests.source("projects", projects, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                    extra: ["context: {prefecture: 遵义市}", "fields: {name: 小区名称}"]),
        ] + extra
    }

    /// A compound written with its community in front (`松桃路社区金竹花园`, `大兴路社区居委会丹桂小区`,
    /// `大兴路居委会烟厂宿舍`), or its township (`老城街道烟厂宿舍`), in a project row, in the compound list itself
    /// (`大兴路社区桂花苑` in 大兴路社区) and in a household feed's 小区 column, is the list's compound of that
    /// community: no phantom compound, the project and the households meet in it, and the 低保 households are
    /// listed for their projects.
    func testCompoundWrittenWithItsCommunityInFrontIsTheListsCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("compounds.csv"), projects = folder.appendingPathComponent("projects.csv")
        let census = folder.appendingPathComponent("census.csv"), grid = folder.appendingPathComponent("grid.csv")
        try Self.list.write(to: list, atomically: true, encoding: .utf8)
        try """
            项目编号,区县,街道,小区名称,改造进度
            P-1,红花岗区,延安路街道,松桃路社区金竹花园,未开工
            P-2,红花岗区,老城街道,大兴路社区居委会丹桂小区,30%
            P-3,红花岗区,老城街道,老城街道烟厂宿舍,45%
            P-4,红花岗区,老城街道,大兴路社区桂花苑,10%

            """.write(to: projects, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,家庭住址,是否低保
            1,测王强,520302196506150013,延安路街道松桃路社区金竹花园1栋1单元101室,是

            """.write(to: census, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,街道,小区,楼栋,单元,房号,是否低保
            1,测李梅,老城街道,大兴路社区丹桂小区,2,1,301,是
            2,测赵军,老城街道,大兴路居委会烟厂宿舍,1,1,102,是

            """.write(to: grid, atomically: true, encoding: .utf8)
        // The same household, its address naming the township and its 小区 column the community.
        let registry = folder.appendingPathComponent("registry.csv")
        try """
            序号,户主姓名,家庭住址,小区
            R1,测李梅,老城街道丹桂小区2栋1单元301室,大兴路社区丹桂小区

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: sources(list: list, projects: projects, extra: [
            PipelineRunTests.source("census", census, format: "csv", owner: "遵义市",
                                    extra: ["record_key: 序号", "context: {prefecture: 遵义市, county: 红花岗区}"]),
            PipelineRunTests.source("grid", grid, format: "csv", owner: "遵义市",
                                    extra: ["record_key: 序号", "context: {prefecture: 遵义市, county: 红花岗区}"]),
            PipelineRunTests.source("registry", registry, format: "csv", owner: "遵义市",
                                    extra: ["record_key: 序号", "context: {prefecture: 遵义市, county: 红花岗区}"]),
        ]).joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound ORDER BY name")
            .map { "\($0[0] as String)|\($0[1] as String)" },
            ["丹桂小区|520302001001", "桂花苑|520302001001", "烟厂宿舍|520302001001", "金竹花园|520302005004"])
        XCTAssertEqual(try fixture.rows("""
            SELECT p.project_id, c.name FROM dwd_renovation_project p JOIN dim_compound c USING (compound_id) ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)" },
            ["P-1|金竹花园", "P-2|丹桂小区", "P-3|烟厂宿舍", "P-4|桂花苑"])
        XCTAssertEqual(try fixture.rows("""
            SELECT project_id, compound_name FROM ads_renovation_special_households ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)" },
            ["P-1|金竹花园", "P-2|丹桂小区", "P-3|烟厂宿舍"])
        XCTAssertEqual(try fixture.rows("SELECT h.address FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.source_id = 'registry'").map { $0[0] as String },
                       ["贵州省遵义市红花岗区老城街道大兴路社区丹桂小区2栋1单元301室"])
        XCTAssertEqual(try fixture.rows("SELECT address FROM dwd_household ORDER BY address").map { $0[0] as String }, [
            "贵州省遵义市红花岗区延安路街道松桃路社区金竹花园1栋1单元101室",
            "贵州省遵义市红花岗区老城街道大兴路社区丹桂小区2栋1单元301室",
            "贵州省遵义市红花岗区老城街道大兴路社区烟厂宿舍1栋1单元102室",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dws_compound_summary") as Int?, 4)
    }

    /// A project row (township column, no address) naming a compound the list placed in its community keeps the
    /// list's community code and address, however the row writes the name, and one run gives what two runs
    /// (`--source compounds`, then all) give. An XML project's compounds keep theirs too, and a row that places a
    /// compound the list did not give an address gets one with the compound's name.
    func testProjectRowKeepsTheListsCommunityCodeAndAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("compounds.csv"), projects = folder.appendingPathComponent("projects.csv")
        let library = folder.appendingPathComponent("anshun.xml"), anshun = folder.appendingPathComponent("anshun.csv")
        try Self.list.write(to: list, atomically: true, encoding: .utf8)
        try """
            项目编号,区县,街道,小区名称,改造进度
            P-1,红花岗区,老城街道,老城街道丹桂小区,45%
            P-2,红花岗区,老城街道,烟厂宿舍,30%

            """.write(to: projects, atomically: true, encoding: .utf8)
        try """
            序号,市州,区县,街道,社区,小区名称,类型
            1,安顺市,西秀区,华西街道,阳光社区,青松小区,老旧小区
            2,安顺市,西秀区,华西街道,阳光社区,华茂家园,老旧小区

            """.write(to: anshun, atomically: true, encoding: .utf8)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <改造项目库 市州="安顺市">
              <项目 项目编号="AS-1" 区县="西秀区">
                <小区列表>
                  <小区><名称>青松小区</名称><所属街道>华西街道</所属街道></小区>
                  <小区><名称>阳光社区华茂家园</名称><所属街道>华西街道</所属街道></小区>
                  <小区><名称>锦华苑</名称><所属街道>华西街道</所属街道></小区>
                </小区列表>
                <进度>20%</进度>
              </项目>
            </改造项目库>

            """.write(to: library, atomically: true, encoding: .utf8)
        let all = sources(list: list, projects: projects, extra: [
            PipelineRunTests.source("anshun-list", anshun, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                    extra: ["fields: {name: 小区名称}"]),
            PipelineRunTests.source("anshun-projects", library, format: "xml", entity: "compound", owner: "安顺市住建局",
                                    kind: "department", extra: [
                "context: {prefecture: 安顺市}", "options: {record_path: /改造项目库/项目}",
                "fields: {name: 小区列表/小区/名称, township: 小区列表/小区/所属街道, county: \"@区县\", project_id: \"@项目编号\", progress: 进度}",
            ]),
        ]).joined(separator: "\n")
        let expected = [
            "丹桂小区|520302001001|贵州省遵义市红花岗区老城街道大兴路社区丹桂小区",
            "华茂家园|520402006008|贵州省安顺市西秀区华西街道阳光社区华茂家园",
                        "桂花苑|520302001001|贵州省遵义市红花岗区老城街道大兴路社区桂花苑",
            "烟厂宿舍|520302001001|贵州省遵义市红花岗区老城街道大兴路社区烟厂宿舍",
            "金竹花园|520302005004|贵州省遵义市红花岗区延安路街道松桃路社区金竹花园",
            "锦华苑|520402006000|贵州省安顺市西秀区华西街道锦华苑",
            "青松小区|520402006008|贵州省安顺市西秀区华西街道阳光社区青松小区",
        ]
        let compounds = "SELECT name, region_code, address FROM dim_compound ORDER BY name"
        func show(_ rows: [Row]) -> [String] { rows.map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" } }

        let once = try PipelineFixture(sources: all)
        XCTAssertEqual(try once.run().status, 0)
        XCTAssertEqual(show(try once.rows(compounds)), expected)

        let twice = try PipelineFixture(sources: all)
        XCTAssertEqual(try twice.run(["--source", "compounds", "--source", "anshun-list"]).status, 0)
        XCTAssertEqual(try twice.run().status, 0)
        XCTAssertEqual(show(try twice.rows(compounds)), expected)
        // The projects' rows ran again over the stored compounds: nothing changes.
        XCTAssertEqual(try twice.run(["--force"]).status, 0)
        XCTAssertEqual(show(try twice.rows(compounds)), expected)
    }

    /// A site the list names after its community (`松桃路社区安置点` in 松桃路社区) names the community once in its
    /// stored address, as a household's address text does (recheck of trial 17a). Before,
    /// `…延安路街道松桃路社区松桃路社区安置点`.
    func testASiteNamedAfterItsCommunityNamesItOnceInItsAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("compounds.csv"), census = folder.appendingPathComponent("census.csv")
        try """
            序号,市州,区县,街道,社区,小区名称,类型
            1,遵义市,红花岗区,延安路街道,松桃路社区,松桃路社区安置点,老旧小区

            """.write(to: list, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,家庭住址,是否低保
            1,测王强,\(NightsTests.id("52030219650615001")),延安路街道松桃路社区安置点1栋1单元101室,是

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("compounds", list, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                    extra: ["fields: {name: 小区名称}"]),
            PipelineRunTests.source("census", census, format: "csv", extra: ["context: {prefecture: 遵义市, county: 红花岗区}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name, region_code, address FROM dim_compound").map {
            "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" },
            ["松桃路社区安置点|520302005004|贵州省遵义市红花岗区延安路街道松桃路社区安置点"])
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household") as String?,
                       "贵州省遵义市红花岗区延安路街道松桃路社区安置点1栋1单元101室")
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT compound_id) FROM dwd_household") as Int?, 1)
    }

    /// Trial 21e (D3): the mapping pipeline-format.md gives for a project covering several compounds
    /// (`name: [小区名称, 小区列表/小区/名称]`, `township`, `built_year` likewise) is read per compound and gives no
    /// "never occurs … read without" warning, in `run` or under `validate --strict`. Before, three
    /// `mapped_field_absent` warnings every night, advising a household's head selector, and `--strict` failed
    /// (exit 2). A leaf no compound of the file holds is still said, with what the compounds do hold.
    func testAFieldMappedIntoTheCompoundListOccursWhenItsCompoundsHoldIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let library = folder.appendingPathComponent("zs_xmk.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <改造项目库 区县="钟山区">
              <项目 项目编号="ZS-2023-011" 类型="老旧小区">
                <小区列表>
                  <小区><名称>测水钢一村</名称><所属街道>荷城街道</所属街道><建成年代>1985年</建成年代></小区>
                  <小区><名称>测水钢二村</名称><所属街道>荷城街道</所属街道><建成年代>1987年</建成年代></小区>
                </小区列表>
                <进度>0.45</进度>
              </项目>
              <项目 项目编号="ZS-2023-012" 类型="老旧小区">
                <小区名称>测德坞小区</小区名称><所属街道>荷城街道</所属街道>
                <进度>30%</进度>
              </项目>
            </改造项目库>

            """.write(to: library, atomically: true, encoding: .utf8)
        func housing(builtYear: String) -> String {
            PipelineRunTests.source("zs", library, format: "xml", entity: "compound", owner: "钟山区住建局", kind: "department",
                extra: ["context: {prefecture: 六盘水市, county: 钟山区}", "options: {record_path: /改造项目库/项目}",
                        "fields:",
                        "  name: [小区名称, 小区列表/小区/名称]",
                        "  township: [所属街道, 小区列表/小区/所属街道]",
                        "  built_year: \(builtYear)",
                        "  project_id: \"@项目编号\"",
                        "  progress: 进度"])
        }
        let fixture = try PipelineFixture(sources: housing(builtYear: "[建成年代, 小区列表/小区/建成年代]"))
        let validate = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertFalse((validate.stdout + validate.stderr).contains("never occurs"), validate.stdout + validate.stderr)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("never occurs"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM etl_reject WHERE rule = 'mapped_field_absent'") as Int?, 0)
        XCTAssertEqual(try fixture.rows("""
            SELECT c.name, c.built_year, c.region_code, l.project_id FROM dim_compound c
            JOIN dwd_renovation_project_compound l USING (compound_id) ORDER BY c.name
            """).map { "\($0[0] as String) \(($0[1] as Int?).map(String.init) ?? "-") \($0[2] as String) \($0[3] as String)" },
            ["测德坞小区 - 520201014000 ZS-2023-012", "测水钢一村 1985 520201014000 ZS-2023-011",
             "测水钢二村 1987 520201014000 ZS-2023-011"])

        // A leaf none of the file's compounds holds is a typo: said, with what the compounds hold, and no head selector.
        try fixture.rewrite(sources: housing(builtYear: "[建成年代, 小区列表/小区/建成年份]"))
        let typo = try Rongtong.run(["validate", fixture.file.path, "--strict"])
        XCTAssertEqual(typo.status, 2, typo.stdout + typo.stderr)
        let said = typo.stdout + typo.stderr
        XCTAssertTrue(said.contains("built_year: 建成年代, 小区列表/小区/建成年份 never occurs"), said)
        XCTAssertTrue(said.contains("no compound (小区列表/小区) holds 建成年份 anywhere in the file; its compounds hold"), said)
        XCTAssertFalse(said.contains("户主"), said)
        XCTAssertFalse(said.contains("fields.name"), said)
        XCTAssertFalse(said.contains("fields.township"), said)
    }
}
