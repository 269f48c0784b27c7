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

    /// 后栋 after a road's or a village's door is no compound; `后栋4楼402` is room 402, no building; a second night
    /// writing the same flat `后栋402室` makes no new history version (trial 19a, repro-1).
    func testAPartOfTheHouseAfterItsDoorMakesNoCompound() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            序号,户主姓名,联系电话,现住址
            1,测王伟,13800001111,花溪区小孟街道小孟路22号后栋302室
            2,测王伟,13900002222,花溪区小孟街道小孟路72号后栋302室
            3,测李娜,13700003333,花溪区小孟街道小孟路22号后栋4楼402
            4,测赵强,13600004444,花溪区小孟街道王宽村3组15号后栋201室
            5,测钱芳,13600004445,花溪区小孟街道王宽村3组15号偏房

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", extra: [
            "record_key: 序号", "context: {prefecture: 贵阳市}",
            "fields: {head_name: 户主姓名, phone: 联系电话, address: 现住址}"]))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
        let prefix = "贵州省贵阳市花溪区小孟街道"
        XCTAssertEqual(try fixture.rows("""
            SELECT COALESCE(building, '-'), COALESCE(room, '-'), address FROM dwd_household
            WHERE compound_id IS NULL ORDER BY address
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String)" }, [
            "-:302:\(prefix)小孟路22号后栋302室",
            "-:402:\(prefix)小孟路22号后栋402室",
            "-:302:\(prefix)小孟路72号后栋302室",
            "-:-:\(prefix)王宽村3组15号偏房",
            "-:201:\(prefix)王宽村3组15号后栋201室",
        ])
        // Night 2: the same flat written 后栋402室 changes nothing.
        try """
            序号,户主姓名,联系电话,现住址
            1,测王伟,13800001111,花溪区小孟街道小孟路22号后栋302室
            2,测王伟,13900002222,花溪区小孟街道小孟路72号后栋302室
            3,测李娜,13700003333,花溪区小孟街道小孟路22号后栋402室
            4,测赵强,13600004444,花溪区小孟街道王宽村3组15号后栋201室
            5,测钱芳,13600004445,花溪区小孟街道王宽村3组15号偏房

            """.write(to: grid, atomically: true, encoding: .utf8)
        let second = try fixture.run()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dwd_household_history hh JOIN dwd_household h USING (household_id)
            WHERE h.head_name = '测李娜'
            """) as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE building IS NOT NULL") as Int?, 0)
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

    /// A floor or a basement after a building and unit is stored as the room, the grid's and the police's spellings
    /// alike (trial 19c, repro-3).
    func testAFloorAfterABuildingIsStoredAsTheRoom() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测张伟杰,云岩区盐务街街道测泰丰新村7栋1单元5楼
            G2,测赵芳兰,云岩区盐务街街道测泰丰新村7栋1单元五层
            G3,测吴刚平,云岩区盐务街街道测泰丰新村7栋负一楼

            """, "grid.csv", in: folder)
        let police = try write("""
            户号,户主姓名,家庭住址
            P1,测张伟杰,贵州省贵阳市云岩区盐务街街道测泰丰新村7栋1单元5楼
            P3,测吴刚平,贵州省贵阳市云岩区盐务街街道测泰丰新村7栋负1楼

            """, "police.csv", in: folder)
        let fixture = try gridAndPolice(grid: grid, police: police)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let prefix = "贵州省贵阳市云岩区盐务街街道测泰丰新村7栋"
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, building, COALESCE(unit, '-'), COALESCE(room, '-'), address,
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h ORDER BY head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as String):\($0[4] as String):\($0[5] as Int)" }, [
            "测吴刚平:7:-:负1楼:\(prefix)负1楼:2",
            "测张伟杰:7:1:5楼:\(prefix)1单元5楼:2",
            "测赵芳兰:7:1:5楼:\(prefix)1单元5楼:1",
        ].sorted())
    }

    /// The police's `遵义路3号-1号门面` and the grid's `遵义路3号1号门面` are one shop household: street 遵义路3号,
    /// room 1号门面 (trial 19c, repro-4).
    func testAShopFrontAtADoorIsOneHouseholdInBothSpellings() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,家庭住址
            G1,测黄明德,云岩区茶园路街道遵义路3号1号门面
            G2,测郭玉萍,云岩区茶园路街道遵义路3号2号门面

            """, "grid.csv", in: folder)
        let police = try write("""
            户号,户主姓名,家庭住址
            P1,测黄明德,贵州省贵阳市云岩区茶园路街道遵义路3号-1号门面
            P2,测郭玉萍,贵州省贵阳市云岩区茶园路街道遵义路3号-2号门面

            """, "police.csv", in: folder)
        let fixture = try gridAndPolice(grid: grid, police: police)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let prefix = "贵州省贵阳市云岩区茶园路街道遵义路3号"
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, COALESCE(room, '-'), address,
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h ORDER BY head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as Int)" }, [
            "测郭玉萍:2号门面:\(prefix)2号门面:2",
            "测黄明德:1号门面:\(prefix)1号门面:2",
        ].sorted())
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 0)
    }

    /// A flat's 房号 column that writes the door before the room (`40号301室`, `40号2单元301室`) gives room 301, never
    /// `40号301`: in a compound with no 楼栋 the door is the building (as `测泰丰新村40号301室` reads), after a road
    /// written without its door it is the road's door (`中华北路40号301室`), and where the record writes its building
    /// or door already it is left out. The road's flat written both ways is one household.
    func testADoorBeforeTheRoomInAFlatsRoomColumnIsNotPartOfTheRoom() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,联系电话,家庭住址,楼栋,房号
            G1,测孙立新,13800001111,云岩区盐务街街道测泰丰新村,7,40号301室
            G2,测周海燕,13800002222,云岩区盐务街街道测泰丰新村,,40号301室
            G3,测钱国庆,13800003333,南明区中华北路,,40号301室
            G4,测钱国庆,13800003333,南明区中华北路40号,,40号301室
            G5,测吴秀珍,13800005555,南明区中华北路,,40号2单元502室
            G6,测郑晓梅,13800006666,云岩区盐务街街道测泰丰新村,7,5号附1号

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", extra: [
            "record_key: 户编号", "context: {prefecture: 贵阳市}",
            "fields: {head_name: 户主姓名, phone: 联系电话, address: 家庭住址, building: 楼栋, room: 房号}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, COALESCE(building, '-'), COALESCE(unit, '-'), COALESCE(room, '-'), address,
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h WHERE head_name <> '测郑晓梅' ORDER BY head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as String):\($0[4] as String):\($0[5] as Int)" }, [
            "测吴秀珍:-:2:502:贵州省贵阳市南明区中华北路40号2单元502室:1",
            "测周海燕:40:-:301:贵州省贵阳市云岩区盐务街街道测泰丰新村40栋301室:1",
            "测孙立新:7:-:301:贵州省贵阳市云岩区盐务街街道测泰丰新村7栋301室:1",
            "测钱国庆:-:-:301:贵州省贵阳市南明区中华北路40号301室:2",
        ].sorted())
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE room LIKE '%号%' AND head_name <> '测郑晓梅'") as Int?, 0)
        // An annex door alone in the room column says no room after a door: it stays the room, as before.
        XCTAssertEqual(try fixture.query("SELECT room FROM dwd_household WHERE head_name = '测郑晓梅'") as String?, "5号附1")
    }

    /// A grid census of 贵阳市 (keyed 户编号) and the police's registry (keyed 户号), both mapping 户主姓名 and 家庭住址.
    private func gridAndPolice(grid: URL, police: URL) throws -> PipelineFixture {
        try PipelineFixture(sources: [
            PipelineRunTests.source("grid", grid, format: "csv", extra: [
                "record_key: 户编号", "context: {prefecture: 贵阳市}", "fields: {head_name: 户主姓名, address: 家庭住址}"]),
            PipelineRunTests.source("police", police, format: "csv", owner: "省公安厅", kind: "department", extra: [
                "record_key: 户号", "fields: {head_name: 户主姓名, address: 家庭住址}"]),
        ].joined(separator: "\n"))
    }
}
