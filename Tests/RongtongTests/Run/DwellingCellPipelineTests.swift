import Foundation
import GRDB
import XCTest

/// A house-number column (门牌号, 楼栋, 房号) whose cell holds more than one level of the flat (`水韵小区5栋1单元302室`,
/// `3栋2单元`, `3-2-502`), as grid workers type it, through the real binary into a real SQLite warehouse (trial
/// qiandongnan, finding 2): the cell is read as the address parser reads the same text, its levels complete the ones
/// the other columns leave empty, the stored address agrees with the stored dwelling, and the flat links to another
/// feed's record of it.
final class DwellingCellPipelineTests: XCTestCase {
    private func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// 民政's NDJSON writing the flat in one address, under the name and key the trial's repros use.
    private func mz(_ lines: String, in folder: URL) throws -> String {
        PipelineRunTests.source("mz", try write(lines, "mz.ndjson", in: folder), format: "ndjson", owner: "省民政厅",
                                kind: "department", extra: [
            "record_key: case_no", "fields: {head_name: hzxm, address: jtzz, tags: bzlx}"])
    }

    /// The dwelling of every household, with how many source records it holds: `head:compound:b:u:r:address:n`.
    private func households(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT h.head_name, COALESCE(c.name, '-'), COALESCE(h.building, '-'), COALESCE(h.unit, '-'),
                   COALESCE(h.room, '-'), h.address,
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id) ORDER BY h.head_name
            """).map { row in
            "\(row[0] as String):\(row[1] as String):\(row[2] as String):\(row[3] as String):\(row[4] as String):\(row[5] as String):\(row[6] as Int)"
        }
    }

    /// A 门牌号 cell holding the whole flat (`水韵小区5栋1单元302室`) beside 区县/乡镇/社区 columns is compound 水韵小区,
    /// building 5, unit 1, room 302, as `rongtong address` reads it; 民政's record of the same flat and head is the same
    /// household (repro-1).
    func testAWholeFlatInTheHouseNumberColumnIsReadAsTheAddressParserReadsIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            区县,乡镇,社区,门牌号,户主姓名,联系电话
            三都水族自治县,三合街道,凤凰社区,水韵小区5栋1单元302室,测韦阿花,13908553004

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("sd-grid", grid, format: "csv", owner: "三都水族自治县", extra: [
                "fill_down: []", "context: {prefecture: 黔南州}"]),
            try mz("""
                {"case_no": "MZ-1", "hzxm": "测韦阿花", "jtzz": "三都县三合街道凤凰社区水韵小区5栋1单元302室", "bzlx": "农村低保"}

                """, in: folder),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try households(fixture), [
            "测韦阿花:水韵小区:5:1:302:贵州省黔南布依族苗族自治州三都水族自治县三合街道凤凰社区水韵小区5栋1单元302室:2",
        ])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
    }

    /// A 楼栋 cell `3栋2单元` is building 3 and unit 2 (the 房号 column's 501 the room), and a 房号 cell `3-2-502` beside
    /// an empty 楼栋 is building 3, unit 2, room 502; the stored address writes that flat (never `3栋2栋501室` or
    /// `3-2-502室`), and 民政's `金井小区3栋2单元501室` and `…502室` of the same heads are the same households (repro-3).
    func testABuildingCellWithItsUnitAndARoomCellWithTheWholeFlatCompleteTheDwelling() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            区县,乡镇,社区,小区,楼栋,房号,户主姓名
            凯里市,大十字街道,永乐社区,金井小区,3栋2单元,501,测杨一
            凯里市,大十字街道,永乐社区,金井小区,,3-2-502,测杨二
            凯里市,大十字街道,永乐社区,金井小区,二期3栋2单元,402,测杨三

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("sd-grid", grid, format: "csv", owner: "凯里市", extra: [
                "fill_down: []", "context: {prefecture: 黔东南州}"]),
            try mz("""
                {"case_no": "MZ-1", "hzxm": "测杨一", "jtzz": "凯里市大十字街道金井小区3栋2单元501室", "bzlx": "农村低保"}
                {"case_no": "MZ-2", "hzxm": "测杨二", "jtzz": "凯里市大十字街道金井小区3栋2单元502室", "bzlx": "农村低保"}
                {"case_no": "MZ-3", "hzxm": "测杨三", "jtzz": "凯里市大十字街道金井小区二期3栋2单元402室", "bzlx": "农村低保"}

