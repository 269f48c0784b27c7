import Foundation
import GRDB
@testable import RongtongRun
import XCTest

/// A whole list (`absent_means:`) a web system exports as pages, several files a night
/// (`mz_dibao_20231006_p1.json` … `_p3.json`, each `{"code":0,"msg":"ok","data":{"total":…,"page":N,"rows":[…]}}`):
/// the pages of one night are one delivery, judged once over their union.
final class PagedWholeListTests: XCTestCase {
    typealias Nights = NightsTests

    /// 民政's ten cases, `M1` … `M10`, each a household of its own.
    static func row(_ n: Int) -> String {
        let names = ["龙秀英", "杨德明", "吴光荣", "罗国华", "韦秀兰", "蒙德才", "陈志强", "黄丽萍", "周建军", "吴桂芬"]
        return #"{"jzbh":"M\#(n)","hzxm":"\#(names[n - 1])","hzsfzh":"\#(Nights.id("52010219500101\(100 + n)"))","#
            + #""dz":"白云区大山洞街道东升小区\#(n)栋1单元101室","sfdb":"是"}"#
    }

    /// One page of the web system's answer.
    static func page(_ rows: [Int], page: Int, total: Int) -> String {
        #"{"code":0,"msg":"ok","data":{"total":\#(total),"page":\#(page),"rows":["#
            + rows.map(row).joined(separator: ",") + "]}}"
    }

    static func source(_ folder: URL) -> String {
        PipelineRunTests.source("mz", folder.appendingPathComponent("mz_dibao_*.json"), format: "json", owner: "民政",
            kind: "department", extra: ["options: {record_path: \"data.rows[*]\"}", "record_key: jzbh",
                                        "context: {prefecture: 贵阳市}",
                                        "fields: {head_name: hzxm, head_id: hzsfzh, address: dz, is_low_income: sfdb}",
                                        "absent_means: {is_low_income: false}"])
    }

    static func write(_ pages: [[Int]], night: String, in folder: URL, total: Int? = nil) throws {
        let total = total ?? pages.reduce(0) { $0 + $1.count }
        for (index, rows) in pages.enumerated() {
            try page(rows, page: index + 1, total: total)
                .write(to: folder.appendingPathComponent("mz_dibao_\(night)_p\(index + 1).json"), atomically: true, encoding: .utf8)
        }
    }

