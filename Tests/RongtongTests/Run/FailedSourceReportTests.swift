import Foundation
import GRDB
import XCTest

/// What `run`, `status` and `validate` say about sources that fail: every failed source's error, and the records
/// read and rejected before each failure.
final class FailedSourceReportTests: XCTestCase {
    /// A JSON array cut off after two records and a string element (an extractor reject), and an XML document
    /// cut off inside its third record.
    private func truncatedFeeds() throws -> (json: URL, xml: URL) {
        let folder = try TestPaths.temporaryFolder()
        let json = folder.appendingPathComponent("app.json")
        try """
            {"data":{"records":[
            {"hzxm":"张三","sfzh":"\(NightsTests.zhang)","dz":"白云区大山洞街道东升小区3栋2单元101室"},
            {"hzxm":"李四","dz":"白云区大山洞街道东升小区3栋2单元102室"},
            "not a record",
            {"hzxm":"王五","dz":"白云区大山洞街道东升小
            """.write(to: json, atomically: true, encoding: .utf8)
        let xml = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 户号="T1"><姓名>张三</姓名><住址>白云区大山洞街道东升小区3栋2单元101室</住址></户>
              <户 户号="T2"><姓名>李四</姓名><住址>白云区大山洞街道东升小区3栋2单元102室</住址></户>
              <户 户号="T3"><姓
            """.write(to: xml, atomically: true, encoding: .utf8)
        return (json, xml)
    }

    private func truncatedFixture() throws -> PipelineFixture {
        let (json, xml) = try truncatedFeeds()
        return try PipelineFixture(sources: [
            PipelineRunTests.source("app", json, format: "json", extra: [
                "context: {prefecture: 贵阳市}", "options: {record_path: \"data.records[*]\"}",
                "fields: {head_name: hzxm, head_id: sfzh, address: dz}"]),
            PipelineRunTests.source("registry", xml, format: "xml", extra: [
                "context: {prefecture: 贵阳市}", "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"",
                "fields: {head_name: 姓名, address: 住址}"]),
        ].joined(separator: "\n"))
    }

    /// Both files fail; each is reported with what was read (and rejected) before its break, where every count
    /// used to be `0 read`, and both errors are printed, where only the first used to be.
    func testTruncatedJSONAndXMLFilesCountWhatWasReadBeforeTheBreakAndBothErrorsArePrinted() throws {
        let fixture = try truncatedFixture()
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("app.json:5: byte"), result.stderr)
        XCTAssertTrue(result.stderr.contains("registry.xml:5: not well-formed XML"), result.stderr)
        XCTAssertTrue(result.stderr.contains("app: 3 read, 0 loaded, 1 rejected"), result.stderr)
        XCTAssertTrue(result.stderr.contains("registry: 2 read, 0 loaded, 0 rejected"), result.stderr)
        XCTAssertTrue(result.stderr.contains("failed: 5 read, 0 loaded, 1 rejected"), result.stderr)
        let run = try fixture.rows("SELECT rows_read, rows_rejected, message FROM etl_run")[0]
        XCTAssertEqual(run["rows_read"] as Int, 5)
        XCTAssertEqual(run["rows_rejected"] as Int, 1)
        XCTAssertEqual((run["message"] as String).split(separator: "\n").count, 2, run["message"] as String)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch") as Int?, 0, "nothing of a failed file is staged or loaded")

        // status shows the run's counts and each error on a line of its own.
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(status.status, 0, status.stderr)
        let lines = status.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("       ") && $0.contains("app.json:5: byte") }, status.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("       ") && $0.contains("registry.xml:5: not well-formed XML") }, status.stdout)

        // The JSON log has one failure event per failed source.
        let json = try fixture.run(["--log-format", "json"])
        let failures = json.stderr.split(separator: "\n").filter { $0.contains("\"event\":\"failure\"") }
        XCTAssertEqual(failures.count, 2, json.stderr)

        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 1, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("app: failed — 3 read, 1 rejected"), validation.stdout)
        XCTAssertTrue(validation.stdout.contains("registry: failed — 2 read, 0 rejected"), validation.stdout)
    }

    /// Two GB18030 files declared UTF-8 fail at normalize (no mapped column matches the garbled header): `run`
    /// prints both errors, and counts their undecodable records as rejected, as `validate` does (it said `0
    /// rejected` where `validate` said 5).
    func testSeveralSourcesFailingAtNormalizeAreAllReportedWithTheirRejects() throws {
        let feed = TestPaths.fixture("csv/gb18030-quoted-newlines.csv")
        let source = { (name: String) in
            """
              - name: \(name)
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                encoding: utf-8
                path: \(feed)
                record_key: 序号
                context: {prefecture: 贵阳市}
            """
        }
        let fixture = try PipelineFixture(sources: source("first") + "\n" + source("second"))
        let validation = try Rongtong.run(["validate", "--format", "json", fixture.file.path])
        XCTAssertEqual(validation.status, 2, validation.stdout + validation.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(validation.stdout.utf8)) as? [String: Any])
        let sources = try XCTUnwrap(((report["pipelines"] as? [[String: Any]])?.first?["sources"]) as? [[String: Any]])
        let rejected = sources.map { $0["records_rejected"] as? Int ?? -1 }
        XCTAssertEqual(rejected.count, 2)
        XCTAssertGreaterThan(rejected[0], 0, validation.stdout)

        let result = try fixture.run()
        XCTAssertEqual(result.status, 2, result.stderr)
        // The header does not decode as UTF-8: that cause first, then the column it hides (MissingColumnEncodingTests).
        XCTAssertTrue(result.stderr.contains("sources.first.record_key: field names hold undecodable bytes ("), result.stderr)
        XCTAssertTrue(result.stderr.contains(". So column \"序号\" is not in the file"), result.stderr)
        XCTAssertTrue(result.stderr.contains("sources.second.record_key: field names hold undecodable bytes ("), result.stderr)
        let read = sources[0]["records_read"] as? Int ?? -1
        XCTAssertTrue(result.stderr.contains("first: \(read) read, 0 loaded, \(rejected[0]) rejected"), result.stderr)
        XCTAssertTrue(result.stderr.contains("second: \(read) read, 0 loaded, \(rejected[1]) rejected"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_rejected FROM etl_run") as Int?, rejected[0] + rejected[1])
    }
    /// A source of three registry files, the middle one broken (`</户>` missing; trial 12-a): `validate` reads,
    /// normalizes and counts the other two (JSON, text and JUnit), and its error names the broken file; `run` reports
    /// the broken file and counts every unchanged file after it as skipped. Before, the source stopped at the broken
    /// file: `registry: failed — 2 read`, its other files never validated and nothing said so, and the run's
    /// "file(s) unchanged and skipped" stopped at the failing file.
    func testABrokenFileDoesNotHideTheOtherFilesOfItsSource() throws {
        let folder = try TestPaths.temporaryFolder()
        func registry(_ name: String, _ records: [(String, String)]) throws {
            try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<户籍信息>"]
                + records.map { "  <户 户号=\"\($0.0)\"><姓名>\($0.1)</姓名><住址>白云区大山洞街道东升小区3栋2单元\($0.0.dropFirst())01室</住址></户>" }
                + ["</户籍信息>", ""]).joined(separator: "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try registry("registry-a.xml", [("A1", "张三"), ("A2", "李四")])
        try registry("registry-c.xml", [("C1", "王五"), ("C2", "赵六"), ("C3", "钱七")])
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("registry", folder.appendingPathComponent("registry-*.xml"),
            format: "xml", extra: ["context: {prefecture: 贵阳市}", "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"",
                                   "fields: {head_name: 姓名, address: 住址}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 户号="B1"><姓名>孙八</姓名><住址>白云区大山洞街道东升小区4栋1单元101室</住址></户>
              <户 户号="B2"><姓名>周九</姓名><住址>白云区大山洞街道东升小区4栋1单元102室</住址>
              <户 户号="B3"><姓名>吴十</姓名><住址>白云区大山洞街道东升小区4栋1单元103室</住址></户>
            </户籍信息>

            """.write(to: folder.appendingPathComponent("registry-b.xml"), atomically: true, encoding: .utf8)

        let validation = try Rongtong.run(["validate", "--format", "json", fixture.file.path])
        XCTAssertEqual(validation.status, 1, validation.stdout + validation.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(validation.stdout.utf8)) as? [String: Any])
        let source = try XCTUnwrap((((report["pipelines"] as? [[String: Any]])?.first?["sources"]) as? [[String: Any]])?.first)
        XCTAssertEqual(source["verdict"] as? String, "failed")
        // The two good files (5 records), and any record of the broken file read before its break.
        let read = try XCTUnwrap(source["records_read"] as? Int)
        XCTAssertGreaterThanOrEqual(read, 5, validation.stdout)
        XCTAssertEqual((source["column_mapping"] as? [Any])?.count, 2, validation.stdout)
        XCTAssertTrue((source["error"] as? String ?? "").contains("registry-b.xml"), validation.stdout)
        let text = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(text.stdout.contains("registry: failed — \(read) read"), text.stdout)
        let junit = try Rongtong.run(["validate", "--format", "junit", fixture.file.path])
        XCTAssertTrue(junit.stdout.contains("\(read) read, 0 rejected"), junit.stdout)

