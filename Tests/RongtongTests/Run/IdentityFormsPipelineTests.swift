import Foundation
import GRDB
import XCTest

/// Resident IDs and phones written as offices write them, through the real binary into a real SQLite warehouse:
/// each links to the household the same number written plainly made.
final class IdentityFormsPipelineTests: XCTestCase {
    typealias Nights = NightsTests

    /// `id` written in digit groups apart by `separator` (6, 8 and 4 characters).
    static func grouped(_ id: String, _ separator: String) -> String {
        let characters = Array(id)
        return String(characters[0..<6]) + separator + String(characters[6..<14]) + separator + String(characters[14...])
    }

    /// A census writing IDs grouped with dashes, dots or full-width dashes, or with a trailing 号, and phones two to a
    /// cell apart by a space or a line break, or with a trunk 0 before a mobile number: every record links to the
    /// registry's household, by ID (with the birth date it gives) or by phone and name, and nothing is rejected.
    /// Before, the grouped IDs were `id_length` warnings, loaded without `head_id_hash`, a household of their own; the
    /// pairs of phones were `phone_invalid`; `013856455770` was a landline of its own.
    func testGroupedIDsAndPhonesOfficesWriteLinkToThePlainOnes() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("registry.csv"), census = folder.appendingPathComponent("census.csv")
        let zhao = Nights.id("52010219551228268")
        try """
            编号,户主姓名,身份证号,联系电话,家庭住址
            R1,罗红福,\(Nights.zhang),,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元101室
            R2,何明琴,\(Nights.li),,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元102室
            R3,杨军贵,\(Nights.wang),,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元201室
            R4,周平海,\(zhao),19961985007,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元202室
            R5,张英德,,13856455770,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元301室
            R6,康华,,13970985334,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元302室

            """.write(to: registry, atomically: true, encoding: .utf8)
        // Another address for each: only the ID, or the phone and name, can link them.
        try """
            序号,户主姓名,身份证号,联系电话,家庭住址
            1,罗红福,\(Self.grouped(Nights.zhang, "-")),,贵阳市南明区花果园街道花果园小区1栋1单元101室
            2,何明琴,\(Self.grouped(Nights.li, ".")),,贵阳市南明区花果园街道花果园小区1栋1单元102室
            3,杨军贵,\(Self.grouped(Nights.wang, "－"))号,,贵阳市南明区花果园街道花果园小区1栋1单元201室
            4,周平海,,19961985007 13840368869,贵阳市南明区花果园街道花果园小区1栋1单元202室
            5,张英德,,013856455770,贵阳市南明区花果园街道花果园小区1栋1单元301室
            6,康华,,"13970985334
            13900000004",贵阳市南明区花果园街道花果园小区1栋1单元302室

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("registry", registry, format: "csv",
                                                                           extra: ["record_key: 编号"])
            + "\n" + PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT rule, record_number FROM etl_reject").map { "\($0[0] as String):\($0[1] as Int)" },
                       [], "no ID or phone is rejected")
        XCTAssertEqual(try fixture.rows("""
            SELECT c.record_key, c.match_rule, c.household_id = r.household_id FROM household_source c
            JOIN household_source r ON r.source_id = 'registry' AND r.record_key = 'R' || c.record_key
            WHERE c.source_id = 'census' ORDER BY c.record_key
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as Bool)" },
            ["1:id_hash:true", "2:id_hash:true", "3:id_hash:true", "4:phone+name:true", "5:phone+name:true",
             "6:phone+name:true"])
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 6)
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, head_id_masked, head_birth_date, phone_masked FROM dwd_household ORDER BY head_name
            """).map { "\($0[0] as String):\($0[1] as String? ?? "-"):\($0[2] as String? ?? "-"):\($0[3] as String? ?? "-")" },
            ["何明琴:520102********\(Nights.li.suffix(4)):1985-05-05:-",
             "周平海:520102********\(zhao.suffix(4)):1955-12-28:199****5007",
             "张英德:-:-:138****5770",
             "康华:-:-:139****5334",
             "杨军贵:520102********\(Nights.wang.suffix(4)):1990-09-09:-",
             "罗红福:520102********\(Nights.zhang.suffix(4)):1980-01-01:-"].sorted())
    }

    /// Two valid IDs in one cell (the head's and the spouse's, apart by 、 or a space): the first is the head's, the
    /// record links by it, with a `several_values` warning naming both masked. A cell where one part is no ID stays
    /// `id_length`. Before (trial 13-a), every such cell was `id_length`, loaded without an ID.
    func testTwoIDsInOneCellTakeTheFirstWithAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("registry.csv"), census = folder.appendingPathComponent("census.csv")
        try """
            编号,户主姓名,身份证号,家庭住址
            R1,罗红福,\(Nights.zhang),贵阳市云岩区三桥路街道机械厂宿舍2栋3单元101室
            R2,杨军贵,\(Nights.wang),贵阳市云岩区三桥路街道机械厂宿舍2栋3单元201室

            """.write(to: registry, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,家庭住址
            1,罗红福,\(Nights.zhang)、\(Nights.li),贵阳市南明区花果园街道花果园小区1栋1单元101室
            2,杨军贵,\(Nights.wang) \(Nights.li),贵阳市南明区花果园街道花果园小区1栋1单元201室
            3,康华,\(Nights.li)、12345,贵阳市南明区花果园街道花果园小区1栋1单元302室

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("registry", registry, format: "csv",
                                                                           extra: ["record_key: 编号"])
            + "\n" + PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 序号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, value FROM etl_reject ORDER BY record_number")
            .map { "\($0[0] as Int):\($0[1] as String):\($0[1] as String == "id_length" ? "-" : $0[2] as String)" },
            ["1:several_values:520102********\(Nights.zhang.suffix(4)) 520102********\(Nights.li.suffix(4))",
             "2:several_values:520102********\(Nights.wang.suffix(4)) 520102********\(Nights.li.suffix(4))",
             "3:id_length:-"])
        XCTAssertEqual(try fixture.rows("""
            SELECT c.record_key, c.match_rule FROM household_source c
            JOIN household_source r ON r.source_id = 'registry' AND r.record_key = 'R' || c.record_key
                                   AND r.household_id = c.household_id
            WHERE c.source_id = 'census' ORDER BY c.record_key
            """).map { "\($0[0] as String):\($0[1] as String)" }, ["1:id_hash", "2:id_hash"])
    }

    /// Trial 20b's phones and members, through the binary: a number abroad (`+1 415 555 0100`) was stored as the
    /// Chinese mobile 141****0100 and linked; a bracketed area code with a dash in the local number
    /// (`(0851)8581-2346`) lost its last group as an extension; a placeholder before the separator (`无/138…`) lost
    /// the number after it; a phone in the members cell (`测甲妻 13800000030`) counted as a member; an ID born in
    /// 1889 was "not a real date".
    func testPhonesAbroadBracketedAreaCodesPlaceholdersAndPhonesAmongMembers() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        let address = "南明区花果园街道测东升小区1栋1单元"
        let rows: [(key: String, phone: String, members: String)] = [
            ("A1", "+1 415 555 0100", ""), ("A2", "+1 (312) 555-0199", ""), ("A3", "+1-202-555-0147", ""),
            ("A4", "001 415 555 0100", ""),
            ("B1", "(0851)8581-2346", ""), ("B2", "+86 (0851) 8581-2347", ""), ("B3", "(0851)85812348", ""),
            ("B4", "0851-8581-2349", ""), ("B5", "（0851）8581-2350", ""), ("B6", "(0851)85812351-8004", ""),
            ("C1", "无/13800000019", ""), ("C2", "暂无；13800000020", ""), ("C3", "13800000021/无", ""),
            ("C4", "n/a/13800000022", ""),
            ("D1", "13800000031", "测甲妻 13800000030"), ("D2", "13800000032", "测乙妻(13800000033)"),
            ("D3", "13800000034", "测丙妻"), ("D4", "13800000035", "测丁妻、13800000036"),
            ("D5", "13800000037", "测戊妻 138 0000 0038 测戊子"),
        ]
        var lines = ["户编号,户主姓名,身份证号,联系电话,家庭住址,家庭成员"]
        for (index, row) in rows.enumerated() {
            let id = Nights.id("5201021980\(String(format: "%02d", index / 28 + 1))\(String(format: "%02d", index % 28 + 1))123")
            lines.append("\(row.key),测\(row.key)户,\(id),\(row.phone),\(address)\(101 + index)室,\(row.members)")
        }
        lines.append("E1,测老,\(Nights.id("52010218891231123")),13800000041,\(address)201室,")
        try (lines.joined(separator: "\n") + "\n").write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", census, format: "csv", extra: [
            "record_key: 户编号", "context: {prefecture: 贵阳市}", "fields: {members: 家庭成员}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        var phones: [String: String] = [:], counts: [String: Int] = [:]
        for row in try fixture.rows("""
            SELECT s.record_key, h.phone_masked, h.member_count FROM household_source s JOIN dwd_household h USING (household_id)
            """) {
            phones[row["record_key"]] = row["phone_masked"] as String? ?? "-"
            counts[row["record_key"]] = row["member_count"] as Int? ?? 0
        }
        for key in ["A1", "A2", "A3", "A4"] { XCTAssertEqual(phones[key], "-", "\(key): a number abroad is no Chinese number") }
        XCTAssertEqual(try fixture.rows("SELECT message FROM etl_reject WHERE rule = 'phone_invalid' AND record_key LIKE 'A%'")
            .map { ($0[0] as String).contains("abroad") }, [true, true, true, true])
        XCTAssertEqual(["B1", "B2", "B3", "B4", "B5", "B6"].map { phones[$0] },
                       ["085*****2346", "085*****2347", "085*****2348", "085*****2349", "085*****2350", "085*****2351"])
        XCTAssertEqual(["C1", "C2", "C3", "C4"].map { phones[$0] }, ["138****0019", "138****0020", "138****0021", "138****0022"])
        XCTAssertEqual(["D1", "D2", "D3", "D4", "D5"].map { counts[$0] }, [2, 2, 2, 2, 3], "the head and the members named")
        XCTAssertEqual(try fixture.rows("SELECT message FROM etl_reject WHERE rule = 'id_birth_date'").map { $0[0] as String },
                       ["birth date 18891231 is before 1890, the earliest an ID is accepted with"])
    }
}
