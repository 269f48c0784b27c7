import Foundation
import GRDB
import XCTest

/// An edited `fields:` applies to the current data: the newest delivery of each file path. Staging still holds
/// earlier deliveries whose files were replaced under the same path; they keep what they loaded, are never loaded
/// again over the newer delivery, and never block tonight's files.
final class MappingEditTests: XCTestCase {
    typealias Nights = NightsTests

    /// 民政's whole list at one path (trial 13-c): night 2 drops case QXG-4, which is no longer 低保. Then one line is
    /// added to the mapping (grid_id). The next run normalizes and loads night 2's list again, with the grid; night
    /// 1's list, replaced on disk by night 2's, is not loaded again, so QXG-4 stays 0 and its provenance stays.
    /// Before, night 1's batch was loaded again (`0 read, 7 loaded`) and set QXG-4 back to 低保 = 1.
    func testAnEditedMappingDoesNotReloadAWholeListTheNextDeliveryReplaced() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("mz-qixingguan.ndjson")
        func deliver(_ cases: ClosedRange<Int>) throws {
            try cases.map { i in
                #"{"案件编号":"QXG-\#(i)","户主":{"姓名":"\#(["龙秀英", "杨德明", "吴光荣", "罗国华"][i - 1])","身份证号":"\#(Nights.id("5201021950010110\(i + 1)"))"},"地址":{"社区":"市西社区","详细地址":"白云区大山洞街道东升小区\#(i)栋1单元101室"},"是否低保":"是"}"#
            }.joined(separator: "\n").appending("\n").write(to: list, atomically: true, encoding: .utf8)
        }
        func source(grid: Bool) -> String {
            PipelineRunTests.source("mz-qixingguan", list, format: "ndjson", owner: "毕节市七星关区民政局", kind: "department",
                extra: ["record_key: 案件编号", "context: {prefecture: 贵阳市}",
                        "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 地址.详细地址, is_low_income: 是否低保\(grid ? ", grid_id: 地址.社区" : "")}",
                        "absent_means: {is_low_income: false}"])
        }
        let fixture = try PipelineFixture(sources: source(grid: false))
        try deliver(1...4)
        XCTAssertEqual(try fixture.run().status, 0)
        try deliver(1...3)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertTrue(night2.stderr.contains("1 no longer listed"), night2.stderr)
        let lowIncome = "SELECT h.is_low_income FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = 'QXG-4'"
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0)
        let provenance = "SELECT batch_id FROM household_source WHERE record_key = 'QXG-4'"
        let provenanceBefore = try fixture.query(provenance) as String?

        try fixture.rewrite(sources: source(grid: true))
        let edited = try fixture.run()
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stderr.contains("mz-qixingguan: 0 read, 3 loaded"), "night 2's list alone: \(edited.stderr)")
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0, "the case night 2 dropped stays withdrawn")
        XCTAssertEqual(try fixture.query(provenance) as String?, provenanceBefore)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE grid_id = '市西社区'") as Int?, 3,
                       "the new mapping applies to the current list")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_batch WHERE last_run_id = 3") as Int?, 1, "one batch loaded again")
        // And the run after: nothing to do.
        let after = try fixture.run()
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stderr.contains("mz-qixingguan: 0 read, 0 loaded"), after.stderr)
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0)
    }

    /// The same list delivered as dated files in one glob: only the newest file is the list, so after an edited
    /// mapping the older file is not loaded again over it (it would set the dropped case back to 低保).
    func testAnEditedMappingDoesNotReloadAnOlderDatedFileOfAWholeList() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        func deliver(_ day: String, _ cases: ClosedRange<Int>) throws {
            try (["编号,户主姓名,身份证号,家庭住址,片区,是否低保"] + cases.map { i in
                "M\(i),\(["龙秀英", "杨德明", "吴光荣", "罗国华"][i - 1]),\(Nights.id("5201021950010110\(i + 1)")),白云区大山洞街道东升小区\(i)栋1单元101室,G-7,是"
            }).joined(separator: "\n").appending("\n")
                .write(to: feeds.appendingPathComponent("civil-\(day).csv"), atomically: true, encoding: .utf8)
        }
        func source(grid: Bool) -> String {
            PipelineRunTests.source("civil", feeds.appendingPathComponent("civil-*.csv"), format: "csv", owner: "民政",
                kind: "department", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}",
                                            "fields: {head_name: 户主姓名\(grid ? ", grid_id: 片区" : "")}",
                                            "absent_means: {is_low_income: false}"])
        }
        let fixture = try PipelineFixture(sources: source(grid: false))
        try deliver("2023-10-30", 1...4)
        XCTAssertEqual(try fixture.run().status, 0)
        try deliver("2023-10-31", 1...3)
        XCTAssertEqual(try fixture.run().status, 0)
        let lowIncome = "SELECT h.is_low_income FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = 'M4'"
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0)
        try fixture.rewrite(sources: source(grid: true))
        let edited = try fixture.run()
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stderr.contains("civil: 0 read, 3 loaded"), edited.stderr)
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE grid_id = 'G-7'") as Int?, 3)
    }

    /// Trial 20l, repro 2: as above, with night 1's older list holding a broken record. After the mapping edit,
    /// `validate --new-only` validated the older list again and repeated its reject, while the run leaves that file
    /// out (an older delivery the newer one on disk replaced) and normalizes the newest list only. Validate now
    /// leaves out what the run leaves out: the older list, said as `1 file(s) left out`, without its reject.
    func testValidateNewOnlyLeavesOutAnOlderDatedListTheRunLeavesOut() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        func deliver(_ day: String, _ cases: ClosedRange<Int>, broken: Bool) throws {
            try (["编号,户主姓名,身份证号,家庭住址,片区,是否低保"] + cases.map { i in
                "M\(i),\(["龙秀英", "杨德明", "吴光荣", "罗国华"][i - 1]),\(Nights.id("5201021950010110\(i + 1)")),白云区大山洞街道东升小区\(i)栋1单元101室,G-7,是"
            } + (broken ? ["M9,,,,"] : [])).joined(separator: "\n").appending("\n")
                .write(to: feeds.appendingPathComponent("civil-\(day).csv"), atomically: true, encoding: .utf8)
        }
        func source(grid: Bool) -> String {
            PipelineRunTests.source("civil", feeds.appendingPathComponent("civil-*.csv"), format: "csv", owner: "民政",
                kind: "department", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "max_reject_ratio: 0.5",
                                            "fields: {head_name: 户主姓名\(grid ? ", grid_id: 片区" : "")}",
                                            "absent_means: {is_low_income: false}"])
        }
        let fixture = try PipelineFixture(sources: source(grid: false))
        try deliver("2023-10-30", 1...4, broken: true)
        XCTAssertEqual(try fixture.run().status, 0)
        try deliver("2023-10-31", 1...3, broken: false)
        XCTAssertEqual(try fixture.run().status, 0)
        try fixture.rewrite(sources: source(grid: true))

        let validation = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("civil: ok — 3 read, 0 rejected, 0 warnings, 1 file(s) left out"),
                      validation.stdout + validation.stderr)
        XCTAssertFalse(validation.stdout.contains("civil-2023-10-30.csv"), validation.stdout)
        let edited = try fixture.run()
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stderr.contains("civil: 0 read, 3 loaded"), edited.stderr)
    }

    /// The census changed its template (trial 13-d): night 2's header says 户主 where night 1's said 户主姓名. The run
    /// with the old mapping fails, as it should; the team edits `head_name: 户主`; validate says ok, and the run now
    /// loads night 2's census and the police file beside it. Before, the run normalized night 1's census again (its
    /// file replaced by night 2's under the same path) and failed naming today's file with yesterday's columns:
    /// nothing of any source loaded until `purge-staging`.
    func testAMappingFixedForANewTemplateLoadsTonightsFilesAndLeavesTheEarlierDeliveryAlone() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        let police = folder.appendingPathComponent("police.csv")
        func write(_ header: String, _ rows: [String], to file: URL) throws {
            try ([header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let zhang = "H1,张三,\(Nights.zhang),白云区大山洞街道东升小区3栋2单元101室"
        let li = "H2,李四,\(Nights.li),白云区大山洞街道东升小区3栋2单元102室"
        try write("户编号,户主姓名,身份证号,家庭住址", [zhang], to: census)
        try write("编号,户主姓名,身份证号,家庭住址", ["P1,王五,\(Nights.wang),白云区大山洞街道东升小区5栋1单元301室"], to: police)
        func sources(head: String) -> String {
            PipelineRunTests.source("census", census, format: "csv", extra: [
                "record_key: 户编号", "context: {prefecture: 贵阳市}", "fields: {head_name: \(head), head_id: 身份证号}"])
            + "\n" + PipelineRunTests.source("police", police, format: "csv", owner: "公安", kind: "department",
                                             extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"])
        }
        let fixture = try PipelineFixture(sources: sources(head: "户主姓名"))
        XCTAssertEqual(try fixture.run().status, 0)

        // Night 2: the census's new template, and a new police record.
        try write("户编号,户主,身份证号,家庭住址", [zhang, li], to: census)
        try write("编号,户主姓名,身份证号,家庭住址", ["P1,王五,\(Nights.wang),白云区大山洞街道东升小区5栋1单元301室",
                                              "P2,赵六,\(Nights.id("52010219700303404")),白云区大山洞街道东升小区5栋1单元302室"], to: police)
        let unfixed = try fixture.run()
        XCTAssertEqual(unfixed.status, 2, unfixed.stderr)
        XCTAssertTrue(unfixed.stderr.contains("census.csv: sources.census.fields.head_name: column \"户主姓名\" is not in the file; its columns are: 户编号, 户主, 身份证号, 家庭住址"),
                      unfixed.stderr)

        try fixture.rewrite(sources: sources(head: "户主"))
        for arguments in [[], ["--new-only"]] {
            let validation = try Rongtong.run(["validate", fixture.file.path] + arguments)
            XCTAssertEqual(validation.status, 0, "\(arguments): " + validation.stdout + validation.stderr)
        }
        let fixed = try fixture.run()
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertFalse(fixed.stderr.contains("is not in the file"), fixed.stderr)
        XCTAssertTrue(fixed.stderr.contains("census: 0 read, 2 loaded"), fixed.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张三", "李四", "王五", "赵六"].sorted())
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM etl_batch WHERE source_id = 'census' AND status = 'loaded'
            """) as Int?, 2, "night 1's and night 2's census, each loaded once")
        XCTAssertEqual(try fixture.query("SELECT MIN(run_id) FROM etl_batch WHERE source_id = 'census'") as Int?, 1,
                       "night 1's census was not loaded again")
    }

    /// An earlier delivery the fixed mapping does not fit, whose file now holds a later one: a census night (template
    /// B) that failed under the old mapping and was never loaded, replaced the night after by template C. It no
    /// longer blocks the run: it is dropped from staging with a warning naming the delivery (its run, its own
    /// columns) and what to do, and the run ends partial (exit 3) this once. A loaded dated file moved away that the
    /// new mapping does not fit keeps what it loaded, with a warning, and ends nothing partial.
    func testAnEarlierDeliveryTheFixedMappingDoesNotFitIsDroppedAndBlocksNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        func write(_ header: String, _ rows: [String]) throws {
            try ([header] + rows).joined(separator: "\n").appending("\n").write(to: census, atomically: true, encoding: .utf8)
        }
        let zhang = "H1,张三,\(Nights.zhang),白云区大山洞街道东升小区3栋2单元101室"
        let li = "H2,李四,\(Nights.li),白云区大山洞街道东升小区3栋2单元102室"
        func source(head: String) -> String {
            PipelineRunTests.source("census", census, format: "csv", extra: [
                "record_key: 户编号", "context: {prefecture: 贵阳市}", "fields: {head_name: \(head), head_id: 身份证号}"])
        }
        let fixture = try PipelineFixture(sources: source(head: "户主姓名"))
        try write("户编号,户主姓名,身份证号,家庭住址", [zhang])
        XCTAssertEqual(try fixture.run().status, 0)
        try write("户编号,户主,身份证号,家庭住址", [zhang, li])
        XCTAssertEqual(try fixture.run().status, 2, "night 2's template does not fit the mapping")
        try write("户编号,户主名称,身份证号,家庭住址", [zhang, li])
        try fixture.rewrite(sources: source(head: "户主名称"))
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        let night3 = try fixture.run()
        XCTAssertEqual(night3.status, 3, night3.stderr)
        XCTAssertTrue(night3.stderr.contains(
            "census.csv as extracted by run 2 (2 record(s); the file now holds another delivery): sources.census.fields.head_name: column \"户主名称\" is not in the file; its columns are: 户编号, 户主, 身份证号, 家庭住址."),
            night3.stderr)
        XCTAssertTrue(night3.stderr.contains("It was never loaded, and was dropped from staging"), night3.stderr)
        XCTAssertTrue(night3.stderr.contains("census: not loaded: \(census.path) as extracted by run 2"), night3.stderr)
        XCTAssertTrue(night3.stderr.contains("census: 2 read, 2 loaded"), night3.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张三", "李四"].sorted())
        let next = try fixture.run()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertFalse(next.stderr.contains("run 2"), next.stderr)

        // Dated files moved away once loaded: the old one, no longer on disk, is the newest of its own path.
        let feeds = folder.appendingPathComponent("feeds")
        let archive = folder.appendingPathComponent("archive")
        for made in [feeds, archive] { try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true) }
        func dated(_ day: String, _ header: String, _ rows: [String]) throws -> URL {
            let file = feeds.appendingPathComponent("grid-\(day).csv")
            try ([header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        func grid(head: String) -> String {
            PipelineRunTests.source("grid", feeds.appendingPathComponent("grid-*.csv"), format: "csv", extra: [
                "record_key: 户编号", "context: {prefecture: 贵阳市}", "fields: {head_name: \(head), head_id: 身份证号}"])
        }
        let archived = try PipelineFixture(sources: grid(head: "户主姓名"))
        let first = try dated("2023-10-30", "户编号,户主姓名,身份证号,家庭住址", [zhang])
        XCTAssertEqual(try archived.run().status, 0)
        try FileManager.default.moveItem(at: first, to: archive.appendingPathComponent(first.lastPathComponent))
        _ = try dated("2023-10-31", "户编号,户主,身份证号,家庭住址", [li])
        try archived.rewrite(sources: grid(head: "户主"))
        let moved = try archived.run()
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stderr.contains(
            "grid-2023-10-30.csv as extracted by run 1 (1 record(s); the file is no longer on disk): sources.grid.fields.head_name: column \"户主\" is not in the file; its columns are: 户编号, 户主姓名, 身份证号, 家庭住址."),
            moved.stderr)
        XCTAssertTrue(moved.stderr.contains("It was loaded under the earlier mapping and keeps those values"), moved.stderr)
        XCTAssertEqual(try archived.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                       ["张三", "李四"].sorted())
    }

    /// The README tells teams to purge staging after each load, and promises that an edited source needs no
    /// `--force`. After `purge-staging`, 民政's mapping stops reading the case status (`case_status: null`): the next
    /// run reads the loaded list again, and the case 已停保 ended is 低保 again; `validate --new-only` no longer leaves
    /// the file out. Before, the run skipped the file as unchanged, exit 0 without a word, and the warehouse kept the
    /// old mapping's values (trial 21g, D1). The run after changes nothing, and edited extraction options (`encoding:
    /// auto`) read the file again after a purge as well.
    func testAMappingEditedAfterPurgeStagingIsAppliedToTheLoadedFiles() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        let list = feeds.appendingPathComponent("mz_dibao_20231108.ndjson")
        try ["在保", "已停保", "在保"].enumerated().map { i, status in
            #"{"case_no": "MZ-\#(i)", "户主": {"姓名": "\#(["龙秀英", "罗明亮", "吴光荣"][i])", "身份证号": "\#(Nights.id("5203021950010110\(i + 1)"))"}, "jzdz": "红花岗区中华路街道翠湖苑\#(i + 1)栋1单元101室", "救助类型": "城市低保", "状态": "\#(status)"}"#
        }.joined(separator: "\n").appending("\n").write(to: list, atomically: true, encoding: .utf8)
        func source(status: String, encoding: String? = nil) -> String {
            PipelineRunTests.source("zy-mz", feeds.appendingPathComponent("mz_dibao_*.ndjson"), format: "ndjson",
                owner: "遵义市民政局", kind: "department",
                extra: (encoding.map { ["encoding: \($0)"] } ?? []) + ["record_key: case_no", "context: {prefecture: 遵义市}",
                        "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: jzdz, tags: 救助类型, case_status: \(status)}",
                        "absent_means: {is_low_income: false}"])
        }
        let lowIncome = "SELECT is_low_income FROM dwd_household WHERE head_name = '罗明亮'"
        let fixture = try PipelineFixture(sources: source(status: "状态"))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 0, "已停保 ends the case")
        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)

        try fixture.rewrite(sources: source(status: "null"))
        let validation = try Rongtong.run(["validate", fixture.file.path, "--new-only"])
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertTrue(validation.stdout.contains("zy-mz: ok — 3 read"), validation.stdout + validation.stderr)
        XCTAssertFalse(validation.stdout.contains("left out"), validation.stdout)
        let quiet = try fixture.run(["-q"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 1, "the status is no longer read: the case is 低保")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_run WHERE run_id = 2") as Int?, 3, "read again from disk")

        let after = try fixture.run()
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stderr.contains("zy-mz: 0 read, 0 loaded, 0 rejected, 0 warnings, 1 file(s) unchanged and skipped"),
                      after.stderr)

        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)
        try fixture.rewrite(sources: source(status: "null", encoding: "auto"))
        let reread = try fixture.run()
        XCTAssertEqual(reread.status, 0, reread.stderr)
        XCTAssertTrue(reread.stderr.contains("zy-mz: 3 read, 3 loaded"), reread.stderr)
        XCTAssertEqual(try fixture.query(lowIncome) as Int?, 1)
    }
}
