import Foundation
import GRDB
import XCTest

/// Real files through the real binary into a real SQLite warehouse, then SQL on it.
final class PipelineRunTests: XCTestCase {
    static let gb18030Source = """
          - name: grid
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            encoding: gb18030
            path: \(TestPaths.fixture("csv/gb18030-quoted-newlines.csv"))
            record_key: 序号
            context: {prefecture: 贵阳市}
            max_reject_ratio: 0.5
        """

    /// One source of a test pipeline: the keys every source needs, then `extra` lines under it (`record_key: 编号`,
    /// `fields: {…}`, or a nested line with its own leading spaces).
    static func source(_ name: String, _ file: URL, format: String, entity: String = "household",
                       owner: String = "贵阳市", kind: String = "city", extra: [String] = []) -> String {
        (["  - name: \(name)", "    owner: \(owner)", "    kind: \(kind)", "    entity: \(entity)",
          "    format: \(format)", "    path: \(file.path)"] + extra.map { "    " + $0 }).joined(separator: "\n")
    }

    func testGB18030FeedWithQuotedNewlinesLoadsEveryIdentifiableRow() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 5)
        XCTAssertEqual(try fixture.query("SELECT encoding FROM etl_batch") as String?, "gb18030")
        // Record 2 (lowercase x, +86 phone, full-width member count) sits after a quoted CRLF.
        let li = try fixture.rows("SELECT * FROM dwd_household WHERE head_name = '李四'")[0]
        XCTAssertEqual(li["head_id_masked"] as String?, "520102********100X")
        XCTAssertEqual(li["phone_masked"] as String?, "139****9000")
        XCTAssertEqual(li["member_count"] as Int?, 2)
        XCTAssertEqual(li["region_code"] as String?, "520113006000")
        XCTAssertEqual(li["head_gender"] as String?, "female")
        // The 15-digit ID was converted and hashed; the bad check character loads without an ID.
        XCTAssertEqual(try fixture.query("SELECT head_birth_date FROM dwd_household WHERE head_name = '王五'") as String?, "1985-03-03")
        XCTAssertNil(try fixture.query("SELECT head_id_hash FROM dwd_household WHERE head_name = '赵六'") as String?)
        let rules = try fixture.rows("SELECT rule, severity, field, value, record_number FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(rules.map { $0["rule"] as String }, ["id_check_character", "no_identity"])
        XCTAssertEqual(rules[0]["value"] as String?, "520102********1234", "personal values are masked in rejects")
        XCTAssertEqual(rules[0]["field"] as String?, "身份证号")
        XCTAssertTrue(result.stderr.contains("gb18030-quoted-newlines.csv:6: record 4: 身份证号: check character is 4, expected 5"), result.stderr)
    }

    /// An address in another province is not placed under the source's context, and its divisions never become a
    /// compound's name: the record loads without a region, with an `outside_province` warning.
    func testAddressInAnotherProvinceGetsNoRegionAndNoCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("outside.csv")
        try """
            户主姓名,身份证号,家庭住址
            张三,520102198001011112,四川省成都市武侯区浆洗街道锦里小区3栋2单元501室
            李四,520103197505052227,云岩区北京路12号
            王五,52010219900909333X,重庆渝中区和平小区1栋101

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("outside", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let rows = try fixture.rows("""
            SELECT head_name, region_code, compound_id, building, room, address FROM dwd_household ORDER BY head_name
            """)
        XCTAssertEqual(rows.count, 3)
        let zhang = try XCTUnwrap(rows.first { $0["head_name"] == "张三" })
        XCTAssertNil(zhang["region_code"] as String?, "not placed in 贵阳市 by the context")
        XCTAssertNil(zhang["compound_id"] as String?)
        XCTAssertNil(zhang["building"] as String?)
        XCTAssertEqual(zhang["address"] as String?, "四川省成都市武侯区浆洗街道锦里小区3栋2单元501室")
        let li = try XCTUnwrap(rows.first { $0["head_name"] == "李四" })
        XCTAssertEqual(li["region_code"] as String?, "520103000000", "北京路 is a road of 云岩区")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        let warnings = try fixture.rows("SELECT record_number, rule, severity FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(warnings.map { "\($0["record_number"] as Int):\($0["rule"] as String)/\($0["severity"] as String)" },
                       ["1:outside_province/warning", "3:outside_province/warning"])
    }

    /// A context the feed contradicts (a 都匀 feed under `county: 福泉市`) is said, record by record.
    func testRecordsOutsideTheSourcesContextAreWarnings() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try """
            编号,户主姓名,家庭住址
            1,杨国华,都匀市广惠街道剑江花园1栋1单元101室
            2,罗文军,剑江花园2栋1单元201室
            3,韦秀兰,福泉市马场坪街道马场坪小区1栋1单元101室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 黔南州, county: 福泉市}", "record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject").map { "\($0[0] as Int):\($0[1] as String)" },
                       ["1:outside_context"])
        XCTAssertTrue(result.stderr.contains("outside the source's context 贵州省黔南布依族苗族自治州福泉市;"), result.stderr)

        // Placed by its own 区县 column: the warning names that column and its value.
        try "编号,户主姓名,区县,小区\n1,杨国华,都匀市,剑江花园\n".write(to: feed, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT field, value FROM etl_reject WHERE rule = 'outside_context' ORDER BY rowid DESC LIMIT 1")
            .map { "\($0[0] as String):\($0[1] as String)" }, ["区县:都匀市"])
    }

    /// One ID on two heads at two addresses of one file (a row pasted with the wrong ID): two households, the later
    /// without the ID and with an `id_shared` warning; the same head at two addresses still links by the ID.
    func testAnIDTwoHeadsShareInOneFileIsGivenUpByTheLaterRecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("shared.csv")
        try """
            序号,户主姓名,身份证号,联系电话,家庭住址
            1,谭甲,520102197408081230,13811110001,南明区油榨街道青云小区7栋1单元101室
            2,谭乙,520102197408081230,13811110002,南明区油榨街道青云小区8栋2单元502室
            3,罗丙,520102198001011112,13811110003,南明区油榨街道青云小区1栋1单元101室
            4,罗丙,520102198001011112,13811110003,南明区油榨街道青云小区2栋1单元101室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("shared", feed, format: "csv", extra: ["record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let households = try fixture.rows("""
            SELECT head_name, head_id_masked, phone_masked FROM dwd_household ORDER BY head_name, phone_masked
            """).map { "\($0[0] as String):\(($0[1] as String?) ?? "-"):\($0[2] as String)" }
        XCTAssertEqual(households, ["罗丙:520102********1112:138****0003", "谭乙:-:138****0002",
                                    "谭甲:520102********1230:138****0001"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, severity FROM etl_reject").map {
            "\($0[0] as Int):\($0[1] as String)/\($0[2] as String)" }, ["2:id_shared/warning"])
        XCTAssertTrue(result.stderr.contains("shared.csv:3: record 2: 身份证号: record 1 of this file has this ID"), result.stderr)
    }

    /// An 18-digit ID Excel stored as a number keeps 15 significant digits (522625199008078537 became
    /// 522625199008078000). One in 11 such numbers passes the check character by chance: it is still no valid ID
    /// (`id_truncated`), so it neither stands for the head nor keeps the census record from the registry's true ID;
    /// the two link by phone and name. Before, it loaded as a valid ID: two households, no warning.
    func testAnIDExcelTruncatedToThousandsIsNoIDAndDoesNotBlockTheLink() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.xml")
        try """
            序号,户主姓名,身份证号,联系电话,家庭住址,家庭人口
            1,测林辉,522625199008078000,17763912019,镇远县舞阳镇新大桥小区3栋1单元201室,2

            """.write(to: census, atomically: true, encoding: .utf8)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍数据><户 户号="R1"><户籍地址>贵州省黔东南苗族侗族自治州镇远县舞阳镇新大桥小区3栋1单元201室</户籍地址>
            <联系电话>17763912019</联系电话><成员列表><成员 与户主关系="户主"><姓名>测林辉</姓名>
            <公民身份号码>522625199008078537</公民身份号码></成员><成员 与户主关系="妻"><姓名>测某某</姓名></成员></成员列表></户></户籍数据>

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", census, format: "csv",
                                                               extra: ["record_key: 序号", "context: {prefecture: 黔东南州}"])
            + "\n" + Self.source("registry", registry, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍数据/户, repeated: 成员列表/成员}",
                "record_key: \"@户号\"",
                "fields:", "  head_name: 成员列表/成员[与户主关系=户主]/姓名", "  head_id: 成员列表/成员[与户主关系=户主]/公民身份号码",
                "  phone: 联系电话", "  address: 户籍地址", "  members: 成员列表/成员"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_id_masked, member_count FROM dwd_household").map {
            "\($0[0] as String):\(($0[1] as String?) ?? "-"):\($0[2] as Int)" }, ["测林辉:522625********8537:2"])
        XCTAssertEqual(try fixture.rows("SELECT source_id, rule, severity, value FROM etl_reject").map {
            "\($0[0] as String):\($0[1] as String)/\($0[2] as String):\($0[3] as String)" },
            ["census:id_truncated/warning:522625********8000"])
        XCTAssertTrue(result.stderr.contains("身份证号: ends in 000: most likely an ID Excel stored as a number"), result.stderr)
    }

    /// A township that lies in another county than the one the address names (塔山街道 is only in 六枝特区) does not
    /// move the household to the province: the county written with its prefecture stays, the warning says so.
    func testTownshipOfAnotherCountyKeepsTheWrittenCounty() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("elderly.csv")
        try """
            序号,姓名,现住址
            A1,丙一,安顺市西秀区塔山街道阳光花园1栋1单元201室
            A2,丙二,安顺市西秀区阳光花园1栋1单元202室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("elderly", feed, format: "csv",
            extra: ["record_key: 序号", "fields: {head_name: 姓名, address: 现住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, region_code FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\($0[1] as String)" }, ["丙一:520402000000", "丙二:520402000000"])
        XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound").map {
            "\($0[0] as String):\($0[1] as String)" }, ["阳光花园:520402000000"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject").map {
            "\($0[0] as Int):\($0[1] as String)" }, ["1:ambiguous_region"])
        XCTAssertTrue(result.stderr.contains("names a division outside 贵州省安顺市西秀区 (520402000000)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("六枝特区塔山街道 (520203003000)"), result.stderr)
    }

    /// A rural census with its own 组 and 门牌号 columns: the door is the address's 1组12号 (the same as a registry's
    /// address text writes it, so the two link), not a flat's room; two families with door 12 in two groups stay two.
    func testVillagerGroupAndDoorColumnsMakeTheDoor() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.csv")
        try """
            序号,户主姓名,县(区),乡镇(街道),村(社区),组,门牌号,是否低保
            1,杨秀英,三都县,九阡镇,水各村,1组,12号,是
            2,杨秀珍,三都县,九阡镇,水各村,三组,12,否

            """.write(to: census, atomically: true, encoding: .utf8)
        try """
            编号,户主姓名,家庭住址
            R1,杨秀英,三都水族自治县九阡镇水各村一组十二号

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", census, format: "csv", owner: "黔南州",
                                                               extra: ["record_key: 序号", "context: {prefecture: 黔南州}"])
            + "\n" + Self.source("registry", registry, format: "csv", kind: "department", extra: ["record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, room, address FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\(($0[1] as String?) ?? "-"):\($0[2] as String)" }, [
            "杨秀珍:-:贵州省黔南布依族苗族自治州三都水族自治县九阡镇水各村3组12号",
            "杨秀英:-:贵州省黔南布依族苗族自治州三都水族自治县九阡镇水各村1组12号",
        ])
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE source_id = 'registry'") as String?,
                       "address+name")
    }

    /// An address column that writes the village, beside 组 and 门牌号 columns: the columns complete the door
    /// (团结村 + 5组 + 21号); an address that writes the door itself (团结村3组17号) keeps it. Each links to the
    /// registry's address text.
    func testVillagerColumnsCompleteAnAddressThatStopsAtTheVillage() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.csv")
        try """
            户编号,户主姓名,家庭住址,组,门牌号
            B1,陈光荣,威宁县石门乡团结村,5组,21号
            B2,李老三,威宁县石门乡团结村3组17号,3组,17号
            B4,罗小芬,威宁县石门乡团结村6组,,22号

            """.write(to: census, atomically: true, encoding: .utf8)
        try """
            编号,户主姓名,家庭住址
            R1,陈光荣,威宁县石门乡团结村五组二十一号
            R2,李老三,威宁县石门乡团结村3组17号
            R3,罗小芬,威宁县石门乡团结村6组22号

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", census, format: "csv", extra: ["record_key: 户编号"])
            + "\n" + Self.source("registry", registry, format: "csv", kind: "department", extra: ["record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT room, address FROM dwd_household ORDER BY address").map {
            "\(($0[0] as String?) ?? "-"):\($0[1] as String)" }, [
            "-:贵州省毕节市威宁彝族回族苗族自治县石门乡团结村3组17号",
            "-:贵州省毕节市威宁彝族回族苗族自治县石门乡团结村5组21号",
            "-:贵州省毕节市威宁彝族回族苗族自治县石门乡团结村6组22号",
        ])
    }

    /// A registry whose vendor writes one name in two namespaces: the attribute in no namespace is the record's
    /// (户号 over old:户号, whatever the order), and a repeated element gives a single-valued field its first value
    /// with a several_values warning, not the JSON list as text.
    func testNamesInTwoNamespacesGiveTheRecordsOwnValue() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <gab:户籍 xmlns:gab="urn:gab" xmlns:old="urn:old">
              <gab:户 户号="Q-01" old:户号="OLD-76"><gab:户主><gab:姓名>丙一</gab:姓名></gab:户主><gab:住址>南明区油榨街道青云小区2栋1单元101室</gab:住址><gab:成员列表/></gab:户>
              <gab:户 old:户号="OLD-77" 户号="Q-02"><gab:户主><gab:姓名>丙二</gab:姓名><old:姓名>丙二名</old:姓名></gab:户主><gab:住址>南明区油榨街道青云小区2栋1单元102室</gab:住址><gab:成员列表><gab:成员><gab:姓名>丙小</gab:姓名></gab:成员></gab:成员列表></gab:户>
            </gab:户籍>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: ["options: {record_path: /户籍/户, repeated: 成员列表/成员}", "record_key: \"@户号\"",
                    "fields: {head_name: 户主/姓名, address: 住址, members: 成员列表/成员}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT s.record_key, h.head_name FROM household_source s JOIN dwd_household h USING (household_id) ORDER BY 1")
            .map { "\($0[0] as String):\($0[1] as String)" }, ["Q-01:丙一", "Q-02:丙二"])
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY 1").map {
            "\($0[0] as String):\($0[1] as Int)" }, ["丙一:1", "丙二:2"], "an empty member list is the head alone")
        XCTAssertEqual(try fixture.rows("SELECT record_number, field, rule FROM etl_reject").map {
            "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }, ["2:户主/姓名:several_values"])
    }

    /// A registry whose vendor writes the key attribute in two namespaces and none without one (`a:户号`, `b:户号`)
    /// and reorders them between exports: the key is the same in both orders (the first namespace URI's value, or
    /// the one in the record element's own namespace), with a several_values warning when they differ, and the
    /// second export relinks every household by key. Before, the first attribute written was the key, so a reordered
    /// export re-keyed its households.
    func testAKeyAttributeInTwoNamespacesKeysTheRecordWhateverTheOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        func export(reordered: Bool) throws {
            func key(_ first: String, _ second: String) -> String {
                reordered ? #"b:户号="\#(second)" a:户号="\#(first)""# : #"a:户号="\#(first)" b:户号="\#(second)""#
            }
            try """
                <?xml version="1.0" encoding="UTF-8"?>
                <户籍 xmlns:a="urn:gab:a" xmlns:b="urn:gab:b">
                  <户 \(key("A-01", "B-01"))><姓名>戊一</姓名><住址>南明区油榨街道青云小区2栋1单元101室</住址></户>
                  <户 \(key("A-02", "A-02"))><姓名>戊二</姓名><住址>南明区油榨街道青云小区2栋1单元102室</住址></户>
                  <b:户 \(key("A-03", "B-03"))><姓名>戊三</姓名><住址>南明区油榨街道青云小区2栋1单元103室</住址></b:户>
                </户籍>
                """.write(to: feed, atomically: true, encoding: .utf8)
        }
        try export(reordered: false)
        let fixture = try PipelineFixture(sources: Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: ["options: {record_path: /户籍/户}", "record_key: \"@户号\"", "fields: {head_name: 姓名, address: 住址}"]))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        let keys = "SELECT s.record_key, h.head_name FROM household_source s JOIN dwd_household h USING (household_id) ORDER BY 1"
        XCTAssertEqual(try fixture.rows(keys).map { "\($0[0] as String):\($0[1] as String)" }, ["A-01:戊一", "A-02:戊二", "B-03:戊三"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, field, rule FROM etl_reject ORDER BY 1").map {
            "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }, ["1:@户号:several_values", "3:@户号:several_values"])
        try export(reordered: true)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.rows(keys).map { "\($0[0] as String):\($0[1] as String)" }, ["A-01:戊一", "A-02:戊二", "B-03:戊三"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
    }

    /// A registry that repeats the ID element (two `<身份证号>`, the first mistyped) and an NDJSON record whose ID is
    /// a list: the household gets the first valid ID, with the several_values warning; the first value still wins
    /// when none is valid. Before, the first (invalid) value was taken and the household lost its ID.
    func testARepeatedIDFieldGivesTheFirstValidID() throws {
        let folder = try TestPaths.temporaryFolder()
        func mistyped(_ id: String) -> String { String(id.dropLast()) + (id.last == "0" ? "1" : "0") }
        let registry = folder.appendingPathComponent("registry.xml"), civil = folder.appendingPathComponent("civil.ndjson")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍>
              <户 户号="X1"><姓名>丁一</姓名><身份证号>\(mistyped(NightsTests.zhang))</身份证号><身份证号>\(NightsTests.zhang)</身份证号><住址>南明区油榨街道青云小区2栋1单元101室</住址></户>
              <户 户号="X2"><姓名>丁二</姓名><身份证号>\(mistyped(NightsTests.li))</身份证号><身份证号>52010219850505</身份证号><住址>南明区油榨街道青云小区2栋1单元102室</住址></户>
            </户籍>
            """.write(to: registry, atomically: true, encoding: .utf8)
        try #"{"编号":"N1","户主姓名":"丁三","身份证号":["\#(mistyped(NightsTests.wang))","\#(NightsTests.wang)"],"家庭住址":"南明区油榨街道青云小区2栋1单元103室"}"#
            .appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("police", registry, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: ["options: {record_path: /户籍/户}", "record_key: \"@户号\"", "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"])
            + "\n" + Self.source("civil", civil, format: "ndjson", owner: "贵州省民政厅", kind: "department", extra: ["record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT s.record_key, COALESCE(h.head_id_masked, '-') FROM household_source s JOIN dwd_household h USING (household_id) ORDER BY 1")
            .map { "\($0[0] as String):\($0[1] as String)" },
                       ["N1:520102********303\(NightsTests.wang.last!)", "X1:520102********101\(NightsTests.zhang.last!)", "X2:-"])
        XCTAssertEqual(try fixture.rows("SELECT source_id, record_number, rule FROM etl_reject ORDER BY 1, 2, 3").map {
            "\($0[0] as String) \($0[1] as Int):\($0[2] as String)" },
                       ["civil 1:several_values", "police 1:several_values", "police 2:id_check_character", "police 2:several_values"])
    }

    /// A village whose official name is its committee's (团结村委会) is spelled as a parsed address spells it, so the
    /// census's columns and the registry's text give one door.
    func testVillageColumnsSpellTheVillageAsAnAddressDoes() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), registry = folder.appendingPathComponent("registry.csv")
        try "户编号,户主姓名,区县,乡镇,村(社区),组,门牌号\nHB201,龙正云,威宁县,石门乡,团结村,三组,15号\n"
            .write(to: census, atomically: true, encoding: .utf8)
        try "编号,户主姓名,家庭住址\nGA1,龙正云,威宁县石门乡团结村3组15号\n".write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", census, format: "csv", extra: ["record_key: 户编号"])
            + "\n" + Self.source("registry", registry, format: "csv", kind: "department", extra: ["record_key: 编号"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT address FROM dwd_household").map { $0[0] as String },
                       ["贵州省毕节市威宁彝族回族苗族自治县石门乡团结村3组15号"])
    }

    /// An address opening with another prefecture's county name written bare (凯里金井小区 in a 黔南州 feed) is read
    /// as the context says, the name part of the compound's; the record gets an outside_context warning saying so.
    func testABareCountyNameOutsideTheContextIsReported() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try """
            序号,户主姓名,家庭住址
            1,欧阳秀英,凯里金井小区2-1-302
            2,罗世英,都匀绿茵湖小区5-3-601

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv", owner: "黔南州",
                                                               extra: ["record_key: 序号", "context: {prefecture: 黔南州}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject").map {
            "\($0[0] as Int):\($0[1] as String)" }, ["1:outside_context"])
        XCTAssertTrue(result.stderr.contains("begins with the name of 贵州省黔东南苗族侗族自治州凯里市 (522601000000), outside the source's context"), result.stderr)
    }

    /// A grid app's address given as separate fields (`{"cun":"坪地村","zu":"2组","mph":"9号"}`) behaves as the same
    /// place written as one string (`坪地村2组10号`): 坪地村 is two villages of 六盘水市, so both load at the
    /// prefecture with ambiguous_region, and the field form's address keeps the village and its door.
    func testAVillageGivenAsSeparateFieldsLoadsAsTheSameTextDoes() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.ndjson")
        try """
            {"id":"G1","hzxm":"罗明军","sfzh":null,"address":{"cun":"坪地村","zu":"2组","mph":"9号"}}
            {"id":"G2","hzxm":"张英强","sfzh":null,"address":"坪地村2组10号"}
            {"id":"G3","hzxm":"马伟海","sfzh":null,"address":{"cun":"坪地村","zu":"第五村民小组","mph":15}}
            {"id":"G4","hzxm":"高勇荣","sfzh":null,"address":{"qx":"水城区","cun":"坪地村","zu":"第四村民小组","mph":16}}
            {"id":"G5","hzxm":"徐明林","sfzh":null}

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "ndjson", owner: "六盘水市", extra: [
            "record_key: id", "context: {prefecture: 六盘水市}", "max_reject_ratio: 1",
            "fields: {head_name: hzxm, head_id: sfzh, address: address, county: address.qx, community: address.cun, villager_group: address.zu, room: address.mph}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, region_code, room, address FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\($0[1] as String):\(($0[2] as String?) ?? "-"):\($0[3] as String)" }, [
            "张英强:520200000000:-:贵州省六盘水市坪地村2组10号",
            "罗明军:520200000000:-:贵州省六盘水市坪地村2组9号",
            "马伟海:520200000000:-:贵州省六盘水市坪地村5组15号",
            "高勇荣:520204103200:-:贵州省六盘水市水城区鸡场镇坪地村4组16号",
        ].sorted())
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number").map {
            "\($0[0] as Int):\($0[1] as String)" }, ["1:ambiguous_region", "2:ambiguous_region", "3:ambiguous_region", "5:no_identity"])
        // A head name alone: the message says what is missing, not that a name with an address is.
        let message: String? = try fixture.query("SELECT message FROM etl_reject WHERE rule = 'no_identity'")
        XCTAssertTrue(message?.hasPrefix("a head name, but no valid resident ID and no place of the record's own: its location (贵州省六盘水市) says no more than the source's context") ?? false,
                      message ?? "")
    }

    /// A source's `context:` places every one of its records: a head name with nothing else is no household.
    func testNameWithOnlyTheSourcesContextForAPlaceIsRejected() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("edge.csv")
        try """
            户主姓名,身份证号,区县,小区,楼栋,单元,房号
            张三,520302198001011113,红花岗区,幸福小区,1,1,101
            李四,,,,,,
            王五,,云梦县,,,,
            钱七,,红花岗区,,,,
            孙八,,,幸福小区,2,1,302

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("edge", feed, format: "csv", owner: "遵义市",
            extra: [
                "context: {prefecture: 遵义市}",
                "max_reject_ratio: 1",
            ]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["孙八", "张三", "钱七"].sorted())
        let rejects = try fixture.rows("SELECT record_number, rule, severity, field, value FROM etl_reject ORDER BY record_number, rule")
        XCTAssertEqual(rejects.map { "\($0["record_number"] as Int):\($0["rule"] as String)/\($0["severity"] as String)" },
                       ["2:no_identity/error", "3:no_identity/error", "3:unresolved_division/warning"])
        guard rejects.count == 3 else { return }
        XCTAssertEqual(rejects[2]["field"] as String?, "区县")
        XCTAssertEqual(rejects[2]["value"] as String?, "云梦县")
    }

    /// Excel's "Unicode text" export: UTF-16LE with a BOM, TAB-separated, CRLF, trailing empty cells, counts as
    /// decimals. `encoding: auto` reads it; empty extra cells are dropped; a short row is still ragged.
    func testExcelUnicodeTextExportLoadsUnderAutoEncoding() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.txt")
        let text = [
            "户主姓名\t身份证号\t家庭住址\t家庭人口",
            "张三\t\(NightsTests.zhang)\t白云区大山洞街道东升小区3栋2单元101室\t3.0\t\t",
            "李四\t\(NightsTests.li)\t白云区大山洞街道东升小区3栋2单元102室\t4",
            "王五\t\(NightsTests.wang)\t白云区大山洞街道东升小区3栋2单元103室",
            "赵六\t\(NightsTests.wang)\t白云区大山洞街道东升小区3栋2单元104室\t2\t待复核",
        ].joined(separator: "\r\n") + "\r\n"
        try (Data([0xFF, 0xFE]) + XCTUnwrap(text.data(using: .utf16LittleEndian))).write(to: feed)
        let fixture = try PipelineFixture(sources: """
              - name: grid
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                options: {delimiter: "\\t"}
                path: \(feed.path)
                context: {prefecture: 贵阳市}
                max_reject_ratio: 1
            """)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT encoding FROM etl_batch") as String?, "utf-16")
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String):\(($0[1] as Int?).map(String.init) ?? "-")" }, ["张三:3", "李四:4"].sorted())
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["3:ragged_row", "4:ragged_row"])
    }

    /// A region_code column places the record (finer than the address, or contradicting it with a warning), and the
    /// normalized address names the code's divisions; a coarser code leaves the finer address standing.
    func testRegionCodeColumnPlacesTheRecordAndRebuildsTheAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("codes.csv")
        try """
            户主姓名,身份证号,家庭住址,区划代码
            甲一,\(NightsTests.zhang),红花岗区老城街道幸福小区3栋2单元501室,520303001
            乙二,\(NightsTests.li),园丁小区1栋1单元102室,520302001
            丙三,\(NightsTests.wang),红花岗区老城街道幸福小区1栋1单元101室,520302

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("codes", feed, format: "csv", owner: "遵义市",
            extra: [
                "fields: {region_code: 区划代码}",
                "context: {prefecture: 遵义市}",
            ]))
        XCTAssertEqual(try fixture.run().status, 0)
        let rows = try fixture.rows("SELECT head_name, region_code, address FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
        XCTAssertEqual(rows, [
            "丙三 520302001000 贵州省遵义市红花岗区老城街道幸福小区1栋1单元101室",
            "乙二 520302001000 贵州省遵义市红花岗区老城街道园丁小区1栋1单元102室",
            "甲一 520303001000 贵州省遵义市汇川区上海路街道幸福小区3栋2单元501室",
        ].sorted())
        let rejects = try fixture.rows("SELECT record_number, rule, field FROM etl_reject")
            .map { "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }
        XCTAssertEqual(rejects, ["1:region_code_conflict:区划代码"])
    }

    /// Civil affairs' tags say no as often as yes: 非低保, 已退出低保, 特困（已终止）, 低保边缘户.
    func testNegatedAndPendingTagsDoNotSetTheirFlags() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("civil.ndjson")
        let rows: [(String, String, String)] = [
            ("甲", NightsTests.zhang, #"["低保","残疾"]"#),
            ("乙", NightsTests.li, #"["非低保","已退出特困","无残疾"]"#),
            ("丙", NightsTests.wang, #"["低保边缘户","申请特困","非留守儿童家庭"]"#),
        ]
        try rows.enumerated().map { index, row in
            #"{"户主姓名":"\#(row.0)","身份证号":"\#(row.1)","家庭住址":"白云区大山洞街道东升小区3栋2单元10\#(index)室","标签":\#(row.2)}"#
        }.joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("civil", feed, format: "ndjson", owner: "贵州省民政厅", kind: "department",
            extra: [
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try fixture.rows("""
            SELECT head_name, is_low_income, is_extreme_poverty, has_disabled_member, has_left_behind_child
            FROM dwd_household ORDER BY head_name
            """).map { row in
            ([row[0] as String] + (1...4).map { (row[$0] as Int?).map(String.init) ?? "-" }).joined(separator: " ")
        }
        XCTAssertEqual(flags, ["丙 0 - - 0", "乙 0 0 0 -", "甲 1 - 1 -"].sorted())
    }

    /// Civil affairs' JSON writes dates as epoch milliseconds; a birth date before 2001-09-09 has 12 digits, one
    /// before 1970 a minus sign. Each loads as its day.
    func testBirthDatesWrittenAsEpochMillisecondsLoad() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("civil.ndjson")
        let births: [(String, String)] = [("甲", "631152000000"), ("乙", "-631152000000"), ("丙", "44582400000"),
                                          ("丁", "1262304000000"), ("戊", "\"631152000\"")]
        try births.enumerated().map { index, row in
            #"{"户主姓名":"\#(row.0)","家庭住址":"白云区大山洞街道东升小区3栋2单元10\#(index)室","出生日期":\#(row.1)}"#
        }.joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("civil", feed, format: "ndjson", owner: "贵州省民政厅", kind: "department",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let days = try fixture.rows("SELECT head_name, head_birth_date FROM dwd_household ORDER BY head_birth_date")
            .map { "\($0[0] as String) \(($0[1] as String?) ?? "-")" }
        XCTAssertEqual(days, ["乙 1950-01-01", "丙 1971-06-01", "甲 1990-01-01", "戊 1990-01-01", "丁 2010-01-01"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'invalid_date'") as Int?, 0)
    }

    /// Grid sheets tick their yes/no columns with the check marks WPS and Excel insert: ✔ ☑ ✅ for yes, ☒ ✘ ✗ for no.
    func testCheckMarksAndCrossesAreFlagWords() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("ticks.csv")
        let marks = ["✔", "☑", "✅", "✔\u{FE0F}", "☒", "✘", "✗", "❌"]
        try (["户主姓名,家庭住址,是否低保"] + marks.enumerated().map { index, mark in
            "户\(index),白云区大山洞街道东升小区3栋2单元10\(index)室,\(mark)"
        }).joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let flags = try fixture.rows("SELECT head_name, is_low_income FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \(($0[1] as Int?).map(String.init) ?? "-")" }
        XCTAssertEqual(flags, (0..<8).map { "户\($0) \($0 < 4 ? 1 : 0)" })
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
    }

    /// pandas and Excel turn a phone column into floats: `13812345678.0` keeps its digits, `1.38E+10` (and a
    /// European Excel's `1,38856E+10`) has lost them and says so.
    func testSpreadsheetFloatPhonesLoadAndScientificNotationIsNamed() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("phones.csv")
        try """
            户主姓名,家庭住址,联系电话
            甲,白云区大山洞街道东升小区3栋2单元101室,13812345678.0
            乙,白云区大山洞街道东升小区3栋2单元102室,1.38E+10
            丙,白云区大山洞街道东升小区3栋2单元103室,0851-8123456.00
            丁,白云区大山洞街道东升小区3栋2单元104室,"1,38856E+10"

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let phones = try fixture.rows("SELECT head_name, phone_masked FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-")" }
        XCTAssertEqual(phones, ["丙 -", "乙 -", "甲 138****5678", "丁 -"].sorted())
        let rejects = try fixture.rows("SELECT record_number, rule, message FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int) \($0[1] as String): \($0[2] as String)" }
        XCTAssertEqual(rejects, [
            "2 phone_invalid: written in scientific notation by a spreadsheet; the digits are lost",
            "3 phone_invalid: not an 11-digit mobile number or a landline with area code",
            "4 phone_invalid: written in scientific notation by a spreadsheet; the digits are lost",
        ], "a European-locale Excel writes the same float with a decimal comma")
    }

    /// A spreadsheet row of cells holding only spaces is a blank row: skipped, not a no_identity reject.
    func testARowOfSpacesIsSkippedLikeAnEmptyRow() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("blank.csv")
        try "户主姓名,家庭住址,联系电话\n甲,白云区大山洞街道东升小区3栋2单元101室,13812345678\n  ,  ,  \n\u{3000}, ,\t\n乙,白云区大山洞街道东升小区3栋2单元102室,\n"
            .write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT rows_rejected FROM etl_batch") as Int?, 0)
    }

    /// A members list counts the head once, whether or not the registry lists the head among the members.
    func testMembersListCountsTheHeadOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("members.ndjson")
        try [
            #"{"户主姓名":"甲","身份证号":"\#(NightsTests.zhang)","家庭住址":"白云区大山洞街道东升小区3栋2单元101室","成员":[{"姓名":"甲","关系":"户主"},{"姓名":"甲子","关系":"子"}]}"#,
            #"{"户主姓名":"乙","身份证号":"\#(NightsTests.li)","家庭住址":"白云区大山洞街道东升小区3栋2单元102室","成员":[{"姓名":"乙女","关系":"女"}]}"#,
            #"{"户主姓名":"丙","身份证号":"\#(NightsTests.wang)","家庭住址":"白云区大山洞街道东升小区3栋2单元103室","成员":["丙","丙妻","丙子"]}"#,
        ].joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("civil", feed, format: "ndjson", owner: "贵州省民政厅", kind: "department",
            extra: [
                "fields: {members: 成员}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String)\($0[1] as Int)" }, ["丙3", "乙2", "甲2"].sorted())
    }

    /// Only a relationship that is the head (户主, 本人, 户主(本人), 关系:户主, 张三(户主)) means the registry lists the
    /// head among the members; one that merely mentions the head (户主之子, 非户主亲属, 与户主关系:女) is someone else.
    func testAMemberWhoseRelationshipOnlyMentionsTheHeadIsCountedBesideTheHead() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("members.ndjson")
        let address = "白云区大山洞街道东升小区3栋2单元"
        try [
            #"{"户主姓名":"甲","家庭住址":"\#(address)101室","成员":[{"姓名":"甲子","关系":"户主之子"},{"姓名":"甲妻","关系":"妻"}]}"#,
            #"{"户主姓名":"乙","家庭住址":"\#(address)102室","成员":[{"姓名":"乙妻","关系":"户主的配偶"}]}"#,
            #"{"户主姓名":"丙","家庭住址":"\#(address)103室","成员":[{"姓名":"丙亲","关系":"非户主亲属"}]}"#,
            #"{"户主姓名":"丁","家庭住址":"\#(address)104室","成员":["与户主关系:女"]}"#,
            #"{"户主姓名":"戊","家庭住址":"\#(address)105室","成员":[{"姓名":"戊","关系":"户主(本人)"},{"姓名":"戊女","关系":"女"}]}"#,
            #"{"户主姓名":"己","家庭住址":"\#(address)106室","成员":[{"name":"己","rel":"关系：户主"},{"name":"己子","rel":"子"}]}"#,
            #"{"户主姓名":"庚","家庭住址":"\#(address)107室","成员":"庚（户主）、庚妻（妻）"}"#,
            #"{"户主姓名":"王芳","家庭住址":"\#(address)108室","成员":["王芳芳"]}"#,
            #"{"户主姓名":"辛","家庭住址":"\#(address)109室","成员":[{"姓名":"辛","关系":"之子"},{"姓名":"辛女","关系":"女"}]}"#,
        ].joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("civil", feed, format: "ndjson", owner: "贵州省民政厅", kind: "department",
            extra: [
                "fields: {members: 成员}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY address")
            .map { "\($0[0] as String)\($0[1] as Int)" },
            ["甲3", "乙2", "丙2", "丁2", "戊2", "己2", "庚2", "王芳2", "辛2"])
    }

    /// XML-to-JSON converters write a one-member list as an object (`"members":{"姓名":"赵二","关系":"子"}`): it is
    /// a one-element list for member_count, and a file in which every list is such an object gets no "never
    /// occurs" warning for `members`.
    func testMembersWrittenAsALoneObjectCountAsOneMember() throws {
        let folder = try TestPaths.temporaryFolder()
        let address = "白云区大山洞街道东升小区3栋2单元"
        let mixed = folder.appendingPathComponent("mixed.json")
        try """
            {"data":{"records":[
              {"k":"P1","户主":{"姓名":"赵一"},"地址":"\(address)101室","members":{"姓名":"赵二","关系":"子"}},
              {"k":"P2","户主":{"姓名":"赵三"},"地址":"\(address)102室","members":[{"姓名":"赵四","关系":"子"}]},
              {"k":"P3","户主":{"姓名":"赵五"},"地址":"\(address)103室","members":{"姓名":"赵五","关系":"户主","住址":{"室":"103"}}}
            ]}}
            """.write(to: mixed, atomically: true, encoding: .utf8)
        let lone = folder.appendingPathComponent("lone.ndjson")
        try #"{"k":"Q1","户主":{"姓名":"钱一"},"地址":"\#(address)201室","members":{"姓名":"钱二","关系":"妻"}}"#
            .appending("\n").write(to: lone, atomically: true, encoding: .utf8)
        let fields = "fields: {head_name: 户主.姓名, address: 地址, members: members}"
        let fixture = try PipelineFixture(sources: [
            Self.source("app", mixed, format: "json", extra: [
                "options: {record_path: \"data.records[*]\"}", "record_key: k", fields, "context: {prefecture: 贵阳市}",
            ]),
            Self.source("civil", lone, format: "ndjson", owner: "贵州省民政厅", kind: "department", extra: [
                "record_key: k", fields, "context: {prefecture: 贵阳市}",
            ]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("never occurs"), result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY address")
            .map { "\($0[0] as String)\(($0[1] as Int?).map(String.init) ?? "NULL")" },
            ["赵一2", "赵三2", "赵五1", "钱一2"])
    }

    /// The usual 户籍 layout: no head element, the head is the member whose relation is 户主 (or 本人).
    func testTheHeadIsPickedFromTheMembersByRelation() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 编号="1"><地址>白云区大山洞街道东升小区3栋2单元101室</地址>
                <成员 关系="子"><姓名>张小</姓名><身份证号>520102201001011011</身份证号></成员>
                <成员 关系="户主"><姓名>张三</姓名><身份证号>\(NightsTests.zhang)</身份证号></成员>
              </户>
              <户 编号="2"><地址>白云区大山洞街道东升小区3栋2单元102室</地址>
                <成员><关系>本人</关系><姓名>李四</姓名><身份证号>\(NightsTests.li)</身份证号></成员>
              </户>
              <户 编号="3"><地址>白云区大山洞街道东升小区3栋2单元103室</地址>
                <成员 关系="妻"><姓名>王妻</姓名></成员><成员 关系="子"><姓名>王子</姓名></成员>
              </户>
            </户籍信息>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: [
                "options: {record_path: /户籍信息/户}",
                "record_key: \"@编号\"",
                "fields:",
                "  head_name: 成员[关系=户主|本人]/姓名",
                "  head_id: 成员[关系=户主|本人]/身份证号",
                "  address: 地址",
                "context: {prefecture: 贵阳市}",
                "max_reject_ratio: 1",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_id_masked FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String)" },
                       ["张三 520102********1016", "李四 520102********2022"].sorted())
        XCTAssertEqual(try fixture.query("SELECT rule FROM etl_reject WHERE record_number = 3") as String?, "no_identity",
                       "a household whose members name no head cannot be identified")
    }

    /// A project library from a European-locale Excel (`;`, decimal commas): `2350,5` 万元 is 23,505,000 yuan and
    /// progress `0,5` is a half, not ten times as much; `1.234,5` is a warning.
    func testDecimalCommasOfAEuropeanExcelAreReadAsDecimals() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("projects.csv")
        try """
            小区名称;区县;街道;项目编号;进度;总投资（万元）;项目状态
            东升小区;白云区;大山洞街道;GY-001;0,5;2350,5;在建
            幸福小区;白云区;大山洞街道;GY-002;45%;1.234,5;在建
            泉湖小区;白云区;大山洞街道;GY-003;1,5;1,5万;在建

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("housing", feed, format: "csv", entity: "compound", owner: "贵州省住房和城乡建设厅", kind: "department",
            extra: [
                "options: {delimiter: \";\"}",
                "fields: {name: 小区名称, county: 区县, township: 街道, project_id: 项目编号, status: 项目状态, progress: 进度, investment: 总投资（万元）}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT project_id, progress, investment_yuan FROM dwd_renovation_project ORDER BY 1")
            .map { "\($0[0] as String) \($0[1] as Double) \(($0[2] as Double?).map { String(Int($0)) } ?? "-")" },
                       ["GY-001 0.5 23505000", "GY-002 0.45 -", "GY-003 0.015 15000"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["2:invalid_money"])
    }

    /// A project "under construction" at 100% (or "completed" at 30%) keeps its status word, with a warning.
    func testProjectStatusThatContradictsItsProgressIsAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("projects.csv")
        try """
            小区名称,区县,街道,项目状态,完成进度
            东升小区,白云区,大山洞街道,在建,100%
            幸福小区,白云区,大山洞街道,已完工,30%
            泉湖小区,白云区,大山洞街道,在建,45%

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("housing", feed, format: "csv", entity: "compound", owner: "贵州省住房和城乡建设厅", kind: "department",
            extra: [
                "fields: {name: 小区名称, county: 区县, township: 街道, status: 项目状态, progress: 完成进度}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int):\($0[1] as String)" },
                       ["1:status_conflicts_with_progress", "2:status_conflicts_with_progress"])
        XCTAssertEqual(try fixture.rows("SELECT status FROM dwd_renovation_project ORDER BY progress").map { $0[0] as String },
                       ["completed", "in_progress", "in_progress"])
    }

    /// A census pasted together from an Excel workbook: a header cell typed on two lines, text-marked numbers
    /// ('0501), the second sheet's header repeated, its 序号 starting again at 1, and a totals row.
    func testExcelWorkbookFurnitureIsNotLoadedAndRestartedKeysLoseNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try """
            序号,"户主
            姓名",身份证号,家庭住址,房号
            '1,张三,'\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元,'0501
            2,李四,\(NightsTests.li),白云区大山洞街道东升小区3栋2单元,0502
            序号,"户主
            姓名",身份证号,家庭住址,房号
            1,王五,\(NightsTests.wang),白云区大山洞街道东升小区4栋1单元,0101
            合计：,3户,,,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", feed, format: "csv",
            extra: [
                "record_key: 序号",
                "fields: {room: 房号}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, room FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String)" }, ["张三 501", "李四 502", "王五 101"].sorted(), "leading zeros go, as in 0501室")
        XCTAssertEqual(try fixture.rows("SELECT s.record_key FROM household_source s ORDER BY 1").map { $0[0] as String },
                       ["1", "1#2", "2"], "the second sheet's 1 is keyed 1#2, the second record keyed 1")
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, severity FROM etl_reject")
            .map { "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }, ["4:duplicate_record_key:warning"])
    }

    /// Excel's formula guard `="…"` (the CSV file holds `"=""03"""`) on the building, ID, phone, name and record key
    /// columns, also written `＝"…"` or with spaces around: each value is read inside its guard. Before, the
    /// building was stored as `="03"` (and spliced into the address as `小区="03"栋`), so households split, and the ID
    /// was an `id_length` warning, loading without it.
    func testExcelFormulaGuardedCellsLoadTheirValues() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("guarded.csv")
        try #"""
            编号,户主姓名,身份证号,联系电话,家庭住址,楼栋,单元,房号
            "=""T001""","=""测张三""","=""\#(NightsTests.zhang)""","=""13800138000""",南明区花果园街道花果园小区,"=""03""",2,501
            T002,测李四,"＝""\#(NightsTests.li)""",13900139000,南明区花果园街道花果园小区," = ""07"" ","=""1""","=""0104"""
            T003,"＂测王五＂",\#(NightsTests.wang),"=""13700137000""",南明区花果园街道花果园小区,3,2,502

            """#.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("guarded", feed, format: "csv",
            extra: [
                "record_key: 编号",
                "fields: {phone: 联系电话, building: 楼栋, unit: 单元, room: 房号}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0, result.stderr)
        let rows: [String] = try fixture.rows("""
            SELECT s.record_key || ' ' || h.head_name || ' ' || coalesce(h.head_id_masked, 'NULL') || ' '
                || coalesce(h.phone_masked, 'NULL') || ' ' || coalesce(h.building, 'NULL') || ' ' || coalesce(h.unit, 'NULL')
                || ' ' || coalesce(h.room, 'NULL') || ' ' || h.address
            FROM dwd_household h JOIN household_source s USING (household_id) ORDER BY s.record_key
            """).map { $0[0] }
        XCTAssertEqual(rows, [
            "T001 测张三 520102********\(NightsTests.zhang.suffix(4)) 138****8000 3 2 501 贵州省贵阳市南明区花果园街道花果园小区3栋2单元501室",
            "T002 测李四 520102********\(NightsTests.li.suffix(4)) 139****9000 7 1 104 贵州省贵阳市南明区花果园街道花果园小区7栋1单元104室",
            "T003 测王五 520102********\(NightsTests.wang.suffix(4)) 137****7000 3 2 502 贵州省贵阳市南明区花果园街道花果园小区3栋2单元502室",
        ])
    }

    /// A grid worker's census sheet with its furniture: a template's pre-numbered empty rows, `合计：3户`,
    /// `Gesamt`, and sign-off footers (one label per row, several in one cell, labels spread over cells). None is a
    /// household or a reject, so a county file of three households is not held back by its footer; a household
    /// whose first cell holds a colon but also its ID still loads.
    func testSignOffFootersAndTemplateRowsAreNotRejectsAndDoNotHoldTheFileBack() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try """
            序号,户主姓名,身份证号,家庭住址,家庭人口
            1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元501室,3
            2,李四,\(NightsTests.li),白云区大山洞街道东升小区3栋2单元502室,2
            户主：王五,王五,\(NightsTests.wang),白云区大山洞街道东升小区4栋1单元101室,4
            4,,,,
            5,,,,
            合计：3户,,,,9
            Gesamt,,,,9
            填表人：王网格,,审核人：李主任,填报日期：2023年10月31日,
            "填表人：罗某	审核人：谢某",,,,
            填表人：,张某,审核人：,,
            制表：,,,,
            联系电话：0851-5221234,,,,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT status, rows_read FROM etl_batch").map { "\($0[0] as String) \($0[1] as Int)" },
                       ["loaded 3"])
    }

    /// A grid feed whose head-name cells carry their label (`户主：测孙八`, `户主:测李九`, `姓名：测周十`) beside the
    /// address or a few short cells: every row is a household, and only the real sign-off rows below are footers.
    /// Before, a row whose first cell was `label：value` with few short cells beside it was read as a footer and the
    /// household vanished without a reject.
    func testHeadNameCellsWrittenWithTheirLabelAreRecordsNotSignOffFooters() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try """
            户主,家庭住址,联系人,家庭人口
            户主：测孙八,南明区花果园街道幸福小区3栋2单元301,,3
            户主:测李九,南明区花果园街道幸福小区3栋2单元302,,
            姓名：测周十,南明区花果园街道幸福小区3栋2单元303,,2
            户主:测吴一,幸福小区3栋2单元304,,
            户主：测郑二,南明区花果园街道幸福小区3栋2单元305,,
            联系人：测王三,南明区花果园街道幸福小区3栋2单元306,测王三,1
            填表人：王网格,,审核人：李主任,
            单位负责人（签字）：,张某,填报日期：,2023年10月31日
            报送单位（盖章）：花果园街道幸福社区居委会,,,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["fields: {head_name: 户主, address: 家庭住址}", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT s.record_key FROM household_source s ORDER BY 1").map { $0[0] as String },
                       ["1", "2", "3", "4", "5", "6"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'error'") as Int?, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT status, rows_read FROM etl_batch").map { "\($0[0] as String) \($0[1] as Int)" },
                       ["loaded 6"])
    }

    /// Cells written with their field's label (`户主：测孙八` under 户主, `姓名:`, `名字：`, `身份证号：…`, `电话：…`,
    /// `家庭人口：3`) load the value without the label; a name that merely holds a colon further on is left alone.
    /// Before, head_name was `户主：测孙八`, and the labelled ID and phone were rejected as invalid.
    func testACellWrittenWithItsColumnsLabelLoadsTheValueWithoutTheLabel() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try """
            户主,身份证号,联系电话,家庭住址,家庭人口
            户主：测孙八,身份证号：\(NightsTests.zhang),电话：13508560001,南明区花果园街道幸福小区3栋2单元301,家庭人口：3
            户主 : 测李九,\(NightsTests.li),13508560002,地址：南明区花果园街道幸福小区3栋2单元302,2
            姓名：测周十,,,南明区花果园街道幸福小区3栋2单元303,
            名字:测吴一,,,南明区花果园街道幸福小区3栋2单元304,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["fields: {head_name: 户主}", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_name, COALESCE(h.head_id_masked, '-'), COALESCE(h.phone_masked, '-'),
                   COALESCE(h.member_count, 0), h.address
            FROM household_source s JOIN dwd_household h USING (household_id) ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String) \($0[4] as Int) \($0[5] as String)" }, [
            "1 测孙八 520102********101\(NightsTests.zhang.last!) 135****0001 3 贵州省贵阳市南明区花果园街道幸福小区3栋2单元301室",
            "2 测李九 520102********202\(NightsTests.li.last!) 135****0002 2 贵州省贵阳市南明区花果园街道幸福小区3栋2单元302室",
            "3 测周十 - - 0 贵州省贵阳市南明区花果园街道幸福小区3栋2单元303室",
            "4 测吴一 - - 0 贵州省贵阳市南明区花果园街道幸福小区3栋2单元304室",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0, result.stderr)
    }

    /// A header `电话, 电话_2, 电话`: the third column is `电话_3`, so mapping `电话_2` reads the column headed so.
    /// Before, the third was named `电话_2` too and its (empty) value won.
    func testARepeatedHeaderTakesASuffixNoOtherColumnHas() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try """
            户主姓名,身份证号,电话,电话_2,电话,家庭住址
            张三,\(NightsTests.zhang),13508560001,13508560002,13508560003,白云区大山洞街道东升小区3栋2单元501室
            李四,\(NightsTests.li),,13508560005,,白云区大山洞街道东升小区3栋2单元502室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", feed, format: "csv",
            extra: ["fields: {phone: 电话_2}", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, phone_masked FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \(($0[1] as String?) ?? "-")" }, ["张三 135****0002", "李四 135****0005"].sorted())
    }

    /// A household feed in which nothing names the head is a configuration problem, said once with the columns.
    func testAHouseholdFeedWithoutHeadNameOrIDMappingIsAConfigurationError() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        try "编号,名字,证件,住址\n1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元501室\n"
            .write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("census", feed, format: "csv",
            extra: [
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("no field feeds head_name or head_id"), result.stderr)
        XCTAssertTrue(result.stderr.contains("编号, 名字, 证件, 住址"), result.stderr)
    }

    /// A facility far outside Guizhou loads as written, with a warning to look at it.
    func testFacilityCoordinatesOutsideTheProvinceAreAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("facilities.csv")
        try """
            编号,类型,名称,纬度,经度,地址
            F1,消火栓,东升小区1号消火栓,26.5893,106.7216,白云区大山洞街道东升小区
            F2,消火栓,朝阳门消火栓,39.9042,116.4074,北京市朝阳区

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("fire", feed, format: "csv", entity: "facility", owner: "贵州省消防救援总队", kind: "department",
            extra: [
                "record_key: 编号",
                "coordinates: wgs84",
                "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度, address: 地址}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 2)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject WHERE rule LIKE 'coordinates%'")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["2:coordinates_outside_province"])
    }

    func testWarehouseNeverHoldsIDsOrPhonesInClearText() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let secrets = ["520102198001011235", "52010219900202100", "13800138000", "13900139000", "520102850303123"]
        for (table, rows) in try fixture.contentDigest(excluding: []) {
            for row in rows {
                for secret in secrets { XCTAssertFalse(row.contains(secret), "\(table) holds \(secret): \(row)") }
            }
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.staging.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testRerunChangesNothingAndForcedRerunStillChangesNothing() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let first = try fixture.contentDigest()
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0)
        XCTAssertTrue(second.stderr.contains("unchanged and skipped"), second.stderr)
        XCTAssertEqual(try fixture.contentDigest(), first)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        var forced = try fixture.contentDigest()
        var expected = first
        // Only the run that last touched the batch differs.
        forced["etl_batch"] = nil; expected["etl_batch"] = nil
        forced["etl_reject"] = nil; expected["etl_reject"] = nil
        XCTAssertEqual(forced, expected)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_run") as Int?, 3)
    }

    func testLoadKilledMidwayLeavesTheWarehouseExactlyAsBefore() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        let before = try fixture.contentDigest()
        let killed = try fixture.run(environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2"])
        XCTAssertEqual(killed.status, 9, "the process should have died by SIGKILL: \(killed.stderr)")
        XCTAssertEqual(try fixture.query("PRAGMA integrity_check") as String?, "ok")
        var after = try fixture.contentDigest()
        after["etl_run"] = nil
        XCTAssertEqual(after, before)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
        // The lock of the killed run does not block the next one, which completes the load.
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }

    func testMissingKeyExitsTwoBeforeReadingAnything() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source.replacingOccurrences(
            of: TestPaths.fixture("csv/gb18030-quoted-newlines.csv"), with: "/nonexistent/feed.csv"))
        let result = try fixture.run(key: nil)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("RONGTONG_PII_KEY"), result.stderr)
        XCTAssertFalse(result.stderr.contains("nonexistent"), "nothing should have been read: \(result.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.warehouse.path))
    }

    /// Two county files of one source both over the threshold: the summary and `etl_run.message` (what `status`
    /// shows) name both, where only the last one was named before.
    func testEveryHeldBackFileOfASourceIsNamed() throws {
        let folder = try TestPaths.temporaryFolder()
        for (county, id) in [("a-bijiang", NightsTests.zhang), ("b-songtao", NightsTests.li)] {
            try "户主姓名,身份证号,家庭住址\n张三,\(id),东升小区3栋\n,,无名\n"
                .write(to: folder.appendingPathComponent("\(county).csv"), atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
            extra: ["context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch WHERE status = 'held'") as Int?, 2)
        for county in ["a-bijiang", "b-songtao"] {
            XCTAssertTrue(result.stderr.contains("grid: \(folder.appendingPathComponent("\(county).csv").path): 1 of 2 records rejected"), result.stderr)
        }
        let message = try XCTUnwrap(fixture.query("SELECT message FROM etl_run") as String?)
        XCTAssertEqual(message.split(separator: "\n").count, 2, message)
        XCTAssertTrue(message.contains("a-bijiang.csv") && message.contains("b-songtao.csv"), message)
    }

    func testSourceOverItsRejectThresholdIsHeldBackAndExitsThree() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source.replacingOccurrences(
            of: "max_reject_ratio: 0.5", with: "max_reject_ratio: 0.1"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch") as String?, "held")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run") as String?, "partial")
        XCTAssertTrue(result.stderr.contains("over max_reject_ratio"), result.stderr)
        // The next night, with the same file, the source is still reported as held back.
        let again = try fixture.run()
        XCTAssertEqual(again.status, 3, again.stderr)
        XCTAssertTrue(again.stderr.contains("still held back"), again.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
    }

    /// Two files of one source arrive the same night (a catch-up after a missed night): the older loads, the newer
    /// is held back, and every later night still says so while it is the newest.
    func testANewestFileHeldBackBesideALoadedOneKeepsExitingThree() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址\n"
        let good = (1...9).map { "G\($0),住户\($0),,白云区大山洞街道东升小区\($0)栋1单元101室" }
        try (header + good.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("grid-2023-11-01.csv"), atomically: true, encoding: .utf8)
        let bad = good.prefix(6) + (7...9).map { "G\($0),住户\($0),," }
        try (header + bad.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("grid-2023-11-02.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.1",
        ]))
        let night1 = try fixture.run()
        XCTAssertEqual(night1.status, 3, night1.stderr)
        XCTAssertEqual(try fixture.rows("SELECT file, status FROM etl_batch ORDER BY file").map { $0["status"] as String }, ["loaded", "held"])
        for _ in 0..<2 {
            let later = try fixture.run()
            XCTAssertEqual(later.status, 3, later.stderr)
            XCTAssertTrue(later.stderr.contains("grid-2023-11-02.csv: still held back"), later.stderr)
        }
    }

    /// A file held back one night and superseded by a corrected export the next is not read again after
    /// `purge-staging`: it is neither held again (exit 3 every night) nor loaded over the newer file.
    func testAHeldFileACorrectedExportSupersededStaysSupersededAfterPurgingStaging() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址,是否低保\n"
        let good = { (flag: String) in (1...9).map { "G\($0),住户\($0),,白云区大山洞街道东升小区\($0)栋1单元101室,\(flag)" } }
        let file = { (day: String) in folder.appendingPathComponent("grid-2023-11-\(day).csv") }
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.1",
        ]))
        try (header + good("是").joined(separator: "\n") + "\n").write(to: file("01"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        let bad = good("否").prefix(6) + (7...9).map { "G\($0),住户\($0),,," }
        try (header + bad.joined(separator: "\n") + "\n").write(to: file("02"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 3)
        let corrected = good("是") + ["G10,住户10,,白云区大山洞街道东升小区10栋1单元101室,是"]
        try (header + corrected.joined(separator: "\n") + "\n").write(to: file("03"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)
        let night4 = try fixture.run()
        XCTAssertEqual(night4.status, 0, night4.stderr)
        XCTAssertFalse(night4.stderr.contains("held back"), night4.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") as Int?, 10)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch WHERE file LIKE '%11-02.csv'") as String?, "held")
    }

    /// The corrected export of a held file can be byte for byte a list loaded before (nothing changed since): it is
    /// skipped as content already loaded, and ends the hold as a corrected file does, on every later night and
    /// after `purge-staging` too. A loaded file older than the held one does not.
    func testALaterDeliveryIdenticalToALoadedFileEndsTheHold() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址,是否低保\n"
        let good = header + (1...9).map { "G\($0),住户\($0),,白云区大山洞街道东升小区\($0)栋1单元101室,是" }.joined(separator: "\n") + "\n"
        let bad = header + (1...9).map { "G\($0),住户\($0),,,否" }.joined(separator: "\n") + "\n"
        let start = Date().addingTimeInterval(-3600)
        func deliver(_ text: String, day: Int) throws {
            let file = folder.appendingPathComponent("grid-2023-11-0\(day).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: start.addingTimeInterval(Double(day) * 60)],
                                                  ofItemAtPath: file.path)
        }
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.1",
        ]))
        try deliver(good, day: 1)
        XCTAssertEqual(try fixture.run().status, 0)
        try deliver(bad, day: 2)
        XCTAssertEqual(try fixture.run().status, 3)
        let stillHeld = try fixture.run()
        XCTAssertEqual(stillHeld.status, 3, "the loaded file of day 1 is older than the held one")
        XCTAssertTrue(stillHeld.stderr.contains("grid-2023-11-02.csv: still held back"), stillHeld.stderr)
        try deliver(good, day: 3)
        let corrected = try fixture.run(["-v"])
        XCTAssertEqual(corrected.status, 0, corrected.stderr)
        XCTAssertTrue(corrected.stderr.contains("grid-2023-11-03.csv, delivered after \(folder.path)/grid-2023-11-02.csv, holds content already loaded"),
                      corrected.stderr)
        let later = try fixture.run()
        XCTAssertEqual(later.status, 0, later.stderr)
        XCTAssertEqual(later.stderr.components(separatedBy: "\n").filter { $0.contains("held back") }, [], later.stderr)
        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)
        let purged = try fixture.run()
        XCTAssertEqual(purged.status, 0, purged.stderr)
        XCTAssertFalse(purged.stderr.contains("held back"), purged.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") as Int?, 9,
                       "the held list was never loaded")
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch WHERE file LIKE '%11-02.csv'") as String?, "held")
        XCTAssertEqual(try fixture.query("SELECT MAX(run_id) FROM etl_run WHERE status != 'succeeded'") as Int?, 3)
    }

    /// A held file the operator deleted no longer holds its source back: the next night exits 0, and the held batch
    /// stays in etl_batch as it was.
    func testAHeldFileDeletedFromDiskNoLongerHoldsItsSourceBack() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址\n"
        let good = header + (1...9).map { "G\($0),住户\($0),,白云区大山洞街道东升小区\($0)栋1单元101室" }.joined(separator: "\n") + "\n"
        let bad = header + (1...9).map { "G\($0),住户\($0),," }.joined(separator: "\n") + "\n"
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.1",
        ]))
        try good.write(to: folder.appendingPathComponent("grid-2023-11-01.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        let held = folder.appendingPathComponent("grid-2023-11-02.csv")
        try bad.write(to: held, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 3)
        XCTAssertEqual(try fixture.run().status, 3)
        try FileManager.default.removeItem(at: held)
        for _ in 0..<2 {
            let night = try fixture.run(["-v"])
            XCTAssertEqual(night.status, 0, night.stderr)
            XCTAssertTrue(night.stderr.contains("no longer held back: \(held.path) is no longer on disk"), night.stderr)
            XCTAssertFalse(night.stderr.contains("still held back"), night.stderr)
        }
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch WHERE file LIKE '%11-02.csv'") as String?, "held")
    }

    /// A warehouse deleted and rebuilt beside the staging it had: the staged batches (one of a file no longer at
    /// its path) are discarded, the files on disk read again, and the next night loads nothing twice.
    func testStagingKeptBesideARebuiltWarehouseIsNotReplayed() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址,是否低保\n"
        let file = folder.appendingPathComponent("grid.csv")
        let fixture = try PipelineFixture(sources: Self.source("grid", file, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}"]))
        try (header + "G1,住户一,,白云区大山洞街道东升小区1栋1单元101室,否\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        try (header + "G1,住户一,,白云区大山洞街道东升小区1栋1单元101室,是\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        // The warehouse is deleted; the staging, holding both versions of the file, is kept; the file goes back.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: fixture.warehouse.path + suffix)
        }
        try (header + "G1,住户一,,白云区大山洞街道东升小区1栋1单元101室,否\n").write(to: file, atomically: true, encoding: .utf8)
        let rebuilt = try fixture.run()
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        XCTAssertTrue(rebuilt.stderr.contains("the staging database belonged to another warehouse"), rebuilt.stderr)
        XCTAssertTrue(rebuilt.stderr.contains("grid: 1 read, 1 loaded"), rebuilt.stderr)
        XCTAssertEqual(try fixture.query("SELECT is_low_income FROM dwd_household") as Int?, 0, "the file on disk, not the staged one")
        let next = try fixture.run()
        XCTAssertTrue(next.stderr.contains("grid: 0 read, 0 loaded"), next.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch") as Int?, 1)
    }

    /// The same file delivered twice under two names is read once, also with --force, which reads the current
    /// delivery (`-02`) and skips the older one a later delivery on disk replaced (trial 20c: `--force` redoes the
    /// current deliveries, not every dated file in the folder).
    func testAByteForByteCopyOfAFileIsReadOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let text = "编号,户主姓名,身份证号,家庭住址\nG1,住户一,,白云区大山洞街道东升小区1栋1单元101室\nG2,住户二,,白云区大山洞街道东升小区2栋1单元101室\n"
        for day in ["01", "02"] {
            try text.write(to: folder.appendingPathComponent("grid-2023-11-\(day).csv"), atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("grid: 2 read, 2 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"), result.stderr)
        XCTAssertTrue(result.stderr.contains("grid-2023-11-01.csv, read already"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT file FROM etl_batch") as String?, folder.appendingPathComponent("grid-2023-11-01.csv").path)
        let forced = try fixture.run(["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stderr.contains("grid: 2 read, 2 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"), forced.stderr)
        XCTAssertEqual(try fixture.query("SELECT file FROM etl_run_batch WHERE run_id = 2") as String?,
                       folder.appendingPathComponent("grid-2023-11-02.csv").path)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch") as Int?, 1)
    }

    /// `ads_source_coverage.rejected_records` counts the rejects of the source's latest load: a record fixed
    /// the next night no longer counts, and one rejected two nights counts once.
    func testCoverageCountsTheRejectsOfTheLatestLoad() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址\n"
        let good = "G1,住户一,,白云区大山洞街道东升小区1栋1单元101室\n"
        try (header + good + "G2,住户二,,\nG3,住户三,,\n").write(to: folder.appendingPathComponent("grid-2023-11-01.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 1",
        ]))
        XCTAssertEqual(try fixture.run().status, 0)
        let rejected = "SELECT rejected_records FROM ads_source_coverage WHERE source_id = 'grid'"
        XCTAssertEqual(try fixture.query(rejected) as Int?, 2)
        try (header + good + "G2,住户二,,白云区大山洞街道东升小区2栋1单元101室\nG3,住户三,,\n")
            .write(to: folder.appendingPathComponent("grid-2023-11-02.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query(rejected) as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'error'") as Int?, 3, "the history stays")
    }

    func testSameHouseholdInTwoSourcesGetsOneIDWithProvenance() throws {
        let folder = try TestPaths.temporaryFolder()
        let second = folder.appendingPathComponent("second.csv")
        try "编号,姓名,公民身份号码,手机号\nA1,张三,520102198001011235,13800138000\n".write(to: second, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.gb18030Source + """

              - name: police
                owner: 贵阳市公安局
                kind: department
                entity: household
                format: csv
                path: \(second.path)
                record_key: 编号
            """)
        XCTAssertEqual(try fixture.run().status, 0)
        let rows = try fixture.rows("""
            SELECT household_id, source_id, record_key, match_rule FROM household_source
            WHERE household_id = (SELECT household_id FROM household_source WHERE source_id = 'police')
            ORDER BY source_id
            """)
        XCTAssertEqual(rows.map { $0["source_id"] as String }, ["grid", "police"])
        XCTAssertEqual(rows[1]["match_rule"] as String, "id_hash")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }
}

extension PipelineRunTests {
    func testAutoEncodingRereadsTheWholeFileAsGB18030WhenTheFirstBadByteIsPastTheFirstMegabyte() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("late-gbk.csv")
        // 1.5 MB of plain ASCII rows (valid UTF-8 and GB18030 alike), then rows with Chinese names in GB18030.
        var text = "编号,户主姓名,家庭住址\r\n"
        for number in 1...30_000 { text += "\(number),Zhang San \(number),Room \(number) of no compound\r\n" }
        let ascii = text.utf8.count
        text += "30001,张三丰,白云区大山洞街道东升小区3栋2单元501室\r\n30002,李四,白云区大山洞街道东升小区4栋1单元302室\r\n"
        XCTAssertGreaterThan(ascii, 1 << 20)
        let utf8 = folder.appendingPathComponent("utf8.csv")
        try text.write(to: utf8, atomically: true, encoding: .utf8)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", "-o", feed.path, utf8.path]
        try iconv.run()
        iconv.waitUntilExit()
        XCTAssertEqual(iconv.terminationStatus, 0)
        let fixture = try PipelineFixture(sources: """
              - name: late
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                encoding: auto
                path: \(feed.path)
                record_key: 编号
                context: {prefecture: 贵阳市}
                fields: {head_name: 户主姓名, address: 家庭住址}
            """)
        let result = try fixture.run(["--stage", "extract", "--stage", "normalize"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let staging = try DatabaseQueue(path: fixture.staging.path)
        try staging.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT encoding FROM batch"), "gb18030")
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM raw_record"), 30_002)
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT head_name FROM household_candidate WHERE record_key = '30001'"), "张三丰")
        }
    }
}

extension PipelineRunTests {
    /// A UTF-8 export with a byte-order mark, one record of which was pasted in from a GBK file: the mark declares
    /// UTF-8, so only that record is an `invalid_encoding` reject; the header and the other records are not re-read
    /// as GB18030 (which would garble all of them). `validate` counts the reject, also when the source then fails.
    func testUTF8ByteOrderMarkKeepsAutoOnUTF8AndRejectsOnlyTheGBKRecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("bom-mixed.csv")
        var bytes = Data([0xEF, 0xBB, 0xBF])
        bytes += Data("序号,户主姓名,身份证号,家庭住址\n".utf8)
        bytes += Data("1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元101室\n".utf8)
        bytes += Data("2,".utf8) + Data([0xD5, 0xC5, 0xCE, 0xE9]) + Data(",\(NightsTests.li),白云区大山洞街道东升小区3栋2单元102室\n".utf8)
        bytes += Data("3,王五,\(NightsTests.wang),白云区大山洞街道东升小区3栋2单元103室\n".utf8)
        try bytes.write(to: feed)
        let fixture = try PipelineFixture(sources: Self.source("bom", feed, format: "csv", extra: [
            "record_key: 序号",
            "context: {prefecture: 贵阳市}",
            "max_reject_ratio: 0.5",
        ]))
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("bom: ok — 3 read, 1 rejected"), validation.stdout)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT encoding FROM etl_batch") as String?, "utf-8")
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张三", "王五"].sorted())
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, severity FROM etl_reject")
            .map { "\($0[0] as Int):\($0[1] as String):\($0[2] as String)" }, ["2:invalid_encoding:error"])
        // The same file under a mapping that names a missing column: the source fails, and its reject still counts.
        try fixture.rewrite(sources: Self.source("bom", feed, format: "csv", extra: [
            "record_key: 序号",
            "fields: {head_name: 户主名}",
            "context: {prefecture: 贵阳市}",
        ]))
        let failed = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(failed.status, 2, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stdout.contains("bom: failed — 3 read, 1 rejected"), failed.stdout)
        XCTAssertTrue(failed.stdout.contains("invalid_encoding/error: 1"), failed.stdout)
    }
}

extension PipelineRunTests {
    /// XML-to-JSON converters write a one-member group as an object instead of a one-element array, and XML has a
    /// lone element instead of a repeated one: `members[rel=户主|本人]/name` reads the single member's fields in both.
    func testTheHeadIsPickedFromASingleMemberWrittenAsAnObjectOrALoneElement() throws {
        let folder = try TestPaths.temporaryFolder()
        let json = folder.appendingPathComponent("app.json")
        try """
            {"result":{"rows":[
              {"hh_id":"HX001","members":[{"rel":"户主","name":"张三","idno":"\(NightsTests.zhang)"},{"rel":"子","name":"张小"}],
               "addr":"白云区大山洞街道东升小区3栋2单元101室"},
              {"hh_id":"HX002","members":{"rel":"本人","name":"李四","idno":"\(NightsTests.li)","tel":"13900139000"},
               "addr":"白云区大山洞街道东升小区3栋2单元102室"},
              {"hh_id":"HX003","members":{"rel":"子","name":"王小"},"addr":"白云区大山洞街道东升小区3栋2单元103室"}
            ]}}
            """.write(to: json, atomically: true, encoding: .utf8)
        let xml = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 编号="1"><地址>白云区大山洞街道东升小区4栋1单元101室</地址>
                <成员列表><成员 关系="户主" 姓名="王五"><身份证号>\(NightsTests.wang)</身份证号></成员></成员列表>
              </户>
            </户籍信息>
            """.write(to: xml, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            Self.source("app", json, format: "json", extra: [
                "options: {record_path: \"result.rows[*]\"}",
                "record_key: hh_id",
                "fields:",
                "  head_name: members[rel=户主|本人]/name",
                "  head_id: members[rel=户主|本人]/idno",
                "  phone: members[rel=户主|本人]/tel",
                "  address: addr",
                "context: {prefecture: 贵阳市}",
                "max_reject_ratio: 1",
            ]),
            Self.source("police", xml, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍信息/户}",
                "record_key: \"@编号\"",
                "fields:",
                "  head_name: 成员列表/成员[关系=户主|本人]/@姓名",
                "  head_id: 成员列表/成员[关系=户主|本人]/身份证号",
                "  address: 地址",
                "context: {prefecture: 贵阳市}",
            ]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.source_id, s.record_key, h.head_name, h.head_id_masked, h.phone_masked
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id ORDER BY 1, 2
            """).map { row in (0...4).map { (row[$0] as String?) ?? "-" }.joined(separator: " ") }, [
            "app HX001 张三 520102********1016 -",
            "app HX002 李四 520102********2022 139****9000",
            "police 1 王五 520102********3030 -",
        ])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject WHERE source_id = 'app'")
            .map { "\($0[0] as Int):\($0[1] as String)" }, ["3:no_identity"],
                       "a single member who is not the head names no head")
    }
}

extension PipelineRunTests {
    /// The "never occurs" warning is for mappings that match nothing in a file: a member selector occurs when its
    /// group does and some member holds its leaf (the head's 性别 and 联系电话 are missing, a son's 性别 is not). It is said once per file, also when two batches of the same path are normalized again after an
    /// edit of the mapping.
    func testNeverOccursWarningSparesMemberSelectorsAndIsSaidOncePerFile() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 编号="1"><地址>白云区大山洞街道东升小区3栋2单元101室</地址>
                <成员列表><成员 关系="户主"><姓名>张三</姓名><身份证号>\(NightsTests.zhang)</身份证号><联系电话>13800138000</联系电话></成员>
                  <成员 关系="子"><姓名>张小</姓名><性别>男</性别></成员></成员列表>
              </户>
              <户 编号="2"><地址>白云区大山洞街道东升小区3栋2单元102室</地址>
                <成员列表><成员 关系="本人"><姓名>李四</姓名><身份证号>\(NightsTests.li)</身份证号></成员></成员列表>
              </户>
            </户籍信息>

            """
        try xml.write(to: feed, atomically: true, encoding: .utf8)
        func sources(gender: String) -> String {
            Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department", extra: [
                "options: {record_path: /户籍信息/户}",
                "record_key: \"@编号\"",
                "fields:",
                "  head_name: 成员列表/成员[关系=户主|本人]/姓名",
                "  head_id: 成员列表/成员[关系=户主|本人]/身份证号",
                "  phone: 成员列表/成员[关系=户主|本人]/联系电话",
                "  head_gender: \(gender)",
                "  record_date: 登记日期",
                "  address: 地址",
                "context: {prefecture: 贵阳市}",
            ])
        }
        let fixture = try PipelineFixture(sources: sources(gender: "成员列表/成员[关系=户主|本人]/性别"))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, phone_masked FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \(($0[1] as String?) ?? "-")" }, ["张三 138****8000", "李四 -"].sorted())
        // The log's warning lines; each batch also has its mapped_field_absent warning row, printed as a reject line.
        func logged(_ stderr: String) -> [Substring] {
            stderr.split(separator: "\n").filter { $0.contains("never occurs") && !$0.contains("[mapped_field_absent, warning]") }
        }
        let warnings = logged(first.stderr)
        XCTAssertEqual(warnings.count, 1, first.stderr)
        XCTAssertEqual(first.stderr.components(separatedBy: "[mapped_field_absent, warning]").count - 1, 1, first.stderr)
        XCTAssertTrue(warnings.first?.contains("sources.police.fields.record_date: 登记日期 never occurs in") ?? false, first.stderr)
        // A selector whose group is not in the file is warned about like any other name.
        try fixture.rewrite(sources: sources(gender: "成员表/成员[关系=户主|本人]/性别"))
        // A second version of the file, then the edited mapping: the newer batch of the path is normalized, the
        // loaded one it replaced is not normalized again (it keeps what it loaded).
        try (xml + "<!-- 更正 -->\n").write(to: feed, atomically: true, encoding: .utf8)
        let second = try fixture.run(["--stage", "extract"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let renormalized = try fixture.run()
        XCTAssertEqual(renormalized.status, 0, renormalized.stderr)
        let again = logged(renormalized.stderr)
        XCTAssertEqual(again.filter { $0.contains("fields.head_gender: 成员表/成员[关系=户主|本人]/性别 never occurs") }.count, 1,
                       renormalized.stderr)
        XCTAssertEqual(again.filter { $0.contains("fields.record_date: 登记日期 never occurs") }.count, 1, renormalized.stderr)
        XCTAssertEqual(again.count, 2, renormalized.stderr)
        // The replaced delivery is named once per mapping (an info line): the next night passes it quietly.
        let next = try fixture.run(["--verbose"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertFalse(next.stderr.contains("not normalized again"), next.stderr)
    }
}

extension PipelineRunTests {
    /// A held batch loaded later with `--stage load --force` (the documented way): the load files the batch's rejects
    /// under this run in etl_reject, so the run's summary, its reject lines and etl_run count them too.
    func testForcedLoadOfAHeldBatchReportsTheRejectsItWrote() throws {
        let fixture = try PipelineFixture(sources: Self.gb18030Source.replacingOccurrences(
            of: "max_reject_ratio: 0.5", with: "max_reject_ratio: 0.1"))
        XCTAssertEqual(try fixture.run().status, 3)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch") as String?, "held")
        try fixture.rewrite(sources: Self.gb18030Source)
        let forced = try fixture.run(["--stage", "load", "--source", "grid", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        let batch = try fixture.rows("SELECT run_id, status, rows_rejected, rows_loaded FROM etl_batch")[0]
        XCTAssertEqual(batch["status"] as String?, "loaded")
        XCTAssertEqual(batch["run_id"] as Int?, 2)
        XCTAssertEqual(batch["rows_rejected"] as Int?, 1)
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT run_id FROM etl_reject").map { $0[0] as Int }, [2])
        let warnings: Int? = try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'warning'")
        XCTAssertEqual(warnings, 1)
        XCTAssertEqual(try fixture.query("SELECT rows_rejected FROM etl_run WHERE run_id = 2") as Int?, 1)
        XCTAssertTrue(forced.stderr.contains("grid: 0 read, 4 loaded, 1 rejected, 1 warnings"), forced.stderr)
        XCTAssertTrue(forced.stderr.contains("run 2 succeeded: 0 read, 4 loaded, 1 rejected"), forced.stderr)
        XCTAssertTrue(forced.stderr.contains("record 4: 身份证号: check character is 4, expected 5"), forced.stderr)
        XCTAssertTrue(forced.stderr.contains("[no_identity, error]"), forced.stderr)
        // The next night loads nothing and reports nothing rejected: the rejects stay the forced run's.
        let next = try fixture.run()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("run 3 succeeded: 0 read, 0 loaded, 0 rejected"), next.stderr)
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT run_id FROM etl_reject").map { $0[0] as Int }, [2])
    }
}

extension PipelineRunTests {
    /// A UTF-8 export without a byte-order mark, one record of which was pasted in from a GBK file (ASCII headers,
    /// as database exports have): `auto` weighs the file, finds it mostly UTF-8, and rejects only that record. It
    /// used to re-read the whole file as GB18030 and load every other name as mojibake (张三 as 寮犱笁), with no
    /// reject. The same holds for NDJSON; a file that is GB18030 throughout is still read as GB18030.
    func testUTF8FeedWithoutAMarkAndOneGBKRecordStaysUTF8UnderAuto() throws {
        let folder = try TestPaths.temporaryFolder()
        let gbk: [UInt8] = [0xC0, 0xEE, 0xCB, 0xC4]  // 李四 in GBK
        let csv = folder.appendingPathComponent("mixed.csv")
        var bytes = Data("rid,hzxm,sfzh,addr\r\n".utf8)
        bytes += Data("1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元101室\r\n".utf8)
        bytes += Data("2,".utf8) + Data(gbk) + Data(",\(NightsTests.li),Room 102\r\n".utf8)
        bytes += Data("3,王五,\(NightsTests.wang),白云区大山洞街道东升小区3栋2单元103室\r\n".utf8)
        try bytes.write(to: csv)
        let ndjson = folder.appendingPathComponent("mixed.ndjson")
        var lines = Data("{\"k\":\"K1\",\"name\":\"张三\",\"id\":\"\(NightsTests.zhang)\",\"addr\":\"白云区大山洞街道东升小区3栋2单元101室\"}\n".utf8)
        lines += Data("{\"k\":\"K2\",\"name\":\"".utf8) + Data(gbk) + Data("\",\"id\":\"\(NightsTests.li)\"}\n".utf8)
        lines += Data("{\"k\":\"K3\",\"name\":\"王五\",\"id\":\"\(NightsTests.wang)\",\"addr\":\"白云区大山洞街道东升小区3栋2单元103室\"}\n".utf8)
        try lines.write(to: ndjson)
        let fixture = try PipelineFixture(sources: [
            Self.source("mixedcsv", csv, format: "csv", extra: [
                "record_key: rid", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.5",
                "fields: {head_name: hzxm, head_id: sfzh, address: addr}"]),
            Self.source("mixednd", ndjson, format: "ndjson", extra: [
                "encoding: auto", "record_key: k", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.5",
                "fields: {head_name: name, head_id: id, address: addr}"]),
        ].joined(separator: "\n"))
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("mixedcsv: ok — 3 read, 1 rejected"), validation.stdout)
        XCTAssertTrue(validation.stdout.contains("mixednd: ok — 3 read, 1 rejected"), validation.stdout)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("mostly UTF-8"), result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT source_id, encoding FROM etl_batch ORDER BY source_id")
            .map { "\($0[0] as String):\($0[1] as String)" }, ["mixedcsv:utf-8", "mixednd:utf-8"])
        XCTAssertEqual(try fixture.rows("""
            SELECT hs.source_id, h.head_name FROM dwd_household h JOIN household_source hs USING (household_id)
            ORDER BY hs.source_id, hs.record_key
            """).map { "\($0[0] as String):\($0[1] as String)" },
                       ["mixedcsv:张三", "mixedcsv:王五", "mixednd:张三", "mixednd:王五"])
        XCTAssertEqual(try fixture.rows("SELECT source_id, record_number, rule FROM etl_reject ORDER BY source_id")
            .map { "\($0[0] as String):\($0[1] as Int):\($0[2] as String)" },
                       ["mixedcsv:2:invalid_encoding", "mixednd:2:invalid_encoding"])
    }

}

extension PipelineRunTests {
    /// A file extracted (and loaded) under wrong extraction options is read again once they are fixed, without
    /// --force: it used to be skipped as unchanged, so the old error came back (an undivided `序号;户主姓名;…`
    /// header after `delimiter: ";"` was added) or the feed never loaded. The warehouse ends as a full run with
    /// the fixed options leaves it.
    func testChangedExtractionOptionsReadTheFileAgainWithoutForce() throws {
        let folder = try TestPaths.temporaryFolder()
        // GB18030 with ASCII headers: read as UTF-8, every name is undecodable and every record a reject.
        let gb = folder.appendingPathComponent("gb.csv")
        var bytes = Data("rid,hzxm,sfzh\n".utf8)
        bytes += Data("1,".utf8) + Data([0xD5, 0xC5, 0xC8, 0xFD]) + Data(",\(NightsTests.zhang)\n".utf8)
        bytes += Data("2,".utf8) + Data([0xC0, 0xEE, 0xCB, 0xC4]) + Data(",\(NightsTests.li)\n".utf8)
        try bytes.write(to: gb)
        func grid(_ encoding: String) -> String {
            Self.source("grid", gb, format: "csv", extra: [
                "encoding: \(encoding)", "record_key: rid", "context: {prefecture: 贵阳市}", "max_reject_ratio: 1",
                "fields: {head_name: hzxm, head_id: sfzh}"])
        }
        let fixture = try PipelineFixture(sources: grid("utf-8"))
        let wrong = try fixture.run()
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
        try fixture.rewrite(sources: grid("gb18030"))
        let fixed = try fixture.run()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(fixed.stderr.contains("grid: 2 read, 2 loaded, 0 rejected"), fixed.stderr)

        let fresh = try PipelineFixture(sources: grid("gb18030"))
        XCTAssertEqual(try fresh.run().status, 0)
        let state = """
            SELECT (SELECT group_concat(head_name, ',') FROM (SELECT head_name FROM dwd_household ORDER BY head_name)),
                   (SELECT group_concat(encoding || ':' || rows_read || ':' || rows_rejected || ':' || rows_loaded || ':' || status) FROM etl_batch),
                   (SELECT COUNT(*) FROM etl_reject), (SELECT COUNT(*) FROM household_source)
            """
        let after = try fixture.rows(state).map { $0.description }
        XCTAssertEqual(after, try fresh.rows(state).map { $0.description })
        XCTAssertTrue(after[0].contains("张三,李四") || after[0].contains("李四,张三"), after[0])

        // Semicolon-separated, first read with the default comma: the header is one undivided field and the
        // source stops (exit 2). With the delimiter fixed, the staged batch is read again and the file loads.
        let semi = folder.appendingPathComponent("semi.csv")
        try "序号;户主姓名;身份证号\n1;张三;\(NightsTests.zhang)\n2;李四;\(NightsTests.li)\n".write(to: semi, atomically: true, encoding: .utf8)
        let semicolons = try PipelineFixture(sources: Self.source("semi", semi, format: "csv", extra: [
            "record_key: 序号", "context: {prefecture: 贵阳市}"]))
        XCTAssertEqual(try semicolons.run().status, 2)
        try semicolons.rewrite(sources: Self.source("semi", semi, format: "csv", extra: [
            "options: {delimiter: \";\"}", "record_key: 序号", "context: {prefecture: 贵阳市}"]))
        let divided = try semicolons.run()
        XCTAssertEqual(divided.status, 0, divided.stderr)
        XCTAssertEqual(try semicolons.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        // Unchanged options: skipped as before.
        let again = try semicolons.run()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("1 file(s) unchanged and skipped") || again.stdout.contains("1 file(s) unchanged and skipped"),
                      again.stdout + again.stderr)
    }
}

extension PipelineRunTests {
    /// The first sheet's header has a line break typed in a cell (`户主⏎姓名`), the second sheet pasted below
    /// writes it on one line (`户主姓名`, and ` 身份证号 ` with spaces): the repeated header is compared in the
    /// cleaned form that names the fields, so it is skipped. It used to load as a household named 户主姓名.
    func testARepeatedHeaderWrittenWithoutTheFirstOnesLineBreakIsNotARecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("sheets.csv")
        try """
            序号,"户主
            姓名",身份证号,家庭住址
            1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元101室
            2,李四,\(NightsTests.li),白云区大山洞街道东升小区3栋2单元102室
            序号,户主姓名, 身份证号 ,家庭住址
            3,王五,\(NightsTests.wang),白云区大山洞街道东升小区4栋1单元101室

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("sheets", feed, format: "csv", extra: [
            "record_key: 序号", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张三", "李四", "王五"].sorted())
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT record_key FROM household_source ORDER BY 1").map { $0[0] as String },
                       ["1", "2", "3"])
    }
}

extension PipelineRunTests {
    /// A header that names nothing the mapping wants because the file was read wrongly: the error says how the
    /// file is read (delimiter, encoding), not only "map them under fields:".
    func testAHeaderReadWithTheWrongDelimiterOrEncodingSaysSo() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "序号;户主姓名;身份证号;家庭住址\n"
        let row = "1;张三;\(NightsTests.zhang);白云区大山洞街道东升小区3栋2单元501室\n"
        let semi = folder.appendingPathComponent("semi.csv")
        try (header + row).write(to: semi, atomically: true, encoding: .utf8)
        let commas = folder.appendingPathComponent("commas.csv")
        try (header + row).replacingOccurrences(of: ";", with: ",").write(to: commas, atomically: true, encoding: .utf8)
        let gbk = folder.appendingPathComponent("gbk.csv")
        // 序号,户主姓名 in GBK, then ASCII.
        try Data([0xD0, 0xF2, 0xBA, 0xC5, 0x2C, 0xBB, 0xA7, 0xD6, 0xF7, 0xD0, 0xD5, 0xC3, 0xFB, 0x0A, 0x31, 0x2C, 0x41, 0x0A])
            .write(to: gbk)
        func failure(_ file: URL, _ extra: [String]) throws -> String {
            let fixture = try PipelineFixture(sources: Self.source("feed", file, format: "csv",
                extra: ["context: {prefecture: 贵阳市}"] + extra))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 2, result.stderr)
            return result.stderr
        }
        let undivided = try failure(semi, [])
        XCTAssertTrue(undivided.contains("no field feeds head_name or head_id"), undivided)
        XCTAssertTrue(undivided.contains("the header is one field holding \";\": if the file is ;-separated, set options: {delimiter: \";\"}"), undivided)
        let tab = try failure(commas, ["options: {delimiter: \"\\t\"}"])
        XCTAssertTrue(tab.contains("the header is one field holding \",\""), tab)
        let notUTF8 = try failure(gbk, ["encoding: utf-8"])
        XCTAssertTrue(notUTF8.contains("field names hold undecodable bytes"), notUTF8)
        XCTAssertTrue(notUTF8.contains("so the file is not utf-8: set encoding: (gb18030 for GBK"), notUTF8)
        let notGB = try failure(commas, ["encoding: gb18030"])
        XCTAssertTrue(notGB.contains("field names look like UTF-8 read as gb18030"), notGB)
        XCTAssertTrue(notGB.contains("(\"搴忓彿\" is \"序号\" in UTF-8): set encoding: utf-8"), notGB)
        // Under gb18030, the advice names the other encodings, not gb18030 again.
        let undecodable = folder.appendingPathComponent("undecodable.csv")
        try Data([0x41, 0xFF, 0x2C, 0x42, 0x0A, 0x31, 0x2C, 0x41, 0x0A]).write(to: undecodable)
        let notGBToo = try failure(undecodable, ["encoding: gb18030"])
        XCTAssertTrue(notGBToo.contains("so the file is not gb18030: set encoding: (utf-8 for UTF-8 exports (WPS, Excel's \"CSV UTF-8\"), utf-16 for \"Unicode text\")"), notGBToo)
        // Read as intended, the advice is the mapping's alone.
        let right = try failure(commas, ["fields: {head_name: 户主名}"])
        XCTAssertFalse(right.contains("Check how the file is read"), right)
    }

    /// A WPS UTF-8 export with a byte order mark among GBK files under `encoding: gb18030`: the mark wins, so
    /// both files load (before, the UTF-8 file's header read as 锘挎… and every record was invalid_encoding).
    func testAByteOrderMarkWinsOverADeclaredEncoding() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "户主姓名,身份证号,家庭住址\n"
        try Data(UTF8EvidenceTests.gb18030(header + "张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元501室\n"))
            .write(to: folder.appendingPathComponent("a-gbk.csv"))
        try (Data([0xEF, 0xBB, 0xBF]) + Data((header + "李四,\(NightsTests.li),白云区大山洞街道东升小区3栋2单元502室\n").utf8))
            .write(to: folder.appendingPathComponent("b-wps.csv"))
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
            extra: ["encoding: gb18030", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String }, ["张三", "李四"].sorted())
        XCTAssertEqual(try fixture.rows("SELECT encoding FROM etl_batch ORDER BY file").map { $0[0] as String }, ["gb18030", "utf-8"])
    }

    /// A GB18030 export with a stray UTF-8 byte order mark under `encoding: gb18030` (Excel, WPS and converters write
    /// one in front of GBK text; trial 12-a): the text after the mark is not UTF-8, so the declared encoding reads it,
    /// with one warning naming the mark. Before, the mark won: every record was invalid_encoding, the header was
    /// mojibake, and the run stopped with exit 2 advising `encoding: gb18030`, which the source already said.
    func testAStrayByteOrderMarkBeforeGB18030TextIsReadAsDeclared() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "户主姓名,身份证号,家庭住址\r\n"
        try (Data([0xEF, 0xBB, 0xBF]) + Data(UTF8EvidenceTests.gb18030(header
            + "张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元501室\r\n"
            + "李四,\(NightsTests.li),白云区大山洞街道东升小区3栋2单元502室\r\n")))
            .write(to: folder.appendingPathComponent("gbk-with-bom.csv"))
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
            extra: ["encoding: gb18030", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String }, ["张三", "李四"].sorted())
        // The mark is also kept in etl_reject, as one warning of the file (line 1), for whoever exports it.
        XCTAssertEqual(try fixture.rows("SELECT rule, severity, line, record_number, value FROM etl_reject")
            .map { "\($0[0] as String) \($0[1] as String) \(($0[2] as Int?) ?? 0) \(($0[3] as Int?) ?? 0) \($0[4] as String)" },
                       ["stray_byte_order_mark warning 1 0 EF BB BF"])
        XCTAssertEqual(try fixture.query("SELECT encoding FROM etl_batch") as String?, "gb18030")
        XCTAssertTrue(result.stderr.contains("starts with a UTF-8 byte order mark, but its text is not UTF-8: read as the declared gb18030 after the mark"), result.stderr)
        // validate reads it the same way.
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
    }

    /// A merged two-row header (户主信息 over 户主姓名 and 身份证号) read one row too early: the advice names the
    /// row holding the mapped names and its skip_rows, where before the error only listed the group row's columns.
    func testSkipRowsOneShortOfAMergedTwoRowHeaderSaysTheRightN() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("excel.csv")
        try """
            贵阳市南明区网格户籍采集表,,,
            序号,户主信息,,住址信息
            ,户主姓名,身份证号,家庭住址
            1,张三,\(NightsTests.zhang),东升小区3栋

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}", "options: {skip_rows: 1}", "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("Check how the file is read: the names the mapping looks for (户主姓名, 身份证号, 家庭住址) are in row 3 of the file: set options: {skip_rows: 2}"), result.stderr)
    }

    /// With a glob `path:`, the missing-column error names the file that lacks the column, not the pattern.
    func testAMissingColumnInOneFileOfAGlobNamesThatFile() throws {
        let folder = try TestPaths.temporaryFolder()
        let row = "1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元501室\n"
        try ("序号,户主姓名,身份证号,家庭住址\n" + row).write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try ("序号,户主名,身份证号,家庭住址\n" + row).write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
            extra: ["context: {prefecture: 贵阳市}", "fields: {head_name: 户主姓名}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(folder.appendingPathComponent("b.csv").path + ": sources.grid.fields.head_name: column \"户主姓名\" is not in the file"), result.stderr)
        XCTAssertFalse(result.stderr.contains("*.csv"), result.stderr)
    }

    /// An Excel title row read as the header (one filled cell, the others blank) gets the `skip_rows` advice.
    func testATitleRowReadAsTheHeaderSuggestsSkipRows() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("excel.csv")
        try "贵阳市南明区网格户籍采集表（2023年10月）,,,\n序号,户主姓名,身份证号,家庭住址\n1,张三,\(NightsTests.zhang),东升小区3栋\n"
            .write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}", "record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("Check how the file is read: the names the mapping looks for (序号, 户主姓名, 身份证号, 家庭住址) are in row 2 of the file: set options: {skip_rows: 1}"), result.stderr)
        try fixture.rewrite(sources: Self.source("grid", feed, format: "csv",
            extra: ["context: {prefecture: 贵阳市}", "record_key: 序号", "options: {skip_rows: 1}"]))
        XCTAssertEqual(try fixture.run().status, 0)
    }

    /// A 0-byte delivery is the file's problem (exit 1, "the file is empty"), not a configuration error with an
    /// empty column list; a header-only CSV stays an empty export.
    func testAZeroByteFileSaysItIsEmptyAndExitsOne() throws {
        let folder = try TestPaths.temporaryFolder()
        let csv = folder.appendingPathComponent("empty.csv")
        let xml = folder.appendingPathComponent("empty.xml")
        try Data().write(to: csv)
        try Data().write(to: xml)
        let fixture = try PipelineFixture(sources: Self.source("grid", csv, format: "csv",
            extra: ["context: {prefecture: 贵阳市}", "record_key: 序号"]))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("empty.csv: the file is empty (0 bytes): not even a header row"), run.stderr)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 1, validate.stdout)
        XCTAssertTrue(validate.stdout.contains("grid: failed"), validate.stdout)

        try fixture.rewrite(sources: Self.source("registry", xml, format: "xml", extra: ["options: {record_path: /户籍信息/户}"]))
        let registry = try fixture.run()
        XCTAssertEqual(registry.status, 1, registry.stderr)
        XCTAssertTrue(registry.stderr.contains("empty.xml: the file is empty (0 bytes): not even a root element"), registry.stderr)

        try "序号,户主姓名,身份证号,家庭住址\n".write(to: csv, atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: Self.source("grid", csv, format: "csv", extra: ["context: {prefecture: 贵阳市}", "record_key: 序号"]))
        XCTAssertEqual(try fixture.run().status, 0)
    }

    /// When the extractor rejected every record of a file, no field was seen, so no "never occurs" warning is
    /// logged: the unexpanded_entity rejects are the cause to fix.
    func testNoMappingWarningsWhenEveryRecordWasRejectedAtExtract() throws {
        let fixture = try PipelineFixture(sources: Self.source("registry", URL(fileURLWithPath: TestPaths.fixture("xml/xxe-external-entity.xml")),
            format: "xml", extra: ["options: {record_path: 户}", "fields: {head_name: 姓名}", "context: {prefecture: 贵阳市}"]))
        let result = try fixture.run()
        XCTAssertTrue(result.stderr.contains("[unexpanded_entity, error]"), result.stderr)
        XCTAssertFalse(result.stderr.contains("never occurs"), result.stderr)
    }

    /// Every mapped column the header lacks is named in one error (with `record_key`'s), not the first alone; a
    /// list of alternatives none of which is in the header, as one.
    func testEveryMissingMappedColumnIsNamedInOneError() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try "序号,户主姓名,身份证号,联系电话\n1,张三,\(NightsTests.zhang),13800138000\n"
            .write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("grid", feed, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市}",
            "fields: {head_name: 户主名, phone: [手机, 移动电话], address: 住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("""
            sources.grid: 4 mapped columns are not in the file: fields.address "住址"; fields.head_name "户主名"; \
            fields.phone "手机" or "移动电话" (none of the list); record_key "编号"; its columns are: 序号, 户主姓名, 身份证号, 联系电话
            """), result.stderr)
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 2)
        XCTAssertTrue(validation.stdout.contains("4 mapped columns are not in the file"), validation.stdout)
    }
}

extension PipelineRunTests {
    /// Registries write the head's relationship as 户主本人, 户主(本人) or 本人（户主） as often as 户主: a selector
    /// listing 户主 or 本人 finds the head in each spelling (full-width brackets and spaces do not count), and a record
    /// whose members are none of them says which relationships it holds.
    func testAHeadSelectorMatchesEverySpellingOfTheHeadsRelationship() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        let ids = ["52010219800101101", "52010219850505202", "52010219900909303", "52010219700202404",
                   "52010219750303505"].map(NightsTests.id)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <hj:户籍信息 xmlns:hj="urn:hj">
              <hj:户 hj:户号="1"><hj:住址>白云区大山洞街道东升小区3栋2单元101室</hj:住址>
                <hj:成员 hj:与户主关系="子"><hj:姓名>韦小一</hj:姓名></hj:成员>
                <hj:成员 hj:与户主关系="户主本人"><hj:姓名>韦明一</hj:姓名><hj:公民身份号码>\(ids[0])</hj:公民身份号码></hj:成员>
              </hj:户>
              <hj:户 hj:户号="2"><hj:住址>白云区大山洞街道东升小区3栋2单元102室</hj:住址>
                <hj:成员><hj:与户主关系>户主(本人)</hj:与户主关系><hj:姓名>韦明二</hj:姓名><hj:公民身份号码>\(ids[1])</hj:公民身份号码></hj:成员>
                <hj:成员><hj:与户主关系>妻</hj:与户主关系><hj:姓名>韦妻二</hj:姓名></hj:成员>
              </hj:户>
              <hj:户 hj:户号="3"><hj:住址>白云区大山洞街道东升小区3栋2单元103室</hj:住址>
                <hj:成员 hj:与户主关系="本人（户主）"><hj:姓名>韦明三</hj:姓名><hj:公民身份号码>\(ids[2])</hj:公民身份号码></hj:成员>
              </hj:户>
              <hj:户 hj:户号="4"><hj:住址>白云区大山洞街道东升小区3栋2单元104室</hj:住址>
                <hj:成员 hj:与户主关系="户主之子"><hj:姓名>韦小四</hj:姓名></hj:成员>
                <hj:成员 hj:与户主关系=" 户 主 "><hj:姓名>韦明四</hj:姓名><hj:公民身份号码>\(ids[3])</hj:公民身份号码></hj:成员>
              </hj:户>
              <hj:户 hj:户号="5"><hj:住址>白云区大山洞街道东升小区3栋2单元105室</hj:住址>
                <hj:成员 hj:与户主关系="妻"><hj:姓名>韦妻五</hj:姓名></hj:成员>
                <hj:成员 hj:与户主关系="子"><hj:姓名>韦小五</hj:姓名></hj:成员>
              </hj:户>
            </hj:户籍信息>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: [
                "options: {record_path: /户籍信息/户, repeated: 成员}",
                "record_key: \"@户号\"",
                "fields:",
                "  head_name: 成员[与户主关系=户主|本人]/姓名",
                "  head_id: 成员[与户主关系=户主|本人]/公民身份号码",
                "  members: 成员",
                "  address: 住址",
                "context: {prefecture: 贵阳市}",
                "max_reject_ratio: 1",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_name, h.member_count
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" },
            ["1 韦明一 2", "2 韦明二 2", "3 韦明三 1", "4 韦明四 2"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, message FROM etl_reject")
            .map { "\($0[0] as Int) \($0[1] as String): \($0[2] as String)" },
            ["5 no_identity: no member matched 与户主关系=户主|本人; relationships seen: 妻, 子. Without a head there is neither a valid resident ID nor a head name: the household cannot be identified"])
    }
}

extension PipelineRunTests {
    /// A registry that writes 户号 as an attribute on most records and as a child element on some: `record_key:
    /// ["@户号", 户号]` keys each by the first it holds. A record holding neither is keyed by its number, with a
    /// record_key_missing warning, since it will never be relinked by key.
    func testARecordKeyListTakesTheFirstFieldTheRecordHolds() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 户号="P3-1"><住址>白云区大山洞街道东升小区3栋2单元101室</住址><户主>张三</户主></户>
              <户><户号>P3-0</户号><住址>白云区大山洞街道东升小区3栋2单元102室</住址><户主>李四</户主></户>
              <户 户号=" "><户号>P3-2</户号><住址>白云区大山洞街道东升小区3栋2单元103室</住址><户主>王五</户主></户>
              <户><住址>白云区大山洞街道东升小区3栋2单元104室</住址><户主>赵六</户主></户>
            </户籍信息>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("police", feed, format: "xml", owner: "贵州省公安厅", kind: "department",
            extra: [
                "options: {record_path: /户籍信息/户}",
                "record_key: [\"@户号\", 户号]",
                "fields: {head_name: 户主, address: 住址}",
                "context: {prefecture: 贵阳市}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_name
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id ORDER BY 2
            """).map { "\($0[0] as String) \($0[1] as String)" }.sorted(),
            ["#4 赵六", "P3-0 李四", "P3-1 张三", "P3-2 王五"])
        let warning = try fixture.rows("SELECT record_number, field, rule, severity, message FROM etl_reject")
        XCTAssertEqual(warning.map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String) \($0[3] as String)" },
                       ["4 @户号, 户号 record_key_missing warning"])
        XCTAssertEqual(warning.first?[4] as String?,
                       "the record has none of @户号, 户号 (record_key); it is keyed #4 by its record number, so a later export relinks it only by its ID, phone or address")
    }

    /// A record_key field that occurs in the file but not in every record: the records without it are said once each.
    func testARecordWithoutItsKeyIsAWarningWhenOthersHaveIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("app.ndjson")
        try """
            {"id":"A1","hzxm":"张三","address":"白云区大山洞街道东升小区3栋2单元101室"}
            {"hzxm":"李四","address":"白云区大山洞街道东升小区3栋2单元102室"}
            {"id":"","hzxm":"王五","address":"白云区大山洞街道东升小区3栋2单元103室"}
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("app", feed, format: "ndjson", extra: [
            "record_key: id", "fields: {head_name: hzxm, address: address}", "context: {prefecture: 贵阳市}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, field, rule FROM etl_reject ORDER BY 1")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String)" },
            ["2 id record_key_missing", "3 id record_key_missing"])
    }
}

