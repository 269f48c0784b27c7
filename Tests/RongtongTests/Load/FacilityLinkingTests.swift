import Foundation
import GRDB
import XCTest

/// Facilities reported by a city and by a utility, through real CSV files into a real warehouse.
final class FacilityLinkingTests: XCTestCase {
    static let header = "编号,类型,名称,纬度,经度,地址,状态"

    func source(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "facility", owner: "贵阳市", kind: "city", extra: [
            "record_key: 编号",
            "coordinates: wgs84",
            "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度, address: 地址, status: 状态}",
            "context: {prefecture: 贵阳市}",
        ])
    }

    func write(_ rows: [String], to file: URL) throws {
        try ([Self.header] + rows).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
    }

    private func facilities(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT source_id, record_key, facility_id FROM facility_source") {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"] = row["facility_id"]
        }
        return result
    }

    /// Names that share the compound's name, or differ only in a direction, are different facilities; a city's
    /// and a utility's spelling of one charger are one.
    func testNeighbouringFacilitiesWithSimilarNamesStayApart() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try write(["C1,监控,东升小区东门监控,26.62100,106.64100,白云区大山洞街道东升小区,在用",
                   "C2,监控,东升小区西门监控,26.62110,106.64130,白云区大山洞街道东升小区,在用",
                   "C3,垃圾站,东升小区垃圾站,,,白云区大山洞街道东升小区,在用",
                   "C4,公厕,东升小区公厕,,,白云区大山洞街道东升小区,在用",
                   "C5,充电桩,东升小区南门充电桩,26.62000,106.64000,白云区大山洞街道东升小区,在用",
                   "C6,充电桩,东升小区东门充电桩,26.62020,106.64020,白云区大山洞街道东升小区,在用",
                   "C7,配电房,东升小区一号配电房,26.62200,106.64200,白云区大山洞街道东升小区,在用",
                   "C8,配电房,东升小区二号配电房,26.62210,106.64210,白云区大山洞街道东升小区,在用",
                   "C9,监控,东升小区门口监控,26.63000,106.65000,白云区大山洞街道东升小区,在用"], to: city)
        try write(["P1,充电桩,东升小区南门电动汽车充电站,26.62003,106.64004,白云区大山洞街道东升小区,在用",
                   "P2,监控,东升小区北门监控,26.63001,106.65001,白云区大山洞街道东升小区,在用"], to: power)
        let fixture = try PipelineFixture(sources: source("city", city) + "\n" + source("power", power))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        XCTAssertEqual(Set(ids.values).count, 10, "\(ids)")
        XCTAssertNotEqual(ids["power#P2"], ids["city#C9"], "门口 and 北门 are two cameras")
        XCTAssertEqual(ids["power#P1"], ids["city#C5"], "the same charger, spelled by the utility")
        XCTAssertEqual(try fixture.query("SELECT name FROM dwd_facility WHERE facility_id = '\(ids["city#C6"]!)'") as String?, "东升小区东门充电桩")
    }

    /// A facility both feeds report keeps its values and its history while neither record changes, however
    /// the other records of the feeds change.
    func testAFacilityReportedByTwoFeedsDoesNotFlipWhenOtherRecordsChange() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        let transformerCity = "C3,配电房,东升小区1号变压器,26.62100,106.64100,白云区大山洞街道东升小区,在用"
        let transformerPower = "P3,配电房,东升小区1号箱变,26.62105,106.64104,白云区大山洞街道东升小区,在用"
        try write([transformerCity, "C2,消火栓,东升小区消火栓,26.63000,106.65000,白云区大山洞街道东升小区,在用"], to: city)
        try write([transformerPower, "P9,充电桩,金苑小区充电桩,26.60000,106.63000,白云区大山洞街道金苑小区,在用"], to: power)
        let fixture = try PipelineFixture(sources: source("city", city) + "\n" + source("power", power))
        XCTAssertEqual(try fixture.run().status, 0)
        let transformer = try facilities(fixture)["city#C3"]!
        XCTAssertEqual(try facilities(fixture)["power#P3"], transformer)
        let night1 = try fixture.rows("SELECT name, lat, lon FROM dwd_facility WHERE facility_id = '\(transformer)'")[0].description
        // Night 2: only the hydrant's status changes; night 3: only the charger's.
        try write([transformerCity, "C2,消火栓,东升小区消火栓,26.63000,106.65000,白云区大山洞街道东升小区,停用"], to: city)
        XCTAssertEqual(try fixture.run().status, 0)
        try write([transformerPower, "P9,充电桩,金苑小区充电桩,26.60000,106.63000,白云区大山洞街道金苑小区,维修中"], to: power)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.rows("SELECT name, lat, lon FROM dwd_facility WHERE facility_id = '\(transformer)'")[0].description, night1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history WHERE facility_id = '\(transformer)'") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT last_seen_run FROM dwd_facility WHERE facility_id = '\(transformer)'") as Int?, 3)
        // The changed records did change their facilities.
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history") as Int?, 3 + 2)
    }

    /// A record that changed one value takes that value only (the city's new owner does not bring its old 在用 back
    /// over the utility's 停用), a vaguer address does not replace the utility's, and points outside Guizhou
    /// (0,0, a point in Beijing) never link facilities of two compounds.
    func testAChangedRecordTakesOnlyItsChangedValuesAndBogusPointsLinkNothing() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try write(["P1,变压器,凤凰山小区1号变压器,26.62105,106.64104,白云区大山洞街道凤凰山小区配电间旁,在用",
                   "P4,路灯,凤凰山小区1号路灯,26.62200,106.64200,白云区大山洞街道凤凰山小区,在用",
                   "P5,路灯,凤凰山小区11号路灯,26.62201,106.64201,白云区大山洞街道凤凰山小区,24小时不间断运行",
                   "P6,5G基站,凤凰山小区5G基站,0,0,白云区大山洞街道凤凰山小区,在用",
                   "P2,5G基站,5G基站,0,0,白云区大山洞街道长征新村,在用",
                   "P3,充电桩,1号充电桩,39.915,116.404,白云区大山洞街道南关小区,在用"], to: power)
        let cityRows = { (owner: String) in
            ["C1,箱变,凤凰山小区1号箱变,26.62100,106.64100,白云区大山洞街道凤凰山小区,在用\(owner)",
             "C2,5G基站,5G基站,0,0,白云区大山洞街道南关小区,在用",
             "C3,充电桩,1号充电桩,39.915,116.404,白云区大山洞街道碧云小区,在用",
             "C4,5G基站,凤凰山小区5G基站,26.62300,106.64300,白云区大山洞街道凤凰山小区,在用"]
        }
        try write(cityRows(""), to: city)
        let fixture = try PipelineFixture(sources: source("power", power) + "\n" + source("city", city))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 8,
                       "the transformer is one facility, and so is the station one feed sent at 0,0")
        XCTAssertEqual(try facilities(fixture)["power#P6"], try facilities(fixture)["city#C4"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility WHERE facility_type = 'street_light' AND status = 'in_service'") as Int?, 2,
                       "1号 and 11号 are two lamps, and 不间断运行 is in service")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility WHERE lat = 0") as Int?, 0, "0,0 is no position")
        let transformer = try facilities(fixture)["power#P1"]!
        XCTAssertEqual(try facilities(fixture)["city#C1"], transformer)
        func state() throws -> String {
            try fixture.rows("SELECT status, address FROM dwd_facility WHERE facility_id = '\(transformer)'")
                .map { "\($0[0] as String):\($0[1] as String)" }[0]
        }
        XCTAssertEqual(try state(), "in_service:贵州省贵阳市白云区大山洞街道凤凰山小区配电间旁")
        // Night 2: the utility takes it out of service. Night 3: the city re-exports with only a remark added to
        // its name column's neighbour (the status column still says 在用).
        try write(["P1,变压器,凤凰山小区1号变压器,26.62105,106.64104,白云区大山洞街道凤凰山小区配电间旁,停用"], to: power)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try state(), "out_of_service:贵州省贵阳市白云区大山洞街道凤凰山小区配电间旁")
        try write(["C1,箱变,凤凰山小区1号箱变,26.62100,106.64100,白云区大山洞街道凤凰山小区,在用"].map {
            $0.replacingOccurrences(of: "凤凰山小区1号箱变", with: "凤凰山小区1号箱式变压器") }, to: city)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try state(), "out_of_service:贵州省贵阳市白云区大山洞街道凤凰山小区配电间旁")
        XCTAssertEqual(try fixture.query("SELECT name FROM dwd_facility WHERE facility_id = '\(transformer)'") as String?,
                       "凤凰山小区1号箱式变压器", "the value the city changed")
    }

    /// A status word no one could read (待移交) is a warning, and the facility keeps the status another feed
    /// gave: the broken street light stays broken and its compound keeps the gap. 投运 and 畅通 are in service.
    func testAnUnreadableStatusDoesNotReplaceAKnownOne() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try write(["C1,路灯,双水小区路灯,26.54227,104.95600,白云区大山洞街道双水小区,损坏",
                   "C2,配电房,双水小区配电房,26.54200,104.95600,白云区大山洞街道双水小区,在用"], to: city)
        try write(["P1,路灯,双水小区路灯,26.54227,104.95601,白云区大山洞街道双水小区,待移交",
                   "P2,配电房,双水小区配电房,26.54200,104.95601,白云区大山洞街道双水小区,看情况",
                   "P3,充电桩,双水小区北门充电桩,26.54300,104.95700,白云区大山洞街道双水小区,投运",
                   "P4,消防通道,双水小区消防通道,26.54400,104.95800,白云区大山洞街道双水小区,畅通",
                   "P5,消火栓,双水小区消火栓,26.54500,104.95900,白云区大山洞街道双水小区,待移交"], to: power)
        let fixture = try PipelineFixture(sources: source("city", city) + "\n" + source("power", power))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        var statuses: [String: String] = [:]
        for row in try fixture.rows("SELECT name, COALESCE(status, 'NULL') AS status FROM dwd_facility") {
            statuses[row["name"]] = row["status"]
        }
        XCTAssertEqual(statuses, ["双水小区路灯": "out_of_service", "双水小区配电房": "in_service",
                                  "双水小区北门充电桩": "in_service", "双水小区消防通道": "in_service",
                                  "双水小区消火栓": "NULL"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'unknown_status' AND severity = 'warning'") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history") as Int?, 5, "nothing changed on the city's two")
        let missing = try XCTUnwrap(try fixture.query("SELECT missing_basic_types FROM dws_compound_summary") as String?)
        XCTAssertTrue(missing.contains("street_light"), missing)
    }

    /// The 5 of 5G is a technology, not a facility number: the survey's 水钢一村基站 and the tower company's
    /// 水钢一村5G基站 10 m apart are one station, as 东门基站 / 东门铁塔基站 are; a 4G and a 5G station stay two.
    func testATechnologyInAStationsNameIsNoFacilityNumber() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), tower = folder.appendingPathComponent("tower.csv")
        try write(["C1,通信基站,水钢一村基站,26.59122,104.83080,钟山区黄土坡街道水钢一村,在用",
                   "C2,通信基站,水钢一村东门基站,26.59122,104.83200,钟山区黄土坡街道水钢一村,在用",
                   "C3,通信基站,水钢二村4G基站,26.59500,104.83500,钟山区黄土坡街道水钢二村,在用"], to: city)
        try write(["T1,5G宏站,水钢一村5G基站,26.59113,104.83080,钟山区黄土坡街道水钢一村,在用",
                   "T2,宏站,水钢一村东门铁塔基站,26.59113,104.83199,钟山区黄土坡街道水钢一村,在用",
                   "T3,5G宏站,水钢二村5G基站,26.59501,104.83501,钟山区黄土坡街道水钢二村,在用"], to: tower)
        let sources = [("city", city), ("tower", tower)].map { name, file in
            PipelineRunTests.source(name, file, format: "csv", entity: "facility", owner: "六盘水市", kind: "city", extra: [
                "record_key: 编号", "coordinates: wgs84",
                "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度, address: 地址, status: 状态}",
                "context: {prefecture: 六盘水市}"])
        }
        let fixture = try PipelineFixture(sources: sources.joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        XCTAssertEqual(ids["tower#T1"], ids["city#C1"], "one station, named with and without its technology")
        XCTAssertEqual(ids["tower#T2"], ids["city#C2"])
        XCTAssertNotEqual(ids["tower#T3"], ids["city#C3"], "a 4G and a 5G station")
        XCTAssertEqual(Set(ids.values).count, 4)
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM facility_source WHERE record_key = 'T1'") as String?, "type+distance+name")
    }

    /// An inventory that names two records alike under two keys lists two facilities: 宝山小区庭院灯 twice 25 m
    /// apart, and 东关小区庭院灯 twice without a position in one compound; so does one listing 头桥小区配电房 and
    /// 头桥小区二号配电房. Two spellings at one spot (充电桩 / 电动汽车充电站, a file merged from several reporters)
    /// are still one, and so is a numbered name written alike twice (宝山小区1号二次供水泵房 under SW-0038 and JD-0038).
    /// Another feed's record joins one of the lamps, and a record whose key the file already used (a second
    /// inspection of one fire lane) joins the first's facility.
    func testAnInventoryListsDistinctFacilitiesUnderDistinctKeys() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try """
            编号,类型,名称,所属小区,纬度,经度
            P1,配电房,头桥小区配电房,头桥小区,26.62100,106.64100
            P2,配电房,头桥小区二号配电房,头桥小区,26.62102,106.64102
            P3,充电桩,沙冲小区南门充电桩,沙冲小区,26.63000,106.65000
            P4,充电桩,沙冲小区南门电动汽车充电站,沙冲小区,26.63004,106.65004
            P5,路灯,宝山小区庭院灯,宝山小区,26.591265,106.715396
            P6,路灯,宝山小区庭院灯,宝山小区,26.591253,106.715648
            P7,路灯,东关小区庭院灯,东关小区,,
            P8,路灯,东关小区庭院灯,东关小区,,
            P9,消防通道,东关小区消防通道,东关小区,26.25000,105.93000
            P9,消防通道,东关小区消防通道,东关小区,26.25000,105.93000
            SW-0038,二次供水泵房,宝山小区1号二次供水泵房,宝山小区,26.592000,106.716000
            JD-0038,二次供水泵房,宝山小区1号二次供水泵房,宝山小区,26.592040,106.716030

            """.write(to: power, atomically: true, encoding: .utf8)
        try """
            编号,类型,名称,所属小区,纬度,经度
            C5,路灯,宝山小区庭院灯,宝山小区,26.591270,106.715400

            """.write(to: city, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource("power", power) + "\n" + compoundSource("city", city))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try facilities(fixture)
        XCTAssertEqual(linked["power#P3"], linked["power#P4"], "one charger, spelled two ways")
        for (a, b) in [("P1", "P2"), ("P5", "P6"), ("P7", "P8")] {
            XCTAssertNotEqual(linked["power#\(a)"], linked["power#\(b)"], "\(a) and \(b) are two records of one inventory")
        }
        XCTAssertEqual(linked["city#C5"], linked["power#P5"], "the city's lamp is the nearer of the two")
        XCTAssertEqual(linked["power#P9"], linked["power#P9#2"], "a key used twice is one facility listed twice")
        // A name written alike with its installation's number, under two reporters' keys of one merged file, 5 m
        // apart: one pump listed twice (trial 13-b: 15 such pairs stayed two facilities).
        XCTAssertEqual(linked["power#SW-0038"], linked["power#JD-0038"], "宝山小区1号二次供水泵房 listed twice")
        XCTAssertEqual(Set(linked.values).count, 9)
    }

    /// A capacity and its unit go together: the city's bare 800 for the utility's 630kVA transformer is not 800 kVA,
    /// nor does it erase the kVA; a bare number leaves a capacity with a unit as it is (the charger keeps 8个), while
    /// a capacity with a unit replaces a bare one.
    func testABareCapacityDoesNotReplaceOneWithAUnit() throws {
        let folder = try TestPaths.temporaryFolder()
        let power = folder.appendingPathComponent("power.csv"), city = folder.appendingPathComponent("city.csv")
        let source = { (name: String, file: URL) in
            PipelineRunTests.source(name, file, format: "csv", entity: "facility", extra: [
                "record_key: 编号", "coordinates: wgs84", "context: {prefecture: 贵阳市}",
                "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度, capacity: 容量}"])
        }
        try """
            编号,类型,名称,纬度,经度,容量
            P1,变压器,东升小区1号变压器,26.62100,106.64100,630kVA
            P2,充电桩,东升小区北门充电桩,26.62300,106.64300,8个
            P3,变压器,东升小区2号变压器,26.62500,106.64500,400

            """.write(to: power, atomically: true, encoding: .utf8)
        try """
            编号,类型,名称,纬度,经度,容量
            C1,变压器,东升小区1号变压器,26.62101,106.64101,800
            C2,充电桩,东升小区北门充电桩,26.62301,106.64301,120
            C3,变压器,东升小区2号变压器,26.62501,106.64501,500kVA
            C4,变压器,东升小区3号变压器,26.62700,106.64700,315

            """.write(to: city, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: source("power", power) + "\n" + source("city", city))
        XCTAssertEqual(try fixture.run().status, 0)
        var capacities: [String: String] = [:]
        for row in try fixture.rows("SELECT name, capacity || ' ' || COALESCE(capacity_unit, 'NULL') AS c FROM dwd_facility") {
            capacities[row["name"]] = row["c"]
        }
        XCTAssertEqual(capacities, ["东升小区1号变压器": "630.0 kVA", "东升小区北门充电桩": "8.0 个",
                                    "东升小区2号变压器": "500.0 kVA", "东升小区3号变压器": "315.0 NULL"])
    }

    /// 1号 and 一号 are one number; a gate after the compound is a spot, not a compound; a compound whose only
    /// hydrant is scrapped lacks fire safety; 带病运行 is not in service.
    func testNumeralsGatesAndStatusesOfFacilities() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try write(["C1,配电房,金桂苑1号配电房,26.62100,106.64100,白云区大山洞街道金桂苑,在用",
                   "C2,充电桩,金桂苑北门充电桩,26.62300,106.64300,白云区大山洞街道金桂苑北门,在用",
                   "C3,消火栓,金桂苑消火栓,26.62400,106.64400,白云区大山洞街道金桂苑,已报废",
                   "C4,消防站,金桂苑微型消防站,26.62500,106.64500,白云区大山洞街道金桂苑,带病运行"], to: city)
        try write(["P1,配电房,金桂苑一号配电房,26.62101,106.64101,白云区大山洞街道金桂苑,在用",
                   "P2,充电桩,金桂苑西门充电桩,26.62900,106.64900,白云区大山洞街道金桂苑西门,在用"], to: power)
        let fixture = try PipelineFixture(sources: source("city", city) + "\n" + source("power", power))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        XCTAssertEqual(ids["power#P1"], ids["city#C1"], "1号 and 一号 配电房 at one spot")
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound").map { $0["name"] as String }, ["金桂苑"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility WHERE compound_id IS NULL") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_facility f JOIN facility_source s USING (facility_id) WHERE s.record_key = 'P2'") as String?,
                       "贵州省贵阳市白云区大山洞街道金桂苑西门")
        XCTAssertEqual(try fixture.query("SELECT status FROM dwd_facility WHERE name = '金桂苑微型消防站'") as String?, "out_of_service")
        let missing = try XCTUnwrap(try fixture.query("SELECT missing_basic_types FROM dws_compound_summary") as String?)
        XCTAssertTrue(missing.contains("fire_safety"), missing)
        XCTAssertFalse(missing.contains("power"), missing)
        XCTAssertTrue(try fixture.query("SELECT facilities_by_type FROM dws_compound_summary").map { (text: String) in text.contains("\"fire_safety\":") } ?? false)
    }
    /// A survey that nests its facilities under their compound (`<小区 名称="…"><设施列表><设施>…`, the name an
    /// attribute or an element) gives each facility its compound and place through `../` fields, also when the
    /// facility's own location says only where it stands (北门, 东侧, 院内), which names no compound of its own.
    func testFacilitiesOfANestedSurveyTakeTheCompoundOfTheirEnclosingElement() throws {
        let survey = PipelineRunTests.source("survey", URL(fileURLWithPath: TestPaths.fixture("xml/survey-nested.xml")), format: "xml",
            entity: "facility", owner: "住建厅", kind: "department", extra: [
                "options: {record_path: /住建设施调查/小区/设施列表/设施}",
                "record_key: [\"@编号\", 编号]",
                "fields: {facility_type: [\"@类型\", 类型], name: 名称, address: 位置, compound: [../../@名称, ../../名称],",
                "         county: [../../@区县, ../../区县], township: ../../街道}",
            ])
        let fixture = try PipelineFixture(sources: survey)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound ORDER BY name").map { $0[0] as String }, ["电业局宿舍", "荷城花园小区"])
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key || ':' || IFNULL(c.name, '-') || ':' || IFNULL(f.region_code, '-') FROM facility_source s
            JOIN dwd_facility f USING (facility_id) LEFT JOIN dim_compound c USING (compound_id) ORDER BY s.record_key
            """).map { $0[0] as String? ?? "-" },
                       ["ZJ-1:荷城花园小区:520201014000", "ZJ-2:荷城花园小区:520201014000", "ZJ-3:电业局宿舍:520201014000"])
    }

    /// Two records of one survey under two keys are two facilities when one of them has no name: the type label a
    /// nameless record is matched by says nothing that makes it the named one next to it, whichever comes first
    /// (a nameless 垃圾收集点 that is 完好 and 南门垃圾收集点 待维修; a nameless 二次供水泵房 在用 and 南门供水管网 在建;
    /// a nameless 新能源充电设施 and 西侧充电桩配套变压器, a transformer). A nameless record of the survey still joins
    /// the power company's 配电房 of its compound.
    func testANamelessRecordAndANamedOneOfOneSurveyAreTwoFacilities() throws {
        let folder = try TestPaths.temporaryFolder()
        let surveyFile = folder.appendingPathComponent("survey-2024-05.xml"), powerFile = folder.appendingPathComponent("power.csv")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <住建设施调查>
              <小区 名称="新华印刷厂宿舍" 区县="钟山区">
                <所属街道>荷城街道</所属街道>
                <设施列表>
                  <设施 编号="ZJ-C01-01" 类型="二次供水泵房"><名称></名称><状态>在用</状态></设施>
                  <设施 编号="ZJ-C01-02" 类型="配电房"><名称></名称><状态>在用</状态></设施>
                  <设施 编号="ZJ-C01-07" 类型="供水管网"><名称>南门供水管网</名称><状态>在建</状态></设施>
                </设施列表>
              </小区>
              <小区 名称="湘雅小区" 区县="钟山区">
                <所属街道>荷城街道</所属街道>
                <设施列表>
                  <设施 编号="ZJ-C23-03" 类型="充电桩配套变压器"><名称>西侧充电桩配套变压器</名称><状态>在建</状态></设施>
                  <设施 编号="ZJ-C23-05" 类型="垃圾收集点"><名称>南门垃圾收集点</名称><状态>待维修</状态></设施>
                  <设施 编号="ZJ-C23-09" 类型="垃圾收集点"><名称></名称><状态>完好</状态></设施>
                  <设施 编号="ZJ-C23-10" 类型="新能源充电设施"><名称/><状态>在用</状态></设施>
                </设施列表>
              </小区>
            </住建设施调查>

            """.write(to: surveyFile, atomically: true, encoding: .utf8)
        try "编号,类型,名称,所属小区,状态\nP1,配电室,新华印刷厂宿舍配电室,新华印刷厂宿舍,在用\n"
            .write(to: powerFile, atomically: true, encoding: .utf8)
        let power = PipelineRunTests.source("power", powerFile, format: "csv", entity: "facility", owner: "供电局", kind: "department",
            extra: ["record_key: 编号", "context: {prefecture: 六盘水市, county: 钟山区}",
                    "fields: {facility_type: 类型, name: 名称, compound: 所属小区, status: 状态}"])
        let survey = PipelineRunTests.source("survey", surveyFile, format: "xml", entity: "facility", owner: "住建厅", kind: "department",
            extra: ["options: {record_path: /住建设施调查/小区/设施列表/设施}", "record_key: \"@编号\"",
                    "context: {prefecture: 六盘水市}",
                    "fields: {facility_type: \"@类型\", name: 名称, status: 状态, compound: ../../@名称, county: ../../@区县,",
                    "         township: ../../所属街道}"])
        let fixture = try PipelineFixture(sources: power + "\n" + survey)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        let status = { (key: String) throws -> String? in
            try fixture.query("SELECT status FROM dwd_facility WHERE facility_id = '\(ids[key] ?? "")'")
        }
        XCTAssertNotEqual(ids["survey#ZJ-C23-05"], ids["survey#ZJ-C23-09"], "a nameless 垃圾收集点 and 南门垃圾收集点")
        XCTAssertEqual(try status("survey#ZJ-C23-05"), "out_of_service")
        XCTAssertEqual(try status("survey#ZJ-C23-09"), "in_service")
        XCTAssertNotEqual(ids["survey#ZJ-C01-01"], ids["survey#ZJ-C01-07"], "a nameless pump room and 南门供水管网")
        XCTAssertEqual(try status("survey#ZJ-C01-01"), "in_service")
        XCTAssertEqual(try status("survey#ZJ-C01-07"), "under_construction")
        XCTAssertNotEqual(ids["survey#ZJ-C23-03"], ids["survey#ZJ-C23-10"], "a transformer and a nameless charger")
        XCTAssertEqual(try fixture.query("SELECT facility_type FROM dwd_facility WHERE facility_id = '\(ids["survey#ZJ-C23-03"] ?? "")'") as String?,
                       "power")
        XCTAssertEqual(ids["survey#ZJ-C01-02"], ids["power#P1"], "the nameless 配电房 is the power company's")
        XCTAssertEqual(Set(ids.values).count, 7)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 7)
    }

    /// A source with its own compound column (所属小区), as city inventories have.
    func compoundSource(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "facility", extra: [
            "record_key: 编号", "coordinates: wgs84", "context: {prefecture: 贵阳市, county: 云岩区}",
            "fields: {facility_type: 类型, name: 名称, compound: 所属小区, lat: 纬度, lon: 经度}"])
    }

    /// The facility match name sees through how the number and the compound are written: 宝山小区2号充电桩 is
    /// 宝山小区充电桩02, and under the 所属小区 宝山小区 2号消防栓 is 宝山小区2号消火栓 and 1号充电桩 is 宝山小区充电桩1.
    /// Different numbers stay two facilities however close, and so do facilities of two compounds whose names
    /// differ only in the compound.
    func testAFacilityMatchNameIgnoresLeadingZerosNumberPlacesTheCompoundAndKindSynonyms() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        try """
            编号,类型,名称,所属小区,纬度,经度
            C1,充电桩,宝山小区2号充电桩,宝山小区,26.59000,106.71000
            C2,消防栓,2号消防栓,宝山小区,26.59100,106.71100
            C3,充电桩,1号充电桩,宝山小区,26.59200,106.71200
            C4,消防栓,宝山小区消防栓3,宝山小区,26.59300,106.71300
            C5,路灯,1号路灯,宝山小区,26.59400,106.71400
            C6,配电房,水钢1村配电房,水钢1村,26.59500,106.71500

            """.write(to: city, atomically: true, encoding: .utf8)
        try """
            编号,类型,名称,所属小区,纬度,经度
            P1,充电桩,宝山小区充电桩02,宝山小区,26.59010,106.71000
            P2,消火栓,宝山小区2号消火栓,宝山小区,26.59110,106.71100
            P3,充电桩,宝山小区充电桩1,宝山小区,26.59210,106.71200
            P4,消火栓,宝山小区三号消火栓,宝山小区,26.59310,106.71300
            P5,路灯,宝山小区2号路灯,宝山小区,26.59402,106.71400
            P6,配电房,水钢2村配电房,水钢2村,26.59505,106.71500

            """.write(to: power, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource("city", city) + "\n" + compoundSource("power", power))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        for number in 1...4 {
            XCTAssertEqual(ids["city#C\(number)"], ids["power#P\(number)"], "pair \(number) is one facility")
        }
        XCTAssertNotEqual(ids["city#C5"], ids["power#P5"], "1号 and 2号 路灯 are two lamps")
        XCTAssertNotEqual(ids["city#C6"], ids["power#P6"], "the power rooms of two compounds")
        XCTAssertEqual(Set(ids.values).count, 8)
    }
    /// A coordinate 10 km off kept the city's charger apart from the utility's on night 1; on night 2 the city sends
    /// the corrected point, and the two facilities become the older one, the other id an alias. Two lamps of one
    /// inventory stay two when one of them is moved next to the other.
    func testACorrectedCoordinateMergesTheFacilitiesItSplit() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv"), power = folder.appendingPathComponent("power.csv")
        let header = "编号,类型,名称,所属小区,纬度,经度\n"
        try (header + """
            P1,充电桩,八鸽岩小区1号充电桩,八鸽岩小区,26.597100,106.722100

            """).write(to: power, atomically: true, encoding: .utf8)
        try (header + """
            C1,充电桩,1号充电桩,八鸽岩小区,26.507000,106.722000
            C2,路灯,八鸽岩小区庭院灯,八鸽岩小区,26.598000,106.723000
            C3,路灯,八鸽岩小区庭院灯,八鸽岩小区,26.508000,106.723000

            """).write(to: city, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource("power", power) + "\n" + compoundSource("city", city))
        XCTAssertEqual(try fixture.run().status, 0)
        let night1 = try facilities(fixture)
        XCTAssertNotEqual(night1["city#C1"], night1["power#P1"], "10 km apart on night 1")
        try (header + """
            C1,充电桩,1号充电桩,八鸽岩小区,26.597000,106.722000
            C2,路灯,八鸽岩小区庭院灯,八鸽岩小区,26.598000,106.723000
            C3,路灯,八鸽岩小区庭院灯,八鸽岩小区,26.598100,106.723000

            """).write(to: city, atomically: true, encoding: .utf8)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let night2 = try facilities(fixture)
        XCTAssertEqual(night2["city#C1"], night2["power#P1"], "one charger once the city's point is right")
        XCTAssertNotEqual(night2["city#C2"], night2["city#C3"], "two lamps of one inventory")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 3)
        let survivor = try XCTUnwrap(night2["power#P1"])
        XCTAssertEqual(survivor, [night1["city#C1"]!, night1["power#P1"]!].min(), "both first seen on run 1: the smaller id survives")
        let merged = try fixture.rows("SELECT alias_id, facility_id, merged_run, rule FROM facility_alias")
        XCTAssertEqual(merged.map { "\($0["alias_id"] as String)>\($0["facility_id"] as String)@\($0["merged_run"] as Int)" },
                       ["\([night1["city#C1"]!, night1["power#P1"]!].max()!)>\(survivor)@2"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility_history WHERE valid_to_run IS NULL AND facility_id NOT IN (SELECT facility_id FROM dwd_facility)") as Int?, 0,
                       "the merged-away facility has no current version")
    }
    /// The power company's 箱变 was 800 m off on night 1; on night 2 it sends the corrected point and 已拆除 (removed).
    /// The record now merges into the survey's older 箱变, and the merged facility takes what the record just said,
    /// the point and the status, over the survey's older 基本完好: merging must not bring the old values back.
    func testAMergeKeepsTheValuesTheRecordJustChanged() throws {
        let folder = try TestPaths.temporaryFolder()
        let survey = folder.appendingPathComponent("survey.csv"), power = folder.appendingPathComponent("power.csv")
        let header = "编号,类型,名称,所属小区,纬度,经度,状态\n"
        try (header + "S1,箱变,箱式变压器,荷城花园小区,26.585946,104.836680,基本完好\n")
            .write(to: survey, atomically: true, encoding: .utf8)
        try (header + "G3,箱变,荷城花园小区800kVA箱变,荷城花园小区,26.592946,104.836680,运行正常\n")
            .write(to: power, atomically: true, encoding: .utf8)
        func source(_ name: String, _ file: URL) -> String {
            PipelineRunTests.source(name, file, format: "csv", entity: "facility", extra: [
                "record_key: 编号", "coordinates: wgs84", "context: {prefecture: 六盘水市, county: 钟山区}",
                "fields: {facility_type: 类型, name: 名称, compound: 所属小区, lat: 纬度, lon: 经度, status: 状态}"])
        }
        let fixture = try PipelineFixture(sources: source("survey", survey) + "\n" + source("power", power))
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 2, "800 m apart on night 1")
        try (header + "G3,箱变,荷城花园小区800kVA箱变,荷城花园小区,26.585950,104.836680,已拆除\n")
            .write(to: power, atomically: true, encoding: .utf8)
        let night2 = try fixture.run()
        XCTAssertEqual(night2.status, 0, night2.stderr)
        let rows = try fixture.rows("SELECT facility_id, status, lat FROM dwd_facility")
        XCTAssertEqual(rows.count, 1, "one 箱变 once the point is right")
        XCTAssertEqual(rows.first?["status"] as String?, "out_of_service", "the record's 已拆除, not the survey's older 基本完好")
        XCTAssertEqual(try XCTUnwrap(rows.first?["lat"] as Double?), 26.58595, accuracy: 0.000001)
        let current = try fixture.rows("""
            SELECT status FROM dwd_facility_history WHERE valid_to_run IS NULL AND facility_id IN (SELECT facility_id FROM dwd_facility)
            """)
        XCTAssertEqual(current.map { $0["status"] as String? }, ["out_of_service"])
    }

    /// 经纬度 mapped to both `lat` and `lon`, one of two columns holding both values (either order), and
    /// degrees-minutes-seconds all give a position; a cell with one number where two are needed says so, quoting it.
    func testCoordinatesInOneCellOrInDegreesMinutesSecondsAreRead() throws {
        let folder = try TestPaths.temporaryFolder()
        let anshun = folder.appendingPathComponent("anshun.csv"), city = folder.appendingPathComponent("city.csv")
        try """
            编号,类型,名称,小区,经纬度
            A1,路灯,东关小区1号路灯,东关小区,"26.24363,105.93362"
            A2,路灯,东关小区2号路灯,东关小区,105.93462，26.24363
            A3,路灯,东关小区3号路灯,东关小区,26.24363

            """.write(to: anshun, atomically: true, encoding: .utf8)
        try """
            编号,类型,名称,纬度,经度
            C1,路灯,宝山小区1号路灯,,"106.708820,26.582477"
            C2,路灯,宝山小区2号路灯,26°35′26.6″,106°42′54.1″

            """.write(to: city, atomically: true, encoding: .utf8)
        let sources = [
            PipelineRunTests.source("anshun", anshun, format: "csv", entity: "facility", extra: [
                "record_key: 编号", "context: {prefecture: 安顺市, county: 西秀区}",
                "fields: {facility_type: 类型, name: 名称, compound: 小区, lat: 经纬度, lon: 经纬度}"]),
            PipelineRunTests.source("city", city, format: "csv", entity: "facility", extra: [
                "record_key: 编号", "context: {prefecture: 贵阳市, county: 云岩区}",
                "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度}"]),
        ]
        let fixture = try PipelineFixture(sources: sources.joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        var positions: [String: String] = [:]
        for row in try fixture.rows("SELECT s.record_key, f.lat, f.lon FROM facility_source s JOIN dwd_facility f USING (facility_id)") {
            positions[row["record_key"]] = (row["lat"] as Double?).map { lat in String(format: "%.5f,%.5f", lat, row["lon"] as Double) } ?? "none"
        }
        XCTAssertEqual(positions, ["A1": "26.24363,105.93362", "A2": "26.24363,105.93462", "A3": "none",
                                   "C1": "26.58248,106.70882", "C2": "26.59072,106.71503"])
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_reject WHERE rule = 'invalid_coordinates'") as String?,
                       "\"26.24363\" is no latitude and longitude: both must be given, in two columns or in one cell as two numbers (26.58,106.71, [106.71,26.58] or POINT(106.71 26.58))")
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'invalid_coordinates'") as String?, "26.24363",
                       "the cell as written, not 26.24363/26.24363")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 1)
    }
    /// A spreadsheet's error value as the type or a coordinate is named as one, not as a word to add to the vocabulary.
    func testAnExcelErrorValueIsNamedAsOne() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv")
        try write(["X1,#N/A,宝山小区路灯,26.59000,106.71000,云岩区宝山小区,在用",
                   "X2,#DIV/0!,宝山小区路灯,26.59000,106.71000,云岩区宝山小区,在用",
                   "X3,井盖,宝山小区井盖,26.59000,106.71000,云岩区宝山小区,在用",
                   "X4,路灯,宝山小区1号路灯,#VALUE!,#VALUE!,云岩区宝山小区,在用"], to: city)
        let fixture = try PipelineFixture(sources: source("city", city) + "\n    max_reject_ratio: 0.9")
        XCTAssertEqual(try fixture.run().status, 0)
        let messages = try fixture.rows("SELECT record_number, message FROM etl_reject WHERE rule IN ('unknown_facility_type', 'invalid_coordinates') ORDER BY record_number")
            .map { $0["message"] as String }
        XCTAssertEqual(messages, [
            "\"#N/A\" is an Excel error value, not a facility type: the formula of this cell failed in the workbook the feed was exported from",
            "\"#DIV/0!\" is an Excel error value, not a facility type: the formula of this cell failed in the workbook the feed was exported from",
            "\"井盖\" is not a known facility type (add it under vocabularies.facility_type)",
            "\"#VALUE!\" is an Excel error value, not a coordinate: the formula of this cell failed in the workbook the feed was exported from",
        ])
    }

    /// Trial 17b: a survey's hydrant without a point fits the fire brigade's two hydrants of one name, 90 m apart,
    /// alike. It is linked to neither (before, to the first by id, with nothing to flag it): a facility of its own,
    /// `ambiguous`, and an `ambiguous_facility` warning naming both. A latitude of 0 beside a real longitude is the
    /// missing half of a position, as 0/0 is none: left empty with `invalid_coordinates`, not stored at latitude 0.
    func testARecordWithoutAPositionFittingTwoFacilitiesAlikeIsLinkedToNeither() throws {
        let folder = try TestPaths.temporaryFolder()
        let fire = folder.appendingPathComponent("fire.csv"), survey = folder.appendingPathComponent("survey.csv")
        let place = "南明区新华路街道测歧义小区"
        try write(["Y1,室外消火栓,测歧义小区室外消火栓,26.58000,106.72000,\(place),在用",
                   "Y2,室外消火栓,测歧义小区室外消火栓,26.58000,106.72090,\(place),在用"], to: fire)
        try write(["A1,消火栓,测歧义小区消火栓,,,\(place),在用",
                   "A2,路灯,测歧义小区路灯,0,106.72000,\(place),在用"], to: survey)
        let fixture = try PipelineFixture(sources: source("fire", fire) + "\n" + source("survey", survey))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let ids = try facilities(fixture)
        XCTAssertEqual(Set(ids.values).count, 4, "\(ids)")
        let hydrants = [ids["fire#Y1"]!, ids["fire#Y2"]!].sorted()
        XCTAssertEqual(try fixture.rows("SELECT match_rule, match_score FROM facility_source WHERE record_key = 'A1'")
            .map { "\($0[0] as String) \($0[1] as Double)" }, ["ambiguous 0.5"])
        let warning = try XCTUnwrap(fixture.rows("SELECT record_number, value, message FROM etl_reject WHERE rule = 'ambiguous_facility'").first)
        XCTAssertEqual(warning["record_number"] as Int?, 1)
        XCTAssertEqual(warning["value"] as String?, hydrants.joined(separator: ","))
        XCTAssertEqual(warning["message"] as String?, "without a position, its type, compound and name fit 2 facilities alike (\(hydrants.joined(separator: ", "))); it was linked to none of them and has a facility of its own, \(ids["survey#A1"]!)")
        XCTAssertTrue(result.stderr.contains("survey: 2 read, 2 loaded, 0 rejected, 2 warnings"), result.stderr)
        // Both warnings have a line of their own, the light's coordinates and then the load's, naming the file, line
        // and record as the extract's do; nothing is left to count after them.
        XCTAssertTrue(result.stderr.contains("survey.csv:2: record 1: without a position, its type, compound and name fit 2 facilities alike"), result.stderr)
        XCTAssertTrue(result.stderr.contains("has a facility of its own, \(ids["survey#A1"]!) (\(hydrants.joined(separator: ","))) [ambiguous_facility, warning]"), result.stderr)
        XCTAssertFalse(result.stderr.contains("more warning"), result.stderr)
        XCTAssertEqual(try fixture.query("SELECT line FROM etl_reject WHERE rule = 'ambiguous_facility'") as Int?, 2)
        // The light: no position at all, rather than one on the equator.
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility WHERE facility_id = '\(ids["survey#A2"]!)' AND lat IS NULL AND lon IS NULL") as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_reject WHERE rule = 'invalid_coordinates'") as String?,
                       "a latitude of 0 stands for one missing, as 0/0 for no position; the position is left empty")
    }
}

