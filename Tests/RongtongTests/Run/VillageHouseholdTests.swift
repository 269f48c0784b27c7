import Foundation
import GRDB
import XCTest

/// Village households of an urban-rural fringe (城乡结合部) as township grids, 民政 and the police write them (trial
/// 21h): remarks after a villager's door, doors without 号, hamlets without 组, room columns holding the door, and a
/// feeder's corrected address, through the real binary into a real SQLite warehouse.
final class VillageHouseholdTests: XCTestCase {
    private static let context = "context: {prefecture: 贵阳市, county: 花溪区}"

    private func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT head_name, address, COALESCE(compound_id, '-'), COALESCE(building, '-'), COALESCE(room, '-')
            FROM dwd_household ORDER BY head_name, address
            """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String) \($0[4] as String)" }
    }

    /// A feeder corrects its own record's address: the compound or building its old text gave, and the new one does
    /// not, leaves the household with the old text (trial 21h, D1).
    func testCorrectedVillageAddressClearsTheCompoundAndBuildingItGaveBefore() throws {
        let folder = try TestPaths.temporaryFolder()
        _ = try write("""
            户编号,户主姓名,家庭住址
            A1,测龙安平,青岩镇龙井村3组20号幸福苑
            A2,测石秀英,青岩镇龙井村3组21栋
            A3,测田茂才,青岩镇龙井村安置点3栋2单元501室

            """, "cun_20241101.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("cun", folder.appendingPathComponent("cun_*.csv"),
            format: "csv", extra: ["record_key: 户编号", Self.context, "fields: {head_name: 户主姓名, address: 家庭住址}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        _ = try write("""
            户编号,户主姓名,家庭住址
            A1,测龙安平,青岩镇龙井村3组20号
            A2,测石秀英,青岩镇龙井村3组21号
            A3,测田茂才,青岩镇龙井村安置点3栋2单元502室

            """, "cun_20241102.csv", in: folder)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        let longjing = "贵州省贵阳市花溪区青岩镇龙井村"
        let rows = try households(fixture)
        XCTAssertEqual(rows[0], "测田茂才 \(longjing)安置点3栋2单元502室 \(rows[0].split(separator: " ")[2]) 3 502")
        XCTAssertEqual(Array(rows[1...]), ["测石秀英 \(longjing)3组21号 - - -", "测龙安平 \(longjing)3组20号 - - -"])
        // The correction is a new version of each household.
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, 6)
    }
}
