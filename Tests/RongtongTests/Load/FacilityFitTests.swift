import Foundation
import GRDB
import XCTest

/// Which facility a record fits, through real CSV files into a real warehouse: two records of one survey are two
/// facilities unless the file lists one twice; a name that is only a type word is no evidence against another
/// feed's name; and a feed's records take the facilities they fit best, whatever the file's order. The feeds are
/// 西秀区's (安顺市), with their own compound column.
final class FacilityFitTests: XCTestCase {
    func source(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", entity: "facility", extra: [
            "record_key: 编号", "coordinates: wgs84", "context: {prefecture: 安顺市, county: 西秀区}",
            "fields: {facility_type: 类型, name: 名称, compound: 所属小区, lat: 纬度, lon: 经度}"])
    }

    /// Loads the feeds (name → rows of 编号,类型,名称,所属小区,纬度,经度) in the order given; record key → facility id.
    func load(_ feeds: [(String, [String])]) throws -> (PipelineFixture, [String: String]) {
        let folder = try TestPaths.temporaryFolder()
        var sources: [String] = []
        for (name, rows) in feeds {
            let file = folder.appendingPathComponent("\(name).csv")
            try (["编号,类型,名称,所属小区,纬度,经度"] + rows).joined(separator: "\n").appending("\n")
                .write(to: file, atomically: true, encoding: .utf8)
            sources.append(source(name, file))
        }
        let fixture = try PipelineFixture(sources: sources.joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        var ids: [String: String] = [:]
        for row in try fixture.rows("SELECT record_key, facility_id FROM facility_source") {
            ids[row["record_key"]] = row["facility_id"]
        }
        return (fixture, ids)
    }

    /// One survey lists 消防栓 and 消火栓3 45 m apart (only one of them numbered), 配电房 and 配电房2 35 m apart,
    /// 路灯 and 太阳能路灯 30 m apart, 消防栓 and 消火栓 35 m apart: eight facilities, and the fire brigade's
    /// 钟鼓楼小区3号消火栓 is the survey's 消火栓3. Its re-check row 太阳能照明灯, 4 m from its 太阳能路灯, is one name
    /// spelled two ways at one spot: one lamp.
    func testTwoRecordsOfOneSurveyAreTwoFacilitiesUnlessItListsOneTwice() throws {
        let (fixture, ids) = try load([
            ("survey", ["S1,消火栓,消防栓,钟鼓楼小区,26.24400,105.93100",
                        "S2,室外消火栓,消火栓3,钟鼓楼小区,26.24400,105.931451",
                        "S3,配电房,配电房,钟鼓楼小区,26.24500,105.93100",
                        "S4,配电房,配电房2,钟鼓楼小区,26.24500,105.931351",
                        "S5,路灯,路灯,钟鼓楼小区,26.24600,105.93100",
                        "S6,路灯,太阳能路灯,钟鼓楼小区,26.24600,105.931301",
                        "S7,消火栓,消防栓,钟鼓楼小区,26.24700,105.93100",
                        "S8,消火栓,消火栓,钟鼓楼小区,26.24700,105.931351",
                        "S9,太阳能路灯,太阳能路灯,钟鼓楼小区,26.24800,105.93100",
                        "S10,照明灯,太阳能照明灯,钟鼓楼小区,26.248036,105.93100"]),
            ("fire", ["F1,消火栓,钟鼓楼小区3号消火栓,钟鼓楼小区,26.24400,105.931471"]),
        ])
        for (a, b) in [("S1", "S2"), ("S3", "S4"), ("S5", "S6"), ("S7", "S8")] {
            XCTAssertNotEqual(ids[a], ids[b], "\(a) and \(b) are two records of one survey")
        }
        XCTAssertEqual(ids["S9"], ids["S10"], "one lamp, spelled two ways at one spot")
        XCTAssertEqual(ids["F1"], ids["S2"], "the fire brigade's 3号 hydrant is the survey's 消火栓3")
        XCTAssertEqual(Set(ids.values).count, 9)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 9)
    }

    /// The power company lists 供销社宿舍路灯04 first, 30 m from the survey's 路灯, and 供销社宿舍路灯05 2 m from it:
    /// 路灯05 takes the survey's lamp and 路灯04 is a lamp of its own, in either order of the file.
    func testAFeedsRecordTakesTheFacilityItFitsBestWhateverTheFileOrder() throws {
        let lamp04 = "G4,路灯,供销社宿舍路灯04,供销社宿舍,26.24841,105.93916"
        let lamp05 = "G5,路灯,供销社宿舍路灯05,供销社宿舍,26.248158,105.93916"
        for rows in [[lamp04, lamp05], [lamp05, lamp04]] {
            let (fixture, ids) = try load([("survey", ["S1,路灯,路灯,供销社宿舍,26.24814,105.93916"]), ("power", rows)])
            XCTAssertEqual(ids["G5"], ids["S1"], "路灯05 stands 2 m from the survey's lamp (\(rows[0].prefix(2)) first)")
            XCTAssertNotEqual(ids["G4"], ids["S1"], "路灯04 stands 30 m away")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 2)
            XCTAssertEqual(try fixture.query("SELECT name FROM dwd_facility WHERE facility_id = '\(ids["G4"] ?? "")'") as String?,
                           "供销社宿舍路灯04")
        }
    }

    /// Names compared without the compound and the words that only name the type: the survey's 照明灯 is the power
    /// company's 若飞花园小区路灯01 3 m away, 移动5G基站 the tower company's 若飞花园6栋移动5G (the 6 of 6栋 is the
    /// survey's to leave out) and 联通5G基站 its 若飞花园11栋联通5G; 2号消防栓 is the fire brigade's 若飞花园2号消火拴 (a
    /// typo of the type word). Different numbers (3号消防栓), operators (移动 / 联通) and kinds (垃圾站 / 公厕) stay apart.
    func testANameThatIsOnlyATypeWordIsNoEvidenceAgainstAnother() throws {
        let (fixture, ids) = try load([
            ("survey", ["S1,照明灯,照明灯,若飞花园,26.24322,105.93101",
                        "S2,5G基站,移动5G基站,若飞花园,26.24446,105.93126",
                        "S3,5G基站,联通5G基站,若飞花园,26.24446,105.93156",
                        "S4,消防栓,2号消防栓,若飞花园,26.24405,105.93096",
                        "S5,消防栓,3号消防栓,若飞花园,26.24405,105.93121",
                        "S6,垃圾站,垃圾站,若飞花园,26.24500,105.93200"]),
            ("departments", ["P1,路灯,若飞花园小区路灯01,若飞花园,26.243247,105.93101",
                             "T1,5G基站,若飞花园6栋移动5G,若飞花园,26.244478,105.93126",
                             "T2,5G,若飞花园11栋联通5G,若飞花园,26.244478,105.93156",
                             "F1,消火栓,若飞花园2号消火拴,若飞花园,26.244068,105.93096",
                             "P6,公厕,若飞花园公厕,若飞花园,26.245045,105.93200"]),
        ])
        XCTAssertEqual(ids["P1"], ids["S1"], "照明灯 and 路灯01: one lamp")
        XCTAssertEqual(ids["T1"], ids["S2"], "the 移动 5G station")
        XCTAssertEqual(ids["T2"], ids["S3"], "the 联通 5G station")
        XCTAssertEqual(ids["F1"], ids["S4"], "2号消火拴 with a typo is 2号消防栓")
        XCTAssertNotEqual(ids["S5"], ids["F1"])
        XCTAssertNotEqual(ids["P6"], ids["S6"], "a 公厕 is no 垃圾站")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 7, "six survey records and the 公厕")
    }

    /// The survey names a camera 南门监控 or 北门摄像头, the police 汇景苑南门雪亮工程点位 or 汇景苑北门监控探头, and the power
    /// company a charger 1号新能源充电设施 for the survey's 1号充电桩: the vocabulary's words for one installation, so
    /// one facility each, 5 to 10 m apart. Other numbers (1号摄像头 / 2号监控), other gates (东门监控 / 西门视频监控)
    /// and another installation of the type (门禁 / 摄像头) stay apart.
    func testTheWordsOfOneInstallationNameOneFacility() throws {
        let (fixture, ids) = try load([
            ("survey", ["S1,监控,南门监控,汇景苑,26.24400,105.93100",
                        "S2,摄像头,北门摄像头,汇景苑,26.24500,105.93100",
                        "S3,监控,北门监控,汇景苑,26.24600,105.93100",
                        "S4,监控探头,南门监控探头,汇景苑,26.24700,105.93100",
                        "S5,充电桩,1号充电桩,汇景苑,26.24800,105.93100",
                        "S6,摄像头,1号摄像头,汇景苑,26.24900,105.93100",
                        "S7,监控,东门监控,汇景苑,26.25000,105.93100",
                        "S8,门禁,南门门禁,汇景苑,26.25100,105.93100",
                        "S9,摄像头,北门摄像头,汇景苑,26.25200,105.93100"]),
            ("police", ["X1,雪亮工程,汇景苑南门雪亮工程点位,汇景苑,26.24409,105.93100",
                        "X2,雪亮工程,汇景苑北门雪亮工程点位,汇景苑,26.24505,105.93100",
                        "X3,摄像头,北门摄像头,汇景苑,26.24605,105.93100",
                        "X4,视频监控,南门视频监控,汇景苑,26.24705,105.93100",
                        "X6,视频监控,2号监控,汇景苑,26.24905,105.93100",
                        "X7,视频监控,西门视频监控,汇景苑,26.25005,105.93100",
                        "X8,摄像头,南门摄像头,汇景苑,26.25105,105.93100",
                        "X9,监控探头,汇景苑北门监控探头,汇景苑,26.25205,105.93100"]),
            ("power", ["P5,充电设施,1号新能源充电设施,汇景苑,26.24805,105.93100"]),
        ])
        for (a, b) in [("S1", "X1"), ("S2", "X2"), ("S3", "X3"), ("S4", "X4"), ("S5", "P5"), ("S9", "X9")] {
            XCTAssertEqual(ids[a], ids[b], "\(a) and \(b): one installation named two ways")
        }
        for (a, b) in [("S6", "X6"), ("S7", "X7"), ("S8", "X8")] {
            XCTAssertNotEqual(ids[a], ids[b], "\(a) and \(b): two installations")
        }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 12)
    }
}

