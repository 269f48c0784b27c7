import Foundation
import GRDB
import XCTest

/// Grid workers' censuses written one row per person (户号, 姓名, 与户主关系 …), through the real binary into a real
/// warehouse: with `rows: person` the rows of a household are one household; without it, a warning.
final class PersonRowsTests: XCTestCase {
    /// 16 rows, GB18030 with CRLF, as Excel exports a 人口登记表: KL0020001 with the household's cells merged (blank
    /// on the member rows, a child's 有无残疾人 是), KL0020002 with them repeated on every row (a spouse's 是否低保 是,
    /// an address with a line break typed in its cell), KL0030003 whose head is its second row (the spouse's row holds
    /// 户号, address and count; a child's row an unreadable phone), KL0030004 with no head row, KL0040005 without a
    /// count and with 同上 on the member rows, KL0010006 a head alone (与户主关系 本人).
    static let feed = TestPaths.fixture("csv/gb18030-one-row-per-person.csv")

    static func source(rows: String?) -> String {
        PipelineRunTests.source("kaili", URL(fileURLWithPath: feed), format: "csv", owner: "黔东南苗族侗族自治州", extra: [
            "encoding: gb18030",
            "record_key: 户号",
            "context: {prefecture: 黔东南州, county: 凯里市}",
            "max_reject_ratio: 0.2",
        ] + (rows.map { ["rows: \($0)"] } ?? []))
    }

