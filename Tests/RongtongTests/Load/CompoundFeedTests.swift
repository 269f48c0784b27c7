import Foundation
import GRDB
import XCTest

/// The housing department's compound and renovation-project feed, over nights, through real CSV files.
final class CompoundFeedTests: XCTestCase {
    static let header = "项目编号,区县,街道,小区名称,类型,进度,总投资(万元),项目状态"

    private func source(_ file: URL) -> String {
        PipelineRunTests.source("housing", file, format: "csv", entity: "compound", owner: "住建局", kind: "department", extra: [
            "context: {prefecture: 六盘水市}",
            "max_reject_ratio: 1",
            "fields: {project_id: 项目编号, county: 区县, township: 街道, name: 小区名称, area_type: 类型, progress: 进度, investment: 总投资(万元), status: 项目状态}",
        ])
    }

    private func write(_ rows: [String], to file: URL) throws {
        try ([Self.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// 水钢一村 and 水钢二村, 钢厂1号院 and 钢厂2号院: numbered siblings are four compounds, never typos of each other.
    func testNumberedSiblingCompoundsStayApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,荷城街道,水钢一村,老旧小区,30%,100,在建",
                   ",钟山区,荷城街道,水钢二村,老旧小区,100%,200,已完工",
                   "LPS-010,钟山区,荷城街道,钢厂1号院,老旧小区,,,",
                   "LPS-011,钟山区,荷城街道,钢厂2号院,棚户区,,,"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0["name"] as String },
                       ["水钢一村", "水钢二村", "钢厂1号院", "钢厂2号院"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_renovation_project") as Int?, 4)
    }

    /// The facility-gap view lists compounds of the housing list first, by area type and gaps; compounds known only
    /// from households (no area type) come last.
    func testTheFacilityGapViewListsUnclassifiedCompoundsLast() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv"), census = folder.appendingPathComponent("census.csv")
        try write(["LPS-001,钟山区,荷城街道,水钢一村,老旧小区,30%,100,在建"], to: feed)
        try "编号,户主姓名,家庭住址\nG1,张三,钟山区荷城街道凉都花园3栋1单元101室\n".write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("census", census, format: "csv",
                                                                                                  extra: ["record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT name FROM ads_compound_facility_gaps").map { $0[0] as String }, ["水钢一村", "凉都花园"])
    }

    /// 农业局宿舍 and 林业局宿舍, 卫生局宿舍 and 卫生院宿舍: rows of the housing department's own list are four
    /// compounds, never typos of each other; each project stays with its compound, and so do the households.
    func testCompoundsTheHousingListNamesApartStayApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["LPS-101,钟山区,荷城街道,农业局宿舍,老旧小区,100%,120,已完工",
                   "LPS-102,钟山区,荷城街道,林业局宿舍,老旧小区,0,300,未开工",
                   "LPS-103,钟山区,荷城街道,卫生局宿舍,老旧小区,20%,200,在建",
                   ",钟山区,荷城街道,卫生院宿舍,老旧小区,,,"], to: feed)
        let census = folder.appendingPathComponent("census.csv")
        try """
            序号,户主姓名,身份证号,区县,街道,所属小区,楼栋,单元,房号,是否低保
            1,段秀英,520102194001010218,钟山区,荷城街道,农业局宿舍,1,1,101,是
            2,侯淑珍,520102194201010239,钟山区,荷城街道,林业局宿舍,1,1,101,是

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("census", census, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0["name"] as String },
                       ["农业局宿舍", "卫生局宿舍", "卫生院宿舍", "林业局宿舍"].sorted())
        XCTAssertEqual(try fixture.rows("""
            SELECT p.project_id, c.name FROM dwd_renovation_project p JOIN dim_compound c USING (compound_id) ORDER BY 1
            """).map { "\($0[0] as String):\($0[1] as String)" },
                       ["LPS-101:农业局宿舍", "LPS-102:林业局宿舍", "LPS-103:卫生局宿舍"])
        XCTAssertEqual(try fixture.rows("SELECT project_id FROM ads_renovation_special_households").map { $0[0] as String },
                       ["LPS-102"], "the 农业局宿舍 household's project is completed")
    }

    /// A housing list that gives only the county confirms 剑江花园 there; the first record that places it in a
    /// township moves it down, and a record that names only the compound is placed in that township too.
    func testACompoundKnownAtItsCountyTakesTheTownshipARecordGives() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,,剑江花园,老旧小区,,,"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv")
        try """
            编号,户主姓名,家庭住址
            1,杨国华,钟山区荷城街道剑江花园1栋1单元101室
            2,罗文军,剑江花园2栋1单元201室

