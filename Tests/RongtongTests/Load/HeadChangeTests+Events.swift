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

    static let mother = NightsTests.id("52010219510511906"), otherSon = NightsTests.id("52010219780303707")
    static let door = "贵州省贵阳市白云区艳山红镇沙文村3组15号"

    /// 合户: night 1 the registry lists the mother 郑萍梅 as head of her own 户 at a village door, and her son 马宇志's
    /// 户 at the flat. Night 2 her 户号 is gone, and her son's 户 lists her as 母亲 with her ID: her household is merged
    /// into his (one household under his id, an alias with rule `head_listed_as_member`, his head, name and place), and the run's
    /// summary line and `etl_run.message` say so. Before, her household stayed current (two households, no alias).
    func testAHouseholdWhoseHeadJoinsAnotherHouseholdIsMergedIntoIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        let hers = H.household("HJ2", head: ("郑萍梅", Self.mother), members: [("郑萍梅", "户主", Self.mother)])
            .replacingOccurrences(of: H.flat, with: Self.door)
        try base.writeRegistry([H.household("HJ1", head: ("马宇志", H.son), members: [("马宇志", "户主", H.son)]), hers],
                               to: registry)
        try base.writeCases([("MZ2", "郑萍梅", Self.mother)], to: cases)
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try base.households(fixture)
        XCTAssertNotEqual(night1["gab#HJ1"], night1["gab#HJ2"])

        try base.writeRegistry([H.household("HJ1", head: ("马宇志", H.son),
                                            members: [("马宇志", "户主", H.son), ("郑萍梅", "母亲", Self.mother)])], to: registry)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let night2 = try base.households(fixture)
        XCTAssertEqual(night2["gab#HJ1"], night2["gab#HJ2"], "her 户's record is now in her son's household")
        XCTAssertEqual(night2["mz#MZ2"], night2["gab#HJ1"], "and so is 民政's case of her")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        let household = try XCTUnwrap(night2["gab#HJ1"])
        XCTAssertEqual(household, night1["gab#HJ1"], "both first seen on night 1: the listing household's id survives")
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "马宇志")
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household") as String?, H.flat)
        XCTAssertEqual(try fixture.query("SELECT rule FROM household_alias WHERE household_id = '\(household)'") as String?,
                       "head_listed_as_member")
        XCTAssertTrue(result.stderr.contains("gab: 1 read, 1 loaded, 0 rejected, 0 warnings, 1 household(s) merged into another"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_run WHERE run_id = 2") as String?, "gab: 1 household(s) merged into another")
    }

    /// A mother listed as a member in both her sons' 户 of one delivery, whose own 户 is gone: no merge of anything
    /// (the two sons' households are two; hers stays as it was).
    func testAHeadListedInTwoHouseholdsMergesNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        let hers = H.household("HJ2", head: ("郑萍梅", Self.mother), members: [("郑萍梅", "户主", Self.mother)])
            .replacingOccurrences(of: H.flat, with: Self.door)
        let other = "贵州省贵阳市白云区大山洞街道东升小区5栋1单元302室"
        try base.writeRegistry([H.household("HJ1", head: ("马宇志", H.son), members: [("马宇志", "户主", H.son)]), hers,
                                H.household("HJ3", head: ("马宇明", Self.otherSon), members: [("马宇明", "户主", Self.otherSon)])
                                    .replacingOccurrences(of: H.flat, with: other)], to: registry)
        try base.writeCases([], to: cases)
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases))
        XCTAssertEqual(try fixture.run().status, 0)

        try base.writeRegistry([H.household("HJ1", head: ("马宇志", H.son),
                                            members: [("马宇志", "户主", H.son), ("郑萍梅", "母亲", Self.mother)]),
                                H.household("HJ3", head: ("马宇明", Self.otherSon),
                                            members: [("马宇明", "户主", Self.otherSon), ("郑萍梅", "母亲", Self.mother)])
                                    .replacingOccurrences(of: H.flat, with: other)], to: registry)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 0)
    }

    /// A catch-up run loads two nights' registry files at once, and the head changed between them (the husband died;
    /// the wife, a listed member, is head under the same 户号): one household with her as head, no `record_key_shared`
    /// warning, and the summary counts the new head. Before, the later file's record got a household of its own and a
    /// warning advising to drop the 户号 key.
    func testACatchUpRunOverAHeadChangeKeepsOneHouseholdWithoutAKeyWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let cases = folder.appendingPathComponent("dibao.ndjson")
        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband),
                                            members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])],
                               to: folder.appendingPathComponent("huji-20240301.xml"))
        try base.writeRegistry([H.household("HJ1", head: ("余开元", H.wife), members: [("余开元", "户主", H.wife)])],
                               to: folder.appendingPathComponent("huji-20240302.xml"))
        try base.writeCases([], to: cases)
        let fixture = try PipelineFixture(sources: base.sources(registry: folder.appendingPathComponent("huji-*.xml"), cases: cases))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "余开元")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'record_key_shared'") as Int?, 0)
        XCTAssertTrue(result.stderr.contains("gab: 2 read, 2 loaded, 0 rejected, 0 warnings, 1 new head(s)"), result.stderr)
    }

    /// The first night on a fresh warehouse: 民政 (loaded first) names the wife as head with her ID, the registry
    /// (ranked for the head) the husband, listing her as 妻. The registry's record replaces her as head, but that is
    /// two feeds naming different heads of one family the same night, not a life event: no `new head(s)` on the
    /// summary line or in `etl_run.message` (trial 15-a: `gab-registry: … 7 new head(s)` on night 1). Night 2 the
    /// registry names the wife as head (the husband died): that replaces the head night 1 left, `1 new head(s)`.
    func testFeedsNamingDifferentHeadsOnTheFirstNightAreNoNewHead() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("huji.xml"), cases = folder.appendingPathComponent("dibao.ndjson")
        try base.writeRegistry([H.household("HJ1", head: ("李勇", H.husband),
                                            members: [("李勇", "户主", H.husband), ("余开元", "妻", H.wife)])], to: registry)
        try base.writeCases([("M1", "余开元", H.wife)], to: cases)
        let fixture = try PipelineFixture(sources: base.sources(registry: registry, cases: cases, casesFirst: true))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        let household = try XCTUnwrap(try base.households(fixture)["gab#HJ1"])
        XCTAssertEqual(try base.households(fixture)["mz#M1"], household)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "李勇")
        XCTAssertFalse(first.stderr.contains("new head"), first.stderr)
        let firstMessage: String? = try fixture.query("SELECT message FROM etl_run ORDER BY run_id DESC LIMIT 1")
        XCTAssertFalse(firstMessage?.contains("new head") ?? false, firstMessage ?? "")

        try base.writeRegistry([H.household("HJ1", head: ("余开元", H.wife), members: [("余开元", "户主", H.wife)])], to: registry)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household WHERE household_id = '\(household)'") as String?, "余开元")
        XCTAssertTrue(second.stderr.contains("gab: 1 read, 1 loaded, 0 rejected, 0 warnings, 1 new head(s)"), second.stderr)
        let secondMessage: String? = try fixture.query("SELECT message FROM etl_run ORDER BY run_id DESC LIMIT 1")
        XCTAssertTrue(secondMessage?.contains("gab: 1 new head(s)") ?? false, secondMessage ?? "")
    }
}
