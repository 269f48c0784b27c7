import Foundation
import GRDB
import XCTest

/// Office exports whose header is written on two rows (a group cell merged over its sub-headers), through the
/// real binary into a real warehouse, then SQL; and what `validate` says of each file's columns.
final class TwoRowHeaderTests: XCTestCase {
    /// `text` written as a GB18030 file (as an office's Excel saves "CSV") in a fresh folder.
    static func gb18030File(_ name: String, _ text: String) throws -> URL {
        let file = try TestPaths.temporaryFolder().appendingPathComponent(name)
        try Data(UTF8EvidenceTests.gb18030(text)).write(to: file)
        return file
    }

    /// A housing bureau's list: 户主 merged over 姓名 | 身份证号, the other columns merged down over both rows.
    static let housingList = """
        序号,户主,,联系电话,小区名称,楼栋,单元,房号,家庭人口,改造类型
        ,姓名,身份证号,,,,,,,
        1,测肖志强,520402198203059612,15149095817,纺织厂宿舍,1,1,202,2,完善类
        2,测熊丽娟,520402195807176189,13770071681,纺织厂宿舍,4,2,104,5,完善类
        3,测廖华,520422197607057120,17115846235,纺织厂宿舍,1,2,104,4,基础类
        4,测邹志强,520402195009131534,18781337397,纺织厂宿舍,1,3,303,6,完善类

        """

