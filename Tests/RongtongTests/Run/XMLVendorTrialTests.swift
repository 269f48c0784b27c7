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
}
