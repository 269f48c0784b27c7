import Foundation
import XCTest

/// A census whose header was decoded in the wrong encoding: none of the mapped columns is found, and the error
/// opened with the count and the columns read (garbled) before it said why, at the end (`Check how the file is read:
/// field names hold undecodable bytes …`). The cause now comes first, as the stray-mark message does, then what it
/// made of the mapping; other hints (a delimiter, `skip_rows`) stay after the error. Real files through the real
/// binary (`validate` and `run`).
final class MissingColumnEncodingTests: XCTestCase {
    /// The first line of `text` that names `file`.
    private func line(naming file: String, in text: String) -> String {
        text.split(separator: "\n").first { $0.contains(file) }.map(String.init) ?? ""
    }

    func testAMisreadHeaderSaysTheEncodingBeforeTheMissingColumns() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        let census = DriftingFeedTests.census(6)
        let cases: [(declared: String, bytes: [UInt8], cause: String)] = [
            // GBK read as UTF-8.
            ("utf-8", try UTF8EvidenceTests.gb18030(census),
             "census.csv: sources.census: field names hold undecodable bytes (\u{FFFD}"),
            // UTF-8 read as GB18030.
            ("gb18030", Array(census.utf8),
             "census.csv: sources.census: field names look like UTF-8 read as gb18030 ("),
            // GBK behind a UTF-8 byte order mark, read as UTF-8.
            ("utf-8", [0xEF, 0xBB, 0xBF] + (try UTF8EvidenceTests.gb18030(census)),
             "census.csv: sources.census: field names hold undecodable bytes (\u{FFFD}"),
        ]
        for (declared, bytes, cause) in cases {
            try Data(bytes).write(to: feed)
            try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed, extra: ["encoding: \(declared)"]))
            let validate = try Rongtong.run(["validate", fixture.file.path])
            XCTAssertEqual(validate.status, 2, validate.stdout + validate.stderr)
            let run = try fixture.run()
            XCTAssertEqual(run.status, 2, run.stderr)
            for (what, text) in [("validate", validate.stdout), ("run", run.stderr)] {
                let said = line(naming: "census.csv: sources.census", in: text)
                guard let causeAt = said.range(of: cause), let count = said.range(of: ". So 5 mapped columns are not in the file: ")
                else { XCTFail("\(declared) \(what): \(said)"); continue }
                XCTAssertLessThan(causeAt.lowerBound, count.lowerBound, "\(declared) \(what): \(said)")
                XCTAssertTrue(said.lowercased().contains("set encoding: "), "\(declared) \(what): \(said)")
                XCTAssertFalse(said.contains("Check how the file is read"), "\(declared) \(what): \(said)")
            }
        }
    }

    /// A header read as intended that lacks a column says the mapping's error alone, as before.
    func testAHeaderReadAsIntendedSaysTheMissingColumnAlone() throws {
        let fixture = try PipelineFixture(sources: "")
        let feed = fixture.folder.appendingPathComponent("census.csv")
        try DriftingFeedTests.census(6, header: "户主名").write(to: feed, atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: DriftingFeedTests.censusSource(feed, extra: ["encoding: utf-8"]))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 2, validate.stdout + validate.stderr)
        let said = line(naming: "census.csv: sources.census", in: validate.stdout)
        XCTAssertTrue(said.contains("census.csv: sources.census.fields.head_name: column \"户主姓名\" is not in the file; its columns are: "), said)
        XCTAssertFalse(said.contains("encoding"), said)
    }
}
