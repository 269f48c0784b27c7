import Foundation
import GRDB
import XCTest
@testable import RongtongNormalize

/// Resident IDs a web system sends as JSON numbers (trial webjson, findings 1 and 2), and an error object among the
/// records (finding 4): through real JSON and NDJSON files and the real binary into a real SQLite warehouse.
final class JSONNumberIDTests: XCTestCase {
    private func write(_ text: String, to name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A grid source's NDJSON households at 测东升小区, in 大山洞街道 by the source's context.
    private func gridSource(_ name: String, _ file: URL, format: String = "ndjson", extra: [String] = []) -> String {
        PipelineRunTests.source(name, file, format: format, extra: extra + [
            "record_key: k", "context: {prefecture: 贵阳市, county: 白云区, township: 大山洞街道}",
            "fields: {head_name: hzxm, head_id: sfzh, compound: xq, address: fh}"])
    }

    private func line(_ key: String, _ name: String, _ id: String, room: String) -> String {
        #"{"k":"\#(key)","hzxm":"\#(name)","sfzh":\#(id),"xq":"测东升小区","fh":"\#(room)"}"#
    }

    /// 522301197804121763 (测王强, male) written by a double-based serializer is `522301197804121800`, which passes the
    /// check character and is 测马红's ID (a female at another address, sent as a string by 公安). It is `id_truncated`
    /// with a message naming the number type: 测王强 loads without it, as a household of his own, and 测马红's household
    /// is untouched. An exact Java `long` in the same file (522301197208152328) keeps loading. Before, the rounded
    /// number loaded as a valid ID and merged the two households.
    func testAnIDADoubleRoundedIsRejectedAndItsHouseholdStaysItsOwn() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write(#"{"code":0,"msg":"ok","data":{"total":2,"list":["#
            + line("XY0003", "测王强", "522301197804121800", room: "1-1-101") + ","
            + line("XY0004", "测李梅", "522301197208152328", room: "1-1-102") + "]}}", to: "grid.json", in: folder)
        let gab = try write(line("GA-1", "测马红", #""522301197804121800""#, room: "9-1-901") + "\n", to: "gab.ndjson", in: folder)
        let fixture = try PipelineFixture(sources: [
            gridSource("xy-grid", grid, format: "json", extra: [#"options: {record_path: "data.list[*]"}"#]),
            gridSource("xy-gab", gab)].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, h.head_id_masked, h.head_gender,
                   (SELECT group_concat(source_id || ':' || record_key) FROM household_source s
                    WHERE s.household_id = h.household_id) FROM dwd_household h ORDER BY h.head_name
            """).map { "\($0[0] as String) \($0[1] as String? ?? "-") \($0[2] as String? ?? "-") \($0[3] as String)" },
            ["测李梅 522301********2328 female xy-grid:XY0004", "测王强 - - xy-grid:XY0003",
             "测马红 522301********1800 female xy-gab:GA-1"])
        let rejects = try fixture.rows("SELECT source_id, record_number, field, rule, severity, message FROM etl_reject")
        XCTAssertEqual(rejects.map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String) \($0[3] as String) \($0[4] as String)" },
                       ["xy-grid 1 sfzh id_truncated warning"])
        let message = try XCTUnwrap(rejects.first?[5] as String?)
        XCTAssertTrue(message.contains("sent as a JSON number") && message.contains("send IDs as strings"), message)
        XCTAssertFalse(message.contains("Excel"), message)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict") as Int?, 0)
    }

    /// Judged over the file: three valid IDs sent as numbers, every one ending in 0 (none of them a double's shortest
    /// print, so no ID alone would say so), say the sender's numbers are doubles: all three are `id_truncated`,
    /// the message counting them. The same three beside one that keeps its last digit (522301197208152328) say the
    /// sender's numbers keep every digit: all four load with their IDs.
    func testAFileWhoseIDNumbersAllEndIn0IsJudgedAsOneSentThroughADouble() throws {
        let folder = try TestPaths.temporaryFolder()
        let endingIn0 = ["522301198005011060", "522301198005011220", "522301198005011490"]
        let doubles = try write(endingIn0.enumerated().map { index, id in
            line("D\(index + 1)", "测丁\(index + 1)", id, room: "2-1-\(index + 1)01")
        }.joined(separator: "\n") + "\n", to: "doubles.ndjson", in: folder)
        let longs = try write((endingIn0 + ["522301197208152328"]).enumerated().map { index, id in
            line("L\(index + 1)", "测龙\(index + 1)", id, room: "3-1-\(index + 1)01")
        }.joined(separator: "\n") + "\n", to: "longs.ndjson", in: folder)
        let fixture = try PipelineFixture(sources: [gridSource("doubles", doubles), gridSource("longs", longs)]
            .joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rejects = try fixture.rows("SELECT source_id, record_number, rule, message FROM etl_reject ORDER BY source_id, record_number")
        XCTAssertEqual(rejects.map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String)" },
                       ["doubles 1 id_truncated", "doubles 2 id_truncated", "doubles 3 id_truncated"])
        XCTAssertTrue(rejects.allSatisfy { ($0[3] as String).contains("all 3 IDs this file sends as 18-digit numbers end in 0") },
                      "\(rejects)")
        XCTAssertEqual(try fixture.rows("""
            SELECT s.source_id, COUNT(*), COUNT(h.head_id_masked) FROM dwd_household h
            JOIN household_source s USING (household_id) GROUP BY s.source_id ORDER BY s.source_id
            """).map { "\($0[0] as String) \($0[1] as Int) \($0[2] as Int)" }, ["doubles 3 0", "longs 4 4"])
    }

    /// The other ID problems of an ID sent as a number say so and ask for strings: a double's scientific notation
    /// is not "by a spreadsheet", an X ID without its X (17 digits) says a number cannot hold the X, a wrong check
    /// character says it came as a number; a number a double rounded that fails the check is `id_truncated`, not a
    /// typo. The same scientific notation sent as a string (a spreadsheet's) keeps the spreadsheet's wording.
    func testIDProblemsOfNumbersSayTheIDCameAsANumber() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = try write([
            line("M1", "测甲", "5.22301198811095e+17", room: "4-1-101"),
            line("M2", "测乙", "52230119830630019", room: "4-1-102"),
            line("M3", "测丙", "522301197208152327", room: "4-1-103"),
            line("M4", "测丁", "522301197502010100", room: "4-1-104"),
            line("M5", "测戊", #""5.22301198811095E+17""#, room: "4-1-105"),
        ].joined(separator: "\n") + "\n", to: "grid.ndjson", in: folder)
        let fixture = try PipelineFixture(sources: gridSource("grid", feed))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rejects = try fixture.rows("SELECT record_number, rule, message FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(rejects.map { "\($0[0] as Int) \($0[1] as String)" },
                       ["1 id_mangled", "2 id_length", "3 id_check_character", "4 id_truncated", "5 id_mangled"])
        let messages = rejects.map { $0[2] as String }
        XCTAssertTrue(messages[0].contains("sent as a JSON number in scientific notation") && !messages[0].contains("spreadsheet"),
                      messages[0])
        XCTAssertTrue(messages[1].hasPrefix("has 17 characters, expected 18 (or 15); sent as a JSON number, which cannot hold an ID ending in X"),
                      messages[1])
        XCTAssertTrue(messages[2].hasPrefix("check character is 7, expected 8; sent as a JSON number"), messages[2])
        XCTAssertTrue(messages[3].contains("written exactly as a double prints the nearest value it holds"), messages[3])
        XCTAssertTrue(messages[4].contains("by a spreadsheet"), messages[4])
        for message in messages[0..<4] { XCTAssertTrue(message.contains("send IDs as strings"), message) }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_id_masked IS NULL") as Int?, 5)
    }

    /// An error object among the records of a JSON envelope's list, and as a line of an NDJSON file, is rejected as
    /// what it is (`error_answer`), quoting its code and msg; the records around it load. Before, it was a
    /// `no_identity` error with an empty value, and the vendor's code and msg were lost.
    func testAnErrorObjectAmongTheRecordsIsRejectedAsAnErrorAnswer() throws {
        let folder = try TestPaths.temporaryFolder()
        let errorObject = #"{"code":1001,"msg":"身份证号校验失败","data":null}"#
        let json = try write(#"{"code":0,"msg":"ok","data":{"list":["#
            + line("E1", "测庚一", #""""#, room: "5-1-101") + "," + errorObject + ","
            + line("E3", "测庚三", #""""#, room: "5-1-103") + "]}}", to: "grid.json", in: folder)
        let ndjson = try write([line("N1", "测辛一", #""""#, room: "6-1-101"), errorObject,
                                line("N3", "测辛三", #""""#, room: "6-1-103")].joined(separator: "\n") + "\n",
                               to: "grid.ndjson", in: folder)
        let fixture = try PipelineFixture(sources: [
            gridSource("paged", json, format: "json", extra: [#"options: {record_path: "data.list[*]"}"#, "max_reject_ratio: 0.5"]),
            gridSource("lines", ndjson, extra: ["max_reject_ratio: 0.5"])].joined(separator: "\n"))
        let result = try fixture.run()
        let rejects = try fixture.rows("SELECT source_id, record_number, rule, severity, message FROM etl_reject ORDER BY source_id")
        XCTAssertEqual(rejects.map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String) \($0[3] as String)" },
                       ["lines 2 error_answer error", "paged 2 error_answer error"], result.stderr)
        for reject in rejects {
            let message = reject[4] as String
            XCTAssertTrue(message.contains(#"a web system's error answer, not a record: it says code 1001, msg "身份证号校验失败""#),
                          message)
        }
        XCTAssertTrue(result.stderr.contains("error_answer"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4, result.stderr)
    }

    /// The shortest print of the nearest double, as JavaScript writes an 18-digit number.
    func testShortestDoublePrint() {
        XCTAssertTrue(JSONNumberID.isShortestDoublePrint("522301197804121800"))
        XCTAssertFalse(JSONNumberID.isShortestDoublePrint("522301197804121763"))
        XCTAssertFalse(JSONNumberID.isShortestDoublePrint("522301197208152328"))
        XCTAssertFalse(JSONNumberID.isShortestDoublePrint("522301198005011060"))
        XCTAssertEqual(JSONNumberID.integerText(of: 5.223011978041218e17), "522301197804121800")
        XCTAssertEqual(JSONNumberID.judgeFile(["522301198005011060", "522301198005011220"]), .undecided)
    }
}
