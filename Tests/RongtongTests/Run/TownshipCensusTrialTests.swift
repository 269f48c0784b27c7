import Foundation
import GRDB
import XCTest

/// A county's township grid census and ten-household sheets as Excel exports them (trial 21a, 雷山县 and 丹寨县):
/// the sign-off footer under a census with a 联系电话 column, villagers' doors whose 乡镇 and 村 cells were left
/// empty, and a 乡镇 column naming no township beside a 村 column that places the record. Real files through the
/// real binary into a real SQLite warehouse, then SQL on it.
final class TownshipCensusTrialTests: XCTestCase {
    /// Each household as `head room address` (room `-` when none), by head name.
    static func placedHouseholds(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT head_name, COALESCE(room, '-'), address FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
    }

    static func id(_ n: Int) -> String { NightsTests.id("52263419800101" + String(format: "%03d", n)) }
    static let leishan = "context: {prefecture: 黔东南州, county: 雷山县}"
    static let villageFields = "fields: {township: 乡镇, community: 村（社区）, villager_group: 组, room: 门牌号}"

    /// A ten-household sheet of ten households, one of them a reject (no ID, address 不详), whose sign-off row ends
    /// with the maker's `联系电话：` under a census that has a 联系电话 column: the row is a footer, not an 11th
    /// record, so the sheet loads its nine households instead of being held back for 2 rejects of 11.
    func testASignOffRowEndingWithTheMakersPhoneIsAFooterUnderAPhoneColumn() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = folder.appendingPathComponent("quanshan_thl01.csv")
        let households = (1...10).map { n in
            n == 6 ? "6,,,测韦世忠,女,,13961358952,不详,3,否"
                : "\(n),\(n == 1 ? "泉山十联户01" : ""),\(n == 1 ? "测蒙春兰" : ""),测户主\(n),\(n % 2 == 1 ? "男" : "女"),\(Self.id(n)),1396135\(String(format: "%04d", n)),泉山村4组\(n)号,2,否"
        }
        try ([
            "序号,十联户,联户长,户主姓名,性别,身份证号,联系电话,现住址,家庭人口,是否低保",
        ] + households + [
            "11,,,,,,,,,",
            "合计：10户,,,,,,,,,",
            "填表人：测网格员龙某,,,审核人：,测村支书,,联系电话：0855-3612345,,,",
            "",
        ]).joined(separator: "\r\n").write(to: sheet, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("quanshan", sheet, format: "csv", owner: "丹寨县龙泉镇",
            extra: ["context: {prefecture: 黔东南苗族侗族自治州, county: 丹寨县, township: 龙泉镇}", "fill_down: [十联户]"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT status, rows_read, rows_rejected FROM etl_batch").map {
            "\($0[0] as String) \($0[1] as Int) \($0[2] as Int)" }, ["loaded 10 1"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 9)
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT record_number FROM etl_reject").map { $0[0] as Int }, [6], result.stderr)
    }

    /// Villagers' doors whose 乡镇 and 村（社区） cells were left empty (merged cells read without `fill_down:`): each
    /// keeps its 组 and door (`…雷山县3组40号`), so two doors of one number in two groups stay two addresses; a door
    /// with no 组 is a door too (`38号`), not a flat `38室`; and the warning names the door as written and the empty
    /// cells. Before, the 组 was dropped and both doors were stored as the flat `…雷山县40室`.
    func testAVillagersDoorWithItsTownshipAndVillageCellsEmptyKeepsItsGroup() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("xijiang.csv")
        try """
            序号,户主姓名,身份证号码,乡镇,村（社区）,组,门牌号
            1,测甲一,\(Self.id(1)),西江镇,,2,41号
            2,测甲二,\(Self.id(2)),,,3组,40号
            3,测甲三,\(Self.id(3)),,,5组,40号
            4,测甲四,\(Self.id(4)),,,,38号

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xijiang", feed, format: "csv", owner: "雷山县",
            extra: ["record_key: 序号", Self.leishan, Self.villageFields]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let leishan = "贵州省黔东南苗族侗族自治州雷山县"
        XCTAssertEqual(try Self.placedHouseholds(fixture), [
            "测甲一 - \(leishan)西江镇2组41号",
            "测甲三 - \(leishan)5组40号",
            "测甲二 - \(leishan)3组40号",
            "测甲四 - \(leishan)38号",
        ])
        XCTAssertEqual(try fixture.rows("SELECT record_number, field, value, message FROM etl_reject WHERE rule = 'address_incomplete' ORDER BY record_number")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String): \($0[3] as String)" }, [
            "1 村（社区） 2组41号: gives the door 2组41号 but not the village to find it in (its 村（社区） cell is empty): the record is placed at \(leishan)西江镇 (522634101000) only, where each village has such doors; it joins a household by its ID or phone, not by its address",
            "2 村（社区） 3组40号: gives the door 3组40号 but not the township or village to find it in (its 乡镇 and 村（社区） cells are empty): the record is placed at \(leishan) (522634000000) only, where each village has such doors; it joins a household by its ID or phone, not by its address",
            "3 村（社区） 5组40号: gives the door 5组40号 but not the township or village to find it in (its 乡镇 and 村（社区） cells are empty): the record is placed at \(leishan) (522634000000) only, where each village has such doors; it joins a household by its ID or phone, not by its address",
            "4 村（社区） 38号: gives the door 38号 but not the township or village to find it in (its 乡镇, 村（社区） and 组 cells are empty): the record is placed at \(leishan) (522634000000) only, where each village has such doors; it joins a household by its ID or phone, not by its address",
        ])
    }

    /// A 乡镇 column that names no township of the county (`西江苗寨`, a place's name; `乌龙镇`, none of 雷山县's) beside
    /// a 村（社区） column that places the record (麻料村): the record stays at its village, and the 乡镇 value, dropped,
    /// gets an `unresolved_division` warning naming the column, as it does when the 村 cell is empty. A 乡镇 that is
    /// the village's township, written in full or short, gets none. Before, the value was dropped in silence.
    func testATownshipColumnNamingNoTownshipIsSaidEvenWhenTheVillageColumnPlacesTheRecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("xijiang.csv")
        try """
            序号,户主姓名,身份证号码,乡镇,村（社区）,组,门牌号
            1,测甲一,\(Self.id(1)),西江苗寨,麻料村,2,41号
            2,测甲二,\(Self.id(2)),乌龙镇,麻料村,2,40号
            3,测甲三,\(Self.id(3)),西江镇,麻料村,2,39号
            4,测甲四,\(Self.id(4)),西江,麻料村,2,38号
            5,测甲五,\(Self.id(5)),,麻料村,2,37号
            6,测甲六,\(Self.id(6)),西江苗寨,,2,36号

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xijiang", feed, format: "csv", owner: "雷山县",
            extra: ["record_key: 序号", Self.leishan, Self.villageFields]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let maliao = try XCTUnwrap(try fixture.query("SELECT region_code FROM dwd_household WHERE head_name = '测甲三'") as String?)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household WHERE region_code = ? ORDER BY head_name".replacingOccurrences(of: "?", with: "'\(maliao)'"))
            .map { $0[0] as String }, ["测甲一", "测甲三", "测甲二", "测甲五", "测甲四"])
        let leishan = "贵州省黔东南苗族侗族自治州雷山县"
        XCTAssertEqual(try fixture.rows("SELECT record_number, field, value, message FROM etl_reject WHERE rule = 'unresolved_division' ORDER BY record_number")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String): \($0[3] as String)" }, [
            "1 乡镇 西江苗寨: \"西江苗寨\" is not a township-level division under \(leishan) (522634000000); the value is dropped, and the record is placed at \(leishan)西江镇麻料村 (\(maliao)) by its 村（社区）",
            "2 乡镇 乌龙镇: \"乌龙镇\" is not a township-level division under \(leishan) (522634000000); the value is dropped, and the record is placed at \(leishan)西江镇麻料村 (\(maliao)) by its 村（社区）",
            "6 乡镇 西江苗寨: \"西江苗寨\" is not a township-level division under \(leishan) (522634000000); the record is placed at 雷山县, the level that resolved",
        ])
    }
}