extension FacilityFitTests {
    /// Each reporter writes one installation with its own word of the type vocabulary: the survey's 变压器 is the
    /// power company's 箱变 or 箱式变压器 (a 箱变 is a transformer, the survey's plain word for it), its 室外消火栓 the
    /// fire brigade's 市政消火栓, its 充电桩 the power company's 充电设施, its 5G基站 the tower company's 5G宏站 and its
    /// 监控探头 the police's 视频监控: one facility each, 1.5 m apart, by name (变压器1 / 东升小区1号箱变) or by type
    /// words alone (箱变 / 变压器). Other installations of the type stay apart: a 配电房 (the room) or a 变电站 (a
    /// substation) is no 变压器, and 1号 / 2号 are two transformers. (The 20a trial: all 47 survey transformers missed
    /// the power company's 箱变 at the same spot.)
    func testOneInstallationWrittenWithEachReportersWordIsOneFacility() throws {
        let (fixture, ids) = try load([
            ("survey", ["S1,变压器,变压器1,东升小区,26.24400,105.93100",
                        "S2,箱变,箱变,西升小区,26.24500,105.93100",
                        "S3,变压器,2号变压器,北升小区,26.24600,105.93100",
                        "S4,室外消火栓,室外消火栓1,东升小区,26.24700,105.93100",
                        "S5,充电桩,充电桩,东升小区,26.24800,105.93100",
                        "S6,5G基站,5G基站,东升小区,26.24900,105.93100",
                        "S7,监控探头,监控探头,东升小区,26.25000,105.93100",
                        "S8,变压器,变压器,南升小区,26.25100,105.93100",
                        "S9,变压器,1号变压器,中升小区,26.25200,105.93100",
                        "S10,变压器,变压器,上升小区,26.25300,105.93100"]),
            ("departments", ["P1,箱变,东升小区1号箱变,东升小区,26.244013,105.931008",
                             "P2,变压器,变压器,西升小区,26.245013,105.931008",
                             "P3,箱式变压器,北升小区2号箱式变压器,北升小区,26.246013,105.931008",
                             "F4,市政消火栓,东升小区1号市政消火栓,东升小区,26.247013,105.931008",
                             "P5,充电设施,东升小区充电设施,东升小区,26.248013,105.931008",
                             "T6,5G宏站,东升小区5G宏站,东升小区,26.249013,105.931008",
                             "X7,视频监控,东升小区视频监控,东升小区,26.250013,105.931008",
                             "P8,配电房,南升小区配电房,南升小区,26.251013,105.931008",
                             "P9,箱变,中升小区2号箱变,中升小区,26.252013,105.931008",
                             "P10,变电站,上升小区变电站,上升小区,26.253013,105.931008"]),
        ])
        for (a, b) in [("S1", "P1"), ("S2", "P2"), ("S3", "P3"), ("S4", "F4"), ("S5", "P5"), ("S6", "T6"), ("S7", "X7")] {
            XCTAssertEqual(ids[a], ids[b], "\(a) and \(b): one installation, each reporter's word")
        }
        for (a, b) in [("S8", "P8"), ("S9", "P9"), ("S10", "P10")] {
            XCTAssertNotEqual(ids[a], ids[b], "\(a) and \(b): two installations")
        }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 13)
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM facility_source WHERE record_key = 'P1'") as String?, "type+distance+name")
    }
}

