import Foundation
import GRDB
import XCTest

/// Placeholders (不详, 待核实, /) and ditto marks (同上, 〃) in location fields: real files through the real binary into
/// a real SQLite warehouse, then SQL on it.
final class PlaceholderLocationTests: XCTestCase {
    typealias Nights = NightsTests

    /// A township's villager-group sheet writes 同上 (or 〃) under the group of the row above: the row is in that
    /// group, and links to the registry's household; 不详 is no place and never a compound. Identity fields are
    /// never filled from the row above.
    func testDittoMarksInACSVTakeTheRowAboveAndPlaceholdersAreNoPlace() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = folder.appendingPathComponent("groups.csv"), registry = folder.appendingPathComponent("registry.csv")
        try """
            序号,村民小组,门牌号,户主姓名,身份证号码
            1,坪地村2组,3号,罗红福,\(Nights.zhang)
            2,同上,5号,何明琴,同上
            3,〃,7号,杨军贵,
            4,不详,9号,刘伟刚,
            5,同上,11号,周平海,
            6,待核实,—,张英德,\(Nights.li)

            """.write(to: sheet, atomically: true, encoding: .utf8)
        try """
            编号,户主姓名,家庭住址
            R2,何明琴,水城区鸡场镇坪地村二组五号
            R3,杨军贵,水城区鸡场镇坪地村2组7号

            """.write(to: registry, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("groups", sheet, format: "csv", owner: "六盘水市",
            kind: "city", extra: ["record_key: 序号", "context: {prefecture: 六盘水市, county: 水城区, township: 鸡场镇}",
                                      "max_reject_ratio: 1", "fields: {address: 村民小组, room: 门牌号}"])
            + "\n" + PipelineRunTests.source("registry", registry, format: "csv", kind: "department",
                                             extra: ["record_key: 编号"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT head_name, address FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\($0[1] as String)" }, [
            "何明琴:贵州省六盘水市水城区鸡场镇坪地村2组5号", "张英德:贵州省六盘水市水城区鸡场镇",
            "杨军贵:贵州省六盘水市水城区鸡场镇坪地村2组7号", "罗红福:贵州省六盘水市水城区鸡场镇坪地村2组3号",
        ].sorted())
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dim_compound") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT match_rule FROM household_source WHERE source_id = 'registry'").map {
            $0[0] as String }, ["address+name", "address+name"])
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, field, value FROM etl_reject ORDER BY record_number, rule, field").map {
            "\($0[0] as Int):\($0[1] as String):\($0[2] as String? ?? "-"):\($0[3] as String? ?? "-")" }, [
            // Row 2's 同上 in the ID column is no ID: identity is never taken from the row above.
            "2:ditto_filled:村民小组:坪地村2组", "2:id_length:身份证号码:**",
            "3:ditto_filled:村民小组:坪地村2组",
            "4:no_identity:-:-", "4:placeholder_value:村民小组:不详",
            "5:no_identity:-:-", "5:placeholder_value:村民小组:同上",
            "6:placeholder_value:村民小组:待核实", "6:placeholder_value:门牌号:—",
        ])
    }

    /// A census writing 无, 不详, 暂无, / or — in the ID column (or 无 in the phone column) gave no ID: the household loads
    /// without one and without an `id_length` warning ("has 1 characters, expected 18" said nothing true); a short
    /// number is still an ID of the wrong length.
    func testPlaceholderInTheIDOrPhoneColumnIsNoValue() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv")
        try """
            序号,户主姓名,身份证号,联系电话,家庭住址
            1,康华,无,无,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元101室
            2,罗红福,不详,13970985334,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元102室
            3,何明琴,（暂无）,/,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元201室
            4,杨军贵,/,—,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元202室
            5,周平海,—,暂无,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元301室
            6,张英德,52010219,13970985335,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元302室
            7,王华山,\(Nights.wang),13970985336,贵阳市云岩区三桥路街道机械厂宿舍2栋3单元401室

            """.write(to: census, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("census", census, format: "csv",
            extra: ["record_key: 序号", "max_reject_ratio: 1"]))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household") as Int?, 7)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household WHERE head_id_hash IS NOT NULL") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dwd_household WHERE phone_hash IS NOT NULL") as Int?, 3)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule, field FROM etl_reject WHERE rule NOT IN ('no_identity') ORDER BY record_number, rule").map {
            "\($0[0] as Int):\($0[1] as String):\($0[2] as String? ?? "-")" }, ["6:id_length:身份证号"])
    }

    /// A grid app's address written 不详, 待核实 or 同上 is no place: no compound, a placeholder_value warning (an empty
    /// object is no value at all, without a warning), and a head name alone does not identify the household. A JSON
    /// feed has no row above, so 同上 is not filled.
    func testPlaceholderAddressesOfAJSONFeedAreNoCompounds() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("grid.ndjson")
        try """
            {"id":"G1","hzxm":"高德贵","sfzh":null,"address":"艺奇村6组1号"}
            {"id":"G2","hzxm":"张海光","sfzh":null,"address":"待核实"}
            {"id":"G3","hzxm":"黄福山","sfzh":null,"address":"同上"}
            {"id":"G4","hzxm":"王华山","sfzh":"\(Nights.wang)","address":"（不详）"}
            {"id":"G5","hzxm":"黄玉秋","sfzh":null,"address":{}}

            """.write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("grid", feed, format: "ndjson", owner: "六盘水市",
            extra: ["record_key: id", "context: {prefecture: 六盘水市}", "max_reject_ratio: 1",
                    "fields: {head_name: hzxm, head_id: sfzh, address: address}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT head_name, address FROM dwd_household ORDER BY head_name").map {
            "\($0[0] as String):\($0[1] as String)" }, ["王华山:贵州省六盘水市", "高德贵:贵州省六盘水市钟山区汪家寨镇艺奇村6组1号"].sorted())
        XCTAssertEqual(try fixture.query("SELECT count(*) FROM dim_compound") as Int?, 0)
        XCTAssertEqual(try fixture.rows("SELECT record_number, rule FROM etl_reject ORDER BY record_number, rule").map {
            "\($0[0] as Int):\($0[1] as String)" }, [
            "2:no_identity", "2:placeholder_value", "3:no_identity", "3:placeholder_value", "4:placeholder_value",
            "5:no_identity",
        ])
    }

    /// The normalizer runs on a second thread in chunks of records: a 同上 still takes the row right above it, also
    /// across the chunks' borders.
    func testDittoMarksTakeTheRowAboveAcrossTheNormalizersChunks() throws {
        let folder = try TestPaths.temporaryFolder()
        let sheet = folder.appendingPathComponent("groups.csv")
        var lines = ["序号,村民小组,门牌号,户主姓名"]
        for number in 1...700 {
            let group = (number - 1) / 3 + 1
            lines.append("\(number),\(number % 3 == 1 ? "坪地村\(group)组" : "同上"),\(number)号,测户\(number)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: sheet, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: PipelineRunTests.source("groups", sheet, format: "csv", owner: "六盘水市",
            kind: "city", extra: ["record_key: 序号", "context: {prefecture: 六盘水市, county: 水城区, township: 鸡场镇}",
                                      "fields: {address: 村民小组, room: 门牌号}"]))
        XCTAssertEqual(try fixture.run().status, 0)
        let addresses = try fixture.rows("SELECT head_name, address FROM dwd_household").map {
            ($0[0] as String, $0[1] as String) }
        XCTAssertEqual(addresses.count, 700)
        for (name, address) in addresses {
            let number = Int(name.dropFirst(2))!
            XCTAssertEqual(address, "贵州省六盘水市水城区鸡场镇坪地村\((number - 1) / 3 + 1)组\(number)号", name)
        }
    }
}
