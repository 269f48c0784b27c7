import Foundation
import GRDB
import XCTest

/// A move reported by the source that wins the place, at a region coarser than the stored one (a grid census placed
/// only at its county by `context:`, beside a registry that names the community), over two nights.
final class CoarserMoveTests: XCTestCase {
    static let head = "测孔平娜", id = NightsTests.id("52060219410118149")

    /// The grid (ranked first for the place) writes only the compound; the registry writes the whole address.
    func fixture(grid: URL, registry: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", owner: "铜仁市", extra: [
                "record_key: 户号", "context: {prefecture: 铜仁市, county: 碧江区}"]),
            PipelineRunTests.source("reg", registry, format: "csv", owner: "贵州省公安厅", kind: "department", extra: [
                "record_key: 户号", "fields: {address: 户籍地址}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  address: [grid, reg]")
    }

    func write(grid address: String, to file: URL) throws {
        try "户号,户主姓名,身份证号,现住址\nA1,\(Self.head),\(Self.id),\(address)\n".write(to: file, atomically: true, encoding: .utf8)
    }

    func write(registry address: String, to file: URL) throws {
        try "户号,户主姓名,身份证号,户籍地址\nG1,\(Self.head),\(Self.id),\(address)\n".write(to: file, atomically: true, encoding: .utf8)
    }

    /// The household's place: compound name, building-unit-room (`-` for none), region code, and the address from
    /// the compound on (whether the address also names the community is another rule's).
    func place(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT c.name, h.building, h.unit, h.room, h.region_code, h.address
            FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id)
            """).map { row in
            let compound = row[0] as String?, address = row[5] as String? ?? "-"
            let tail = compound.flatMap { name in address.range(of: name).map { String(address[$0.lowerBound...]) } } ?? address
            return [compound ?? "-", "\(row[1] as String? ?? "-")-\(row[2] as String? ?? "-")-\(row[3] as String? ?? "-")",
                    row[4] as String? ?? "-", tail].joined(separator: "|")
        }
    }

    func address(_ fixture: PipelineFixture) throws -> String? {
        try fixture.query("SELECT address FROM dwd_household")
    }

    func versions(_ fixture: PipelineFixture, run: Int) throws -> Int? {
        try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE valid_from_run = \(run)")
    }

    /// Trial 17c, defect 1 (repro-2 and its control): the grid moves the household to 测金滩小区 8-2-304, placed only at
    /// 碧江区, while the stored region is the registry's 北门社区 (or only 环北街道). The household moves, with one history
    /// version; it is not kept at the old flat as a place written less precisely, nor given the old community.
    /// Before, the move was dropped: 北门花园 3-2-202 at 520602002001, no version, exit 0.
    func testAMoveReportedAtACoarserRegionByTheSourceThatWinsThePlaceMovesTheHousehold() throws {
        for community in ["北门社区", ""] {
            let folder = try TestPaths.temporaryFolder()
            let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
            try write(grid: "测北门花园小区3栋2单元202室", to: grid)
            try write(registry: "贵州省铜仁市碧江区环北街道\(community)测北门花园小区3栋2单元202室", to: registry)
            let fixture = try fixture(grid: grid, registry: registry)
            let night1 = try fixture.run()
            XCTAssertEqual(night1.status, 0, night1.stderr)
            let region = community.isEmpty ? "520602002000" : "520602002001"
            XCTAssertEqual(try place(fixture), [
                "测北门花园小区|3-2-202|\(region)|测北门花园小区3栋2单元202室"], community)

            try write(grid: "测金滩小区8栋2单元304室", to: grid)
            let night2 = try fixture.run()
            XCTAssertEqual(night2.status, 0, night2.stderr)
            XCTAssertEqual(try place(fixture), ["测金滩小区|8-2-304|520602000000|测金滩小区8栋2单元304室"], community)
            XCTAssertEqual(try address(fixture), "贵州省铜仁市碧江区测金滩小区8栋2单元304室", community)
            XCTAssertEqual(try versions(fixture, run: 2), 1, community)
        }
    }

    /// The protection the coarse rule exists for stays: the grid writing the same flat without its unit, at its
    /// county, replaces nothing of the registry's finer place and writes no version; the grid correcting the room in
    /// the same compound at its county is a change of flat: the household takes the room, with one version.
    func testTheSameFlatWrittenLessPreciselyStaysAndAnotherRoomOfTheCompoundIsTaken() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        try write(grid: "测北门花园小区3栋2单元202室", to: grid)
        try write(registry: "贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室", to: registry)
        let fixture = try fixture(grid: grid, registry: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        let stored = "测北门花园小区|3-2-202|520602002001|测北门花园小区3栋2单元202室"
        XCTAssertEqual(try place(fixture), [stored])

        try write(grid: "测北门花园小区3栋202室", to: grid)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertEqual(try place(fixture), [stored])
        XCTAssertEqual(try versions(fixture, run: 2), 0)

        try write(grid: "测北门花园小区3栋2单元203室", to: grid)
        let night3 = try fixture.run()
        XCTAssertEqual(night3.status, 0, night3.stderr)
        XCTAssertEqual(try place(fixture), ["测北门花园小区|3-2-203|520602002000|测北门花园小区3栋2单元203室"])
        XCTAssertEqual(try address(fixture), "贵州省铜仁市碧江区环北街道测北门花园小区3栋2单元203室")
        XCTAssertEqual(try versions(fixture, run: 3), 1)
    }

    /// A villager's door at 坪茶村, then the grid's resettlement flat placed only at the county: the household moves
    /// into the flat (a compound flat where it lived at no compound and no room is another dwelling); the door's
    /// village code does not stay on it.
    func testAVillagerMovedIntoACompoundFlatAtTheCountyMoves() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        try write(grid: "坝黄镇坪茶村3组12号", to: grid)
        try write(registry: "贵州省铜仁市碧江区坝黄镇坪茶村3组12号", to: registry)
        let fixture = try fixture(grid: grid, registry: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try place(fixture), ["-|-----|520602101202|贵州省铜仁市碧江区坝黄镇坪茶村3组12号"])

        try write(grid: "测金滩小区8栋2单元304室", to: grid)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertEqual(try place(fixture), ["测金滩小区|8-2-304|520602000000|测金滩小区8栋2单元304室"])
        XCTAssertEqual(try address(fixture), "贵州省铜仁市碧江区测金滩小区8栋2单元304室")
        XCTAssertEqual(try versions(fixture, run: 2), 1)
    }

    /// The grid writes its township (the same text both nights) and moves the household to another compound of it:
    /// the registry's community, learnt for the old flat, does not stay on the new one (the township the grid's record
    /// offered unchanged comes with the move).
    func testAMoveWithinTheTownshipTakesTheTownshipNotTheOldFlatsCommunity() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        try write(grid: "环北街道测北门花园小区3栋2单元202室", to: grid)
        try write(registry: "贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室", to: registry)
        let fixture = try fixture(grid: grid, registry: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try place(fixture), ["测北门花园小区|3-2-202|520602002001|测北门花园小区3栋2单元202室"])

        try write(grid: "环北街道测金滩小区8栋2单元304室", to: grid)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertEqual(try place(fixture), ["测金滩小区|8-2-304|520602002000|测金滩小区8栋2单元304室"])
        XCTAssertEqual(try versions(fixture, run: 2), 1)
    }

    /// Without a ranking the most recent change of place wins: the registry moves the household on night 2; on night
    /// 3 the grid sends its old flat again unchanged, with a new phone: the phone is taken, the place is not moved
    /// back (a value offered again unchanged takes nothing back).
    func testAnOldFlatOfferedAgainUnchangedDoesNotMoveTheHouseholdBack() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        func writeGrid(phone: String) throws {
            try "户号,户主姓名,身份证号,联系电话,现住址\nA1,\(Self.head),\(Self.id),\(phone),测北门花园小区3栋2单元202室\n"
                .write(to: grid, atomically: true, encoding: .utf8)
        }
        try writeGrid(phone: "13800138001")
        try write(registry: "贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室", to: registry)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", owner: "铜仁市", extra: [
                "record_key: 户号", "context: {prefecture: 铜仁市, county: 碧江区}"]),
            PipelineRunTests.source("reg", registry, format: "csv", owner: "贵州省公安厅", kind: "department", extra: [
                "record_key: 户号", "fields: {address: 户籍地址}"]),
        ].joined(separator: "\n"))
        XCTAssertEqual(try fixture.run().status, 0)
        try write(registry: "贵州省铜仁市碧江区环北街道北门社区测金滩小区8栋2单元304室", to: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        let moved = ["测金滩小区|8-2-304|520602002001|测金滩小区8栋2单元304室"]
        XCTAssertEqual(try place(fixture), moved)

        try writeGrid(phone: "13900139002")
        let night3 = try fixture.run()
        XCTAssertEqual(night3.status, 0, night3.stderr)
        XCTAssertEqual(try place(fixture), moved)
        XCTAssertEqual(try fixture.query("SELECT phone_masked FROM dwd_household") as String?, "139****9002")
    }
}
