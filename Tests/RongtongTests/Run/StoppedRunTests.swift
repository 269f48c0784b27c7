import Foundation
import GRDB
import XCTest

/// The unattended night when it goes wrong: a warehouse file emptied by a failed restore, a run killed right after
/// its load committed, a run stopped by SIGTERM/SIGINT/SIGHUP, and the run after each (trial 14-d).
final class StoppedRunTests: XCTestCase {
    static let interruptedMessage = "the process ended before the run finished (killed or stopped); nothing of the unfinished stage was committed"

    /// `: > warehouse.sqlite` (a truncated copy, a failed restore) is a warehouse lost, not a new one: exit 1 with one
    /// line naming the file and what to do, the empty file and staging left as they were. Before, the run built a
    /// new warehouse over it (run 1 again, a new key fingerprint, staging discarded) and exited 0.
    func testAnEmptyWarehouseFileIsRefusedAndNothingIsWritten() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        // A staged batch the emptied warehouse's staging still holds.
        let staged = try Data(contentsOf: fixture.staging)
        try Data().write(to: fixture.warehouse)

        let refused = try fixture.run(["--quiet"])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        let lines = refused.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("warehouse.sqlite: the warehouse file is empty (0 bytes)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Restore the file from a backup, or delete it to start a new warehouse on purpose"),
                      refused.stderr)
        let size = try FileManager.default.attributesOfItem(atPath: fixture.warehouse.path)[.size] as? NSNumber
        XCTAssertEqual(size?.intValue, 0, "nothing is written to the empty file")
        XCTAssertEqual(try Data(contentsOf: fixture.staging), staged, "staging is untouched")
        // `status` reads no runs out of it, and says why.
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(status.status, 1, status.stderr)
        XCTAssertTrue(status.stderr.contains("the warehouse file is empty (0 bytes)"), status.stderr)

        // Deleted on purpose: a new warehouse, as where no file ever was.
        try FileManager.default.removeItem(at: fixture.warehouse)
        let fresh = try fixture.run()
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }

    /// A kill in the moment after the load committed leaves a run record that adds up: the counts commit with the
    /// load. The next run records it as interrupted, with a warning also under --quiet. Before, the run stayed
    /// `running` with 0 read and 0 loaded while its records were loaded under it, forever.
    func testAKillRightAfterTheLoadCommitLeavesARunThatAddsUp() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let killed = try fixture.run(environment: ["RONGTONG_TEST_KILL_AFTER_LOAD_COMMIT": "1"])
        XCTAssertEqual(killed.status, 9, "the process should have died by SIGKILL: \(killed.stderr)")
        let run = try XCTUnwrap(fixture.rows("SELECT * FROM etl_run WHERE run_id = 1").first)
        XCTAssertEqual(run["status"] as String?, "running")
        XCTAssertEqual(run["rows_read"] as Int?, 5)
        XCTAssertEqual(run["rows_loaded"] as Int?, 4)
        XCTAssertEqual(run["rows_rejected"] as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_loaded) FROM etl_run_batch WHERE run_id = 1") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        // Before the next run, `status` already says the run is over: no process holds the warehouse's lock.
        let before = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(before.status, 0, before.stderr)
        let beforeLine = try XCTUnwrap(before.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") })
        XCTAssertTrue(beforeLine.hasPrefix("1    interrupted "), before.stdout)
        XCTAssertTrue(before.stdout.contains("no process holds the warehouse's lock"), before.stdout)
        let beforeJSON = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path, "--format", "json"])
        let object = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(beforeJSON.stdout.utf8)) as? [[String: Any]])?.first)
        XCTAssertEqual(object["status"] as? String, "interrupted")
        XCTAssertEqual(object["recorded_status"] as? String, "running")

        let next = try fixture.run(["--quiet"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(next.stderr.components(separatedBy: "warning: run 1 (pid ").count, 2, next.stderr)
        XCTAssertTrue(next.stderr.contains("; its load had committed 4 record(s), which are loaded) ended before it finished (the process was killed or stopped) and is now recorded as interrupted"),
                      next.stderr)
        let marked = try XCTUnwrap(fixture.rows("SELECT * FROM etl_run WHERE run_id = 1").first)
        XCTAssertEqual(marked["status"] as String?, "interrupted")
        XCTAssertEqual(marked["message"] as String?, "the process ended before the run finished (killed or stopped), after its load committed: its 4 loaded record(s) are in the warehouse")
        XCTAssertNil(marked["finished_at"] as String?)
        XCTAssertEqual(marked["rows_read"] as Int?, 5, "its counts stay")
        XCTAssertEqual(marked["rows_loaded"] as Int?, 4)
        // The unchanged file is skipped, not read again: every read is in one run.
        XCTAssertEqual(try fixture.query("SELECT SUM(rows_read) FROM etl_run") as Int?, 5)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 2") as String?, "succeeded")

        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(status.status, 0, status.stderr)
        let line = try XCTUnwrap(status.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") })
        XCTAssertTrue(line.contains("interrupted"), status.stdout)
        XCTAssertTrue(status.stdout.contains("after its load committed: its 4 loaded record(s) are in the warehouse"), status.stdout)
        // Said once: the run after finds nothing more to record.
        let third = try fixture.run(["--quiet"])
        XCTAssertEqual(third.status, 0)
        XCTAssertEqual(third.stderr, "")
    }

    /// SIGTERM (systemd stopping the service), SIGINT and SIGHUP in the middle of the load: one line on stderr, exit
    /// 128 + the signal, nothing of the load committed; the next run records the run as interrupted, loads, and
    /// counts the records the stopped run read. Before, the process died silently by the signal and stayed `running`.
    func testStopSignalsSayWhatWasLeftAndExit128PlusTheSignal() throws {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT"), (SIGHUP, "SIGHUP")] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
            let stopped = try fixture.run(environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2",
                                                        "RONGTONG_TEST_KILL_SIGNAL": "\(number)"])
            XCTAssertEqual(stopped.status, 128 + number, "\(name): \(stopped.stderr)")
            XCTAssertTrue(stopped.stderr.hasSuffix("rongtong: stopped by \(name); the unfinished stage is not committed, the next run picks up where this one stopped\n"),
                          "\(name): \(stopped.stderr)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 0, name)
            XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 1") as String?, "running", name)

            let next = try fixture.run()
            XCTAssertEqual(next.status, 0, next.stderr)
            XCTAssertTrue(next.stderr.contains("recorded as interrupted"), next.stderr)
            XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 1") as String?, "interrupted", name)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4, name)
            // The stopped run recorded no reads: the run that took its batch from staging counts them.
            XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_run WHERE run_id = 2") as Int?, 5, name)
        }
    }

    /// Trial 20l, repro 3: SIGTERM in the first 0.2 s of a run (while the pipeline file and the region table were
    /// read) exited 143 with nothing on stderr: the handler was installed after them. It is now installed first: the
    /// line says the run stopped before it started, that nothing was committed and no run was recorded, and the next
    /// run has nothing to record as interrupted.
    func testAStopBeforeTheRunStartedSaysNothingWasCommitted() throws {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
            let stopped = try fixture.run(environment: ["RONGTONG_TEST_STOP_BEFORE_CONFIG": "1",
                                                        "RONGTONG_TEST_KILL_SIGNAL": "\(number)"])
            XCTAssertEqual(stopped.status, 128 + number, "\(name): \(stopped.stderr)")
            XCTAssertEqual(stopped.stderr, "rongtong: stopped by \(name) before the run started; nothing was committed and no run was recorded\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.warehouse.path), name)

            let next = try fixture.run()
            XCTAssertEqual(next.status, 0, next.stderr)
            XCTAssertFalse(next.stderr.contains("interrupted"), next.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_run") as Int?, 1, name)
        }
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let json = try fixture.run(["--log-format", "json"], environment: ["RONGTONG_TEST_STOP_BEFORE_CONFIG": "1"])
        XCTAssertEqual(json.status, 143, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any])
        XCTAssertEqual(object["event"] as? String, "stopped")
        XCTAssertEqual(object["run_recorded"] as? Bool, false)
    }

    /// Under `--log-format json` the line a stop signal writes is a JSON object too, like every other stderr line.
    func testAStopSignalUnderJSONLogFormatWritesAJSONLine() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let stopped = try fixture.run(["--log-format", "json"],
                                      environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2", "RONGTONG_TEST_KILL_SIGNAL": "\(SIGTERM)"])
        XCTAssertEqual(stopped.status, 143, stopped.stderr)
        let last = try XCTUnwrap(stopped.stderr.split(separator: "\n").last)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        XCTAssertEqual(object["event"] as? String, "stopped")
        XCTAssertEqual(object["signal"] as? String, "SIGTERM")
        XCTAssertEqual(object["exit_code"] as? Int, 143)
    }

    /// With `--metrics-file`, a stopped run writes the metrics of a stopped run from its signal handler: last run
    /// failed, exit code 143, the time of the stop, the last success carried over. Before (trial 14-d), the file kept
    /// the previous night's `last_run_exit_code 0` / `last_run_success 1`, and only a staleness alert could fire.
    func testAStoppedRunWritesItsExitCodeToTheMetricsFile() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let metrics = fixture.folder.appendingPathComponent("metrics/rongtong.prom")
        XCTAssertEqual(try fixture.run(["--metrics-file", metrics.path]).status, 0)
        let before = try String(contentsOf: metrics, encoding: .utf8)
        let success = try XCTUnwrap(before.split(separator: "\n").first { $0.hasPrefix("rongtong_last_success_timestamp_seconds{") })

        try FileManager.default.removeItem(at: fixture.warehouse)
        let started = Int(Date().timeIntervalSince1970)
        let stopped = try fixture.run(["--metrics-file", metrics.path, "--force"],
                                      environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2", "RONGTONG_TEST_KILL_SIGNAL": "\(SIGTERM)"])
        XCTAssertEqual(stopped.status, 143, stopped.stderr)
        let text = try String(contentsOf: metrics, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("rongtong_last_run_success{pipeline=\"test\"} 0"), text)
        XCTAssertTrue(lines.contains("rongtong_last_run_exit_code{pipeline=\"test\"} 143"), text)
        XCTAssertTrue(lines.contains(String(success)), "the last success is carried over: \(text)")
        let stoppedAt = try XCTUnwrap(lines.first { $0.hasPrefix("rongtong_last_run_timestamp_seconds{") }?.split(separator: " ").last.flatMap { Int($0) })
        XCTAssertTrue((started...(started + 120)).contains(stoppedAt), "\(stoppedAt) vs \(started)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: metrics.deletingLastPathComponent().path), ["rongtong.prom"])
    }
}
