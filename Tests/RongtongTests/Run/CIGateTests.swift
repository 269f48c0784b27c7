import Foundation
import GRDB
import XCTest

/// What a CI job running `validate` and the nightly `run` say of broken deliveries (trial 16-b): a wholly GB18030
/// NDJSON read as UTF-8, a night that failed and a rerun of only the source that failed, files cut off inside a
/// record. Real files through the real binary into a real warehouse.
final class CIGateTests: XCTestCase {
    static let context = "context: {prefecture: 六盘水市, county: 钟山区}"

    /// `count` 特困 cases, one NDJSON line each, the case number first.
    static func tekun(_ count: Int, from first: Int = 1) -> String {
        (first..<(first + count)).map { n in
            "{\"ajbh\": \"TK\(n)\", \"hzxm\": \"测特困\(n)\", \"hzsfzh\": \"\(DriftingFeedTests.id(n))\", \"jtzz\": \"钟山区荷城街道凤凰山小区\(n % 9 + 1)栋1单元\(100 + n)室\"}"
        }.joined(separator: "\n") + "\n"
    }

    static func tekunSource(_ file: URL) -> String {
        PipelineRunTests.source("tekun", file, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "encoding: utf-8", "record_key: ajbh", context, "fields: {head_name: hzxm, head_id: hzsfzh, address: jtzz}"])
    }

    /// The NDJSON arrived wholly in GB18030 under `encoding: utf-8`: 4 identical `byte at offset 32 is not valid
    /// UTF-8` rejects naming no field, no line about the file, a held-back line with an absolute path, and rejects
    /// without a record_key that never resolved. Now each reject names the field holding the byte (hzxm) and keeps
    /// the case number read before it, one line says the file is in another encoding and what to set, the held-back
    /// line names the file relative to the working directory as the reject lines do, and the rejects resolve when
    /// the corrected file loads.
    func testAWhollyGB18030NDJSONReadAsUTF8SaysSoOnceAndItsRejectsKeepTheirKeys() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("tekun.ndjson")
        try Data(try UTF8EvidenceTests.gb18030(Self.tekun(4))).write(to: feed)
        try fixture.rewrite(sources: Self.tekunSource(feed))
        let environment = ["RONGTONG_PII_KEY": PipelineFixture.key]

        let validate = try Rongtong.run(["validate", "pipeline.yaml"], environment: environment, currentDirectory: fixture.folder)
        XCTAssertEqual(validate.status, 3, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("tekun.ndjson:1: record 1: hzxm: byte at offset 25 is not valid UTF-8 [invalid_encoding, error]"),
                      validate.stdout)
        XCTAssertTrue(validate.stdout.contains(
            "warning: tekun.ndjson: 4 of 4 records hold bytes that are not valid UTF-8, so the file as a whole is most likely in another encoding: set encoding: (gb18030 for GBK, GB2312 and \"ANSI\" exports, utf-16 for \"Unicode text\"), or encoding: auto"),
            validate.stdout)

        let run = try Rongtong.run(["run", "pipeline.yaml"], environment: environment, currentDirectory: fixture.folder)
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stderr.contains("tekun: tekun.ndjson: 4 of 4 records rejected"), run.stderr)
        XCTAssertFalse(run.stderr.contains(feed.path), run.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 1")
        XCTAssertTrue(message?.contains("tekun: tekun.ndjson: 4 of 4 records rejected") ?? false, message ?? "no message")
        XCTAssertTrue(message?.contains("tekun: tekun.ndjson: 4 of 4 records hold bytes that are not valid UTF-8") ?? false,
                      message ?? "no message")
        XCTAssertEqual(try fixture.rows("""
            SELECT field, record_key FROM etl_reject WHERE rule = 'invalid_encoding' ORDER BY record_number
            """).map { "\($0["field"] as String? ?? "-"):\($0["record_key"] as String? ?? "-")" },
            ["hzxm:TK1", "hzxm:TK2", "hzxm:TK3", "hzxm:TK4"])

        // 民政 sends the same cases again in UTF-8: the rejects are resolved by the run that loads them.
        try Self.tekun(4).write(to: feed, atomically: true, encoding: .utf8)
        let fixed = try Rongtong.run(["run", "pipeline.yaml"], environment: environment, currentDirectory: fixture.folder)
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM etl_reject WHERE rule = 'invalid_encoding' AND resolved_run = 2
            """) as Int?, 4)
    }

    /// One record of a JSON envelope pasted in GBK: the reject names the field and keeps the case number, and the
    /// file is not said to be in another encoding (most of its records decode).
    func testAJSONRecordWithAGBKValueNamesTheFieldAndKeepsItsKey() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("dibao.json")
        var bytes = Array("{\"data\": {\"list\": [".utf8)
        for n in 1...4 {
            let name = Array("测低保\(n)".utf8)
            bytes += Array("{\"case_no\": \"MZ\(n)\", \"hzxm\": \"".utf8)
            bytes += n == 3 ? try UTF8EvidenceTests.gb18030("测低保\(n)") : name
            bytes += Array("\", \"hzsfzh\": \"\(DriftingFeedTests.id(n))\"}\(n < 4 ? "," : "")\n".utf8)
        }
        bytes += Array("]}}\n".utf8)
        try Data(bytes).write(to: feed)
        try fixture.rewrite(sources: PipelineRunTests.source("dibao", feed, format: "json", owner: "省民政厅", kind: "department", extra: [
            "encoding: utf-8", "options: {record_path: \"data.list[*]\"}", "record_key: case_no", Self.context,
            "fields: {head_name: hzxm, head_id: hzsfzh}", "max_reject_ratio: 0.5"]))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.rows("SELECT field, record_key FROM etl_reject WHERE rule = 'invalid_encoding'")
            .map { "\($0["field"] as String? ?? "-"):\($0["record_key"] as String? ?? "-")" }, ["hzxm:MZ3"])
        XCTAssertFalse(run.stderr.contains("another encoding"), run.stderr)
    }

    /// Night 2 failed (the police file cut off: exit 1, nothing staged) on the night 民政 sent a new delivery. The
    /// rerun of only the fixed source exited 0 and said nothing of 民政's file, which waited unloaded for the next
    /// full night. A run limited by --source now says which other sources have files no run has loaded, on stderr
    /// and in etl_run.message (which `status` prints).
    func testARunLimitedToOneSourceSaysWhichOtherSourcesHaveFilesNotLoaded() throws {
        let folder = try TestPaths.temporaryFolder()
        let police = folder.appendingPathComponent("police.json"), civil = folder.appendingPathComponent("tekun.ndjson")
        func writePolice(_ count: Int, cut: Bool = false) throws {
            let records = (1...count).map { n in
                "{\"hh\": \"GA\(n)\", \"xm\": \"测公安\(n)\", \"sfzh\": \"\(DriftingFeedTests.id(20 + n))\", \"zz\": \"钟山区荷城街道凤凰山小区\(n)栋1单元10\(n)室\"}"
            }.joined(separator: ",\n")
            let text = "[\n" + records + "\n]\n"
            try (cut ? String(text.prefix(text.count - 30)) : text).write(to: police, atomically: true, encoding: .utf8)
        }
        try writePolice(3)
        try Self.tekun(3).write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("police", police, format: "json", owner: "六盘水市公安局", kind: "department", extra: [
                "record_key: hh", Self.context, "fields: {head_name: xm, head_id: sfzh, address: zz}"]),
            Self.tekunSource(civil),
        ].joined(separator: "\n"))
        XCTAssertEqual(try fixture.run(["--quiet"]).status, 0)

        try writePolice(4, cut: true)
        try Self.tekun(5).write(to: civil, atomically: true, encoding: .utf8)
        let failed = try fixture.run(["--quiet"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("(in record 4, which starts on line 5)"), failed.stderr)

        try writePolice(4)
        let rerun = try fixture.run(["--quiet", "--source", "police"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let pending = "tekun: \(civil.path) has not been loaded yet (--source left tekun out of this run): run without --source, or with --source tekun, to load it"
        XCTAssertTrue(rerun.stderr.contains("warning: \(pending)"), rerun.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 3")
        XCTAssertEqual(message, pending)
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path, "--runs", "1"])
        XCTAssertTrue(status.stdout.contains(pending), status.stdout)

        // The police source is loaded: a rerun of only 民政 has nothing to say of it.
        let other = try fixture.run(["--quiet", "--source", "tekun"])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertFalse(other.stderr.contains("has not been loaded yet"), other.stderr)
        XCTAssertNil(try fixture.query("SELECT message FROM etl_run WHERE run_id = 4") as String?)
    }

    /// A registry cut off inside its third household said the line only (`hj.xml:9: not well-formed XML: the file
    /// ends inside element <户主> (truncated?)`); now the record too.
    func testAFileCutOffInsideARecordNamesTheRecord() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("hj.xml")
        let households = (1...3).map { n in
            "<户 户号=\"GA\(n)\">\n<户主><姓名>测公安\(n)</姓名>\n<身份证号>\(DriftingFeedTests.id(n))</身份证号></户主>\n</户>"
        }.joined(separator: "\n")
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\n\(households)\n</户籍信息>\n"
        let cut = text.range(of: "<身份证号>\(DriftingFeedTests.id(3))")!.lowerBound
        try String(text[..<cut]).write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("police", registry, format: "xml", extra: [
            "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"", Self.context,
            "fields: {head_name: 户主/姓名, head_id: 户主/身份证号}"]))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 1, validate.stdout)
        XCTAssertTrue(validate.stdout.contains("the file ends inside element <户主> (truncated?) (in record 3, which starts on line 11)"),
                      validate.stdout)
    }

    /// A GBK registry read as UTF-8 said its byte twice and its line twice (`hj.xml:2: byte 43: byte at offset 43
    /// (line 2) is not valid UTF-8 …`); now once each.
    func testAnUndecodableByteIsSaidOnce() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("hj.xml")
        try Data(try UTF8EvidenceTests.gb18030("""
            <?xml version="1.0" encoding="GBK"?>
            <户籍信息><户 户号="GA1"><户主><姓名>测公安</姓名></户主></户></户籍信息>

            """)).write(to: registry)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("police", registry, format: "xml", extra: [
            "encoding: utf-8", "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"", Self.context,
            "fields: {head_name: 户主/姓名}"]))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 1, validate.stdout)
        XCTAssertTrue(validate.stdout.contains("\(registry.path):2: byte at offset 38 is not valid UTF-8"), validate.stdout)
        XCTAssertFalse(validate.stdout.contains("(line 2)"), validate.stdout)
    }
}
