import Foundation
import GRDB
import XCTest

/// The guard of a whole list (`absent_means:`) against an incomplete delivery weighs the new list against the cases
/// its previous delivery still listed, not against every case the list ever named.
final class WholeListGuardTests: XCTestCase {
    typealias Nights = NightsTests

    /// Six 低保 cases of 东升小区, one line each of the civil list: key, head, ID, address, flag.
    static let sixCases = ["龙秀英", "杨德明", "吴光荣", "罗国华", "韦秀兰", "蒙德才"].enumerated().map { i, name in
        "M\(i + 1),\(name),\(Nights.id("5201021950010110\(i + 2)")),白云区大山洞街道东升小区\(i + 1)栋1单元101室,是"
    }

    /// 民政 withdraws a few cases every night: 6, 4, 3, 2 cases. Each night withdraws at most half of the cases the
    /// night before listed, so each is applied, although by the fourth night 4 of the 6 cases ever listed are gone.
    /// An empty delivery then says "0 of the 2" it listed last, and withdraws nothing.
    func testAShrinkingListIsWeighedAgainstItsPreviousDeliveryNotEveryCaseItEverListed() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.csv")
        let people = Self.sixCases
        func list(_ count: Int) throws {
            try (["编号,户主姓名,身份证号,家庭住址,是否低保"] + people.prefix(count)).joined(separator: "\n").appending("\n")
                .write(to: civil, atomically: true, encoding: .utf8)
        }
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("civil", civil, format: "csv", owner: "民政",
            kind: "department", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"]))
        func lowIncome() throws -> Int? { try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") }
        try list(6)
        XCTAssertEqual(try fixture.run().status, 0)
        for (count, withdrawn) in [(4, 2), (3, 1), (2, 1)] {
            try list(count)
            let night = try fixture.run()
            XCTAssertEqual(night.status, 0, night.stderr)
            XCTAssertFalse(night.stderr.contains("absent_means was not applied"), "\(count) cases: \(night.stderr)")
            XCTAssertTrue(night.stderr.contains("civil: \(count) read, \(count) loaded, 0 rejected, 0 warnings, \(withdrawn) no longer listed"),
                          night.stderr)
            XCTAssertEqual(try lowIncome(), count, "the list of \(count) cases is applied")
        }
        // An empty delivery: compared with the 2 cases the list still named.
        try list(0)
        let empty = try fixture.run()
        XCTAssertTrue(empty.stderr.contains("lists 0 of the 2 households the source's previous delivery listed; absent_means was not applied"),
                      empty.stderr)
        XCTAssertEqual(try lowIncome(), 2, "nothing withdrawn")
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'absent_means_not_applied'") as String?, "0 of 2")
        // The next complete list is weighed against the same 2 cases: the incomplete delivery withdrew nothing.
        try list(1)
        let next = try fixture.run()
        XCTAssertTrue(next.stderr.contains("1 no longer listed"), next.stderr)
        XCTAssertEqual(try lowIncome(), 1)
    }

    /// A whole list of one file held back over its reject threshold: nothing is withdrawn, and the night says why, in
    /// an `absent_means_not_applied` warning, as it does when one page of a paged list is held back. Before, a
    /// single-file list said nothing of it (only a paged list whose other pages loaded did), and the analyst could not
    /// tell that the night's absences were not applied.
    func testASingleFileListHeldBackSaysAbsentMeansWasNotApplied() throws {
        let folder = try TestPaths.temporaryFolder()
        let civil = folder.appendingPathComponent("civil.csv")
        let people = Self.sixCases
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("civil", civil, format: "csv", owner: "民政",
            kind: "department", extra: ["record_key: 编号", "context: {prefecture: 贵阳市}", "absent_means: {is_low_income: false}"]))
        func lowIncome() throws -> Int? { try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE is_low_income = 1") }
        try (["编号,户主姓名,身份证号,家庭住址,是否低保"] + people).joined(separator: "\n").appending("\n")
            .write(to: civil, atomically: true, encoding: .utf8)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try lowIncome(), 6)
        // Night 2: four cases, and two rows naming no one (no_identity errors): 2 of 6 rejected, over 10%.
        try (["编号,户主姓名,身份证号,家庭住址,是否低保"] + people.prefix(4) + ["M7,,,,是", "M8,,,,是"])
            .joined(separator: "\n").appending("\n").write(to: civil, atomically: true, encoding: .utf8)
        let night = try fixture.run()
        XCTAssertEqual(night.status, 3, night.stderr)
        XCTAssertTrue(night.stderr.contains("was held back over its reject threshold; the list is incomplete, so absent_means was not applied"),
                      night.stderr)
        XCTAssertEqual(try lowIncome(), 6, "nothing withdrawn")
        XCTAssertEqual(try fixture.rows("""
            SELECT b.status, r.value, r.severity FROM etl_reject r JOIN etl_batch b ON b.batch_id = r.batch_id
            WHERE r.rule = 'absent_means_not_applied'
            """).map { "\($0["status"] as String) \($0["value"] as String) \($0["severity"] as String)" }, ["held incomplete warning"])
    }
}
