import Foundation
import GRDB
import XCTest

/// The head of a registry 户 dies and the family moves on the same night: the registry's 户号 names the widow, a
/// listed member, as 户主 at another address. The same household with a new head and a move (`member_id`), not a key
/// that numbers rows; and a son's own 户 (分户) at the old flat that night stays a household of its own.
final class HeadChangeMoveTests: XCTestCase {
    static let husband = NightsTests.id("52030319500101111"), wife = NightsTests.id("52030319520202122")
    static let son = NightsTests.id("52030319800303131")
    static let oldFlat = "汇川区上海路街道测金鼎苑1栋1单元103室", newFlat = "汇川区上海路街道测金鼎苑9栋2单元903室"

    /// A 户 in the 遵义 layout: the head inside `成员列表`, marked 户主 by 与户主关系.
    static func household(_ key: String, at address: String, _ members: [(name: String, relation: String, id: String)]) -> String {
        let list = members.map {
            "<成员 与户主关系=\"\($0.relation)\"><姓名>\($0.name)</姓名><公民身份号码>\($0.id)</公民身份号码></成员>"
        }.joined()
        return "  <户 户号=\"\(key)\"><住址>\(address)</住址><成员列表>\(list)</成员列表></户>"
    }

    func write(_ households: [String], to file: URL) throws {
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RKXX xmlns=\"http://gaj.zunyi.gov.cn/rkxx/3.2\">\n"
             + households.joined(separator: "\n") + "\n</RKXX>\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func fixture(_ registry: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: """
              - name: zy-gab
                owner: 遵义市公安局
                kind: department
                entity: household
                format: xml
                path: \(registry.path)
                options: {record_path: /RKXX/户, repeated: 成员列表/成员}
                record_key: "@户号"
                context: {prefecture: 遵义市}
                fields:
                  head_name: 成员列表/成员[与户主关系=户主|本人]/姓名
                  head_id: 成员列表/成员[与户主关系=户主|本人]/公民身份号码
                  members: 成员列表/成员
                  address: 住址
            """)
    }

    static let family: [(name: String, relation: String, id: String)] = [
        ("测甲三", "户主", husband), ("测乙三", "妻", wife), ("测丙三", "子", son)]

    func households(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT record_key, household_id FROM household_source") {
            result[row["record_key"] as String] = row["household_id"]
        }
        return result
    }

    /// Night 2 the 户号 names the widow (listed as 妻 with her ID) as 户主, at a flat of another building. One household,
    /// its id kept, her name, the new flat, rule `member_id`; no `record_key_reused` warning (the 户号 numbers no rows)
    /// and no household left behind with the dead head. Before, the record was linked as a new household and the old
    /// one stayed current with no record and the dead head.
    func testAWidowWhoseFamilyMovesTheNightHerHusbandDiesKeepsTheHousehold() throws {
        let registry = try TestPaths.temporaryFolder().appendingPathComponent("hj.xml")
        try write([Self.household("K3", at: Self.oldFlat, Self.family)], to: registry)
        let fixture = try fixture(registry)
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try households(fixture)["K3"])

        try write([Self.household("K3", at: Self.newFlat, [("测乙三", "户主", Self.wife), ("测丙三", "子", Self.son)])], to: registry)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("record_key_reused"), result.stderr)
        XCTAssertEqual(try households(fixture)["K3"], household, "the same household, with a new head and a move")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1, "no household left behind")
        let row = try XCTUnwrap(fixture.rows("SELECT head_name, building, unit, room FROM dwd_household").first)
        XCTAssertEqual(row["head_name"] as String?, "测乙三")
        XCTAssertEqual([row["building"], row["unit"], row["room"]] as [String?], ["9", "2", "903"])
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'K3'") as String?, "member_id")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'record_key_reused'") as Int?, 0)
        XCTAssertTrue(result.stderr.contains("1 new head(s)"), result.stderr)
    }

    /// The same night the son registers a 户 of his own (分户, a new 户号) at the old flat, listed after or before his
    /// parents' 户: his record never takes over his parents' household; theirs keeps its id with the widow as head at
    /// the new flat, and his is a new household. Before, listed after, he became "head" of his parents' household
    /// (first seen on night 1) and the parents' 户号 got a new household.
    func testASonsOwnHouseholdAtTheOldFlatOnTheNightOfTheMoveStaysApart() throws {
        for sonFirst in [false, true] {
            let registry = try TestPaths.temporaryFolder().appendingPathComponent("hj.xml")
            try write([Self.household("K3", at: Self.oldFlat, Self.family)], to: registry)
            let fixture = try fixture(registry)
            XCTAssertEqual(try fixture.run().status, 0)
            let household = try XCTUnwrap(try households(fixture)["K3"])

            let parents = Self.household("K3", at: Self.newFlat, [("测乙三", "户主", Self.wife)])
            let own = Self.household("K4", at: Self.oldFlat, [("测丙三", "户主", Self.son)])
            try write(sonFirst ? [own, parents] : [parents, own], to: registry)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let night2 = try households(fixture)
            XCTAssertEqual(night2["K3"], household, "son first: \(sonFirst)")
            XCTAssertNotEqual(night2["K4"], household, "son first: \(sonFirst)")
            XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(household)'") as String?, "测乙三")
            XCTAssertEqual(try fixture.query("SELECT first_seen_run FROM dwd_household WHERE household_id = '\(night2["K4"] ?? "")'") as Int?, 2)
            XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(night2["K4"] ?? "")'") as String?, "测丙三")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'record_key_reused'") as Int?, 0)
        }
    }
}
