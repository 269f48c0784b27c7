import Foundation
import GRDB
import XCTest

/// The members a household's records list, over nights (trial 16-c): a census's one-cell member list, every member's
/// tag in a registry, and the new head who is no longer a member. Real files through the real pipeline into a real
/// warehouse, then SQL on `household_member`, `dwd_household` and `household_source`.
final class MemberListNightsTests: XCTestCase {
    typealias H = HeadChangeTests

    /// The grid census, one row per household: 户编号 (its record key), the head, the address, the count and the
    /// members in one cell (`家庭成员`).
    func writeGrid(_ rows: [String], to file: URL) throws {
        try (["户编号,户主姓名,身份证号,家庭住址,家庭人口,家庭成员"] + rows).joined(separator: "\r\n").appending("\r\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// 残联's list, keyed by the disabled member's ID, naming the household's head.
    func writeDisabled(_ lines: [(id: String, name: String, head: String, headID: String)], to file: URL) throws {
        try lines.map {
            #"{"身份证号":"\#($0.id)","姓名":"\#($0.name)","户主姓名":"\#($0.head)","户主身份证号":"\#($0.headID)","居住地址":"\#(H.flat)"}"#
        }.joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func gridAndDisabledSources(grid: URL, disabled: URL) -> String {
        PipelineRunTests.source("grid", grid, format: "csv", extra: [
            "record_key: 户编号",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址, member_count: 家庭人口, members: 家庭成员}",
        ]) + "\n" + PipelineRunTests.source("canlian", disabled, format: "ndjson", kind: "department", extra: [
            "record_key: 身份证号",
            "fields: {head_name: 户主姓名, head_id: 户主身份证号, address: 居住地址, head_gender: null, head_birth_date: null}",
        ]) + "\nsurvivorship:\n  head_name: [grid, canlian]\n  head_id: [grid, canlian]"
    }

    /// Night 1 the grid's row names 贺霖雪 as head and lists `贺霖雪(户主)、徐超凯(配偶)、贺磊(长女)、贺华(子)` in one
    /// cell; 残联 lists the son under the same head. Night 2 贺霖雪 has died: the row names the widower 徐超凯, with
    /// his own ID, and lists `徐超凯(户主)，贺磊(长女)，贺华(子)`. The members of the cell are remembered by name, so
    /// the row is the same household with a new head (`member_name`): one household, no relink. A neighbour's row at
    /// another flat, its members written `,` apart, keeps its members too. Before, the names in the cell were counted
    /// but never remembered: the row moved to a new household (`household_relink`), leaving the old one with the dead
    /// head and 残联's record.
    func testAOneCellMemberListKeepsTheHouseholdWhenTheWidowerBecomesHead() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid-hu.csv"), disabled = folder.appendingPathComponent("canlian.ndjson")
        let neighbour = #"WG2,王五,\#(NightsTests.wang),白云区大山洞街道东升小区3栋2单元102室,3,"王五(户主),李芳(妻),王小明(子)""#
        try writeGrid(["WG1,贺霖雪,\(H.wife),\(H.flat),4,贺霖雪(户主)、徐超凯(配偶)、贺磊(长女)、贺华(子)", neighbour], to: grid)
        try writeDisabled([(H.son, "贺华", "贺霖雪", H.wife)], to: disabled)
        let fixture = try PipelineFixture(sources: gridAndDisabledSources(grid: grid, disabled: disabled))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        let household = try XCTUnwrap(fixture.query("SELECT household_id FROM household_source WHERE record_key = 'WG1'") as String?)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE source_id = 'canlian'") as String?, household)
        func members(_ id: String) throws -> [String] {
            try fixture.rows("SELECT kind || ' ' || last_seen_run FROM household_member WHERE household_id = '\(id)' ORDER BY 1")
                .map { $0[0] as String }
        }
        XCTAssertEqual(try members(household), ["name 1", "name 1", "name 1"],
                       "徐超凯, 贺磊 and 贺华 by name; the head's own item is not a member")
        let other = try XCTUnwrap(fixture.query("SELECT household_id FROM household_source WHERE record_key = 'WG2'") as String?)
        XCTAssertEqual(try members(other), ["name 1", "name 1"])
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE household_id = '\(household)'") as Int?, 4)

        try writeGrid(["WG1,徐超凯,\(H.husband),\(H.flat),3,徐超凯(户主)，贺磊(长女)，贺华(子)", neighbour], to: grid)
        try writeDisabled([(H.son, "贺华", "徐超凯", H.husband)], to: disabled)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, "no household split off")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT source_id, household_id, match_rule FROM household_source ORDER BY source_id, record_key")
            .map { "\($0[0] as String) \($0[1] as String == household) \($0[2] as String)" },
            ["canlian true id_hash", "grid true member_name", "grid false new"])
        let row = try XCTUnwrap(fixture.rows("SELECT head_name, member_count FROM dwd_household WHERE household_id = '\(household)'").first)
        XCTAssertEqual(row["head_name"] as String?, "徐超凯")
        XCTAssertEqual(row["member_count"] as Int?, 3)
        XCTAssertEqual(try members(household), ["id 2", "name 2", "name 2"],
                       "the former head by ID; 贺磊 and 贺华 still listed; 徐超凯, now the head, no longer a member")
        XCTAssertTrue(second.stderr.contains("1 new head(s)"), second.stderr)
    }

    /// A grid row whose head ID was wrong and is corrected the next night (the same 户编号, the same head 贺霖雪, the
    /// same flat, another valid ID), the row listing its members in one cell: the same household, its id kept
    /// (`key+place`), as for a row listing no members. Before, a record listing members never took that rule, so the
    /// corrected row moved to a household of its own and the old id was retired into it.
    func testACorrectedHeadIDKeepsTheHouseholdOfARowListingMembers() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid-hu.csv"), disabled = folder.appendingPathComponent("canlian.ndjson")
        try writeGrid(["WG1,贺霖雪,\(H.husband),\(H.flat),3,贺霖雪(户主)、贺磊(长女)、贺华(子)"], to: grid)
        try writeDisabled([], to: disabled)
        let fixture = try PipelineFixture(sources: gridAndDisabledSources(grid: grid, disabled: disabled))
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(fixture.query("SELECT household_id FROM household_source WHERE record_key = 'WG1'") as String?)

        try writeGrid(["WG1,贺霖雪,\(H.wife),\(H.flat),3,贺霖雪(户主)、贺磊(长女)、贺华(子)"], to: grid)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT household_id || ' ' || match_rule FROM household_source WHERE record_key = 'WG1'") as String?,
                       "\(household) key+place")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
    }

    /// The registry, with each member's 标签 as an attribute or an element, members of one 户 written either way.
    static let taggedRegistry = """
        <?xml version="1.0" encoding="UTF-8"?>
        <户籍信息>
          <户 户号="1"><住址>白云区大山洞街道东升小区3栋2单元101室</住址>
            <成员列表><成员 关系="户主" 姓名="张三" 身份证号="\(NightsTests.zhang)"/>
              <成员 关系="妻" 姓名="李芳" 标签="残疾"/>
              <成员><关系>孙女</关系><姓名>张小</姓名><标签>留守儿童</标签></成员></成员列表></户>
          <户 户号="2"><住址>白云区大山洞街道东升小区3栋2单元102室</住址>
            <成员列表><成员 关系="户主" 姓名="李四" 身份证号="\(NightsTests.li)" 标签="独居老人"/></成员列表></户>
          <户 户号="3"><住址>白云区大山洞街道东升小区3栋2单元103室</住址>
            <成员列表><成员 关系="户主" 姓名="王五" 身份证号="\(NightsTests.wang)"/><成员 关系="子" 姓名="王小"/></成员列表></户>
        </户籍信息>

        """

    /// `tags: 成员列表/成员/标签`, a leaf of the repeated 成员: every member's 标签 sets the household's flags, the
    /// element's and the attribute's, the second member's too (户 1: 残疾 and 留守); the name occurs, so no warning.
    /// `members: 成员列表/成员/姓名` lists every member's name. A leaf no member holds (`成员列表/成员/标记`) still never
    /// occurs, and says what the members hold. Before, the mapping warned "never occurs" and read no member's tag
    /// (the workaround, one selector per tag, kept only the first tag found).
    func testEveryMembersTagInTheRepeatedGroupSetsTheFlags() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try Self.taggedRegistry.write(to: feed, atomically: true, encoding: .utf8)
        let fields = ["head_name: 成员列表/成员[关系=户主]/@姓名", "head_id: 成员列表/成员[关系=户主]/@身份证号", "address: 住址",
                      "members: 成员列表/成员/姓名", "tags: 成员列表/成员/标签"]
        let fixture = try PipelineFixture(sources: RegistryXMLCoverageTests.source(feed, recordPath: "/户籍信息/户", fields: fields))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("never occurs"), result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key || ' ' || COALESCE(h.has_disabled_member, '-') || ' ' || COALESCE(h.has_left_behind_child, '-')
                   || ' ' || COALESCE(h.has_elderly_alone, '-') || ' ' || h.member_count || ' '
                   || (SELECT COUNT(*) FROM household_member m WHERE m.household_id = h.household_id AND m.kind = 'name')
            FROM dwd_household h JOIN household_source s USING (household_id) ORDER BY s.record_key
            """).map { $0[0] as String }, ["1 1 1 - 3 2", "2 - - 1 1 0", "3 - - - 2 1"],
            "record_key, disabled, left-behind child, elderly alone, member count, members remembered by name")

        let misspelt = fields.dropLast() + ["tags: 成员列表/成员/标记"]
        let other = try PipelineFixture(sources: RegistryXMLCoverageTests.source(feed, recordPath: "/户籍信息/户", fields: Array(misspelt)))
        let validate = try Rongtong.run(["validate", other.file.path])
        XCTAssertTrue(validate.stdout.contains("sources.police.fields.tags: 成员列表/成员/标记 never occurs in \(feed.path); no member (成员列表/成员) holds 标记 anywhere in the file; its members hold "),
                      validate.stdout)
    }

    /// The person census of one row per person, keyed by 户号.
    func writeCensus(_ rows: [String], to file: URL) throws {
        try (["户号,姓名,身份证号,与户主关系,现住址"] + rows).joined(separator: "\r\n").appending("\r\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// Night 1 the registry lists 余开元 (妻) with her ID under 李勇's 户, and the person census has her row as 配偶;
    /// night 2 李勇 has died and both name her as head. She heads the household (`head_id_hash`), so no source still
    /// lists her as a member: the census's row of her (its record no longer lists her as a member) is removed, and
    /// the registry, which made her head, writes none. Her husband, the former head, stays a member. Before, her ID
    /// stayed a member twice (the registry's of run 2, the census's of run 1).
    func testTheNewHeadIsNoLongerAMemberOfTheHouseholdSheHeads() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), census = folder.appendingPathComponent("renkou.csv")
        let gab = PipelineRunTests.source("gab", registry, format: "xml", kind: "department", extra: [
            "options: {record_path: /户籍信息/户, repeated: 成员列表/成员}", "record_key: \"@户号\"",
            "fields: {head_name: 户主/姓名, head_id: 户主/身份证号, address: 住址, members: 成员列表/成员}",
        ])
        func writeRegistry(_ households: [String]) throws {
            try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\n" + households.joined(separator: "\n") + "\n</户籍信息>\n")
                .write(to: registry, atomically: true, encoding: .utf8)
        }
        let sources = gab + "\n" + PipelineRunTests.source("renkou", census, format: "csv", extra: [
            "rows: person", "record_key: 户号",
            "fields: {head_name: 姓名, head_id: 身份证号, relationship: 与户主关系, address: 现住址}",
        ]) + "\nsurvivorship:\n  head_name: [gab, renkou]\n  head_id: [gab, renkou]"
        try writeRegistry([H.household("HJ1", head: ("李勇", H.husband),
                                     members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])])
        try writeCensus(["HJ1,李勇,\(H.husband),户主,\(H.flat)", "HJ1,余开元,\(H.wife),配偶,"], to: census)
        let fixture = try PipelineFixture(sources: sources)
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT household_id) FROM household_source") as Int?, 1)

        try writeRegistry([H.household("HJ1", head: ("余开元", H.wife), members: [("余开元", "户主", H.wife)])])
        try writeCensus(["HJ1,余开元,\(H.wife),户主,\(H.flat)"], to: census)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "余开元")
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM household_member m JOIN dwd_household h USING (household_id) WHERE m.member_hash = h.head_id_hash
            """) as Int?, 0, "the head is no member of the household she heads")
        XCTAssertEqual(try fixture.rows("SELECT kind, source_id, last_seen_run FROM household_member ORDER BY source_id")
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" }, ["id gab 2"],
            "the former head, remembered by the record that replaced him")
    }

    /// A member's resident ID that Excel truncated (`…000`) is a warning under the head's rule, on the member's field
    /// and, in a file with one row per person, on the member's own row: before, it was dropped without a word, and
    /// the member was silently known by name only. The households still load; the head's valid IDs keep theirs.
    func testAMembersTruncatedIDIsAWarningOnItsFieldAndRow() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid-hu.csv"), census = folder.appendingPathComponent("renkou.csv")
        let truncated = String(H.husband.prefix(15)) + "000"
        try writeGrid(["WG1,贺霖雪,\(H.wife),\(H.flat),3,贺霖雪(户主)、徐超凯（\(truncated)）、贺磊(长女)"], to: grid)
        try writeCensus(["HJ2,王五,\(H.neighbour),户主,白云区大山洞街道东升小区3栋2单元102室", "HJ2,王小明,\(truncated),子,"],
                        to: census)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", extra: [
            "record_key: 户编号",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址, member_count: 家庭人口, members: 家庭成员}",
        ]) + "\n" + PipelineRunTests.source("renkou", census, format: "csv", extra: [
            "rows: person", "record_key: 户号",
            "fields: {head_name: 姓名, head_id: 身份证号, relationship: 与户主关系, address: 现住址}",
        ]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_id_hash IS NOT NULL") as Int?, 2)
        let rejects = try fixture.rows("SELECT source_id, record_number, field, rule, severity, value, message FROM etl_reject ORDER BY source_id")
        XCTAssertEqual(rejects.map { "\($0["source_id"] as String) \($0["record_number"] as Int) \($0["field"] as String) \($0["rule"] as String) \($0["severity"] as String)" },
                       ["grid 1 家庭成员 id_truncated warning", "renkou 2 身份证号 id_truncated warning"])
        XCTAssertEqual(rejects[0]["value"] as String?, String(truncated.prefix(6)) + "********" + String(truncated.suffix(4)))
        let message = try XCTUnwrap(rejects[1]["message"] as String?)
        XCTAssertTrue(message.hasPrefix("a member's resident ID is not valid (ends in 000"), message)
        XCTAssertTrue(message.hasSuffix("the member is kept by name only"), message)
        XCTAssertTrue(result.stderr.contains("renkou.csv:3: record 2: 身份证号: a member's resident ID is not valid"), result.stderr)
    }
}
