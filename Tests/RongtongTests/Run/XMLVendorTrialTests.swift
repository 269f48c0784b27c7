import Foundation
import GRDB
import XCTest

/// Trial 20j (four police sub-bureaus' XML exports, `/work/trials/20j-xml-vendors/`): a SOAP Fault or an in-band
/// error in place of the records, undecodable bytes inside a record, a member written twice, and a hint naming an
/// element that holds nothing, each through the real binary into a real warehouse.
final class XMLVendorTrialTests: XCTestCase {
    static let headID = "520102198001010013", wifeID = "520102198202020023", otherHeadID = "520102197503030036"

    static func xmlSource(_ file: URL, key: String, recordPath: String, fields: String, extra: [String] = []) -> String {
        PipelineRunTests.source("hj", file, format: "xml", owner: "南明分局", kind: "department", extra: [
            "record_key: \"\(key)\"",
            "context: {prefecture: 贵阳市, county: 南明区}",
            "options: {record_path: \(recordPath)}",
            "fields: \(fields)",
        ] + extra)
    }

    /// Repro 2: 花溪's service answered with a SOAP Fault (faultstring 系统繁忙，请稍后重试) in place of `<rows>`. Before,
    /// `validate` said `ok — 0 read` and `run` succeeded with 0 read, exit 0, saying nothing. Now it is a web system's
    /// error answer, as JSON's `{"code":500,…}`: not loaded, exit 3, the message quoting the fault. So is an in-band
    /// `<code>500</code><msg>系统繁忙</msg>` beside an empty `<rows/>`; `<code>0</code><msg>查询成功</msg>` is an
    /// empty export.
    func testASOAPFaultOrAFailingStatusInPlaceOfTheRecordsIsAnErrorAnswer() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("hx.xml")
        let fixture = try PipelineFixture(sources: Self.xmlSource(file, key: "hh", recordPath: "rows/row",
                                                                  fields: "{head_name: xm, head_id: sfzh, address: dz}"))
        try """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
            <soap:Body>
            <soap:Fault><faultcode>soap:Server</faultcode><faultstring>系统繁忙，请稍后重试</faultstring><detail><ns:err xmlns:ns="http://huaxi.example.gov.cn/ws"><code>500</code></ns:err></detail></soap:Fault>
            </soap:Body>
            </soap:Envelope>
            """.write(to: file, atomically: true, encoding: .utf8)
        let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(validate.status, 3, validate.stdout + validate.stderr)
        let fault = try fixture.run()
        XCTAssertEqual(fault.status, 3, fault.stderr)
        XCTAssertTrue(fault.stderr.contains(#"hx.xml: record_path rows/row matches no element; the document is a SOAP Fault (line 4): faultcode "soap:Server", faultstring "系统繁忙，请稍后重试": the web system answered with an error instead of the records"#),
                      fault.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") as String?, "partial")

        try """
            <?xml version="1.0" encoding="utf-8"?>
            <response><code>500</code><msg>系统繁忙</msg><rows/></response>
            """.write(to: file, atomically: true, encoding: .utf8)
        let busy = try fixture.run()
        XCTAssertEqual(busy.status, 3, busy.stderr)
        XCTAssertTrue(busy.stderr.contains(#"record_path rows/row matches no element; the document says code 500, msg "系统繁忙": the web system answered with an error"#),
                      busy.stderr)

        try """
            <?xml version="1.0" encoding="utf-8"?>
            <response><code>0</code><msg>查询成功</msg><rows/></response>
            """.write(to: file, atomically: true, encoding: .utf8)
        let empty = try fixture.run()
        XCTAssertEqual(empty.status, 0, empty.stderr)
    }

    /// Repro 3: undecodable bytes inside record 2's `<户主姓名>`. Before, the `invalid_encoding` reject had no field
    /// and no record_key, so it stayed open after the corrected file loaded the record. Now it names 户主姓名 and the
    /// record's key (written before the bad byte in NM9102, after it in NM9103), and the corrected file resolves it.
    func testAnUndecodableByteInAnXMLRecordNamesItsElementAndKeySoTheFixResolvesIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("hj.xml")
        let fixture = try PipelineFixture(sources: Self.xmlSource(file, key: "户号", recordPath: "/户籍数据/户",
            fields: "{head_name: 户主姓名, head_id: 户主身份证号, address: 住址}",
            extra: ["encoding: utf-8", "max_reject_ratio: 0.9"]))
        func document(_ second: [UInt8], _ third: [UInt8]) -> Data {
            var data = Data("""
                <?xml version="1.0" encoding="UTF-8"?>
                <户籍数据>
                  <户><户号>NM9101</户号><户主姓名>测周一</户主姓名><户主身份证号>\(Self.headID)</户主身份证号><住址>南明区河滨街道金桂苑3栋2单元501室</住址></户>
                  <户><户号>NM9102</户号><户主姓名>测吴
                """.utf8)
            data.append(contentsOf: second)
            data.append(contentsOf: Array("""
                </户主姓名><户主身份证号>\(Self.otherHeadID)</户主身份证号><住址>南明区河滨街道金桂苑3栋2单元502室</住址></户>
                  <户><户主姓名>测郑
                """.utf8))
            data.append(contentsOf: third)
            data.append(contentsOf: Array("""
                </户主姓名><户号>NM9103</户号><户主身份证号>\(Self.wifeID)</户主身份证号><住址>南明区河滨街道金桂苑3栋2单元503室</住址></户>
                </户籍数据>

                """.utf8))
            return data
        }
        try document([0xFF, 0xFE], [0xFF]).write(to: file)
        let bad = try fixture.run()
        XCTAssertEqual(bad.status, 0, bad.stderr)
        let rejects = try fixture.rows("SELECT field, record_key FROM etl_reject WHERE rule = 'invalid_encoding' ORDER BY record_number")
        XCTAssertEqual(rejects.map { $0["field"] as String? }, ["户主姓名", "户主姓名"])
        XCTAssertEqual(rejects.map { $0["record_key"] as String? }, ["NM9102", "NM9103"])

        try document(Array("二".utf8), Array("三".utf8)).write(to: file)
        let fixed = try fixture.run()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'invalid_encoding' AND resolved_run IS NULL") as Int?, 0,
                       "the corrected records resolve their rejects")
    }

