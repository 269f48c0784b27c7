import Foundation
import GRDB
import XCTest

/// Compounds that utility feeds name their own way, the region a compound pins, a flat named without any compound,
/// and compounds nothing refers to any more: real GB18030 CSV, NDJSON and JSON feeds through the real pipeline into
/// a real warehouse, one or two nights, then SQL (fresh-eyes trials 11-a and 11-c).
final class CompoundVariantTests: XCTestCase {
    typealias Nights = NightsTests

    private func gb18030(_ lines: [String], to file: URL) throws {
        try Data(UTF8EvidenceTests.gb18030(lines.joined(separator: "\r\n") + "\r\n")).write(to: file)
    }

    /// 都匀's grid census: township and compound columns, the flat in its own columns.
    private func duyunCensus(_ file: URL) -> String {
        PipelineRunTests.source("duyun-grid", file, format: "csv", owner: "黔南州都匀市", extra: [
            "encoding: gb18030", "record_key: 户编号", "context: {prefecture: 黔南州, county: 都匀市}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, township: 街道, compound: 所属小区, building: 楼栋, unit: 单元, room: 房号}",
        ])
    }

    /// A water company's accounts: the meter address as typed, no township, under the company's county.
    private func water(_ name: String, _ file: URL, prefecture: String, county: String) -> String {
        PipelineRunTests.source(name, file, format: "csv", owner: "供排水公司", kind: "department", extra: [
            "encoding: gb18030", "record_key: 户号", "context: {prefecture: \(prefecture), county: \(county)}",
            "fields: {head_name: 户名, address: 用水地址, phone: 联系电话}",
        ])
    }

    private static let censusHeader = "户编号,户主姓名,身份证号,联系电话,街道,所属小区,楼栋,单元,房号"
    private static let waterHeader = "户号,户名,用水地址,联系电话"

    private func householdOf(_ fixture: PipelineFixture, _ source: String, _ key: String) throws -> Row? {
        try fixture.rows("""
            SELECT h.* FROM household_source s JOIN dwd_household h USING (household_id)
            WHERE s.source_id = '\(source)' AND s.record_key = '\(key)'
            """).first
    }

    /// Trial 11-a, defect 5: the census writes 州供销社宿舍 (州 for 黔南州) in 文峰街道; the water company writes
    /// `供销社宿舍 6-503室` and the gas company `都匀市供销社宿舍7栋202`, neither with a township. One compound at the
    /// township, spelled as the census spells it, with every household in it, whichever night brought which feed.
    /// 政府宿舍 is not 市政府宿舍 (政府 is too short a name to tell apart by the level word). Before, the utilities'
    /// spelling made a second compound 供销社宿舍 at the county with the utility-only households.
    func testAUtilityNameWithoutTheOwningGovernmentsLevelWordIsTheCensussCompound() throws {
        for censusFirstNight in [true, false] {
            let order = censusFirstNight ? "one night" : "water the night before the census"
            let folder = try TestPaths.temporaryFolder()
            let census = folder.appendingPathComponent("census.csv"), waterFile = folder.appendingPathComponent("water.csv")
            let gas = folder.appendingPathComponent("gas.json")
            try gb18030([Self.censusHeader,
                         "DY1,测袁俊杰,\(Nights.id("52273119820119853")),13900000001,文峰街道,州供销社宿舍,7,,202",
                         "DY2,测覃志强,\(Nights.id("52270119660505787")),13900000002,文峰街道,州供销社宿舍,6,,503",
                         "DY3,测李明,\(Nights.id("52270119700303123")),13900000003,文峰街道,市政府宿舍,1,1,101"], to: census)
            try gb18030([Self.waterHeader,
                         "W1,测覃志强,供销社宿舍 6-503室,13900000002",
                         "W2,测王芳,供销社宿舍5栋101,13900000009",
                         "W3,测张伟,政府宿舍2栋1单元301,13900000010"], to: waterFile)
            try #"{"code":0,"data":{"list":[{"yhmc":"测袁俊杰","lxdh":"13900000001","yqdz":"都匀市供销社宿舍7栋202","zjhm":""}]}}"#
                .write(to: gas, atomically: true, encoding: .utf8)
            let gasSource = PipelineRunTests.source("gas", gas, format: "json", owner: "燃气公司", kind: "department", extra: [
                "options: {record_path: \"data.list[*]\"}", "fields: {head_name: yhmc, head_id: zjhm, phone: lxdh, address: yqdz}",
            ])
            let waterSource = water("duyun-water", waterFile, prefecture: "黔南州", county: "都匀市")
            let everything = [duyunCensus(census), waterSource, gasSource].joined(separator: "\n")
            let fixture = try PipelineFixture(sources: censusFirstNight ? everything : waterSource)
            var result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            if !censusFirstNight {
                try fixture.rewrite(sources: everything)
                result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
            }
            XCTAssertEqual(try fixture.rows("SELECT name || '@' || region_code FROM dim_compound ORDER BY name").map { $0[0] as String },
                           ["州供销社宿舍@522701002000", "市政府宿舍@522701002000", "政府宿舍@522701000000"].sorted(), order)
            XCTAssertEqual(try householdOf(fixture, "duyun-water", "W1")?["household_id"] as String?,
                           try householdOf(fixture, "duyun-grid", "DY2")?["household_id"] as String?, order)
            XCTAssertEqual(try householdOf(fixture, "gas", "1")?["household_id"] as String?,
                           try householdOf(fixture, "duyun-grid", "DY1")?["household_id"] as String?, order)
            let wang = try XCTUnwrap(householdOf(fixture, "duyun-water", "W2"), order)
            XCTAssertEqual(wang["region_code"] as String?, "522701002000", order)
            XCTAssertEqual(try fixture.query("""
                SELECT c.name FROM dwd_household h JOIN dim_compound c USING (compound_id) WHERE h.household_id = '\(wang["household_id"] as String)'
                """) as String?, "州供销社宿舍", order)
            if censusFirstNight {
                XCTAssertEqual(wang["address"] as String?, "贵州省黔南布依族苗族自治州都匀市文峰街道州供销社宿舍5栋101室")
            }
            XCTAssertEqual(try fixture.query("""
                SELECT households FROM dws_compound_summary WHERE name = '州供销社宿舍'
                """) as Int?, 3, order)
        }
    }

