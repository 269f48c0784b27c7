import Foundation
import GRDB
import XCTest

/// What facility feeds say about a facility's status, through real files into a real warehouse, over nights.
final class FacilityStatusFeedTests: XCTestCase {
    private func statuses(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("""
            SELECT s.record_key, COALESCE(f.status, 'NULL') AS status FROM facility_source s JOIN dwd_facility f USING (facility_id)
            """) {
            result[row["record_key"]] = row["status"]
        }
        return result
    }

    /// A night-2 inspection feed reports repairs and rectifications (已修复, 整改完毕, 已整改) and withdrawals (退网,
    /// 已退服): each replaces the status of night 1, with no `unknown_status` warning.
    func testRepairedAndWithdrawnFacilitiesTakeTheirNewStatus() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("hydrants.ndjson")
        let names = ["A": "测试小区1号消火栓", "B": "测试小区2号消火栓", "C": "测试小区3号消火栓", "D": "测试小区4号消火栓",
                     "E": "测试小区5号消火栓"]
        func write(_ statuses: [String: String]) throws {
            try statuses.keys.sorted().enumerated().map { index, key in
                #"{"xh":"\#(key)","sslx":"消火栓","mc":"\#(names[key]!)","dz":"钟山区荷城街道测试小区","wd":"26.58\#(index)00","jd":"104.83\#(index)00","jczt":"\#(statuses[key]!)"}"#
            }.joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        }
        try write(["A": "故障", "B": "损坏", "C": "需整改", "D": "在用", "E": "正常"])
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("fire", feed, format: "ndjson", entity: "facility",
                                                                           owner: "消防救援支队", kind: "department", extra: [
            "record_key: xh",
            "fields: {facility_type: sslx, name: mc, address: dz, lat: wd, lon: jd, status: jczt}",
        ]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try statuses(fixture), ["A": "out_of_service", "B": "out_of_service", "C": "out_of_service",
                                               "D": "in_service", "E": "in_service"])
        try write(["A": "已修复", "B": "整改完毕", "C": "已整改", "D": "退网", "E": "已退服"])
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try statuses(fixture), ["A": "in_service", "B": "in_service", "C": "in_service",
                                               "D": "out_of_service", "E": "out_of_service"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history WHERE valid_from_run = 2") as Int?, 5)
    }
}