extension FacilityFitTests {
    /// Two kinds of installation 1 m apart, one in each feed, are two facilities however alike their names read,
    /// in either order of the feeds (the 21d trial: a stairwell's 室内消火栓 took the fire brigade's street hydrant
    /// and its name, a 变电站 the 箱变 beside it, a 换电站 the 充电桩): 消火栓 = 消防栓 = 市政消火栓 is the hydrant
    /// outside, and 箱变 the transformer; a nameless 室内消火栓 is no 2号消防栓 either. The words of one installation
    /// still name one: 通信基站 / 宏站, 变电所 / 变电站, 1号消火栓 / 1号市政消火栓; a nameless 消防 (the field, not an
    /// installation) is the 西门消火栓 beside it, and a plain 路灯 the 太阳能路灯 (a particular kind of it) at its spot.
    func testTwoKindsOfInstallationAreNeverOneFacilityHoweverAlikeTheirNames() throws {
        let department = ["A1,消火栓,测壬小区1号消火栓,测壬小区,26.24400,105.93100",
                          "A2,室内消火栓,测癸小区1号室内消火栓,测癸小区,26.24500,105.93100",
                          "A3,箱变,测巳小区箱变,测巳小区,26.24600,105.93100",
                          "A4,箱变,测寅小区1号箱变,测寅小区,26.24700,105.93100",
                          "A5,充电桩,测未小区充电桩,测未小区,26.24800,105.93100",
                          "A6,路灯,路灯,测卯小区,26.24900,105.93100",
                          "A7,消火栓,测辰小区2号消防栓,测辰小区,26.25000,105.93100",
                          "A8,宏站,测子小区宏站,测子小区,26.25100,105.93100",
                          "A9,变电站,测丑小区1号变电站,测丑小区,26.25200,105.93100",
                          "A10,消火栓,测午小区西门消火栓,测午小区,26.25300,105.93100",
                          "A11,消火栓,测申小区1号消火栓,测申小区,26.25400,105.93100"]
        let survey = ["B1,室内消火栓,测壬小区1号室内消火栓,测壬小区,26.244009,105.93100",
                      "B2,消防栓,测癸小区1号消防栓,测癸小区,26.245009,105.93100",
                      "B3,变电站,测巳小区变电站,测巳小区,26.246009,105.93100",
                      "B4,变电站,测寅小区1号变电站,测寅小区,26.247009,105.93100",
                      "B5,换电站,测未小区换电站,测未小区,26.248009,105.93100",
                      "B6,太阳能路灯,测卯小区太阳能路灯,测卯小区,26.249009,105.93100",
                      "B7,室内消火栓,,测辰小区,26.250009,105.93100",
                      "B8,通信基站,测子小区通信基站,测子小区,26.251009,105.93100",
                      "B9,变电所,测丑小区1号变电所,测丑小区,26.252009,105.93100",
                      "B10,消防,,测午小区,26.253009,105.93100",
                      "B11,市政消火栓,测申小区1号市政消火栓,测申小区,26.254009,105.93100"]
        for feeds in [[("department", department), ("survey", survey)], [("survey", survey), ("department", department)]] {
            let (fixture, ids) = try load(feeds)
            let order = "\(feeds[0].0) first"
            for number in [1, 2, 3, 4, 5, 7] {
                XCTAssertNotEqual(ids["A\(number)"], ids["B\(number)"], "pair \(number): two kinds of installation (\(order))")
            }
            for number in [6, 8, 9, 10, 11] {
                XCTAssertEqual(ids["A\(number)"], ids["B\(number)"], "pair \(number): one installation (\(order))")
            }
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_facility") as Int?, 17, order)
            XCTAssertEqual(try fixture.query("SELECT name FROM dwd_facility WHERE facility_id = '\(ids["A1"] ?? "")'") as String?,
                           "测壬小区1号消火栓", "the street hydrant keeps its name (\(order))")
        }
    }
}
