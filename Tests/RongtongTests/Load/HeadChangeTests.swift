import Foundation
import GRDB
import XCTest

/// The head of a household dies or moves out, and the spouse or a son becomes head with his or her own ID: the
/// household's records listed the new head as a member, so it stays one household with a new head.
final class HeadChangeTests: XCTestCase {
    static let husband = NightsTests.id("52010219460317893"), wife = NightsTests.id("52010219491207404")
    static let son = NightsTests.id("52010219750101503"), neighbour = NightsTests.id("52010219600606606")
    static let flat = "贵州省贵阳市白云区大山洞街道东升小区3栋2单元101室"

    /// A registry household (户) with its member list: each member's name, relationship and, when given, ID.
    static func household(_ key: String, head: (String, String), members: [(String, String, String?)]) -> String {
        let list = members.map { name, relation, id in
            "<成员 关系=\"\(relation)\"><姓名>\(name)</姓名>\(id.map { "<身份证号>\($0)</身份证号>" } ?? "")</成员>"
        }.joined()
        return """
              <户 户号="\(key)">
                <户主><姓名>\(head.0)</姓名><身份证号>\(head.1)</身份证号></户主>
                <住址>\(flat)</住址>
                <成员列表>\(list)</成员列表>
              </户>
            """
    }

    func writeRegistry(_ households: [String], to file: URL) throws {
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\n" + households.joined(separator: "\n") + "\n</户籍信息>\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// 民政's list: NDJSON, one case a line.
    func writeCases(_ cases: [(key: String, name: String, id: String)], to file: URL) throws {
        try cases.map { #"{"case_no":"\#($0.key)","户主":{"姓名":"\#($0.name)","身份证号":"\#($0.id)"},"address":"\#(Self.flat)"}"# }
            .joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func sources(registry: URL, cases: URL, casesFirst: Bool = false) -> String {
        let gab = """
              - name: gab
                owner: 贵州省公安厅
                kind: department
                entity: household
                format: xml
                path: \(registry.path)
                options:
                  record_path: /户籍信息/户
                  repeated: 成员列表/成员
                record_key: "@户号"
                fields:
                  head_name: 户主/姓名
                  head_id: 户主/身份证号
                  address: 住址
                  members: 成员列表/成员
            """
        let mz = """
              - name: mz
                owner: 省民政厅
                kind: department
                entity: household
                format: ndjson
                path: \(cases.path)
                record_key: case_no
                fields:
                  head_name: 户主.姓名
                  head_id: 户主.身份证号
                  address: address
            """
        return (casesFirst ? [mz, gab] : [gab, mz]).joined(separator: "\n")
            + "\nsurvivorship:\n  head_name: [gab]\n  head_id: [gab]"
    }

    func households(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT source_id, record_key, household_id FROM household_source") {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"] = row["household_id"]
        }
        return result
    }

    /// Night 1: the registry lists 李勇 as head, his wife 余开元 with her ID among the members; 民政 names 李勇.
    /// Night 2 李勇 has died: the registry and 民政 name 余开元 as head with her own ID. One household, the same id,
    /// her ID and name, one new history version, no relink. A neighbour at the same flat whose ID no record listed
    /// as a member stays a household of his own.
    func testTheWidowListedAsAMemberByIDBecomesTheHeadOfTheSameHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try writeRegistry([Self.household("HJ1", head: ("李勇", Self.husband),
                                          members: [("李勇", "户主", Self.husband), ("余开元", "妻", Self.wife)])], to: registry)
        try writeCases([("MZ1", "李勇", Self.husband)], to: cases)
        let fixture = try PipelineFixture(sources: sources(registry: registry, cases: cases))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try households(fixture)
        XCTAssertEqual(night1["gab#HJ1"], night1["mz#MZ1"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_member WHERE kind = 'id'") as Int?, 1,
                       "the wife's ID, hashed (the head's is the household's head_id_hash)")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_member WHERE member_hash IN ('\(Self.wife)', '\(Self.husband)')") as Int?, 0,
                       "never the ID itself")

        try writeRegistry([Self.household("HJ1", head: ("余开元", Self.wife), members: [("余开元", "户主", Self.wife)])], to: registry)
        try writeCases([("MZ1", "余开元", Self.wife), ("MZ2", "张三", Self.neighbour)], to: cases)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try households(fixture)
        let household = try XCTUnwrap(night1["gab#HJ1"])
        XCTAssertEqual(night2["gab#HJ1"], household, "the same household, with a new head")
        XCTAssertEqual(night2["mz#MZ1"], household)
        XCTAssertNotEqual(night2["mz#MZ2"], household, "a neighbour whose ID no record listed is another household")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        let row = try XCTUnwrap(fixture.rows("SELECT head_name, head_id_masked FROM dwd_household WHERE household_id = '\(household)'").first)
        XCTAssertEqual(row["head_name"] as String?, "余开元")
        XCTAssertEqual(row["head_id_masked"] as String?, String(Self.wife.prefix(6)) + "********" + String(Self.wife.suffix(4)))
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'HJ1'") as String?, "member_id")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE household_id = '\(household)'") as Int?, 2,
                       "one version for the head change")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
    }

    /// A member list without IDs (names and relationships only): the registry's own 户号 at the same flat naming a
    /// listed member as head is the same household (`member_name`); so is 民政's case, loaded first, under its own key.
    func testAMemberListedByNameBecomesHeadUnderTheSameKeyAtTheSameFlat() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try writeRegistry([Self.household("HJ1", head: ("蒙玉芳", Self.husband),
                                          members: [("蒙玉芳", "户主", nil), ("余开元", "妻", nil), ("韦某某", "女", nil)])], to: registry)
        try writeCases([("MZ1", "蒙玉芳", Self.husband)], to: cases)
        let fixture = try PipelineFixture(sources: sources(registry: registry, cases: cases, casesFirst: true))
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try households(fixture)["gab#HJ1"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_member WHERE kind = 'name'") as Int?, 1,
                       "余开元 by name; not 韦某某, a masked name that could be anyone")

        try writeRegistry([Self.household("HJ1", head: ("余开元", Self.wife), members: [("余开元", "户主", nil)])], to: registry)
        try writeCases([("MZ1", "余开元", Self.wife)], to: cases)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try households(fixture)
        XCTAssertEqual(night2["gab#HJ1"], household)
        XCTAssertEqual(night2["mz#MZ1"], household)
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'MZ1'") as String?, "member_name")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(household)'") as String?, "余开元")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
    }

    /// A record seen for the first time naming a listed member as head at the household's flat joins it
    /// (`member_id`). A son listed under his father's 户 whom the registry now sends under a 户号 of his own (分户)
    /// is another household: the registry lists the two apart.
    func testAFirstRecordOfTheNewHeadJoinsButASonsOwnHouseholdNumberStaysApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try writeRegistry([Self.household("HJ1", head: ("李勇", Self.husband),
                                          members: [("李勇", "户主", Self.husband), ("余开元", "妻", Self.wife),
                                                    ("李明", "子", Self.son)])], to: registry)
        try writeCases([], to: cases)
        let fixture = try PipelineFixture(sources: sources(registry: registry, cases: cases, casesFirst: true))
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try households(fixture)["gab#HJ1"])

        try writeRegistry([Self.household("HJ1", head: ("李勇", Self.husband),
                                          members: [("李勇", "户主", Self.husband), ("余开元", "妻", Self.wife)]),
                           Self.household("HJ2", head: ("李明", Self.son), members: [("李明", "户主", Self.son)])], to: registry)
        try writeCases([("MZ1", "余开元", Self.wife)], to: cases)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try households(fixture)
        XCTAssertEqual(night2["mz#MZ1"], household, "民政's first case of the widow, at the flat, joins")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'MZ1'") as String?, "member_id")
        XCTAssertEqual(night2["gab#HJ1"], household)
        XCTAssertNotEqual(night2["gab#HJ2"], household, "the son's own 户 is another household")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
    }

    /// 分户: night 1 the registry's 户 of 李勇 lists his wife and his son 李明; night 2 it lists only the wife, and the son
    /// comes under a 户号 of his own. The next delivery of that 户 drops the son from its members
    /// (`household_member`); the wife, still listed, is seen again in run 2.
    func testASonWhoLeftHisFathersHouseholdIsNoLongerItsMember() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try writeRegistry([Self.household("HJ1", head: ("李勇", Self.husband),
                                          members: [("李勇", "户主", Self.husband), ("余开元", "妻", Self.wife),
                                                    ("李明", "子", Self.son)])], to: registry)
        try writeCases([], to: cases)
        let fixture = try PipelineFixture(sources: sources(registry: registry, cases: cases))
        XCTAssertEqual(try fixture.run().status, 0)
        let father = try XCTUnwrap(try households(fixture)["gab#HJ1"])
        let members = "SELECT kind, last_seen_run FROM household_member WHERE household_id = '\(father)' ORDER BY kind, last_seen_run"
        XCTAssertEqual(try fixture.rows(members).map { "\($0[0] as String) \($0[1] as Int)" },
                       ["id 1", "id 1", "name 1", "name 1"], "the wife and the son, by ID and by name")

        try writeRegistry([Self.household("HJ1", head: ("李勇", Self.husband),
                                          members: [("李勇", "户主", Self.husband), ("余开元", "妻", Self.wife)]),
                           Self.household("HJ2", head: ("李明", Self.son), members: [("李明", "户主", Self.son)])], to: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try households(fixture)
        XCTAssertEqual(night2["gab#HJ1"], father)
        XCTAssertNotEqual(night2["gab#HJ2"], father)
        XCTAssertEqual(try fixture.rows(members).map { "\($0[0] as String) \($0[1] as Int)" }, ["id 2", "name 2"],
                       "only the wife is still listed")
    }
}
