import Foundation
import GRDB
import XCTest

/// A facility source's `record_key` across nights, through real CSV files into a real warehouse: a key that numbers
/// rows (序号) and gives the next export's keys to other facilities.
final class FacilityRecordKeyTests: XCTestCase {
    static let header = "序号,设施名称,设施类型,状态,经度,纬度,所属小区"

    func source(_ file: URL) -> String {
        PipelineRunTests.source("survey", file, format: "csv", entity: "facility", owner: "贵阳市住建局", kind: "city", extra: [
            "record_key: 序号", "coordinates: wgs84", "context: {prefecture: 贵阳市, county: 白云区}"])
    }

    /// Four installations 200 m apart along one road, numbered 1–4 by the survey's 序号.
    static let rows = [("东门路灯", "路灯", 106.600000), ("北门充电桩", "充电桩", 106.602012),
                       ("西门消火栓", "消火栓", 106.604024), ("南门摄像头", "摄像头", 106.606036)]

    func write(_ rows: [(String, String, Double)], to file: URL) throws {
        let lines = rows.enumerated().map { index, row in "\(index + 1),\(row.0),\(row.1),在用,\(row.2),26.630000,测柏杨小区" }
        try ([Self.header] + lines).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// Trial facilities F1: the survey's second night lost row 2 (the charger), so 序号 2 is now the hydrant 200 m
    /// away and 序号 3 the camera. Each such record is linked by its own evidence (the hydrant to the hydrant, the
    /// camera to the camera), not by its key: the charger stays a charger, no camera is made twice, and the load
    /// warns once for the file and once per record (`record_key_reused`), as for households. A third night with the
    /// file whose camera broke is quiet: the keys now name what they named the night before.
    func testAKeyThatNumbersRowsDoesNotTurnAChargerIntoAHydrant() throws {
        let folder = try TestPaths.temporaryFolder()
        let survey = folder.appendingPathComponent("survey.csv")
        try write(Self.rows, to: survey)
        let fixture = try PipelineFixture(sources: source(survey))
        XCTAssertEqual(try fixture.run().status, 0)
        let before = try Dictionary(uniqueKeysWithValues: fixture.rows("SELECT facility_id, name FROM dwd_facility").map {
            ($0["name"] as String, $0["facility_id"] as String)
        })
        XCTAssertEqual(before.count, 4)

        try write(Self.rows.enumerated().filter { $0.offset != 1 }.map(\.element), to: survey)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertTrue(night2.stderr.contains(
            "\(survey.path): 2 record(s) carry a 序号 that named another facility before (another type, or another name at another place); they were linked by their own evidence. If 序号 numbers rows, it is no record_key"),
            night2.stderr)
        let after = try fixture.rows("SELECT facility_id, facility_type, name FROM dwd_facility ORDER BY name")
        XCTAssertEqual(after.map { "\($0["name"] as String):\($0["facility_type"] as String)" },
                       ["东门路灯:street_light", "北门充电桩:ev_charger", "南门摄像头:surveillance", "西门消火栓:fire_safety"])
        for row in after { XCTAssertEqual(row["facility_id"] as String, before[row["name"] as String], row["name"] as String) }
        let keys = try fixture.rows("SELECT s.record_key, f.name FROM facility_source s JOIN dwd_facility f USING (facility_id) WHERE s.record_key IN ('2', '3')")
        XCTAssertEqual(Set(keys.map { "\($0["record_key"] as String):\($0["name"] as String)" }), ["2:西门消火栓", "3:南门摄像头"])
        let warnings = try fixture.rows("SELECT record_number, field, value, message FROM etl_reject WHERE rule = 'record_key_reused' ORDER BY record_number")
        XCTAssertEqual(warnings.map { "\($0["record_number"] as Int):\($0["field"] as String):\($0["value"] as String)" },
                       ["2:序号:2", "3:序号:3"])
        XCTAssertEqual(warnings.first?["message"] as String?,
                       "this key named another facility before (another type, or another name at another place); the record was linked by its own evidence. Does the key number rows?")
        // No facility's history describes another installation.
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT facility_type) FROM dwd_facility_history GROUP BY facility_id ORDER BY 1 DESC LIMIT 1") as Int?, 1)

        // Night 3: the camera (序号 3 since night 2) is broken; nothing else changed.
        try write(Self.rows.enumerated().filter { $0.offset != 1 }.map(\.element), to: survey)
        try String(contentsOf: survey, encoding: .utf8).replacingOccurrences(of: "3,南门摄像头,摄像头,在用", with: "3,南门摄像头,摄像头,故障")
            .write(to: survey, atomically: true, encoding: .utf8)
        let night3 = try fixture.run()
        XCTAssertEqual(night3.status, 0, night3.stderr)
        XCTAssertFalse(night3.stderr.contains("named another facility before"), night3.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 4)
        XCTAssertEqual(try fixture.query("SELECT status FROM dwd_facility WHERE name = '南门摄像头'") as String?, "out_of_service")
    }

