import Foundation
import GRDB
import XCTest

/// Trial 19c: flats at a road's door number without a compound (`瑞金南路61号7栋4单元1101室`). The grid census writes
/// them under its prefecture's context only; the registry with the county and 街道 in front. One flat, one head:
/// one household, whichever feed loads first. So at a road's door without a room (trial recheck, finding 2).
final class RoadFlatTests: XCTestCase {
    /// Trial recheck, finding 2: at a road's door without a room (`云岩区中华北路123号`, the annex `中华南路15号附3号`),
    /// placed at a county, the door rule asked for a township, and the flat rule for a room: the grid's head and the
    /// registry's (with an ID) of one name stayed two households. They link now, as at a flat: the same name only.
    func testAFlatAtARoadDoorLinksAcrossTheLevelsItsSourcesWrite() throws {
        let id = { (n: Int) in NightsTests.id("52010319571120" + String(format: "%03d", n)) }
        for registryFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("police.csv")
            try """
                户编号,户主姓名,家庭住址
                G1,测徐娟丽,瑞金南路61号7栋4单元1101室
                G2,测许磊志,瑞金南路61号7栋4单元1102室
                G3,测王小明,瑞金南路63号7栋4单元1101室
                G4,测赵四,延安西路66号3栋2单元501
                G5,测吴一,云岩区中华北路123号
                G6,测杨八,南明区中华南路15号附3号2楼
                G7,测吴七,云岩区中华北路127号

                """.write(to: grid, atomically: true, encoding: .utf8)
            try """
                户号,户主姓名,身份证号,家庭住址
                P1,测徐娟丽,,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室
                P2,测许磊,,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1102室
                P3,测王小明,,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室
                P4,测赵四,,贵州省遵义市红花岗区老城街道延安西路66号3栋2单元501室
                P5,测吴一,\(id(261)),贵州省贵阳市云岩区中华北路123号
                P6,测杨八,\(id(262)),贵州省贵阳市南明区遵义路街道中华南路15号附3号
                P7,测吴启,\(id(263)),贵州省贵阳市云岩区中华北路127号

                """.write(to: registry, atomically: true, encoding: .utf8)
            let gridSource = PipelineRunTests.source("grid", grid, format: "csv",
                                                     extra: ["record_key: 户编号", "context: {prefecture: 贵阳市}"])
            let registrySource = PipelineRunTests.source("police", registry, format: "csv", owner: "省公安厅",
                                                         kind: "department", extra: ["record_key: 户号"])
            let fixture = try PipelineFixture(sources: (registryFirst ? [registrySource, gridSource] : [gridSource, registrySource])
                .joined(separator: "\n"))
            let run = try fixture.run()
            XCTAssertEqual(run.status, 0, run.stderr)
            let linked = try fixture.rows("""
                SELECT a.record_key || '=' || b.record_key FROM household_source a JOIN household_source b USING (household_id)
                WHERE a.source_id = 'grid' AND b.source_id = 'police' ORDER BY 1
                """).map { $0[0] as String }
            // G1 and P1: one flat, one name. G2/P2: the names differ (a road door links by the same name only);
            // G3/P3: another door number; G4/P4: 贵阳市 does not contain 遵义市. G5/P5: one road door, one name, at
            // 云岩区 both; G6/P6: an annex door (its 2楼 no room), 南明区 containing 遵义路街道; G7/P7: a name one character off.
            XCTAssertEqual(linked, ["G1=P1", "G5=P5", "G6=P6"], "registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("""
                SELECT h.address FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = 'G1'
                """) as String?, "贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室", "registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("""
                SELECT match_rule FROM household_source WHERE record_key = \(registryFirst ? "'G1'" : "'P1'")
                """) as String?, "address+name")
        }
    }

    /// Trial flats, repros 1 and 2: at a road door's flat the address+name rule skipped the checks it makes at a
    /// compound's flat. Namesakes with two different valid IDs (测陈秀英 …2573 in the census, …2581 in the registry)
    /// became one household, the census's ID left a member; and a father (with his ID) and his son of one name (no ID,
    /// his own phone), two rows of one census, became one, the son's phone replacing the father's. Each is now its own
    /// household, as in a compound; the same name without an ID still links (G1 = P1 above). So at a road's door
    /// without a room: 测孙国 of two valid IDs at 中华北路129号 are two households.
    func testAFlatAtARoadDoorJoinsNoOtherValidIDNorARowItsOwnFileListsApart() throws {
        let id = { (n: Int) in NightsTests.id("52010319571120" + String(format: "%03d", n)) }
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("police.csv")
        try """
            户编号,户主姓名,身份证号,联系电话,家庭住址
            G1,测陈秀英,\(id(257)),13900001383,云岩区中华北路123号3单元501
            G2,测刘德明,\(id(255)),13900435545,云岩区中华北路125号3单元501
            G3,测刘德明,,13900443464,云岩区中华北路125号3单元501
            G4,测孙国,\(id(259)),,云岩区中华北路129号

            """.write(to: grid, atomically: true, encoding: .utf8)
        try """
            户号,户主姓名,身份证号,家庭住址
            P1,测陈秀英,\(id(258)),贵州省贵阳市云岩区威清门街道中华北路123号3单元501室
            P2,测孙国,\(id(260)),贵州省贵阳市云岩区威清门街道中华北路129号

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", extra: ["record_key: 户编号", "context: {prefecture: 贵阳市}"]),
            PipelineRunTests.source("police", registry, format: "csv", owner: "省公安厅", kind: "department",
                                    extra: ["record_key: 户号"]),
        ].joined(separator: "\n"))
        let run = try fixture.run()
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT household_id) FROM household_source") as Int?, 6)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, h.phone_masked FROM household_source s JOIN dwd_household h USING (household_id)
            WHERE s.record_key IN ('G2', 'G3') ORDER BY 1
            """).map { "\($0[0] as String) \($0[1] as String)" }, ["G2 139****5545", "G3 139****3464"])
    }
}