    func testTheRowsOfAHouseholdLoadAsOneHouseholdWhoseHeadIsTheHeadRow() throws {
        let fixture = try PipelineFixture(sources: Self.source(rows: "person"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 16)
        let households = try fixture.rows("""
            SELECT s.record_key, h.head_name, h.head_id_masked, h.member_count, h.address, h.phone_masked,
                   h.is_low_income, h.has_disabled_member
            FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id ORDER BY s.record_key
            """)
        XCTAssertEqual(households.map { $0["record_key"] as String }, ["KL0010006", "KL0020001", "KL0020002", "KL0030003", "KL0040005"],
                       "one household per 户号; the household without a head row is not loaded")
        let byKey = Dictionary(uniqueKeysWithValues: households.map { ($0["record_key"] as String, $0) })
        // Merged cells: the head row's values; the member rows' blank cells take nothing away.
        let merged = try XCTUnwrap(byKey["KL0020001"])
        XCTAssertEqual(merged["head_name"] as String?, "测林文")
        XCTAssertEqual(merged["head_id_masked"] as String?, "522601********5830")
        XCTAssertEqual(merged["member_count"] as Int?, 4)
        XCTAssertEqual(merged["address"] as String?, "贵州省黔东南苗族侗族自治州凯里市大十字街道营盘坡小区8栋1单元204室")
        XCTAssertEqual(merged["has_disabled_member"] as Int?, 1, "a child's row saying 是 makes the household's flag true")
        XCTAssertEqual(merged["is_low_income"] as Int?, 0)
        // Repeated cells: still one household, and a member's 是 counts.
        let repeated = try XCTUnwrap(byKey["KL0020002"])
        XCTAssertEqual(repeated["head_name"] as String?, "测段英")
        XCTAssertEqual(repeated["member_count"] as Int?, 3)
        XCTAssertEqual(repeated["address"] as String?, "贵州省黔东南苗族侗族自治州凯里市大十字街道州供销社宿舍6栋4单元701室")
        XCTAssertEqual(repeated["is_low_income"] as Int?, 1)
        XCTAssertEqual(repeated["phone_masked"] as String?, "152****3489")
        // The head is the row saying 户主, not the first row: its name and ID; the cells it leaves blank come from the
        // spouse's row above it.
        let secondRow = try XCTUnwrap(byKey["KL0030003"])
        XCTAssertEqual(secondRow["head_name"] as String?, "测谭海")
        XCTAssertEqual(secondRow["head_id_masked"] as String?, "522601********4327")
        XCTAssertEqual(secondRow["member_count"] as Int?, 3)
        XCTAssertEqual(secondRow["address"] as String?, "贵州省黔东南苗族侗族自治州凯里市西门街道州府大院1栋1单元703室")
        XCTAssertNil(secondRow["phone_masked"] as String?)
        // No count on any row: the number of rows. 户主（本人） is the head, and 同上 on the member rows says nothing.
        let uncounted = try XCTUnwrap(byKey["KL0040005"])
        XCTAssertEqual(uncounted["head_name"] as String?, "测罗林")
        XCTAssertEqual(uncounted["member_count"] as Int?, 3)
        XCTAssertEqual(uncounted["address"] as String?, "贵州省黔东南苗族侗族自治州凯里市洗马河街道洗马河棚户区5栋201室")
        XCTAssertEqual(try XCTUnwrap(byKey["KL0010006"])["member_count"] as Int?, 1)

        // The rejects point at the file's rows: the phone at the child's row it was written on (record 10, line 14:
        // three addresses above hold a line break), and the household without a head on each of its rows.
        let rejects = try fixture.rows("SELECT record_number, line, field, rule, severity, value, message FROM etl_reject ORDER BY record_number, rule")
        XCTAssertEqual(rejects.map { "\($0["record_number"] as Int):\($0["line"] as Int) \($0["rule"] as String) \($0["severity"] as String)" },
                       ["10:14 phone_invalid warning", "11:15 no_head_row error", "12:16 no_head_row error"])
        XCTAssertEqual(rejects[1]["field"] as String?, "与户主关系")
        XCTAssertEqual(rejects[1]["value"] as String?, "妻")
        let message = try XCTUnwrap(rejects[1]["message"] as String?)
        XCTAssertTrue(message.contains("household KL0030004 has no head row"), message)
        XCTAssertTrue(message.contains("is 妻, 长女, never 户主 or 本人"), message)
        XCTAssertTrue(result.stderr.contains("gb18030-one-row-per-person.csv:15: record 11: 与户主关系: household KL0030004 has no head row"), result.stderr)
        XCTAssertTrue(result.stderr.contains("kaili: 16 read, 5 loaded, 2 rejected, 1 warnings, 9 member rows read into their households"), result.stderr)
        // Trial 17e: the run's line accounts for the member rows too (16 = 5 + 2 + 9); before, it ended at "2 rejected".
        XCTAssertTrue(result.stderr.contains("run 1 succeeded: 16 read, 5 loaded, 2 rejected, 9 member rows read into their households\n"),
                      result.stderr)
        XCTAssertFalse(result.stderr.contains("looks like one row per person"), result.stderr)
    }

    /// Without `rows: person`, a file whose 与户主关系 names spouses and children on many rows is said to look like one
    /// row per person, once per file, by `validate` and by `run`, naming the option; nothing else changes.
    func testAPerPersonFileReadOneHouseholdPerRowIsWarnedAbout() throws {
        let fixture = try PipelineFixture(sources: Self.source(rows: nil))
        let validation = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validation.status, 0, validation.stderr)
        let warnings = validation.stdout.components(separatedBy: "\n").filter { $0.contains("looks like one row per person") }
        XCTAssertEqual(warnings.count, 1, validation.stdout)
        let warning = try XCTUnwrap(warnings.first)
        XCTAssertTrue(warning.contains("与户主关系 names someone other than the head on 11 of its 16 rows (配偶, 女, 次子, 长女, 妻, 长子 …; 9 of them leave 户号 empty or repeat the row above's)"), warning)
        XCTAssertTrue(warning.contains("set `rows: person` on the source"), warning)
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr.components(separatedBy: "looks like one row per person").count - 1, 1, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 16, "the rows still load as they did")

