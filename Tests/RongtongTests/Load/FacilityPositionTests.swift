import Foundation
import GRDB
import XCTest

/// Facility positions as map platforms and GIS tools export them, through real files into a real warehouse.
final class FacilityPositionTests: XCTestCase {
    /// Trial facilities F2: a GeoJSON FeatureCollection's `geometry.coordinates` (`[lng, lat]`, a JSON list, which
    /// `peek` shows as one cell) mapped to both `lat` and `lon` is split as a one-cell pair is, the longitude told by
    /// its range (before, both took the first element, 106.603527, and the position was lost). A WKT point in a
    /// string is read too, so is a position with its altitude (`[lng, lat, alt]`, `POINT Z (lng lat alt)`: the known gap
    /// of session 24), and a position that still cannot be read (one number) is quoted as written.
    func testAGeoJSONPositionMappedToLatAndLonIsSplit() throws {
        let folder = try TestPaths.temporaryFolder()
        let geo = folder.appendingPathComponent("geo.json")
        try """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"id":"G1","name":"测青松小区1号充电桩","kind":"充电桩"},"geometry":{"type":"Point","coordinates":[106.603527,26.676343]}},
             {"type":"Feature","properties":{"id":"G2","name":"测青松小区2号充电桩","kind":"充电桩"},"geometry":{"type":"Point","coordinates":"POINT(106.604533 26.676343)"}},
             {"type":"Feature","properties":{"id":"G3","name":"测青松小区3号充电桩","kind":"充电桩"},"geometry":{"type":"Point","coordinates":[106.605533,26.676343,1070.5]}},
             {"type":"Feature","properties":{"id":"G4","name":"测青松小区4号充电桩","kind":"充电桩"},"geometry":{"type":"Point","coordinates":"SRID=4326;POINT Z (106.606533 26.676343 1071.2)"}},
             {"type":"Feature","properties":{"id":"G5","name":"测青松小区5号充电桩","kind":"充电桩"},"geometry":{"type":"Point","coordinates":[106.607533]}}
            ]}
            """.write(to: geo, atomically: true, encoding: .utf8)
        let source = PipelineRunTests.source("geo", geo, format: "json", entity: "facility", owner: "供电局充电桩平台",
                                             kind: "department", extra: [
            "options: {record_path: \"features[*]\"}", "record_key: properties.id", "coordinates: wgs84",
            "context: {prefecture: 贵阳市, county: 白云区}",
            "fields: {facility_type: properties.kind, name: properties.name, lat: geometry.coordinates, lon: geometry.coordinates}"])
        let fixture = try PipelineFixture(sources: source)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let positions = try fixture.rows("SELECT name, lat, lon FROM dwd_facility ORDER BY name").map { row in
            "\(row["name"] as String):" + ((row["lat"] as Double?).map { String(format: "%.6f,%.6f", $0, row["lon"] as Double) } ?? "none")
        }
        XCTAssertEqual(positions, ["测青松小区1号充电桩:26.676343,106.603527", "测青松小区2号充电桩:26.676343,106.604533",
                                   "测青松小区3号充电桩:26.676343,106.605533", "测青松小区4号充电桩:26.676343,106.606533",
                                   "测青松小区5号充电桩:none"])
        let rejects = try fixture.rows("SELECT field, value, message FROM etl_reject WHERE rule = 'invalid_coordinates'")
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects.first?["value"] as String?, "[106.607533]")
        XCTAssertEqual(rejects.first?["message"] as String?,
                       "\"[106.607533]\" is no latitude and longitude: both must be given, in two columns or in one cell as two numbers (26.58,106.71, [106.71,26.58] or POINT(106.71 26.58))")
    }
}
