import Foundation
import XCTest

/// Trial 19a: `割麻村8组57号` in a 遵义市 feed names no village of 遵义市, but 汇川区's 董公寺街道 has 割麻社区, which a
/// 村 is read as only inside that township. The warning names the 社区 and says how to place the record.
final class SameStemVillageMessageTests: XCTestCase {
    func testAnUnknownVillageWhoseStemA社区HasNamesTheCandidateAndTheWayToPlaceIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv")
        try """
            编号,户主姓名,现住址
            G1,测韦洋,割麻村8组57号305号房
            G2,测李四,测无名村3组5号

            """.write(to: grid, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", owner: "遵义市",
                                                                           extra: ["record_key: 编号", "context: {prefecture: 遵义市}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let messages = try fixture.rows("SELECT value, message FROM etl_reject WHERE rule = 'unresolved_division' ORDER BY value")
            .map { "\($0[0] as String): \($0[1] as String)" }
        XCTAssertEqual(messages.count, 2, "\(messages)")
        let gema = try XCTUnwrap(messages.first { $0.hasPrefix("割麻村") })
        XCTAssertTrue(gema.contains("割麻社区 of 董公寺街道 (汇川区) has its name"), gema)
        XCTAssertTrue(gema.contains("董公寺街道割麻村"), gema)
        XCTAssertTrue(gema.contains("context: {township: 董公寺街道}"), gema)
        // The record is still not placed in 董公寺街道: a 村 is a 社区 of its stem only in the township named.
        XCTAssertEqual(try fixture.query("SELECT region_code FROM dwd_household WHERE head_name = '测韦洋'") as String?,
                       "520300000000")
        // A village no 社区 shares its stem with gets the plain warning.
        let xinzhai = try XCTUnwrap(messages.first { $0.hasPrefix("测无名村") })
        XCTAssertFalse(xinzhai.contains("社区 of"), xinzhai)
    }
}