        // A census of one household per row with a 与户主关系 column that says 户主 throughout is not warned about.
        let folder = try TestPaths.temporaryFolder()
        let households = folder.appendingPathComponent("households.csv")
        try """
            户号,户主姓名,与户主关系,家庭住址
            H1,测甲,户主,大十字街道营盘坡小区8栋1单元101室
            H2,测乙,户主,大十字街道营盘坡小区8栋1单元102室
            H3,测丙,本人,大十字街道营盘坡小区8栋1单元103室
            H4,测丁,配偶,大十字街道营盘坡小区8栋1单元104室
            H5,测戊,户主,大十字街道营盘坡小区8栋1单元105室
            H6,测己,户主,大十字街道营盘坡小区8栋1单元106室
            H7,测庚,户主,大十字街道营盘坡小区8栋1单元107室
            H8,测辛,户主,大十字街道营盘坡小区8栋1单元108室
            H9,测壬,户主,大十字街道营盘坡小区8栋1单元109室
            H10,测癸,妻,大十字街道营盘坡小区8栋1单元110室
            H11,测子,户主,大十字街道营盘坡小区8栋1单元111室
            """.write(to: households, atomically: true, encoding: .utf8)
        let plain = try PipelineFixture(sources: PipelineRunTests.source("grid", households, format: "csv", extra: [
            "record_key: 户号", "context: {prefecture: 黔东南州, county: 凯里市}",
        ]))
        let quiet = try Rongtong.run(["validate", plain.file.path])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertFalse(quiet.stdout.contains("looks like one row per person"), quiet.stdout)
    }

    /// 残联's list, one row per disabled person, each row with its own household's 户主姓名, 户主身份证号 and address:
    /// 与户主关系 (auto-mapped) says 配偶, 之子 … on most rows, but the rows are one household each, under their own 证号
    /// or without a key, and are not warned about. A census without a key whose member rows leave the address empty
    /// or repeat it (同上 included) still is.
    func testAListWhoseEveryRowNamesItsOwnHouseholdIsNotWarnedAbout() throws {
        let folder = try TestPaths.temporaryFolder()
        let list = folder.appendingPathComponent("disability.csv")
        let relations = ["配偶", "户主", "之子", "之女", "配偶", "长子", "之子", "孙女"]
        let rows = relations.indices.map { i in
            "CL\(i + 1),测残\(i),\(relations[i]),测主\(i),\(NightsTests.id("5226011960010110\(i)")),大十字街道营盘坡小区\(i + 1)栋1单元101室,肢体残疾"
        }
        try (["证号,残疾人姓名,与户主关系,户主姓名,户主身份证号,家庭住址,残疾类别"] + rows).joined(separator: "\n").appending("\n")
            .write(to: list, atomically: true, encoding: .utf8)
        let fields = "fields: {head_name: 户主姓名, head_id: 户主身份证号, address: 家庭住址, tags: 残疾类别}"
        for key in ["record_key: 证号", nil] {
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("disability", list, format: "csv", extra: [
                "context: {prefecture: 黔东南州, county: 凯里市}", fields] + (key.map { [$0] } ?? [])))
            let run = try fixture.run()
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertFalse(run.stderr.contains("looks like one row per person"), run.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE has_disabled_member = 1") as Int?, 8)
        }

        // Without a key, a census whose member rows leave the address empty or write 同上 is one row per person.
        let census = folder.appendingPathComponent("census.csv")
        try """
            姓名,与户主关系,家庭住址
            测甲,户主,大十字街道营盘坡小区8栋1单元101室
            测甲妻,配偶,
            测甲子,长子,同上
            测乙,户主,大十字街道营盘坡小区8栋1单元102室
            测乙妻,妻,大十字街道营盘坡小区8栋1单元102室
            测乙女,长女,
            """.write(to: census, atomically: true, encoding: .utf8)
        let grouped = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv", extra: [
            "context: {prefecture: 黔东南州, county: 凯里市}", "fields: {head_name: 姓名, address: 家庭住址}"]))
        let validation = try Rongtong.run(["validate", grouped.file.path])
        XCTAssertTrue(validation.stdout.contains("names someone other than the head on 4 of its 6 rows (配偶, 长子, 妻, 长女 …; 4 of them leave the address empty or repeat the row above's)"),
                      validation.stdout)
    }

    /// Any format, and no household key: in NDJSON each head record starts a household, and the records after it
    /// are its members; records before the first head have no head.
    func testWithoutAKeyEachHeadRowStartsAHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("persons.ndjson")
        let address = "白云区大山洞街道东升小区3栋2单元"
        try [
            #"{"姓名":"甲子","关系":"子"}"#,
            #"{"姓名":"甲","关系":"户主","地址":"\#(address)101室"}"#,
            #"{"姓名":"甲妻","关系":"妻"}"#,
            #"{"姓名":"乙","关系":"户主","地址":"\#(address)102室","人口":"3"}"#,
            #"{"姓名":"乙女","关系":"长女"}"#,
            #"{"姓名":"丙","关系":"本人","地址":"\#(address)103室"}"#,
        ].joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("app", feed, format: "ndjson", extra: [
            "rows: person", "fields: {head_name: 姓名, address: 地址, member_count: 人口}",
            "context: {prefecture: 贵阳市}", "max_reject_ratio: 1",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY address")
            .map { "\($0[0] as String)\($0[1] as Int)" }, ["甲2", "乙3", "丙1"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject").map { "\($0[0] as Int) \($0[1] as String)" },
                       ["1 no_head_row"])
    }
}
