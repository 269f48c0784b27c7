import Foundation
import GRDB
import XCTest

/// Autonomous counties and prefectures as feeds write them (威宁县, 威宁彝族自治县, 威宁回族彝族苗族自治县,
/// 黔东南苗族侗族州), through the real binary into a real SQLite warehouse.
final class AutonomousCountyPipelineTests: XCTestCase {
    /// A 毕节 grid writes 威宁县, 民政 writes the county with part of its nationalities or in another order, a 六盘水
    /// grid (its context another prefecture) writes 威宁彝族自治县: every record reaches its village, one door is one
    /// household, the stored address names the county once and officially; a nationality that is not the county's
    /// is dropped and reported by what matched and what was dropped; the county written with 自治州 (P5) is the county.
    func testAutonomousCountyWrittenShortOrReorderedReachesItsVillage() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("bj-grid.csv"), lps = folder.appendingPathComponent("lps-grid.csv")
        let civil = folder.appendingPathComponent("mz.ndjson")
        try """
            户编号,户主姓名,现住址
            G1,测龙国华,威宁县陕桥街道阳关村三组12号

            """.write(to: grid, atomically: true, encoding: .utf8)
        try """
            户编号,户主姓名,现住址
            L1,测马文,威宁彝族自治县陕桥街道阳关村五组3号

            """.write(to: lps, atomically: true, encoding: .utf8)
        try """
            {"case_no":"P1","户主":{"姓名":"测龙国华"},"address":"威宁彝族自治县陕桥街道阳关村三组12号","低保":"是"}
            {"case_no":"P2","户主":{"姓名":"测张明"},"address":"威宁回族彝族苗族自治县陕桥街道阳关村三组14号","低保":"是"}
            {"case_no":"P3","户主":{"姓名":"测杨芳"},"address":"黔东南苗族侗族州凯里市大十字街道金井村2组7号","低保":"是"}
            {"case_no":"P4","户主":{"姓名":"测吴刚"},"address":"威宁布依族自治县陕桥街道阳关村三组16号","低保":"是"}
            {"case_no":"P5","户主":{"姓名":"测王兵"},"address":"毕节市威宁彝族自治州陕桥街道阳关村三组18号","低保":"是"}

            """.write(to: civil, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("bj-grid", grid, format: "csv", owner: "毕节市", extra: [
                "record_key: 户编号", "context: {prefecture: 毕节市}", "fields: {head_name: 户主姓名, address: 现住址}"]),
            PipelineRunTests.source("lps-grid", lps, format: "csv", owner: "六盘水市", extra: [
                "record_key: 户编号", "context: {prefecture: 六盘水市}", "fields: {head_name: 户主姓名, address: 现住址}"]),
            PipelineRunTests.source("mz", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", "fields: {head_name: 户主.姓名, address: address, is_low_income: 低保}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let yangguan = "贵州省毕节市威宁彝族回族苗族自治县陕桥街道阳关村"
        XCTAssertEqual(try fixture.rows("""
            SELECT group_concat(s.record_key, '+'), h.region_code, h.address
            FROM dwd_household h JOIN household_source s USING (household_id)
            GROUP BY h.household_id ORDER BY 1
            """).map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [
            "G1+P1|520526004201|\(yangguan)3组12号",
            "L1|520526004201|\(yangguan)5组3号",
            "P2|520526004201|\(yangguan)3组14号",
            "P3|522601002200|贵州省黔东南苗族侗族自治州凯里市大十字街道金井村2组7号",
            "P4|520526004201|\(yangguan)3组16号",
            "P5|520526004201|\(yangguan)3组18号",
        ])
        let warnings = try fixture.rows("SELECT source_id, record_number, value, message FROM etl_reject WHERE rule = 'unresolved_division'")
            .map { "\($0[0] as String):\($0[1] as Int)|\($0[2] as String)|\($0[3] as String)" }
        XCTAssertEqual(warnings, [
            "mz:4|威宁布依族自治县|\"威宁布依族自治县\" is not the exact name of 威宁彝族回族苗族自治县 (520526000000): its place name 威宁 and its ending 自治县 name it, but 布依族 is not among its nationalities (彝族、回族、苗族); read as 威宁彝族回族苗族自治县, with 布依族 left out of the address, and the address is read on from there",
            "mz:5|威宁彝族自治州|\"威宁彝族自治州\" is not the exact name of 威宁彝族回族苗族自治县 (520526000000): its place name 威宁 names that county, written with 自治州, a prefecture's ending; read as 威宁彝族回族苗族自治县, and the address is read on from there",
        ])
    }
}