                """, in: folder),
        ].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try fixture.rows("""
            SELECT h.head_name, COALESCE(h.building, '-'), COALESCE(h.unit, '-'), COALESCE(h.room, '-'),
                   (SELECT COUNT(*) FROM household_source s WHERE s.household_id = h.household_id)
            FROM dwd_household h ORDER BY h.head_name
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String):\($0[3] as String):\($0[4] as Int)" }, [
            "测杨一:3:2:501:2", "测杨三:2期3:2:402:2", "测杨二:3:2:502:2",
        ])
        // The phase in front of a 楼栋 cell that writes its unit too (`二期3栋2单元`, trial 24 recheck): building `2期3`
        // and unit 2, never `2期3栋2` with `…二期3栋2栋402室`.
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household WHERE head_name = '测杨三'") as String?,
                       "贵州省黔东南苗族侗族自治州凯里市大十字街道永乐社区金井小区二期3栋2单元402室")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household WHERE address LIKE '%3栋2单元50_室'") as Int?, 2)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'house_number_conflict'") as Int?, 0)
    }

    /// Columns that contradict the cell holding several levels (楼栋 `4` beside 房号 `3栋2单元503室`; 单元 `1` beside
    /// 楼栋 `6栋2单元`): the record's fuller reading, the cell's, is stored whole, the address agrees with it, and the
    /// column it overrules gets a `house_number_conflict` warning naming both. House numbers of one level (`1-1`,
    /// `5-501`, `A座`, `501室`) are read as before.
    func testColumnsThatContradictTheFullerCellAreSaidAndTheFullerReadingKept() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,联系电话,区县,乡镇,小区,楼栋,单元,房号
            G1,测潘一,13800001111,凯里市,大十字街道,金井小区,4,,3栋2单元503室
            G3,测潘三,13800003333,凯里市,大十字街道,金井小区,7,,1-1
            G4,测潘四,13800004444,凯里市,大十字街道,金井小区,8,,5-501
            G2,测潘二,13800002222,凯里市,大十字街道,金井小区,6栋2单元,1,601
            G5,测潘五,13800005555,凯里市,大十字街道,金井小区,A座,2,501室

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", owner: "凯里市", extra: [
            "record_key: 户编号", "context: {prefecture: 黔东南州}",
            "fields: {head_name: 户主姓名, phone: 联系电话, county: 区县, township: 乡镇, compound: 小区, building: 楼栋, unit: 单元, room: 房号}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let prefix = "贵州省黔东南苗族侗族自治州凯里市大十字街道金井小区"
        XCTAssertEqual(try households(fixture), [
            "测潘一:金井小区:3:2:503:\(prefix)3栋2单元503室:1",
            "测潘二:金井小区:6:2:601:\(prefix)6栋2单元601室:1",
            "测潘三:金井小区:7:-:1-1:\(prefix)7栋1-1室:1",
            "测潘四:金井小区:8:-:5-501:\(prefix)8栋5-501室:1",
            "测潘五:金井小区:A:2:501:\(prefix)A栋2单元501室:1",
        ].sorted())
        XCTAssertEqual(try fixture.rows("""
            SELECT record_key, field, value FROM etl_reject WHERE rule = 'house_number_conflict' ORDER BY record_key
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String)" }, ["G1:楼栋:4", "G2:单元:1"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule <> 'house_number_conflict'") as Int?, 0)
        let message = try fixture.query("SELECT message FROM etl_reject WHERE record_key = 'G1'") as String?
        XCTAssertTrue(message?.contains("3栋2单元503室") ?? false, message ?? "no message")
    }
    /// Beside an address column: a 房号 cell writing the flat the address writes (`2单元501`) completes it with no
    /// warning; one writing the flat with its compound and phase (`苹果山小区二期3栋1单元301室` after an address that stops
    /// at the township) is that compound's building `2期3`, as the same address text gives it; one naming another
    /// compound than the address (`水韵小区3-2-501` after `…金井小区`) is read whole, and the address's compound is said
    /// in a `house_number_conflict` warning.
    func testARoomCellBesideAnAddressCompletesItOrIsSaidToContradictIt() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write("""
            户编号,户主姓名,联系电话,现住址,房号
            R1,测龙一,13800001001,凯里市大十字街道金井小区3栋,2单元501
            R2,测龙二,13800001002,凯里市大十字街道,苹果山小区二期3栋1单元301室
            R3,测龙三,13800001003,凯里市大十字街道金井小区,水韵小区3-2-501

            """, "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", grid, format: "csv", owner: "凯里市", extra: [
            "record_key: 户编号", "context: {prefecture: 黔东南州}",
            "fields: {head_name: 户主姓名, phone: 联系电话, address: 现住址, room: 房号}"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let prefix = "贵州省黔东南苗族侗族自治州凯里市大十字街道"
        XCTAssertEqual(try households(fixture), [
            "测龙一:金井小区:3:2:501:\(prefix)金井小区3栋2单元501室:1",
            "测龙二:苹果山小区:2期3:1:301:\(prefix)苹果山小区二期3栋1单元301室:1",
            "测龙三:水韵小区:3:2:501:\(prefix)水韵小区3栋2单元501室:1",
        ].sorted())
        XCTAssertEqual(try fixture.rows("""
            SELECT record_key, field, value FROM etl_reject WHERE rule = 'house_number_conflict'
            """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String)" }, ["R3:现住址:金井小区"])
    }
}