extension PipelineRunTests {
    /// A grid app that writes an unknown address as an empty object (`"address":{}`) or list says no more than one
    /// that writes `""` or null: a name with only the context's prefecture is no_identity in every case, and a
    /// filled nested address still loads.
    func testAnEmptyNestedAddressIsNoAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("app.ndjson")
        try """
            {"id":"GA-1","hzxm":"黄玉秋","sfzh":null,"lxdh":"13100131000","address":{},"jtrk":2}
            {"id":"GA-2","hzxm":"黄玉春","sfzh":null,"address":[]}
            {"id":"GA-3","hzxm":"黄玉夏","sfzh":null,"address":[""]}
            {"id":"GA-4","hzxm":"黄玉冬","sfzh":null,"address":""}
            {"id":"GA-5","hzxm":"黄玉兰","sfzh":null,"address":{"cun":"","zu":null}}
            {"id":"GA-6","hzxm":"黄玉梅","sfzh":{},"address":"白云区大山洞街道东升小区3栋2单元101室"}
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source("app", feed, format: "ndjson", extra: [
            "record_key: id",
            "fields: {head_name: hzxm, head_id: sfzh, phone: lxdh, address: address, community: address.cun, villager_group: address.zu}",
            "context: {prefecture: 贵阳市}",
            "max_reject_ratio: 1",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, address FROM dwd_household").map { "\($0[0] as String) \($0[1] as String)" },
                       ["黄玉梅 贵州省贵阳市白云区大山洞街道东升小区3栋2单元101室"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY 1")
            .map { "\($0[0] as Int):\($0[1] as String)" },
            ["1:no_identity", "2:no_identity", "3:no_identity", "4:no_identity", "5:no_identity"],
            "no id_length for an empty sfzh object either")
    }
}
