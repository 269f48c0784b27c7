import Foundation
import GRDB
import XCTest

/// Trial 21b (two 公安 household registries, `/work/trials/21b/`): the head's `<户主>` written twice, records of a
/// vendor's v2 namespace at record_path's own path, and a head's invalid ID inside the member list; each through the
/// real binary into a real warehouse.
final class RegistryVendorTrialTests: XCTestCase {
    static let headID = NightsTests.id("52030319500101111"), otherID = NightsTests.id("52030319520202122")
    static let thirdID = NightsTests.id("52030319800303131")

    static func qdnSource(_ file: URL, recordPath: String = "/hj:响应/hj:数据/hj:户") -> String {
        PipelineRunTests.source("qdn", file, format: "xml", owner: "黔东南州公安局", kind: "department", extra: [
            "options: {record_path: \(recordPath), namespaces: \"hj=http://gaj.qdn.gov.cn/rkxx\"}",
            "record_key: 户号",
            "context: {prefecture: 黔东南苗族侗族自治州, county: 凯里市}",
            "max_reject_ratio: 0.5",
            "fields: {head_name: [户主/@姓名, 户主/姓名], head_id: [户主/@公民身份号码, 户主/公民身份号码], phone: 户主/@联系电话, address: 现住址}",
        ])
    }

    /// D2: Q1's `<hj:户主>` is written twice with the same name and ID, the second adding a phone. Before, the
    /// household was rejected (`no_identity`, blaming a missing address and advising to map 户主). Now the copies are
    /// read as one 户主: the household loads with its head, ID and phone, with a `several_values` warning on 户主; so does
    /// Q4, whose copies name one person (the same name and ID) with two phones (the first copy's is taken). Q2's
    /// `<姓名>` doubled inside one 户主 is warned on the field that repeats (户主/姓名, not 户主/@姓名). Q3's two 户主 name
    /// two people: no_identity, whose message says the copies differ and advises no mapping.
    func testAHeadElementWrittenTwiceIsReadAsOne() throws {
        let file = try TestPaths.temporaryFolder().appendingPathComponent("rkxx.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <hj:响应 xmlns:hj="http://gaj.qdn.gov.cn/rkxx"><hj:code>0</hj:code><hj:数据>
              <hj:户><hj:户号>Q1</hj:户号><hj:户主 姓名="测双甲" 公民身份号码="\(Self.headID)"/><hj:户主 姓名="测双甲" 公民身份号码="\(Self.headID)" 联系电话="13800000000"/><hj:现住址>凯里市西门街道测鸭塘新村1栋1单元101室</hj:现住址></hj:户>
              <hj:户><hj:户号>Q2</hj:户号><hj:户主><hj:姓名>测双乙</hj:姓名><hj:姓名>测双乙乙</hj:姓名><hj:公民身份号码>\(Self.otherID)</hj:公民身份号码></hj:户主><hj:现住址>凯里市西门街道测鸭塘新村1栋1单元102室</hj:现住址></hj:户>
              <hj:户><hj:户号>Q3</hj:户号><hj:户主 姓名="测双丙" 公民身份号码="\(Self.thirdID)"/><hj:户主 姓名="测双丁" 公民身份号码="\(NightsTests.zhang)"/><hj:现住址>凯里市西门街道测鸭塘新村1栋1单元103室</hj:现住址></hj:户>
              <hj:户><hj:户号>Q4</hj:户号><hj:户主 姓名="测双戊" 公民身份号码="\(NightsTests.li)" 联系电话="13843956994"/><hj:户主 姓名="测双戊" 公民身份号码="\(NightsTests.li)" 联系电话="13800000000"/><hj:现住址>凯里市西门街道测鸭塘新村1栋1单元104室</hj:现住址></hj:户>
            </hj:数据></hj:响应>
            """.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.qdnSource(file))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let q1 = try XCTUnwrap(fixture.rows("""
            SELECT h.head_name, h.head_id_masked, h.phone_masked FROM dwd_household h JOIN household_source s USING (household_id)
            WHERE s.record_key = 'Q1'
            """).first, "Q1 loads")
        XCTAssertEqual(q1["head_name"] as String?, "测双甲")
        XCTAssertEqual(q1["head_id_masked"] as String?, "520303********1116")
        XCTAssertEqual(q1["phone_masked"] as String?, "138****0000")
        let warned = try fixture.rows("SELECT record_number, field, message FROM etl_reject WHERE rule = 'several_values' ORDER BY record_number")
        XCTAssertEqual(warned.map { $0["record_number"] as Int? }, [1, 2, 4])
        XCTAssertEqual(warned.map { $0["field"] as String? }, ["户主", "户主/姓名", "户主"])
        XCTAssertEqual(warned.first?["message"] as String?,
                       "户主 is written 2 times in the record, the copies giving no field two different values: read as one 户主")
        XCTAssertEqual(warned.last?["message"] as String?,
                       "户主 is written 2 times in the record, the copies naming one person and differing in @联系电话 (the first copy's is taken): read as one 户主")
        // Q4: one head, two phones (the vendor's old and new module): the household loads with the first copy's phone.
        XCTAssertEqual(try fixture.query("""
            SELECT h.phone_masked FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = 'Q4'
            """) as String?, "138****6994")
        let q3 = try XCTUnwrap(fixture.query("SELECT message FROM etl_reject WHERE rule = 'no_identity' AND record_number = 3") as String?)
        XCTAssertTrue(q3.contains("户主 is written 2 times in this record, and the copies differ in @公民身份号码, @姓名"), q3)
        XCTAssertFalse(q3.contains("map the head's under fields"), q3)
    }

    /// D3: 3 of 5 `<户>` are written `<hj2:户>` in the vendor's v2 namespace, at record_path's own path. Before, the
    /// `records_outside_record_path` warning printed the same path as record_path's, without prefixes, and did not
    /// say that the namespace was the difference. Now it names the namespace they are in and the one the path asks
    /// for; the unprefixed path it lists reads all five.
    func testRecordsInAnotherNamespaceAtRecordPathsPathNameTheNamespace() throws {
        let file = try TestPaths.temporaryFolder().appendingPathComponent("rkxx.xml")
        let households = (1...5).map { n in
            let prefix = n % 2 == 0 ? "hj" : "hj2"
            return "<\(prefix):户><hj:户号>N\(n)</hj:户号><hj:户主 姓名=\"测名\(n)\" 公民身份号码=\"\(NightsTests.id("5203031980010\(n)101"))\" 联系电话=\"1380000000\(n)\"/><hj:现住址>凯里市西门街道测鸭塘新村1栋1单元10\(n)室</hj:现住址></\(prefix):户>"
        }
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <hj:响应 xmlns:hj="http://gaj.qdn.gov.cn/rkxx" xmlns:hj2="http://gaj.qdn.gov.cn/rkxx/v2"><hj:数据>
            \(households.joined(separator: "\n"))
            </hj:数据></hj:响应>
            """.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.qdnSource(file))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 2)
        let message = try XCTUnwrap(fixture.query("SELECT message FROM etl_reject WHERE rule = 'records_outside_record_path'") as String?)
        XCTAssertTrue(message.hasPrefix("3 <户> element(s) at /响应/数据/户 in namespace http://gaj.qdn.gov.cn/rkxx/v2 were not read: record_path is /hj:响应/hj:数据/hj:户 (the same path in another namespace: its <户> in namespace http://gaj.qdn.gov.cn/rkxx, theirs in namespace http://gaj.qdn.gov.cn/rkxx/v2); list both paths (record_path: [/hj:响应/hj:数据/hj:户, /响应/数据/户])"), message)