    /// Repro 1: NM9001's wife written twice (same name and ID), NM9002's son twice without an ID, and a v4-style
    /// household whose head's `<人>` is written twice. Before, member_count counted each repeat (3, 3, 3). Now each
    /// person counts once (2, 2, 2), with a `several_values` warning per record. Two sons written only as `子` stay two.
    func testAMemberWrittenTwiceIsCountedOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("hj.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍数据>
              <户><户号>NM9001</户号><户主姓名>测钱一</户主姓名><户主身份证号>\(Self.headID)</户主身份证号><住址>南明区河滨街道金桂苑3栋2单元501室</住址>
                <成员列表>
                  <成员><姓名>测钱二</姓名><关系>妻</关系><身份证号>\(Self.wifeID)</身份证号></成员>
                  <成员><姓名>测钱二</姓名><关系>妻</关系><身份证号>\(Self.wifeID)</身份证号></成员>
                </成员列表></户>
              <户><户号>NM9002</户号><户主姓名>测孙一</户主姓名><户主身份证号>\(Self.otherHeadID)</户主身份证号><住址>南明区河滨街道金桂苑3栋2单元502室</住址>
                <成员列表>
                  <成员><姓名>测孙二</姓名><关系>子</关系></成员>
                  <成员><姓名>测孙二</姓名><关系>子</关系></成员>
                </成员列表></户>
            </户籍数据>
            """.write(to: registry, atomically: true, encoding: .utf8)
        let wudang = folder.appendingPathComponent("wd.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <乌当区户籍>
              <户 编号="WD1"><地址>乌当区新天街道新天花园1栋1单元101室</地址>
                <人><姓名>测李一</姓名><与户主关系>户主</与户主关系><身份证号>520112198001010013</身份证号></人>
                <人><姓名>测李一</姓名><与户主关系>户主</与户主关系><身份证号>520112198001010013</身份证号></人>
                <人><姓名>测李二</姓名><与户主关系>妻</与户主关系><身份证号/></人>
              </户>
              <户 编号="WD2"><地址>乌当区新天街道新天花园1栋1单元102室</地址>
                <人><姓名>测何一</姓名><与户主关系>户主</与户主关系><身份证号>520112197503030036</身份证号></人>
                <人><与户主关系>子</与户主关系></人>
                <人><与户主关系>子</与户主关系></人>
              </户>
            </乌当区户籍>
            """.write(to: wudang, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            Self.xmlSource(registry, key: "户号", recordPath: "/户籍数据/户, repeated: 成员列表/成员",
                           fields: "{head_name: 户主姓名, head_id: 户主身份证号, address: 住址, members: 成员列表/成员}"),
            PipelineRunTests.source("wd", wudang, format: "xml", owner: "乌当分局", kind: "department", extra: [
                "record_key: \"@编号\"", "context: {prefecture: 贵阳市, county: 乌当区}",
                "options: {record_path: /乌当区户籍/户, repeated: 人}",
                "fields: {head_name: \"人[与户主关系=户主|本人]/姓名\", head_id: \"人[与户主关系=户主|本人]/身份证号\", address: 地址, members: 人}",
            ]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = try fixture.rows("""
            SELECT s.record_key, h.member_count FROM dwd_household h JOIN household_source s USING (household_id)
            ORDER BY s.record_key
            """)
        XCTAssertEqual(counts.map { $0["record_key"] as String }, ["NM9001", "NM9002", "WD1", "WD2"])
        XCTAssertEqual(counts.map { $0["member_count"] as Int? }, [2, 2, 2, 3], "each person once; two unnamed sons are two")
        let warned = try fixture.rows("SELECT record_key, field FROM etl_reject WHERE rule = 'several_values' ORDER BY record_key")
        XCTAssertEqual(warned.map { $0["record_key"] as String? }, ["NM9001", "NM9002", "WD1"])
        XCTAssertEqual(warned.map { $0["field"] as String? }, ["成员列表/成员", "成员列表/成员", "人"])
    }

    /// The same in a census written one row per person (`rows: person`): a member's row written twice counts once.
    func testAPersonRowWrittenTwiceIsCountedOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("rk.csv")
        try """
            户号,姓名,与户主关系,身份证号,家庭住址
            H1,测钱一,户主,\(Self.headID),南明区河滨街道金桂苑3栋2单元501室
            H1,测钱二,妻,\(Self.wifeID),南明区河滨街道金桂苑3栋2单元501室
            H1,测钱二,妻,\(Self.wifeID),南明区河滨街道金桂苑3栋2单元501室
            H2,测孙一,户主,\(Self.otherHeadID),南明区河滨街道金桂苑3栋2单元502室
            H2,测孙二,子,,南明区河滨街道金桂苑3栋2单元502室
            H2,测孙二,子,,南明区河滨街道金桂苑3栋2单元502室
            H2,测孙三,子,,南明区河滨街道金桂苑3栋2单元502室

            """.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("rk", file, format: "csv", extra: [
            "record_key: 户号", "rows: person", "context: {prefecture: 贵阳市, county: 南明区}",
            "fields: {head_name: 姓名, head_id: 身份证号, relationship: 与户主关系, address: 家庭住址}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = try fixture.rows("""
            SELECT s.record_key, h.member_count FROM dwd_household h JOIN household_source s USING (household_id)
            ORDER BY s.record_key
            """)
        XCTAssertEqual(counts.map { $0["member_count"] as Int? }, [2, 3])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'several_values'") as Int?, 2)
    }

    /// Repro 4: `address: 住址/@详细地址` mapped, 住址 holding only that attribute. Before, YY9999's no_identity said
    /// `The file has columns that look like a place but feed no field: 住址; map the head's under fields:`. Now an
    /// element empty in every record is advised by no hint.
    func testNoHintAdvisesAnElementEmptyInEveryRecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("yy.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍导出 xmlns="http://yunyan.example.gov.cn/hj/v2" xmlns:gab="http://yunyan.example.gov.cn/gab">
              <户 gab:户号="YY0001" 户主姓名="测郑一" 户主公民身份号码="\(Self.headID)" 联系电话="">
                <住址 详细地址="云岩区头桥街道向阳新村1栋3单元602室"/>
              </户>
              <户 gab:户号="YY9999" 户主姓名="" 户主公民身份号码="" 联系电话="">
                <住址 详细地址=""/>
              </户>
            </户籍导出>
            """.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("yy", file, format: "xml", owner: "云岩分局",
            kind: "department", extra: [
                "record_key: \"@户号\"", "max_reject_ratio: 0.9", "context: {prefecture: 贵阳市, county: 云岩区}",
                "options: {record_path: /户籍导出/户}",
                "fields: {head_name: \"@户主姓名\", head_id: \"@户主公民身份号码\", phone: \"@联系电话\", address: 住址/@详细地址}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_reject WHERE rule = 'no_identity'")
        XCTAssertEqual(message, "neither a valid resident ID nor a head name with an address: the household cannot be identified")
    }
}
