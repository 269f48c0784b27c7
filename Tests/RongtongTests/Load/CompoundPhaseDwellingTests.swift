import Foundation
import XCTest

/// Trial 19c (repro-1): the phases of one estate (测和盛佳园一期, 测和盛佳园二期) are one compound, but each has its
/// own 3栋2单元501室, so a flat of 一期 is never a flat of 二期.
extension NightsTests {
    func testTheSameFlatInTwoPhasesOfOneCompoundIsTwoDwellings() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        let housing = folder.appendingPathComponent("housing.csv")
        try write(["G1,测王明华,,,云岩区茶园路街道测和盛佳园一期3栋2单元501室",
                   "G2,测李建国,,,云岩区茶园路街道测和盛佳园二期3栋2单元501室"], to: grid)
        try write(["P1,测王明华,,,贵州省贵阳市云岩区茶园路街道测和盛佳园二期3栋2单元501室",
                   "P2,测李建国,,,贵州省贵阳市云岩区茶园路街道测和盛佳园（二期）3栋2单元501室"], to: police)
        try """
            项目编号,区县,街道,小区名称,类型,进度
            YY-001,云岩区,茶园路街道,测和盛佳园（一期）,老旧小区,30%
            YY-002,云岩区,茶园路街道,测和盛佳园二期,老旧小区,10%

            """.write(to: housing, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source("grid", grid) + "\n" + source("police", police) + "\n"
            + PipelineRunTests.source("housing", housing, format: "csv", entity: "compound", owner: "住建局",
                                      kind: "department", extra: [
                "context: {prefecture: 贵阳市}",
                "fields: {project_id: 项目编号, county: 区县, township: 街道, name: 小区名称, area_type: 类型, progress: 进度}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT group_concat(name) FROM dim_compound") as String?, "测和盛佳园")
        let households = try fixture.rows("""
            SELECT group_concat(s.source_id || '#' || s.record_key, ' ') AS records, h.building, h.address
            FROM household_source s JOIN dwd_household h USING (household_id)
            GROUP BY household_id ORDER BY h.address, records
            """).map { "\($0["records"] as String) \($0["building"] as String) \($0["address"] as String)" }
        // The police's 测王明华 of 二期 is not 一期's household; 一期's household keeps its own address.
        XCTAssertEqual(households, [
            "grid#G1 1期3 贵州省贵阳市云岩区茶园路街道测和盛佳园一期3栋2单元501室",
            "grid#G2 police#P2 2期3 贵州省贵阳市云岩区茶园路街道测和盛佳园二期3栋2单元501室",
            "police#P1 2期3 贵州省贵阳市云岩区茶园路街道测和盛佳园二期3栋2单元501室",
        ])
        // The housing list's phases are projects of the one compound the households live in.
        XCTAssertEqual(try fixture.rows("""
            SELECT p.project_id, p.phase FROM dwd_renovation_project p
            JOIN dim_compound c USING (compound_id) ORDER BY p.project_id
            """).map { "\($0[0] as String):\($0[1] as Int)" }, ["YY-001:1", "YY-002:2"])
    }

    /// The 19b recheck: the door of an area of houses written with the renovation's phase by 民政 (`测杉树林片区一期120号`)
    /// and without it by the census (`测杉树林片区120号`) is one door: the phase is kept only with a building number,
    /// so neither record gives the household a building, and the two addresses do not disagree.
    func testAnAreasDoorWithAndWithoutItsPhaseIsOneDwelling() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("census.csv"), civil = folder.appendingPathComponent("mz.csv")
        try "户编号,户主姓名,身份证号,现住址\nA1,测王国华,\(NightsTests.id("52020119500101001")),钟山区荷城街道测杉树林片区120号\n"
            .write(to: grid, atomically: true, encoding: .utf8)
        try "编号,户主姓名,身份证号,家庭住址,救助类型\nMZ1,测王国华,\(NightsTests.id("52020119500101001")),六盘水市钟山区荷城街道测杉树林片区一期120号,城市低保\n"
            .write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv",
                                    extra: ["record_key: 户编号", "context: {prefecture: 六盘水市}", "fields: {address: 现住址}"]),
            PipelineRunTests.source("mz", civil, format: "csv", owner: "民政", kind: "department", extra: ["record_key: 编号"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  address: [grid, mz]")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT coalesce(building, '-'), room FROM dwd_household")
            .map { "\($0[0] as String) \($0[1] as String)" }, ["- 120"])
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household_conflict") as Int?, 0)
    }
}