        // Night 2 with the broken file between two unchanged ones: both are counted as skipped.
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("registry-b.xml:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("2 file(s) unchanged and skipped"), result.stderr)
    }

    /// A civil-affairs JSON array whose three records are whole and end `,]` (trial 20k, repro-1): the file fails on
    /// the trailing comma, and `run` and `validate` count the three records read before it; a comma inside record 2
    /// counts record 1. Before, the whole file sat in the slice that broke and both said `0 read`.
    func testJSONArrayFailingOnATrailingCommaCountsTheWholeRecordsBeforeIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let whole = folder.appendingPathComponent("cl.json"), inside = folder.appendingPathComponent("cl-inside.json")
        let records = (1...3).map { #" {"编号":"CL-\#($0)","户主姓名":"测丙\#($0)","家庭住址":"白云区大山洞街道测东升小区3栋1单元\#($0)01室","是否残疾户":"是"}"# }
        try ("\u{FEFF}[\n" + records.map { $0 + ",\n" }.joined() + "]\n").write(to: whole, atomically: true, encoding: .utf8)
        try ("[\n" + records[0] + ",\n" + #" {"编号":"CL-2","户主姓名":"测丙2",}"# + ",\n" + records[2] + "\n]\n")
            .write(to: inside, atomically: true, encoding: .utf8)
        for (file, read) in [(whole, 3), (inside, 1)] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("canlian", file, format: "json",
                kind: "department", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}",
                                            "fields: {head_name: 户主姓名, address: 家庭住址, has_disabled_member: 是否残疾户}"]))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("trailing comma"), result.stderr)
            XCTAssertTrue(result.stderr.contains("canlian: \(read) read, 0 loaded, 0 rejected"), result.stderr)
            XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_run") as Int?, read)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0, "nothing of a failed file is loaded")
            let validation = try Rongtong.run(["validate", fixture.file.path])
            XCTAssertEqual(validation.status, 1, validation.stdout + validation.stderr)
            XCTAssertTrue(validation.stdout.contains("canlian: failed — \(read) read, 0 rejected"), validation.stdout)
        }
    }
}
