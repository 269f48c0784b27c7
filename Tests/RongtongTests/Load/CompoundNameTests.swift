import Foundation
import GRDB
@testable import RongtongLoad
import XCTest

/// How the housing department's two compound feeds (its compound list in GB18030 CSV, its renovation project library
/// in XML) and the households name one compound: real files through the real pipeline, in both load orders, then SQL.
final class CompoundNameTests: XCTestCase {
    /// The compound list: 小区名称, 区县, 所属街道, 建成年代, 类型 (遵义 红花岗区 中华路街道, 贵阳 南明区 二戈街道, 云岩区 黔灵东路街道).
    static let list = """
        序号,小区名称,区县,所属街道,建成年代,类型
        1,纺织厂宿舍,红花岗区,中华路街道,1982,老旧院落
        2,幸福小区,红花岗区,中华路街道,1990,老旧小区
        3,延安路小区,红花岗区,中华路街道,1991,老旧小区
        4,二戈寨职工新村,南明区,二戈街道,1988,老旧小区
        5,黔灵东路宿舍,云岩区,黔灵东路街道,1983,老旧小区

        """

    /// The project library names the same compounds its own way: with the township's name in front (中华路纺织厂宿舍),
    /// with 小区 after (二戈寨职工新村小区, 黔灵东路宿舍小区); 中华路小区 is a compound the list does not have.
    static let projects = """
        <?xml version="1.0" encoding="UTF-8"?>
        <改造项目库>
          <项目 项目编号="HHG-2024-003" 区县="红花岗区"><小区名称>中华路纺织厂宿舍</小区名称><所属街道>中华路街道</所属街道><进度>30%</进度></项目>
          <项目 项目编号="HHG-2024-004" 区县="红花岗区"><小区名称>中华路小区</小区名称><所属街道>中华路街道</所属街道><进度>0</进度></项目>
          <项目 项目编号="NM-2023-006" 区县="南明区"><小区名称>二戈寨职工新村小区</小区名称><所属街道>二戈街道</所属街道><进度>50%</进度></项目>
          <项目 项目编号="YY-2023-007" 区县="云岩区"><小区名称>黔灵东路宿舍小区</小区名称><所属街道>黔灵东路街道</所属街道><进度>20%</进度></项目>
        </改造项目库>

        """

    /// 遵义's grid census: a household of 纺织厂宿舍 and one whose compound is written with its road in front
    /// (延安东路幸福小区, where the list has 幸福小区 alone).
    static let census = """
        序号,户主姓名,区县,街道,所属小区,楼栋,单元,房号,是否低保
        1,段秀英,红花岗区,中华路街道,纺织厂宿舍,1,1,101,是
        2,侯淑珍,红花岗区,中华路街道,延安东路幸福小区,2,1,201,是

        """

