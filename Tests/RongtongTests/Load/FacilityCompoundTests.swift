import Foundation
import GRDB
import XCTest

/// The compounds that departments' facility addresses name their own way (a room of the compound after its name,
/// the county's or prefecture's name before it, the employer's 厂 left out, no township): real CSV files of a city's
/// survey and of two departments through the real pipeline into a real warehouse, one or two nights, then SQL
/// (fresh-eyes trial 14-a, 安顺市西秀区).
final class FacilityCompoundTests: XCTestCase {
    private static let cityHeader = "设施编号,街道,小区名称,设施名称,设施类型,经度,纬度"
    private static let departmentHeader = "编号,设施名称,设施类型,地址"

    /// The city's survey: township and compound columns.
    private func city(_ file: URL) -> String {
        PipelineRunTests.source("city", file, format: "csv", entity: "facility", owner: "安顺市", kind: "city", extra: [
            "record_key: 设施编号", "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {township: 街道, compound: 小区名称, name: 设施名称, facility_type: 设施类型, lon: 经度, lat: 纬度}",
        ])
    }

    /// A department's inventory: the facility's address as the department writes it.
    private func department(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "facility", owner: name, kind: "department", extra: [
            "record_key: 编号", "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {name: 设施名称, facility_type: 设施类型, address: 地址}",
        ])
    }

    private func write(_ lines: [String], to file: URL) throws {
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// The compound each record's facility lies in, `name:region`, by `source#key`.
    private func compounds(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("""
            SELECT s.source_id, s.record_key, c.name, c.region_code FROM facility_source s
            JOIN dwd_facility f USING (facility_id) LEFT JOIN dim_compound c ON c.compound_id = f.compound_id
            """) {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"]
                = "\(row["name"] as String? ?? "-"):\(row["region_code"] as String? ?? "-")"
        }
        return result
    }

    /// Trial 14-a, defects 7, 8, 10 and 11: the city lists 若飞花园, 棉纺厂宿舍, 虹轴厂宿舍 and 东街供销社宿舍 in their
    /// townships. 消防 writes its stations at the compound's 物业用房 (`若飞花园物业用房`, `…物业管理用房旁`,
    /// `…门卫室前`), the hydrants of `安顺棉纺厂宿舍内` (安顺, the prefecture's name and 西秀区's former one) and
    /// `西秀棉纺厂宿舍内`; 供电 writes `虹轴宿舍内` (虹轴厂 without 厂), `西秀区供销社宿舍内` (no township, and the
    /// compound without its township's name 东街) and `西秀区虹轴宿舍内`. Every facility is in the city's compound, which keeps the city's
    /// name, and dim_compound holds the four compounds only. Before, each wording made a compound of its own
    /// (若飞花园物业用房, 安顺棉纺厂宿舍, 虹轴宿舍, and 供销社宿舍 at 520402000000).
    func testDepartmentsWordingsOfACompoundAreTheCitysCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let cityFile = folder.appendingPathComponent("city.csv"), fireFile = folder.appendingPathComponent("fire.csv")
        let powerFile = folder.appendingPathComponent("power.csv")
        try write([Self.cityHeader,
                   "C1,南街街道,若飞花园,路灯,路灯,105.930942,26.243525",
                   "C2,华西街道,棉纺厂宿舍,化粪池,化粪池,,",
                   "C3,东关街道,虹轴厂宿舍,箱变,箱变,105.945000,26.251000",
                   "C4,东街街道,东街供销社宿舍,路灯,路灯,105.939161,26.248140"], to: cityFile)
        try write([Self.departmentHeader,
                   "F1,若飞花园微型消防站,微型消防站,安顺市西秀区南街街道若飞花园物业用房",
                   "F2,若飞花园垃圾站,垃圾站,安顺市西秀区南街街道若飞花园物业管理用房旁",
                   "F3,若飞花园门卫监控,监控,安顺市西秀区南街街道若飞花园门卫室前",
                   "F4,安顺棉纺厂宿舍1号消火栓,消火栓,安顺市西秀区华西街道安顺棉纺厂宿舍内",
                   "F5,西秀棉纺厂宿舍2号消火栓,消火栓,安顺市西秀区华西街道西秀棉纺厂宿舍内"], to: fireFile)
        try write([Self.departmentHeader,
                   "P1,虹轴宿舍路灯01,路灯,安顺市西秀区东关街道虹轴宿舍内",
                   "P2,供销社宿舍路灯02,路灯,西秀区供销社宿舍内",
                   "P3,虹轴宿舍路灯03,路灯,西秀区虹轴宿舍内"], to: powerFile)
        let fixture = try PipelineFixture(sources: [city(cityFile), department("fire", fireFile),
                                                    department("power", powerFile)].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let placed = try compounds(fixture)
        for (record, compound) in [("fire#F1", "若飞花园:520402001000"), ("fire#F2", "若飞花园:520402001000"),
                                   ("fire#F3", "若飞花园:520402001000"), ("fire#F4", "棉纺厂宿舍:520402006000"),
                                   ("fire#F5", "棉纺厂宿舍:520402006000"), ("power#P1", "虹轴厂宿舍:520402005000"),
                                   ("power#P2", "东街供销社宿舍:520402002000"),
                                   ("power#P3", "虹轴厂宿舍:520402005000")] {
            XCTAssertEqual(placed[record], compound, record)
        }
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0["name"] as String },
                       ["东街供销社宿舍", "棉纺厂宿舍", "若飞花园", "虹轴厂宿舍"])
        // The room stays in the facility's address, after the compound.
        XCTAssertEqual(try fixture.query("""
            SELECT f.address FROM facility_source s JOIN dwd_facility f USING (facility_id)
            WHERE s.source_id = 'fire' AND s.record_key = 'F1'
            """) as String?, "贵州省安顺市西秀区南街街道若飞花园物业用房")
    }

    /// Trial 15-c, defect 2: the police (雪亮工程) write where each camera stands, `若飞花园北门监控点`,
    /// `龙泉苑南门外50米`, `龙泉苑东门治安卡口`, `龙泉苑西门摄像头`, `龙泉苑小区北门监控点位`, and road cameras at
    /// `中华路与塔山路交叉口`. The cameras are in the city's two compounds (the gate and point stay in the address), the road
    /// cameras in none, and the police's 若飞花园北门雪亮工程点位 is the city's 北门摄像头. dim_compound holds the city's two
    /// compounds only; before, every address was a compound of its own (若飞花园北门监控点, 与塔山路交叉口 …).
    func testACameraPointsAddressIsASpotOfItsCompoundAndARoadCrossingNoCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let cityFile = folder.appendingPathComponent("city.csv"), policeFile = folder.appendingPathComponent("police.csv")
        try write([Self.cityHeader,
                   "C1,南街街道,若飞花园,北门摄像头,摄像头,105.930942,26.243525",
                   "C2,东关街道,龙泉苑,南门监控,监控,105.945000,26.251000"], to: cityFile)
        try write([Self.departmentHeader,
                   "X1,若飞花园北门雪亮工程点位,雪亮工程,安顺市西秀区南街街道若飞花园北门监控点",
                   "X2,龙泉苑东门,视频监控,西秀区东关街道龙泉苑东门外50米",
                   "X3,龙泉苑西门,雪亮工程,西秀区东关街道龙泉苑西门治安卡口",
                   "X4,龙泉苑北门,摄像头,西秀区东关街道龙泉苑北门摄像头",
                   "X5,龙泉苑后门,雪亮工程点位,西秀区东关街道龙泉苑小区后门监控点位",
                   "X6,中华路与塔山路交叉口,雪亮工程,西秀区中华路与塔山路交叉口",
                   "X7,中华路塔山路路口东侧,雪亮工程,西秀区中华路塔山路路口东侧30米"], to: policeFile)
        let fixture = try PipelineFixture(sources: city(cityFile) + "\n" + department("police", policeFile))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let placed = try compounds(fixture)
        for (record, compound) in [("police#X1", "若飞花园:520402001000"), ("police#X2", "龙泉苑:520402005000"),
                                   ("police#X3", "龙泉苑:520402005000"), ("police#X4", "龙泉苑:520402005000"),
                                   ("police#X5", "龙泉苑:520402005000"), ("police#X6", "-:-"), ("police#X7", "-:-")] {
            XCTAssertEqual(placed[record], compound, record)
        }
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0["name"] as String },
                       ["若飞花园", "龙泉苑"])
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(DISTINCT facility_id) FROM facility_source WHERE record_key IN ('C1', 'X1')
            """) as Int?, 1, "the police's 北门雪亮工程点位 is the city's 北门摄像头")
        XCTAssertEqual(try fixture.query("""
            SELECT f.address FROM facility_source s JOIN dwd_facility f USING (facility_id)
            WHERE s.source_id = 'police' AND s.record_key = 'X2'
            """) as String?, "贵州省安顺市西秀区东关街道龙泉苑东门外50米")
    }

    /// Trial 14-a, defect 9: the city loads 棉纺厂宿舍 at 华西街道 (night 1); 消防 then writes
    /// `…华西街道西秀区棉纺厂宿舍内` (night 2). The compound keeps the name it was first seen with at its township.
    /// Before, dim_compound was renamed 西秀区棉纺厂宿舍.
    func testACountysNameAFeedWritesBeforeACompoundOfItsTownshipDoesNotRenameIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let cityFile = folder.appendingPathComponent("city.csv"), fireFile = folder.appendingPathComponent("fire.csv")
        try write([Self.cityHeader, "C1,华西街道,棉纺厂宿舍,化粪池,化粪池,,"], to: cityFile)
        try write([Self.departmentHeader], to: fireFile)
        let fixture = try PipelineFixture(sources: city(cityFile) + "\n" + department("fire", fireFile))
        XCTAssertEqual(try fixture.run().status, 0)
        let id = try XCTUnwrap(try fixture.query("SELECT compound_id FROM dim_compound") as String?)
        try write([Self.departmentHeader,
                   "F1,西秀区棉纺厂宿舍3号消火栓,消火栓,安顺市西秀区华西街道西秀区棉纺厂宿舍内",
                   "F2,安顺市棉纺厂宿舍4号消火栓,消火栓,安顺市西秀区华西街道安顺市棉纺厂宿舍内"], to: fireFile)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT compound_id, name FROM dim_compound").map { "\($0[0] as String):\($0[1] as String)" },
                       ["\(id):棉纺厂宿舍"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility WHERE compound_id = '\(id)'") as Int?, 3)
    }
}