    /// The second header row is no record: every ID loads, no `no_identity` reject for `,姓名,身份证号,,…`, and the
    /// records keep their numbers and lines (record 4, the bad check character, is on line 6).
    func testGroupCellOverNameAndIDLoadsEveryIDAndNoRecordForTheSubHeaders() throws {
        let feed = try Self.gb18030File("09-xixiu-zhujian.csv", Self.housingList)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xx-zhujian", feed, format: "csv",
            extra: ["context: {prefecture: 安顺市, county: 西秀区}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_id_hash IS NOT NULL") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT head_id_masked FROM dwd_household WHERE head_name = '测肖志强'") as String?,
                       "520402********9612")
        XCTAssertEqual(try fixture.query("SELECT phone_masked FROM dwd_household WHERE head_name = '测廖华'") as String?,
                       "171****6235")
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE head_name = '测熊丽娟'") as Int?, 5)
        let rejects = try fixture.rows("SELECT rule, record_number, line, field FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(rejects.map { "\($0["rule"] as String):\($0["record_number"] as Int):\($0["line"] as Int):\($0["field"] as String? ?? "")" },
                       ["id_check_character:4:6:身份证号"])
    }

    /// A grid office's form: a title row, then 户主信息 and 居住信息 merged over their sub-headers beside 网格,
    /// 家庭人口 and 是否低保, which only the upper row names. With `skip_rows: 1` (the title) both header rows are
    /// read: grid id, member count, 低保 flag and the IDs all load.
    func testUpperRowOnlyColumnsOfATwoRowHeaderLoadBesideTheSubHeaders() throws {
        let feed = try Self.gb18030File("01-kaili-wangge.csv", """
            凯里市网格化服务管理入户采集表（2023年10月）,,,,,,,,,,,,
            序号,网格,户主信息,,,居住信息,,,家庭人口,是否低保,,,
            ,,姓名,身份证号,联系方式,村（社区）,小区名称,详细地址,,,,,
            1,KL-002-01,测毛国华,522627194303038650,172 8478 8045,永乐社区,营盘坡小区,大十字街道营盘坡小区4栋1单元302室,5,是,,,
            2,KL-002-01,测金正文,522601196508202704,152-6079-6932,永乐社区,营盘坡小区,大十字街道营盘坡小区4栋1单元604室,2,否,,,
            3,KL-002-02,测黎玉梅,522601199004253034,198 4774 2962,永乐社区,营盘坡小区,大十字街道营盘坡小区5栋1单元202室,3人,是,,,

            """)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("kl-wangge", feed, format: "csv",
            extra: ["options: {skip_rows: 1}", "context: {prefecture: 黔东南州, county: 凯里市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try fixture.rows("""
            SELECT head_name, grid_id, member_count, is_low_income, head_id_masked, phone_masked
            FROM dwd_household ORDER BY head_name
            """)
        XCTAssertEqual(rows.map { "\($0["head_name"] as String)|\($0["grid_id"] as String? ?? "-")|\($0["member_count"] as Int? ?? -1)|\($0["is_low_income"] as Int? ?? -1)|\($0["head_id_masked"] as String? ?? "-")|\($0["phone_masked"] as String? ?? "-")" },
                       ["测毛国华|KL-002-01|5|1|522627********8650|172****8045",
                        "测金正文|KL-002-01|2|0|522601********2704|152****6932",
                        "测黎玉梅|KL-002-02|3|1|522601********3034|198****2962"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'error'") as Int?, 0)
    }

    /// The advice never costs columns. Without `skip_rows` (the title row read as the header) the error points at
    /// the group row, `skip_rows: 1`, not at the sub-header row; with the old `skip_rows: 2` (the sub-header row
    /// read alone) the run warns that 网格, 家庭人口 and 是否低保 are not read.
    func testSkipRowsAdviceKeepsTheGroupRowOfATwoRowHeader() throws {
        let feed = try Self.gb18030File("grid.csv", """
            凯里市网格化服务管理入户采集表,,,,,,,,
            序号,网格,户主信息,,,居住信息,,家庭人口,是否低保
            ,,姓名,身份证号,联系方式,小区名称,详细地址,,
            1,KL-002-01,测毛国华,522627194303038650,17284788045,营盘坡小区,大十字街道营盘坡小区4栋1单元302室,5,是

            """)
        let context = "context: {prefecture: 黔东南州, county: 凯里市}"
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("kl-wangge", feed, format: "csv", extra: [context]))
        let unskipped = try fixture.run()
        XCTAssertEqual(unskipped.status, 2, unskipped.stderr)
        XCTAssertTrue(unskipped.stderr.contains("are in row 3 of the file, under the group row 2, which names columns of its own (序号, 网格, 家庭人口, 是否低保): set options: {skip_rows: 1}, and both rows are read as one header"),
                      unskipped.stderr)
        XCTAssertFalse(unskipped.stderr.contains("skip_rows: 2"), unskipped.stderr)

        try fixture.rewrite(sources: PipelineRunTests.source("kl-wangge", feed, format: "csv",
                                                             extra: ["options: {skip_rows: 2}", context]))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("warning: sources.kl-wangge.options.skip_rows: row 2 of "), validate.stdout)
        XCTAssertTrue(validate.stdout.contains("skipped by skip_rows: 2, is the upper row of a header written on two rows: the columns it names alone (序号, 网格, 家庭人口, 是否低保) are not read; set options: {skip_rows: 1} to read both rows as one header"),
                      validate.stdout)
    }

    /// Only a row that reads as sub-headers is taken for the header's second row. A header with an empty cell
    /// followed by a record with empty cells keeps that record (its 序号, a value under a column named alone, an
    /// ID, or cells that are values and not field words), and `header_rows: 1` never reads two rows. Read with
    /// `peek`: the records and their field names as the extractor gives them.
    func testOnlyARowOfSubHeadersIsTakenForTheSecondHeaderRow() throws {
        let folder = try TestPaths.temporaryFolder()
        let files: [(name: String, text: String, options: String?, records: Int, columns: [String])] = [
            // A record whose 序号 is filled.
            ("numbered.csv", "序号,户主,,联系电话\n1,测张三,补录,\n2,测李四,,\n", nil, 2, ["序号", "户主", "column_3", "联系电话"]),
            // No 序号, but a value under 小区名称, a column the upper row names alone.
            ("compound.csv", "户主,,小区名称\n测张三,待核实,纺织厂宿舍\n", nil, 1, ["户主", "column_2", "小区名称"]),
            // Only the group's cells filled, with an ID in them.
            ("id.csv", "户主,,联系电话\n测张三,520402198203059612,\n", nil, 1, ["户主", "column_2", "联系电话"]),
            // Only the group's cells filled, but they are values, not field words.
            ("values.csv", "户主,,联系电话\n测张三,身份证待补,\n", nil, 1, ["户主", "column_2", "联系电话"]),
            // The group's cells with a gap.
            ("gap.csv", "户主,,,联系电话\n姓名,,身份证号,\n", nil, 1, ["户主", "column_2", "column_3", "联系电话"]),
            // A title row above a one-row header: the title is no group row.
            ("title.csv", "西秀区住建局改造台账,,\n户主姓名,身份证号,联系电话\n测张三,520402198203059612,\n", nil, 2,
             ["西秀区住建局改造台账", "column_2", "column_3"]),
            // Sub-headers, but the pipeline says the header is one row.
            ("one.csv", "序号,户主,,联系电话\n,姓名,身份证号,\n", "1", 1, ["序号", "户主", "column_3", "联系电话"]),
            // Sub-headers read as such.
            ("two.csv", "序号,户主,,联系电话\n,姓名,身份证号,\n1,测张三,520402198203059612,\n", nil, 1, ["序号", "姓名", "身份证号", "联系电话"]),
            // Sub-headers no usual word names, read because the pipeline says two rows.
            ("forced.csv", "序号,收入,\n,2022年,2023年\n1,3000,3200\n", "2", 1, ["序号", "2022年", "2023年"]),
        ]
        for file in files {
            let path = folder.appendingPathComponent(file.name)
            try Data(UTF8EvidenceTests.gb18030(file.text)).write(to: path)
            let peek = try Rongtong.run(["peek", path.path, "--format", "csv", "--encoding", "gb18030"]
                + (file.options.map { ["--option", "header_rows=\($0)"] } ?? []))
            XCTAssertEqual(peek.status, 0, peek.stderr)
            let records = peek.stdout.split(separator: "\n")
            XCTAssertEqual(records.count, file.records, "\(file.name): \(peek.stdout)")
            let first = try JSONSerialization.jsonObject(with: Data((records.first ?? "{}").utf8)) as? [String: Any]
            XCTAssertEqual(Set(first?.keys.map { $0 } ?? []), Set(file.columns), file.name)
        }
    }

    /// Columns under a person other than the head (`配偶` over 姓名 | 身份证号) are named `配偶/姓名`: the spouse's ID
    /// never feeds `head_id`; the head's columns under 户主 keep their usual names.
    func testSubHeadersUnderAnotherPersonAreQualifiedWithTheirGroup() throws {
        let feed = try Self.gb18030File("minzheng.csv", """
            序号,户主,,配偶,,家庭住址
            ,姓名,身份证号,姓名,身份证号,
            1,测肖志强,520402198203059612,测熊丽娟,520402195807176189,安顺市西秀区东街街道纺织厂宿舍1栋1单元202室

            """)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xx-minzheng", feed, format: "csv"))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT head_name || '|' || head_id_masked FROM dwd_household") as String?,
                       "测肖志强|520402********9612")
        let peek = try Rongtong.run(["peek", feed.path, "--format", "csv"])
        XCTAssertTrue(peek.stdout.hasPrefix("{\"序号\":\"1\",\"姓名\":\"测肖志强\",\"身份证号\":\"520402198203059612\",\"配偶/姓名\":\"测熊丽娟\",\"配偶/身份证号\":\"520402195807176189\","),
                      peek.stdout)
    }

    /// `validate` names each file's mapping: in JSON which column feeds which field (auto or under `fields:`) and
    /// which feed none with how many records hold a value there; in `-v` text the same, and by default one line
    /// naming the columns that feed no field although they hold values.
    func testValidateNamesTheMappedAndTheUnreadColumnsOfEachFile() throws {
        let feed = try Self.gb18030File("09-xixiu-zhujian.csv", Self.housingList)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xx-zhujian", feed, format: "csv",
            extra: ["fields: {member_count: 家庭人口}", "context: {prefecture: 安顺市, county: 西秀区}"]))
        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stdout + json.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let source = try XCTUnwrap(((object?["pipelines"] as? [[String: Any]])?.first?["sources"] as? [[String: Any]])?.first)
        let mapping = try XCTUnwrap((source["column_mapping"] as? [[String: Any]])?.first)
        XCTAssertEqual(mapping["file"] as? String, feed.path)
        let fields = (mapping["fields"] as? [[String: Any]] ?? []).map {
            "\($0["field"] as? String ?? "")<-\($0["column"] as? String ?? "")(\($0["how"] as? String ?? ""))"
        }
        XCTAssertEqual(fields, ["compound<-小区名称(auto)", "building<-楼栋(auto)", "unit<-单元(auto)", "room<-房号(auto)",
                                "head_name<-姓名(auto)", "head_id<-身份证号(auto)", "phone<-联系电话(auto)",
                                "member_count<-家庭人口(fields)"])
        let unread = (mapping["unread"] as? [[String: Any]] ?? []).map {
            "\($0["column"] as? String ?? ""):\($0["records_with_value"] as? Int ?? -1)"
        }
        XCTAssertEqual(unread, ["序号:4", "改造类型:4"])

        let text = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertTrue(text.stdout.contains("    columns feeding no field in \(feed.path), with values: 改造类型 (4 records)\n"), text.stdout)
        XCTAssertFalse(text.stdout.contains("head_id <- "), "the full mapping only with -v: \(text.stdout)")
        let verbose = try Rongtong.run(["validate", fixture.file.path, "-v"])
        XCTAssertTrue(verbose.stdout.contains("""
                columns of \(feed.path):
                  compound <- 小区名称 (auto)
            """), verbose.stdout)
        XCTAssertTrue(verbose.stdout.contains("      head_id <- 身份证号 (auto)\n      phone <- 联系电话 (auto)\n      member_count <- 家庭人口 (fields:)\n      feeding no field: 序号 (4 records), 改造类型 (4 records)\n"),
                      verbose.stdout)
    }
}