extension FacilityLinkingTests {
    /// A record whose latitude column holds the longitude is corrected, and the `coordinates_swapped` warning says
    /// which number is which, as written and as corrected (the 20a trial read `corrected (106.716561/26.619481)`
    /// with no labels).
    func testASwappedPositionIsCorrectedWithEachNumberNamed() throws {
        let folder = try TestPaths.temporaryFolder()
        let city = folder.appendingPathComponent("city.csv")
        try write(["X1,路灯,宝山小区1号路灯,106.716561,26.619481,云岩区宝山小区,在用"], to: city)
        let fixture = try PipelineFixture(sources: source("city", city))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT message FROM etl_reject WHERE rule = 'coordinates_swapped'") as String?,
                       "latitude and longitude were swapped: the latitude written is 106.716561 and the longitude 26.619481; corrected to latitude 26.619481, longitude 106.716561")
        XCTAssertTrue(result.stderr.contains("corrected to latitude 26.619481, longitude 106.716561 (106.716561/26.619481) [coordinates_swapped, warning]"),
                      result.stderr)
        XCTAssertEqual(try fixture.query("SELECT lat FROM dwd_facility") as Double?, 26.619481)
        XCTAssertEqual(try fixture.query("SELECT lon FROM dwd_facility") as Double?, 106.716561)
    }
}
