import Foundation
import GRDB
import XCTest

/// A household's life events over nights, as a registry (公安), a keyless grid census and 民政 report them: a new
/// head, a former head who registers a household of his own, 合户, a move.
extension HeadChangeTests {
    typealias H = HeadChangeTests
    var base: HeadChangeTests { self }

    /// The grid census (no record_key: its 序号 numbers rows): one household a row.
    func writeGrid(_ rows: [(name: String, id: String, phone: String, address: String)], to file: URL) throws {
        try (["序号,户主姓名,身份证号,联系电话,现住址"] + rows.enumerated().map { "\($0.offset + 1),\($0.element.name),\($0.element.id),\($0.element.phone),\($0.element.address)" })
            .joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    func gridSource(_ file: URL) -> String {
        """
          - name: grid
            owner: 贵阳市
            kind: city
            entity: household
            format: csv
            path: \(file.path)
            fields:
              head_name: 户主姓名
              head_id: 身份证号
              phone: 联系电话
              address: 现住址
        """
    }

    /// Night 2 the registry names the widow as head (a member before); the grid, a night late, still names the
    /// husband with his ID, at the same flat, and the row moved down (a row was added above). The grid's row is the
    /// same household's (its former head, now listed as a member): one household, and the run succeeds. Before, the
    /// grid's row minted the id the household already had, and the run failed on `UNIQUE constraint failed:
    /// dwd_household.household_id`.
    func testALateCensusRowNamingTheFormerHeadJoinsTheHousehold() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        let grid = folder.appendingPathComponent("grid.csv")
        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband),
                                            members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])], to: registry)
        try base.writeCases([], to: cases)
        try writeGrid([("李勇", H.husband, "13800138001", H.flat)], to: grid)
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases).replacingOccurrences(
            of: "\nsurvivorship:", with: "\n" + gridSource(grid) + "\nsurvivorship:"))
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try base.households(fixture)["gab#HJ1"])

        try base.writeRegistry([H.household("HJ1", head: ("余开元", H.wife), members: [("余开元", "户主", H.wife)])], to: registry)
        try writeGrid([("王五", H.neighbour, "13800138002", "贵州省贵阳市白云区大山洞街道东升小区3栋2单元102室"),
                       ("李勇", H.husband, "13800138009", H.flat)], to: grid)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE source_id = 'grid' AND record_key = '2'") as String?,
                       household, "the late row naming the former head")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(household)'") as String?, "余开元")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2, "the household and the neighbour's")
    }

    /// The husband hands the 户 to his wife and registers a household of his own elsewhere (a 户号 of his own, another
    /// address): his ID minted the id of the household he left, which now has another head. His new household gets an
    /// id of its own, and the run succeeds (before: `UNIQUE constraint failed: dwd_household.household_id`).
    func testAFormerHeadsOwnNewHouseholdElsewhereGetsAnIDOfItsOwn() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband),
                                            members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])], to: registry)
        try base.writeCases([], to: cases)
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases))
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try base.households(fixture)["gab#HJ1"])

        let elsewhere = H.household("HJ9", head: ("李勇", H.husband), members: [("李勇", "户主", H.husband)])
            .replacingOccurrences(of: H.flat, with: "贵州省贵阳市白云区艳山红镇沙文村3组15号")
        try base.writeRegistry([H.household("HJ1", head: ("余开元", H.wife), members: [("余开元", "户主", H.wife)]), elsewhere],
                               to: registry)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let night2 = try base.households(fixture)
        XCTAssertEqual(night2["gab#HJ1"], household)
        XCTAssertNotNil(night2["gab#HJ9"])
        XCTAssertNotEqual(night2["gab#HJ9"], household, "his own household at another place")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(night2["gab#HJ9"] ?? "")'") as String?, "李勇")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
    }

    /// The grid, ranked first for the place, gives a village door; the registry, ranked lower, moves the household to a
    /// flat of a compound. The household keeps the grid's whole place (address, region, no compound, building, unit or
    /// room) and gets no history version, until the grid too gives the flat: then all of it, in one version. Before,
    /// the row kept the grid's address and region and took the registry's compound, building, unit and room.
    func testAPlaceComesWholeFromTheSourceThatWinsTheAddress() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        let grid = folder.appendingPathComponent("grid.csv")
        let door = "贵州省贵阳市白云区艳山红镇沙文村3组15号"
        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband), members: [("李勇", "户主", H.husband)])
            .replacingOccurrences(of: H.flat, with: door)], to: registry)
        try base.writeCases([], to: cases)
        try writeGrid([("李勇", H.husband, "13800138001", door)], to: grid)
        let ranks = ["address", "region_code", "compound", "building", "unit", "room"].map { "\n  \($0): [grid, gab]" }.joined()
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases).replacingOccurrences(
            of: "\nsurvivorship:", with: "\n" + gridSource(grid) + "\nsurvivorship:") + ranks)
        XCTAssertEqual(try fixture.run().status, 0)
        let household = try XCTUnwrap(try base.households(fixture)["gab#HJ1"])
        let place = "SELECT address, region_code, compound_id, building, unit, room FROM dwd_household WHERE household_id = '\(household)'"
        func placeNow() throws -> [String: String] {
            let row = try XCTUnwrap(fixture.rows(place).first)
            var values: [String: String] = [:]
            for column in row.columnNames { values[column] = row[column] as String? ?? "-" }
            return values
        }
        let before = try placeNow()
        XCTAssertEqual(before["compound_id"], "-")

        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband), members: [("李勇", "户主", H.husband)])], to: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        let night2 = try placeNow()
        XCTAssertEqual(night2, before, "the grid's village door, all of it, until the grid says otherwise")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE household_id = '\(household)'") as Int?, 1,
                       "no version without a move")

        try writeGrid([("李勇", H.husband, "13800138001", H.flat)], to: grid)
        XCTAssertEqual(try fixture.run().status, 0)
        let night3 = try placeNow()
        XCTAssertEqual(night3["address"], H.flat)
        XCTAssertNotEqual(night3["compound_id"], "-")
        XCTAssertEqual(night3["building"], "3")
        XCTAssertEqual(night3["room"], "101")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE household_id = '\(household)'") as Int?, 2,
                       "one version for the move")
    }
}
