import Foundation
import GRDB
import XCTest

/// How a county housing office writes a project's progress and construction period in its project library
/// (trial 21e), through real files into a real warehouse.
final class ProjectProgressTests: XCTestCase {
    private func housing(_ name: String, _ file: URL, _ extra: [String] = []) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "compound", owner: "住建局", kind: "department",
                                extra: ["context: {prefecture: 遵义市}"] + extra)
    }

    private func progress(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT project_id, progress, status FROM dwd_renovation_project ORDER BY project_id").map {
            "\($0[0] as String) \(($0[1] as Double?).map { String($0) } ?? "-") \($0[2] as String)"
        }
    }

    /// A column whose header says it is in percent (`完成进度（%）`, `完成进度%`, `进度/%`) or has `(%)` under it in a
    /// units row gives its bare numbers in percent: `1` is 1% and `0.5` is 0.5%, not "completed" and half done
    /// (trial 21e, D1: HC-02 dropped out of the 排查 list as completed). A bare `1` under a header without `%`
    /// stays a ratio, as documented.
    func testAProgressColumnHeadedInPercentReadsBareNumbersAsPercent() throws {
        let folder = try TestPaths.temporaryFolder()
        let titled = folder.appendingPathComponent("jd.csv")
        let rows = """
            HC-01,汇川区,上海路街道,测甲小区,860,45
            HC-02,汇川区,上海路街道,测乙小区,120.5,1
            HC-03,汇川区,上海路街道,测丙小区,300,0.5
            HC-04,汇川区,上海路街道,测丁小区,300,100
            HC-05,汇川区,上海路街道,测戊小区,300,0
            HC-06,汇川区,上海路街道,测己小区,300,已完工
            HC-07,汇川区,上海路街道,测庚小区,300,30%

            """
        let sheet = "汇川区2024年老旧小区改造项目进度表,,,,,\n项目编号,区县,街道,小区名称,总投资,完成进度（%）\n,,,,(万元),\n" + rows
        try Data(try UTF8EvidenceTests.gb18030(sheet.replacingOccurrences(of: "\n", with: "\r\n"))).write(to: titled)
        let unitsRow = folder.appendingPathComponent("units_row.csv")
        try "项目编号,区县,小区名称,进度\n,,,(%)\nUR-1,汇川区,测辛小区,1\nUR-2,汇川区,测壬小区,0.8\n"
            .write(to: unitsRow, atomically: true, encoding: .utf8)
        let glued = folder.appendingPathComponent("glued.csv")
        try "项目编号,区县,小区名称,完成进度%\nGL-1,汇川区,测癸小区,1\n".write(to: glued, atomically: true, encoding: .utf8)
        let slashed = folder.appendingPathComponent("slashed.csv")
        try "项目编号,区县,小区名称,进度/%\nSL-1,汇川区,测子小区,1\n".write(to: slashed, atomically: true, encoding: .utf8)
        let ratios = folder.appendingPathComponent("ratios.csv")
        try "项目编号,区县,小区名称,完成进度\nRA-1,汇川区,测丑小区,1\nRA-2,汇川区,测寅小区,0.5\n"
            .write(to: ratios, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            housing("hc-jd", titled, ["encoding: gb18030", "options: {skip_rows: 1}"]),
            housing("units-row", unitsRow), housing("glued", glued), housing("slashed", slashed),
            housing("ratios", ratios),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try progress(fixture), [
            "GL-1 0.01 in_progress",
            "HC-01 0.45 in_progress", "HC-02 0.01 in_progress", "HC-03 0.005 in_progress", "HC-04 1.0 completed",
            "HC-05 0.0 not_started", "HC-06 1.0 completed", "HC-07 0.3 in_progress",
            "RA-1 1.0 completed", "RA-2 0.5 in_progress",
            "SL-1 0.01 in_progress",
            "UR-1 0.01 in_progress", "UR-2 0.008 in_progress",
        ])
        // The units row's (万元) still scales the amounts.
        XCTAssertEqual(try fixture.query("SELECT investment_yuan FROM dwd_renovation_project WHERE project_id = 'HC-02'") as Double?,
                       1_205_000)
    }

    /// `0.45` under `完成进度（%）` loaded as 0.45% with no word: most likely Excel's fraction for 45% (a cell formatted
    /// as a percentage exported as its number). The value is still read as the column says (0.45%), and a
    /// `progress_fraction_in_percent_column` warning names the file's batch, the record, the column and the value, so
    /// an analyst can ask. A bare number of 1 or more, a `%` written in the cell, 0, 1, words, and a fraction under a
    /// header without `%` (a ratio there, as documented) give none.
    func testAFractionUnderAPercentHeaderIsReadAsPercentAndWarnedAbout() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = folder.appendingPathComponent("jd.csv")
        try """
            项目编号,区县,小区名称,完成进度（%）
            FR-1,汇川区,测甲小区,0.45
            FR-2,汇川区,测乙小区,45
            FR-3,汇川区,测丙小区,0.45%
            FR-4,汇川区,测丁小区,1
            FR-5,汇川区,测戊小区,0
            FR-6,汇川区,测己小区,已完工
            FR-7,汇川区,测庚小区,.8
            FR-8,汇川区,测辛小区,"0,45"

            """.write(to: sheet, atomically: true, encoding: .utf8)
        let unitsRow = folder.appendingPathComponent("units_row.csv")
        try "项目编号,区县,小区名称,进度\n,,,(%)\nUR-1,汇川区,测辛小区,0.125\n".write(to: unitsRow, atomically: true, encoding: .utf8)
        let ratios = folder.appendingPathComponent("ratios.csv")
        try "项目编号,区县,小区名称,完成进度\nRA-1,汇川区,测丑小区,0.45\n".write(to: ratios, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [housing("jd", sheet), housing("units-row", unitsRow), housing("ratios", ratios)]
            .joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try progress(fixture), [
            "FR-1 0.0045 in_progress", "FR-2 0.45 in_progress", "FR-3 0.0045 in_progress", "FR-4 0.01 in_progress",
            "FR-5 0.0 not_started", "FR-6 1.0 completed", "FR-7 0.008 in_progress", "FR-8 0.0045 in_progress",
            "RA-1 0.45 in_progress",
            "UR-1 0.00125 in_progress",
        ])
        let warnings = try fixture.rows("""
            SELECT b.file, r.record_number, r.field, r.value, r.severity, r.message FROM etl_reject r
            JOIN etl_batch b ON b.batch_id = r.batch_id
            WHERE r.rule = 'progress_fraction_in_percent_column' ORDER BY b.file, r.record_number
            """)
        XCTAssertEqual(warnings.map { "\(URL(fileURLWithPath: $0["file"] as String).lastPathComponent):\($0["record_number"] as Int):\($0["field"] as String):\($0["value"] as String):\($0["severity"] as String)" },
                       ["jd.csv:1:完成进度（%）:0.45:warning", "jd.csv:7:完成进度（%）:.8:warning", "jd.csv:8:完成进度（%）:0,45:warning",
                        "units_row.csv:1:进度:0.125:warning"])
        XCTAssertEqual(warnings.first?["message"] as String?,
                       "\"0.45\" is read as 0.45%, as the column says its numbers are percentages; if it is a fraction as Excel writes one, it is 45%: ask which it is")
        XCTAssertTrue(result.stderr.contains("jd.csv:2: record 1: 完成进度（%）: \"0.45\" is read as 0.45%"), result.stderr)
    }

    /// Progress written in tenths (`四成`, `六成`, `两成`, `七成五`, `4成`, `完成八成`, `约三成`), as county offices
    /// write it, is read (trial 21e, D4: it was an `invalid_progress` warning and the 40% → 60% move was lost from
    /// the history).
    func testProgressWrittenInTenthsIsReadAndItsMovesAreKept() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("xmk.csv")
        func deliver(_ first: String) throws {
            try """
                项目编号,区县,街道,小区名称,完成进度
                T-1,红花岗区,老城街道,测甲小区,\(first)
                T-2,红花岗区,老城街道,测乙小区,两成
                T-3,红花岗区,老城街道,测丙小区,七成五
                T-4,红花岗区,老城街道,测丁小区,4成
                T-5,红花岗区,老城街道,测戊小区,完成八成
                T-6,红花岗区,老城街道,测己小区,约三成
                T-7,红花岗区,老城街道,测庚小区,十成

                """.write(to: feed, atomically: true, encoding: .utf8)
        }
        try deliver("四成")
        let fixture = try PipelineFixture(sources: housing("hhg", feed))
        var result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM etl_reject WHERE rule = 'invalid_progress'") as Int?, 0)
        XCTAssertEqual(try progress(fixture), [
            "T-1 0.4 in_progress", "T-2 0.2 in_progress", "T-3 0.75 in_progress", "T-4 0.4 in_progress",
            "T-5 0.8 in_progress", "T-6 0.3 in_progress", "T-7 1.0 completed",
        ])
        try deliver("六成")
        result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT progress FROM dwd_renovation_project_history WHERE project_id = 'T-1' ORDER BY valid_from_run
            """).map { $0[0] as Double? }, [0.4, 0.6])
    }

    /// One construction-period cell mapped to both ends (`planned_start: 建设周期`, `planned_end: 建设周期`, as
    /// pipeline-format.md says) that reads as neither is one warning naming both fields, counted once (trial 21e, D5:
    /// two identical lines and `invalid_date 2`); with two columns, each bad one is its own warning naming its field.
    func testAnUnreadablePeriodCellFeedingBothEndsIsOneWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("xmk.csv")
        try """
            项目编号,区县,街道,小区名称,建设周期
            P-1,红花岗区,老城街道,测甲小区,2023年3月—2024年6月
            P-2,红花岗区,老城街道,测乙小区,2023年上半年

            """.write(to: feed, atomically: true, encoding: .utf8)
        let columns = folder.appendingPathComponent("columns.csv")
        try """
            项目编号,区县,街道,小区名称,计划开工,计划完工
            Q-1,红花岗区,老城街道,测丙小区,2023年3月,2024年底

            """.write(to: columns, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            housing("period", feed, ["fields: {planned_start: 建设周期, planned_end: 建设周期}"]),
            housing("columns", columns, ["fields: {planned_start: 计划开工, planned_end: 计划完工}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT project_id, coalesce(planned_start, '-'), coalesce(planned_end, '-') FROM dwd_renovation_project ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" },
            ["P-1 2023-03-01 2024-06-30", "P-2 - -", "Q-1 2023-03-01 -"])
        let warnings = try fixture.rows("""
            SELECT source_id, record_number, field, value, message FROM etl_reject WHERE rule = 'invalid_date' ORDER BY source_id
            """)
        XCTAssertEqual(warnings.map { "\($0[0] as String)#\($0[1] as Int) \($0[2] as String) \($0[3] as String)" },
                       ["columns#1 计划完工 2024年底", "period#2 建设周期 2023年上半年"])
        XCTAssertTrue((warnings[1][4] as String).contains("planned_start and planned_end"), "\(warnings)")
        XCTAssertTrue((warnings[0][4] as String).contains("planned_end"), "\(warnings)")
        XCTAssertFalse((warnings[0][4] as String).contains("planned_start"), "\(warnings)")
        let summary = result.stderr.split(separator: "\n").first { $0.hasPrefix("period: ") }.map(String.init) ?? ""
        XCTAssertTrue(summary.contains("1 warnings") && summary.hasSuffix("warned for invalid_date 1"), result.stderr)
    }
}
