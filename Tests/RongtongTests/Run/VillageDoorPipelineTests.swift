import Foundation
import GRDB
import XCTest

/// Households of an urban village (城中村): many at one door, told apart by their rooms, through the real binary
/// into a real SQLite warehouse.
final class VillageDoorPipelineTests: XCTestCase {
    /// A grid census with a 房号 column, the police's rental register writing the room into the address, and the
    /// 住建 survey with a 村（社区） column and an address that leaves the village out: every door keeps its group,
    /// door and annex; tenants of one door are households of their rooms; the same tenant in two feeds is one household;
    /// no compound is made; a door with its sub-number written two ways (`3组21号-1`, `3组21-1`) is one door.
    func testTenantsAtOneVillageDoorAreHouseholdsOfTheirRooms() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.csv"), police = folder.appendingPathComponent("police.csv")
        let survey = folder.appendingPathComponent("survey.csv")
        try """
            序号,户主姓名,现住址,房号
            1,张德明,花溪区小孟街道王宽村1组44号,301
            2,李建华,花溪区小孟街道王宽村1组44号,302
            3,小李,花溪区小孟街道王宽村3组18号附1,201
            4,小李,花溪区小孟街道王宽村5组8号附1,201
            5,王国富,花溪区小孟街道王宽村1组60号附1,一楼
            6,赵永刚,花溪区小孟街道王宽村6组村委会旁,202
            7,陈玉兰,花溪区小孟街道王宽村6组村委会旁,阁楼
            8,刘洪,花溪区小孟街道王宽村3组21号-1,

            """.write(to: grid, atomically: true, encoding: .utf8)
        try """
            编号,姓名,居住地址
            P1,张德明,贵州省贵阳市花溪区小孟街道王宽村1组44号301室
            P2,王国富,贵州省贵阳市花溪区小孟街道王宽村1组60号附1号1楼
            P3,赵永刚,贵州省贵阳市花溪区小孟街道王宽村6组村委会旁202室
            P4,刘洪,贵州省贵阳市花溪区小孟街道王宽村3组21-1

            """.write(to: police, atomically: true, encoding: .utf8)
        try """
            序号,区县,乡镇（街道）,村（社区）,房屋地址,产权人
            35,汇川区,董公寺街道,田沟村,5组37号之2,崔平军

            """.write(to: survey, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", extra: [
                "record_key: 序号", "context: {prefecture: 贵阳市}",
                "fields: {head_name: 户主姓名, address: 现住址, room: 房号}"]),
            PipelineRunTests.source("police", police, format: "csv", kind: "department", extra: [
                "record_key: 编号", "context: {prefecture: 贵阳市}", "fields: {head_name: 姓名, address: 居住地址}"]),
            PipelineRunTests.source("survey", survey, format: "csv", kind: "department", extra: [
                "record_key: 序号",
                "fields: {head_name: 产权人, address: 房屋地址, county: 区县, township: 乡镇（街道）, community: 村（社区）}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let wangkuan = "贵州省贵阳市花溪区小孟街道王宽村"
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, COALESCE(room, '-'), address, COALESCE(compound_id, '-'), region_code,
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h ORDER BY address, head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as String):\($0[4] as String):\($0[5] as Int)" }, [
            "张德明:301:\(wangkuan)1组44号301室:-:520111010200:2",
            "李建华:302:\(wangkuan)1组44号302室:-:520111010200:1",
            "王国富:1楼:\(wangkuan)1组60号附1号1楼:-:520111010200:2",
            "小李:201:\(wangkuan)3组18号附1号201室:-:520111010200:1",
            // One door with its sub-number written two ways (fix-floors: 3组21号-1 and 3组21-1): one household.
            "刘洪:-:\(wangkuan)3组21号附1号:-:520111010200:2",
            "小李:201:\(wangkuan)5组8号附1号201室:-:520111010200:1",
            "赵永刚:202:\(wangkuan)6组村委会旁202室:-:520111010200:2",
            "陈玉兰:阁楼:\(wangkuan)6组村委会旁阁楼:-:520111010200:1",
            "崔平军:-:贵州省遵义市汇川区董公寺街道田沟村5组37号之2号:-:520303005206:1",
        ].sorted { $0.split(separator: ":")[2] < $1.split(separator: ":")[2] })
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT rule FROM etl_reject WHERE rule IN ('unresolved_division', 'ambiguous_region')").count, 0)
    }
}
