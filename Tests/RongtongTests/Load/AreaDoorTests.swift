import Foundation
import GRDB
import XCTest

/// Trial 16-d: a 棚户区 relocation in 遵义市红花岗区. The census names the shantytown or 片区 in its 所属小区 column and
/// the house's own door in its 家庭住址 (`新华村六组21号`, `红花岗区老城街道水井巷59号`); the registry and 民政 write the
/// door without the area (`红花岗区舟水桥街道新华村六组21号`).
final class AreaDoorTests: XCTestCase {
    static func id(_ n: Int) -> String { NightsTests.id("52030219800107" + String(format: "%03d", n)) }

    /// A housing feed placing both areas at their townships, a keyless census without IDs, and a registry with IDs
    /// that writes each door without its area, loaded in the given order.
    private func fixture(registryFirst: Bool) throws -> PipelineFixture {
        let folder = try TestPaths.temporaryFolder()
        let housing = folder.appendingPathComponent("zhujian.csv"), census = folder.appendingPathComponent("census.csv")
        let registry = folder.appendingPathComponent("gab.ndjson")
        try """
            项目编号,小区名称,区县,街道,类型
            ZY-HHG-PG-1,杨柳巷片区,红花岗区,老城街道,棚户区
            ZY-HHG-PG-1,丁字口棚户区,红花岗区,舟水桥街道,棚户区

            """.write(to: housing, atomically: true, encoding: .utf8)
        try """
            序号,户主姓名,身份证号,家庭住址,所属小区
            1,测郝娜秀,,新华村六组21号,丁字口棚户区
            2,测钱杰,,红花岗区老城街道水井巷59号,杨柳巷片区
            3,测孟斌,,遵义市红花岗区舟水桥街道新华村二组40号,丁字口棚户区
            4,测林磊,,红花岗区老城街道石板巷59号,杨柳巷片区

            """.write(to: census, atomically: true, encoding: .utf8)
        try [#"{"户号":"H1","姓名":"测郝娜秀","身份证号":"\#(Self.id(1))","住址":"红花岗区舟水桥街道新华村六组21号"}"#,
             #"{"户号":"H2","姓名":"测钱杰","身份证号":"\#(Self.id(2))","住址":"红花岗区老城街道水井巷59号"}"#,
             #"{"户号":"H3","姓名":"测孟斌","身份证号":"\#(Self.id(3))","住址":"红花岗区舟水桥街道新华村二组40号"}"#]
            .joined(separator: "\n").appending("\n").write(to: registry, atomically: true, encoding: .utf8)
        let context = "context: {prefecture: 遵义市, county: 红花岗区}"
        let sources = [
            PipelineRunTests.source("zhujian", housing, format: "csv", entity: "compound", owner: "遵义市住房和城乡建设局",
                                    kind: "department", extra: [
                "context: {prefecture: 遵义市}",
                "fields: {project_id: 项目编号, name: 小区名称, county: 区县, township: 街道, area_type: 类型}"]),
            PipelineRunTests.source("census", census, format: "csv", owner: "遵义市红花岗区", extra: [
                context, "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址, compound: 所属小区}"]),
            PipelineRunTests.source("gab", registry, format: "ndjson", owner: "遵义市公安局", kind: "department", extra: [
                "record_key: 户号", context, "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"]),
        ]
        return try PipelineFixture(sources: (registryFirst ? [sources[0], sources[2], sources[1]] : sources)
            .joined(separator: "\n"))
    }

    /// The house's door follows the area's name in the stored address (the registry's door is the door of the one
    /// house), and two lanes' 59号 stay two houses. Before, every household of an area had the address of the area
    /// alone (`…舟水桥街道丁字口棚户区`).
    func testAnAreaColumnKeepsTheDoorTheAddressWrites() throws {
        let fixture = try fixture(registryFirst: false)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try fixture.rows("""
            SELECT c.name, h.building, h.unit, h.room, h.address FROM dwd_household h JOIN dim_compound c USING (compound_id)
            ORDER BY h.address
            """)
        XCTAssertEqual(rows.map { $0[4] as String }, [
            "贵州省遵义市红花岗区老城街道杨柳巷片区水井巷59号", "贵州省遵义市红花岗区老城街道杨柳巷片区石板巷59号",
            "贵州省遵义市红花岗区舟水桥街道丁字口棚户区新华村2组40号", "贵州省遵义市红花岗区舟水桥街道丁字口棚户区新华村6组21号"])
        XCTAssertEqual(rows.map { $0[0] as String }, ["杨柳巷片区", "杨柳巷片区", "丁字口棚户区", "丁字口棚户区"])
        XCTAssertTrue(rows.allSatisfy { ($0[1] as String?) == nil && ($0[2] as String?) == nil && ($0[3] as String?) == nil })
    }

    /// A census row without an ID and the registry's record of the same head at the same door, written without
    /// the area, are one household (`address+name`), whichever loads first; the registry's address without the area
    /// does not replace the census's. Before, they were two households, both `new`.
    func testTheDoorWithAndWithoutTheAreaLinksByName() throws {
        for registryFirst in [false, true] {
            let fixture = try fixture(registryFirst: registryFirst)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            var linked: [String: String] = [:]
            var rules: [String: String] = [:]
            for row in try fixture.rows("SELECT source_id, record_key, household_id, match_rule FROM household_source") {
                linked["\(row[0] as String)#\(row[1] as String)"] = row[2]
                rules["\(row[0] as String)#\(row[1] as String)"] = row[3]
            }
            for (census, registry) in [("1", "H1"), ("2", "H2"), ("3", "H3")] {
                let censusID = linked.first { $0.key.hasPrefix("census#") && $0.key.hasSuffix("#\(census)") || $0.key == "census#\(census)" }?.value
                XCTAssertNotNil(censusID, "census \(census) (registry first: \(registryFirst))")
                XCTAssertEqual(censusID, linked["gab#\(registry)"], "census \(census) and \(registry) (registry first: \(registryFirst))")
            }
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 4, "registry first: \(registryFirst)")
            XCTAssertEqual(rules.values.filter { $0 == "address+name" }.count, 3, "\(rules) (registry first: \(registryFirst))")
            XCTAssertEqual(try fixture.query("""
                SELECT h.address FROM dwd_household h WHERE h.head_name = '测郝娜秀'
                """) as String?, "贵州省遵义市红花岗区舟水桥街道丁字口棚户区新华村6组21号", "registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("""
                SELECT c.name FROM dwd_household h JOIN dim_compound c USING (compound_id) WHERE h.head_name = '测钱杰'
                """) as String?, "杨柳巷片区", "registry first: \(registryFirst)")
        }
    }

    /// More reject lines than `run` prints, all warnings: the line after them says `more warnings`, as the
    /// summary counts them (`0 rejected`), and an unresolved village's warning names the level the record is placed at
    /// (舟水桥街道), not the village, with one pair of brackets on the reject line. Before, `… 5 more rejects` and
    /// `at the level that resolved (新华村)`, then `(舟水桥街道) (新华村)`.
    func testMoreWarningsAreCalledWarningsAndTheResolvedLevelIsNamed() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        try (["序号,户主姓名,身份证号,家庭住址"] + (1...25).map { "\($0),测王\($0),\(Self.id($0)),红花岗区舟水桥街道新华村一组\($0)号" })
            .joined(separator: "\n").appending("\n").write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv", extra: [
            "context: {prefecture: 遵义市, county: 红花岗区}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("… 5 more warnings of census in etl_reject"), result.stderr)
        XCTAssertFalse(result.stderr.contains("more rejects"), result.stderr)
        XCTAssertTrue(result.stderr.contains("0 rejected, 25 warnings"), result.stderr)
        let message = try XCTUnwrap(try fixture.query("SELECT message FROM etl_reject LIMIT 1") as String?)
        XCTAssertTrue(message.hasSuffix("the record is placed at 舟水桥街道, the level that resolved"), message)
    }
}
