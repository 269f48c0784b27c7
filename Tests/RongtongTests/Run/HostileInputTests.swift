import Foundation
import GRDB
import XCTest

/// Broken and hostile inputs: each gives a clear one-line error or reject, and nothing is half-loaded.
final class HostileInputTests: XCTestCase {
    private func csvSource(_ path: String, extra: String = "") -> String {
        """
          - name: feed
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            path: \(path)
            context: {prefecture: 贵阳市}
        \(extra)
        """
    }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = try TestPaths.temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func testSourcePathOutsideThePipelineRootIsRefused() throws {
        let fixture = try PipelineFixture(sources: csvSource("../../../etc/passwd"), root: nil)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is outside the pipeline's root"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.warehouse.path))
    }

    func testTruncatedCSVInsideAQuoteFailsTheRunAndStagesNothing() throws {
        let feed = try file("cut.csv", Array("户主姓名,家庭住址\n张三,\"白云区大山洞街道东升小区3栋".utf8))
        let fixture = try PipelineFixture(sources: csvSource(feed.path))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("cut.csv:2: file ends inside a quoted field"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run") as String?, "failed")
        let staged = try DatabaseQueue(path: fixture.staging.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM raw_record") }
        XCTAssertEqual(staged, 0)
    }

    /// A failed extract stage commits nothing: a good file read before the broken one leaves staging too.
    func testAFailedExtractStageLeavesNothingStaged() throws {
        let folder = try TestPaths.temporaryFolder()
        try Data("户主姓名,家庭住址\n张三,白云区大山洞街道东升小区3栋2单元101室\n".utf8)
            .write(to: folder.appendingPathComponent("a-good.csv"))
        try Data("户主姓名,家庭住址\n李四,\"白云区大山洞街道东升小区3栋".utf8).write(to: folder.appendingPathComponent("b-cut.csv"))
        let fixture = try PipelineFixture(sources: csvSource(folder.path + "/*.csv"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1, result.stderr)
        let staging = try DatabaseQueue(path: fixture.staging.path)
        XCTAssertEqual(try staging.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM batch") }, 0)
        XCTAssertEqual(try staging.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM raw_record") }, 0)
    }

    func testHugeSingleFieldStopsWithAClearErrorInBoundedMemory() throws {
        var bytes = Array("户主姓名,备注\n张三,\"".utf8)
        bytes += [UInt8](repeating: 0x41, count: 64 << 20)
        bytes += Array("\"\n".utf8)
        let feed = try file("huge.csv", bytes)
        let fixture = try PipelineFixture(sources: csvSource(feed.path))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("longer than max_field_bytes"), result.stderr)
    }

    func testBinaryGarbageIsRejectedRecordByRecordAndHeldBack() throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = Array("户主姓名,家庭住址\n".utf8)
        for _ in 0..<4096 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        let feed = try file("garbage.csv", bytes)
        let fixture = try PipelineFixture(sources: csvSource(feed.path))
        let result = try fixture.run()
        // 2 when the garbage made the file GB18030 and its header unreadable (nothing maps), else 1 or 3.
        XCTAssertTrue([1, 2, 3].contains(result.status), "garbage must not load cleanly: \(result.status) \(result.stderr)")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
    }

    /// A header-only file is an empty export; a 0-byte file is a failed one (exit 1, "the file is empty").
    func testHeaderOnlyFileLoadsNothingAndSucceedsAndAZeroByteFileFails() throws {
        let header = try PipelineFixture(sources: csvSource(try file("header.csv", Array("户主姓名,家庭住址\r\n".utf8)).path))
        let result = try header.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try header.query("SELECT rows_read FROM etl_batch") as Int?, 0)
        let empty = try PipelineFixture(sources: csvSource(try file("empty.csv", []).path))
        let failed = try empty.run()
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("the file is empty (0 bytes)"), failed.stderr)
        XCTAssertEqual(try empty.query("SELECT COUNT(*) FROM etl_batch") as Int?, 0)
    }

    func testNamesThatWouldBeSQLAreOnlyData() throws {
        let feed = try file("sql.csv", Array("\"x\"\"); DROP TABLE dwd_household; --\",家庭住址\n张三,白云区大山洞街道东升小区3栋2单元501室\n".utf8))
        let fixture = try PipelineFixture(sources: csvSource(feed.path, extra: """
                fields:
                  head_name: 'x"); DROP TABLE dwd_household; --'
            """))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "张三")
        let badName = try PipelineFixture(sources: csvSource(feed.path).replacingOccurrences(of: "name: feed", with: "name: \"feed'; DROP TABLE x; --\""))
        XCTAssertEqual(try badName.run().status, 2, "source names are restricted to codes")
    }

    func testFullDiskFailsCleanlyAndARerunWithSpaceSucceeds() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        // Room for the schema and the run record, not for the load.
        let full = try fixture.run(environment: ["RONGTONG_TEST_MAX_PAGE_COUNT": "60"])
        XCTAssertEqual(full.status, 1, full.stderr)
        XCTAssertTrue(full.stderr.lowercased().contains("full"), full.stderr)
        XCTAssertTrue(full.stderr.contains("warehouse.sqlite: database or disk is full (during the load; nothing of it was committed)"),
                      full.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_loaded FROM etl_run ORDER BY run_id DESC LIMIT 1") as Int?, 0,
                       "a load that failed loaded nothing")
        XCTAssertEqual(try fixture.query("PRAGMA integrity_check") as String?, "ok")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }

    func testPurgeStagingDeletesTheClearTextAndLoadedFilesStaySkipped() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.staging.path))
        let purge = try Rongtong.run(["purge-staging", fixture.file.path])
        XCTAssertEqual(purge.status, 0, purge.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.staging.path))
        let before = try fixture.contentDigest()
        let rerun = try fixture.run()
        XCTAssertEqual(rerun.status, 0)
        XCTAssertTrue(rerun.stderr.contains("unchanged and skipped"), rerun.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
    }

    func testAWarehouseBuiltUnderAnotherKeyIsRefused() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let other = try fixture.run(["--force"], key: "another-key-0123456789abcdef")
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("different personal-data key"), other.stderr)
        XCTAssertFalse(other.stderr.contains("another-key"), "the key itself never appears")
    }
}