    /// Runs the list, the projects and the census, the two housing feeds in the order given, into a new warehouse.
    private func load(projectsFirst: Bool) throws -> PipelineFixture {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("compounds.csv"), projects = folder.appendingPathComponent("projects.xml")
        let census = folder.appendingPathComponent("census.csv")
        try Data(UTF8EvidenceTests.gb18030(Self.list)).write(to: list)
        try Self.projects.write(to: projects, atomically: true, encoding: .utf8)
        try Data(UTF8EvidenceTests.gb18030(Self.census)).write(to: census)
        let listSource = PipelineRunTests.source("housing-compounds", list, format: "csv", entity: "compound",
            owner: "省住房和城乡建设厅", kind: "department", extra: ["encoding: gb18030"])
        let projectSource = PipelineRunTests.source("housing-projects", projects, format: "xml", entity: "compound",
            owner: "省住房和城乡建设厅", kind: "department", extra: [
                "options: {record_path: /改造项目库/项目}",
                "fields: {name: 小区名称, county: \"@区县\", township: 所属街道, project_id: \"@项目编号\", progress: 进度}",
            ])
        let censusSource = PipelineRunTests.source("zunyi-grid", census, format: "csv", owner: "遵义市",
            extra: ["encoding: gb18030", "record_key: 序号", "context: {prefecture: 遵义市}"])
        let housing = projectsFirst ? [projectSource, listSource] : [listSource, projectSource]
        let fixture = try PipelineFixture(sources: (housing + [censusSource]).joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        return fixture
    }

    /// 中华路纺织厂宿舍 in 中华路街道 is the list's 纺织厂宿舍 (the township's own name in front), and 延安东路幸福小区 is
    /// its 幸福小区 (a road in front of a compound alone in the township): one dim_compound row each, the project and
    /// the households linked to it, whichever housing feed is loaded first. 中华路小区 and 延安路小区, named after two
    /// roads, stay two compounds. Before, 中华路纺织厂宿舍 was a second confirmed compound without a built year, and
    /// the household of 纺织厂宿舍 missed the project's door-to-door list.
    func testACompoundNamedWithItsTownshipOrARoadInFrontIsTheListedCompound() throws {
        for projectsFirst in [false, true] {
            let fixture = try load(projectsFirst: projectsFirst)
            let order = projectsFirst ? "projects first" : "list first"
            XCTAssertEqual(try fixture.rows("""
                SELECT name || ':' || IFNULL(built_year, '-') || ':' || confirmed_by_housing FROM dim_compound
                WHERE region_code LIKE '520302%' ORDER BY name
                """).map { $0[0] as String },
                           ["中华路小区:-:1", "幸福小区:1990:1", "延安路小区:1991:1", "纺织厂宿舍:1982:1"].sorted(), order)
            XCTAssertEqual(try fixture.query("""
                SELECT c.name FROM dwd_renovation_project p JOIN dim_compound c USING (compound_id) WHERE p.project_id = 'HHG-2024-003'
                """) as String?, "纺织厂宿舍", order)
            XCTAssertEqual(try fixture.rows("""
                SELECT h.head_name || ':' || c.name FROM dwd_household h JOIN dim_compound c USING (compound_id) ORDER BY h.head_name
                """).map { $0[0] as String }, ["侯淑珍:幸福小区", "段秀英:纺织厂宿舍"], order)
            XCTAssertEqual(try fixture.rows("SELECT project_id FROM ads_renovation_special_households").map { $0[0] as String },
                           ["HHG-2024-003"], order)
        }
    }

    /// The list's 二戈寨职工新村 and 黔灵东路宿舍 keep their names when the project library writes them with 小区
    /// after, whichever feed is loaded last, so a query by the list's name finds them (with their projects). Before,
    /// the name flipped to the spelling of the feed loaded last.
    func testTheListsNameStaysWhenAnotherHousingFeedOnlyAddsAKindWord() throws {
        for projectsFirst in [false, true] {
            let fixture = try load(projectsFirst: projectsFirst)
            let order = projectsFirst ? "projects first" : "list first"
            XCTAssertEqual(try fixture.rows("""
                SELECT c.name || ':' || p.project_id FROM dim_compound c JOIN dwd_renovation_project p USING (compound_id)
                WHERE c.region_code LIKE '5201%' ORDER BY c.name
                """).map { $0[0] as String }, ["二戈寨职工新村:NM-2023-006", "黔灵东路宿舍:YY-2023-007"], order)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound WHERE region_code LIKE '5201%'") as Int?, 2, order)
        }
    }

    /// What a spelling may add to a housing feed's name without replacing it: kind words at the end, a street in front.
    func testASpellingThatOnlyAddsAKindWordOrAStreetAddsToTheName() {
        XCTAssertTrue(CompoundRegistry.onlyAdds(to: "二戈寨职工新村", "二戈寨职工新村小区"))
        XCTAssertTrue(CompoundRegistry.onlyAdds(to: "纺织厂宿舍", "中华路纺织厂宿舍"))
        XCTAssertTrue(CompoundRegistry.onlyAdds(to: "幸福", "幸福花园小区"))
        XCTAssertFalse(CompoundRegistry.onlyAdds(to: "二戈寨职工新村小区", "二戈寨职工新村"))
        XCTAssertFalse(CompoundRegistry.onlyAdds(to: "幸福花园", "幸福小区"))
        XCTAssertFalse(CompoundRegistry.onlyAdds(to: "幸福花圆", "幸福花园"))
        XCTAssertFalse(CompoundRegistry.onlyAdds(to: "水钢一村", "水钢一村二组"))
    }

    /// Misspelt kind words (花圆, 宿社, 新邨, 花園) go from a match name as the words meant do, and after a county's
    /// name they name nothing of their own (播州花圆 keeps 播州: it is the compound's name). Staff quarters named by
    /// their residents alone (职工宿舍, 家属院) name no place; 职工医院 does.
    func testAMisspeltKindWordGoesFromTheMatchNameAsTheWordMeant() {
        let names = ["烟草宿社": "烟草", "长征新邨": "长征", "珠海花圆": "珠海", "播州花圆": "播州", "幸福花園": "幸福",
                     "金桂家圆": "金桂", "烟草宿舍": "烟草"]
        for (name, key) in names { XCTAssertEqual(CompoundRegistry.matchName(name), key, name) }
        XCTAssertTrue(CompoundRegistry.namesNoPlaceOfItsOwn("花圆"))
        XCTAssertTrue(CompoundRegistry.namesNoPlaceOfItsOwn("宿社"))
        XCTAssertTrue(CompoundRegistry.namesQuartersOnly(CompoundRegistry.matchName("职工宿舍")))
        XCTAssertTrue(CompoundRegistry.namesQuartersOnly(CompoundRegistry.matchName("职工家属院")))
        XCTAssertTrue(CompoundRegistry.namesQuartersOnly(CompoundRegistry.matchName("家属院")))
        XCTAssertFalse(CompoundRegistry.namesQuartersOnly(CompoundRegistry.matchName("职工医院宿舍")))
        XCTAssertFalse(CompoundRegistry.namesQuartersOnly(CompoundRegistry.matchName("洗马路职工宿舍")))
    }

    /// Trial 17e: a registry's `九龙街道龙&amp;凤苑9栋4单元101室` stored the compound as 龙凤苑 and the address without
    /// its `&`. Now `dim_compound.name` is the name as first seen (龙&凤苑) and the address keeps it; a census writing
    /// 龙凤苑 (and one writing 龙+凤苑) finds the same compound, as match names ignore the punctuation, and its
    /// address spells the compound so.
    func testACompoundNameKeepsItsAmpersandAndStillMatchesWithoutIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("hj.xml"), census = folder.appendingPathComponent("census.csv")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍登记>
              <户 编号="R4-0001"><户主姓名>测方花军</户主姓名><户主身份证号>\(NightsTests.zhang)</户主身份证号><住址>九龙街道龙&amp;凤苑9栋4单元101室</住址></户>
            </户籍登记>

            """.write(to: registry, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,地址
            1,测李四,九龙街道龙凤苑9栋4单元102室
            2,测王五,九龙街道龙+凤苑9栋4单元103室

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("lz-police", registry, format: "xml", owner: "六枝特区公安分局", kind: "department", extra: [
                "record_key: \"@编号\"", "context: {prefecture: 六盘水市, county: 六枝特区}", "options: {record_path: /户籍登记/户}",
            ]),
            PipelineRunTests.source("lz-grid", census, format: "csv", owner: "六枝特区",
                                    extra: ["record_key: 序号", "context: {prefecture: 六盘水市, county: 六枝特区}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound").map { $0[0] as String }, ["龙&凤苑"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT compound_id) FROM dwd_household WHERE compound_id IS NOT NULL") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        // Each address spells the compound it links to by the compound's name.
        XCTAssertEqual(try fixture.rows("SELECT address FROM dwd_household ORDER BY address").map { $0[0] as String },
                       ["101", "102", "103"].map { "贵州省六盘水市六枝特区九龙街道龙&凤苑9栋4单元\($0)室" })
    }
}
