import Foundation
import GRDB
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// What an operator at 3 a.m. and a CI system rely on: exit codes, the lock, quiet runs, metrics, junit.
final class OperationsTests: XCTestCase {
    func testSecondRunExitsFourNamingTheHolderAndTouchesNothing() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        let before = try fixture.contentDigest()
        // Hold the lock the way a running `rongtong run` does.
        let lockPath = fixture.warehouse.path + ".lock"
        let descriptor = open(lockPath, O_RDWR)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        ftruncate(descriptor, 0)
        _ = "pid \(getpid()) since 2026-11-29T02:15:00Z\n".withCString { write(descriptor, $0, strlen($0)) }
        let second = try fixture.run(["--force"])
        XCTAssertEqual(second.status, 4, second.stderr)
        XCTAssertTrue(second.stderr.contains("another run holds the lock (pid \(getpid()) since 2026-11-29T02:15:00Z)"), second.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
        // A holder that is not the run the note names (that run has ended): some other process.
        ftruncate(descriptor, 0)
        _ = pwrite(descriptor, "pid 4194303 since 2026-11-28T02:15:00Z\n", 39, 0)
        let third = try fixture.run(["--force"])
        XCTAssertEqual(third.status, 4, third.stderr)
        XCTAssertTrue(third.stderr.contains("another process holds the lock file; the last Rongtong run to take it was pid 4194303"), third.stderr)
        flock(descriptor, LOCK_UN)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0, "the lock is free again")
    }

    /// `load_mode: exclusive` loads through a rollback journal and hands the warehouse back in WAL mode; with a
    /// reader connected it loads shared instead, says so, and still loads.
    func testExclusiveLoadModeLoadsAndLeavesTheWarehouseInWALMode() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\nload_mode: exclusive")
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        XCTAssertEqual(try fixture.query("PRAGMA journal_mode") as String?, "wal")
        XCTAssertFalse(first.stderr.contains("loading shared instead"), first.stderr)

        // A reader inside a read transaction when the load starts: the journal cannot switch.
        let reader = try DatabaseQueue(path: fixture.warehouse.path)
        var second: CommandResult?
        try reader.read { db in
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dwd_household"), 4)
            second = try fixture.run(["--force"])
        }
        XCTAssertEqual(second?.status, 0, second?.stderr ?? "")
        XCTAssertTrue(second?.stderr.contains("loading shared instead") ?? false, second?.stderr ?? "")
        XCTAssertEqual(try fixture.query("PRAGMA journal_mode") as String?, "wal")
    }

    func testUnknownLoadModeIsAConfigurationError() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\nload_mode: fast")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("load_mode"), result.stderr)
    }

    func testQuietSuccessPrintsNothingButQuietFailureStillSpeaks() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let quiet = try fixture.run(["--quiet"])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.stderr, "")
        let noKey = try fixture.run(["--quiet"], key: nil)
        XCTAssertEqual(noKey.status, 2)
        XCTAssertFalse(noKey.stderr.isEmpty)
    }

    func testMetricsFileIsValidPrometheusTextWithPerSourceCounts() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let metrics = fixture.folder.appendingPathComponent("textfile/rongtong.prom")
        XCTAssertEqual(try fixture.run(["--metrics-file", metrics.path]).status, 0)
        let text = try String(contentsOf: metrics, encoding: .utf8)
        XCTAssertTrue(text.contains("rongtong_records_read{pipeline=\"test\",source=\"grid\"} 5\n"), text)
        XCTAssertTrue(text.contains("rongtong_records_rejected{pipeline=\"test\",source=\"grid\"} 1\n"), text)
        XCTAssertTrue(text.contains("rongtong_last_run_success{pipeline=\"test\"} 1\n"), text)
        // A failed run keeps the last success timestamp of the previous file.
        let success = text.split(separator: "\n").first { $0.hasPrefix("rongtong_last_success_timestamp_seconds") }
        XCTAssertEqual(try fixture.run(["--metrics-file", metrics.path], key: nil).status, 2)
        let after = try String(contentsOf: metrics, encoding: .utf8)
        XCTAssertTrue(after.contains("rongtong_last_run_success{pipeline=\"test\"} 0"), after)
        XCTAssertEqual(after.split(separator: "\n").first { $0.hasPrefix("rongtong_last_success_timestamp_seconds") }, success)
        try assertParsesAsPrometheus(metrics)
    }

    /// Checks the file with prometheus_client's own parser (installed by `make test` under .build/pyenv).
    private func assertParsesAsPrometheus(_ file: URL) throws {
        let python = TestPaths.projectRoot.appendingPathComponent(".build/pyenv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("prometheus_client not installed; `make test` installs it into .build/pyenv")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
            assert any(f.name == 'rongtong_records_read' for f in families), families
            print(len(families))
            """, file.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "prometheus_client could not parse \(file.path)")
    }

    func testValidateJUnitIsXMLWithOneTestcasePerSourceAndWritesNoWarehouse() throws {
        let folder = try TestPaths.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.csv")
        // Head names without an ID or address: not identifiable. (Rows with only their 序号 are template furniture.)
        try "序号,户主姓名,身份证号\n1,张三,\n2,李四,\n".write(to: bad, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + """

              - name: broken
                owner: 贵阳市
                kind: city
                entity: household
                format: csv
                path: \(bad.path)
            """)
        let result = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(result.status, 3, result.stderr)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let cases = try document.nodes(forXPath: "//testsuite/testcase")
        XCTAssertEqual(cases.map { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }, ["grid", "broken"])
        XCTAssertEqual(try document.nodes(forXPath: "//testcase[@name='broken']/failure").count, 1)
        XCTAssertEqual(try document.nodes(forXPath: "//testcase[@name='grid']/failure").count, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.warehouse.path), "validate must not write the warehouse")

        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let sources = ((object?["pipelines"] as? [[String: Any]])?.first?["sources"] as? [[String: Any]]) ?? []
        XCTAssertEqual(sources.map { $0["verdict"] as? String }, ["ok", "over_threshold"])
    }

    /// `validate` judges `max_reject_ratio` and `max_rejects` per file, as `run` holds back batches: a bad file
    /// among good ones fails the CI gate, and files each under `max_rejects` pass it although their sum is over.
    func testValidateJudgesRejectThresholdsPerFileAsRunDoes() throws {
        let folder = try TestPaths.temporaryFolder()
        let header = "编号,户主姓名,身份证号,家庭住址\n"
        func write(_ name: String, good: Int, bad: Int) throws {
            let rows = (0..<good).map { "\(name)\($0),住户\($0),,白云区大山洞街道东升小区\($0 + 1)栋1单元101室" }
                + (0..<bad).map { "\(name)x\($0),,," }
            try (header + rows.joined(separator: "\n") + "\n")
                .write(to: folder.appendingPathComponent("\(name).csv"), atomically: true, encoding: .utf8)
        }
        try write("a", good: 8, bad: 2)    // 20 % of this file
        try write("b", good: 30, bad: 0)   // 5 % of the source
        let source = PipelineRunTests.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
                                             extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.1"])
        let fixture = try PipelineFixture(sources: source)
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 3, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("a.csv: 2 of 10 records rejected (20.0%), over max_reject_ratio 10.0%"),
                      validate.stdout)
        XCTAssertFalse(validate.stdout.contains("b.csv:"), validate.stdout)
        XCTAssertEqual(try fixture.run().status, 3)

        try write("a", good: 7, bad: 3)
        try write("b", good: 7, bad: 3)
        try fixture.rewrite(sources: source.replacingOccurrences(of: "max_reject_ratio: 0.1",
                                                                 with: "max_reject_ratio: 1\n    max_rejects: 5"))
        let sum = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(sum.status, 0, sum.stdout + sum.stderr)
        XCTAssertTrue(sum.stdout.contains("grid: ok — 20 read, 6 rejected"), sum.stdout)
        XCTAssertEqual(try fixture.run().status, 0)
    }

    /// `validate --new-only` leaves out the files the warehouse already holds, as tonight's run would: a CI gate
    /// before the nightly load reports the new delivery's rejects, not last week's again. It writes nothing.
    func testValidateNewOnlyLeavesOutLoadedFiles() throws {
        let folder = try TestPaths.temporaryFolder()
        try "编号,户主姓名,家庭住址\nA1,张三,白云区大山洞街道东升小区3栋2单元101室\nA2,,\n"
            .write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", folder.appendingPathComponent("*.csv"),
            format: "csv", extra: ["record_key: 编号", "max_reject_ratio: 1"]))
        XCTAssertEqual(try fixture.run().status, 0)
        try "编号,户主姓名,家庭住址\nB1,李四,白云区大山洞街道东升小区3栋2单元102室\n"
            .write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: fixture.warehouse)
        let all = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(all.stdout.contains("grid: ok — 3 read, 1 rejected"), all.stdout)
        let new = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertEqual(new.status, 0, new.stdout + new.stderr)
        XCTAssertTrue(new.stdout.contains("grid: ok — 1 read, 0 rejected, 0 warnings, 1 file(s) left out"), new.stdout)
        XCTAssertEqual(try Data(contentsOf: fixture.warehouse), before)
    }

    /// A loaded file whose source's field mapping changed since is normalized and loaded again by tonight's run, so
    /// `validate --new-only` validates it instead of leaving it out (a CI gate passing a typo'd mapping).
    func testValidateNewOnlyValidatesALoadedFileTheRunWouldLoadAgain() throws {
        let folder = try TestPaths.temporaryFolder()
        try "编号,户主姓名,家庭住址,联系电话\nA1,张三,白云区大山洞街道东升小区3栋2单元101室,13985001001\n"
            .write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        func source(phone: String) -> String {
            PipelineRunTests.source("grid", folder.appendingPathComponent("*.csv"), format: "csv",
                                    extra: ["record_key: 编号", "context: {prefecture: 贵阳市}",
                                            "fields: {head_name: 户主姓名, address: 家庭住址, phone: \(phone)}"])
        }
        let fixture = try PipelineFixture(sources: source(phone: "联系电话"))
        XCTAssertEqual(try fixture.run().status, 0)
        let unchanged = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertTrue(unchanged.stdout.contains("1 file(s) left out"), unchanged.stdout)
        try fixture.rewrite(sources: source(phone: "联系电化"))
        let edited = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertNotEqual(edited.status, 0, edited.stdout)
        XCTAssertFalse(edited.stdout.contains("left out"), edited.stdout)
        XCTAssertTrue(edited.stdout.contains("column \"联系电化\" is not in the file"), edited.stdout)
    }

    /// A failed run's JSON `failure` event names its pipeline, source and stage; its summary line names the reject
    /// rules (a `--quiet` cron mail shows no reject lines); its rejects are not said to be in etl_reject, which
    /// a failed run leaves untouched; and the metrics give the run's real duration.
    func testAFailedRunSaysWhereItFailedAndWhy() throws {
        let folder = try TestPaths.temporaryFolder()
        let ragged = (2...26).map { "A\($0),李\($0)" }.joined(separator: "\n")
        try "编号,户主姓名,家庭住址\nA1,张三,白云区大山洞街道东升小区3栋2单元101室\n\(ragged)\n"
            .write(to: folder.appendingPathComponent("grid.csv"), atomically: true, encoding: .utf8)
        try "<户籍><户 户号=\"P1\"><户主>赵六</户主>"
            .write(to: folder.appendingPathComponent("registry.xml"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", folder.appendingPathComponent("grid.csv"), format: "csv",
                                    extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 1"]),
            PipelineRunTests.source("registry", folder.appendingPathComponent("registry.xml"), format: "xml",
                                    extra: ["options: {record_path: /户籍/户}", "fields: {head_name: 户主}"]),
        ].joined(separator: "\n"))
        let metrics = fixture.folder.appendingPathComponent("rongtong.prom")
        let quiet = try fixture.run(["--quiet", "--metrics-file", metrics.path])
        XCTAssertEqual(quiet.status, 1, quiet.stderr)
        XCTAssertTrue(quiet.stderr.contains("grid: 26 read, 0 loaded, 25 rejected, 0 warnings; rejected for ragged_row 25"),
                      quiet.stderr)
        XCTAssertTrue(quiet.stderr.contains("the file ends inside element <户> (truncated?)"), quiet.stderr)
        XCTAssertFalse(quiet.stderr.contains("Extra content"), quiet.stderr)
        let text = try String(contentsOf: metrics, encoding: .utf8)
        let duration = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("rongtong_last_run_duration_seconds") })
        let seconds = try XCTUnwrap(Double(duration.split(separator: " ").last.map(String.init) ?? ""))
        XCTAssertGreaterThan(seconds, 0.005, String(duration))
        XCTAssertTrue(text.contains("stage=\"extract\""), text)

        let json = try fixture.run(["--log-format", "json"])
        let objects = json.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let failure = try XCTUnwrap(objects.first { $0["event"] as? String == "failure" }, json.stderr)
        XCTAssertEqual(failure["source"] as? String, "registry")
        XCTAssertEqual(failure["stage"] as? String, "extract")
        XCTAssertEqual(failure["pipeline"] as? String, "test")
        let grid = try XCTUnwrap(objects.first { $0["event"] as? String == "source_summary" && $0["source"] as? String == "grid" })
        XCTAssertEqual((grid["rejected_by_rule"] as? [String: Any])?["ragged_row"] as? Int, 25)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        let verbose = try fixture.run()
        XCTAssertTrue(verbose.stderr.contains("… 5 more rejects of grid not written to etl_reject (the run failed"), verbose.stderr)
    }

    /// A large feed's 20 lines went to its first rejects in file order, mostly warnings (trial 19e: 4 of the grid's
    /// 20 lines were records not loaded). Now the records not loaded come first, with five warnings kept, still in
    /// file order; the summary line names the commonest warning rules too (`warned for phone_invalid 30`).
    func testALargeFeedsLinesShowTheRecordsNotLoadedFirst() throws {
        let folder = try TestPaths.temporaryFolder()
        var rows = ["编号,户主姓名,身份证号,联系电话,家庭住址"]
        rows += (1...30).map { "W\($0),测户主\($0),,1234567\($0),南明区新华路街道梧桐苑1栋1单元\(100 + $0)室" }
        rows += (1...25).map { "E\($0),,,," }
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("grid.csv"), atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", folder.appendingPathComponent("grid.csv"),
            format: "csv", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 1"]))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stderr.split(separator: "\n").filter { $0.contains("grid.csv:") }
        XCTAssertEqual(lines.count, 20, run.stderr)
        XCTAssertEqual(lines.filter { $0.hasSuffix(", error]") }.count, 15, run.stderr)
        XCTAssertEqual(lines.filter { $0.hasSuffix(", warning]") }.count, 5, run.stderr)
        XCTAssertTrue(lines[0].contains("grid.csv:2: record 1:"), "file order: \(lines[0])")
        XCTAssertTrue(lines[5].contains("grid.csv:32: record 31:"), "then the errors: \(lines[5])")
        XCTAssertTrue(run.stderr.contains("… 10 more rejects and 25 more warnings of grid in etl_reject"), run.stderr)
        XCTAssertTrue(run.stderr.contains("grid: 55 read, 30 loaded, 25 rejected, 30 warnings"), run.stderr)
        XCTAssertTrue(run.stderr.contains("; warned for phone_invalid 30"), run.stderr)
    }

    /// With `--log-format json`, every line on stderr is a JSON object: logs, rejects, held-back sources, the
    /// summaries and a failure, with counts as numbers.
    func testJSONLogFormatMakesEveryStderrLineAJSONObject() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source.replacingOccurrences(
            of: "max_reject_ratio: 0.5", with: "max_reject_ratio: 0.1"))
        let result = try fixture.run(["--log-format", "json", "-v"])
        XCTAssertEqual(result.status, 3, result.stderr)
        let objects = try result.stderr.split(separator: "\n").map { line -> [String: Any] in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try XCTUnwrap(object, String(line))
        }
        let events = objects.compactMap { $0["event"] as? String }
        XCTAssertEqual(Set(events), ["reject", "held_back", "source_summary", "run_summary"])
        // A reject's level is its severity.
        let rejects = objects.filter { $0["event"] as? String == "reject" }
        XCTAssertFalse(rejects.isEmpty)
        for reject in rejects {
            let message = try XCTUnwrap(reject["message"] as? String)
            XCTAssertEqual(reject["level"] as? String, message.hasSuffix(", error]") ? "error" : "warning", message)
        }
        XCTAssertTrue(rejects.contains { $0["level"] as? String == "error" })
        let run = try XCTUnwrap(objects.last)
        XCTAssertEqual(run["status"] as? String, "partial")
        XCTAssertEqual(run["exit_code"] as? Int, 3)
        XCTAssertEqual(run["read"] as? Int, 5)
        XCTAssertTrue(objects.contains { $0["message"] as? String == "extracted" && $0["records"] as? Int == 5 }, result.stderr)
        // A pipeline file that does not load is a JSON line too.
        try fixture.rewrite(sources: "  - name: grid\n    format: cvs")
        let broken = try fixture.run(["--log-format", "json"])
        XCTAssertEqual(broken.status, 2)
        let failure = try JSONSerialization.jsonObject(with: Data(broken.stderr.utf8)) as? [String: Any]
        XCTAssertEqual(failure?["event"] as? String, "failure")
    }

    /// Loading alone after the staging was purged has nothing to load, and says so.
    func testLoadAloneWithNothingStagedSaysSo() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)
        let load = try fixture.run(["--stage", "load", "--force"])
        XCTAssertEqual(load.status, 0, load.stderr)
        XCTAssertTrue(load.stderr.contains("nothing staged for this source, so there is nothing to load"), load.stderr)
        let again = try fixture.run()
        XCTAssertFalse(again.stderr.contains("nothing staged"), again.stderr)
    }

    /// Loading alone when every staged file is loaded already (a failed extract stages nothing) does nothing, and
    /// says why instead of a bare "succeeded".
    func testLoadAloneWithEveryStagedFileLoadedSaysSo() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(first.stderr.contains("nothing new to load"), first.stderr)
        let nothingNew = try fixture.run(["--stage", "load"])
        XCTAssertEqual(nothingNew.status, 0, nothingNew.stderr)
        XCTAssertTrue(nothingNew.stderr.contains("nothing new to load: every file staged for this source is loaded already"),
                      nothingNew.stderr)
        XCTAssertFalse(try fixture.run().stderr.contains("nothing new to load"))
    }

    /// After `--stage extract`, a `--stage load` finds the file extracted but not normalized: the warning names the
    /// normalize stage (not the extract stage, nor "loaded already"), and nothing is loaded until it runs. Work left
    /// undone is no success: the run ends `partial` with exit 3, as a held batch does, and `etl_run.message`,
    /// `status` and the summary name the file and why (a cron job hears of it).
    func testLoadAfterExtractAloneNamesTheNormalizeStageAndEndsPartial() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        let load = try fixture.run(["--stage", "load", "--source", "grid", "--quiet"])
        XCTAssertEqual(load.status, 3, load.stderr)
        XCTAssertTrue(load.stderr.contains("extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source grid)"),
                      load.stderr)
        XCTAssertTrue(load.stderr.contains("grid: not loaded: "), load.stderr)
        XCTAssertTrue(load.stderr.contains("grid: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 staged file(s) not loaded"), load.stderr)
        XCTAssertTrue(load.stderr.contains("run 2 partial: 0 read, 0 loaded"), load.stderr)
        XCTAssertFalse(load.stderr.contains("nothing new to load"), load.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 0)
        let run = try XCTUnwrap(try fixture.rows("SELECT status, message FROM etl_run WHERE run_id = 2").first)
        XCTAssertEqual(run["status"] as String?, "partial")
        let message = try XCTUnwrap(run["message"] as String?)
        XCTAssertTrue(message.hasPrefix("grid: not loaded: ") && message.hasSuffix("gb18030-quoted-newlines.csv: extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source grid)"),
                      message)
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertTrue(status.stdout.contains("partial"), status.stdout)
        XCTAssertTrue(status.stdout.contains("       grid: not loaded: "), status.stdout)

        let normalized = try fixture.run(["--stage", "normalize", "--stage", "load", "--source", "grid"])
        XCTAssertEqual(normalized.status, 0, normalized.stderr)
        XCTAssertFalse(normalized.stderr.contains("not normalized"), normalized.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 3") as String?, "succeeded")
        XCTAssertNil(try fixture.query("SELECT message FROM etl_run WHERE run_id = 3") as String?)
    }

    /// A loaded file read again by `--stage extract` under edited extraction options (`encoding:`) waits for the
    /// normalize stage as a new file does: a `--stage load` names it `not loaded: … not normalized yet` and ends
    /// partial (exit 3), not `nothing new to load` with exit 0; `--stage normalize --stage load` loads it again.
    func testALoadedFileReadAgainUnderEditedOptionsIsReportedByALoadAloneAsNotNormalized() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        try fixture.rewrite(sources: PipelineRunTests.gb18030Source.replacingOccurrences(of: "encoding: gb18030", with: "encoding: auto"))
        let extract = try fixture.run(["--stage", "extract"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("grid: 5 read, 0 loaded"), extract.stderr)
        let load = try fixture.run(["--stage", "load"])
        XCTAssertEqual(load.status, 3, load.stderr)
        XCTAssertTrue(load.stderr.contains("gb18030-quoted-newlines.csv: extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source grid)"),
                      load.stderr)
        XCTAssertFalse(load.stderr.contains("nothing new to load"), load.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 3") as String?, "partial")
        let rest = try fixture.run(["--stage", "normalize", "--stage", "load"])
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertTrue(rest.stderr.contains("grid: 0 read, 4 loaded"), rest.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }

    /// The same for a file held back over its reject threshold and read again under edited options: the load-only
    /// run names it as waiting for the normalize stage, not as `still held back` (the hold is judged again once it is
    /// normalized), and ends partial (exit 3).
    func testAHeldFileReadAgainUnderEditedOptionsIsReportedByALoadAloneAsNotNormalized() throws {
        let held = PipelineRunTests.gb18030Source.replacingOccurrences(of: "max_reject_ratio: 0.5", with: "max_reject_ratio: 0.1")
        let fixture = try PipelineFixture(sources: held)
        XCTAssertEqual(try fixture.run().status, 3)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_batch") as String?, "held")
        try fixture.rewrite(sources: held.replacingOccurrences(of: "encoding: gb18030", with: "encoding: auto"))
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        let load = try fixture.run(["--stage", "load"])
        XCTAssertEqual(load.status, 3, load.stderr)
        XCTAssertTrue(load.stderr.contains("grid: not loaded: ") && load.stderr.contains("extracted but not normalized yet"), load.stderr)
        XCTAssertFalse(load.stderr.contains("still held back"), load.stderr)
        XCTAssertFalse(load.stderr.contains("nothing new to load"), load.stderr)
    }

    /// A full run normalizes what an earlier `--stage extract` left, so it never leaves a file unloaded for want of
    /// the normalize stage: it succeeds and loads it.
    func testFullRunAfterExtractAloneLoadsTheStagedFileAndSucceeds() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        let full = try fixture.run()
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertFalse(full.stderr.contains("not normalized"), full.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 2") as String?, "succeeded")
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 4)
    }

    /// Of two sources loaded alone, one normalized and one only extracted: the normalized one loads, the other is
    /// listed as not loaded, and the run is partial (exit 3); the next `--stage normalize --stage load` loads it.
    func testLoadAloneLoadsTheNormalizedSourceAndEndsPartialForTheOneOnlyExtracted() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("civil.ndjson")
        try [#"{"编号":"C1","户主姓名":"甲","家庭住址":"白云区大山洞街道东升小区3栋2单元101室"}"#,
             #"{"编号":"C2","户主姓名":"乙","家庭住址":"白云区大山洞街道东升小区3栋2单元102室"}"#]
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let civil = PipelineRunTests.source("civil", feed, format: "ndjson", owner: "贵州省民政厅", kind: "department",
                                            extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\n" + civil)
        XCTAssertEqual(try fixture.run(["--stage", "extract", "--stage", "normalize", "--source", "grid"]).status, 0)
        XCTAssertEqual(try fixture.run(["--stage", "extract", "--source", "civil"]).status, 0)
        let load = try fixture.run(["--stage", "load", "--log-format", "json"])
        XCTAssertEqual(load.status, 3, load.stderr)
        let events = load.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let notLoaded = events.filter { $0["event"] as? String == "not_loaded" }
        XCTAssertEqual(notLoaded.map { $0["source"] as? String }, ["civil"], load.stderr)
        let summaries = Dictionary(events.filter { $0["event"] as? String == "source_summary" }
            .map { ($0["source"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(summaries["grid"]?["loaded"] as? Int, 4)
        XCTAssertEqual(summaries["grid"]?["files_not_loaded"] as? Int, 0)
        XCTAssertEqual(summaries["civil"]?["files_not_loaded"] as? Int, 1)
        let summary = try XCTUnwrap(events.first { $0["event"] as? String == "run_summary" })
        XCTAssertEqual(summary["status"] as? String, "partial")
        XCTAssertEqual(summary["exit_code"] as? Int, 3)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 3") as String?, "partial")
        XCTAssertEqual(try fixture.query("SELECT group_concat(source_id) FROM etl_run_batch WHERE run_id = 3") as String?, "grid")
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM household_source WHERE source_id = 'civil'") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM etl_run WHERE run_id = 3 AND message LIKE 'civil: not loaded: %civil.ndjson: extracted but not normalized yet%'") as Int?, 1)

        let rest = try fixture.run(["--stage", "normalize", "--stage", "load"])
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 4") as String?, "succeeded")
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM household_source WHERE source_id = 'civil'") as Int?, 2)
    }

    /// A source with `when_missing: skip` whose file is absent tonight (民政's export did not arrive) is skipped with a
    /// warning: the other sources load, the run exits 0, and `etl_run` says which sources it was asked for and which
    /// it skipped; without the setting the missing file fails the whole run (exit 1), loading nothing. A `--source`
    /// rerun is recorded with its one source, and `status` shows both.
    func testAMissingFileOfASourceThatMayBeMissingSkipsOnlyThatSource() throws {
        let folder = try TestPaths.temporaryFolder()
        let missing = folder.appendingPathComponent("civil/assistance-*.ndjson")
        let civil = PipelineRunTests.source("civil", missing, format: "ndjson", owner: "省民政厅", kind: "department",
                                            extra: ["record_key: case_no"])
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\n" + civil)
        let strict = try fixture.run()
        XCTAssertEqual(strict.status, 1, strict.stderr)
        XCTAssertTrue(strict.stderr.contains("no file matches the path of source civil"), strict.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 0)

        try fixture.rewrite(sources: PipelineRunTests.gb18030Source + "\n" + civil + "\n    when_missing: skip")
        let skipped = try fixture.run()
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("civil: skipped, no file matches its path (when_missing: skip)"), skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("grid: 5 read, 4 loaded"), skipped.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 4)
        let run = try XCTUnwrap(try fixture.rows("SELECT * FROM etl_run WHERE run_id = 2").first)
        XCTAssertEqual(run["status"] as String?, "succeeded")
        XCTAssertEqual(run["sources"] as String?, "grid,civil")
        XCTAssertEqual(run["sources_skipped"] as String?, "civil")
        XCTAssertTrue((run["message"] as String? ?? "").hasPrefix("civil: skipped: "), "\(run)")
        XCTAssertNil(try fixture.query("SELECT sources_skipped FROM etl_run WHERE run_id = 1") as String?)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 1") as String?, "failed")

        // The cron line (--quiet) says the skip too, once, as the README's "skips that source with a warning".
        let quiet = try fixture.run(["--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: civil: ") && $0.hasSuffix("no file matches the path of source civil; skipped (when_missing: skip)") }.count, 1, quiet.stderr)

        let rerun = try fixture.run(["--source", "grid"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(try fixture.query("SELECT sources FROM etl_run WHERE run_id = 4") as String?, "grid")
        XCTAssertNil(try fixture.query("SELECT sources_skipped FROM etl_run WHERE run_id = 4") as String?)
        let status = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("sources: grid, civil (skipped, no file: civil)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("sources: grid\n"), status.stdout)
        let json = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path, "--format", "json"])
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["selected_sources"] as? [String] ?? [] }, [["grid"], ["grid", "civil"], ["grid", "civil"], ["grid", "civil"]])
        XCTAssertEqual(runs.map { $0["skipped_sources"] as? [String] ?? [] }, [[], ["civil"], ["civil"], []])
    }

    /// A folder that cannot be listed (here a symbolic link loop; for a cron user, `chmod 000` on the feed folder) is
    /// no missing feed: the run fails (exit 1), naming the folder and why, also under `when_missing: skip`. Before
    /// (trial 14-d), it said `no file matches the path`, and under `when_missing: skip` left the feed out silently.
    func testAFolderThatCannotBeListedIsNoMissingFeed() throws {
        let folder = try TestPaths.temporaryFolder()
        let civilFolder = folder.appendingPathComponent("civil")
        try FileManager.default.createSymbolicLink(atPath: civilFolder.path, withDestinationPath: civilFolder.path)
        let civil = PipelineRunTests.source("civil", civilFolder.appendingPathComponent("assistance-*.ndjson"), format: "ndjson",
                                            owner: "省民政厅", kind: "department", extra: ["record_key: case_no", "when_missing: skip"])
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\n" + civil)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("folder \(civilFolder.path): Too many levels of symbolic links: the files of source civil cannot be listed or read"),
                      result.stderr)
        XCTAssertFalse(result.stderr.contains("skipped"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 0)
    }

    /// A damaged staging database (or another file in its place) fails the run with one line naming the file, the
    /// stage and what to do (`purge-staging`), not GRDB's `SQLite error 26: … - while executing …`; after the purge
    /// the next run succeeds. A read-only warehouse file names the warehouse and its permissions likewise (trial 14-d).
    func testADamagedStagingDatabaseIsNamedWithWhatToDo() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: fixture.staging.path + suffix)
        }
        try Data(repeating: 0x41, count: 4096).write(to: fixture.staging)
        let damaged = try fixture.run()
        XCTAssertEqual(damaged.status, 1, damaged.stderr)
        XCTAssertTrue(damaged.stderr.contains("staging.sqlite: file is not a database (during opening staging; nothing of it was committed): the staging database holds only what a run reads again: delete it (`rongtong purge-staging` with the pipeline file)"),
                      damaged.stderr)
        XCTAssertFalse(damaged.stderr.contains("SQLite error"), damaged.stderr)
        let purged = try Rongtong.run(["purge-staging", fixture.file.path])
        XCTAssertEqual(purged.status, 0, purged.stderr)
        XCTAssertEqual(try fixture.run().status, 0)
    }

    /// A warehouse this user cannot write is refused before SQLite opens it, so no read-only `-shm` is left that
    /// outlives the fix of the warehouse's permissions (trial 14-d's recheck: every later night failed until the
    /// operator also fixed the -shm). A read-only `-shm` of this user left by an older run is made writable again;
    /// one of another user is refused, naming it. Run as `nobody` when the tests run as root (root writes anything).
    func testAReadOnlyWarehouseIsRefusedAndTheNextNightRunsOnceItIsWritable() throws {
        let asNobody = geteuid() == 0
        if asNobody && !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            throw XCTSkip("running as root without setpriv: no user to whom a 0444 file is read-only")
        }
        let launcher = asNobody ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: fixture.folder.path)
        let first = try fixture.run(launcher: launcher)
        XCTAssertEqual(first.status, 0, first.stderr)
        let warehouse = fixture.warehouse.path, shm = warehouse + "-shm"

        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: warehouse)
        let refused = try fixture.run(["--quiet"], launcher: launcher)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("warehouse.sqlite: this user cannot write the warehouse file (mode 0444); nothing was done: fix its permissions"), refused.stderr)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: shm))?[.posixPermissions] as? Int {
            XCTAssertNotEqual(mode & 0o200, 0, "a read-only -shm was made: \(String(mode, radix: 8))")
        }

        // The leftover of an older run: a read-only -shm of this user beside the warehouse made writable again.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: warehouse)
        FileManager.default.createFile(atPath: shm, contents: Data())
        let owner = asNobody ? 65534 : Int(geteuid())
        try FileManager.default.setAttributes([.posixPermissions: 0o444, .ownerAccountID: owner], ofItemAtPath: shm)
        let healed = try fixture.run(["--force"], launcher: launcher)
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_run WHERE status = 'succeeded'") as Int?, 2)

        // A read-only -shm of another user is not this run's to change: refused, naming it.
        guard asNobody else { return }
        FileManager.default.createFile(atPath: shm, contents: Data())
        try FileManager.default.setAttributes([.posixPermissions: 0o444, .ownerAccountID: 0], ofItemAtPath: shm)
        let foreign = try fixture.run(launcher: launcher)
        XCTAssertEqual(foreign.status, 1, foreign.stderr)
        XCTAssertTrue(foreign.stderr.contains("warehouse.sqlite-shm: this user cannot write SQLite's scratch file of the warehouse (mode 0444, owner root)"), foreign.stderr)
    }

    /// `validate` says a source skipped by `when_missing: skip` (no file matches its path) is skipped, not `ok` with
    /// 0 read: in text, in JSON (`verdict` `skipped`, `skipped` true, for a CI script) and in JUnit (`<skipped/>`, no
    /// failure). The skip leaves the exit code 0; without `when_missing: skip` the missing file is an error (exit 1).
    func testValidateSaysASourceMissingUnderWhenMissingSkipIsSkipped() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = PipelineRunTests.source("civil", folder.appendingPathComponent("civil/assistance-*.ndjson"),
                                            format: "ndjson", owner: "省民政厅", kind: "department",
                                            extra: ["record_key: case_no"])
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source + "\n" + civil + "\n    when_missing: skip")
        let text = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("  civil: skipped — "), text.stdout)
        XCTAssertTrue(text.stdout.contains("assistance-*.ndjson: no file matches the path of source civil (when_missing: skip)\n"), text.stdout)
        XCTAssertFalse(text.stdout.contains("civil: ok"), text.stdout)
        XCTAssertTrue(text.stdout.contains("grid: ok — 5 read"), text.stdout)

        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let pipeline = try XCTUnwrap((object["pipelines"] as? [[String: Any]])?.first)
        XCTAssertEqual(pipeline["exit_code"] as? Int, 0)
        let sources = try XCTUnwrap(pipeline["sources"] as? [[String: Any]])
        XCTAssertEqual(sources.map { $0["verdict"] as? String }, ["ok", "skipped"])
        XCTAssertEqual(sources.map { $0["skipped"] as? Bool }, [false, true])
        XCTAssertTrue((sources[1]["skipped_reason"] as? String ?? "").hasSuffix("no file matches the path of source civil (when_missing: skip)"),
                      "\(sources[1])")
        XCTAssertNil(sources[0]["skipped_reason"])

        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 0, junit.stderr)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        XCTAssertEqual(try document.nodes(forXPath: "//testcase[@name='civil']/skipped").count, 1, junit.stdout)
        XCTAssertEqual(try document.nodes(forXPath: "//failure").count, 0, junit.stdout)
        XCTAssertEqual(try document.nodes(forXPath: "//testsuite[@failures='0'][@skipped='1']").count, 1, junit.stdout)

        try fixture.rewrite(sources: PipelineRunTests.gb18030Source + "\n" + civil)
        let strict = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        XCTAssertEqual(strict.status, 1, strict.stdout + strict.stderr)
        let failed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any])
        let failedSources = try XCTUnwrap(((failed["pipelines"] as? [[String: Any]])?.first?["sources"]) as? [[String: Any]])
        XCTAssertEqual(failedSources.map { $0["verdict"] as? String }, ["ok", "failed"])
        XCTAssertEqual(failedSources.map { $0["skipped"] as? Bool }, [false, false])
    }

    /// `status` lists every run with what it loaded per source, also after a later run loaded the same batch again.
    func testStatusKeepsEachRunsSourcesAfterAForcedReload() throws {
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.run(["--stage", "load", "--force"]).status, 0)
        let result = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["run_id"] as? Int }, [2, 1])
        for run in runs {
            let sources = try XCTUnwrap(run["sources"] as? [[String: Any]])
            XCTAssertEqual(sources.map { $0["source"] as? String }, ["grid"], "run \(run["run_id"] ?? "?")")
            XCTAssertEqual(sources.first?["rows_loaded"] as? Int, 4)
        }
        let text = try Rongtong.run(["status", "--warehouse", fixture.warehouse.path])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stdout.components(separatedBy: "grid:").count - 1, 2, text.stdout)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try Rongtong.run(["run"]).status, 2)
        XCTAssertEqual(try Rongtong.run(["peek", "x.csv", "--format", "xls"]).status, 2)
        let fixture = try PipelineFixture(sources: PipelineRunTests.gb18030Source)
        let unknownSource = try fixture.run(["--source", "gird"])
        XCTAssertEqual(unknownSource.status, 2)
        XCTAssertTrue(unknownSource.stderr.contains("did you mean grid?"), unknownSource.stderr)
    }
}

extension OperationsTests {
    /// `validate --format text` shows, under each rule and severity, up to three reject lines of that rule AND that
    /// severity, even when more than 20 rejects of other rules come first in the file.
    func testValidateTextExamplesAreChosenPerRuleAndSeverity() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        let wrongCheck = String(NightsTests.zhang.dropLast()) + (NightsTests.zhang.hasSuffix("0") ? "1" : "0")
        var rows = ["序号,户主姓名,身份证号,联系电话,家庭住址"]
        for number in 1...24 {
            rows.append("\(number),张\(number),,1290000\(1000 + number),白云区大山洞街道东升小区3栋2单元\(100 + number)室")
        }
        rows.append("25,李四,\(wrongCheck),,白云区大山洞街道东升小区4栋1单元101室")
        rows.append("26,,\(wrongCheck),,")
        try (rows.joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: [
            "record_key: 序号",
            "context: {prefecture: 贵阳市}",
        ]))
        let result = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        // "    rule/severity: N" heads a group; its example lines follow, indented by six spaces.
        var groups: [(key: String, count: Int, examples: [String])] = []
        for line in result.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("      ") {
                groups[groups.count - 1].examples.append(line)
            } else if line.hasPrefix("    "), let colon = line.lastIndex(of: ":"),
                      let count = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)) {
                groups.append((line[..<colon].trimmingCharacters(in: .whitespaces), count, []))
            }
        }
        XCTAssertEqual(Set(groups.map(\.key)), ["id_check_character/error", "id_check_character/warning", "phone_invalid/warning"],
                       result.stdout)
        for group in groups {
            let parts = group.key.split(separator: "/")
            XCTAssertEqual(group.examples.count, min(group.count, 3), "\(group.key): \(group.examples)")
            for example in group.examples {
                XCTAssertTrue(example.hasSuffix("[\(parts[0]), \(parts[1])]"), "\(group.key) shows \(example)")
            }
        }
    }
}

extension OperationsTests {
    /// A `context:` that names no division is a configuration problem of the pipeline file: `run` and `validate`
    /// both exit 2 naming it with the file's line, before any feed is read (it used to be found at normalize, after
    /// every source was extracted, and then the whole run loaded nothing).
    func testABadContextIsAPipelineFileErrorFoundBeforeAnyFileIsRead() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        try "序号,户主姓名,身份证号,家庭住址\n1,张三,\(NightsTests.zhang),白云区大山洞街道东升小区3栋2单元101室\n"
            .write(to: feed, atomically: true, encoding: .utf8)
        let good = PipelineRunTests.source("good", feed, format: "csv", extra: ["record_key: 序号", "context: {prefecture: 贵阳市}"])
        let fixture = try PipelineFixture(sources: good + "\n" + PipelineRunTests.source("grid", feed, format: "csv", extra: [
            "record_key: 序号",
            "context: {prefecture: 贵阳县}",
        ]))
        let message = "sources[1].context.prefecture: \"贵阳县\" names no Guizhou prefecture"
        let run = try fixture.run()
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains(message), run.stderr)
        XCTAssertFalse(run.stderr.contains("read"), "nothing is read: \(run.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.staging.path), "no file was extracted")
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 2, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("configuration error: \(fixture.file.path):"), validation.stdout)
        XCTAssertTrue(validation.stdout.contains(message), validation.stdout)
        XCTAssertFalse(validation.stdout.contains("read"), "no source was extracted: \(validation.stdout)")

        // A county that lies in another prefecture: the parent by name, and where the county does lie; found with
        // the file's other problems (an unknown key), all in one round.
        try fixture.rewrite(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: [
            "record_key: 序号", "context: {prefecture: 黔南州, county: 碧江区}", "ownr: x"]))
        let elsewhere = try fixture.run()
        XCTAssertEqual(elsewhere.status, 2, elsewhere.stderr)
        XCTAssertTrue(elsewhere.stderr.contains(
            "sources[0].context.county: \"碧江区\" names no Guizhou county under 黔南布依族苗族自治州 (522700000000); 碧江区 is in 铜仁市 (520602000000)"),
            elsewhere.stderr)
        XCTAssertTrue(elsewhere.stderr.contains("ownr"), elsewhere.stderr)

        // A code of another level, or one outside the level above it, is refused too.
        for (context, message) in [
            ("{prefecture: 520113}", "sources[0].context.prefecture: 520113 is 白云区, a county, not a prefecture; give it as context.county"),
            ("{prefecture: 520100, county: 520302}", "sources[0].context.county: 520302 (红花岗区) does not lie in 贵阳市 (520100000000)"),
        ] {
            try fixture.rewrite(sources: PipelineRunTests.source("grid", feed, format: "csv", extra: [
                "record_key: 序号", "context: \(context)"]))
            let refused = try fixture.run()
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
    }
}

extension OperationsTests {
    /// A JSON source whose mapping misspells the phone field (`lxhd` for `lxdh`).
    static func typoFixture() throws -> PipelineFixture {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("api.json")
        try """
            {"data":{"rows":[{"id":"K1","hzxm":"张三","sfzh":"\(NightsTests.zhang)","lxdh":"13800138000"}]}}
            """.write(to: feed, atomically: true, encoding: .utf8)
        return try PipelineFixture(sources: PipelineRunTests.source("api", feed, format: "json", extra: [
            "options: {record_path: \"data.rows[*]\"}", "record_key: id", "context: {prefecture: 贵阳市}",
            "fields: {head_name: hzxm, head_id: sfzh, phone: lxhd}"]))
    }

    /// validate's JSON log lines carry the pipeline (and its file: several files may share a name), the stage and
    /// the source, as run's do; they used to carry the source alone.
    func testValidateLogLinesNameThePipelineStageAndSource() throws {
        let fixture = try Self.typoFixture()
        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json", "--log-format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let logs = try json.stderr.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
        let logged = try XCTUnwrap(logs.first { ($0["message"] as? String)?.contains("lxhd never occurs") ?? false }, json.stderr)
        XCTAssertEqual(logged["pipeline"] as? String, "test")
        XCTAssertEqual(logged["pipeline_file"] as? String, fixture.file.path)
        XCTAssertEqual(logged["stage"] as? String, "normalize")
        XCTAssertEqual(logged["source"] as? String, "api")
    }
}

extension OperationsTests {
    /// A misspelt field in a JSON mapping (`lxhd` for `lxdh`) was only a warning on stderr: CI, which publishes the
    /// JSON or JUnit report, stayed green with every phone dropped. It is now in every report format (the verdict
    /// stays `ok` and the exit 0: a field may be absent from one delivery); `--strict` fails the source, exit 2.
    func testAMappedNameThatNeverOccursIsInEveryValidateReportAndStrictFailsIt() throws {
        let fixture = try Self.typoFixture()
        let warning = "sources.api.fields.phone: lxhd never occurs in"

        let text = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("  api: ok — 1 read"), text.stdout)
        XCTAssertTrue(text.stdout.contains("    warning: \(warning)"), text.stdout)

        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        XCTAssertEqual(json.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let source = try XCTUnwrap(((object?["pipelines"] as? [[String: Any]])?.first?["sources"] as? [[String: Any]])?.first)
        XCTAssertEqual(source["verdict"] as? String, "ok")
        let warnings = try XCTUnwrap(source["mapping_warnings"] as? [String], json.stdout)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix(warning), "\(warnings)")

        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 0)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        let out = try document.nodes(forXPath: "//testcase[@name='api']/system-out").first?.stringValue ?? ""
        XCTAssertTrue(out.contains("warning: \(warning)"), out)

        let strict = try Rongtong.run(["validate", fixture.file.path, "--strict", "--format", "junit"])
        XCTAssertEqual(strict.status, 2, strict.stdout)
        let failed = try XMLDocument(data: Data(strict.stdout.utf8))
        let message = (try failed.nodes(forXPath: "//testcase[@name='api']/failure").first as? XMLElement)?
            .attribute(forName: "message")?.stringValue ?? ""
        XCTAssertTrue(message.contains("--strict: \(warning)"), strict.stdout)
    }

    /// Trial 15-b: `validate --format junit` gave a source that passed only `ragged_row/error: 1` in `<system-out>`,
    /// without file or line, so a CI job could not find the broken row. Each rule now comes with its first lines
    /// (file, line, record, field, message, rule), as the text output gives them.
    func testJUnitNamesTheRowsOfASourceThatPassed() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.csv")
        let rows = (1...12).map { n in
            "G\(n),测户主\(n),\(CSVRowShapePipelineTests.id(n)),碧江区环北街道北门小区\(n)栋1单元101室" + (n == 7 ? ",待复核" : "")
        }
        try (["编号,户主姓名,身份证号,家庭住址"] + rows).joined(separator: "\n").appending("\n")
            .write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "csv", owner: "铜仁市", extra: [
            "record_key: 编号", CSVRowShapePipelineTests.context, "max_reject_ratio: 0.2",
        ]))
        let junit = try Rongtong.run(["validate", fixture.file.path, "--format", "junit"])
        XCTAssertEqual(junit.status, 0, junit.stdout + junit.stderr)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        XCTAssertEqual(try document.nodes(forXPath: "//failure").count, 0, junit.stdout)
        let out = try document.nodes(forXPath: "//testcase[@name='grid']/system-out").first?.stringValue ?? ""
        XCTAssertTrue(out.contains("ragged_row/error: 1\n  \(feed.path):8: record 7: row has 5 fields, the header has 4 [ragged_row, error]"), out)
    }
}