        try fixture.rewrite(sources: Self.qdnSource(file, recordPath: "[/hj:响应/hj:数据/hj:户, /响应/数据/户]"))
        let both = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(both.status, 0, both.stdout + both.stderr)
        XCTAssertTrue(both.stdout.contains("5 read, 0 rejected, 0 warnings"), both.stdout)
    }

    /// D4: the head's ID has a wrong check character, and the head is a `<成员 与户主关系="户主">` of the member list,
    /// read by the head's selector and by `members`. Before, two `id_check_character` warnings (the head's, and a
    /// member's); now one, the head's.
    func testAHeadsInvalidIDInTheMemberListIsReportedOnce() throws {
        let file = try TestPaths.temporaryFolder().appendingPathComponent("hj.xml")
        let wrong = String(Self.headID.dropLast()) + (Self.headID.last == "0" ? "1" : "0")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <RKXX xmlns="http://gaj.zunyi.gov.cn/rkxx/3.2">
              <户 户号="Z1"><住址>汇川区上海路街道测金鼎苑1栋1单元101室</住址><成员列表>
                <成员 与户主关系="户主"><姓名>测甲一</姓名><公民身份号码>\(wrong)</公民身份号码></成员>
                <成员 与户主关系="妻"><姓名>测乙一</姓名><公民身份号码>\(Self.otherID)</公民身份号码></成员>
              </成员列表></户>
            </RKXX>
            """.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("zy", file, format: "xml", owner: "遵义市公安局",
            kind: "department", extra: [
                "options: {record_path: /RKXX/户, repeated: 成员列表/成员}",
                "record_key: \"@户号\"",
                "context: {prefecture: 遵义市}",
                "fields: {head_name: \"成员列表/成员[与户主关系=户主|本人]/姓名\", head_id: \"成员列表/成员[与户主关系=户主|本人]/公民身份号码\", members: 成员列表/成员, address: 住址}",
            ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT field FROM etl_reject WHERE rule = 'id_check_character'").map { $0["field"] as String? },
                       ["成员列表/成员[与户主关系=户主|本人]/公民身份号码"])
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household") as Int?, 2)
    }
}
