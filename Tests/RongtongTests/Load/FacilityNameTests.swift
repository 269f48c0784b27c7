import Foundation
import GRDB
import XCTest

/// How linking reads facility names (the facility match name), through real CSV files into a real warehouse: a
/// city survey that names facilities without their compound, and a utility that names them with it.
final class FacilityNameTests: XCTestCase {
    /// A feed with its own compound column (所属小区), in 钟山区 of 六盘水市.
    func source(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "facility", owner: "六盘水市", extra: [
            "record_key: 编号", "coordinates: wgs84", "context: {prefecture: 六盘水市, county: 钟山区}",
            "fields: {facility_type: 类型, name: 名称, compound: 所属小区, address: 地址, lat: 纬度, lon: 经度, status: 状态}"])
    }

    /// The survey's and the utility's records (编号,类型,名称,所属小区,地址,纬度,经度[,状态]), loaded in that order.
    func load(survey: [String], utility: [String]) throws -> (PipelineFixture, [String: String]) {
        let folder = try TestPaths.temporaryFolder()
        let surveyFile = folder.appendingPathComponent("survey.csv"), utilityFile = folder.appendingPathComponent("utility.csv")
        let header = "编号,类型,名称,所属小区,地址,纬度,经度,状态"
        try ([header] + survey).joined(separator: "\n").appending("\n").write(to: surveyFile, atomically: true, encoding: .utf8)
        try ([header] + utility).joined(separator: "\n").appending("\n").write(to: utilityFile, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source("survey", surveyFile) + "\n" + source("utility", utilityFile))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        var ids: [String: String] = [:]
        for row in try fixture.rows("SELECT record_key, facility_id FROM facility_source") {
            ids[row["record_key"]] = row["facility_id"]
        }
        return (fixture, ids)
    }

    /// The compound's name in front of a facility's name does not matter, however long it is: the survey's 东门充电桩
    /// at 电业局宿舍 is the utility's 电业局宿舍东门充电站 2.4 m away, as 南门充电桩 is 荷城花园小区南门电动汽车充电站
    /// (充电桩, 充电站, 汽车充电桩 and 电动汽车充电站 are one kind) and 东门充电桩 is 老鹰山矿区宿舍东大门充电桩. The west
    /// gate's charger stays another.
    func testTheCompoundInFrontOfAFacilityNameDoesNotMatterHoweverLong() throws {
        let (_, ids) = try load(survey: [
            "S1,充电桩,东门充电桩,电业局宿舍,电业局宿舍东侧,26.59000,104.83000,",
            "S2,充电桩,南门充电桩,荷城花园小区,荷城花园小区南门,26.60000,104.84000,",
            "S3,充电桩,东门充电桩,凤凰山小区,凤凰山小区东侧,26.61000,104.85000,",
            "S4,充电桩,东门充电桩,老鹰山矿区宿舍,老鹰山矿区宿舍东侧,26.62000,104.86000,",
            "S5,充电桩,西门充电桩,电业局宿舍,电业局宿舍西侧,26.59010,104.83010,",
        ], utility: [
            "P1,充电桩,电业局宿舍东门充电站,电业局宿舍,,26.59002,104.83001,",
            "P2,新能源充电设施,荷城花园小区南门电动汽车充电站,荷城花园小区,,26.60002,104.84001,",
            "P3,充电桩,凤凰山小区东门汽车充电桩,凤凰山小区,,26.61002,104.85001,",
            "P4,充电桩,老鹰山矿区宿舍东大门充电桩,老鹰山矿区宿舍,,26.62002,104.86001,",
        ])
        for number in 1...4 {
            XCTAssertEqual(ids["P\(number)"], ids["S\(number)"], "pair \(number) is one charger")
        }
        XCTAssertNotEqual(ids["S5"], ids["P1"], "the west gate's charger")
        XCTAssertEqual(Set(ids.values).count, 5)
    }

    /// A facility's number is the one attached to its kind (1号, 1#, #1, No.1, or a number the name ends with), not a
    /// numeral of a place or organisation name: the survey's 1号配电房 in 水矿二村 is the utility's 水矿二村1#配电室 5.8 m
    /// away (sent with a road address and no compound), and 六盘水供电局电力小区1#配电室 is 电力小区's 1号配电房. A
    /// different facility number still keeps two apart, and so do the numbers of two places (水钢1村 / 水钢2村).
    func testNumeralsOfPlaceNamesAreNoFacilityNumbers() throws {
        let (fixture, ids) = try load(survey: [
            "S1,配电房,1号配电房,水矿二村,水矿二村北门,26.58000,104.80000,",
            "S2,配电房,1号配电房,电力小区,电力小区内,26.55000,104.81000,",
            "S3,配电房,1号配电房,十字街小区,十字街小区内,26.56000,104.82000,",
            "S4,配电房,2号配电房,水矿二村,水矿二村南门,26.58100,104.80100,",
            "S5,配电房,水钢1村配电房,,钟山区解放路1号,26.57000,104.83000,",
        ], utility: [
            "P1,配电室,水矿二村1#配电室,,钟山区解放路104号,26.58005,104.80001,",
            "P2,配电室,六盘水供电局电力小区1#配电室,电力小区,,26.55002,104.81001,",
            "P3,配电室,十字街小区No.1配电室,十字街小区,,26.56002,104.82001,",
            "P4,配电室,水矿二村3#配电室,,钟山区解放路104号,26.58102,104.80101,",
            "P5,配电室,水钢2村配电室,,钟山区解放路2号,26.57002,104.83001,",
        ])
        for number in 1...3 {
            XCTAssertEqual(ids["P\(number)"], ids["S\(number)"], "pair \(number) is one power room")
        }
        XCTAssertNotEqual(ids["P4"], ids["S4"], "2号 and 3# are two rooms")
        XCTAssertNotEqual(ids["P5"], ids["S5"], "the power rooms of 水钢1村 and 水钢2村")
        XCTAssertEqual(Set(ids.values).count, 7)
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM facility_source WHERE record_key = 'P1'") as String?, "type+distance+name")
    }

    /// A record without a name is named by its type as written: the survey's nameless 垃圾站 is not the 公厕 20 m away
    /// in the same file (and keeps its own 待维修), a nameless 消防车通道 is not the fire brigade's 西门消火栓, and a
    /// nameless 箱变 is the utility's 800kVA箱变 30 m away, not its 配电室 2 m away. A type label still fits a name that
    /// names no kind (the tower company's site code). As for named records, a file that lists a nameless 路灯 and
    /// 百子桥小区路灯 under two keys lists two lamps, and so does one listing 南门垃圾站 and a nameless 垃圾站 4 m away.
    func testARecordWithoutANameIsMatchedByItsTypeLabel() throws {
        let (fixture, ids) = try load(survey: [
            "S1,垃圾站,,百子桥小区,,26.25600,107.51600,待维修",
            "S2,公厕,公厕,百子桥小区,,26.25618,107.51600,良好",
            "S3,消防车通道,,杨柳湾小区,,26.59770,104.82489,畅通",
            "S4,箱变,,荷城花园小区,,26.58955,104.83420,在用",
            "S5,5G基站,,水钢一村,,26.60000,104.85000,在用",
            "S6,路灯,,百子桥小区,,26.25700,107.51700,在用",
            "S7,路灯,百子桥小区路灯,百子桥小区,,26.25709,107.51700,在用",
            "S8,垃圾站,南门垃圾站,百子桥小区,,26.25800,107.51800,待维修",
            "S9,垃圾站,,百子桥小区,,26.25804,107.51800,在用",
        ], utility: [
            "U1,消火栓,杨柳湾小区西门消火栓,杨柳湾小区,,26.59775,104.82490,在用",
            "U2,10kV配电室,荷城花园小区1#配电室,荷城花园小区,,26.58957,104.83421,在用",
            "U3,箱式变电站,荷城花园小区800kVA箱变,荷城花园小区,,26.58982,104.83420,在用",
            "U4,通信铁塔,LPS-8862-HX,,钟山区建设路61号,26.60003,104.85001,在用",
        ])
        XCTAssertNotEqual(ids["S1"], ids["S2"], "a 垃圾站 and a 公厕")
        XCTAssertEqual(try fixture.query("SELECT status FROM dwd_facility WHERE facility_id = '\(ids["S1"]!)'") as String?, "out_of_service")
        XCTAssertEqual(try fixture.query("SELECT type_label FROM dwd_facility WHERE facility_id = '\(ids["S1"]!)'") as String?, "垃圾站")
        XCTAssertNil(try fixture.query("SELECT name FROM dwd_facility WHERE facility_id = '\(ids["S1"]!)'") as String?)
        XCTAssertNotEqual(ids["S3"], ids["U1"], "a fire lane and a hydrant")
        XCTAssertEqual(ids["S4"], ids["U3"], "the 箱变, 30 m away")
        XCTAssertNotEqual(ids["S4"], ids["U2"], "not the 配电室 next to it")
        XCTAssertEqual(ids["S5"], ids["U4"], "a site code names no kind")
        XCTAssertNotEqual(ids["S6"], ids["S7"], "two lamps of one file")
        XCTAssertNotEqual(ids["S8"], ids["S9"], "a nameless 垃圾站 4 m from 南门垃圾站 of one file")
        XCTAssertEqual(Set(ids.values).count, 11)
    }
}
