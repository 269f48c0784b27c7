import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import XCTest

/// What a grid team's CI gate (`validate` in text, JSON and JUnit, then the nightly `run`) says of deliveries that
/// are read wrongly or break oddly (trial 21f): a GBK census declared utf-16, a control character pasted into a
/// cell, a glob matching two files the mapping does not fit, a header that does not decode, a stray byte order
/// mark under `auto`, and `-q` on a night that passes. Real files through the real binary into a real warehouse.
final class CIReportTests: XCTestCase {
    /// A census in `DriftingFeedTests.census`'s columns, written to `name` in the fixture's folder.
    private func census(_ fixture: PipelineFixture, _ name: String, _ text: String, gb18030: Bool = false) throws -> URL {
        let file = fixture.folder.appendingPathComponent(name)
        if gb18030 {
            try Data(try UTF8EvidenceTests.gb18030(text)).write(to: file)
        } else {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return file
    }

    /// Whether `text` holds any of the census's first `count` resident IDs or phone numbers in full.
    private func holdsPersonalData(_ text: String, _ count: Int) -> Bool {
        (1...count).contains { n in
            text.contains(DriftingFeedTests.id(n)) || text.contains("1398765\(String(format: "%04d", n))")
        }
    }

    /// A GBK census declared `encoding: utf-16` was one "header" of the whole file: the missing-columns error quoted
    /// all of it (8 KB in the JUnit report, on stderr and in `etl_run.message`), and re-encoding the message gave
    /// back every ID and phone. Now the file fails as not UTF-16 (exit 1), saying what it looks like and what to
    /// set. And a census delivered without its header row, whose first record is read as the names, lists them
    /// with the ID and phone masked.
    func testAGBKCensusDeclaredUTF16FailsAsNotUTF16AndNoMessageQuotesResidentData() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = try census(fixture, "census.csv", DriftingFeedTests.census(60), gb18030: true)
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed, extra: ["encoding: utf-16"]))

        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 1, junit.stdout + junit.stderr)
        XCTAssertTrue(junit.stdout.contains("the source declares encoding: utf-16, but the file is not UTF-16: it has no byte order mark and not one 0x00 byte"),
                      junit.stdout)
        XCTAssertTrue(junit.stdout.contains("It looks like GBK/GB18030 text; set encoding: gb18030"), junit.stdout)
        XCTAssertLessThan(junit.stdout.utf8.count, 2_000, junit.stdout)

        let run = try fixture.run()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertLessThan(run.stderr.utf8.count, 2_000, run.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 1")
        XCTAssertTrue(message?.contains("census.csv: the source declares encoding: utf-16, but the file is not UTF-16") ?? false,
                      message ?? "no message")
        XCTAssertLessThan(message?.count ?? 0, 1_000, message ?? "")

        // The census again without its header row: record 1 is read as the names.
        let rows = DriftingFeedTests.census(3).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        try rows.write(to: feed, atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed))
        let headerless = try fixture.run()
        XCTAssertEqual(headerless.status, 2, headerless.stderr)
        XCTAssertTrue(headerless.stderr.contains("its columns are: LPS-1, 测户主1, \(DriftingFeedTests.id(1).prefix(6))********\(DriftingFeedTests.id(1).suffix(4)), 139****0001, "),
                      headerless.stderr)
        XCTAssertFalse(holdsPersonalData(headerless.stderr, 3), headerless.stderr)
        let headerlessMessage: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 2")
        XCTAssertFalse(holdsPersonalData(headerlessMessage ?? "", 3), headerlessMessage ?? "no message")
    }

    /// A vertical tab (a Word or Excel paste) in one flag cell and an ESC after a gender word went raw into the
    /// JUnit report's reject lines, which XML 1.0 forbids: no JUnit reader could parse the file. Now they are
    /// written `\u000b`, as the JSON report writes them, and the report parses.
    func testAJUnitReportOfACellHoldingAControlCharacterIsWellFormedXML() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        try """
            户编号,户主姓名,身份证号,性别,是否低保,家庭住址
            LPS-1,测户主1,\(DriftingFeedTests.id(1)),男,是\u{0B}否,钟山区荷城街道凤凰山小区2栋1单元101室
            LPS-2,测户主2,\(DriftingFeedTests.id(2)),男\u{1B},否,钟山区荷城街道凤凰山小区3栋1单元102室

            """.write(to: feed, atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: PipelineRunTests.source("census", feed, format: "csv", owner: "六盘水市", extra: [
            "record_key: 户编号", DriftingFeedTests.context,
            "fields: {head_name: 户主姓名, head_id: 身份证号, head_gender: 性别, is_low_income: 是否低保, address: 家庭住址}"]))

        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 0, junit.stdout + junit.stderr)
        XCTAssertTrue(junit.stdout.contains("是\\u000b否"), junit.stdout)
        XCTAssertFalse(junit.stdout.unicodeScalars.contains { $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) })
        let parser = XMLParser(data: Data(junit.stdout.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? ""): \(junit.stdout)")

        // The run loads both households and keeps the rejects, as the report said.
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'unknown_flag_value'") as Int?, 1)
    }

    /// A census source whose glob (`0*.csv`) matches a good census, one lacking 户主姓名 and one `;`-separated.
    private func globOfAGoodCensusAndTwoTheMappingDoesNotFit(_ fixture: PipelineFixture) throws {
        _ = try census(fixture, "01_good.csv", DriftingFeedTests.census(20))
        _ = try census(fixture, "07_missing.csv", DriftingFeedTests.census(5, header: "户主"))
        _ = try census(fixture, "09_semicolon.csv", DriftingFeedTests.census(5).replacingOccurrences(of: ",", with: ";"))
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(fixture.folder.appendingPathComponent("0*.csv")))
    }

    /// A source whose glob matched a good census, one lacking 户主姓名 and one `;`-separated reported only the first
    /// file the mapping did not fit: the second needed another CI round, and the good file's column mapping was
    /// missing from the report. Now both are named, one line each, the good file is counted and mapped, and `run`
    /// says both in `etl_run.message`.
    func testAGlobMatchingTwoFilesTheMappingDoesNotFitReportsBothAndCountsTheGoodOne() throws {
        let fixture = try PipelineFixture(sources: "")
        try globOfAGoodCensusAndTwoTheMappingDoesNotFit(fixture)

        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 2, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("census: failed — 30 read, 0 rejected"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("07_missing.csv: sources.census.fields.head_name: column \"户主姓名\" is not in the file"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("09_semicolon.csv: sources.census: 5 mapped columns are not in the file"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("the header is one field holding \";\""), validate.stdout)

        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let source = ((object?["pipelines"] as? [[String: Any]])?.first?["sources"] as? [[String: Any]])?.first
        XCTAssertEqual((source?["error"] as? String)?.split(separator: "\n").count, 2, json.stdout)
        XCTAssertEqual((source?["column_mapping"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
            .map { URL(fileURLWithPath: $0).lastPathComponent }, ["01_good.csv"], json.stdout)

        let run = try fixture.run()
        XCTAssertEqual(run.status, 2, run.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 1")
        XCTAssertTrue(message?.contains("07_missing.csv: sources.census.fields.head_name") ?? false, message ?? "no message")
        XCTAssertTrue(message?.contains("09_semicolon.csv: sources.census: 5 mapped columns") ?? false, message ?? "no message")
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 1") as String?, "failed")
    }

    /// Under a header whose cells do not decode (a title row skipped by `skip_rows` and a GBK column name in a UTF-8
    /// file), each record's `invalid_encoding` reject named the offset of a byte in the header: record 1 said a
    /// byte of line 1. Now each names its own first bad byte, inside its line.
    func testInvalidEncodingOffsetsFallInTheirOwnRecordUnderAnUndecodableHeader() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        let lines: [[UInt8]] = [
            try UTF8EvidenceTests.gb18030("钟山区网格采集表"),
            Array("户编号,户主姓名,身份证号,家庭住址,".utf8) + (try UTF8EvidenceTests.gb18030("备注")),
            Array("LPS-1,测户主1,\(DriftingFeedTests.id(1)),钟山区荷城街道凤凰山小区2栋1单元101室,".utf8),
            Array("LPS-2,测户主2,\(DriftingFeedTests.id(2)),".utf8) + (try UTF8EvidenceTests.gb18030("钟山区荷城街道")) + Array(",".utf8),
            Array("LPS-3,测户主3,\(DriftingFeedTests.id(3)),钟山区荷城街道凤凰山小区4栋1单元103室,".utf8) + (try UTF8EvidenceTests.gb18030("无")),
        ]
        var bytes: [UInt8] = []
        var lineStarts: [Int] = []
        for line in lines {
            lineStarts.append(bytes.count)
            bytes += line + [0x0A]
        }
        try Data(bytes).write(to: feed)
        try fixture.rewrite(sources: PipelineRunTests.source("census", feed, format: "csv", owner: "六盘水市", extra: [
            "encoding: utf-8", "options: {skip_rows: 1}", "max_reject_ratio: 1", "record_key: 户编号", DriftingFeedTests.context,
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}"]))

        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        let rejects = try fixture.rows("""
            SELECT record_number, message FROM etl_reject WHERE rule = 'invalid_encoding' ORDER BY record_number
            """)
        XCTAssertEqual(rejects.map { $0["record_number"] as Int? }, [2, 3])
        for reject in rejects {
            let number: Int = reject["record_number"], text: String = reject["message"]
            let offset = text.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }
            // Record N is line N + 2 (a title row and the header above it).
            let line = number + 1
            XCTAssertTrue(offset.map { $0 >= lineStarts[line] && $0 < lineStarts[line] + lines[line].count } ?? false,
                          "record \(number): \(text), its line spans \(lineStarts[line])..<\(lineStarts[line] + lines[line].count)")
        }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
    }

    /// A GBK census behind a stray UTF-8 byte order mark, under `encoding: auto` (csv's default, which follows the
    /// mark and reads it as UTF-8), was told `set encoding: (…), or encoding: auto`, which changes nothing. Now
    /// the advice says the mark is in front of GBK text and offers no `auto`
    /// (`testAGBKCensusBehindAUTF8MarkDeclaredUTF8IsToldTheCauseBeforeTheFix`); under a declared encoding it still does.
    func testTheAdviceForAFileOfUndecodableRecordsNeverOffersTheEncodingTheSourceDeclares() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        try Data([0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(DriftingFeedTests.census(4)))).write(to: feed)
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed))

        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(validate.stdout.contains(
            "census.csv: 4 of 4 records hold bytes that are not valid UTF-8: the file starts with a UTF-8 byte order mark (EF BB BF) followed by GB18030 bytes, not UTF-8: it was saved as GBK with a byte order mark added in front. Set encoding: gb18030"),
            validate.stdout)
        XCTAssertFalse(validate.stdout.contains("or encoding: auto"), validate.stdout)

        // The same file under gb18030 is read (a stray mark); a UTF-8 census under gb18030 is told of auto.
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed, extra: ["encoding: gb18030"]))
        let declared = try fixture.run()
        XCTAssertEqual(declared.status, 0, declared.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'stray_byte_order_mark'") as Int?, 1)
        try DriftingFeedTests.census(4).write(to: feed, atomically: true, encoding: .utf8)
        let utf8 = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(utf8.stdout.contains("hold bytes that are not valid GB18030, so the file as a whole is most likely in another encoding: set encoding: (utf-8 for UTF-8 exports (WPS, Excel's \"CSV UTF-8\"), utf-16 for \"Unicode text\"), or encoding: auto"),
                      utf8.stdout)
    }

    /// `validate -q` printed the whole report on success although its help says it prints nothing. Now a night
    /// that passes prints nothing but its warnings about data that may be lost; a failure prints the report, and a
    /// JUnit report is written whole.
    func testValidateQuietPrintsOnlyWarningsOnSuccessAndTheWholeReportOtherwise() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = try census(fixture, "census.csv", DriftingFeedTests.census(5))
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed))

        let quiet = try Rongtong.run(["validate", fixture.file.path, "-q"])
        XCTAssertEqual(quiet.status, 0, quiet.stdout + quiet.stderr)
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.stderr, "")
        let junit = try Rongtong.run(["validate", fixture.file.path, "-q", "--format", "junit"])
        XCTAssertTrue(junit.stdout.contains("<testcase classname=\"\(fixture.file.path)\" name=\"census\">"), junit.stdout)
        let help = try Rongtong.run(["validate", "--help"])
        let helpText = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(helpText.contains("On success, print only warnings about data that may be lost"), help.stdout)

        // A source allowed to be missing whose file is not there: said under -q, and the exit code stays 0.
        let absent = fixture.folder.appendingPathComponent("dibao.csv")
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed) + "\n"
            + PipelineRunTests.source("dibao", absent, format: "csv", owner: "六盘水市", extra: [
                "when_missing: skip", DriftingFeedTests.context, "fields: {head_name: 户主姓名, head_id: 身份证号}"]))
        let skipped = try Rongtong.run(["validate", fixture.file.path, "-q"])
        XCTAssertEqual(skipped.status, 0, skipped.stdout)
        XCTAssertTrue(skipped.stdout.hasPrefix("\(fixture.file.path)\n  warning: dibao: skipped — "), skipped.stdout)
        XCTAssertTrue(skipped.stdout.hasSuffix("dibao.csv: no file matches the path of source dibao (when_missing: skip)\n"), skipped.stdout)
        XCTAssertEqual(skipped.stdout.split(separator: "\n").count, 2, skipped.stdout)

        // A failing night prints the whole report, and the run then loads nothing.
        try "户编号,户主,身份证号\n".write(to: feed, atomically: true, encoding: .utf8)
        let failing = try Rongtong.run(["validate", fixture.file.path, "-q"])
        XCTAssertEqual(failing.status, 2, failing.stdout)
        XCTAssertTrue(failing.stdout.contains("census: failed — 0 read"), failing.stdout)
        XCTAssertEqual(try fixture.run().status, 2)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
    }

    /// The README's JSON shape left out the keys that say why a source failed or a pipeline file did not load
    /// (`error`, `config_error`) and others the report writes. Every key the report writes is now in it.
    func testEveryKeyOfTheJSONReportIsInTheReadmeShape() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = try census(fixture, "census.csv", "户编号,户主,身份证号\n")
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed))
        let broken = fixture.folder.appendingPathComponent("broken.yaml")
        try "pipeline: x\nsources: 3\n".write(to: broken, atomically: true, encoding: .utf8)
        let json = try Rongtong.run(["validate", fixture.file.path, broken.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let pipelines = object?["pipelines"] as? [[String: Any]] ?? []
        var keys = Set(pipelines.flatMap(\.keys))
        keys.formUnion(pipelines.flatMap { ($0["sources"] as? [[String: Any]] ?? []).flatMap(\.keys) })
        XCTAssertTrue(keys.isSuperset(of: ["config_error", "error"]), "\(keys)")

        let readme = try String(contentsOf: TestPaths.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "- `--format json`: `"), let end = readme.range(of: "- `--format junit`", range: start.upperBound..<readme.endIndex)
        else { return XCTFail("README has no --format json shape") }
        let shape = readme[start.upperBound..<end.lowerBound]
        for key in keys.sorted() {
            XCTAssertTrue(shape.contains("\"\(key)\""), "README's JSON shape lacks \"\(key)\"")
        }
    }

    /// A GBK census saved with a UTF-8 byte order mark in front and declared `encoding: utf-8` (recheck of trial 21f):
    /// the advice said `set encoding: (…), or encoding: auto` before it said why, and `auto` follows the mark to
    /// UTF-8 as well. Now every message about it says the cause first (a UTF-8 mark followed by GB18030 bytes: saved
    /// as GBK with a mark added), then the fix (`encoding: gb18030`), then the other ways out, quoting no resident's
    /// data: the mapping error of a census whose header does not decode, and the file's warning when only the records
    /// do not. Set as the message says, the census loads.
    func testAGBKCensusBehindAUTF8MarkDeclaredUTF8IsToldTheCauseBeforeTheFix() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        try Data([0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(DriftingFeedTests.census(6)))).write(to: feed)
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed, extra: ["encoding: utf-8"]))

        func assertCauseBeforeFix(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
            let cause = text.range(of: "the file starts with a UTF-8 byte order mark (EF BB BF) followed by GB18030 bytes, not UTF-8: it was saved as GBK with a byte order mark added in front")
            let fix = text.range(of: "added in front. Set encoding: gb18030, which reads the text after the mark")
            let others = text.range(of: "; or have it exported again in one encoding (GBK without the mark, or UTF-8 throughout")
            guard let cause, let fix, let others else {
                return XCTFail("\(what): no cause, fix and alternatives in \(text)", file: file, line: line)
            }
            XCTAssertLessThan(cause.lowerBound, fix.lowerBound, what, file: file, line: line)
            XCTAssertLessThan(fix.lowerBound, others.lowerBound, what, file: file, line: line)
            XCTAssertFalse(text.contains("or encoding: auto"), "\(what): \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("set encoding: (gb18030"), "\(what): \(text)", file: file, line: line)
            XCTAssertFalse(holdsPersonalData(text, 6), "\(what): \(text)", file: file, line: line)
        }

        // The Chinese header does not decode as UTF-8 either: the mapping does not fit, and the error says why.
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 2, validate.stdout + validate.stderr)
        // The cause first, then what it made of the mapping (`MissingColumnEncodingTests`).
        XCTAssertTrue(validate.stdout.contains("census.csv: sources.census: field names hold undecodable bytes ("), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("as utf-8 does. So 5 mapped columns are not in the file"), validate.stdout)
        assertCauseBeforeFix(validate.stdout, "validate")
        let run = try fixture.run()
        XCTAssertEqual(run.status, 2, run.stderr)
        assertCauseBeforeFix(run.stderr, "run")
        assertCauseBeforeFix(try fixture.query("SELECT message FROM etl_run WHERE run_id = 1") ?? "", "etl_run.message")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)

        // A department's export with ASCII column names: the header reads, no record does. The file's warning says why.
        let asciiFixture = try PipelineFixture(sources: "")
        let asciiFeed = asciiFixture.folder.appendingPathComponent("census.csv")
        let ascii = DriftingFeedTests.census(6).replacingOccurrences(of: "户编号,户主姓名,身份证号,联系电话,家庭住址", with: "hh,head,idno,tel,addr")
        try Data([0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(ascii))).write(to: asciiFeed)
        try asciiFixture.rewrite(sources: PipelineRunTests.source("census", asciiFeed, format: "csv", owner: "六盘水市", extra: [
            "encoding: utf-8", "record_key: hh", DriftingFeedTests.context,
            "fields: {head_name: head, head_id: idno, phone: tel, address: addr}"]))
        let records = try Rongtong.run(["validate", asciiFixture.file.path])
        XCTAssertEqual(records.status, 3, records.stdout + records.stderr)
        XCTAssertTrue(records.stdout.contains("census.csv: 6 of 6 records hold bytes that are not valid UTF-8: the file starts with"), records.stdout)
        assertCauseBeforeFix(records.stdout, "validate, records")
        let held = try asciiFixture.run()
        XCTAssertEqual(held.status, 3, held.stderr)
        assertCauseBeforeFix(held.stderr, "run, records")
        assertCauseBeforeFix(try asciiFixture.query("SELECT message FROM etl_run WHERE run_id = 1") ?? "", "etl_run.message, records")

        // Set as the message says: read after the mark, the mark warned of, every household loaded.
        let fixedFixture = try PipelineFixture(sources: "")
        let fixedFeed = fixedFixture.folder.appendingPathComponent("census.csv")
        try Data([0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(DriftingFeedTests.census(6)))).write(to: fixedFeed)
        try fixedFixture.rewrite(sources: DriftingFeedTests.censusSource(fixedFeed, extra: ["encoding: gb18030"]))
        let fixed = try fixedFixture.run()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(try fixedFixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 6)
        XCTAssertEqual(try fixedFixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'stray_byte_order_mark'") as Int?, 1)
    }

    /// validate --format junit wrote a failure of several lines (a glob matching two files the mapping does not fit:
    /// one error line each) only in the `message` attribute, where a reader turns the line breaks into spaces: CI
    /// showed one run-on line. Now the attribute is one line (the first, and how many more follow) and the failure's
    /// text holds every line as written; a line break left in any attribute is written `&#10;`.
    func testAJUnitFailureOfSeveralLinesKeepsThemInItsTextUnderAOneLineMessage() throws {
        let fixture = try PipelineFixture(sources: "")
        try globOfAGoodCensusAndTwoTheMappingDoesNotFit(fixture)

        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let source = ((object?["pipelines"] as? [[String: Any]])?.first?["sources"] as? [[String: Any]])?.first
        let error = try XCTUnwrap(source?["error"] as? String, json.stdout)
        let lines = error.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, error)

        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 2, junit.stdout + junit.stderr)
        XCTAssertFalse(junit.stdout.contains(" message=\"\(lines[0])\n"), junit.stdout)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        let failure = try XCTUnwrap(try document.nodes(forXPath: "//testcase[@name='census']/failure").first as? XMLElement, junit.stdout)
        XCTAssertEqual(failure.attribute(forName: "message")?.stringValue, "\(lines[0]) (and 1 more line(s): see the failure text)")
        XCTAssertEqual(failure.stringValue, error, junit.stdout)

        // A pipeline file with two errors: its configuration failure keeps both lines too.
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(fixture.folder.appendingPathComponent("0*.csv"), extra: ["colour: blue"])
            + "\n" + DriftingFeedTests.censusSource(fixture.folder.appendingPathComponent("0*.csv"), extra: ["flavour: sweet"]).replacingOccurrences(of: "- name: census", with: "- name: census2"))
        let config = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(config.status, 2, config.stdout + config.stderr)
        let configDocument = try XMLDocument(data: Data(config.stdout.utf8))
        let configFailure = try XCTUnwrap(try configDocument.nodes(forXPath: "//testcase[@name='configuration']/failure").first as? XMLElement, config.stdout)
        let configText = configFailure.stringValue ?? ""
        XCTAssertGreaterThanOrEqual(configText.split(separator: "\n").count, 2, config.stdout)
        XCTAssertTrue(configText.contains("colour") && configText.contains("flavour"), config.stdout)
        XCTAssertFalse(configFailure.attribute(forName: "message")?.stringValue?.contains("\n") ?? true, config.stdout)
    }
}
