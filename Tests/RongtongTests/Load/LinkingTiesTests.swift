import Foundation
import GRDB
import XCTest

/// Evidence that fits several households equally, and a phone many households share (trial 11-d): a father and his
/// son of one name at one door (two households after 分户), and a grid worker's phone entered for the elderly
/// households of several villages. Real files (a registry CSV, a grid-app JSON) through the real pipeline, then SQL.
final class LinkingTiesTests: XCTestCase {
    static let father = NightsTests.id("52273219410420911"), son = NightsTests.id("52273219680225459")
    static let door = "三都水族自治县周覃镇新园村第二村民小组14号"
    /// The 三都 grid worker's phone, which the app enters for every elderly household she looks after.
    static let gridWorker = "15077490259"

    /// A registry (户号, IDs, phones, member counts) as CSV.
    func writeRegistry(_ rows: [String], to file: URL) throws {
        try (["户号,户主姓名,身份证号,联系电话,家庭住址,家庭人口"] + rows).joined(separator: "\n").appending("\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// A grid-app export: `{"data": {"records": [...]}}` with pinyin keys, no IDs.
    func writeApp(_ records: [(id: String, name: String, phone: String?, address: String, members: Int?)], to file: URL) throws {
        let objects = try records.map { record -> String in
            var object: [String: Any] = ["id": record.id, "hzxm": record.name, "sfzh": NSNull(), "xxdz": record.address]
            object["lxdh"] = record.phone ?? NSNull()
            object["jtrk"] = record.members ?? NSNull()
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        try "{\"data\": {\"records\": [\n\(objects.joined(separator: ",\n"))\n]}}\n".write(to: file, atomically: true, encoding: .utf8)
    }

    func fixture(registry: URL, app: URL, prefecture: String, registryFirst: Bool = true) throws -> PipelineFixture {
        let sources = [
            PipelineRunTests.source("registry", registry, format: "csv", owner: "贵州省公安厅", kind: "department",
                                    extra: ["record_key: 户号", "context: {prefecture: \(prefecture)}"]),
            PipelineRunTests.source("app", app, format: "json", extra: [
                "options: {record_path: \"data.records[*]\"}",
                "record_key: id",
                "fields: {head_name: hzxm, head_id: sfzh, phone: lxdh, address: xxdz, member_count: jtrk}",
                "context: {prefecture: \(prefecture)}",
            ]),
        ]
        return try PipelineFixture(sources: (registryFirst ? sources : sources.reversed()).joined(separator: "\n"))
    }

    func households(_ fixture: PipelineFixture) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try fixture.rows("SELECT source_id, record_key, household_id FROM household_source") {
            result["\(row["source_id"] as String)#\(row["record_key"] as String)"] = row["household_id"]
        }
        return result
    }

    /// A father and his son of one name at one door, each the head of his own household (the registry lists both,
    /// with their IDs and phones): a grid-app record without an ID goes to the household whose phone it carries,
    /// whichever feed loads first, and its rule says that the phone broke a tie. Before, both records went to the
    /// household with the smaller id, at 0.95 as if certain.
    func testFatherAndSonOfOneNameAtOneDoorAreToldApartByThePhone() throws {
        for registryFirst in [true, false] {
            let folder = try TestPaths.temporaryFolder()
            let registry = folder.appendingPathComponent("registry.csv"), app = folder.appendingPathComponent("app.json")
            try writeRegistry(["HJ142,吴礼勇,\(Self.father),17847709538,\(Self.door),1",
                               "HJ296,吴礼勇,\(Self.son),18753562929,\(Self.door),3"], to: registry)
            try writeApp([("APP-1", "吴礼勇", "17847709538", "三都水族自治县周覃镇新园村2组14号", nil),
                          ("APP-2", "吴礼勇", "18753562929", "三都水族自治县周覃镇新园村二组14号", nil)], to: app)
            let fixture = try fixture(registry: registry, app: app, prefecture: "黔南州", registryFirst: registryFirst)
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let linked = try households(fixture)
            XCTAssertNotEqual(linked["registry#HJ142"], linked["registry#HJ296"], "registry first: \(registryFirst)")
            XCTAssertEqual(linked["app#APP-1"], linked["registry#HJ142"], "the father's phone; registry first: \(registryFirst)")
            XCTAssertEqual(linked["app#APP-2"], linked["registry#HJ296"], "the son's phone; registry first: \(registryFirst)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'ambiguous_household'") as Int?, 0)
            // The link that needed the phone is less sure than one no other household competed for.
            func link(_ key: String) throws -> String {
                let row = try fixture.rows("SELECT match_rule, match_score FROM household_source WHERE record_key = '\(key)'")[0]
                return "\(row["match_rule"] as String) \(row["match_score"] as Double)"
            }
            if registryFirst {
                XCTAssertEqual(try link("APP-1"), "address+name:tie_broken_by_phone 0.9")
                XCTAssertEqual(try link("APP-2"), "address+name 0.95", "the other row of its own file is in the father's")
            } else {
                XCTAssertEqual(try link("APP-2"), "new 1.0", "not the household of the other row of its own file")
                XCTAssertEqual(try link("HJ142"), "address+name:tie_broken_by_phone 0.9")
                XCTAssertEqual(try link("HJ296"), "address+name 0.95", "the father's household now has another ID")
            }
        }
    }

    /// A record without an ID whose name and door fit the father's and the son's household, carrying nothing that
    /// tells them apart (the grid worker's phone, which the app enters for other heads too, and a member count both
    /// households have): it joins neither by id order. It gets a household of its own, rule `ambiguous` at 0.5, and
    /// an `ambiguous_household` warning naming both. When a later export carries the son's own phone, it joins his.
    func testARecordNothingTellsBetweenTwoHouseholdsJoinsNeither() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("registry.csv"), app = folder.appendingPathComponent("app.json")
        try writeRegistry(["HJ142,吴礼勇,\(Self.father),17847709538,\(Self.door),3",
                           "HJ296,吴礼勇,\(Self.son),18753562929,\(Self.door),3"], to: registry)
        let elderly: [(id: String, name: String, phone: String?, address: String, members: Int?)] = [
            ("APP-201", "韦老二", Self.gridWorker, "三都水族自治县周覃镇新园村1组5号", 1),
            ("APP-202", "潘金花", Self.gridWorker, "三都水族自治县周覃镇新园村3组8号", 1),
            ("APP-203", "蒙明祖", Self.gridWorker, "三都水族自治县周覃镇新园村4组2号", 2),
        ]
        try writeApp([("APP-142", "吴礼勇", Self.gridWorker, "三都水族自治县周覃镇新园村2组14号", 3)] + elderly, to: app)
        let fixture = try fixture(registry: registry, app: app, prefecture: "黔南州")
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0)
        var linked = try households(fixture)
        let candidates = [linked["registry#HJ142"]!, linked["registry#HJ296"]!].sorted()
        // The load's warning is printed as the extract's rejects are: file, line, record, rule.
        XCTAssertTrue(first.stderr.contains("app.json:") && first.stderr.contains(": record 1: ")
                      && first.stderr.contains("(\(candidates.joined(separator: ","))) [ambiguous_household, warning]"), first.stderr)
        let own = try XCTUnwrap(linked["app#APP-142"])
        XCTAssertFalse(candidates.contains(own), "not the father's, not the son's household")
        let link = try fixture.rows("SELECT match_rule, match_score FROM household_source WHERE record_key = 'APP-142'")[0]
        XCTAssertEqual(link["match_rule"] as String, "ambiguous")
        XCTAssertEqual(link["match_score"] as Double, 0.5)
        let warning = try XCTUnwrap(try fixture.rows("SELECT * FROM etl_reject WHERE rule = 'ambiguous_household'").first)
        XCTAssertEqual(warning["severity"] as String, "warning")
        XCTAssertEqual(warning["record_number"] as Int, 1)
        XCTAssertNotNil(warning["line"] as Int?, "the record's line in app.json")
        XCTAssertEqual(warning["value"] as String?, candidates.joined(separator: ","))
        XCTAssertTrue((warning["message"] as String).contains(candidates.joined(separator: ", ")), warning["message"] as String)
        XCTAssertFalse((warning["message"] as String).contains("吴礼勇"), "no names in rejects")
        // The grid worker's phone replaced neither household's own.
        XCTAssertEqual(try fixture.rows("SELECT phone_masked FROM dwd_household WHERE head_id_hash IS NOT NULL ORDER BY phone_masked")
            .map { $0[0] as String }, ["178****9538", "187****2929"])
        // A forced rerun changes nothing, and the warning stays.
        let warnings = "SELECT record_number, rule, value, message FROM etl_reject ORDER BY record_number"
        let before = try fixture.contentDigest(excluding: ["etl_run", "etl_run_batch", "dim_region", "etl_batch", "etl_reject"])
        let warned = try fixture.rows(warnings)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        XCTAssertEqual(try fixture.contentDigest(excluding: ["etl_run", "etl_run_batch", "dim_region", "etl_batch", "etl_reject"]), before)
        XCTAssertEqual(try fixture.rows(warnings), warned)
        // The next export carries the son's own phone: the record's household is his.
        try writeApp([("APP-142", "吴礼勇", "18753562929", "三都水族自治县周覃镇新园村2组14号", 3)] + elderly, to: app)
        XCTAssertEqual(try fixture.run().status, 0)
        linked = try households(fixture)
        XCTAssertEqual(linked["app#APP-142"], linked["registry#HJ296"])
        XCTAssertNotEqual(linked["app#APP-142"], linked["registry#HJ142"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 5)
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'APP-142'") as String?,
                       "address+name:tie_broken_by_phone")
    }

    /// A grid worker's phone entered for the elderly households of several villages is no evidence: the 唐信昌 of
    /// 大塘镇岩寨村, whose address leaves the township out, is not linked by it to the 唐信昌 of 永乐镇岩寨村, and it
    /// replaces no household's own phone. Known from the batch (records of 3 or more head names carry it), and on a
    /// later night from the warehouse (households of 3 or more head names hold it). Before, the app's record of the
    /// 永乐镇 household replaced its phone with the grid worker's, and the other 唐信昌 joined it by `phone+name` 0.8.
    func testAPhoneManyHouseholdsShareLinksNoNamesakeAcrossVillages() throws {
        let census = ["QDN063,唐信昌,\(NightsTests.id("52263419410119465")),19953641473,雷山县永乐镇岩寨村2组22号,4",
                      "QDN078,唐信昌,\(NightsTests.id("52263419431014389")),19136912414,雷山县大塘镇岩寨村第二村民小组22号,4"]
        let own: (id: String, name: String, phone: String?, address: String, members: Int?) =
            ("APP-063", "唐信昌", Self.gridWorker, "雷山县永乐镇岩寨村2组22号", 4)
        let elderly: [(id: String, name: String, phone: String?, address: String, members: Int?)] = [
            ("APP-101", "杨老三", Self.gridWorker, "雷山县永乐镇岩寨村1组3号", 1),
            ("APP-102", "李秀英", Self.gridWorker, "雷山县永乐镇岩寨村3组7号", 1),
        ]
        let namesake: (id: String, name: String, phone: String?, address: String, members: Int?) =
            ("APP-078", "唐信昌", Self.gridWorker, "雷山县岩寨村第二村民小组22号", 4)
        // One export with all four (as in the trial), or the namesake alone on the next night.
        for deliveries in [[[own] + elderly + [namesake]], [[own] + elderly, [namesake]]] {
            let folder = try TestPaths.temporaryFolder()
            let registry = folder.appendingPathComponent("registry.csv"), app = folder.appendingPathComponent("app.json")
            try writeRegistry(census, to: registry)
            let fixture = try fixture(registry: registry, app: app, prefecture: "黔东南州")
            for records in deliveries {
                try writeApp(records, to: app)
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
            }
            let linked = try households(fixture)
            XCTAssertEqual(linked["app#APP-063"], linked["registry#QDN063"], "the same name at the same door")
            XCTAssertNotEqual(linked["app#APP-078"], linked["registry#QDN063"], "nights: \(deliveries.count)")
            XCTAssertEqual(try fixture.query("""
                SELECT phone_masked FROM dwd_household WHERE household_id = '\(linked["registry#QDN063"]!)'
                """) as String?, "199****1473", "nights: \(deliveries.count)")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE match_rule LIKE 'phone+name%'") as Int?, 0)
        }
    }
    /// A new tenant 张德军, without an ID or a phone any household holds, registers at a village door where 张德明
    /// (2 members) and 张德华 (3 members) rent (trial 12-c): both names are one character from his, and his member
    /// count of 2 only says what kind of household he has. He gets a household of his own (`ambiguous`, with the
    /// warning), not 张德明's. Before, he joined it by `address+name:tie_broken_by_member_count` and took over its id
    /// and history. Between heads of the record's own name (a father 吴礼勇 of 1 member and his son of 3 at one door)
    /// the member count still breaks the tie.
    func testAMemberCountBreaksNoTieBetweenNamesOneCharacterFromTheRecords() throws {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("registry.csv"), app = folder.appendingPathComponent("app.json")
        let rentals = "三都水族自治县周覃镇新园村3组8号"
        try writeRegistry(["HJ501,张德明,\(NightsTests.id("51130219800101201")),13985010001,\(rentals),2",
                           "HJ502,张德华,\(NightsTests.id("51130219820202305")),13985010002,\(rentals),3",
                           "HJ142,吴礼勇,\(Self.father),17847709538,\(Self.door),1",
                           "HJ296,吴礼勇,\(Self.son),18753562929,\(Self.door),3"], to: registry)
        try writeApp([("APP-501", "张德军", "13985019999", "三都水族自治县周覃镇新园村三组8号", 2),
                      ("APP-296", "吴礼勇", nil, "三都水族自治县周覃镇新园村2组14号", 3)], to: app)
        let fixture = try fixture(registry: registry, app: app, prefecture: "黔南州")
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let linked = try households(fixture)
        XCTAssertNotEqual(linked["app#APP-501"], linked["registry#HJ501"], "not the household of 张德明")
        XCTAssertNotEqual(linked["app#APP-501"], linked["registry#HJ502"], "not the household of 张德华")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'APP-501'") as String?,
                       "ambiguous")
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_reject WHERE rule = 'ambiguous_household'") as String?,
                       [linked["registry#HJ501"]!, linked["registry#HJ502"]!].sorted().joined(separator: ","))
        XCTAssertEqual(linked["app#APP-296"], linked["registry#HJ296"], "the son's household, of 3 members")
        XCTAssertEqual(try fixture.query("SELECT match_rule FROM household_source WHERE record_key = 'APP-296'") as String?,
                       "address+name:tie_broken_by_member_count")
    }
}