    func lowIncome(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT hs.record_key FROM household_source hs JOIN dwd_household h USING (household_id)
            WHERE hs.source_id = 'mz' AND h.is_low_income = 1
            GROUP BY hs.record_key ORDER BY CAST(substr(hs.record_key, 2) AS INTEGER)
            """).map { $0[0] as String }
    }

    /// Night 1 sends 10 cases as pages of 4, 4 and 2; night 2 drops M2 (pages of 4, 4 and 1); night 3 drops M9 from
    /// page 2, with pages 1 and 3 unchanged byte for byte (skipped as loaded, their cases still listed). Each night's
    /// pages are judged together: night 1 warns of nothing, night 2 withdraws M2 and night 3 M9, once each, with one
    /// history version each. Before, every page was weighed alone against the previous delivery (`…_p1.json lists
    /// 4 of the 10 households …; absent_means was not applied`), and M2 kept its 低保.
    func testThePagesOfOneNightAreOneWholeList() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        try Self.write([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]], night: "20231005", in: folder)
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(first.stderr.contains("absent_means was not applied"), first.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 10)

        try Self.write([[1, 3, 4, 5], [6, 7, 8, 9], [10]], night: "20231006", in: folder, total: 9)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(second.stderr.contains("absent_means was not applied"), second.stderr)
        XCTAssertTrue(second.stderr.contains("1 no longer listed"), second.stderr)
        XCTAssertEqual(try lowIncome(fixture), ["M1", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10"])

        // Pages 1 and 3 as night 2 sent them (saying total 9); page 2 without M9, saying total 8.
        try Self.write([[1, 3, 4, 5], [6, 7, 8], [10]], night: "20231007", in: folder, total: 8)
        try Data(contentsOf: folder.appendingPathComponent("mz_dibao_20231006_p1.json"))
            .write(to: folder.appendingPathComponent("mz_dibao_20231007_p1.json"))
        try Data(contentsOf: folder.appendingPathComponent("mz_dibao_20231006_p3.json"))
            .write(to: folder.appendingPathComponent("mz_dibao_20231007_p3.json"))
        let third = try fixture.run()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertFalse(third.stderr.contains("absent_means was not applied"), third.stderr)
        XCTAssertTrue(third.stderr.contains("1 no longer listed"), third.stderr)
        XCTAssertEqual(try lowIncome(fixture), ["M1", "M3", "M4", "M5", "M6", "M7", "M8", "M10"])
        // One version per change: M2 withdrawn on night 2, M9 on night 3; nobody withdrawn and listed again.
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dwd_household_history WHERE is_low_income = 0
            """) as Int?, 2)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, 12)
    }

    /// Dated files that are not pages: after a missed night, the glob finds two nights' whole lists new at once.
    /// Each is its own delivery, the newer the list: the case it dropped is withdrawn.
    func testTwoNightsOfDatedWholeListsAreTwoDeliveries() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        func list(_ rows: [Int], _ night: String) throws {
            try Self.page(rows, page: 1, total: rows.count)
                .write(to: folder.appendingPathComponent("mz_dibao_\(night).json"), atomically: true, encoding: .utf8)
        }
        try list([1, 2, 3, 4], "20231005")
        XCTAssertEqual(try fixture.run().status, 0)
        try list([1, 3, 4], "20231006")
        try list([1, 4], "20231007")
        let night = try fixture.run()
        XCTAssertEqual(night.status, 0, night.stderr)
        XCTAssertEqual(try lowIncome(fixture), ["M1", "M4"])
        XCTAssertEqual(ListDelivery.key(of: "feeds/mz_dibao_20231006.json"), "feeds/mz_dibao_20231006.json")
    }

    /// Which names are pages of one delivery, and which are deliveries of their own.
    func testPageNumbersAreToldFromDates() {
        func samePages(_ a: String, _ b: String) -> Bool { ListDelivery.key(of: a) == ListDelivery.key(of: b) }
        XCTAssertTrue(samePages("f/mz_dibao_20231006_p1.json", "f/mz_dibao_20231006_p4.json"))
        XCTAssertTrue(samePages("f/llb-page1.json", "f/llb-page12.json"))
        XCTAssertTrue(samePages("f/低保名单第1页.json", "f/低保名单第2页.json"))
        XCTAssertTrue(samePages("f/export.json", "f/export (2).json"))
        XCTAssertTrue(samePages("f/mz_20231006_1.json", "f/mz_20231006_2.json"))
        XCTAssertFalse(samePages("f/mz_dibao_20231005_p1.json", "f/mz_dibao_20231006_p1.json"))
        XCTAssertFalse(samePages("f/list-2023-10-30.json", "f/list-2023-10-31.json"))
        XCTAssertFalse(samePages("f/list_10_30.json", "f/list_10_31.json"))
        XCTAssertFalse(samePages("f/export_12.json", "f/export_13.json"))
        XCTAssertFalse(samePages("f/list_20231005.json", "f/list_20231006.json"))
        XCTAssertFalse(samePages("a/list_p1.json", "b/list_p2.json"))
    }

    /// Which pages a delivery's file names say are missing, named as their files would be.
    func testMissingPagesAreNamedAsTheirFilesWouldBe() {
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/a_p1.json", "f/a_p3.json"]), ["f/a_p2.json"])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/a_p01.json", "f/a_p04.json"]), ["f/a_p02.json", "f/a_p03.json"])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/a_page_2.json", "f/a_page_3.json"]), ["f/a_page_1.json"])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/a_p0.json", "f/a_p1.json"]), [])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/低保名单第1页.json", "f/低保名单第3页.json"]), ["f/低保名单第2页.json"])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/export.json", "f/export (1).json", "f/export (3).json"]),
                       ["f/export (2).json"])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/export.json", "f/export (2).json"]), [])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/mz_20231006-1.json", "f/mz_20231006-3.json"]), ["f/mz_20231006-2.json"])
        // A number after a date stamp alone may be anything: only a gap between two such numbers says a page is missing.
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/mz_20231006_2.json"]), [])
        XCTAssertEqual(ListDelivery.missingPages(among: ["f/list_20231005.json"]), [])
    }

    /// A page without the envelope's totals (`{"code":0,"msg":"ok","data":{"page":N,"rows":[…]}}`): only its file
    /// name says it is one of several.
    static func pageWithoutTotal(_ rows: [Int], page: Int, night: String) -> String {
        #"{"code":0,"msg":"ok","date":"\#(night)","data":{"page":\#(page),"rows":["# + rows.map(row).joined(separator: ",") + "]}}"
    }

    /// Trial 17f: night 2 brings `_p1` and `_p3` of a list whose pages state no total; page 2 never arrived. Its
    /// four cases are not withdrawn: the delivery is incomplete (`…_p2.json is missing`), with an
    /// `absent_means_not_applied` warning; when page 2 arrives, the list is judged whole and M6, which it no longer
    /// names, is withdrawn. Before, the night withdrew M5 … M8 (exit 0, `4 no longer listed`, no warning). Page 1
    /// is night 1's page 1 byte for byte (skipped as the same content, read already): it still counts among the
    /// night's pages, and a night whose pages are all such copies judges nothing, as before.
    func testAGapInThePageNumbersLeavesTheListIncomplete() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        func write(_ rows: [Int], page: Int, night: String, stamp: String? = nil) throws {
            try Self.pageWithoutTotal(rows, page: page, night: stamp ?? night)
                .write(to: folder.appendingPathComponent("mz_dibao_\(night)_p\(page).json"), atomically: true, encoding: .utf8)
        }
        try write([1, 2, 3, 4], page: 1, night: "20231005")
        try write([5, 6, 7, 8], page: 2, night: "20231005")
        try write([9, 10], page: 3, night: "20231005")
        XCTAssertEqual(try fixture.run().status, 0)

        try write([1, 2, 3, 4], page: 1, night: "20231006", stamp: "20231005")
        try write([9, 10], page: 3, night: "20231006")
        let night = try fixture.run()
        XCTAssertTrue(night.stderr.contains("mz_dibao_20231006_p2.json is missing (the delivery's pages on disk are numbered 1, 3); the list is incomplete, so absent_means was not applied"),
                      night.stderr)
        XCTAssertFalse(night.stderr.contains("no longer listed"), night.stderr)
        // The load's warning has a reject line of its own, as the extract's do, and no count after it.
        XCTAssertTrue(night.stderr.contains("the list is incomplete, so absent_means was not applied (incomplete) [absent_means_not_applied, warning]"), night.stderr)
        XCTAssertFalse(night.stderr.contains("warning of mz in etl_reject"), night.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 10, "nothing withdrawn from a list missing a page")
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'absent_means_not_applied'") as String?,
                       "incomplete")

        try write([5, 7, 8], page: 2, night: "20231006")
        let late = try fixture.run()
        XCTAssertEqual(late.status, 0, late.stderr)
        XCTAssertTrue(late.stderr.contains("1 no longer listed"), late.stderr)
        XCTAssertEqual(try lowIncome(fixture), ["M1", "M2", "M3", "M4", "M5", "M7", "M8", "M9", "M10"])
    }

    /// Trial 17f: the last page of a night's list does not arrive, so the names show no gap; but each page says
    /// `"total": 10` and the two that arrived hold 8 records. Nothing is withdrawn (`…_p1.json says data.total 10, but
    /// the delivery's 2 pages hold 8 records`). A list whose pages state only their number (`"pages": 3`) is
    /// judged the same way by its page files, and one whose pages hold what they state is applied as before.
    func testPagesShortOfTheEnvelopesTotalLeaveTheListIncomplete() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        try Self.write([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]], night: "20231005", in: folder)
        XCTAssertEqual(try fixture.run().status, 0)

        try Self.write([[1, 2, 3, 5], [4, 6, 7, 8]], night: "20231006", in: folder, total: 10)
        let night = try fixture.run()
        XCTAssertTrue(night.stderr.contains("mz_dibao_20231006_p1.json says data.total 10, but the delivery's 2 pages hold 8 records (pages missing?); the list is incomplete, so absent_means was not applied"),
                      night.stderr)
        XCTAssertFalse(night.stderr.contains("no longer listed"), night.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 10)

        // Only the number of pages stated: `"pages": 3`, two page files.
        for (index, rows) in [[1, 2, 3, 4], [5, 6, 7, 8]].enumerated() {
            try (#"{"code":200,"msg":"成功","data":{"pageNum":\#(index + 1),"pageSize":4,"pages":3,"rows":["#
                + rows.map(Self.row).joined(separator: ",") + "]}}")
                .write(to: folder.appendingPathComponent("mz_dibao_20231007_p\(index + 1).json"), atomically: true, encoding: .utf8)
        }
        let pages = try fixture.run()
        XCTAssertTrue(pages.stderr.contains("mz_dibao_20231007_p1.json says data.pages 3, but the delivery has 2 page files (pages missing?)"),
                      pages.stderr)
        XCTAssertFalse(pages.stderr.contains("no longer listed"), pages.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 10)

        // The whole list, its three pages saying total 9: M10 withdrawn.
        try Self.write([[1, 2, 3, 4], [5, 6, 7, 8], [9]], night: "20231008", in: folder)
        let whole = try fixture.run()
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertFalse(whole.stderr.contains("absent_means was not applied"), whole.stderr)
        XCTAssertTrue(whole.stderr.contains("1 no longer listed"), whole.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 9)
    }

    /// Trial 21c: a delivery of one page (`mz_dibao_20231006_p1.json`, saying `"total": 10` over 6 records) is the
    /// file its warning names, once: `…_p1.json says data.total 10, but it holds 6 records (pages missing?); …`, and
    /// its `etl_reject` row says `this file says …`. Before, the file was named twice (`…_p1.json: …_p1.json says
    /// data.total 10, but the delivery's 1 page holds 6 records`).
    func testADeliveryOfOnePageIsNamedOnceInItsWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        try Self.write([Array(1...10)], night: "20231005", in: folder)
        XCTAssertEqual(try fixture.run().status, 0)

        try Self.write([Array(1...6)], night: "20231006", in: folder, total: 10)
        let night = try fixture.run()
        XCTAssertEqual(night.status, 0, night.stderr)
        let warned = night.stderr.split(separator: "\n").filter { $0.contains("absent_means was not applied") }
        XCTAssertFalse(warned.isEmpty, night.stderr)
        for line in warned {
            XCTAssertTrue(line.contains("mz_dibao_20231006_p1.json says data.total 10, but it holds 6 records (pages missing?); the list is incomplete, so absent_means was not applied")
                          || line.contains("this file says data.total 10, but it holds 6 records (pages missing?)"), String(line))
            XCTAssertEqual(line.components(separatedBy: "mz_dibao_20231006_p1.json").count, 2, "named once: \(line)")
        }
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_reject WHERE rule = 'absent_means_not_applied'") as String?,
                       "this file says data.total 10, but it holds 6 records (pages missing?); the list is incomplete, so absent_means was not applied")
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_run ORDER BY run_id DESC LIMIT 1") as String?,
                       "mz: \(DisplayPath.of(folder.appendingPathComponent("mz_dibao_20231006_p1.json").path)) says data.total 10, but it holds 6 records (pages missing?); the list is incomplete, so absent_means was not applied")
        XCTAssertEqual(try lowIncome(fixture).count, 10)
    }

    /// Night 2's page 2 is the web system's error answer `{"code": 500, "msg": "系统繁忙，请稍后重试", "data": null}`.
    /// The run goes on: the other source loads, the list's other pages load, nothing is withdrawn (the list is
    /// incomplete, with a warning), and the run ends partial (exit 3), naming the page, that `data` is null and what
    /// the envelope says. Page 2 fetched again, the next run withdraws M2. Before, the night failed (exit 1),
    /// nothing of any source loaded, and the error said only `data.rows is not in the document`.
    func testAnErrorPageLeavesTheListIncompleteAndTheNightGoesOn() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        func gridList(_ rows: [String]) throws {
            try (["编号,户主姓名,身份证号,家庭住址"] + rows).joined(separator: "\n").appending("\n")
                .write(to: grid, atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: Self.source(folder) + "\n" + PipelineRunTests.source("grid", grid, format: "csv",
            extra: ["record_key: 编号", "context: {prefecture: 贵阳市}"]))
        try gridList(["G1,田光明,\(Nights.id("52010219600101201")),白云区大山洞街道西城小区1栋1单元101室"])
        try Self.write([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]], night: "20231005", in: folder)
        XCTAssertEqual(try fixture.run().status, 0)

        try gridList(["G1,田光明,\(Nights.id("52010219600101201")),白云区大山洞街道西城小区1栋1单元101室",
                      "G2,石春花,\(Nights.id("52010219620202202")),白云区大山洞街道西城小区2栋1单元101室"])
        try Self.write([[1, 3, 4, 5], [6, 7, 8, 9], [10]], night: "20231006", in: folder, total: 9)
        let failedPage = folder.appendingPathComponent("mz_dibao_20231006_p2.json")
        let goodPage = try Data(contentsOf: failedPage)
        try #"{"code": 500, "msg": "系统繁忙，请稍后重试", "data": null}"#.write(to: failedPage, atomically: true, encoding: .utf8)
        let night = try fixture.run()
        XCTAssertEqual(night.status, 3, night.stderr)
        XCTAssertTrue(night.stderr.contains(#"mz_dibao_20231006_p2.json: record_path data.rows[*]: data is null; the document says code 500, msg "系统繁忙，请稍后重试""#),
                      night.stderr)
        XCTAssertTrue(night.stderr.contains("the list is incomplete, so absent_means was not applied"), night.stderr)
        // The delivery is named with all its pages, the one not loaded counted (before: "(2 pages of one delivery)").
        XCTAssertTrue(night.stderr.contains("mz_dibao_20231006_p1.json … mz_dibao_20231006_p3.json (3 pages of one delivery, 1 not loaded)"),
                      night.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE source_id = 'grid' AND record_key = 'G2'") as Int?, 1,
                       "the other source loaded")
        XCTAssertTrue(night.stderr.contains("mz: 5 read, 5 loaded"), "the list's other pages loaded: \(night.stderr)")
        XCTAssertEqual(try lowIncome(fixture).count, 10, "nothing withdrawn from an incomplete list")
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'absent_means_not_applied'") as String?,
                       "incomplete")
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") as String?, "partial")

        try goodPage.write(to: failedPage)
        let again = try fixture.run()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("1 no longer listed"), again.stderr)
        XCTAssertEqual(try lowIncome(fixture), ["M1", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10"])
    }
    /// Trial 17f: `validate` on a night whose page 2 is `{"code":500,"msg":"系统繁忙","data":null}` reports the source
    /// `failed` and exits 3, as `run` on the same files does and rejects.md says (`"exit_code": 3` in JSON). Before,
    /// it exited 1. A file that cannot be read at all beside it still makes it 1.
    func testValidateExitsThreeOnAnErrorAnswerAsRunDoes() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: Self.source(folder))
        try Self.write([[1, 2], [3, 4]], night: "20231005", in: folder)
        try #"{"code":500,"msg":"系统繁忙","data":null}"#
            .write(to: folder.appendingPathComponent("mz_dibao_20231005_p2.json"), atomically: true, encoding: .utf8)
        let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(validate.status, 3, validate.stdout + validate.stderr)
        XCTAssertTrue((validate.stdout + validate.stderr).contains("failed"), validate.stdout + validate.stderr)
        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"],
                                    environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(json.status, 3)
        XCTAssertTrue(json.stdout.contains(#""exit_code":3"#) || json.stdout.contains(#""exit_code" : 3"#), json.stdout)
        XCTAssertEqual(try fixture.run().status, 3)

        try #"{"code":0,"data":{"rows":[{"jzbh":"#.write(to: folder.appendingPathComponent("mz_dibao_20231005_p3.json"),
                                                     atomically: true, encoding: .utf8)
        let broken = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(broken.status, 1, broken.stdout + broken.stderr)
    }

    /// Trial 17f: night 1's page 2 is an error answer (exit 3); night 2 brings the complete, later delivery
    /// `mz_dibao_20231006_p1.json`, `_p2`, yesterday's files left in the folder. The error answer was replaced: night
    /// 2 and a night bringing nothing new exit 0 and, under --quiet, print nothing about it. Before, every later
    /// night exited 3 printing `not loaded: …mz_dibao_20231005_p2.json` again. Files of one night that are no
    /// dated deliveries of each other (`county_a.json`, `county_b.json`) do not replace each other's error answer.
    func testAnErrorAnswerALaterCompleteDeliveryReplacedIsNoLongerReported() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("mz", folder.appendingPathComponent("mz_dibao_*.json"),
            format: "json", owner: "民政", kind: "department",
            extra: ["options: {record_path: \"data.rows[*]\"}", "record_key: jzbh", "context: {prefecture: 贵阳市}",
                    "fields: {head_name: hzxm, head_id: hzsfzh, address: dz, is_low_income: sfdb}"]))
        try Self.write([[1, 2], [3, 4]], night: "20231005", in: folder)
        try #"{"code":500,"msg":"系统繁忙","data":null}"#
            .write(to: folder.appendingPathComponent("mz_dibao_20231005_p2.json"), atomically: true, encoding: .utf8)
        let first = try fixture.run(["--quiet"])
        XCTAssertEqual(first.status, 3, first.stderr)
        XCTAssertTrue(first.stderr.contains("not loaded: "), first.stderr)

        try Self.write([[1, 3], [2, 4]], night: "20231006", in: folder)
        let second = try fixture.run(["--quiet"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(second.stderr.contains("mz_dibao_20231005_p2.json"), second.stderr)
        let third = try fixture.run(["--quiet"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertFalse(third.stderr.contains("mz_dibao_20231005_p2.json"), third.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") as String?, "succeeded")
        let verbose = try fixture.run(["--verbose"])
        XCTAssertTrue(verbose.stderr.contains("no longer reported: "), verbose.stderr)
        // validate agrees with run (before, it exited 3 on the replaced error answer every night).
        let validated = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(validated.status, 0, validated.stdout + validated.stderr)

        // Two counties' files: not deliveries of one another.
        let counties = try TestPaths.temporaryFolder()
        let other = try PipelineFixture(sources: PipelineRunTests.source("mz", counties.appendingPathComponent("county_*.json"),
            format: "json", owner: "民政", kind: "department",
            extra: ["options: {record_path: \"data.rows[*]\"}", "record_key: jzbh", "context: {prefecture: 贵阳市}",
                    "fields: {head_name: hzxm, head_id: hzsfzh, address: dz, is_low_income: sfdb}"]))
        try #"{"code":500,"msg":"系统繁忙","data":null}"#
            .write(to: counties.appendingPathComponent("county_a.json"), atomically: true, encoding: .utf8)
        try Self.page([1, 2], page: 1, total: 2).write(to: counties.appendingPathComponent("county_b.json"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try other.run().status, 3)
        XCTAssertEqual(try other.run().status, 3, "county_b.json replaces nothing of county_a.json")
        XCTAssertEqual(try Rongtong.run(["validate", other.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key]).status, 3)
        XCTAssertTrue(ListDelivery.isLaterDelivery("f/mz_dibao_20231006_#.json", than: "f/mz_dibao_20231005_#.json"))
        XCTAssertTrue(ListDelivery.isLaterDelivery("f/list-2023-11-03.json", than: "f/list-2023-10-31.json"))
        XCTAssertFalse(ListDelivery.isLaterDelivery("f/mz_dibao_20231005_#.json", than: "f/mz_dibao_20231006_#.json"))
        XCTAssertFalse(ListDelivery.isLaterDelivery("f/yy_20231006.json", than: "f/mz_20231005.json"))
    }

    /// A web system whose records are the array at `data` (`record_path: "data[*]"`) answers night 2 with
    /// `{"code":500,"msg":"系统繁忙","data":null}` and night 3 with `{"success":false,"message":"token expired",
    /// "data":null}`: each is an error answer, as under `data.rows[*]` (exit 3, the file not loaded, naming that
    /// `data` is null and what the document says). Before, a null at the path read as an empty export: exit 0, "0
    /// read", and only the list's shrink guard kept the night from withdrawing every case. An answer saying it
    /// succeeded (`{"code":0,"msg":"查询成功","data":null}`) is still an empty export.
    func testANullRecordsArrayWithAFailureStatusIsAnErrorAnswer() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("mz.json")
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("mz", file, format: "json", owner: "民政",
            kind: "department", extra: ["options: {record_path: \"data[*]\"}", "record_key: jzbh",
                                        "context: {prefecture: 贵阳市}",
                                        "fields: {head_name: hzxm, head_id: hzsfzh, address: dz, is_low_income: sfdb}",
                                        "absent_means: {is_low_income: false}"]))
        try (#"{"code":0,"msg":"ok","data":["# + [1, 2, 3].map(Self.row).joined(separator: ",") + "]}")
            .write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)

        try #"{"code":500,"msg":"系统繁忙","data":null}"#.write(to: file, atomically: true, encoding: .utf8)
        let busy = try fixture.run()
        XCTAssertEqual(busy.status, 3, busy.stderr)
        XCTAssertTrue(busy.stderr.contains(#"mz.json: record_path data[*]: data is null; the document says code 500, msg "系统繁忙": the web system answered with an error instead of the records"#),
                      busy.stderr)
        XCTAssertEqual(try fixture.query("SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") as String?, "partial")

        try #"{"success":false,"message":"token expired","data":null}"#.write(to: file, atomically: true, encoding: .utf8)
        let expired = try fixture.run()
        XCTAssertEqual(expired.status, 3, expired.stderr)
        XCTAssertTrue(expired.stderr.contains(#"the document says success false, message "token expired""#), expired.stderr)
        XCTAssertEqual(try lowIncome(fixture).count, 3, "nothing withdrawn")

        try #"{"code":0,"msg":"查询成功","data":null}"#.write(to: file, atomically: true, encoding: .utf8)
        let empty = try fixture.run()
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("lists 0 of the 3 households"), empty.stderr)
    }
}
