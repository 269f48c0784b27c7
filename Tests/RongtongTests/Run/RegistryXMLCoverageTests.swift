import Foundation
import GRDB
import XCTest

/// A registry XML whose mapping reads less than the file holds, said where a feeder sees it (trial 14-b): records
/// outside `record_path`, a member selector's misspelt leaf, a head read from the member list without a selector.
final class RegistryXMLCoverageTests: XCTestCase {
    /// Two households at /户籍信息/户, and one in a `<分页 页码="2">` wrapper (an export written in pages).
    static let paged = """
        <?xml version="1.0" encoding="UTF-8"?>
        <户籍信息 xmlns="http://gab.example.gov.cn/hjxx/2.0">
          <户 户号="1"><住址>白云区大山洞街道东升小区3栋2单元101室</住址>
            <成员列表><成员 与户主关系="户主"><姓名>张三</姓名><公民身份号码>\(NightsTests.zhang)</公民身份号码></成员>
              <成员 与户主关系="子"><姓名>张小</姓名></成员></成员列表></户>
          <户 户号="2"><住址>白云区大山洞街道东升小区3栋2单元102室</住址>
            <成员列表><成员 与户主关系="本人"><姓名>李四</姓名><公民身份号码>\(NightsTests.li)</公民身份号码></成员></成员列表></户>
          <分页 页码="2">
            <户 户号="3"><住址>白云区大山洞街道东升小区3栋2单元103室</住址>
              <成员列表><成员 与户主关系="户主"><姓名>王五</姓名><公民身份号码>\(NightsTests.wang)</公民身份号码></成员></成员列表></户>
          </分页>
        </户籍信息>

        """

    static func source(_ feed: URL, recordPath: String, fields: [String]) -> String {
        PipelineRunTests.source("police", feed, format: "xml", owner: "贵阳市公安局", kind: "department", extra: [
            "options: {record_path: \(recordPath), repeated: 成员列表/成员}",
            "record_key: \"@户号\"",
            "context: {prefecture: 贵阳市}",
            "fields:",
        ] + fields.map { "  " + $0 })
    }

    static let headFields = ["head_name: 成员列表/成员[与户主关系=户主|本人]/姓名",
                             "head_id: 成员列表/成员[与户主关系=户主|本人]/公民身份号码", "address: 住址"]

