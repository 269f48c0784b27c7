import Foundation
import GRDB
import XCTest

/// Departments' web systems exporting JSON and NDJSON (民政's paged PHP JSON, 残联's NDJSON, 老龄办's Java JSON with
/// epoch-millisecond dates, 教育's nested records), through the real binary into a real SQLite warehouse (trial 15-d).
final class WebSystemExportTests: XCTestCase {
    typealias Nights = NightsTests

    /// The place every household of these tests lives, as the departments nest it.
    static func place(_ door: String) -> String {
        #"{"county":"520403","street":"马场镇","detail":"马场村4组\#(door)号"}"#
    }

    /// A web system's page: `{"code":0,"msg":"ok","data":{"total":…,"page":1,"rows":[…]}}`.
    static func page(_ rows: [String]) -> String {
        #"{"code":0,"msg":"ok","data":{"total":\#(rows.count),"page":1,"rows":["# + rows.joined(separator: ",") + "]}}"
    }

    /// 民政's case list: the head's name, ID and phone, and the place.
    static func civilAffairs(_ file: URL) -> String {
        PipelineRunTests.source("mz", file, format: "json", owner: "省民政厅", kind: "department", extra: [
            #"options: {record_path: "data.rows[*]"}"#, "record_key: jzbh",
            "fields: {head_name: hzxm, head_id: hzsfzh, phone: lxdh, county: dz.county, township: dz.street, address: dz.detail}",
        ])
    }

    /// 老龄办's register: IDs often missing, its own sex (`xb` 1/2) and birth date (`csrq`, epoch milliseconds).
    static func elderly(_ file: URL) -> String {
        PipelineRunTests.source("llb", file, format: "json", owner: "省老龄办", kind: "department", extra: [
            #"options: {record_path: "data.rows[*]"}"#, "record_key: id",
            "fields: {head_name: xm, head_id: sfzh, head_gender: xb, head_birth_date: csrq, county: dz.county, township: dz.street, address: dz.detail}",
        ])
    }

