import Foundation
import GRDB
import XCTest

/// 合户 in a census sent as one file per grid (`path: feeds/*.csv`): the night's delivery is every grid's file,
/// whatever their names, and a grid's file unchanged since an earlier night still delivers its households. Trial
/// 18a's repro: night 1 测高平涛 heads BJ2 alone; night 2 BJ1 lists her as 母亲 and BJ2 is no longer sent. Real files
/// through the real binary, then SQL.
final class GridFilesJoinTests: XCTestCase {
    static let header = "序号,户号,姓名,与户主关系,身份证号,联系电话,现住址,家庭人口"
    static let night1 = [
        "1,BJ1,测潘发秀,户主,520502196310234814,13800000001,七星关区市西街道翠屏小区4栋3单元303室,2",
        "2,,测王芳,配偶,520502196503044822,,,",
        "3,BJ2,测高平涛,户主,520502194308013239,13800000002,七星关区市西街道翠屏小区5栋1单元203室,1",
        "4,BJ3,测李四,户主,520502197001013414,13800000003,七星关区市西街道翠屏小区6栋1单元101室,1",
    ]
    static let night2 = [
        "1,BJ1,测潘发秀,户主,520502196310234814,13800000001,七星关区市西街道翠屏小区4栋3单元303室,3",
        "2,,测王芳,配偶,520502196503044822,,,",
        "3,,测高平涛,母亲,520502194308013239,,,",
        "4,BJ3,测李四,户主,520502197001013414,13800000003,七星关区市西街道翠屏小区6栋1单元101室,1",
    ]
    /// Another grid's file: BJ9 at another compound.
    static let otherGrid = ["1,BJ9,测赵六,户主,520502198002023416,13800000009,七星关区市东街道麻园小区1栋1单元101室,1"]

    func write(_ rows: [String], to file: URL) throws {
        try (([Self.header] + rows).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func fixture(_ feeds: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: PipelineRunTests.source("census", feeds.appendingPathComponent("*.csv"), format: "csv",
                                                             owner: "毕节市", extra: [
            "rows: person", "record_key: 户号", "context: {prefecture: 毕节市}",
        ]))
    }

    func aliases(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("SELECT rule FROM household_alias").map { $0["rule"] as String }
    }

    /// The other grid's file sorts after the changed one (`grid-b.csv` after `grid-a.csv`), unchanged or changed
    /// too: BJ2 is merged into BJ1 (alias `head_listed_as_member`), three households, counted on the census. Before,
    /// only when the other file sorted first (`grid-0.csv`): a file sorting after was taken for a later delivery.
    func testAGridFileSortingAfterTheChangedOneIsNoLaterDelivery() throws {
        for otherChanges in [false, true] {
            let feeds = try TestPaths.temporaryFolder()
            let other = feeds.appendingPathComponent("grid-b.csv"), grid = feeds.appendingPathComponent("grid-a.csv")
            try write(Self.otherGrid, to: other)
            try write(Self.night1, to: grid)
            let fixture = try fixture(feeds)
            let first = try fixture.run()
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)

            if otherChanges { try write([Self.otherGrid[0].replacingOccurrences(of: "13800000009", with: "13800000019")], to: other) }
            try write(Self.night2, to: grid)
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(try aliases(fixture), ["head_listed_as_member"], "other grid's file changed: \(otherChanges)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
            XCTAssertEqual(try fixture.query("""
                SELECT h.head_name FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id
                WHERE s.record_key = 'BJ2'
                """) as String?, "测潘发秀", "her 户's record is in BJ1's household now")
            XCTAssertTrue(second.stderr.contains("1 household(s) merged into another"), second.stderr)
        }
    }

    /// The guard the other way round: her own 户 BJ2 is still sent, in another grid's file unchanged since night 1
    /// that sorts first (`grid-0.csv`), while `grid-a.csv` lists her as 母亲: the delivery still holds her household,
    /// so nothing merges. Before, a file sorting first was taken for an earlier delivery and the two were merged.
    func testAHouseholdStillSentInAnotherGridsUnchangedFileIsNotMerged() throws {
        let feeds = try TestPaths.temporaryFolder()
        let other = feeds.appendingPathComponent("grid-0.csv"), grid = feeds.appendingPathComponent("grid-a.csv")
        try write(Self.otherGrid + [Self.night1[2].replacingOccurrences(of: "3,BJ2", with: "2,BJ2")], to: other)
        try write([Self.night1[0], Self.night1[1], Self.night1[3]], to: grid)
        let fixture = try fixture(feeds)
        XCTAssertEqual(try fixture.run().status, 0)

        try write(Self.night2, to: grid)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try aliases(fixture), [], "BJ2 is still delivered by grid-0.csv")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)
    }

    /// Dated per-grid files kept on disk (`grid-a_20231106.csv`, `grid-b_20231106.csv`, then the `_20231107` pair
    /// beside them): night 2's delivery is the two `_20231107` files, and night 1's `grid-b_20231106.csv`, which still
    /// holds BJ2 but which `grid-b_20231107.csv` replaced, delivers nothing tonight. BJ2, in grid b on night 1, is
    /// listed as 母亲 in grid a's BJ1 on night 2: merged.
    func testAGridsDatedFileReplacedByItsLaterFileNoLongerDeliversItsHouseholds() throws {
        let feeds = try TestPaths.temporaryFolder()
        func file(_ name: String) -> URL { feeds.appendingPathComponent(name) }
        try write([Self.night1[0], Self.night1[1], Self.night1[3]], to: file("grid-a_20231106.csv"))
        try write([Self.night1[2]] + Self.otherGrid, to: file("grid-b_20231106.csv"))
        let fixture = try fixture(feeds)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4)

        try write(Self.night2, to: file("grid-a_20231107.csv"))
        try write(Self.otherGrid, to: file("grid-b_20231107.csv"))
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try aliases(fixture), ["head_listed_as_member"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
    }

    /// A dated delivery arriving late (`census_20231106.csv`, after `census_20231107.csv` loaded) that no longer sends
    /// BJ2 merges nothing while the later delivery still holds BJ2's record.
    func testALaterDatedDeliveryStillHoldingTheHouseholdKeepsIt() throws {
        let feeds = try TestPaths.temporaryFolder()
        try write(Self.night1, to: feeds.appendingPathComponent("census_20231105.csv"))
        let fixture = try fixture(feeds)
        XCTAssertEqual(try fixture.run().status, 0)
        // BJ3's phone changed: another content than census_20231105.csv's, loaded as its own batch.
        try write(Self.night1.map { $0.replacingOccurrences(of: "13800000003", with: "13800000033") },
                  to: feeds.appendingPathComponent("census_20231107.csv"))
        XCTAssertEqual(try fixture.run().status, 0)
        try write(Self.night2, to: feeds.appendingPathComponent("census_20231106.csv"))
        let third = try fixture.run()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try aliases(fixture), [], "census_20231107.csv, a later delivery, still sends BJ2")
    }
}
