import Foundation
import GRDB
import XCTest

/// Two households of one family merged (a census row whose ID is corrected the night after, and the registry's 户 of
/// that ID): the merged household holds one record's whole place, whichever id survives (trial 20h, repro-1).
final class MergedPlaceTests: XCTestCase {
    static let head = "测甲某"
    static let censusPlace = "测金桂花园|1-1-101|测金桂花园1栋1单元101室"
    static let registryPlace = "测长青小区|2-2-202|测长青小区2栋2单元202室"

    /// The census (a grid's dwelling) and the registry (its 户籍 address), both with `when_missing: skip` so that a
    /// night can lack one; `ranking` is the `survivorship:` list for `address`, if any.
    func fixture(_ folder: URL, ranking: [String]?) throws -> PipelineFixture {
        try PipelineFixture(sources: [
            PipelineRunTests.source("census", folder.appendingPathComponent("census.csv"), format: "csv", extra: [
                "record_key: 户编号", "context: {prefecture: 贵阳市}", "when_missing: skip"]),
            PipelineRunTests.source("registry", folder.appendingPathComponent("registry.csv"), format: "csv",
                                    owner: "贵阳市公安局", kind: "department", extra: [
                "record_key: 户号", "context: {prefecture: 贵阳市}", "when_missing: skip",
                "fields: {head_name: 户主姓名, head_id: 身份证号, address: 住址}"]),
        ].joined(separator: "\n") + (ranking.map { "\nsurvivorship:\n  address: [\($0.joined(separator: ", "))]" } ?? ""))
    }

    /// The census row of 测甲某 at 测金桂花园1栋1单元101室 (with a wrong check character unless `corrected`), and a
    /// neighbour's row so that the file is a census.
    func writeCensus(_ folder: URL, corrected: Bool) throws {
        try """
            户编号,户主姓名,身份证号,联系电话,家庭住址,家庭人口
            GY-1,\(Self.head),52010219700101001\(corrected ? "9" : "0"),13800001111,南明区河滨街道测金桂花园1栋1单元101室,2
            GY-2,测乙某,520102198002020029,13800002222,南明区河滨街道测金桂花园1栋1单元102室,3

            """.write(to: folder.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
    }

    /// The registry's 户 of 测甲某, with the valid ID and the 户籍 address 测长青小区2栋2单元202室.
    func writeRegistry(_ folder: URL) throws {
        try """
            户号,户主姓名,身份证号,住址
            NM-1,\(Self.head),520102197001010019,贵州省贵阳市南明区河滨街道测长青小区2栋2单元202室

            """.write(to: folder.appendingPathComponent("registry.csv"), atomically: true, encoding: .utf8)
    }

    /// The household of 测甲某: compound, building-unit-room, and its address from the compound on.
    func place(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT c.name, h.building, h.unit, h.room, h.address
            FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id) WHERE h.head_name = '\(Self.head)'
            """).map { row in
            let compound = row[0] as String? ?? "-", address = row[4] as String? ?? "-"
            let tail = address.range(of: compound).map { String(address[$0.lowerBound...]) } ?? address
            return "\(compound)|\(row[1] as String? ?? "-")-\(row[2] as String? ?? "-")-\(row[3] as String? ?? "-")|\(tail)"
        }
    }

    /// The sources of the household's place columns (distinct), and those that kept the place columns' conflicts.
    func placeSources(_ fixture: PipelineFixture) throws -> (owners: [String], kept: [String]) {
        let owners = try fixture.rows("""
            SELECT DISTINCT source_id FROM dwd_household_field_source
            WHERE household_id = (SELECT household_id FROM dwd_household WHERE head_name = '\(Self.head)')
              AND column_name IN ('address', 'region_code', 'compound_id', 'building', 'unit', 'room') ORDER BY 1
            """).map { $0[0] as String }
        let kept = try fixture.rows("""
            SELECT DISTINCT kept_source FROM dwd_household_conflict
            WHERE column_name IN ('address', 'region_code', 'compound_id', 'building', 'unit', 'room') ORDER BY 1
            """).map { $0[0] as String }
        return (owners, kept)
    }

    /// Runs three nights: the older household's source alone, then both (two households: the census row has no valid
    /// ID), then the census with the corrected ID (the two merge). `registryFirst`: the registry's household is the
    /// older one, whose id survives; else the census's.
    func runNights(ranking: [String]?, registryFirst: Bool) throws -> PipelineFixture {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try fixture(folder, ranking: ranking)
        if registryFirst { try writeRegistry(folder) } else { try writeCensus(folder, corrected: false) }
        XCTAssertEqual(try fixture.run().status, 0)
        if registryFirst { try writeCensus(folder, corrected: false) } else { try writeRegistry(folder) }
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE head_name = '\(Self.head)'") as Int?, 2)
        try writeCensus(folder, corrected: true)
        let night3 = try fixture.run()
        XCTAssertEqual(night3.status, 0, night3.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 1)
        return fixture
    }

    /// Trial 20h, defect 1 (repro-1): `survivorship: address: [census, registry]`. When the registry's household
    /// survived the merge, it took the census's address but kept its own compound, building, unit, room and region
    /// (测金桂花园1栋1单元101室 in 测长青小区 2-2-202), its provenance and conflicts split between the two sources, and the
    /// compound summary counted it in 测长青小区. Now the census's whole place stands whichever id survives, and so
    /// does the registry's when it is ranked first.
    func testAMergeKeepsOneRecordsWholePlaceWhicheverIDSurvives() throws {
        for (ranking, winner, expected) in [(["census", "registry"], "census", Self.censusPlace),
                                            (["registry", "census"], "registry", Self.registryPlace)] {
            for registryFirst in [true, false] {
                let label = "\(ranking) registryFirst=\(registryFirst)"
                let fixture = try runNights(ranking: ranking, registryFirst: registryFirst)
                XCTAssertEqual(try place(fixture), [expected], label)
                let sources = try placeSources(fixture)
                XCTAssertEqual(sources.owners, [winner], label)
                XCTAssertEqual(sources.kept, [winner], label)
                let compound = winner == "census" ? "测金桂花园" : "测长青小区"
                XCTAssertEqual(try fixture.rows("SELECT name, households FROM dws_compound_summary WHERE households > 0 ORDER BY name")
                    .map { "\($0[0] as String):\($0[1] as Int)" },
                               winner == "census" ? ["\(compound):2"] : ["测金桂花园:1", "\(compound):1"], label)
            }
        }
    }

    /// Without `survivorship:` the place set in the later run stands, whole, whichever id survives (as before).
    func testWithoutARankingTheMergedPlaceIsStillOneRecords() throws {
        for registryFirst in [true, false] {
            let fixture = try runNights(ranking: nil, registryFirst: registryFirst)
            let place = try place(fixture)
            XCTAssertEqual(place, [registryFirst ? Self.censusPlace : Self.registryPlace], "registryFirst=\(registryFirst)")
            XCTAssertEqual(try placeSources(fixture).owners.count, 1, "registryFirst=\(registryFirst)")
        }
    }
}
