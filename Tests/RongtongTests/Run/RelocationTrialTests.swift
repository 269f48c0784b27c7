import Foundation
import GRDB
import XCTest

/// A shantytown's households, its compound list and 民政's cases over nights (trial 19b, shantytown relocation),
/// through the real binary into a real SQLite warehouse.
final class RelocationTrialTests: XCTestCase {
    /// 杉树林社区 (520201014008) under 荷城街道 of 六盘水市钟山区.
    static let shanshulin = "520201014008"

    /// The housing list's compound row, placing 测杉树林片区 in its 社区.
    private func compoundSource(_ file: URL) -> String {
        PipelineRunTests.source("zj", file, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                extra: ["record_key: 项目编号"])
    }

    /// A grid census naming the shantytown's dwelling under its township, placed by `context:` in 六盘水市.
    private func censusSource(_ file: URL) -> String {
        PipelineRunTests.source("grid", file, format: "csv", owner: "六盘水市", extra: [
            "record_key: 户编号", "context: {prefecture: 六盘水市}", "fields: {address: 现住址}"])
    }

    /// The compound list's community reaches the households loaded in the same run (the registry remembered the
    /// compound at the township it created it at): night 1 already holds the community and an address naming it, in
    /// either order of the sources in the pipeline, and the same files again the next night write no history version.
    func testACompoundListsCommunityReachesHouseholdsLoadedInTheSameRun() throws {
        let folder = try TestPaths.temporaryFolder()
        let compounds = folder.appendingPathComponent("compounds.csv"), census = folder.appendingPathComponent("census.csv")
        try """
            项目编号,市州,区县,街道,社区,小区名称,类型,进度
            LPS-PG-01,六盘水市,钟山区,荷城街道,杉树林社区,测杉树林片区,棚户区,30%

            """.write(to: compounds, atomically: true, encoding: .utf8)
        try """
            户编号,户主姓名,身份证号,现住址
            A1,测王国华,520201195001010019,钟山区荷城街道测杉树林片区17号
            A2,测李秀兰,520201195203040026,钟山区荷城街道测杉树林片区3栋2单元101室

            """.write(to: census, atomically: true, encoding: .utf8)
        let community = "贵州省六盘水市钟山区荷城街道杉树林社区测杉树林片区"
        for sources in [[compoundSource(compounds), censusSource(census)], [censusSource(census), compoundSource(compounds)]] {
            let order = sources[0].contains("name: zj") ? "compound list first" : "census first"
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n"))
            for night in 1...2 {
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
                XCTAssertEqual(try fixture.rows("SELECT region_code, address FROM dwd_household ORDER BY address")
                    .map { "\($0[0] as String)|\($0[1] as String)" },
                               ["\(Self.shanshulin)|\(community)17室", "\(Self.shanshulin)|\(community)3栋2单元101室"],
                               "\(order), night \(night)")
            }
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, 2,
                           "\(order): one version per household")
        }
    }
}
