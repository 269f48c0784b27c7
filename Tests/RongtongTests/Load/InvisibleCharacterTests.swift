import Foundation
import GRDB
import XCTest

/// Invisible characters in a feed's text (trial 20f): a word joiner, a soft hyphen, a bidi override or a Mongolian
/// vowel separator that an export or a copy from a web page leaves inside a name is no part of it. Before, only
/// U+200B–U+200D and U+FEFF were dropped: 测王<U+2060>芳 replaced the census's 测王芳 and 测<WJ>李<WJ>明华 made a second
/// household beside 测李明华.
final class InvisibleCharacterTests: XCTestCase {
    func testFormatAndControlCharactersAreDroppedFromEveryValue() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), civil = folder.appendingPathComponent("civil.ndjson")
        try """
            序号,户主姓名,联系电话,家庭住址
            C1,测王芳,13800000101,贵阳市白云区测东升小区8-1-101
            C2,测李明华,13800000102,贵阳市白云区测东升小区8-1-102
            C7,测钱丽华,13800000107,贵阳市白云区测东升小区8-1-107

            """.write(to: census, atomically: true, encoding: .utf8)
        let address = "贵阳市白云区测东升小区8-1-"
        let records: [(String, String, String, String)] = [
            ("Q1", "测王\u{2060}芳", "13800000101", address + "101"),
            ("Q2", "测\u{2060}李\u{2060}明华", "1380000\u{00AD}0102", address + "102"),
            ("Q3", "测周\u{00AD}丽华", "13800000103", address + "103"),
            ("Q4", "测吴\u{202E}丽华", "13800000104", address + "104"),
            ("Q5", "测郑\u{2028}丽华", "13800000105", address + "105"),
            ("Q6", "测孙\u{180E}丽华", "13800000106", address + "106"),
            ("Q7", "测钱丽华\u{2064}", "13800000107", "贵阳市白云区测东升\u{202E}小区8-1-1\u{200E}07"),
            ("Q8", "\u{0085}测冯\u{E0041}丽华\u{009F}", "13800000108", "贵阳市白云区测东升\u{2029}小区8-1-108\u{FFF9}"),
        ]
        let lines = try records.map { key, name, phone, address in
            String(decoding: try JSONSerialization.data(withJSONObject: ["case_no": key, "hzxm": name, "lxdh": phone, "jtzz": address],
                                                       options: [.sortedKeys]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv", extra: [
            "record_key: 序号", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主姓名, phone: 联系电话, address: 家庭住址}"])
            + "\n" + PipelineRunTests.source("civil", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "record_key: case_no", "context: {prefecture: 贵阳市}", "fields: {head_name: hzxm, phone: lxdh, address: jtzz}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)

        let rows = try fixture.rows("SELECT room, head_name, address, phone_masked FROM dwd_household ORDER BY room")
        XCTAssertEqual(rows.map { $0["room"] as String }, ["101", "102", "103", "104", "105", "106", "107", "108"],
                       "one household per flat")
        XCTAssertEqual(rows.map { $0["head_name"] as String },
                       ["测王芳", "测李明华", "测周丽华", "测吴丽华", "测郑丽华", "测孙丽华", "测钱丽华", "测冯丽华"])
        for row in rows {
            let text = (row["head_name"] as String) + (row["address"] as String) + (row["phone_masked"] as String? ?? "")
            XCTAssertFalse(text.unicodeScalars.contains { $0.properties.generalCategory == .format || $0.properties.generalCategory == .control },
                           "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        XCTAssertEqual(try fixture.query("SELECT phone_masked FROM dwd_household WHERE room = '102'") as String?, "138****0102")
        for (census, civil) in [("C1", "Q1"), ("C2", "Q2"), ("C7", "Q7")] {
            XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = '\(census)'") as String?,
                           try fixture.query("SELECT household_id FROM household_source WHERE record_key = '\(civil)'") as String?,
                           "\(civil) is \(census)'s household")
        }
    }
}
