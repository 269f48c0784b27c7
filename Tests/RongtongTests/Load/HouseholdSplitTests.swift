import Foundation
import GRDB
import XCTest

/// A 分户 (a son registers a 户 of his own) is counted in the run's summary and `etl_run.message`, whichever of the
/// two 户 the registry lists first (trial zunyi, finding 2), through the real binary into a real warehouse.
final class HouseholdSplitTests: XCTestCase {
    private static let address = "遵义市红花岗区老城街道丁字口小区3栋2单元501室"
    private static let son = #"<成员 关系="子"><姓名>测张小军</姓名><身份证号>520302198509210375</身份证号></成员>"#
    private static let sonsHousehold = #"<户 户号="ZY011"><户主><姓名>测张小军</姓名><身份证号>520302198509210375</身份证号></户主><住址>\#(address)</住址></户>"#

    private func write(_ file: URL, fatherLists members: String, sonFirst: Bool, sonsOwn: Bool) throws {
        let father = #"""
            <户 户号="ZY001"><户主><姓名>测张德明</姓名><身份证号>520302195803120131</身份证号></户主><住址>\#(Self.address)</住址>
                <成员列表><成员 关系="配偶"><姓名>测罗桂兰</姓名><身份证号>520302196005080248</身份证号></成员>\#(members)</成员列表></户>
            """#
        let own = sonsOwn ? Self.sonsHousehold : ""
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
            \(sonFirst ? own + "\n" + father : father + "\n" + own)
            </户籍信息>

            """.write(to: file, atomically: true, encoding: .utf8)
    }

    /// Night 1: ZY001 lists the son. Night 2: ZY001 no longer lists him, and ZY011 names him as head at the same flat,
    /// in the same file (listed after ZY001, or before it). The son's household is new, and the registry's summary
    /// line and `etl_run.message` say `1 new household(s) headed by a member of another (分户)`; night 3, changed
    /// elsewhere, counts nothing again.
    func testASplitIsCountedWhicheverHouseholdTheFileListsFirst() throws {
        for sonFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let feed = folder.appendingPathComponent("hj.xml")
            let fixture = try PipelineFixture(sources: PipelineRunTests.source("gab", feed, format: "xml", owner: "遵义市公安局",
                kind: "department", extra: [
                    "options: {record_path: /户籍信息/户, repeated: 成员列表/成员}", "record_key: \"@户号\"",
                    "context: {prefecture: 遵义市}",
                    "fields: {head_name: 户主/姓名, head_id: 户主/身份证号, address: 住址, members: 成员列表/成员}"]))
            try write(feed, fatherLists: Self.son, sonFirst: sonFirst, sonsOwn: false)
            let first = try fixture.run()
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertFalse(first.stderr.contains("分户"), first.stderr)

            try write(feed, fatherLists: "", sonFirst: sonFirst, sonsOwn: true)
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(try fixture.rows("SELECT head_name, first_seen_run FROM dwd_household ORDER BY first_seen_run")
                .map { "\($0[0] as String) \($0[1] as Int)" }, ["测张德明 1", "测张小军 2"])
            XCTAssertTrue(second.stderr.contains("1 new household(s) headed by a member of another (分户)"), second.stderr)
            let message: String = try fixture.query("SELECT message FROM etl_run WHERE run_id = 2") ?? "no message"
            XCTAssertTrue(message.contains("gab: 1 new household(s) headed by a member of another (分户)"), message)

            try write(feed, fatherLists: #"<成员 关系="女"><姓名>测张小丽</姓名></成员>"#, sonFirst: sonFirst, sonsOwn: true)
            let third = try fixture.run()
            XCTAssertEqual(third.status, 0, third.stderr)
            XCTAssertFalse(third.stderr.contains("分户"), third.stderr)
        }
    }
}