/// The recheck of the grid-census trial (22a): a village's grid census sheet saved from Excel as GB18030 CSV, with
/// a title block above the header and the form maker's sign-off under the records.
extension TownshipCensusTrialTests {
    /// A village census sheet of `records` rows (columns 序号, 户主姓名, 身份证号, 联系电话, 县, 乡镇, 村（社区）, 组, 门牌号),
    /// with its title block and `footer` lines below, as GB18030 CRLF.
    static func villageSheet(_ name: String, records: [String], footer: [String]) throws -> URL {
        try TwoRowHeaderTests.gb18030File(name, ([
            "雷山县西江镇麻料村网格户籍摸底表,,,,,,,,",
            "填报单位：麻料村委会（盖章）,,,,,填报日期：2023年10月31日,,,",
            "序号,户主姓名,身份证号,联系电话,县,乡镇,村（社区）,组,门牌号",
        ] + records + footer).joined(separator: "\r\n") + "\r\n")
    }

    /// A 麻料村 sheet of one household per 门牌号 cell in `doors`, loaded without a reject; the fixture after the run.
    static func loadDoorCells(_ doors: [String], file: String) throws -> PipelineFixture {
        let records = doors.enumerated().map { "\($0.offset + 1),测户主\($0.offset + 1),\(id($0.offset + 1)),,雷山县,西江镇,麻料村,2,\($0.element)" }
        let fixture = try PipelineFixture(sources: sheetSource("maliao", try villageSheet(file, records: records, footer: [])))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0, result.stderr)
        return fixture
    }

    static func maliaoRecords(_ count: Int) -> [String] {
        (1...count).map { "\($0),测户主\($0),\(id($0)),1396135\(String(format: "%04d", $0)),雷山县,西江镇,麻料村,2,\(40 + $0)号" }
    }

    static let sheetFields = "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, county: 县, township: 乡镇, community: 村（社区）, villager_group: 组, room: 门牌号}"

    static func sheetSource(_ name: String, _ sheet: URL, context: String = leishan) -> String {
        PipelineRunTests.source(name, sheet, format: "csv", owner: "雷山县",
            extra: ["encoding: gb18030", "record_key: 序号", "options: {skip_rows: 2}", context, sheetFields])
    }

    /// The footer `联系电话：…,填表人：…` (the maker's phone before the maker, the phone in the 序号 column of a census
    /// with a 联系电话 column) is the sheet's footer, not an 11th household: the ten households load, with no reject
    /// and no household named 填表人. Before, the row was read as a record, since its first label named a column.
    func testAFooterOfTheMakersPhoneThenTheMakerIsNoHousehold() throws {
        let sheet = try Self.villageSheet("maliao_census.csv", records: Self.maliaoRecords(10),
                                          footer: ["联系电话：13985000000,填表人：测村支书,,,,,,,"])
        let fixture = try PipelineFixture(sources: Self.sheetSource("maliao", sheet))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT status, rows_read, rows_rejected FROM etl_batch").map {
            "\($0[0] as String) \($0[1] as Int) \($0[2] as Int)" }, ["loaded 10 0"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 10)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_name LIKE '%填表%'") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0, result.stderr)
    }

    /// The maker's phone alone under the records, on a line of its own (`联系电话：0851-86123456`, one cell) or as a
    /// `手机：` row, is the sheet's footer: the sheet loads. Before, the first was a `ragged_row` and the second a
    /// `no_identity` reject, and either held the six-household sheet back (exit 3, nothing loaded).
    func testTheMakersPhoneOrMobileAloneUnderTheRecordsIsTheFooter() throws {
        for (name, footer) in [("phone.csv", "联系电话：0851-86123456"), ("mobile.csv", "手机：13985000000,,,,,,,,")] {
            let sheet = try Self.villageSheet(name, records: Self.maliaoRecords(6), footer: [footer])
            let fixture = try PipelineFixture(sources: Self.sheetSource("maliao", sheet))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, "\(footer): \(result.stderr)")
            XCTAssertEqual(try fixture.rows("SELECT status, rows_read, rows_rejected FROM etl_batch").map {
                "\($0[0] as String) \($0[1] as Int) \($0[2] as Int)" }, ["loaded 6 0"], footer)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 6, footer)
        }
    }

    /// A 门牌号 cell that writes the door with the room (`40号301室`, `40号-301`, `40号附1号201室`, `3号1楼`) is read as
    /// the address parser reads the same after a villager group (`麻料村2组40号301室`): the door goes into the address
    /// and the room is the room (301), so the household is the same dwelling as one written in an address. Before,
    /// `40号301室` gave room `40号301` and no door.
    func testADoorWithItsRoomInTheDoorColumnIsTheDoorAndTheRoom() throws {
        let fixture = try Self.loadDoorCells(["40号301室", "40号-301", "40号附1号201室", "3号1楼", "12号"], file: "doors.csv")
        let maliao = "贵州省黔东南苗族侗族自治州雷山县西江镇麻料村"
        XCTAssertEqual(try Self.placedHouseholds(fixture), [
            "测户主1 301 \(maliao)2组40号301室",
            "测户主2 301 \(maliao)2组40号301室",
            "测户主3 201 \(maliao)2组40号附1号201室",
            "测户主4 1楼 \(maliao)2组3号1楼",
            "测户主5 - \(maliao)2组12号",
        ])
    }

    /// A 门牌号 cell that writes the door with a unit and room (`40号2单元301室`), or with a remark after the room
    /// (`40号301室东户`), is read as the address parser reads it after a villager group: door 40号, unit 2, room 301;
    /// the remark is no part of the room. `40号301室` stays door 40号 and room 301. Before, the first two kept the
    /// whole cell in the room (`40号2单元301`, `40号301室东户`) and no door.
    func testADoorWithItsUnitOrARemarkInTheDoorColumnIsTheDoorUnitAndRoom() throws {
        let fixture = try Self.loadDoorCells(["40号2单元301室", "40号301室东户", "40号301室", "40号301室（东户）"], file: "units.csv")
        let maliao = "贵州省黔东南苗族侗族自治州雷山县西江镇麻料村"
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, COALESCE(unit, '-'), COALESCE(room, '-'), address FROM dwd_household ORDER BY head_name
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String)" }, [
            "测户主1 2 301 \(maliao)2组40号2单元301室",
            "测户主2 - 301 \(maliao)2组40号301室",
            "测户主3 - 301 \(maliao)2组40号301室",
            "测户主4 - 301 \(maliao)2组40号301室",
        ])
    }

    /// Trial addresses, repro 4: a sheet headed 区县, 乡镇, 村, 组, 门牌号 with no `fields:` at all. The 村 column was read
    /// by nothing (村 was no usual header of `community`), so two villages' `3组12号` became one address at the
    /// township; and an annex door `附1号` in the 门牌号 column became room `附1`, where the address `…2组附1号` reads
    /// the door with no room.
    func testAVillageColumnHeadedCunAndAnAnnexDoorColumnPlaceTheHouseholds() throws {
        let sheet = try TwoRowHeaderTests.gb18030File("bijie.csv", [
            "序号,户主姓名,区县,乡镇,村,组,门牌号",
            "v1,测许建华,七星关区,梨树镇,车坝村,3组,12号",
            "v2,测何丽芳,七星关区,梨树镇,小屯沟村,3组,12号",
            "v3,测吕玉兰,威宁自治县,草海镇,郑家营村,2组,附1号",
        ].joined(separator: "\r\n") + "\r\n")
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("bj", sheet, format: "csv", owner: "毕节市",
            extra: ["encoding: gb18030", "record_key: 序号", "context: {prefecture: 毕节市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT hs.record_key, h.region_code, COALESCE(h.room, '-'), h.address FROM dwd_household h
            JOIN household_source hs USING (household_id) ORDER BY hs.record_key
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String)" }, [
            "v1 520502101207 - 贵州省毕节市七星关区梨树镇车坝村3组12号",
            "v2 520502101205 - 贵州省毕节市七星关区梨树镇小屯沟村3组12号",
            "v3 520526100231 - 贵州省毕节市威宁彝族回族苗族自治县草海镇郑家营村2组附1号",
        ])
    }

    /// A 县 column that the record's other division columns overrule is the column the warning names:
    /// - 县 丹寨县 beside 乡镇 西江镇 and 村 麻料村 (both of 雷山县): the record is placed at 麻料村, and the warning is the
    ///   县 column's;
    /// - 县 丹寨县 and 乡镇 乌龙镇 (a township of no county here) beside 村 麻料村, under a source whose context is 雷山县:
    ///   the record is placed at 麻料村, and both the 县 and the 乡镇 columns are said, each apart;
    /// - the same under a context of the prefecture alone (nothing backs the village against the county): the record
    ///   stays at 丹寨县, the 乡镇 column is said, and the 村 column's warning says where a 麻料村 lies and asks about
    ///   the 县 value;
    /// - 县 丹寨县 and 乡镇 龙泉镇 (of 丹寨县) beside 村 麻料村: two columns agree, the village is the one said, as before.
    /// Before, each of the first three got one warning naming the 村 column (`"乌龙镇麻料村" is not a community …`).
    func testTheDivisionColumnsAtFaultAreTheOnesTheWarningsName() throws {
        let records = [("丹寨县", "西江镇"), ("丹寨县", "乌龙镇"), ("丹寨县", "龙泉镇")].enumerated().map {
            "\($0.offset + 1),测户主\($0.offset + 1),\(Self.id($0.offset + 1)),,\($0.element.0),\($0.element.1),麻料村,2,\(41 + $0.offset)号"
        }
        let sheet = try Self.villageSheet("counties.csv", records: records, footer: [])
        let leishan = "贵州省黔东南苗族侗族自治州雷山县"
        let danzhai = "贵州省黔东南苗族侗族自治州丹寨县"
        let maliao = "\(leishan)西江镇麻料村 (522634101208)"
        func warnings(_ fixture: PipelineFixture) throws -> [String] {
            try fixture.rows("SELECT record_number, field, message FROM etl_reject WHERE rule = 'unresolved_division' ORDER BY record_number, rowid")
                .map { "\($0[0] as Int) \($0[1] as String): \($0[2] as String)" }
        }
        func places(_ fixture: PipelineFixture) throws -> [String] {
            try fixture.rows("SELECT head_name, region_code FROM dwd_household ORDER BY head_name").map { "\($0[0] as String) \($0[1] as String)" }
        }

        let underLeishan = try PipelineFixture(sources: Self.sheetSource("maliao", sheet))
        var result = try underLeishan.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try places(underLeishan), ["测户主1 522634101208", "测户主2 522634101208", "测户主3 522636100000"])
        XCTAssertEqual(try warnings(underLeishan), [
            "1 县: \"丹寨县\" is not the county of the record's 乡镇 西江镇 and 村（社区） 麻料村, which lie in \(leishan) (522634000000), not in \(danzhai) (522636000000); the value is dropped, and the record is placed at \(maliao) by its 乡镇 and 村（社区）",
            "2 县: \"丹寨县\" is not the county of the record's 村（社区） 麻料村, which lies in \(leishan) (522634000000), the county the source's context names, not in \(danzhai) (522636000000); the value is dropped, and the record is placed at \(maliao) by its 村（社区） and the source's context",
            "2 乡镇: \"乌龙镇\" is not a township-level division under \(leishan) (522634000000); the value is dropped, and the record is placed at \(maliao) by its 村（社区）",
            "3 村（社区）: \"麻料村\" is not a community or village the reference table lists under \(danzhai)龙泉镇 (522636100000); the record is placed at 龙泉镇, the level that resolved, and the name is kept in its address",
        ])

        let underPrefecture = try PipelineFixture(sources: Self.sheetSource("maliao", sheet, context: "context: {prefecture: 黔东南州}"))
        result = try underPrefecture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try places(underPrefecture), ["测户主1 522634101208", "测户主2 522636000000", "测户主3 522636100000"])
        XCTAssertEqual(try warnings(underPrefecture).filter { $0.hasPrefix("2 ") }, [
            "2 乡镇: \"乌龙镇\" is not a township-level division under \(danzhai) (522636000000); the record is placed at 丹寨县, the level that resolved",
            "2 村（社区）: \"麻料村\" is not a community or village the reference table lists under \(danzhai) (522636000000); the record is placed at 丹寨县, the level that resolved, and the name is kept in its address. A village of that name lies in \(leishan)西江镇麻料村 (522634101208), in 雷山县: is the 县 value 丹寨县 right?",
        ])
    }

    /// A prefecture's sheet with rows of a neighbouring prefecture's county (trial 24, 黔东南州 beside 三都县 of 黔南州):
    /// 县 三都县 or 三都水族自治县, 乡镇 中和镇 and 村 中和村, all of 三都县, under `context: {prefecture: 黔东南州}`. The
    /// record's own columns agree among themselves, so it is placed at 三都县中和镇中和村 with an `outside_context`
    /// warning, as `rongtong address` reads it. Before, the context dropped the 县 and 乡镇 columns and the 村 column
    /// placed the record at 天柱县坌处镇中和村, a village of the same name in another prefecture.
    func testOwnColumnsThatAgreeOutsideThePrefectureContextPlaceTheRecord() throws {
        let records = [("三都县", "中和镇", "中和村"), ("三都水族自治县", "中和镇", ""), ("三都水族自治县", "中和镇", "中和村"),
                       ("三都水族自治县", "乌龙镇", "")]
            .enumerated().map {
                "\($0.offset + 1),测户主\($0.offset + 1),\(Self.id($0.offset + 1)),,\($0.element.0),\($0.element.1),\($0.element.2),2,\(8 + $0.offset)号"
            }
        let sheet = try Self.villageSheet("sandu.csv", records: records, footer: [])
        let fixture = try PipelineFixture(sources: Self.sheetSource("sandu", sheet, context: "context: {prefecture: 黔东南州}"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, region_code FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String)" },
                       ["测户主1 522732114280", "测户主2 522732114000", "测户主3 522732114280", "测户主4 522732000000"])
        // The warnings name the column at fault: a 乡镇 that names nothing is said apart, and the 县 column that
        // placed the record outside the context is the outside_context's (not the 乡镇 beside it).
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, field FROM etl_reject ORDER BY record_number, rowid")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String)" },
                       ["1 outside_context 乡镇", "2 outside_context 乡镇", "2 address_incomplete 村（社区）", "3 outside_context 乡镇",
                        "4 outside_context 县", "4 unresolved_division 乡镇"], result.stderr)
        XCTAssertTrue(try fixture.query("SELECT address FROM dwd_household WHERE head_name = '测户主1'") as String?
            == "贵州省黔南布依族苗族自治州三都水族自治县中和镇中和村2组8号")
    }
}
