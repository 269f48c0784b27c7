import Foundation
import GRDB
import RongtongConfig
import XCTest

/// Tenants of 城中村 rentals moving on (trial 12-c): from one city's grid census to another's, whose feeds rank equal
/// in `survivorship:`, and out of the police 流动人口 register, whose records of a tenant who left stay in the file
/// with 状态 注销 (`absent_when:`). Real files through the real pipeline into a real warehouse, then SQL.
final class RentalTurnoverTests: XCTestCase {
    /// A city grid census as CSV (no ID, no key: the grid's rows are linked by phone and name).
    func writeGrid(_ rows: [String], to file: URL) throws {
        try (["户主姓名,联系电话,现住址,家庭人口"] + rows).joined(separator: "\n").appending("\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    func gridSource(_ name: String, _ file: URL, prefecture: String) -> String {
        PipelineRunTests.source(name, file, format: "csv", extra: [
            "fields: {head_name: 户主姓名, phone: 联系电话, address: 现住址, member_count: 家庭人口}",
            "context: {prefecture: \(prefecture)}",
        ])
    }

    /// 汪健江 rents in 贵阳's 王宽村 (gy-grid) on night 1 and in 遵义's 田沟村 (zy-grid) on night 2, where the 遵义 grid
    /// relinks him by phone and name. With the two grids of one rank (`address: [[gy-grid, zy-grid]]`), the newer
    /// record wins and he lives in 田沟村; with a plain list `[gy-grid, zy-grid]` gy-grid ranks first and he stays
    /// in 王宽村, as before, when a rank of several sources could not be written at all (a list inside the list was
    /// a configuration error).
    func testTwoCityGridsOfOneRankLetATenantMoveBetweenThem() throws {
        for ranks in ["[[gy-grid, zy-grid]]", "[gy-grid, zy-grid]"] {
            let folder = try TestPaths.temporaryFolder()
            let gy = folder.appendingPathComponent("gy-grid.csv"), zy = folder.appendingPathComponent("zy-grid.csv")
            try writeGrid(["汪健江,13312345678,花溪区小孟街道王宽村3组18号,1", "杨光荣,13412345678,花溪区小孟街道王宽村3组20号,4"], to: gy)
            try writeGrid(["罗国平,13512345678,汇川区董公寺街道田沟村6组40号,3"], to: zy)
            let survivorship = "\nsurvivorship:\n  address: \(ranks)\n  region_code: \(ranks)"
            let fixture = try PipelineFixture(sources: gridSource("gy-grid", gy, prefecture: "贵阳市") + "\n"
                                              + gridSource("zy-grid", zy, prefecture: "遵义市") + survivorship)
            var result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            try writeGrid(["杨光荣,13412345678,花溪区小孟街道王宽村3组20号,4"], to: gy)
            try writeGrid(["罗国平,13512345678,汇川区董公寺街道田沟村6组40号,3", "汪健江,13312345678,汇川区董公寺街道田沟村6组44号,1"], to: zy)
            result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let rows = try fixture.rows("SELECT household_id, address FROM dwd_household WHERE head_name = '汪健江'")
            XCTAssertEqual(rows.count, 1, "relinked by phone and name: \(ranks)")
            let address = rows.first?["address"] as String? ?? ""
            if ranks == "[[gy-grid, zy-grid]]" {
                XCTAssertTrue(address.hasSuffix("田沟村6组44号"), address)
                XCTAssertEqual(try fixture.query("""
                    SELECT source_id FROM dwd_household_field_source WHERE household_id = '\(rows[0]["household_id"] as String)'
                      AND column_name = 'address'
                    """) as String?, "zy-grid")
            } else {
                XCTAssertTrue(address.hasSuffix("王宽村3组18号"), address)
            }
        }
    }

    /// `survivorship:` names each source once, as one source or a list of sources of one rank; a source ranked
    /// twice, or not in the pipeline, is an error naming it.
    func testARankOfSeveralSourcesIsReadAndChecked() throws {
        let base = """
            pipeline: p
            warehouse: w.sqlite
            sources:
              - {name: police, owner: 公安, kind: department, entity: household, format: csv, path: a.csv}
              - {name: gy-grid, owner: 贵阳市, kind: city, entity: household, format: csv, path: b.csv}
              - {name: zy-grid, owner: 遵义市, kind: city, entity: household, format: csv, path: c.csv}
            survivorship:

            """
        let config = try PipelineConfig.parse(yaml: base + "  address: [police, [gy-grid, zy-grid]]\n  head_name: police\n",
                                              file: "p.yaml")
        XCTAssertEqual(config.survivorship["address"], [["police"], ["gy-grid", "zy-grid"]])
        XCTAssertEqual(config.survivorship["head_name"], [["police"]])
        for (list, message) in [("[police, [gy-grid, police]]", #"source "police" is ranked twice"#),
                                ("[police, [gy-grid, zy-grd]]", #"no source named "zy-grd" (did you mean zy-grid?)"#),
                                ("[police, []]", "an empty rank"),
                                ("[[police, [gy-grid]]]", "not further lists")] {
            XCTAssertThrowsError(try PipelineConfig.parse(yaml: base + "  address: \(list)\n", file: "p.yaml"), list) { error in
                XCTAssertTrue("\(error)".contains("survivorship.address"), "\(error)")
                XCTAssertTrue("\(error)".contains(message), "\(list): \(error)")
            }
        }
    }

    /// A status written with a remark or a date beside the word says what the word says; one that only contains the
    /// word (未注销, 拟迁出) does not.
    func testAStatusWithARemarkOrDateStillSaysTheHouseholdLeft() {
        let words = AbsentWhen.usualValues
        for status in ["注销", "已注销（2024-05-01）", "注销(迁往外省)", "迁出 2024.05", "2024-05-01注销", "已迁出，迁往遵义"] {
            XCTAssertTrue(AbsentWhen.says(status, oneOf: words), status)
        }
        for status in ["未注销", "拟迁出", "在住", "在住（2024-05-01）", "", "（注销）"] {
            XCTAssertFalse(AbsentWhen.says(status, oneOf: words), status)
        }
    }

    /// The police register keeps a tenant's registration after he leaves, with 状态 注销: with `absent_when:` such a
    /// record is no sighting. 严富, 注销 on night 2, keeps `last_seen_run` 1 and her record no longer offers its
    /// values; 韦霞建, still 在住, is seen on night 2; 李秀, whose first record is already 注销, makes no household.
    /// Before, every 注销 record loaded as a current resident (`last_seen_run` 2, and a household for 李秀).
    func testACancelledRegistrationIsNoSighting() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("ldrk.xml")
        func person(_ key: String, _ status: String, _ name: String, _ id: String, _ address: String) -> String {
            """
              <人员 暂住证号="\(key)" 状态="\(status)">
                <姓名>\(name)</姓名><身份证号>\(id)</身份证号><居住地址>\(address)</居住地址>
              </人员>
            """
        }
        func write(_ people: [String]) throws {
            try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<流动人口登记 单位=\"贵阳市公安局\">"] + people + ["</流动人口登记>", ""])
                .joined(separator: "\n").write(to: feed, atomically: true, encoding: .utf8)
        }
        let yan = person("GYZZ1006", "在住", "严富", NightsTests.id("51130219970424782"), "贵州省贵阳市花溪区小孟街道王宽村7组12号")
        let wei = person("GYZZ1007", "在住", "韦霞建", NightsTests.id("52242819831127465"), "贵州省贵阳市花溪区小孟街道王宽村7组14号")
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("gy-police", feed, format: "xml", owner: "贵阳市公安局",
                                                                           kind: "department", extra: [
            "options: {record_path: /流动人口登记/人员}",
            "record_key: \"@暂住证号\"",
            "fields: {head_name: 姓名, head_id: 身份证号, address: 居住地址}",
            "absent_when: {field: \"@状态\", values: [注销, 已注销, 迁出]}",
        ]))
        try write([yan, wei])
        XCTAssertEqual(try fixture.run().status, 0)
        // Statuses written with a date or a remark beside the word still say the household left.
        try write([yan.replacingOccurrences(of: "在住", with: "已注销（2024-05-01）"), wei,
                   person("GYZZ1099", "2024.05.03 迁出", "李秀", NightsTests.id("53060219730404238"), "贵州省贵阳市花溪区小孟街道王宽村7组16号")])
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, last_seen_run FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\($0[1] as Int)" }, ["严富:1", "韦霞建:2"])
        XCTAssertEqual(try fixture.rows("SELECT record_key FROM household_source WHERE record_digest IS NULL").map { $0[0] as String },
                       ["GYZZ1006"])
        XCTAssertEqual(try fixture.query("SELECT rows_loaded FROM etl_batch WHERE run_id = 2") as Int?, 3)
        XCTAssertTrue((result.stdout + result.stderr).contains("2 say the household left (absent_when)"), result.stdout + result.stderr)
        // validate does not count the status among the columns feeding nothing: the load reads it.
        let validation = try Rongtong.run(["validate", fixture.file.path, "-v"], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        let unread = validation.stdout.split(separator: "\n").filter { $0.contains("feeding no field") }
        XCTAssertFalse(unread.isEmpty, validation.stdout)
        XCTAssertFalse(unread.contains { $0.contains("状态") }, validation.stdout)
        // Registered again as 在住, 严富 is seen again.
        try write([wei, yan])
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT last_seen_run FROM dwd_household WHERE head_name = '严富'") as Int?, 3)
    }
}
