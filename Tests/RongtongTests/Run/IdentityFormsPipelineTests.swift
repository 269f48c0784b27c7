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
}
