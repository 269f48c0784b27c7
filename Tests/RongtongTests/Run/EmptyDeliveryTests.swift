import Foundation
import GRDB
import XCTest

/// One rule for every format: a 0-byte file is a failed delivery, exit 1, naming the file; a file of no records (a
/// header-only CSV, a JSON `[]`, an NDJSON file of a blank line) is a delivery of zero records, and no mapped field
/// is said to "never occur" in it.
final class EmptyDeliveryTests: XCTestCase {
    static func civil(_ feed: URL, format: String) -> String {
        PipelineRunTests.source("civil", feed, format: format, owner: "黔南州民政局", kind: "department", extra: [
            "record_key: case_no", "context: {prefecture: 黔南州}",
            "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 家庭住址, tags: 保障类型}"])
    }

    func testAZeroByteNDJSONFileIsAFailedDelivery() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.ndjson")
        try Data().write(to: feed)
        let fixture = try PipelineFixture(sources: Self.civil(feed, format: "ndjson"))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("mz.ndjson: the file is empty (0 bytes): not even a JSON line; the export probably failed"), run.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch") as Int?, 0)
        let validate = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(validate.status, 1, validate.stdout)
        XCTAssertTrue(validate.stdout.contains("civil: failed"), validate.stdout)

        // A list of no cases from a tool that ends every line: zero records, and no field "never occurs".
        try "\n".write(to: feed, atomically: true, encoding: .utf8)
        let blank = try fixture.run()
        XCTAssertEqual(blank.status, 0, blank.stderr)
        XCTAssertFalse(blank.stderr.contains("never occurs"), blank.stderr)
    }

    /// A JSON `[]` is a delivery of no records: it loads, with no warning that a mapped field never occurs, so
    /// `validate --strict` passes it as `run` does.
    func testAnEmptyJSONArrayLoadsWithoutMappingWarnings() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("mz.json")
        try "[]\n".write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.civil(feed, format: "json"))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("never occurs"), run.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 0)
        let validate = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout)
    }
}
