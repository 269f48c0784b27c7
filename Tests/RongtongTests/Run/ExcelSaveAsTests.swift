import Foundation
import GRDB
import XCTest

/// The ways Excel saves a census (trial 19f): a units row under the header, a workbook sent in place of its CSV,
/// "Unicode text" (UTF-16, tab-separated), and a source's path narrowed after a file failed it. Through the real
/// binary into a real warehouse, then SQL.
final class ExcelSaveAsTests: XCTestCase {
    /// A per-household sheet with a title row and units under the column names (`,,,(人),(元)`): the units row is no
    /// record (no `"(人)" is not a member count`, no `no_identity`), the first household is still record 1, and a
    /// small sheet is not held back over `max_reject_ratio`. Before, the units row was a rejected record 1: exit 3.
    func testAUnitsRowUnderTheHeaderIsNoRecord() throws {
        let feed = try TwoRowHeaderTests.gb18030File("household.csv", """
            东街街道民主社区2023年度住户登记表,,,,
            户主姓名,身份证号,现住址,家庭人口,年收入
            ,,,(人),（元）
            测薛峰凯,520402199101294413,东街街道民主社区民主苑5栋1单元401室,2,47000
            测陈云,520402198003101230,东街街道民主社区民主苑5栋1单元402室,1,30000
            合计,,,3,77000

            """)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("per-household", feed, format: "csv",
            owner: "安顺市西秀区东街街道", extra: ["options: {skip_rows: 1}", "context: {prefecture: 安顺市, county: 西秀区}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("per-household: 2 read, 2 loaded, 0 rejected"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE head_name = '测薛峰凯'") as Int?, 2)
    }

