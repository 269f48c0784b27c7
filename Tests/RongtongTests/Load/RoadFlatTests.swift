import Foundation
import GRDB
import XCTest

/// Trial 19c: flats at a road's door number without a compound (`瑞金南路61号7栋4单元1101室`). The grid census writes
/// them under its prefecture's context only; the registry with the county and 街道 in front. One flat, one head:
/// one household, whichever feed loads first.
final class RoadFlatTests: XCTestCase {
    func testAFlatAtARoadDoorLinksAcrossTheLevelsItsSourcesWrite() throws {
        for registryFirst in [false, true] {
            let folder = try TestPaths.temporaryFolder()
            let grid = folder.appendingPathComponent("grid.csv"), registry = folder.appendingPathComponent("police.csv")
            try """
                户编号,户主姓名,家庭住址
                G1,测徐娟丽,瑞金南路61号7栋4单元1101室
                G2,测许磊志,瑞金南路61号7栋4单元1102室
                G3,测王小明,瑞金南路63号7栋4单元1101室
                G4,测赵四,延安西路66号3栋2单元501

                """.write(to: grid, atomically: true, encoding: .utf8)
            try """
                户号,户主姓名,家庭住址
                P1,测徐娟丽,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室
                P2,测许磊,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1102室
                P3,测王小明,贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室
                P4,测赵四,贵州省遵义市红花岗区老城街道延安西路66号3栋2单元501室

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
            // G3/P3: another door number; G4/P4: 贵阳市 does not contain 遵义市.
            XCTAssertEqual(linked, ["G1=P1"], "registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("""
                SELECT h.address FROM dwd_household h JOIN household_source s USING (household_id) WHERE s.record_key = 'G1'
                """) as String?, "贵州省贵阳市云岩区盐务街街道瑞金南路61号7栋4单元1101室", "registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("""
                SELECT match_rule FROM household_source WHERE record_key = \(registryFirst ? "'G1'" : "'P1'")
                """) as String?, "address+name")
        }
    }
}
