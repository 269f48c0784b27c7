import Foundation
import GRDB
import XCTest

/// A delivery byte for byte an older one of its path, after another delivery replaced it, is a new delivery: what
/// the warehouse holds from that path is the delivery in between, so skipping it by its content hash would keep the
/// in-between values (trial 18c). Only content that is what the warehouse holds from its path (or lineage) is
/// skipped as unchanged.
final class RedeliveryTests: XCTestCase {
    typealias Nights = NightsTests

    static let heads = ["测户1", "测户2", "测户3", "测户4"]
    static let ids = (0..<4).map { Nights.id("52040219\(60 + $0)0101011") }

    /// The census: every household 自有, but 测户1 `tenure` for the first.
    static func census(first tenure: String) -> String {
        (["序号,户主姓名,身份证号,家庭住址,住房性质"] + heads.indices.map { i in
            "\(i + 1),\(heads[i]),\(ids[i]),西秀区南街街道测东风小区\(i + 1)栋1单元101室,\(i == 0 ? tenure : "自有")"
        }).joined(separator: "\n") + "\n"
    }

    /// 民政's whole list of 低保 cases C1 … C`count`.
    static func dibao(cases count: Int) -> String {
        (0..<count).map { i in
            #"{"case_no": "C\#(i + 1)", "姓名": "\#(heads[i])", "身份证号": "\#(ids[i])", "地址": "西秀区南街街道测东风小区\#(i + 1)栋1单元101室", "是否低保": "是"}"#
        }.joined(separator: "\n") + "\n"
    }

