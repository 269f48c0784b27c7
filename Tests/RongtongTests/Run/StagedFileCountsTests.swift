import Foundation
import GRDB
import XCTest

/// How a file extracted by one run and loaded by another is counted and described.
final class StagedFileCountsTests: XCTestCase {
    /// A run killed after extracting never records its reads: the run that then loads the batch counts them, and
    /// says the file was taken from staging, where it used to say "unchanged and skipped" with 0 read.
    func testAFileExtractedByAKilledRunIsCountedByTheRunThatLoadsIt() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let killed = try fixture.run(environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2"])
        XCTAssertEqual(killed.status, 9, "the process should have died by SIGKILL: \(killed.stderr)")
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 1") as String?, "running")

        let rerun = try fixture.run()
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("grid: 5 read, 4 loaded, 1 rejected"), rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("1 file(s) already extracted, taken from staging"), rerun.stderr)
        XCTAssertFalse(rerun.stderr.contains("unchanged and skipped"), rerun.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_run WHERE run_id = 2") as Int?, 5)
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_read) FROM etl_run") as Int?, 5, "every read is in one run")
    }

    /// A file extracted by a `--stage extract` run that finished was counted there: the next run takes it from
    /// staging without counting it again; once loaded, it is unchanged and skipped.
    func testAFileExtractedByAFinishedRunIsTakenFromStagingAndCountedOnce() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let extract = try fixture.run(["--stage", "extract"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("grid: 5 read"), extract.stderr)
        let rest = try fixture.run()
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertTrue(rest.stderr.contains("grid: 0 read, 4 loaded, 1 rejected, 1 warnings, 1 file(s) already extracted, taken from staging"),
                      rest.stderr)
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_read) FROM etl_run") as Int?, 5)
        let again = try fixture.run()
        XCTAssertTrue(again.stderr.contains("grid: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                      again.stderr)
    }

    /// The README's way of rerunning stages, `--stage extract` then `--stage normalize --stage load`, says on the
    /// second run's line that the file was taken from staging, as a full run after `--stage extract` says; it said
    /// `grid: 0 read, 4 loaded` as if the records came from nowhere (trial 21g, D3). A load-only run of a file
    /// already loaded takes nothing from staging.
    func testANormalizeAndLoadRunSaysItTookTheExtractedFileFromStaging() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let extract = try fixture.run(["--stage", "extract"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("grid: 5 read"), extract.stderr)
        let rest = try fixture.run(["--stage", "normalize", "--stage", "load", "--source", "grid"])
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertTrue(rest.stderr.contains("grid: 0 read, 4 loaded, 1 rejected, 1 warnings, 1 file(s) already extracted, taken from staging"),
                      rest.stderr)
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_read) FROM etl_run") as Int?, 5, "counted once, by the extract")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        let forced = try fixture.run(["--stage", "normalize", "--stage", "load", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertFalse(forced.stderr.contains("taken from staging"), "loaded already: \(forced.stderr)")
    }

    /// `status` of a `--stage load` run: the run line's `read` is this run's extract (0), the source line the
    /// records of the batch it loaded; both said "read" and contradicted each other.
    func testStatusOfALoadOnlyRunDoesNotShowTwoReadCounts() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run(["--stage", "extract", "--stage", "normalize"]).status, 0)
        XCTAssertEqual(try fixture.run(["--stage", "load"]).status, 0)
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path, "--runs", "1"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("grid: 5 records in batch, 4 loaded, 1 rejected (loaded)"), status.stdout)
        XCTAssertFalse(status.stdout.contains("grid: 5 read"), status.stdout)
    }
}
