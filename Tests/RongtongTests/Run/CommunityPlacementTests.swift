import Foundation
import GRDB
import XCTest

/// Households placed at their community: by a 所属社区 column beside an address that names only the compound, and by
/// one source's finer region under another's coarser one (trial 17c, an Excel census of 碧江区 and a 公安 registry),
/// through the real binary into a real SQLite warehouse.
final class CommunityPlacementTests: XCTestCase {
    /// 北门社区 (520602002001) under 环北街道 of 铜仁市碧江区.
    static let beimen = "520602002001"

    /// A grid census's 所属社区 column places a compound's flat at its community, written with or without 居委会,
    /// whether the address names the township or only the compound, as the address that begins with the community
    /// does; the stored address names the community then too.
    func testCommunityColumnPlacesACompoundsFlatAtTheCommunity() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("g.csv")
        try """
            序号,户号,姓名,与户主关系,身份证号,所属社区,现住址
            1,A1,测甲,户主,520602198504138358,北门社区,环北街道测北门花园小区3栋2单元501室
            2,A2,测乙,户主,520602198306190534,北门社区居委会,测金滩小区5栋2单元204室
            3,A3,测丙,户主,520602198510177038,,环北街道北门社区测金滩小区5栋2单元301室

            """.write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("g", grid, format: "csv", owner: "铜仁市", extra: [
            "record_key: 户号", "context: {prefecture: 铜仁市, county: 碧江区}",
            "fields: {head_name: 姓名, head_id: 身份证号, community: 所属社区, address: 现住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let beimen = "贵州省铜仁市碧江区环北街道北门社区"
        XCTAssertEqual(try fixture.rows("SELECT head_name, region_code, address FROM dwd_household ORDER BY head_name")
            .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [
            "测丙|\(Self.beimen)|\(beimen)测金滩小区5栋2单元301室",
            "测乙|\(Self.beimen)|\(beimen)测金滩小区5栋2单元204室",
            "测甲|\(Self.beimen)|\(beimen)测北门花园小区3栋2单元501室",
        ])
    }

    /// The grid names the flat under its county (the context), the registry the same flat under its community:
    /// whichever loads first, and whether or not the grid is ranked for the address or the region, the household
    /// holds the community, its address names it, and no conflict row is written for the region.
    func testARegionWithinTheOtherSourcesIsNoConflictInEitherOrder() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        try """
            户号,户主姓名,身份证号,现住址
            A1,测孔平娜,520602194101181492,测北门花园小区3栋2单元202室

            """.write(to: grid, atomically: true, encoding: .utf8)
        try """
            户号,户主姓名,身份证号,户籍地址
            G1,测孔平娜,520602194101181492,贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室

            """.write(to: registry, atomically: true, encoding: .utf8)
        let gridSource = PipelineRunTests.source("grid", grid, format: "csv", owner: "铜仁市", extra: [
            "record_key: 户号", "context: {prefecture: 铜仁市, county: 碧江区}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 现住址}"])
        let registrySource = PipelineRunTests.source("reg", registry, format: "csv", owner: "贵州省公安厅", kind: "department",
            extra: ["record_key: 户号", "fields: {head_name: 户主姓名, head_id: 身份证号, address: 户籍地址}"])
        let address = "贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室"
        for (sources, ranks) in [
            ([gridSource, registrySource], ""),
            ([registrySource, gridSource], ""),
            ([gridSource, registrySource], "\nsurvivorship:\n  address: [grid, reg]"),
            ([registrySource, gridSource], "\nsurvivorship:\n  address: [grid, reg]"),
            ([gridSource, registrySource], "\nsurvivorship:\n  address: [reg, grid]"),
        ] {
            let order = (sources[0] == gridSource ? "grid first" : "registry first") + ranks
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + ranks)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT region_code, address FROM dwd_household")
                .map { "\($0[0] as String)|\($0[1] as String)" }, ["\(Self.beimen)|\(address)"], order)
            XCTAssertEqual(try fixture.rows("SELECT column_name, kept_source, offered_source FROM dwd_household_conflict")
                .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [], order)
        }
    }

    /// Over two nights: the registry's community after the grid's county (finer after coarser), and the grid's
    /// county again after the registry's community (coarser after finer), with the grid ranked for the address:
    /// no conflict row either night, and the household stays at the community.
    func testARegionWithinTheStoredOneIsNoConflictAcrossNights() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("reg.csv")
        try """
            户号,户主姓名,身份证号,现住址
            A1,测孔平娜,520602194101181492,测北门花园小区3栋2单元202室

            """.write(to: grid, atomically: true, encoding: .utf8)
        try "户号,户主姓名,身份证号,户籍地址\n".write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", owner: "铜仁市", extra: [
                "record_key: 户号", "context: {prefecture: 铜仁市, county: 碧江区}",
                "fields: {head_name: 户主姓名, head_id: 身份证号, address: 现住址}"]),
            PipelineRunTests.source("reg", registry, format: "csv", owner: "贵州省公安厅", kind: "department",
                extra: ["record_key: 户号", "fields: {head_name: 户主姓名, head_id: 身份证号, address: 户籍地址}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  address: [grid, reg]")
        XCTAssertEqual(try fixture.run().status, 0)
        try """
            户号,户主姓名,身份证号,户籍地址
            G1,测孔平娜,520602194101181492,贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室

            """.write(to: registry, atomically: true, encoding: .utf8)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        try """
            户号,户主姓名,身份证号,现住址
            A1,测孔平娜,520602194101181492,测北门花园小区3栋2单元202室
            A2,测龙兴,520602195001011234,测金滩小区1栋1单元101室

            """.write(to: grid, atomically: true, encoding: .utf8)
        let third = try fixture.run()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try fixture.rows("SELECT region_code, address FROM dwd_household WHERE head_name = '测孔平娜'")
            .map { "\($0[0] as String)|\($0[1] as String)" },
            ["\(Self.beimen)|贵州省铜仁市碧江区环北街道北门社区测北门花园小区3栋2单元202室"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict") as Int?, 0)
    }
}
