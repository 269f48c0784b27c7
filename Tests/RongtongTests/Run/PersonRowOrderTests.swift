import Foundation
import GRDB
import XCTest

/// `rows: person` feeds whose households are not written one after the other, and member rows placed where their
/// own place contradicts the household they join: through the real binary into a real warehouse.
final class PersonRowOrderTests: XCTestCase {
    /// A valid 18-digit resident ID of 西秀区 born on `birth` (yyyymmdd), sequence `sequence`.
    static func residentID(_ birth: String, _ sequence: Int) -> String {
        let body = "520402" + birth + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static let place = "安顺市西秀区南街街道塔山小区"

    /// Trial persons finding 2: a 公安 registry sorted by person, each `<人>` naming its 户号, the households
    /// interleaved (GA-01's head, GA-02's head, GA-01's wife, GA-02's wife, GA-01's son). Before, every member was
    /// `no_head_row` (its key had started a household further up) and the batch was held back; now each household is
    /// read by its key. A 户号 with no head among its scattered elements is still `no_head_row`, on each of them.
    func testARegistrySortedByPersonReadsEachHouseholdByItsKey() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("hj.xml")
        func person(_ key: String, _ name: String, _ relationship: String, _ id: String, _ room: String) -> String {
            "  <人 户号=\"\(key)\"><姓名>\(name)</姓名><与户主关系>\(relationship)</与户主关系><公民身份号码>\(id)</公民身份号码><住址>\(Self.place)10栋1单元\(room)</住址></人>"
        }
        try (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<户籍信息>",
              person("GA-01", "测甲父", "户主", Self.residentID("19600101", 11), "101室"),
              person("GA-03", "测丙妻", "妻", Self.residentID("19650101", 22), "103室"),
              person("GA-02", "测乙父", "户主", Self.residentID("19610101", 11), "102室"),
              person("GA-01", "测甲母", "妻", Self.residentID("19620101", 22), "101室"),
              person("GA-02", "测乙母", "妻", Self.residentID("19630101", 22), "102室"),
              person("GA-03", "测丙子", "子", Self.residentID("19900101", 51), "103室"),
              person("GA-01", "测甲子", "子", Self.residentID("19900101", 31), "101室"),
              "</户籍信息>"].joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("gaj-hj", feed, format: "xml", owner: "安顺市公安局",
                                                                           kind: "department", extra: [
            "options: {record_path: \"/户籍信息/人\"}", "rows: person", "record_key: \"@户号\"",
            "context: {prefecture: 安顺市, county: 西秀区}", "max_reject_ratio: 0.5",
            "fields: {head_name: 姓名, head_id: 公民身份号码, relationship: 与户主关系, address: 住址}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let households = try fixture.rows("""
            SELECT s.record_key, h.head_name, h.member_count,
                   (SELECT COUNT(*) FROM household_member m WHERE m.household_id = h.household_id) AS members
            FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id ORDER BY s.record_key
            """)
        XCTAssertEqual(households.map { "\($0["record_key"] as String) \($0["head_name"] as String) \($0["member_count"] as Int)" },
                       ["GA-01 测甲父 3", "GA-02 测乙父 2"], "each household by its key")
        XCTAssertGreaterThanOrEqual(households[0]["members"] as Int, 2, "the wife and the son are GA-01's members")
        let rejects = try fixture.rows("SELECT record_number, rule, message FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(rejects.map { "\($0["record_number"] as Int) \($0["rule"] as String)" }, ["2 no_head_row", "6 no_head_row"])
        let message = try XCTUnwrap(rejects.first?["message"] as String?)
        XCTAssertTrue(message.contains("household GA-03 has no head row: 与户主关系 on its 2 rows (records 2, 6) is 妻, 子"), message)
        XCTAssertFalse(message.contains("sort the sheet"), message)
        XCTAssertTrue(result.stderr.contains("gaj-hj: 7 read, 2 loaded, 2 rejected, 0 warnings, 3 member rows read into their households"),
                      result.stderr)
    }

    /// A CSV census whose 户号 comes back further down (a member row added at the end of the sheet), beside member
    /// rows whose 户号 cell is empty (merged over the household's rows): an empty key still continues the row above
    /// it in the file, the returning key joins its household, and `fill_down:` fills in file order, before the rows
    /// are gathered.
    func testAKeyComingBackJoinsItsHouseholdAndEmptyKeysContinueTheRowAbove() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        let flat = Self.place + "13栋1单元"
        try """
            户号,姓名,与户主关系,网格,现住址
            A1,测甲,户主,一网格,\(flat)101室
            ,测甲妻,妻,,
            B1,测乙,户主,二网格,\(flat)102室
            A1,测甲子,子,三网格,
            ,测甲女,女,,
            C1,测丙,户主,,\(flat)103室
            B1,测乙妻,妻,,

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", feed, format: "csv", owner: "安顺市", extra: [
            "rows: person", "record_key: 户号", "fill_down: [网格]",
            "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {head_name: 姓名, address: 现住址, grid_id: 网格}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.head_name, h.member_count, h.grid_id
            FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id ORDER BY s.record_key
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int) \($0[3] as String)" },
            ["A1 测甲 4 一网格", "B1 测乙 2 二网格",
             // fill_down in file order: 测丙's empty 网格 is the row above's in the sheet (测甲女's, filled from 测甲子's).
             "C1 测丙 1 三网格"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE severity = 'error'") as Int?, 0)
        XCTAssertTrue(result.stderr.contains("census: 7 read, 3 loaded, 0 rejected"), result.stderr)
    }

    /// Trial persons finding 1: a wife's row written above her own head's row, its 户编号 empty, continues the
    /// household above (the documented grouping), though its own 现住址 names 202室, not the household's 101室. Before,
    /// nothing said so; now a `member_place_conflict` warning on her row. A member row whose address is written
    /// another way for the same flat, or names no flat, is not warned about.
    func testAContinuationRowWhoseOwnPlaceIsAnotherFlatIsWarnedAbout() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("census.csv")
        let flat = Self.place + "13栋1单元"
        try """
            户编号,姓名,与户主关系,现住址
            F001,测甲文,户主,\(flat)101室
            ,测甲妻,妻,贵州省\(flat)101室
            ,测乙妻,妻,\(flat)202室
            F002,测乙武,户主,\(flat)202室
            ,测乙子,子,\(flat)202室
            ,测乙女,女,同上

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", feed, format: "csv", owner: "安顺市", extra: [
            "rows: person", "record_key: 户编号", "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {head_name: 姓名, address: 现住址}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        // The grouping is the documented one: her row joins the household above.
        XCTAssertEqual(try fixture.rows("SELECT head_name, member_count FROM dwd_household ORDER BY address")
            .map { "\($0[0] as String) \($0[1] as Int)" }, ["测甲文 3", "测乙武 3"])
        let rejects = try fixture.rows("SELECT record_number, line, field, rule, severity, value, message FROM etl_reject WHERE rule <> 'ditto_filled'")
        XCTAssertEqual(rejects.map { "\($0["record_number"] as Int):\($0["line"] as Int) \($0["field"] as String) \($0["rule"] as String) \($0["severity"] as String)" },
                       ["3:4 现住址 member_place_conflict warning"])
        XCTAssertEqual(rejects.first?["value"] as String?, "\(flat)202室")
        let message = try XCTUnwrap(rejects.first?["message"] as String?)
        XCTAssertTrue(message.contains("this row (与户主关系 妻) is read into household F001 because its 户编号 cell is empty"), message)
        XCTAssertTrue(message.contains("room 202, not 101"), message)
        XCTAssertTrue(result.stderr.contains("census.csv:4: record 3: 现住址:"), result.stderr)
    }

    /// Trial recheck finding 3: a JSON registry whose household key is a number, written `1001` on some persons and
    /// `1001.0` or `1.002e3` on others (a pandas column of integers with a gap, a JavaScript number): one key. Before,
    /// `1001.0` was another household without a head (`no_head_row`) and the batch was held back.
    func testAKeyWrittenAsAWholeNumberInAFloatsFormIsThatNumber() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("hj.json")
        func person(_ key: String, _ name: String, _ relationship: String, _ id: String, _ room: String) -> String {
            "{\"hh\":\(key),\"xm\":\"\(name)\",\"gx\":\"\(relationship)\",\"sfzh\":\"\(id)\",\"zz\":\"\(Self.place)10栋1单元\(room)\"}"
        }
        try (["[", [person("1001", "测甲父", "户主", Self.residentID("19600101", 11), "101室"),
                    person("1002", "测乙父", "户主", Self.residentID("19610101", 11), "102室"),
                    person("1001.0", "测甲母", "妻", Self.residentID("19620101", 22), "101室"),
                    person("1.002e3", "测乙母", "妻", Self.residentID("19630101", 22), "102室"),
                    person("\"1001\"", "测甲子", "子", Self.residentID("19900101", 31), "101室")].joined(separator: ",\n"),
              "]"].joined(separator: "\n") + "\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("gaj", feed, format: "json", owner: "安顺市公安局",
                                                                           kind: "department", extra: [
            "rows: person", "record_key: hh", "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {head_name: xm, head_id: sfzh, relationship: gx, address: zz}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let households = try fixture.rows("""
            SELECT s.record_key, h.head_name, h.member_count
            FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id ORDER BY s.record_key
            """)
        XCTAssertEqual(households.map { "\($0["record_key"] as String) \($0["head_name"] as String) \($0["member_count"] as Int)" },
                       ["1001 测甲父 3", "1002 测乙父 2"])
        XCTAssertEqual(try fixture.rows("SELECT rule FROM etl_reject WHERE severity = 'error'").count, 0)
    }
}