    static func sources(census: URL, dibao: URL, censusKey: Bool = true) -> String {
        [PipelineRunTests.source("census", census, format: "csv", owner: "安顺市",
                                 extra: (censusKey ? ["record_key: 序号"] : []) + ["context: {prefecture: 安顺市}"]),
         PipelineRunTests.source("dibao", dibao, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "record_key: case_no", "context: {prefecture: 安顺市}",
            "fields: {head_name: 姓名, head_id: 身份证号, address: 地址, is_low_income: 是否低保}",
            "absent_means: {is_low_income: false}"])].joined(separator: "\n")
    }

    func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT head_name, tenure, is_low_income FROM dwd_household ORDER BY head_name").map {
            "\($0["head_name"] as String) \($0["tenure"] as String? ?? "-") \($0["is_low_income"] as Int? ?? -1)"
        }
    }

    /// Trial 18c's repro: night 1 census A (测户1 自有) and the list of C1 … C4; night 2 census B (测户1 租赁) and the
    /// list without C4 (测户4 withdrawn); night 3 the A files again, byte for byte night 1's, at the same paths. They
    /// are the newest deliveries of their paths: 测户1 is owned again, and C4, listed again, is 低保 again. Before,
    /// night 3 said `1 file(s) unchanged and skipped` for both and kept night 2's values. The night-1 batches load
    /// again as sightings of this run (etl_run_batch, household_source, last_seen_run, a history version); a fourth
    /// night of the same files is unchanged and changes nothing.
    func testAnOlderDeliveryDeliveredAgainIsLoadedAsTheNewestDelivery() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), dibao = folder.appendingPathComponent("dibao.ndjson")
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: dibao))
        func night(_ tenure: String, cases: Int) throws -> CommandResult {
            try Self.census(first: tenure).write(to: census, atomically: true, encoding: .utf8)
            try Self.dibao(cases: cases).write(to: dibao, atomically: true, encoding: .utf8)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            return result
        }
        _ = try night("自有", cases: 4)
        XCTAssertEqual(try households(fixture), ["测户1 owned 1", "测户2 owned 1", "测户3 owned 1", "测户4 owned 1"])
        let second = try night("租赁", cases: 3)
        XCTAssertTrue(second.stderr.contains("1 no longer listed"), second.stderr)
        XCTAssertEqual(try households(fixture), ["测户1 rented 1", "测户2 owned 1", "测户3 owned 1", "测户4 owned 0"])

        let third = try night("自有", cases: 4)
        XCTAssertFalse(third.stderr.contains("unchanged and skipped"), third.stderr)
        XCTAssertEqual(try households(fixture), ["测户1 owned 1", "测户2 owned 1", "测户3 owned 1", "测户4 owned 1"],
                       "the newest deliveries of both paths")
        // The night-1 batches, loaded again by run 3: first loaded by run 1, last by run 3, and a row of run 3 each.
        let batches = try fixture.rows("SELECT source_id, run_id, last_run_id FROM etl_batch WHERE run_id = 1 ORDER BY source_id")
        XCTAssertEqual(batches.map { "\($0["source_id"] as String) \($0["run_id"] as Int) \($0["last_run_id"] as Int)" },
                       ["census 1 3", "dibao 1 3"])
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM etl_run_batch r JOIN etl_batch b USING (batch_id)
            WHERE r.run_id = 3 AND b.run_id = 1 AND r.status = 'loaded' AND r.rows_loaded = 4
            """) as Int?, 2)
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM household_source s JOIN etl_batch b USING (batch_id) WHERE b.run_id = 1
            """) as Int?, 8, "every record's provenance is the night-1 batch again")
        // A sighting: last seen in run 3; 测户1 and 测户4 changed, so each has a version from run 3.
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE last_seen_run = 3") as Int?, 4)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name FROM dwd_household_history v JOIN dwd_household h USING (household_id)
            WHERE v.valid_from_run = 3 ORDER BY h.head_name
            """).map { $0["head_name"] as String }, ["测户1", "测户4"])

        // The same files a fourth night: what the warehouse holds from both paths, skipped, nothing changed.
        let before = try fixture.contentDigest()
        let fourth = try fixture.run()
        XCTAssertEqual(fourth.status, 0, fourth.stderr)
        XCTAssertTrue(fourth.stderr.contains("census: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                      fourth.stderr)
        XCTAssertTrue(fourth.stderr.contains("dibao: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                      fourth.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
    }

    /// Trial 20g's repro, stage by stage: census A loaded, then B, then A back at its path, read by `--stage extract`
    /// alone. The file is a new delivery waiting for the normalize stage, so a `--stage load` loads nothing of it,
    /// names it `not loaded: … extracted but not normalized yet` and ends partial (exit 3), as for a file of content
    /// never seen; before, it said `nothing new to load: every file staged for this source is loaded already` and
    /// exited 0. `--stage normalize --stage load` then loads it as the newest delivery (测户1 owned again).
    func testAnOlderDeliveryBackAndOnlyExtractedIsReportedByALoadAloneAsNotNormalized() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), dibao = folder.appendingPathComponent("dibao.ndjson")
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: dibao))
        try Self.dibao(cases: 4).write(to: dibao, atomically: true, encoding: .utf8)
        for tenure in ["自有", "租赁"] {
            try Self.census(first: tenure).write(to: census, atomically: true, encoding: .utf8)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
        }
        try Self.census(first: "自有").write(to: census, atomically: true, encoding: .utf8)
        let extract = try fixture.run(["--stage", "extract"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("census: 4 read, 0 loaded"), extract.stderr)

        let load = try fixture.run(["--stage", "load"])
        XCTAssertEqual(load.status, 3, load.stderr)
        XCTAssertTrue(load.stderr.contains("census: not loaded: \(census.path): extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source census)"),
                      load.stderr)
        XCTAssertTrue(load.stderr.contains("census: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 staged file(s) not loaded"), load.stderr)
        XCTAssertFalse(load.stderr.contains("source=census stage=load [RongtongRun] nothing new to load"), load.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 4") as String?, "partial")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_run WHERE run_id = 4 AND message LIKE 'census: not loaded: %census.csv: extracted but not normalized yet%'") as Int?, 1)
        XCTAssertEqual(try households(fixture).first, "测户1 rented 1", "nothing of the waiting file loaded")

        let rest = try fixture.run(["--stage", "normalize", "--stage", "load", "--source", "census"])
        XCTAssertEqual(rest.status, 0, rest.stderr)
        XCTAssertTrue(rest.stderr.contains("census: 0 read, 4 loaded"), rest.stderr)
        XCTAssertEqual(try households(fixture).first, "测户1 owned 1", "the newest delivery of the path")
        let again = try fixture.run(["--stage", "load", "--source", "census"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("nothing new to load"), again.stderr)
    }

    /// The same older delivery, read by `--stage extract` alone and replaced the next night by a new census before
    /// it was normalized: the full run loads the new census, exits 0 and names no file as not loaded. The waiting
    /// delivery is no longer the file's (the normalize stage leaves it), so no later night reports it either.
    func testAnOlderDeliveryOnlyExtractedThenReplacedIsNotReportedAsNotLoaded() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), dibao = folder.appendingPathComponent("dibao.ndjson")
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: dibao))
        try Self.dibao(cases: 4).write(to: dibao, atomically: true, encoding: .utf8)
        for tenure in ["自有", "租赁"] {
            try Self.census(first: tenure).write(to: census, atomically: true, encoding: .utf8)
            XCTAssertEqual(try fixture.run().status, 0)
        }
        try Self.census(first: "自有").write(to: census, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        try Self.census(first: "借住").write(to: census, atomically: true, encoding: .utf8)
        let night = try fixture.run()
        XCTAssertEqual(night.status, 0, night.stderr)
        XCTAssertFalse(night.stderr.contains("not loaded"), night.stderr)
        XCTAssertTrue(night.stderr.contains("census: 4 read, 4 loaded"), night.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run WHERE run_id = 4") as String?, "succeeded")
        let load = try fixture.run(["--stage", "load", "--source", "census"])
        XCTAssertEqual(load.status, 0, load.stderr)
        XCTAssertFalse(load.stderr.contains("not loaded"), load.stderr)
        XCTAssertTrue(load.stderr.contains("nothing new to load"), load.stderr)
    }

    /// The same for a census without `record_key`: its records, told apart by number only, are compared with the
    /// source's previous delivery (night 2's), not with what the same batch offered on night 1.
    func testAnOlderDeliveryOfAKeylessSourceDeliveredAgainIsLoaded() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), dibao = folder.appendingPathComponent("dibao.ndjson")
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: dibao, censusKey: false))
        try Self.dibao(cases: 4).write(to: dibao, atomically: true, encoding: .utf8)
        for tenure in ["自有", "租赁", "自有"] {
            try Self.census(first: tenure).write(to: census, atomically: true, encoding: .utf8)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try households(fixture), ["测户1 owned 1", "测户2 owned 1", "测户3 owned 1", "测户4 owned 1"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE last_seen_run = 3") as Int?, 4)
    }

    /// Dated deliveries of one list, each left on disk: `_20231005` (C1 … C4), `_20231006` (C4 dropped), then
    /// `_20231007`, byte for byte `_20231006`: what the warehouse holds from the lineage, skipped (`the same content
    /// as …`). Then `_20231008`, byte for byte `_20231005`: a new delivery after `_20231006` replaced it, loaded, and
    /// C4 is 低保 again. `_20231005`, still on disk, is never read again: a later delivery replaced it, and it
    /// replaced nothing.
    func testADatedDeliveryIsSkippedOnlyWhenItIsTheNewestDeliveryOfItsName() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        try Self.census(first: "自有").write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: folder.appendingPathComponent("dibao_*.ndjson")))
        func deliver(_ day: String, cases: Int) throws -> CommandResult {
            try Self.dibao(cases: cases).write(to: folder.appendingPathComponent("dibao_\(day).ndjson"), atomically: true, encoding: .utf8)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            return result
        }
        func lowIncome() throws -> Int? { try fixture.query("SELECT is_low_income FROM dwd_household WHERE head_name = '测户4'") }
        _ = try deliver("20231005", cases: 4)
        _ = try deliver("20231006", cases: 3)
        XCTAssertEqual(try lowIncome(), 0)
        let before = try fixture.contentDigest()
        let same = try deliver("20231007", cases: 3)
        XCTAssertTrue(same.stderr.contains("dibao: 0 read, 0 loaded, 0 rejected"), same.stderr)
        XCTAssertTrue(same.stderr.contains("dibao_20231007.ndjson"), same.stderr)
        XCTAssertTrue(same.stderr.contains("skipped: the same content as \(folder.path)/dibao_20231006.ndjson, loaded already"),
                      same.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before, "the newest delivery's content under a later name changes nothing")

        let back = try deliver("20231008", cases: 4)
        XCTAssertTrue(back.stderr.contains("dibao: 4 read, 4 loaded"), back.stderr)
        XCTAssertEqual(try lowIncome(), 1, "C4, listed again, is 低保 again")
        XCTAssertEqual(try fixture.query("SELECT file FROM etl_run_batch WHERE run_id = 4 AND source_id = 'dibao'") as String?,
                       folder.appendingPathComponent("dibao_20231008.ndjson").path)
        // Nothing new: every file on disk is skipped, `_20231005` (replaced long ago) included.
        let after = try fixture.contentDigest()
        let quiet = try fixture.run()
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertTrue(quiet.stderr.contains("dibao: 0 read, 0 loaded"), quiet.stderr)
        XCTAssertEqual(try fixture.contentDigest(), after)
        XCTAssertEqual(try lowIncome(), 1)
    }

    /// An A, A, A week: the second and third nights skip both files and change nothing; a forced rerun still reads
    /// and loads them, and changes nothing either.
    func testTheSameFilesEveryNightAreSkippedAndChangeNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), dibao = folder.appendingPathComponent("dibao.ndjson")
        try Self.census(first: "自有").write(to: census, atomically: true, encoding: .utf8)
        try Self.dibao(cases: 4).write(to: dibao, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.sources(census: census, dibao: dibao))
        XCTAssertEqual(try fixture.run().status, 0)
        let first = try fixture.contentDigest()
        for _ in 0..<2 {
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
            XCTAssertTrue(night.stderr.contains("census: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                          night.stderr)
            XCTAssertTrue(night.stderr.contains("dibao: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                          night.stderr)
            XCTAssertEqual(try fixture.contentDigest(), first)
        }
        let forced = try fixture.run(["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stderr.contains("census: 4 read, 4 loaded"), forced.stderr)
        XCTAssertEqual(try households(fixture), ["测户1 owned 1", "测户2 owned 1", "测户3 owned 1", "测户4 owned 1"])
        XCTAssertEqual(try fixture.query("SELECT MAX(last_seen_run) FROM dwd_household") as Int?, 1, "a forced reload is no sighting")
    }

    /// The same for a whole inventory of facilities (`absent_means: {status: out_of_service}`): the fire brigade's list
    /// names hydrants A … F, then drops B (out of service), then is night 1's list again byte for byte: B is listed
    /// again and in service, in a history version of run 3; before, the list was skipped as unchanged.
    func testAnOlderInventoryDeliveredAgainListsItsFacilitiesAgain() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("hydrants.ndjson")
        func line(_ key: String, _ index: Int) -> String {
            #"{"xh":"\#(key)","sslx":"消火栓","mc":"测试小区\#(index)号消火栓","dz":"钟山区荷城街道测试小区","wd":"26.58\#(index)00","jd":"104.83\#(index)00","jczt":"在用"}"#
        }
        let all = ["A", "B", "C", "D", "E", "F"]
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("fire", feed, format: "ndjson", entity: "facility",
                                                                           owner: "消防救援支队", kind: "department", extra: [
            "record_key: xh", "fields: {facility_type: sslx, name: mc, address: dz, lat: wd, lon: jd, status: jczt}",
            "absent_means: {status: out_of_service}",
        ]))
        func hydrantB() throws -> String? {
            try fixture.query("SELECT f.status FROM dwd_facility f JOIN facility_source s USING (facility_id) WHERE s.record_key = 'B'")
        }
        for keys in [all, all.filter { $0 != "B" }, all] {
            try keys.map { line($0, all.firstIndex(of: $0)! + 1) }.joined(separator: "\n").appending("\n")
                .write(to: feed, atomically: true, encoding: .utf8)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
            XCTAssertFalse(night.stderr.contains("unchanged and skipped"), night.stderr)
            XCTAssertEqual(try hydrantB(), keys.contains("B") ? "in_service" : "out_of_service", night.stderr)
        }
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dwd_facility_history v JOIN facility_source s USING (facility_id)
            WHERE s.record_key = 'B' AND v.valid_from_run = 3 AND v.status = 'in_service'
            """) as Int?, 1)
    }
}