    /// Trial recheck, finding 1: a survey without points (five installations of two compounds, each of another
    /// type) lost row 2, so 序号 2, 3 and 4 each now name the next row's installation, of another type. Key 3 named the
    /// street light and now holds 测金桂苑5G基站, a name that says only its compound and its type: that is no name
    /// fitting the street light's (a name of another kind, 基站 against 路灯). Every renumbered key is warned and
    /// linked by its own evidence; each facility keeps its id, type and history (one street light, one 5G base station).
    func testADeletedRowInTheMiddleRenumbersKeysOfOtherTypesWithoutRewritingAFacility() throws {
        let folder = try TestPaths.temporaryFolder()
        let survey = folder.appendingPathComponent("survey.csv")
        let rows = ["测锦绣小区北门充电桩,充电桩,测锦绣小区", "测锦绣小区西门消火栓,消火栓,测锦绣小区", "测金桂苑东门路灯,路灯,测金桂苑",
                    "测金桂苑5G基站,5G基站,测金桂苑", "测金桂苑健身广场,健身器材,测金桂苑"]
        let write = { (rows: [String]) in
            let lines = rows.enumerated().map { "\($0.offset + 1),\($0.element),在用" }
            try (["序号,设施名称,设施类型,所属小区,状态"] + lines).joined(separator: "\n").appending("\n")
                .write(to: survey, atomically: true, encoding: .utf8)
        }
        try write(rows)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source(
            "survey", survey, format: "csv", entity: "facility", owner: "贵阳市", kind: "city",
            extra: ["record_key: 序号", "context: {prefecture: 贵阳市, county: 南明区, township: 中华南路街道}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let before = try Dictionary(uniqueKeysWithValues: fixture.rows("SELECT facility_id, name FROM dwd_facility").map {
            ($0["name"] as String, $0["facility_id"] as String)
        })
        XCTAssertEqual(before.count, 5)

        try write(rows.enumerated().filter { $0.offset != 1 }.map(\.element))
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertTrue(night2.stderr.contains("\(survey.path): 3 record(s) carry a 序号 that named another facility before"),
                      night2.stderr)
        let warnings = try fixture.rows("SELECT record_number, value FROM etl_reject WHERE rule = 'record_key_reused' ORDER BY record_number")
        XCTAssertEqual(warnings.map { "\($0["record_number"] as Int):\($0["value"] as String)" }, ["2:2", "3:3", "4:4"])
        let after = try fixture.rows("SELECT facility_id, facility_type, name FROM dwd_facility ORDER BY name")
        XCTAssertEqual(after.map { "\($0["name"] as String):\($0["facility_type"] as String)" },
                       ["测金桂苑5G基站:base_station_5g", "测金桂苑东门路灯:street_light", "测金桂苑健身广场:fitness",
                        "测锦绣小区北门充电桩:ev_charger", "测锦绣小区西门消火栓:fire_safety"])
        for row in after { XCTAssertEqual(row["facility_id"] as String, before[row["name"] as String], row["name"] as String) }
        let keys = try fixture.rows("SELECT s.record_key, f.name FROM facility_source s JOIN dwd_facility f USING (facility_id) WHERE s.record_key IN ('2', '3', '4')")
        XCTAssertEqual(Set(keys.map { "\($0["record_key"] as String):\($0["name"] as String)" }),
                       ["2:测金桂苑东门路灯", "3:测金桂苑5G基站", "4:测金桂苑健身广场"])
        // No facility's history describes another installation, and none gained a version.
        XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT facility_type) FROM dwd_facility_history GROUP BY facility_id ORDER BY 1 DESC LIMIT 1") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history") as Int?, 5)
    }

    /// A real key whose record corrects its type (the name already said 充电桩), or corrects its point by 2 km with
    /// the same name, or renames a facility of the same type in place, keeps its facility, with no warning.
    func testAKeyWhoseRecordCorrectsItsTypeOrPointOrNameKeepsItsFacility() throws {
        let folder = try TestPaths.temporaryFolder()
        let survey = folder.appendingPathComponent("survey.csv")
        try write([("北门充电桩", "消火栓", 106.600000), ("西门消火栓", "消火栓", 106.620000), ("南门摄像头", "摄像头", 106.606036)],
                  to: survey)
        let fixture = try PipelineFixture(sources: source(survey))
        XCTAssertEqual(try fixture.run().status, 0)
        let ids = try fixture.rows("SELECT facility_id FROM dwd_facility ORDER BY facility_id").map { $0["facility_id"] as String }
        try write([("北门充电桩", "充电桩", 106.600000), ("西门消火栓", "消火栓", 106.604024), ("南门监控摄像头", "摄像头", 106.606040)],
                  to: survey)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        XCTAssertFalse(night2.stderr.contains("named another facility before"), night2.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'record_key_reused'") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT facility_id FROM dwd_facility ORDER BY facility_id").map { $0["facility_id"] as String }, ids)
        XCTAssertEqual(try fixture.query("SELECT facility_type FROM dwd_facility WHERE name = '北门充电桩'") as String?, "ev_charger")
    }
}