    /// Two governments' compounds of one name in the county (州农业局宿舍 and 市农业局宿舍): a utility's 农业局宿舍 is
    /// neither, and the two stay apart. 州 stands for nothing in 钟山区 of 六盘水市: 州医药公司宿舍 there is not 医药公司宿舍.
    func testABareNameBesideTwoLevelWordsOrAnotherLevelsWordIsNoVariant() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), waterFile = folder.appendingPathComponent("water.csv")
        let lps = folder.appendingPathComponent("lps.csv")
        try gb18030([Self.censusHeader,
                     "DY1,测袁俊杰,\(Nights.id("52273119820119853")),13900000001,文峰街道,州农业局宿舍,1,1,101",
                     "DY2,测覃志强,\(Nights.id("52270119660505787")),13900000002,文峰街道,市农业局宿舍,1,1,101"], to: census)
        try gb18030([Self.waterHeader, "W1,测王芳,农业局宿舍1栋1单元201,13900000009"], to: waterFile)
        try gb18030([Self.waterHeader, "L1,测汪强,州医药公司宿舍2栋1单元301,13900000011",
                     "L2,测江伟,荷城街道医药公司宿舍3栋1单元302,13900000012"], to: lps)
        let fixture = try PipelineFixture(sources: [
            duyunCensus(census), water("duyun-water", waterFile, prefecture: "黔南州", county: "都匀市"),
            water("lps-water", lps, prefecture: "六盘水市", county: "钟山区"),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name || '@' || region_code FROM dim_compound ORDER BY name").map { $0[0] as String },
                       ["州农业局宿舍@522701002000", "市农业局宿舍@522701002000", "农业局宿舍@522701000000",
                        "州医药公司宿舍@520201000000", "医药公司宿舍@520201014000"].sorted())
    }

    /// Trial 11-a, defect 6: the water company (ranked first for the place) writes the flat alone, `10栋1单元202`,
    /// placed at 钟山区 by its context; the power company writes `六盘水市钟山区荷城街道水钢一村10栋1单元202` for the same
    /// holder and phone. The household is in 水钢一村 at 荷城街道 with the address naming it, whichever feed loads
    /// first, and no conflict row. Where the water account gives another room (`10栋1单元203`) and keeps it by its
    /// rank, the household's place is one record's, never the water account's room in the power account's compound:
    /// loaded first, the water account's (its room, no compound); loaded second, placed less precisely than the power
    /// account's flat (its county only), it replaces none of it. Before, the household kept 520201000000 and
    /// `贵州省六盘水市钟山区10栋1单元202室` beside compound 水钢一村.
    func testACompoundARecordGivesPinsTheRegionAndCompletesABareFlatWhateverTheRanks() throws {
        for waterFirst in [true, false] {
            let order = waterFirst ? "water first" : "power first"
            let folder = try TestPaths.temporaryFolder()
            let lps = folder.appendingPathComponent("lps.csv"), power = folder.appendingPathComponent("power.ndjson")
            try gb18030([Self.waterHeader, "102540,测汪强,10栋1单元202,+86 18712598487",
                         "102541,测江伟,钟山区10栋1单元203,18712598400"], to: lps)
            try """
                {"account":"7010003158","holder":"测汪强","meter_addr":"六盘水市钟山区荷城街道水钢一村10栋1单元202","phone":"18712598487"}
                {"account":"7010003159","holder":"测江伟","meter_addr":"六盘水市钟山区荷城街道水钢一村10栋1单元202","phone":"18712598400"}

                """.write(to: power, atomically: true, encoding: .utf8)
            let waterSource = water("lps-water", lps, prefecture: "六盘水市", county: "钟山区")
            let powerSource = PipelineRunTests.source("gz-power", power, format: "ndjson", owner: "贵州电网", kind: "department",
                extra: ["record_key: account", "fields: {head_name: holder, address: meter_addr, phone: phone}"])
            let ranks = "[lps-water, gz-power]"
            let fixture = try PipelineFixture(sources: (waterFirst ? [waterSource, powerSource] : [powerSource, waterSource])
                .joined(separator: "\n") + "\nsurvivorship:\n" + ["address", "region_code", "compound", "building", "unit", "room"]
                .map { "  \($0): \(ranks)" }.joined(separator: "\n"))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, order)
            let wang = try XCTUnwrap(householdOf(fixture, "lps-water", "102540"), order)
            XCTAssertEqual(wang["household_id"] as String?, try householdOf(fixture, "gz-power", "7010003158")?["household_id"] as String?, order)
            XCTAssertEqual(wang["region_code"] as String?, "520201014000", order)
            XCTAssertEqual(wang["address"] as String?, "贵州省六盘水市钟山区荷城街道水钢一村10栋1单元202室", order)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household_conflict WHERE household_id = '\(wang["household_id"] as String)'
                """) as Int?, 0, order)
            let jiang = try XCTUnwrap(householdOf(fixture, "lps-water", "102541"), order)
            XCTAssertEqual(try fixture.query("SELECT room || '|' || IFNULL(compound_id, '-') FROM dwd_household WHERE household_id = '\(jiang["household_id"] as String)'") as String?,
                           waterFirst ? "203|-" : "202|\(jiang["compound_id"] as String? ?? "")", order)
            XCTAssertTrue((jiang["address"] as String?)?.hasPrefix(waterFirst ? "贵州省六盘水市钟山区10栋" : "贵州省六盘水市钟山区荷城街道水钢一村") ?? false, order)
            // A forced reload of the same files changes nothing.
            let history = try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?
            XCTAssertEqual(try fixture.run(["--force"]).status, 0)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, history, order)
            XCTAssertEqual(try householdOf(fixture, "lps-water", "102540")?["address"] as String?,
                           "贵州省六盘水市钟山区荷城街道水钢一村10栋1单元202室", order)
        }
    }

    /// Trial 11-a, defect 7: a meter address that is the flat alone (`2栋1单元102`), with no compound, road, village or
    /// township, loads at the county with an `address_incomplete` warning; with a township it says so. A compound, a
    /// road's door number or a village gives none. Before, the household loaded at 522701000000 without a word.
    func testAFlatWithoutAnyPlaceToFindItInIsWarned() throws {
        let folder = try TestPaths.temporaryFolder()
        let waterFile = folder.appendingPathComponent("water.csv")
        try gb18030([Self.waterHeader,
                     "W1,测江伟,2栋1单元102,",
                     "W2,测王芳,文峰街道3栋2单元301,13900000009",
                     "W3,测张伟,供销社宿舍2栋1单元102,13900000010",
                     "W4,测李明,剑江中路12号2栋301,13900000011",
                     "W5,测赵强,墨冲镇新场村3组5号,13900000012"], to: waterFile)
        let fixture = try PipelineFixture(sources: water("duyun-water", waterFile, prefecture: "黔南州", county: "都匀市"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let warnings = try fixture.rows("""
            SELECT record_number, field, value, message FROM etl_reject WHERE rule = 'address_incomplete' ORDER BY record_number
            """)
        XCTAssertEqual(warnings.map { $0["record_number"] as Int }, [1, 2])
        XCTAssertEqual(warnings.first?["field"] as String?, "用水地址")
        XCTAssertEqual(warnings.first?["value"] as String?, "2栋1单元102")
        XCTAssertEqual(warnings.first?["message"] as String?,
                       "gives the flat 2栋1单元102室 but not a compound, road, village or township to find it in: the record is placed at 贵州省黔南布依族苗族自治州都匀市 (522701000000) only, where many compounds have such a flat; it joins a household by its ID or phone, not by its address")
        XCTAssertTrue((warnings.last?["message"] as String?)?.contains("not a compound, road or village to find it in") ?? false)
        XCTAssertTrue(result.stderr.contains("address_incomplete"), result.stderr)
        let bare = try XCTUnwrap(householdOf(fixture, "duyun-water", "W1"))
        XCTAssertEqual(bare["region_code"] as String?, "522701000000")
        XCTAssertNil(bare["compound_id"] as String?)
    }

    /// Trial 11-c, defect 3: night 1's census misspells 洪山小区 as 洪三小区 and puts a 轻工局宿舍 household in 市西街道;
    /// night 2 corrects both. The two compounds nothing refers to any more leave dim_compound and
    /// dws_compound_summary at the end of night 2's load (the household's night-1 version keeps the id), while the
    /// housing department's compound without households stays. Compounds a record named on night 2 have
    /// last_seen_run 2. Before, both stayed with 0 households, and every compound kept last_seen_run 1.
    func testACompoundNothingRefersToAnyMoreLeavesTheWarehouseUnlessTheListConfirmedIt() throws {
        for summary in ["full", "incremental"] {
            let folder = try TestPaths.temporaryFolder()
            let census = folder.appendingPathComponent("census.csv"), list = folder.appendingPathComponent("compounds.csv")
            let header = "户编号,户主姓名,身份证号,联系电话,区县,街道,所属小区,楼栋,单元,房号"
            let fan = Nights.id("52242219530911649"), cui = Nights.id("52240119571102538")
            let lu = Nights.id("52242219590505682"), qiu = Nights.id("52052119480801993")
            func night(fanCompound: String, cuiTownship: String) throws {
                try gb18030([header,
                             "BJ1,测范军,\(fan),15136726821,七星关区,洪山街道,\(fanCompound),1,3,502",
                             "BJ2,测邱志强,\(qiu),17763828551,七星关区,洪山街道,洪山小区,2,1,301",
                             "BJ3,测崔勇,\(cui),13885059242,七星关区,\(cuiTownship),轻工局宿舍,3,1,302",
                             "BJ4,测陆国庆,\(lu),13578132013,七星关区,三板桥街道,轻工局宿舍,2,2,601"], to: census)
            }
            try night(fanCompound: "洪三小区", cuiTownship: "市西街道")
            try gb18030(["序号,小区名称,区县,所属街道,建成年代,类型", "1,碧阳花园,七星关区,洪山街道,1995,老旧小区"], to: list)
            let fixture = try PipelineFixture(sources: [
                PipelineRunTests.source("housing-compounds", list, format: "csv", entity: "compound",
                                        owner: "省住房和城乡建设厅", kind: "department", extra: ["encoding: gb18030"]),
                PipelineRunTests.source("grid-census", census, format: "csv", owner: "毕节市", extra: [
                    "encoding: gb18030", "record_key: 户编号", "context: {prefecture: 毕节市}",
                    "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, county: 区县, township: 街道, compound: 所属小区, building: 楼栋, unit: 单元, room: 房号}",
                ]),
            ].joined(separator: "\n"))
            let environment = ["RONGTONG_TEST_SUMMARY": summary]
            XCTAssertEqual(try fixture.run(environment: environment).status, 0)
            func compounds() throws -> [String] {
                try fixture.rows("""
                    SELECT c.name || '@' || c.region_code || ':' || c.last_seen_run || ':' || IFNULL(s.households, '-')
                    FROM dim_compound c LEFT JOIN dws_compound_summary s USING (compound_id) ORDER BY c.name, c.region_code
                    """).map { $0[0] as String }
            }
            XCTAssertEqual(try compounds(), ["洪三小区@520502007000:1:1", "洪山小区@520502007000:1:1", "碧阳花园@520502007000:1:0",
                                             "轻工局宿舍@520502001000:1:1", "轻工局宿舍@520502003000:1:1"].sorted(), summary)
            let misspelt = try XCTUnwrap(fixture.query("SELECT compound_id FROM dim_compound WHERE name = '洪三小区'") as String?)
            // Night 2: both corrected; the compound list is delivered unchanged (skipped).
            try night(fanCompound: "洪山小区", cuiTownship: "三板桥街道")
            let result = try fixture.run(environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try compounds(), ["洪山小区@520502007000:2:2", "碧阳花园@520502007000:1:0",
                                             "轻工局宿舍@520502003000:2:2"].sorted(), summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dws_compound_summary") as Int?, 3, summary)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household_history WHERE compound_id = '\(misspelt)' AND valid_to_run = 2
                """) as Int?, 1, "the household's night-1 version keeps the id (\(summary))")
        }
    }
}