    /// 老龄办's records without an ID give their own birth date (1 January, the day uncertain: `-1009872000000` is
    /// 1938-01-01) and sex (`xb` 2, female) for heads whose valid IDs 民政 gives (born 1938-07-17; male): the
    /// household keeps what the ID says, and each disagreement is a conflict row kept by 民政. Before (trial 15-d),
    /// the later record without an ID replaced them: 1938-01-01, female.
    func testARecordWithoutIDDoesNotReplaceTheBirthDateAndSexTheHeadIDGives() throws {
        let folder = try TestPaths.temporaryFolder()
        let mz = folder.appendingPathComponent("mz_dibao_p1.json"), llb = folder.appendingPathComponent("llb_djlr_p1.json")
        let yao = Nights.id("52042219380717695"), lu = Nights.id("52040319500303123")
        try Self.page([
            #"{"jzbh":"M1","hzxm":"测姚杰超","hzsfzh":"\#(yao)","dz":\#(Self.place("25"))}"#,
            #"{"jzbh":"M2","hzxm":"测陆明","hzsfzh":"\#(lu)","dz":\#(Self.place("26"))}"#,
        ]).write(to: mz, atomically: true, encoding: .utf8)
        try Self.page([
            #"{"id":3321,"xm":"测姚杰超","sfzh":null,"xb":1,"csrq":-1009872000000,"dz":\#(Self.place("25"))}"#,
            #"{"id":3322,"xm":"测陆明","sfzh":null,"xb":2,"dz":\#(Self.place("26"))}"#,
        ]).write(to: llb, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.civilAffairs(mz) + "\n" + Self.elderly(llb))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, s.match_rule FROM household_source s WHERE s.source_id = 'llb' ORDER BY s.record_key
            """).map { "\($0[0] as String):\($0[1] as String)" }, ["3321:address+name", "3322:address+name"])
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_birth_date, head_gender FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-")" },
            ["测姚杰超 1938-07-17 male", "测陆明 1950-03-03 male"].sorted())
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, c.column_name, c.kept_source, c.offered_source FROM dwd_household_conflict c
            JOIN dwd_household h USING (household_id) ORDER BY c.column_name
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String)" },
            ["测姚杰超 head_birth_date mz llb", "测陆明 head_gender mz llb"])
    }

    /// Where `survivorship:` ranks 老龄办 first for the birth date and sex and its records without an ID load first,
    /// 民政's record with the head's valid ID still sets what the ID says: the ID gives them, whatever the ranks.
    /// Before, the ranks kept 老龄办's 1938-01-01 and female against the ID.
    func testTheHeadIDSetsTheBirthDateAndSexOverARankedRecordWithoutID() throws {
        let folder = try TestPaths.temporaryFolder()
        let mz = folder.appendingPathComponent("mz_dibao_p1.json"), llb = folder.appendingPathComponent("llb_djlr_p1.json")
        let yao = Nights.id("52042219380717695")
        try Self.page([#"{"jzbh":"M1","hzxm":"测姚杰超","hzsfzh":"\#(yao)","dz":\#(Self.place("25"))}"#])
            .write(to: mz, atomically: true, encoding: .utf8)
        try Self.page([#"{"id":3321,"xm":"测姚杰超","sfzh":null,"xb":2,"csrq":-1009872000000,"dz":\#(Self.place("25"))}"#])
            .write(to: llb, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.elderly(llb) + "\n" + Self.civilAffairs(mz)
            + "\nsurvivorship:\n  head_birth_date: [llb, mz]\n  head_gender: [llb, mz]")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_birth_date, head_gender FROM dwd_household")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-")" },
            ["测姚杰超 1938-07-17 male"])
        XCTAssertEqual(try fixture.rows("SELECT column_name, kept_source, offered_source FROM dwd_household_conflict ORDER BY column_name")
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" },
            ["head_birth_date mz llb", "head_gender mz llb"])
    }

    /// Two households merged, one with the head's valid ID (民政's, at door 25) and one made the night before by
    /// 老龄办's record without an ID (at door 26, 1938-01-01, female), when 残联's line names the head at door 26 with
    /// 民政's phone: the merged household keeps the birth date and sex the ID gives, although `survivorship:` ranks
    /// 老龄办 first for them. Before, the ranks kept 老龄办's against the ID.
    func testHouseholdsMergedKeepTheBirthDateAndSexOfTheOneHoldingTheHeadID() throws {
        let folder = try TestPaths.temporaryFolder()
        let mz = folder.appendingPathComponent("mz_dibao_p1.json"), llb = folder.appendingPathComponent("llb_djlr_p1.json")
        let cl = folder.appendingPathComponent("cl_cjr.ndjson")
        let yao = Nights.id("52042219380717695")
        try Self.page([#"{"id":3321,"xm":"测姚杰超","sfzh":null,"xb":2,"csrq":-1009872000000,"dz":\#(Self.place("26"))}"#])
            .write(to: llb, atomically: true, encoding: .utf8)
        let ranks = "\nsurvivorship:\n  head_birth_date: [llb, mz]\n  head_gender: [llb, mz]"
        let fixture = try PipelineFixture(sources: Self.elderly(llb) + "\nsurvivorship:\n  head_birth_date: [llb]\n  head_gender: [llb]")
        var result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        try Self.page([#"{"jzbh":"M1","hzxm":"测姚杰超","hzsfzh":"\#(yao)","lxdh":"13912345678","dz":\#(Self.place("25"))}"#])
            .write(to: mz, atomically: true, encoding: .utf8)
        try (#"{"cjzh":"C1","xm":"测姚杰超","lxdh":"13912345678","jtzz":\#(Self.place("26"))}"# + "\n")
            .write(to: cl, atomically: true, encoding: .utf8)
        let disabled = PipelineRunTests.source("cl", cl, format: "ndjson", owner: "省残疾人联合会", kind: "department", extra: [
            "record_key: cjzh",
            "fields: {head_name: xm, phone: lxdh, county: jtzz.county, township: jtzz.street, address: jtzz.detail}",
        ])
        try fixture.rewrite(sources: Self.elderly(llb) + "\n" + Self.civilAffairs(mz) + "\n" + disabled + ranks)
        result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 1, "the two households merged")
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_birth_date, head_gender, head_id_masked FROM dwd_household")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-") \($0[3] as String? ?? "-")" },
            ["测姚杰超 1938-07-17 male 520422********\(yao.suffix(4))"])
    }

    /// Java writes a day as its local midnight on China's clock of the time, in epoch milliseconds: UTC+9 in the
    /// summers of 1940–49 and 1986–91 (`-709981200000` is 1947-07-04 00:00+09:00, `581094000000` 1988-06-01
    /// 00:00+09:00). Each loads as that day; a winter day (`-1009872000000`, 1938-01-01) as before. Before (trial 15-d),
    /// a fixed UTC+8 read the summer ones as the day before: 1947-07-03, 1988-05-31.
    func testEpochMillisecondBirthDatesAreReadOnChinasClockOfTheTime() throws {
        let folder = try TestPaths.temporaryFolder()
        let llb = folder.appendingPathComponent("llb_djlr_p1.json")
        try Self.page([
            #"{"id":3349,"xm":"测覃辉伟","sfzh":null,"csrq":-709981200000,"dz":\#(Self.place("31"))}"#,
            #"{"id":3350,"xm":"测韦明芬","sfzh":null,"csrq":581094000000,"dz":\#(Self.place("32"))}"#,
            #"{"id":3351,"xm":"测杨文","sfzh":null,"csrq":-1009872000000,"dz":\#(Self.place("33"))}"#,
        ]).write(to: llb, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.elderly(llb))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, head_birth_date FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String) \($0[1] as String? ?? "-")" },
            ["测覃辉伟 1947-07-04", "测韦明芬 1988-06-01", "测杨文 1938-01-01"].sorted())
    }

    /// 残联 lists one line per certificate holder. The wife's line names the head in traditional characters with his
    /// masked ID (`"hz":{"xm":"測蒋飛","sfzh":"520403********945X"}`), at the door and phone of the household that
    /// the head's own line of the same file joined: the same head, another spelling, so she joins it. A line naming
    /// someone a character away (`测蒋飞龙`, a son) stays apart as before. Before (trial 15-d), the traditional
    /// spelling counted as another name there, and the wife's line made a household of its own.
    func testAMemberLineNamingTheHeadInTraditionalCharactersJoinsTheHeadsHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let mz = folder.appendingPathComponent("mz_dibao_p1.json"), cl = folder.appendingPathComponent("cl_cjr.ndjson")
        let jiang = Nights.id("52040319600405945")
        let masked = String(jiang.prefix(6)) + "********" + String(jiang.suffix(4))
        try Self.page([#"{"jzbh":"M1","hzxm":"测蒋飞","hzsfzh":"\#(jiang)","lxdh":"15841167778","dz":\#(Self.place("25"))}"#])
            .write(to: mz, atomically: true, encoding: .utf8)
        try [
            #"{"cjzh":"C1","xm":"测蒋飞","sfzh":"\#(jiang)","hz":null,"lxdh":"15841167778","jtzz":\#(Self.place("25"))}"#,
            #"{"cjzh":"C2","xm":"测谭涛明","hz":{"xm":"測蒋飛","sfzh":"\#(masked)"},"lxdh":"15841167778","jtzz":\#(Self.place("25"))}"#,
            #"{"cjzh":"C3","xm":"测蒋飞龙","sfzh":null,"hz":null,"lxdh":"13900000001","jtzz":\#(Self.place("25"))}"#,
        ].joined(separator: "\n").appending("\n").write(to: cl, atomically: true, encoding: .utf8)
        let disabled = PipelineRunTests.source("cl", cl, format: "ndjson", owner: "省残疾人联合会", kind: "department", extra: [
            "record_key: cjzh",
            "fields: {head_name: [hz.xm, xm], head_id: [hz.sfzh, sfzh], phone: lxdh, county: jtzz.county, township: jtzz.street, address: jtzz.detail}",
        ])
        let fixture = try PipelineFixture(sources: Self.civilAffairs(mz) + "\n" + disabled)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, group_concat(s.record_key, ' ') FROM dwd_household h JOIN household_source s USING (household_id)
            GROUP BY h.household_id ORDER BY h.head_name
            """).map { "\($0[0] as String): \($0[1] as String)" },
            ["测蒋飞: C1 C2 M1", "测蒋飞龙: C3"].sorted())
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'C2'") as String?, "address+name")
    }

    /// Two NDJSON exports joined into one file (`copy /b`, CRLF): the second's byte order mark opens line 2. The mark
    /// is dropped and the line loads, with one `stray_byte_order_mark` warning naming the line. Before (trial 15-d),
    /// the line was `malformed_json` ("invalid char in json text") without its record key.
    func testAByteOrderMarkOpeningAnNDJSONLineIsDroppedWithAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let cl = folder.appendingPathComponent("cl_cjr.ndjson")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let lines = [
            #"{"cjzh":"C1","xm":"测蒋飞","lxdh":"15841167778","jtzz":\#(Self.place("25"))}"#,
            #"{"cjzh":"C2","xm":"测吴芳","lxdh":"15841167779","jtzz":\#(Self.place("26"))}"#,
            #"{"cjzh":"C3","xm":"测龙英","lxdh":"15841167770","jtzz":\#(Self.place("27"))}"#,
        ]
        try Data(bom + Array((lines[0] + "\r\n").utf8) + bom + Array((lines[1] + "\r\n" + lines[2] + "\r\n").utf8)).write(to: cl)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("cl", cl, format: "ndjson", owner: "省残疾人联合会",
                                                                           kind: "department", extra: [
            "record_key: cjzh",
            "fields: {head_name: xm, phone: lxdh, county: jtzz.county, township: jtzz.street, address: jtzz.detail}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_key FROM household_source ORDER BY record_key").map { $0[0] as String },
                       ["C1", "C2", "C3"])
        let rejects = try fixture.rows("SELECT rule, line, value, message FROM etl_reject")
        XCTAssertEqual(rejects.map { "\($0[0] as String) \($0[1] as Int? ?? 0) \($0[2] as String? ?? "-")" },
                       ["stray_byte_order_mark 2 EF BB BF"])
        XCTAssertEqual(rejects.first?[3] as String?,
                       "line 2 starts with a UTF-8 byte order mark (U+FEFF), as where two exports were joined into one file: the mark was dropped and the line read")
        XCTAssertTrue(result.stderr.contains("line 2 starts with a UTF-8 byte order mark"), result.stderr)
    }

    /// 教育's record with `"hz":{},"jtzz":null,"qx":null` is `no_identity`, and one with an ID and `"jtzz":"","qx":""`
    /// loads; neither gets an `unresolved_region` warning (an empty field writes no place to recognise). A county
    /// that names no division is still said. Before (trial 15-d), both got "`qx`: no Guizhou division could be
    /// recognised" with an empty value.
    func testAnEmptyPlaceGivesNoUnrecognisedPlaceWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let jy = folder.appendingPathComponent("jy_lsrt.json")
        try Self.page([
            #"{"xsid":"S1","hz":{"xm":"测王芳","sfzh":"\#(Nights.zhang)"},"jtzz":"马场镇马场村4组25号","qx":"平坝区"}"#,
            #"{"xsid":"S2","hz":{},"jtzz":null,"qx":null}"#,
            #"{"xsid":"S3","hz":{"xm":"测李强","sfzh":"\#(Nights.li)"},"jtzz":"","qx":""}"#,
            #"{"xsid":"S4","hz":{"xm":"测杨军","sfzh":"\#(Nights.wang)"},"jtzz":null,"qx":"火星区"}"#,
        ]).write(to: jy, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("jy", jy, format: "json", owner: "省教育厅",
                                                                           kind: "department", extra: [
            #"options: {record_path: "data.rows[*]"}"#, "record_key: xsid", "max_reject_ratio: 0.5",
            "fields: {head_name: hz.xm, head_id: hz.sfzh, address: jtzz, county: qx}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rejects = try fixture.rows("SELECT record_number, rule, field FROM etl_reject ORDER BY record_number, rule")
            .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String? ?? "-")" }
        XCTAssertEqual(rejects.filter { !$0.hasPrefix("4 ") }, ["2 no_identity -"])
        XCTAssertEqual(rejects.filter { $0.hasPrefix("4 ") }.map { $0.split(separator: " ").last.map(String.init) }, ["qx"],
                       "a county naming no division is still said")
    }
}
