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

    /// Trial 21e (D2): a grid sheet that writes the phase in its 楼栋 column (`二期2栋`, `第二期3栋`, `2期4号楼`) gives
    /// the dwelling of an address that writes it after the compound (`丹桂小区二期2栋`): building `2期2`, so the two
    /// records of one flat and one head are one household with both flags. Before, the column gave building `二期2`
    /// and the household was split in two, each with part of its flags.
    func testAPhaseWrittenInTheBuildingColumnIsTheDwellingsPhase() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), survey = folder.appendingPathComponent("survey.csv")
        try """
            序号,户主姓名,联系电话,街道,所属小区,楼栋,单元,房号,是否低保
            1,测张红梅,13985012345,老城街道,测丹桂小区,二期2栋,1,302,是
            2,测李建国,13985012346,老城街道,测丹桂小区,2栋,1,302,否
            3,测王秀英,13985012347,老城街道,测丹桂小区（二期）,5栋,2,501,否
            4,测赵丽,13985012348,老城街道,测丹桂小区,第二期3栋,1,101,是
            5,测钱军,13985012349,老城街道,测丹桂小区,2期4号楼,2,202,是
            6,测孙芳,13985012340,老城街道,测丹桂小区（二期）,二期6栋,1,601,是

            """.write(to: grid, atomically: true, encoding: .utf8)
        try """
            编号,户主,详细地址,有无残疾人
            B1,测张红梅,红花岗区老城街道测丹桂小区二期2栋1单元302室,是
            B2,测李建国,红花岗区老城街道测丹桂小区2栋1单元302室,是
            B3,测王秀英,红花岗区老城街道测丹桂小区二期5栋2单元501室,是
            B4,测赵丽,红花岗区老城街道测丹桂小区二期3栋1单元101室,是
            B5,测钱军,红花岗区老城街道测丹桂小区2期4栋2单元202室,是
            B6,测孙芳,红花岗区老城街道测丹桂小区二期6栋1单元601室,是

            """.write(to: survey, atomically: true, encoding: .utf8)
        let context = "context: {prefecture: 遵义市, county: 红花岗区}"
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", owner: "遵义市",
                                    extra: ["record_key: 序号", context, "fields: {township: 街道}"]),
            PipelineRunTests.source("survey", survey, format: "csv", owner: "遵义市", extra: ["record_key: 编号", context]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, h.building, h.is_low_income, h.has_disabled_member,
                   group_concat(s.source_id || '#' || s.record_key, ' ') AS records
            FROM dwd_household h JOIN household_source s USING (household_id)
            GROUP BY household_id ORDER BY h.building, h.head_name
            """).map { row -> String in
                let flags = [row[2] as Int?, row[3] as Int?].map { $0.map(String.init) ?? "-" }.joined(separator: " ")
                return "\(row[0] as String) \(row[1] as String) \(flags) \(row[4] as String)"
            }, [
            "测李建国 2 0 1 grid#2 survey#B2",
            "测张红梅 2期2 1 1 grid#1 survey#B1",
            "测赵丽 2期3 1 1 grid#4 survey#B4",
            "测钱军 2期4 1 1 grid#5 survey#B5",
            "测王秀英 2期5 0 1 grid#3 survey#B3",
            "测孙芳 2期6 1 1 grid#6 survey#B6",
        ])
        XCTAssertEqual(try fixture.query("SELECT group_concat(DISTINCT name) FROM dim_compound") as String?, "测丹桂小区")
    }
}
