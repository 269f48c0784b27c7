import Foundation
import GRDB
import XCTest

/// Which files of a folder of deliveries a night reads (trials 20c and 20d): a file is unchanged when its content is
/// what the warehouse holds from the file's own lineage (its path, or the earlier-dated deliveries of its name), an
/// older dated file a later delivery on disk replaced is not read again (also not under `--force`, nor after an
/// edited encoding), and what the tool itself finds wrong with a delivery (a file cut off mid-row) is said under
/// `--quiet`.
final class DeliveryLineageTests: XCTestCase {
    typealias Redelivery = RedeliveryTests

    /// The census source alone, reading `path` (a glob), keyed by 序号, with `extra` keys.
    static func census(_ path: URL, extra: [String] = []) -> String {
        PipelineRunTests.source("census", path, format: "csv", owner: "安顺市",
                                extra: ["record_key: 序号", "context: {prefecture: 安顺市}"] + extra)
    }

    func tenure(_ fixture: PipelineFixture) throws -> String? {
        try fixture.query("SELECT tenure FROM dwd_household WHERE head_name = '测户1'")
    }

    /// Trial 20c, repro 1: 民政's dated whole lists left in the folder, `dibao_20241001` (C1 … C4) then
    /// `dibao_20241002` (C4 dropped). A forced rerun on that unchanged folder read both again and loaded them in
    /// name order, and 测户4 was 低保 again, in a new history version, exit 0. `--force` redoes the current delivery:
    /// the older list is skipped as a delivery the later one replaced, and nothing changes.
    func testAForcedRerunRedoesTheNewestDatedListOnly() throws {
        let (folder, fixture) = try twoDatedLists()
        func lowIncome() throws -> Int? { try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '测户4'") }
        XCTAssertEqual(try lowIncome(), 0)
        let versions: Int? = try fixture.query("SELECT COUNT(*) FROM dwd_household_history")

        let forced = try fixture.run(["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try lowIncome(), 0, "the newest list withdrew C4: \(forced.stderr)")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, versions, forced.stderr)
        XCTAssertTrue(forced.stderr.contains("dibao: 3 read, 3 loaded"), forced.stderr)
        XCTAssertEqual(try fixture.query("""
            SELECT file FROM etl_run_batch WHERE run_id = 3 AND source_id = 'dibao'
            """) as String?, folder.appendingPathComponent("dibao_20241002.ndjson").path)
    }

    /// Trial 20l, repro 1: as above, but the operator archived `dibao_20241002` once it loaded. A forced rerun of the
    /// source read `dibao_20241001` again as current, loaded it, and 测户4 was 低保 again, exit 0. The warehouse knows
    /// the later list loaded: the older one is not loaded over it, with a warning naming both and how to load it on
    /// purpose, and nothing changes.
    func testAForcedRerunLoadsNoOlderDatedListOnceTheNewerOneIsArchived() throws {
        let (folder, fixture) = try twoDatedLists()
        func lowIncome() throws -> Int? { try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '测户4'") }
        XCTAssertEqual(try lowIncome(), 0)
        let versions: Int? = try fixture.query("SELECT COUNT(*) FROM dwd_household_history")
        let archive = try TestPaths.temporaryFolder()
        try FileManager.default.moveItem(at: folder.appendingPathComponent("dibao_20241002.ndjson"),
                                         to: archive.appendingPathComponent("dibao_20241002.ndjson"))

        for options in [["--source", "dibao", "--force"], ["--force", "--quiet"], []] {
            let rerun = try fixture.run(options)
            XCTAssertEqual(rerun.status, 0, rerun.stderr)
            XCTAssertEqual(try lowIncome(), 0, "the newest list withdrew C4: \(options) \(rerun.stderr)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, versions, rerun.stderr)
            XCTAssertTrue(options.contains("--quiet") || rerun.stderr.contains("dibao: 0 read"), rerun.stderr)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM etl_run_batch b JOIN etl_run r USING (run_id)
                WHERE r.run_id = (SELECT MAX(run_id) FROM etl_run) AND b.file LIKE '%dibao_20241001%'
                """) as Int?, 0, rerun.stderr)
            let warned = rerun.stderr.contains("dibao_20241001.ndjson: not loaded: it is an older delivery than \(folder.path)/dibao_20241002.ndjson, which the warehouse loaded in run ")
            XCTAssertEqual(warned, !options.isEmpty, rerun.stderr)
        }
    }

    /// Trial 20d, repro 3: `grid_1101` (测户1 自有), `grid_1102` (租赁), then `grid_1103`, byte for byte `grid_1101`. The
    /// names carry no date stamp (four digits), so each is a file of its own; `grid_1103` is new under its name, and
    /// the warehouse holds 租赁 from the files before it: it is read and loaded, and 测户1 is 自有 again. It was skipped
    /// as `the same content as grid_1101.csv, loaded already`. A fourth night of the same files reads nothing.
    func testAnOlderContentUnderANewNameIsLoadedAgain() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.census(folder.appendingPathComponent("grid_*.csv")))
        for (name, said) in [("1101", "自有"), ("1102", "租赁"), ("1103", "自有")] {
            try Redelivery.census(first: said).write(to: folder.appendingPathComponent("grid_\(name).csv"), atomically: true, encoding: .utf8)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
            XCTAssertEqual(try tenure(fixture), said == "自有" ? "owned" : "rented", night.stderr)
            XCTAssertTrue(night.stderr.contains("census: 4 read, 4 loaded"), night.stderr)
        }
        let before = try fixture.contentDigest()
        let again = try fixture.run()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("census: 0 read, 0 loaded, 0 rejected, 0 warnings, 3 file(s) unchanged and skipped"),
                      again.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
        // Renamed, with nothing loaded after its content: the same content as loaded, skipped.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("grid_1103.csv"),
                                         to: folder.appendingPathComponent("grid_1103_archived.csv"))
        let renamed = try fixture.run()
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("census: 0 read, 0 loaded"), renamed.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
    }

    /// Trial 20d, night n11: dated census files left on disk, `_20261101` (自有), `_20261102` (租赁), `_20261103` (自有
    /// again). An edited encoding read the current file again, and the older ones too, and loaded `_20261103`'s
    /// content as `_20261101`'s; when `_20261105` arrived, `_20261103` looked replaced since and was read and loaded a
    /// second time (its rejects counted twice). Now the edit reads the current file only, and the night of
    /// `_20261105` reads that file alone.
    func testAnOlderDatedFileIsNotReadAgainWhenALaterOneArrives() throws {
        let folder = try TestPaths.temporaryFolder()
        let files = folder.appendingPathComponent("census_*.csv")
        let fixture = try PipelineFixture(sources: Self.census(files, extra: ["encoding: utf-8"]))
        func deliver(_ day: String, _ said: String) throws -> CommandResult {
            try Redelivery.census(first: said).write(to: folder.appendingPathComponent("census_\(day).csv"), atomically: true, encoding: .utf8)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
            return night
        }
        _ = try deliver("20261101", "自有")
        _ = try deliver("20261102", "租赁")
        _ = try deliver("20261103", "自有")
        XCTAssertEqual(try tenure(fixture), "owned")

        try fixture.rewrite(sources: Self.census(files, extra: ["encoding: auto"]))
        let edited = try fixture.run()
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stderr.contains("census: 4 read, 4 loaded"), edited.stderr)
        XCTAssertEqual(try fixture.query("SELECT file FROM etl_run_batch WHERE run_id = 4") as String?,
                       folder.appendingPathComponent("census_20261103.csv").path)
        XCTAssertEqual(try tenure(fixture), "owned")

        let next = try deliver("20261105", "租赁")
        XCTAssertTrue(next.stderr.contains("census: 4 read, 4 loaded"), next.stderr)
        XCTAssertEqual(try fixture.query("SELECT file FROM etl_run_batch WHERE run_id = 5") as String?,
                       folder.appendingPathComponent("census_20261105.csv").path)
        XCTAssertEqual(try tenure(fixture), "rented")
    }

    /// Trial 20d, repro 2: tonight's file is a copy still in progress, cut off mid-row. The cut row was a
    /// `ragged_row` reject saying `the file looks truncated`, and nothing else: under `--quiet` (the cron line) the
    /// night printed nothing and exited 0, with an empty `etl_run.message`. Now the run warns of the file under
    /// `--quiet` and in `etl_run.message`; it still loads what arrived and exits 0.
    func testAFileCutOffMidRowIsWarnedAboutUnderQuiet() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid_20261102.csv")
        let whole = Redelivery.census(first: "自有")
        try String(whole.dropLast(30)).write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.census(feed, extra: ["max_reject_ratio: 0.5"]))
        let night = try fixture.run(["--quiet"])
        XCTAssertEqual(night.status, 0, night.stderr)
        XCTAssertTrue(night.stderr.contains("warning: census: \(feed.path): the file looks truncated"), night.stderr)
        let message: String? = try fixture.query("SELECT message FROM etl_run WHERE run_id = 1")
        XCTAssertTrue(message?.contains("census: \(feed.path): the file looks truncated") ?? false, message ?? "no message")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'ragged_row'") as Int?, 1)
        // A whole file says nothing of the kind.
        try whole.write(to: feed, atomically: true, encoding: .utf8)
        let fixed = try fixture.run(["--quiet"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertFalse(fixed.stderr.contains("looks truncated"), fixed.stderr)
    }

    /// Trial 20d, repro 1: night 1 loads `grid_1101`; night 2 brings `grid_1102` under an edited encoding (which
    /// reads `grid_1101` again) and is killed in its load. Night 3 loaded both but said `30 read, 60 loaded, … 1
    /// file(s) unchanged and skipped`: the re-read file, loaded this run, was neither counted as read nor said to be
    /// taken from staging. Both are now taken from staging and counted as read.
    func testAFileReadAgainByAKilledRunIsCountedByTheRunThatLoadsIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let files = folder.appendingPathComponent("grid_*.csv")
        let fixture = try PipelineFixture(sources: Self.census(files, extra: ["encoding: utf-8"]))
        try Redelivery.census(first: "自有").write(to: folder.appendingPathComponent("grid_1101.csv"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        try Redelivery.census(first: "租赁").write(to: folder.appendingPathComponent("grid_1102.csv"), atomically: true, encoding: .utf8)
        try fixture.rewrite(sources: Self.census(files, extra: ["encoding: auto"]))
        let killed = try fixture.run(environment: ["RONGTONG_TEST_KILL_AFTER_LOADED": "2"])
        XCTAssertEqual(killed.status, 9, "the process should have died by SIGKILL: \(killed.stderr)")

        let rerun = try fixture.run()
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("census: 8 read, 8 loaded"), rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("2 file(s) already extracted, taken from staging"), rerun.stderr)
        XCTAssertFalse(rerun.stderr.contains("unchanged and skipped"), rerun.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_run WHERE run_id = 3") as Int?, 8)
        XCTAssertEqual(try tenure(fixture), "rented")
    }

    /// A census and 民政's dated whole lists `dibao_20241001` (C1 … C4) then `dibao_20241002` (C4 dropped), each loaded
    /// on its night: the folder and the fixture.
    private func twoDatedLists() throws -> (URL, PipelineFixture) {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        try Redelivery.census(first: "自有").write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Redelivery.sources(census: census, dibao: folder.appendingPathComponent("dibao_*.ndjson")))
        for (day, cases) in [("20241001", 4), ("20241002", 3)] {
            try Redelivery.dibao(cases: cases).write(to: folder.appendingPathComponent("dibao_\(day).ndjson"), atomically: true, encoding: .utf8)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
        }
        return (folder, fixture)
    }
}
