import Foundation
import GRDB
import XCTest

/// Village households of an urban-rural fringe (城乡结合部) as township grids, 民政 and the police write them (trial
/// 21h): remarks after a villager's door, doors without 号, hamlets without 组, room columns holding the door, and a
/// feeder's corrected address, through the real binary into a real SQLite warehouse.
final class VillageHouseholdTests: XCTestCase {
    private static let context = "context: {prefecture: 贵阳市, county: 花溪区}"

    /// The grid's and 民政's village lists (户编号/户主姓名/家庭住址 and case_no/name/addr) read in `context`.
    private static func gridAndCivil(_ grid: URL, _ civil: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", extra: [
                "record_key: 户编号", context, "fields: {head_name: 户主姓名, address: 家庭住址}"]),
            PipelineRunTests.source("civil", civil, format: "csv", kind: "department", extra: [
                "record_key: case_no", context, "fields: {head_name: name, address: addr}"]),
        ].joined(separator: "\n"))
    }

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

    /// 自建房 after a villager's door is a remark, not a compound shared by every village of the township; a door
    /// written without 号 after its group (3组21) is the door, not building 21; and each links, without an ID, to the
    /// same door written another way (trial 21h, D2 and D3).
    func testRemarkAndBareNumberAfterVillagerGroupAreTheDoor() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测龙安平,青岩镇龙井村3组20号（自建房）
            G2,测石秀英,青岩镇龙井村3组21
            G3,测班国强,青岩镇歪脚村2组9号(自建房)
            G4,测杨秀珍,青岩镇新关村7组3号 自建房

            """, "grid.csv", in: folder)
        let civil = try write("""
            case_no,name,addr
            M1,测龙安平,花溪区青岩镇龙井村3组20号
            M2,测石秀英,花溪区青岩镇龙井村三组二十一号

            """, "civil.csv", in: folder)
        let fixture = try Self.gridAndCivil(grid, civil)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let qingyan = "贵州省贵阳市花溪区青岩镇"
        XCTAssertEqual(try households(fixture), [
            "测杨秀珍 \(qingyan)新关村7组3号 - - -",
            "测班国强 \(qingyan)歪脚村2组9号 - - -",
            "测石秀英 \(qingyan)龙井村3组21号 - - -",
            "测龙安平 \(qingyan)龙井村3组20号 - - -",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 6)
    }

    /// A hamlet written without 组 after its village (摆勺村王家寨12号) is that named villager group, not compound
    /// 王家寨 with building 12: the registry's record names the grid's door (trial 21h, D6).
    func testHamletWithoutGroupWordIsTheNamedVillagerGroup() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测蒙德胜,花溪区石板镇摆勺村王家寨组12号
            G2,测罗德明,青岩镇龙井村上寨组15号

            """, "grid.csv", in: folder)
        let police = try write("""
            hh,name,addr
            P1,测蒙德胜,花溪区石板镇摆勺村王家寨12号
            P2,测罗德明,花溪区青岩镇龙井村上寨十五号

            """, "police.csv", in: folder)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", extra: [
                "record_key: 户编号", Self.context, "fields: {head_name: 户主姓名, address: 家庭住址}"]),
            PipelineRunTests.source("police", police, format: "csv", kind: "department", extra: [
                "record_key: hh", Self.context, "fields: {head_name: name, address: addr}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try households(fixture), [
            "测罗德明 贵州省贵阳市花溪区青岩镇龙井村上寨组15号 - - -",
            "测蒙德胜 贵州省贵阳市花溪区石板镇摆勺村王家寨组12号 - - -",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
    }

    /// A 门牌 column beside an address that writes the door: repeating the door's number it adds no room (the
    /// address's own 301 stays; 6号 of 6号附2号 is no room 6); holding the door and the floor (3号1楼) it is that
    /// door and room `1楼`, as the grid's address writes it (trial 21h, D4 and D5).
    func testRoomColumnRepeatingOrHoldingTheDoorGivesTheHouseholdsOwnRoom() throws {
        let folder = try TestPaths.temporaryFolder()
        let town = try write("""
            编号,户主,村,组,门牌,详细地址
            QY-08,测新户戊,龙井村,3组,15号,龙井村3组15号301室
            QY-05,测新户乙,歪脚村,2组,6号,花溪区青岩镇歪脚村2组6号附2号

            """, "town.csv", in: folder)
        let app = try write("""
            {"data":{"list":[{"id":"APP-02","hzxm":"测周永贵","xzjd":"石板镇","cun":"摆勺村","zu":"肆组","mph":"3号1楼"}]}}
            """, "app.json", in: folder)
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测周永贵,石板镇摆勺村4组3号1楼

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("town", town, format: "csv", extra: [
                "record_key: 编号", "context: {prefecture: 贵阳市, county: 花溪区, township: 青岩镇}",
                "fields: {head_name: 户主, community: 村, villager_group: 组, room: 门牌, address: 详细地址}"]),
            PipelineRunTests.source("app", app, format: "json", extra: [
                "options: {record_path: \"data.list[*]\"}", "record_key: id", Self.context,
                "fields: {head_name: hzxm, township: xzjd, community: cun, villager_group: zu, room: mph}"]),
            PipelineRunTests.source("grid", grid, format: "csv", extra: [
                "record_key: 户编号", Self.context, "fields: {head_name: 户主姓名, address: 家庭住址}"]),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let huaxi = "贵州省贵阳市花溪区"
        XCTAssertEqual(try households(fixture), [
            "测周永贵 \(huaxi)石板镇摆勺村4组3号1楼 - - 1楼",
            "测新户乙 \(huaxi)青岩镇歪脚村2组6号附2号 - - -",
            "测新户戊 \(huaxi)青岩镇龙井村3组15号301室 - - 301",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 4)
    }

    /// A region_code that contradicts the address's village: the address is rebuilt on the code's village, spelled as
    /// addresses spell it (龙井村, not 龙井村委会), with the door the record's own 组 and 门牌 columns give there, not
    /// the other township's text glued after it (trial 21h, D7).
    func testRegionCodeConflictRebuildsTheAddressOnTheRecordsVillageColumns() throws {
        let folder = try TestPaths.temporaryFolder()
        let town = try write("""
            编号,户主,区划代码,村,组,门牌,详细地址
            QY-10,测新户庚,520111101216,龙井村,3组,27号,石板镇镇山村5组27号

            """, "town.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("town", town, format: "csv", extra: [
            "record_key: 编号", "context: {prefecture: 贵阳市, county: 花溪区, township: 青岩镇}",
            "fields: {head_name: 户主, region_code: 区划代码, community: 村, villager_group: 组, room: 门牌, address: 详细地址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try households(fixture), ["测新户庚 贵州省贵阳市花溪区青岩镇龙井村3组27号 - - -"])
        XCTAssertEqual(try fixture.query("SELECT region_code FROM dwd_household") as String?, "520111101216")
        XCTAssertEqual(try fixture.rows("SELECT rule FROM etl_reject ORDER BY rule").map { $0[0] as String },
                       ["outside_context", "region_code_conflict"])
    }

    /// Villager doors as the village writes them (recheck of trial 21h): a kind of house after a group with no door
    /// (歪脚村2组（自建房）, D1) or inside the door, before its floor or annex (3组39号（自建房）2楼, 3组（自建房）附1号, D2),
    /// a door without 号 or in Chinese numerals (三组三十七, 3组38（自建房）, 3组21 2楼, 王家寨12, D3), and a hamlet with its
    /// door and more (王家寨12号2楼, 岩脚组5号（自建房）, D4): no compound 自建房, no building, each the door it is, and
    /// each links, without an ID, to the same door written plainly.
    func testVillagerDoorsWrittenWithRemarksOrWithoutHaoAreTheirDoors() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测班国强,青岩镇歪脚村2组（自建房）
            G2,测龙安平,青岩镇龙井村3组39号（自建房）2楼
            G3,测石秀英,青岩镇龙井村3组（自建房）附1号
            G4,测杨秀珍,青岩镇龙井村三组三十七
            G5,测罗德明,青岩镇龙井村3组38（自建房）
            G6,测田茂才,青岩镇龙井村3组21 2楼
            G7,测蒙德胜,石板镇摆勺村王家寨12
            G8,测周永贵,石板镇摆勺村王家寨15号2楼
            G9,测吴光明,石板镇摆勺村岩脚组5号（自建房）

            """, "grid.csv", in: folder)
        let civil = try write("""
            case_no,name,addr
            M4,测杨秀珍,花溪区青岩镇龙井村3组37号
            M5,测罗德明,花溪区青岩镇龙井村3组38号
            M6,测田茂才,花溪区青岩镇龙井村3组21号2楼
            M7,测蒙德胜,花溪区石板镇摆勺村王家寨组12号
            M8,测周永贵,花溪区石板镇摆勺村王家寨组15号2楼
            M9,测吴光明,花溪区石板镇摆勺村岩脚组5号

            """, "civil.csv", in: folder)
        let fixture = try Self.gridAndCivil(grid, civil)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let qingyan = "贵州省贵阳市花溪区青岩镇", baishao = "贵州省贵阳市花溪区石板镇摆勺村"
        XCTAssertEqual(try households(fixture), [
            "测吴光明 \(baishao)岩脚组5号 - - -",
            "测周永贵 \(baishao)王家寨组15号2楼 - - 2楼",
            "测杨秀珍 \(qingyan)龙井村3组37号 - - -",
            "测班国强 \(qingyan)歪脚村2组 - - -",
            "测田茂才 \(qingyan)龙井村3组21号2楼 - - 2楼",
            "测石秀英 \(qingyan)龙井村3组附1号 - - -",
            "测罗德明 \(qingyan)龙井村3组38号 - - -",
            "测蒙德胜 \(baishao)王家寨组12号 - - -",
            "测龙安平 \(qingyan)龙井村3组39号2楼 - - 2楼",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        // Each of the department's six records joined the grid's household of its door.
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 15)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 9)
    }

    /// A township's region_code that contradicts the record's own village (石板镇's code beside 村 龙井村, a village of
    /// 青岩镇): the code is kept, with its warning, and the village after it, whether the record writes an address or
    /// only its 村, 组 and 门牌 columns (recheck of trial 21h, D5). Before, 龙井村 was dropped: …石板镇3组27号.
    func testTownshipCodeContradictingTheVillageColumnKeepsTheVillage() throws {
        let folder = try TestPaths.temporaryFolder()
        let town = try write("""
            编号,户主,区划代码,村,组,门牌,详细地址
            QY-11,测新户辛,520111102000,龙井村,3组,27号,
            QY-12,测新户壬,520111102000,龙井村,3组,28号,龙井村3组28号
            QY-13,测新户癸,520111102,龙井村,,,

            """, "town.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("town", town, format: "csv", extra: [
            "record_key: 编号", Self.context,
            "fields: {head_name: 户主, region_code: 区划代码, community: 村, villager_group: 组, room: 门牌, address: 详细地址}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let shiban = "贵州省贵阳市花溪区石板镇"
        XCTAssertEqual(try households(fixture), [
            "测新户壬 \(shiban)龙井村3组28号 - - -",
            "测新户癸 \(shiban)龙井村 - - -",
            "测新户辛 \(shiban)龙井村3组27号 - - -",
        ])
        XCTAssertEqual(try fixture.rows("SELECT DISTINCT region_code FROM dwd_household").map { $0[0] as String }, ["520111102000"])
        let warnings = try fixture.rows("SELECT rule, message FROM etl_reject ORDER BY record_number")
        XCTAssertEqual(warnings.map { $0[0] as String }, Array(repeating: "region_code_conflict", count: 3))
        for warning in warnings {
            XCTAssertTrue((warning[1] as String).hasSuffix("keeping the record's village 龙井村 after the code's divisions"),
                          warning[1] as String)
        }
    }
}
