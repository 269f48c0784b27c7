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
}
