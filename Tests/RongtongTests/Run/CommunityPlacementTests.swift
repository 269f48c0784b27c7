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
}