    /// A per-person sheet (`rows: person`) with units under 家庭人口 and 年收入 (`,,,,,(人),(元),`): no `no_head_row`
    /// reject for the units row. With `header_rows: 2` the units row is the header's second row, and a unit in it
    /// names nothing: 家庭人口 keeps its name (before, the column was named `(人)` and `member_count: 家庭人口` failed).
    func testAUnitsRowUnderAPerPersonHeaderIsNoRecordAndNamesNoColumn() throws {
        let text = """
            东街街道民主社区2023年度人口信息登记表,,,,,,,
            户号,姓名,与户主关系,身份证号,现住址,家庭人口,年收入,备注
            ,,,,,(人),(元),
            MZ-0001,测薛峰凯,户主,520402199101294413,东街街道民主社区民主苑5栋1单元401室,2,47000,
            ,测戴兰,妻,520402199007081964,,,,
            MZ-0002,测陈云,户主,520402198003101230,东街街道民主社区民主苑5栋1单元402室,1,30000,
            合计,,,,,3,77000,
            制表人：测王网格,,,审核人：测李主任,,,,

            """
        for headerRows in ["", ", header_rows: 2"] {
            let feed = try TwoRowHeaderTests.gb18030File("person.csv", text)
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("per-person", feed, format: "csv",
                owner: "安顺市西秀区东街街道", extra: [
                    "options: {skip_rows: 1\(headerRows)}", "rows: person", "record_key: 户号",
                    "context: {prefecture: 安顺市, county: 西秀区}",
                    "fields: {head_name: 姓名, head_id: 身份证号, address: 现住址, member_count: 家庭人口}"]))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, "\(headerRows): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("no_head_row"), result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'error'") as Int?, 0)
            XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE head_name = '测薛峰凯'") as Int?, 2)
            let peek = try Rongtong.run(["peek", feed.path, "--format", "csv", "--option", "skip_rows=1"]
                                        + (headerRows.isEmpty ? [] : ["--option", "header_rows=2"]))
            XCTAssertEqual(peek.status, 0, peek.stderr)
            XCTAssertTrue(peek.stdout.hasPrefix(#"{"户号":"MZ-0001","#), peek.stdout)
            XCTAssertTrue(peek.stdout.contains(#""家庭人口":"2""#), peek.stdout)
            XCTAssertFalse(peek.stdout.contains("(人)"), peek.stdout)
        }
    }

    /// A census source reading `*.xlsx`, `*.xls` and an `.xlsx` saved under a `.csv` name, each tested in
    /// `peek`, `validate` and `run`.
    static func workbooks(in folder: URL) throws -> [URL] {
        // The start of an .xlsx: a ZIP whose first entry is [Content_Types].xml, with xl/workbook.xml after it.
        var zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00]
        zip += Array(repeating: 0, count: 16) + [19, 0, 0, 0] + Array("[Content_Types].xml".utf8)
        zip += Array("<?xml version=\"1.0\"?><Types/>".utf8)
        zip += [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 22) + [15, 0, 0, 0] + Array("xl/workbook.xml".utf8)
        zip += Array(repeating: 0x41, count: 300)
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)
        let files = [("census.xlsx", zip), ("census.xls", ole2), ("jiexin.csv", zip)]
        return try files.map { name, bytes in
            let file = folder.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            return file
        }
    }

    /// An Excel workbook (`.xlsx`, `.xls`, or an `.xlsx` renamed `.csv`) under a csv source is said to be one, with
    /// how to save it, and fails as a file that cannot be read (exit 1) in `peek`, `validate` and `run`. Before,
    /// `peek` printed nothing (exit 0), and `run` said `4 mapped columns are not in the file … its columns are: PK`
    /// (exit 2), or for the .xls advised `encoding:`.
    func testAnExcelWorkbookUnderACSVSourceIsSaidToBeOne() throws {
        let folder = try TestPaths.temporaryFolder()
        for workbook in try Self.workbooks(in: folder) {
            let said = "this is an Excel workbook (xlsx/xls), not CSV: save it from Excel as \"CSV UTF-8\" or \"Unicode text\""
            let peek = try Rongtong.run(["peek", workbook.path, "--format", "csv"])
            XCTAssertEqual(peek.status, 1, workbook.lastPathComponent + peek.stderr)
            XCTAssertTrue(peek.stderr.contains("\(workbook.path): \(said)"), peek.stderr)
            XCTAssertEqual(peek.stdout, "")
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("xiangyang", workbook, format: "csv",
                owner: "兴义市黄草街道向阳社区", extra: [
                    "rows: person", "record_key: 户号", "context: {prefecture: 黔西南州, county: 兴义市}",
                    "fields: {head_name: 姓名, head_id: 身份证号, address: 现住址}"]))
            let run = try fixture.run()
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains(said), run.stderr)
            XCTAssertFalse(run.stderr.contains("mapped columns are not in the file"), run.stderr)
            XCTAssertFalse(run.stderr.contains("encoding:"), run.stderr)
            let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
            XCTAssertEqual(validate.status, 1, validate.stdout + validate.stderr)
            XCTAssertTrue((validate.stdout + validate.stderr).contains(said), validate.stdout + validate.stderr)
        }
    }

    /// Excel's "Unicode text" (UTF-16 with a byte order mark, TAB-separated) read by a csv source without `delimiter:`:
    /// TAB, so its columns are found and it loads. A `delimiter:` given still wins. Before, it was read with `,` as
    /// one column (`peek` printed one giant field, exit 0).
    func testUnicodeTextIsReadWithTabUnlessADelimiterIsGiven() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("xiangyang.txt")
        let text = "户号\t姓名\t与户主关系\t身份证号\t现住址\r\nXY-0001\t测吴磊\t户主\t520402199101294413\t兴义市黄草街道向阳社区1栋1单元101室\r\n"
        try Data([0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!)).write(to: file)
        let peek = try Rongtong.run(["peek", file.path, "--format", "csv"])
        XCTAssertEqual(peek.status, 0, peek.stderr)
        XCTAssertTrue(peek.stdout.hasPrefix(#"{"户号":"XY-0001","姓名":"测吴磊","#), peek.stdout)
        let comma = try Rongtong.run(["peek", file.path, "--format", "csv", "--option", "delimiter=,"])
        XCTAssertTrue(comma.stdout.hasPrefix(#"{"户号\t姓名"#), comma.stdout)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("xiangyang", file, format: "csv",
            owner: "兴义市黄草街道向阳社区", extra: [
                "rows: person", "record_key: 户号", "context: {prefecture: 黔西南州, county: 兴义市}",
                "fields: {head_name: 姓名, head_id: 身份证号, address: 现住址}"]))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测吴磊")
        // A comma-separated UTF-16 export of another tool (the 19f recheck: it loaded before TAB became the default)
        // is read with commas: its first line holds commas and no TAB.
        let commas = folder.appendingPathComponent("other-tool.csv")
        let commaText = text.replacingOccurrences(of: "\t", with: ",")
        try Data([0xFF, 0xFE] + Array(commaText.data(using: .utf16LittleEndian)!)).write(to: commas)
        let commaPeek = try Rongtong.run(["peek", commas.path, "--format", "csv"])
        XCTAssertEqual(commaPeek.status, 0, commaPeek.stderr)
        XCTAssertTrue(commaPeek.stdout.hasPrefix(#"{"户号":"XY-0001","姓名":"测吴磊","#), commaPeek.stdout)
    }

    /// A source reads `feeds/*`; its `.txt` file (TAB-separated) does not fit the mapping, so the run fails (exit 2).
    /// The path is narrowed to `feeds/*.csv` and the `.txt` given a source of its own with `delimiter: "\t"`. The
    /// first source's staged, never-loaded batch of the `.txt` is no longer its own: dropped from staging with a
    /// warning, and the run and the next one exit 0. Before, every run failed from staging (exit 2) while validate said ok.
    func testAStagedFileTheNarrowedPathNoLongerMatchesBlocksNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let feeds = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        try "户号,姓名,与户主关系,身份证号,现住址\nDJ-0001,测薛峰凯,户主,520402199101294413,东街街道东街社区东关小区5栋1单元401室\n"
            .write(to: feeds.appendingPathComponent("东街社区.csv"), atomically: true, encoding: .utf8)
        try "户号\t姓名\t与户主关系\t身份证号\t现住址\nCY-0001\t测陈云\t户主\t520402198003101230\t东街街道朝阳社区朝阳小区2栋1单元402室\n"
            .write(to: feeds.appendingPathComponent("朝阳社区.txt"), atomically: true, encoding: .utf8)
        func source(_ name: String, _ path: String, tab: Bool) -> String {
            PipelineRunTests.source(name, feeds.appendingPathComponent(path), format: "csv", owner: "安顺市西秀区东街街道",
                extra: (tab ? [#"options: {delimiter: "\t"}"#] : []) + [
                    "rows: person", "record_key: 户号", "context: {prefecture: 安顺市, county: 西秀区}",
                    "fields: {head_name: 姓名, head_id: 身份证号, address: 现住址}"])
        }
        let fixture = try PipelineFixture(sources: source("dongjie", "*", tab: false))
        let step1 = try fixture.run()
        XCTAssertEqual(step1.status, 2, step1.stderr)
        try fixture.rewrite(sources: source("dongjie", "*.csv", tab: false) + "\n" + source("dongjie-txt", "*.txt", tab: true))
        let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        let step2 = try fixture.run()
        XCTAssertEqual(step2.status, 0, step2.stderr)
        XCTAssertTrue(step2.stderr.contains("朝阳社区.txt as extracted by run 1 (1 record(s); the source's path "), step2.stderr)
        XCTAssertTrue(step2.stderr.contains("no longer matches the file): it was never loaded, and is no longer this source's: dropped from staging"), step2.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        let again = try fixture.run()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stderr.contains("no longer matches"), again.stderr)
    }
}
