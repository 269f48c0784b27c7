import Foundation
import GRDB
import XCTest

/// A 民政 NDJSON delivered with LF, CR LF or CR-only line ends (classic Mac OS, some exporters): the same records load,
/// and each reject names its real line, in etl_reject and on stderr. Real files through the real binary into a real
/// warehouse.
final class LineEndTests: XCTestCase {
    /// Ten 特困 cases, a line cut off inside case TK3 (line 4) and a page footer (line 7), with a blank line (line 2).
    static func feed(ending: String) -> String {
        let cases = CIGateTests.tekun(10).split(separator: "\n").map(String.init)
        let lines = [cases[0], "", cases[1], #"{"ajbh": "TK3", "hzxm": "#, cases[3], cases[4], "----- 第2页 -----"]
            + cases[5...]
        return lines.joined(separator: ending) + ending
    }

    /// Before, a CR-only file was one line to the reader: its first case loaded and the rest was one malformed_json
    /// reject on line 1.
    func testNDJSONRejectsNameTheirRealLineWhateverEndsTheLines() throws {
        for (name, ending) in [("LF", "\n"), ("CR LF", "\r\n"), ("CR", "\r")] {
            let fixture = try PipelineFixture(sources: "")
            let file = fixture.folder.appendingPathComponent("tekun.ndjson")
            try Self.feed(ending: ending).write(to: file, atomically: true, encoding: .utf8)
            try fixture.rewrite(sources: CIGateTests.tekunSource(file) + "\n    max_reject_ratio: 0.5")
            let run = try fixture.run()
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 9, name)
            XCTAssertEqual(try fixture.rows("""
                SELECT record_number, line, rule, record_key FROM etl_reject WHERE severity = 'error' ORDER BY record_number
                """).map { "\($0["record_number"] as Int? ?? 0):\($0["line"] as Int? ?? 0):\($0["rule"] as String? ?? "-"):\($0["record_key"] as String? ?? "-")" },
                ["3:4:malformed_json:TK3", "6:7:malformed_json:-"], name)
            let footer: String? = try fixture.query("SELECT message FROM etl_reject WHERE line = 7")
            XCTAssertTrue(footer?.hasPrefix("line 7 is a page footer (`----- 第2页 -----`), not JSON") ?? false, "\(name): \(footer ?? "none")")
            XCTAssertTrue(run.stderr.contains("tekun.ndjson:4: record 3:"), "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("tekun.ndjson:7: record 6: line 7 is a page footer"), "\(name): \(run.stderr)")
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household WHERE head_name = '测特困10'
                """) as Int?, 1, name)
        }
    }
}