            """.write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["context: {prefecture: 六盘水市, county: 钟山区}", "record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT region_code, confirmed_by_housing FROM dim_compound").map {
            "\($0[0] as String):\($0[1] as Int)" }, ["520201014000:1"])
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT region_code FROM dwd_household").map { $0[0] as String }, ["520201014000"])
    }

    /// 六枝矿务局宿舍 and 龙里县粮食局宿舍, confirmed by the housing list, are named after their county: an address that
    /// writes the county before them (`六盘水市六枝特区六枝矿务局宿舍北门`, `龙里县粮食局宿舍`) or the name alone
    /// (`六枝矿务局宿舍院内`, whose 六枝 reads as the county) leaves 矿务局宿舍 and 粮食局宿舍 after the county, and
    /// those are the confirmed compounds, not two new ones. A name that is more than the confirmed one without its
    /// county (供电局宿舍) stays a compound of its own.
    func testACompoundNamedAfterItsCountyIsTheConfirmedOneWhenTheAddressReadsTheCountyOff() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",六枝特区,塔山街道,六枝矿务局宿舍,老旧小区,,,", ",龙里县,龙山镇,龙里县粮食局宿舍,老旧小区,,,"], to: feed)
        let utilities = folder.appendingPathComponent("utilities.csv")
        try """
            编号,类型,名称,地址
            U1,配电室,六枝矿务局宿舍1#配电室,六盘水市六枝特区六枝矿务局宿舍北门
            U2,路灯,路灯,六枝矿务局宿舍院内
            U3,公厕,公厕,龙里县粮食局宿舍
            U4,垃圾站,垃圾站,黔南州龙里县龙里县粮食局宿舍东侧
            U5,充电桩,充电桩,六枝特区塔山街道六枝矿务局宿舍
            U6,公厕,公厕,六枝特区供电局宿舍

