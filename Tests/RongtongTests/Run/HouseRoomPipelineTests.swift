import Foundation
import GRDB
import XCTest

/// Rooms of houses, shantytowns, buildings and shops, through the real binary into a real SQLite warehouse (trials
/// 19a, 19b, 19c): no compound made of a part of a house, a shantytown's door the room whatever its phase, a floor
/// after a building kept, a shop front at a door one household in both spellings.
final class HouseRoomPipelineTests: XCTestCase {
    private func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A shantytown's door, written with the area's phase by 民政 and without it by the census, or in an area named
    /// 地块 whatever the number's size, is the room: one household, no building (trial 19b, repro-2 and repro-4).
    func testAShantytownsDoorIsTheRoomWithAPhaseAndInAPlot() throws {
        let folder = try TestPaths.temporaryFolder()
        let compounds = try write("""
            项目编号,市州,区县,街道,社区,小区名称,类型
            LPS-PG-01,六盘水市,钟山区,荷城街道,杉树林社区,测杉树林片区,棚户区
            AS-PG-02,安顺市,西秀区,东关街道,东郊社区,测东关地块,棚户区

            """, "compounds.csv", in: folder)
        let census = try write("""
            户编号,户主姓名,身份证号,现住址
            A1,测王国华,520201195001010019,六盘水市钟山区荷城街道测杉树林片区17号
            B41,测李德明,520402196001010010,安顺市西秀区东关街道测东关地块41号
            B104,测周秀英,520402196102020023,安顺市西秀区东关街道测东关地块104号

            """, "census.csv", in: folder)
        let mz = try write("""
            {"case_no":"MZ1","户主":{"姓名":"测王国华","身份证号":"520201195001010019"},"家庭住址":"六盘水市钟山区荷城街道测杉树林片区一期17号"}
            {"case_no":"MZ2","户主":{"姓名":"测王国华","身份证号":"520201195001010019"},"家庭住址":"六盘水市钟山区荷城街道测杉树林片区（一期）17号"}
            {"case_no":"MZ41","户主":{"姓名":"测李德明","身份证号":"520402196001010010"},"家庭住址":"安顺市西秀区东关街道测东关地块41号"}

            """, "mz.ndjson", in: folder)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("zj", compounds, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                    extra: ["record_key: 项目编号"]),
            PipelineRunTests.source("grid", census, format: "csv", extra: [
                "record_key: 户编号", "fields: {head_name: 户主姓名, head_id: 身份证号, address: 现住址}"]),
            PipelineRunTests.source("mz", mz, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 家庭住址}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, COALESCE(building, '-'), COALESCE(room, '-'),
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h ORDER BY head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as Int)" }, [
            "测周秀英:-:104:1", "测李德明:-:41:2", "测王国华:-:17:3",
        ].sorted())
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_conflict WHERE column_name IN ('building', 'room')") as Int?, 0)
    }
}