    /// 1 of 3 households sits in a page wrapper that `record_path: /户籍信息/户` misses. Before, validate said ok
    /// (also --strict) and the run loaded 2 of 3 without a word. Now the file has a records_outside_record_path
    /// warning naming the path and count: printed by validate and run (also --quiet), failed by --strict, kept in
    /// etl_reject and etl_run.message. Listing both paths reads all three.
    func testRecordsOutsideRecordPathAreAWarningOfTheFile() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("paged.xml")
        try Self.paged.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.source(feed, recordPath: "/户籍信息/户", fields: Self.headFields))
        let said = "1 <户> element(s) at /户籍信息/分页/户 were not read: record_path is /户籍信息/户; list both paths (record_path: [/户籍信息/户, /户籍信息/分页/户])"

        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("1 warnings"), validate.stdout)
        XCTAssertTrue(validate.stdout.contains(said), validate.stdout)
        let strict = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(strict.status, 2, strict.stdout + strict.stderr)

        let run = try fixture.run(["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue((run.stdout + run.stderr).contains(said), run.stdout + run.stderr)
        XCTAssertEqual(try fixture.query("SELECT rows_read FROM etl_batch") as Int?, 2)
        XCTAssertEqual(try fixture.rows("SELECT rule, severity, line, value FROM etl_reject")
            .map { "\($0[0] as String) \($0[1] as String) \(($0[2] as Int?) ?? 0) \($0[3] as String)" },
                       ["records_outside_record_path warning 9 /户籍信息/分页/户 ×1"])
        XCTAssertTrue((try fixture.query("SELECT message FROM etl_run") as String?)?.contains(said) ?? false)

        // Both paths, as the warning says: every household is read, and nothing is warned about.
        try fixture.rewrite(sources: Self.source(feed, recordPath: "[/户籍信息/户, /户籍信息/分页/户]", fields: Self.headFields))
        let both = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(both.status, 0, both.stdout + both.stderr)
        XCTAssertTrue(both.stdout.contains("3 read, 0 rejected, 0 warnings"), both.stdout)
    }

    /// `head_id: 成员列表/成员[与户主关系=户主|本人]/身份证号` where the members hold 公民身份号码: before, no warning
    /// (validate --strict ok) and every household loaded without an ID. Now the selector's leaf, held by no member
    /// of the file, never occurs like a misspelt column, and the warning names the members' fields.
    func testMemberSelectorWhoseLeafNoMemberHoldsNeverOccurs() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try Self.paged.write(to: feed, atomically: true, encoding: .utf8)
        let fields = ["head_name: 成员列表/成员[与户主关系=户主|本人]/姓名",
                      "head_id: 成员列表/成员[与户主关系=户主|本人]/身份证号", "address: 住址"]
        let fixture = try PipelineFixture(sources: Self.source(feed, recordPath: "户", fields: fields))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("""
            sources.police.fields.head_id: 成员列表/成员[与户主关系=户主|本人]/身份证号 never occurs in \(feed.path); \
            no member (成员列表/成员) holds 身份证号 anywhere in the file; its members hold @与户主关系, 姓名, 公民身份号码
            """), validate.stdout)
        let strict = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(strict.status, 2, strict.stdout + strict.stderr)
        // The right leaf: no warning, though 张小 (a son) has no ID.
        try fixture.rewrite(sources: Self.source(feed, recordPath: "户", fields: Self.headFields))
        let right = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(right.status, 0, right.stdout + right.stderr)
    }

    /// `head_name: 成员列表/成员/姓名` without a selector: the path exists only inside the repeated 成员 elements.
    /// Before, the warning said only "never occurs" and each record "neither a valid resident ID nor a head name";
    /// now both name the selector that picks the head, with the relationships seen.
    func testMemberPathWithoutSelectorNamesTheSelectorToWrite() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try Self.paged.write(to: feed, atomically: true, encoding: .utf8)
        let fields = ["head_name: 成员列表/成员/姓名", "head_id: 成员列表/成员/公民身份号码", "address: 住址"]
        let fixture = try PipelineFixture(sources: Self.source(feed, recordPath: "户", fields: fields))
        let validate = try Rongtong.run(["validate", fixture.file.path])
        let hint = "成员列表/成员 is a repeated group, one element per member, so 成员列表/成员/姓名 names no one member: pick the head with a member selector, 成员列表/成员[与户主关系=户主]/姓名 (与户主关系 holds 户主, 子, 本人)"
        XCTAssertTrue(validate.stdout.contains("sources.police.fields.head_name: 成员列表/成员/姓名 never occurs in \(feed.path); \(hint)"),
                      validate.stdout)
        XCTAssertTrue(validate.stdout.contains("neither a valid resident ID nor a head name with an address: the household cannot be identified. head_id: 成员列表/成员 is a repeated group"),
                      validate.stdout)
    }

    /// Trial 17e: members of one 户 write their name as an attribute (`<成员 姓名="…"/>`) or as an element
    /// (`<成员><姓名>…</姓名></成员>`). Before, `成员[与户主关系=户主]/@姓名` read only the attribute (though the key
    /// `与户主关系` matched both forms), so the household whose head wrote an element was `no_identity`, without a
    /// mapping warning. Now the leaf, as the key, reads either form: in a group's array, in a lone member's fields,
    /// and `@姓名` mapped where every member writes the element occurs for validate.
    func testMemberSelectorLeafReadsTheAttributeOrTheElement() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("registry.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍数据>
              <户 户号="F1" 住址="白云区大山洞街道东升小区3栋2单元101室">
                <成员 姓名="张三" 公民身份号码="\(NightsTests.zhang)" 与户主关系="户主"/>
                <成员 姓名="张小" 与户主关系="子"/>
              </户>
              <户 户号="F2" 住址="白云区大山洞街道东升小区3栋2单元102室">
                <成员 与户主关系="户主"><姓名>李四</姓名><公民身份号码>\(NightsTests.li)</公民身份号码></成员>
              </户>
            </户籍数据>

            """.write(to: feed, atomically: true, encoding: .utf8)
        func source(repeated: Bool, leaf: String) -> String {
            PipelineRunTests.source("police", feed, format: "xml", owner: "贵阳市公安局", kind: "department", extra: [
                "options: {record_path: /户籍数据/户\(repeated ? ", repeated: 成员" : "")}",
                "record_key: \"@户号\"",
                "context: {prefecture: 贵阳市}",
                "fields:",
                "  head_name: 成员[与户主关系=户主]/\(leaf)姓名",
                "  head_id: 成员[与户主关系=户主]/\(leaf)公民身份号码",
                "  address: \"@住址\"",
            ])
        }
        for (repeated, leaf) in [(true, "@"), (true, ""), (false, "@"), (false, "")] {
            let fixture = try PipelineFixture(sources: source(repeated: repeated, leaf: leaf))
            let said = "repeated: \(repeated), leaf: \(leaf)姓名"
            let validate = try Rongtong.run(["validate", "--strict", fixture.file.path])
            XCTAssertEqual(validate.status, 0, said + validate.stdout + validate.stderr)
            XCTAssertTrue(validate.stdout.contains("2 read, 0 rejected, 0 warnings"), said + validate.stdout)
            let run = try fixture.run()
            XCTAssertEqual(run.status, 0, said + run.stderr)
            XCTAssertEqual(try fixture.rows("SELECT head_name FROM dwd_household ORDER BY head_name").map { $0[0] as String },
                           ["张三", "李四"], said)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_id_hash IS NOT NULL") as Int?, 2, said)
        }
        // Every member writes elements: `@姓名` occurs all the same (no "never occurs" warning), as `姓名` would.
        try """
            <户籍数据><户 户号="F2" 住址="白云区大山洞街道东升小区3栋2单元102室">
              <成员 与户主关系="户主"><姓名>李四</姓名><公民身份号码>\(NightsTests.li)</公民身份号码></成员>
              <成员 与户主关系="妻"><姓名>王芳</姓名></成员></户></户籍数据>
            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source(repeated: true, leaf: "@"))
        let validate = try Rongtong.run(["validate", "--strict", fixture.file.path])
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stdout.contains("1 read, 0 rejected, 0 warnings"), validate.stdout)
    }
}