            """.write(to: utilities, atomically: true, encoding: .utf8)
        let housing = PipelineRunTests.source("housing", feed, format: "csv", entity: "compound", owner: "住建厅", kind: "department",
            extra: ["fields: {county: 区县, township: 街道, name: 小区名称, area_type: 类型}"])
        let fixture = try PipelineFixture(sources: housing + "\n" + PipelineRunTests.source("utilities", utilities, format: "csv",
            entity: "facility", owner: "供电局", kind: "department",
            extra: ["record_key: 编号", "fields: {facility_type: 类型, name: 名称, address: 地址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name || ':' || confirmed_by_housing FROM dim_compound ORDER BY name").map { $0[0] as String },
                       ["供电局宿舍:0", "六枝矿务局宿舍:1", "龙里县粮食局宿舍:1"])
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key || ':' || IFNULL(c.name, '-') || ':' || IFNULL(f.region_code, '-') FROM facility_source s
            JOIN dwd_facility f USING (facility_id) LEFT JOIN dim_compound c USING (compound_id) ORDER BY s.record_key
            """).map { $0[0] as String? ?? "-" },
                       ["U1:六枝矿务局宿舍:520203003000", "U2:六枝矿务局宿舍:520203003000", "U3:龙里县粮食局宿舍:522730100000",
                        "U4:龙里县粮食局宿舍:522730100000", "U5:六枝矿务局宿舍:520203003000", "U6:供电局宿舍:520203000000"])
    }

    /// The county-level 剑江花园 that the households place in 荷城街道 gets the township in its address too, and keeps
    /// it when the housing list (still without the township) is loaded again.
    func testACompoundMovedToATownshipHasTheTownshipInItsAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,,剑江花园,老旧小区,,,"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv")
        try "编号,户主姓名,家庭住址\n1,杨国华,钟山区荷城街道剑江花园1栋1单元101室\n".write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let expected = ["520201014000:贵州省六盘水市钟山区荷城街道剑江花园"]
        func compounds() throws -> [String] {
            try fixture.rows("SELECT region_code, address FROM dim_compound").map { "\($0[0] as String):\($0[1] as String? ?? "-")" }
        }
        XCTAssertEqual(try compounds(), expected)
        try write([",钟山区,,剑江花园,老旧小区,30%,,在建"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try compounds(), expected, "the list loaded again")
    }

    /// The county-level 剑江花园 of a housing list that a census places in two townships takes neither: both
    /// households stay with the confirmed compound, each at its own township.
    func testACountyCompoundACensusPlacesInTwoTownshipsStaysAtTheCounty() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,,剑江花园,老旧小区,,,"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv")
        try "编号,户主姓名,家庭住址\n1,杨国华,钟山区荷城街道剑江花园1栋1单元101室\n2,罗文军,钟山区黄土坡街道剑江花园2栋1单元201室\n"
            .write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT region_code, confirmed_by_housing FROM dim_compound").map {
            "\($0[0] as String):\($0[1] as Int)" }, ["520201000000:1"])
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT region_code FROM dwd_household ORDER BY 1").map { $0[0] as String },
                       ["520201011000", "520201014000"])
    }

    /// 金桂花园小区 in the housing list and 金桂花园 in the census are one compound: every kind suffix is stripped
    /// for matching, not only the last.
    func testACompoundNameWithTwoKindSuffixesIsOneCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["JG-1,钟山区,荷城街道,金桂花园小区,老旧小区,20%,100,在建"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv")
        try "编号,户主姓名,家庭住址,是否低保\n1,杨国华,钟山区荷城街道金桂花园1栋1单元101室,是\n2,罗文军,钟山区荷城街道金桂小区2栋1单元201室,是\n"
            .write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound").map { $0[0] as String }, ["金桂花园小区"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM ads_renovation_special_households") as Int?, 2)
    }

    /// Trial 20i: a 小区名称 cell naming two compounds (`测云杉小区、测白桦花园`, also `，` `/` `及`, a quoted `,`, a
    /// space) links each compound to the project, as one row per compound does, and makes up no combined compound:
    /// the households of both stay on the door-to-door list. Phases or buildings after a separator are one compound.
    func testACompoundCellListingSeveralCompoundsLinksEachToTheProject() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["Q-01,钟山区,荷城街道,测云杉小区、测白桦花园,老旧小区,30%,580,在建",
                   "Q-02,钟山区,荷城街道,测甲杉小区，测甲桦花园,老旧小区,30%,100,在建",
                   "Q-03,钟山区,荷城街道,测乙杉小区/测乙桦花园,老旧小区,30%,100,在建",
                   "Q-04,钟山区,荷城街道,测丙杉小区及测丙桦花园,老旧小区,30%,100,在建",
                   "Q-05,钟山区,荷城街道,\"测丁杉小区,测丁桦花园\",老旧小区,30%,100,在建",
                   "Q-06,钟山区,荷城街道,测戊杉小区 测戊桦花园,老旧小区,30%,100,在建",
                   "Q-07,钟山区,荷城街道,和平小区,老旧小区,30%,100,在建",
                   "Q-08,钟山区,荷城街道,测己杉花园一期、二期,老旧小区,30%,100,在建",
                   "Q-10,钟山区,荷城街道,测庚杉小区1栋、2栋,老旧小区,30%,100,在建",
                   "Q-09,钟山区,荷城街道,金叶苑（原烟草局宿舍、棉纺厂宿舍）,老旧小区,30%,100,在建"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv")
        try "编号,户主姓名,家庭住址,是否低保\n1,杨国华,钟山区荷城街道测云杉小区1栋1单元101室,是\n2,罗文军,钟山区荷城街道测白桦花园2栋1单元201室,是\n"
            .write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let links = try fixture.rows("""
            SELECT pc.project_id, c.name FROM dwd_renovation_project_compound pc JOIN dim_compound c USING (compound_id)
            ORDER BY pc.project_id, c.name
            """).map { "\($0[0] as String) \($0[1] as String)" }
        XCTAssertEqual(links, ["Q-01 测云杉小区", "Q-01 测白桦花园", "Q-02 测甲杉小区", "Q-02 测甲桦花园",
                               "Q-03 测乙杉小区", "Q-03 测乙桦花园", "Q-04 测丙杉小区", "Q-04 测丙桦花园",
                               "Q-05 测丁杉小区", "Q-05 测丁桦花园", "Q-06 测戊杉小区", "Q-06 测戊桦花园",
                               "Q-07 和平小区", "Q-08 测己杉花园", "Q-09 金叶苑", "Q-10 测庚杉小区1栋、2栋"])
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dim_compound WHERE (name LIKE '%、%' OR name LIKE '%,%' OR name LIKE '%及%') AND name NOT LIKE '测庚%'
            """) as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT compound_name FROM ads_renovation_special_households ORDER BY 1").map { $0[0] as String },
                       ["测云杉小区", "测白桦花园"].sorted())
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'compound_list_kept_whole'") as Int?, 1)
    }

    /// The housing list's next delivery writes 水钢1村 for 水钢一村: one number, so one compound. The project stays
    /// with the compound its households live in, and they stay on the door-to-door list.
    func testACompoundWrittenWithADigitIsTheCompoundWrittenWithANumeral() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["LPSZS-2023-001,钟山区,黄土坡街道,水钢一村,老旧小区,45%,,"], to: feed)
        let census = folder.appendingPathComponent("census.csv")
        try """
            序号,户主姓名,身份证号,家庭住址,是否低保
            1,钱多多,52020119700101123X,钟山区黄土坡街道水钢一村5栋2单元301室,是
            2,吴晓兰,520201197304041268,钟山区黄土坡街道水钢1村2栋1单元101室,是

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + PipelineRunTests.source("census", census, format: "csv",
            extra: ["context: {prefecture: 六盘水市}", "record_key: 序号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let compound = try XCTUnwrap(try fixture.query("SELECT compound_id FROM dim_compound") as String?)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM ads_renovation_special_households") as Int?, 2)
        try write(["LPSZS-2023-001,钟山区,黄土坡街道,水钢1村,老旧小区,75%,,"], to: feed)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT compound_id, confirmed_by_housing FROM dim_compound").map {
            "\($0[0] as String):\($0[1] as Int)" }, ["\(compound):1"])
        XCTAssertEqual(try fixture.rows("SELECT compound_id, progress FROM dwd_renovation_project").map {
            "\($0[0] as String):\($0[1] as Double)" }, ["\(compound):0.75"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM ads_renovation_special_households") as Int?, 2)
    }

    /// 阳光小区 in two counties: a prefecture-wide inventory's 阳光小区围墙外 names neither for sure and makes up no
    /// third one; a household that names only its county still finds its own, and its new room is taken.
    func testACompoundNameTwoCountiesShareMakesUpNoThirdOne() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,荷城街道,阳光小区,老旧小区,,,", ",六枝特区,九龙街道,阳光小区,老旧小区,,,"], to: feed)
        let grid = folder.appendingPathComponent("grid.csv"), lights = folder.appendingPathComponent("lights.csv")
        func household(_ address: String) throws {
            try "编号,户主姓名,身份证号,家庭住址\nG1,袁强明,\(NightsTests.id("52010219481105022")),\(address)\n"
                .write(to: grid, atomically: true, encoding: .utf8)
        }
        try household("钟山区荷城街道阳光小区1栋2单元501室")
        try "编号,类型,名称,地址\nL1,路灯,阳光小区围墙外路灯,阳光小区围墙外\n".write(to: lights, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(feed) + "\n"
            + PipelineRunTests.source("grid", grid, format: "csv", extra: ["context: {prefecture: 六盘水市}", "record_key: 编号"]) + "\n"
            + PipelineRunTests.source("lights", lights, format: "csv", entity: "facility", extra: [
                "context: {prefecture: 六盘水市}", "record_key: 编号",
                "fields: {facility_type: 类型, name: 名称, address: 地址}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 2)
        XCTAssertNil(try fixture.query("SELECT compound_id FROM dwd_facility") as String?)
        try household("钟山区阳光小区1栋2单元401室")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT room, region_code FROM dwd_household").map { "\($0[0] as String):\($0[1] as String)" },
                       ["401:520201014000"])
    }

    /// A numbered project sent one night without its 项目编号 is still that project: its progress moves, no second
    /// project appears, and when the number comes back nothing is lost.
    func testAProjectSentWithoutItsNumberUpdatesTheNumberedProject() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["QY-020,钟山区,荷城街道,青云路宿舍,老旧小区,50%,100,在建",
                   "CW-011,钟山区,荷城街道,翠微巷小区,老旧小区,100%,80,已完工",
                   "CW-003,钟山区,荷城街道,翠微巷小区（二期）,老旧小区,0,90,未开工"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        try write([",钟山区,荷城街道,青云路宿舍,老旧小区,60%,100,在建",
                   ",钟山区,荷城街道,翠微巷小区（二期）,老旧小区,10%,90,在建"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        func projects() throws -> [String] {
            try fixture.rows("SELECT project_id, progress, status FROM dwd_renovation_project ORDER BY project_id")
                .map { "\($0[0] as String):\($0[1] as Double):\($0[2] as String)" }
        }
        XCTAssertEqual(try projects(), ["CW-003:0.1:in_progress", "CW-011:1.0:completed", "QY-020:0.6:in_progress"])
        try write(["QY-020,钟山区,荷城街道,青云路宿舍,老旧小区,,,"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try projects(), ["CW-003:0.1:in_progress", "CW-011:1.0:completed", "QY-020:0.6:in_progress"])
        // A compound with a completed programme and a new one: a row without a number is the one under way.
        try write(["QY-030,钟山区,荷城街道,青云路宿舍,老旧小区,100%,100,已完工"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        try write([",钟山区,荷城街道,青云路宿舍,老旧小区,70%,100,在建"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try projects(), ["CW-003:0.1:in_progress", "CW-011:1.0:completed", "QY-020:0.7:in_progress",
                                        "QY-030:1.0:completed"])
    }

    /// A project sent without a number and later numbered is one project; a row with neither status nor progress
    /// keeps the status its stored progress gives; a name that is only a phase is no compound.
    func testProjectsKeepTheirStatusAndTheirIdentityAcrossNights() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write([",钟山区,荷城街道,五开小区（一期）,老旧小区,10%,80,在建",
                   "QL-005,钟山区,荷城街道,翘街小区,老旧小区,30%,120,在建",
                   ",钟山区,荷城街道,（二期）,老旧小区,10%,80,在建",
                   ",钟山区,荷城街道,第3期,老旧小区,10%,80,在建"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        let night1 = try fixture.run()
        XCTAssertEqual(night1.status, 0, night1.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject WHERE severity = 'error' ORDER BY record_number")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["3:no_compound_name", "4:no_compound_name"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 2)
        try write(["QL-004,钟山区,荷城街道,五开小区（一期）,老旧小区,100%,80,已完工",
                   "QL-005,钟山区,荷城街道,翘街小区,老旧小区,,130,"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        let projects = try fixture.rows("SELECT project_id, progress, status, investment_yuan FROM dwd_renovation_project ORDER BY project_id")
        XCTAssertEqual(projects.map { $0["project_id"] as String }, ["QL-004", "QL-005"])
        XCTAssertEqual(projects[0]["status"] as String, "completed")
        XCTAssertEqual(projects[1]["progress"] as Double, 0.3)
        XCTAssertEqual(projects[1]["status"] as String, "in_progress")
        XCTAssertEqual(projects[1]["investment_yuan"] as Double, 1_300_000)
    }

    /// The project library's XML: a project covering two compounds (`<小区列表>` of two `<小区>`) gives both compounds
    /// the project, each in its own township, and its name is never the list as text; a construction period in one
    /// cell (`2023.03-2024.06`, `2024年9月至2025年12月`) gives the start and the end; a progress holding a plan
    /// (`计划2025年实施`) with no status gives not_started; each compound keeps the built year its own element writes.
    func testAProjectOverTwoCompoundsLinksBothAndReadsItsPeriodAndPlannedProgress() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("projects.xml"), census = folder.appendingPathComponent("census.csv")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <改造项目库>
              <项目 项目编号="NM-2023-003" 类型="老旧小区" 区县="南明区">
                <小区列表>
                  <小区><名称>水口寺小区</名称><所属街道>水口寺街道</所属街道><户数>240</户数><建成年代>1985年</建成年代></小区>
                  <小区><名称>沙冲路南小区</名称><所属街道>沙冲路街道</所属街道><户数>132</户数><建成年代>1978年</建成年代></小区>
                </小区列表>
                <进度>0.6</进度>
                <项目状态>施工中</项目状态>
                <建设周期>2023.03-2024.06</建设周期>
              </项目>
              <项目 项目编号="NM-2024-007" 类型="老旧小区" 区县="南明区">
                <小区名称>新华印刷厂宿舍</小区名称>
                <所属街道>新华路街道</所属街道>
                <建成年代>1990</建成年代>
                <进度>计划2025年实施</进度>
                <建设周期>2024年9月至2025年12月</建设周期>
              </项目>
            </改造项目库>
            """.write(to: feed, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,区县,街道,所属小区,楼栋,单元,房号,是否低保
            1,段秀英,520102194001010218,南明区,沙冲路街道,沙冲路南小区,1,1,101,是
            2,侯淑珍,520102194201010239,南明区,水口寺街道,水口寺小区,2,1,101,是

            """.write(to: census, atomically: true, encoding: .utf8)
        for names in ["[小区名称, 小区列表/小区]", "[小区名称, 小区列表/小区/名称]"] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("projects", feed, format: "xml",
                entity: "compound", owner: "住建局", kind: "department", extra: [
                    "context: {prefecture: 贵阳市}",
                    "options: {record_path: /改造项目库/项目}",
                    "fields: {name: \(names), county: '@区县', township: [所属街道, 小区列表/小区/所属街道], area_type: '@类型', project_id: '@项目编号', progress: 进度, status: 项目状态, planned_start: 建设周期, planned_end: 建设周期, built_year: [建成年代, 小区列表/小区/建成年代]}",
                ]) + "\n" + PipelineRunTests.source("census", census, format: "csv",
                    extra: ["context: {prefecture: 贵阳市}", "record_key: 序号"]))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound WHERE confirmed_by_housing = 1 ORDER BY name")
                .map { "\($0[0] as String):\($0[1] as String? ?? "-")" },
                ["新华印刷厂宿舍:520102016000", "水口寺小区:520102018000", "沙冲路南小区:520102023000"].sorted(), names)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound WHERE name LIKE '%[%' OR name LIKE '%{%'") as Int?, 0)
            // Each compound of the list keeps the built year its own element writes (trial 14-c: the second had none).
            XCTAssertEqual(try fixture.rows("SELECT name, built_year FROM dim_compound WHERE confirmed_by_housing = 1 ORDER BY name")
                .map { "\($0[0] as String):\(($0[1] as Int?) ?? 0)" },
                ["新华印刷厂宿舍:1990", "水口寺小区:1985", "沙冲路南小区:1978"].sorted(), names)
            XCTAssertEqual(try fixture.rows("""
                SELECT pc.project_id, c.name FROM dwd_renovation_project_compound pc JOIN dim_compound c USING (compound_id)
                ORDER BY 1, 2
                """).map { "\($0[0] as String):\($0[1] as String)" },
                ["NM-2023-003:水口寺小区", "NM-2023-003:沙冲路南小区", "NM-2024-007:新华印刷厂宿舍"], names)
            XCTAssertEqual(try fixture.rows("SELECT compound_name FROM ads_renovation_special_households ORDER BY 1")
                .map { $0[0] as String }, ["水口寺小区", "沙冲路南小区"].sorted(), names)
            let projects = try fixture.rows("""
                SELECT project_id, planned_start, planned_end, status, progress FROM dwd_renovation_project ORDER BY project_id
                """)
            XCTAssertEqual(projects.map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-") \($0[3] as String) \($0[4] as Double? ?? -1)" },
                           ["NM-2023-003 2023-03-01 2024-06-30 in_progress 0.6",
                            "NM-2024-007 2024-09-01 2025-12-31 not_started 0.0"], names)
            XCTAssertEqual(try fixture.rows("SELECT rule FROM etl_reject WHERE source_id = 'projects'").map { $0[0] as String }, [], names)
        }
    }

    /// One row per compound under one project number (`record_path` down to `<小区>`, `project_id: ../../@项目编号`):
    /// the project is linked to both compounds, the second does not take the first's place.
    func testAProjectSentAsOneRowPerCompoundLinksEach() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["LPS-201,钟山区,荷城街道,水钢一村,老旧小区,30%,100,在建",
                   "LPS-201,钟山区,荷城街道,水钢二村,老旧小区,30%,100,在建"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_renovation_project") as Int?, 1)
        XCTAssertEqual(try fixture.rows("""
            SELECT c.name FROM dwd_renovation_project_compound pc JOIN dim_compound c USING (compound_id) ORDER BY 1
            """).map { $0[0] as String }, ["水钢一村", "水钢二村"])
    }
}

/// Trial 15-c: the renovation project library loaded over nights (renames, one row per compound, merged cells,
/// list-valued content, history).
final class ProjectLibraryTests: XCTestCase {
    private func source(_ file: URL) -> String {
        PipelineRunTests.source("housing", file, format: "csv", entity: "compound", owner: "住建局", kind: "department", extra: [
            "context: {prefecture: 六盘水市}",
            "max_reject_ratio: 1",
            "fields: {project_id: 项目编号, county: 区县, township: 街道, name: 小区名称, area_type: 类型, progress: 进度, investment: 总投资(万元), status: 项目状态}",
        ])
    }

    private func write(_ rows: [String], to file: URL) throws {
        try ([CompoundFeedTests.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// 改造内容 as an XML list (`<改造内容><项>路灯改造</项><项>消防设施</项></改造内容>`) keeps every item, joined with 、,
    /// whether the mapping names the items (`改造内容/项`, with `repeated:` or without) or the element (`改造内容`).
    func testAContentListKeepsEveryItem() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("projects.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <改造项目库>
              <项目 项目编号="QXG-2023-002" 区县="七星关区">
                <小区名称>电业局宿舍</小区名称><所属街道>洪山街道</所属街道>
                <改造内容><项>路灯改造</项><项>消防设施</项><项>加装电梯</项><项>路灯改造</项></改造内容>
                <建设周期>2023年2月-10月</建设周期>
              </项目>
              <项目 项目编号="QXG-2023-003" 区县="七星关区">
                <小区名称>幸福小区</小区名称><所属街道>市东街道</所属街道>
                <改造内容><项>充电桩</项></改造内容>
              </项目>
            </改造项目库>
            """.write(to: feed, atomically: true, encoding: .utf8)
        for (content, options) in [("改造内容/项", "{record_path: /改造项目库/项目}"),
                                   ("改造内容/项", "{record_path: /改造项目库/项目, repeated: 改造内容/项}"),
                                   ("改造内容", "{record_path: /改造项目库/项目}")] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("projects", feed, format: "xml",
                entity: "compound", owner: "住建厅", kind: "department", extra: [
                    "context: {prefecture: 毕节市}",
                    "options: \(options)",
                    "fields: {name: 小区名称, county: '@区县', township: 所属街道, project_id: '@项目编号', content: \(content), planned_start: 建设周期, planned_end: 建设周期}",
                ]))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT project_id, content, planned_start, planned_end FROM dwd_renovation_project ORDER BY 1")
                .map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-") \($0[3] as String? ?? "-")" },
                ["QXG-2023-002 路灯改造、消防设施、加装电梯 2023-02-01 2023-10-31", "QXG-2023-003 充电桩 - -"], "\(content) \(options)")
            XCTAssertEqual(try fixture.rows("SELECT rule FROM etl_reject WHERE source_id = 'projects'").map { $0[0] as String }, [],
                           "\(content) \(options)")
        }
    }

    /// `金叶苑（原烟草局宿舍）` on night 2 is 烟草局宿舍 renamed: one compound, its id kept, named 金叶苑, the old name an
    /// alias that later rows (and other feeds) still find it by, without renaming it back.
    func testACompoundRenamedWithItsFormerNameInBracketsKeepsItsId() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["DF-006,钟山区,荷城街道,烟草局宿舍,老旧小区,30%,100,在建",
                   "DF-007,钟山区,荷城街道,南湖家园,老旧小区,30%,100,在建"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        let id: String? = try fixture.query("SELECT compound_id FROM dim_compound WHERE name = '烟草局宿舍'")
        XCTAssertNotNil(id)
        try write(["DF-006,钟山区,荷城街道,金叶苑（原烟草局宿舍）,老旧小区,60%,100,在建",
                   "DF-007,钟山区,荷城街道,南湖家园(曾用名：电厂宿舍),老旧小区,60%,100,在建"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        func compounds() throws -> [String] {
            try fixture.rows("SELECT compound_id, name FROM dim_compound ORDER BY name").map { "\($0[0] as String):\($0[1] as String)" }
        }
        let renamed = try compounds()
        XCTAssertEqual(renamed.count, 2, "\(renamed)")
        XCTAssertTrue(renamed.contains("\(id ?? "-"):金叶苑"), "\(renamed)")
        XCTAssertEqual(try fixture.rows("SELECT name FROM compound_alias ORDER BY name").map { $0[0] as String },
                       ["烟草局宿舍", "电厂宿舍"].sorted())
        // The old name again (a list not yet updated), and the new one alone: the same compound, still 金叶苑.
        try write(["DF-008,钟山区,荷城街道,烟草局宿舍,老旧小区,0,50,未开工",
                   "DF-006,钟山区,荷城街道,金叶苑,老旧小区,80%,100,在建"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try compounds(), renamed)
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT compound_id FROM dwd_renovation_project_compound WHERE project_id IN ('DF-006', 'DF-008')")
            .map { $0[0] as String }, [id ?? "-"])
    }

    /// A survey naming the compound with its former name in brackets (`金叶苑（原烟草局宿舍）`), and a utility still
    /// writing the former name alone, place their facilities in the renamed compound: no compound of either spelling.
    func testFacilityFeedsFindTheRenamedCompoundByEitherName() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv"), survey = folder.appendingPathComponent("survey.csv")
        try write(["DF-006,钟山区,荷城街道,烟草局宿舍,老旧小区,30%,100,在建"], to: feed)
        try """
            设施编号,区县,街道,小区名称,设施类型,设施名称
            S2,钟山区,荷城街道,烟草局宿舍,箱式变压器,1号箱变

            """.write(to: survey, atomically: true, encoding: .utf8)
        let facilities = PipelineRunTests.source("survey", survey, format: "csv", entity: "facility", extra: [
            "context: {prefecture: 六盘水市}", "record_key: 设施编号",
            "fields: {county: 区县, township: 街道, compound: 小区名称, facility_type: 设施类型, name: 设施名称}"])
        let fixture = try PipelineFixture(sources: source(feed) + "\n" + facilities)
        XCTAssertEqual(try fixture.run().status, 0)
        // The night the list renames it, the survey writes the new name (alone, and with the former one in brackets).
        // (A compound a feed made under the new name before the list renamed the old one stays a second compound.)
        try write(["DF-006,钟山区,荷城街道,金叶苑（原烟草局宿舍）,老旧小区,60%,100,在建"], to: feed)
        try """
            设施编号,区县,街道,小区名称,设施类型,设施名称
            S1,钟山区,荷城街道,金叶苑（原烟草局宿舍）,充电桩,1#充电桩
            S2,钟山区,荷城街道,烟草局宿舍,箱式变压器,1号箱变
            S3,钟山区,荷城街道,金叶苑,路灯,北门路灯

            """.write(to: survey, atomically: true, encoding: .utf8)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound").map { $0[0] as String }, ["金叶苑"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT compound_id) FROM dwd_facility") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 3)
    }

    /// An approximate progress word (过半 0.5, 基本完工 0.9) fills an empty progress or one below it, but does not
    /// replace an exact progress at or above it (the provincial library's 60%, then the office's 过半).
    func testAnApproximateProgressWordKeepsAnExactProgressAboveIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["QXG-001,钟山区,荷城街道,碧水小区,老旧小区,60%,100,",
                   "QXG-002,钟山区,荷城街道,幸福小区,老旧小区,30%,100,",
                   "QXG-003,钟山区,荷城街道,电业局宿舍,老旧小区,95%,100,"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        try write(["QXG-001,钟山区,荷城街道,碧水小区,老旧小区,过半,100,",
                   "QXG-002,钟山区,荷城街道,幸福小区,老旧小区,过半,100,",
                   "QXG-003,钟山区,荷城街道,电业局宿舍,老旧小区,基本完工,100,",
                   "QXG-004,钟山区,荷城街道,南湖家园,老旧小区,完成过半,100,"], to: feed)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT project_id, progress, status FROM dwd_renovation_project ORDER BY 1")
            .map { "\($0[0] as String) \($0[1] as Double) \($0[2] as String)" },
            ["QXG-001 0.6 in_progress", "QXG-002 0.5 in_progress", "QXG-003 0.95 in_progress", "QXG-004 0.5 in_progress"])
    }

    /// A renamed compound first seen with both names (`金叶苑（原烟草局宿舍）`) is found by either later.
    func testARenameSeenFirstMakesOneCompoundBothNamesFind() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["DF-006,钟山区,荷城街道,金叶苑（原烟草局宿舍）,老旧小区,30%,100,在建",
                   "DF-009,钟山区,荷城街道,烟草局宿舍,老旧小区,0,100,未开工",
                   "DF-010,钟山区,荷城街道,纺织厂宿舍（现名锦绣花园）,老旧小区,0,100,未开工",
                   "DF-011,钟山区,荷城街道,锦绣花园,老旧小区,0,100,未开工"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0[0] as String },
                       ["金叶苑", "锦绣花园"].sorted())
    }

    /// One row per compound under one number: the project's type is its first row's (棚户区), not the last one's; each
    /// compound keeps its own row's area type.
    func testAProjectOfOneRowPerCompoundTakesTheTypeOfItsFirstRow() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["QXG-014,钟山区,荷城街道,河边棚户区,棚户区,30%,100,在建",
                   "QXG-014,钟山区,荷城街道,水钢一村,老旧小区,30%,100,在建",
                   "QXG-014,钟山区,荷城街道,水钢二村,老旧小区,30%,100,在建"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT project_type FROM dwd_renovation_project") as String?, "shantytown")
        XCTAssertEqual(try fixture.rows("SELECT area_type FROM dim_compound ORDER BY name").map { $0[0] as String },
                       ["old_compound", "old_compound", "shantytown"])
    }

    /// A row below a project's row with the number's cell empty (merged in Excel) and no project facts of its own
    /// loads its compound, and says that it has no project.
    func testAMergedCellContinuationRowIsSaid() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        try write(["QXG-007,钟山区,荷城街道,馨园家园,老旧小区,30%,100,在建",
                   ",钟山区,荷城街道,天河小区,老旧小区,,,",
                   ",钟山区,荷城街道,翠微巷小区,老旧小区,,,",
                   "QXG-008,钟山区,荷城街道,水钢一村,老旧小区,30%,100,在建",
                   ",钟山区,荷城街道,青云路宿舍,老旧小区,50%,100,在建"], to: feed)
        let fixture = try PipelineFixture(sources: source(feed))
        XCTAssertEqual(try fixture.run().status, 0)
        let warnings = try fixture.rows("SELECT record_number, field, message FROM etl_reject WHERE rule = 'project_id_missing' ORDER BY record_number")
        XCTAssertEqual(warnings.map { $0[0] as Int }, [2, 3])
        XCTAssertEqual(warnings.first?[1] as String?, "项目编号")
        XCTAssertTrue((warnings.first?[2] as String? ?? "").contains("QXG-007"), "\(warnings)")
        XCTAssertTrue((warnings.first?[2] as String? ?? "").contains("天河小区"), "\(warnings)")
        XCTAssertTrue((warnings.first?[2] as String? ?? "").hasSuffix("or declare fill_down: [项目编号] on the source if the empty cell means the row above's"), "\(warnings)")
    }

    /// Progress and investment over three nights are kept as versions (70% → 85% → 100%); a night that changes
    /// nothing writes none.
    func testAProjectKeepsItsHistoryOverNights() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("housing.csv")
        let fixture = try PipelineFixture(sources: source(feed))
        for (progress, investment) in [("70%", "2658.6"), ("85%", "2804.3"), ("85%", "2804.3"), ("100%", "2804.3")] {
            try write(["QXG-004,钟山区,荷城街道,水钢一村,老旧小区,\(progress),\(investment),",
                       "QXG-004,钟山区,荷城街道,水钢二村,老旧小区,\(progress),\(investment),"], to: feed)
            XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        }
        XCTAssertEqual(try fixture.rows("""
            SELECT valid_from_run, valid_to_run, progress, investment_yuan, status FROM dwd_renovation_project_history
            WHERE project_id = 'QXG-004' ORDER BY valid_from_run
            """).map { "\($0[0] as Int)-\(($0[1] as Int?).map(String.init) ?? "") \($0[2] as Double) \($0[3] as Double) \($0[4] as String)" },
            ["1-2 0.7 26586000.0 in_progress", "2-4 0.85 28043000.0 in_progress", "4- 1.0 28043000.0 completed"])
    }
}
