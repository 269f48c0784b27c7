import Foundation
import GRDB
import XCTest

/// The warehouse does not depend on the order its input arrives in: two exports of one list loaded in one run (a
/// missed night), a file read after a later one, feeds loaded in another order, a compound placed after its
/// households loaded. Real files through the real pipeline, over several runs, then SQL.
final class LoadOrderTests: XCTestCase {
    static let zhang = NightsTests.zhang, wang = NightsTests.wang, zhao = NightsTests.id("52010219700707404")

    /// Writes `rows` under `header` to `folder/name`.
    func write(_ header: String, _ rows: [String], to folder: URL, _ name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ([header] + rows).joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// The census's export of one night (户编号 names a household in every export), the registry's and 民政's
    /// whole list of 低保 cases.
    struct Night {
        var census: [String]
        var registry: [String]
        var civil: [String]
    }

    static let censusHeader = "户编号,户主姓名,身份证号,联系电话,家庭住址,家庭人口,是否低保"
    static let registryHeader = "户号,户主姓名,身份证号,联系电话,家庭住址,家庭人口"
    static let civilHeader = "编号,户主姓名,身份证号,联系电话,家庭住址,是否低保"

    /// Four nights: 李四's household grows on night 2 and shrinks on night 3; on night 3 the registry counts 张三's
    /// household as 5, 民政 no longer lists 王五 and the census says 否 for him; night 4 is night 3 again, its rows in
    /// another order.
    static let nights: [Night] = {
        let place = "白云区大山洞街道东升小区3栋2单元"
        func census(li: Int, wangLow: String) -> [String] {
            ["GY00001,张三,\(zhang),13800138001,\(place)101室,4,是",
             "GY00002,李四,,13800138002,\(place)102室,\(li),否",
             "GY00003,王五,\(wang),,\(place)103室,3,\(wangLow)",
             "GY00004,赵六,\(zhao),,\(place)104室,1,否"]
        }
        let registry = { (members: Int) in ["GA1,张三,\(zhang),,\(place)101室,\(members)"] }
        let civil = ["M1,张三,\(zhang),,\(place)101室,是", "M3,王五,\(wang),,\(place)103室,是"]
        return [Night(census: census(li: 2, wangLow: "是"), registry: registry(4), civil: civil),
                Night(census: census(li: 3, wangLow: "是"), registry: registry(4), civil: civil),
                Night(census: census(li: 2, wangLow: "否"), registry: registry(5), civil: [civil[0]]),
                Night(census: Array(census(li: 2, wangLow: "否").reversed()), registry: registry(5), civil: [civil[0]])]
    }()

    /// A pipeline over dated files (`census/census-2023-11-0N.csv` …), as the docs advise for nightly exports; 民政
    /// decides 低保.
    func listFixture(_ folder: URL) throws -> PipelineFixture {
        func source(_ name: String, kind: String, extra: [String]) -> String {
            PipelineRunTests.source(name, folder.appendingPathComponent("\(name)/\(name)-*.csv"), format: "csv",
                                    kind: kind, extra: ["context: {prefecture: 贵阳市}"] + extra)
        }
        return try PipelineFixture(sources: [
            source("census", kind: "city", extra: ["record_key: 户编号"]),
            source("registry", kind: "department", extra: ["record_key: 户号"]),
            source("civil", kind: "department", extra: ["record_key: 编号", "absent_means: {is_low_income: false}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n  is_low_income: [civil]")
    }

    /// Delivers night `number` (1-based): each feed's dated file beside the earlier ones.
    func deliver(_ number: Int, to folder: URL) throws {
        let night = Self.nights[number - 1], day = "2023-11-0\(number)"
        try write(Self.censusHeader, night.census, to: folder.appendingPathComponent("census"), "census-\(day).csv")
        try write(Self.registryHeader, night.registry, to: folder.appendingPathComponent("registry"), "registry-\(day).csv")
        try write(Self.civilHeader, night.civil, to: folder.appendingPathComponent("civil"), "civil-\(day).csv")
    }

    /// The households' values, their compound by name (a compound's id is the region it was first known at).
    static let households = """
        SELECT h.region_code, c.name, h.building, h.unit, h.room, h.address, h.head_name, h.head_id_hash, h.phone_hash,
               h.member_count, h.is_low_income FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id)
        ORDER BY h.head_name
        """

    /// After a missed night, last night's and tonight's exports of one list load in one run. They are the same
    /// records: each key keeps one provenance row (the newer file's), no `record_key_shared` warning, the newer
    /// file's values win, 民政's silence withdraws 王五's 低保 (the census's older 是 no longer counts), and the next
    /// export, unchanged, does not bring the census's old member count back over the registry's newer one. The
    /// households end as on a warehouse that got every night.
    func testAMissedNightsExportAndTonightsAreOneRecordPerKey() throws {
        let missed = try TestPaths.temporaryFolder(), everyNight = try TestPaths.temporaryFolder()
        let fixture = try listFixture(missed), reference = try listFixture(everyNight)
        try deliver(1, to: missed)
        XCTAssertEqual(try fixture.run().status, 0)
        try deliver(2, to: missed)
        try deliver(3, to: missed)
        let both = try fixture.run()
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertFalse(both.stderr.contains("another file of this source"), both.stderr)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'record_key_shared'") as Int?, 0)
        XCTAssertEqual(try fixture.rows("""
            SELECT s.record_key, b.file FROM household_source s JOIN etl_batch b USING (batch_id)
            WHERE s.source_id = 'census' ORDER BY 1
            """).map { "\($0[0] as String):\(URL(fileURLWithPath: $0[1] as String).lastPathComponent)" },
            ["GY00001:census-2023-11-03.csv", "GY00002:census-2023-11-03.csv", "GY00003:census-2023-11-03.csv",
             "GY00004:census-2023-11-03.csv"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE source_id = 'registry'") as Int?, 1)
        func value(_ column: String, _ name: String) throws -> Int? {
            try fixture.query("SELECT \(column) FROM dwd_household WHERE head_name = '\(name)'")
        }
        XCTAssertEqual(try value("member_count", "李四"), 2, "the newer file's value")
        XCTAssertEqual(try value("is_low_income", "王五"), 0, "no longer listed by 民政, and the census's 是 is last night's")
        XCTAssertEqual(try value("member_count", "张三"), 5, "the registry's newer count")
        let versions = try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?

        try deliver(4, to: missed)
        let fourth = try fixture.run()
        XCTAssertEqual(fourth.status, 0, fourth.stderr)
        XCTAssertEqual(try value("member_count", "张三"), 5, "the census's unchanged 4 takes nothing back")
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, versions)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE source_id = 'census'") as Int?, 4)

        for night in 1...4 {
            try deliver(night, to: everyNight)
            XCTAssertEqual(try reference.run().status, 0)
        }
        XCTAssertEqual(try fixture.rows(Self.households).map(\.description),
                       try reference.rows(Self.households).map(\.description))
    }

    /// The files of a run are applied oldest first by name, whichever run read them: a census file read (`--stage
    /// extract`) before the missed night's older export arrived is still the later export, and its values win.
    func testAnOlderExportReadAfterANewerOneIsAppliedFirst() throws {
        let folder = try TestPaths.temporaryFolder()
        let fixture = try listFixture(folder)
        try deliver(2, to: folder)
        XCTAssertEqual(try fixture.run(["--stage", "extract"]).status, 0)
        try deliver(1, to: folder)
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.query("SELECT member_count FROM dwd_household WHERE head_name = '李四'") as Int?, 3,
                       "census-2023-11-02.csv's value")
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM household_source s JOIN etl_batch b USING (batch_id)
            WHERE s.source_id = 'census' AND b.file LIKE '%census-2023-11-02.csv'
            """) as Int?, 4)
    }

    /// The compound pins the region whichever feed loads first: the census (context 贵阳市) writes only 银杏苑1-1-101,
    /// the registry places 银杏苑 at 乌当区新光路街道 (one registry record names 银杏苑 in its 小区 column beside a 户籍
    /// address in 安顺, which says nothing of where 贵阳's 银杏苑 lies), 民政 writes 乌当区 only. Loaded census first or
    /// registry first, records in either order, the households, their regions and the compound are the same; and a
    /// forced reload of the unchanged files writes nothing new.
    func testTheSameFilesInAnotherOrderGiveTheSameWarehouse() throws {
        let census = ["GY1,测甲一,\(Self.zhang),,银杏苑1-1-101,银杏苑", "GY2,测甲二,,13800000002,银杏苑1-1-102,银杏苑",
                      "GY3,测甲三,,13800000003,贵阳市乌当区银杏苑3-2-201,银杏苑"]
        let registry = ["A1,测甲二,,13800000002,贵州省贵阳市乌当区新光路街道银杏苑1栋1单元102室,银杏苑",
                        "A2,测乙三,,,贵州省贵阳市乌当区新光路街道银杏苑2栋1单元101室,银杏苑",
                        "A3,测丙四,,,贵州省安顺市西秀区宋旗镇青杠村4组4号,银杏苑"]
        let civil = ["M1,测甲一,\(Self.zhang),,贵阳市乌当区银杏苑1栋1单元101室", "M2,测丁五,,,贵阳市乌当区银杏苑6栋2单元302室"]
        func load(reversed: Bool) throws -> PipelineFixture {
            let folder = try TestPaths.temporaryFolder()
            func rows(_ list: [String]) -> [String] { reversed ? list.reversed() : list }
            try write("户编号,户主姓名,身份证号,联系电话,家庭住址,所属小区", rows(census), to: folder, "census.csv")
            try write("户号,户主姓名,身份证号,联系电话,住址,小区", rows(registry), to: folder, "registry.csv")
            try write("编号,户主姓名,身份证号,联系电话,家庭住址", rows(civil), to: folder, "civil.csv")
            let sources = [
                PipelineRunTests.source("census", folder.appendingPathComponent("census.csv"), format: "csv",
                                        extra: ["record_key: 户编号", "context: {prefecture: 贵阳市}"]),
                PipelineRunTests.source("registry", folder.appendingPathComponent("registry.csv"), format: "csv",
                                        kind: "department", extra: ["record_key: 户号",
                                            "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, address: 住址, compound: 小区}"]),
                PipelineRunTests.source("civil", folder.appendingPathComponent("civil.csv"), format: "csv",
                                        kind: "department", extra: ["record_key: 编号"]),
            ]
            let fixture = try PipelineFixture(sources: (reversed ? sources.reversed() : sources).joined(separator: "\n"))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            return fixture
        }
        let censusFirst = try load(reversed: false), registryFirst = try load(reversed: true)
        let compounds = "SELECT name, region_code, address FROM dim_compound ORDER BY name"
        XCTAssertEqual(try censusFirst.rows(compounds).map(\.description), try registryFirst.rows(compounds).map(\.description))
        XCTAssertEqual(try censusFirst.rows("SELECT region_code FROM dim_compound WHERE name = '银杏苑' ORDER BY 1")
            .map { $0[0] as String }, ["520112005000", "520402100000"], "贵阳's, and the registry's 安顺 one")
        XCTAssertEqual(try censusFirst.rows(Self.households).map(\.description),
                       try registryFirst.rows(Self.households).map(\.description))
        XCTAssertEqual(try censusFirst.rows("SELECT head_name, region_code, address FROM dwd_household WHERE head_name = '测甲一'")
            .map { "\($0[0] as String):\($0[1] as String):\($0[2] as String)" },
            ["测甲一:520112005000:贵州省贵阳市乌当区新光路街道银杏苑1栋1单元101室"])
        XCTAssertEqual(try censusFirst.rows("""
            SELECT head_name FROM dwd_household WHERE region_code <> '520112005000' ORDER BY 1
            """).map { $0[0] as String }, ["测丙四"], "every household of 贵阳's 银杏苑 at its township")
        // One version per household: the pin was written in the load that learnt the compound's township.
        XCTAssertEqual(try censusFirst.query("SELECT COUNT(*) FROM dwd_household_history") as Int?,
                       try censusFirst.query("SELECT COUNT(*) FROM dwd_household") as Int?)

        let etl: Set<String> = ["etl_run", "etl_run_batch", "etl_batch", "etl_reject", "dim_region"]
        let before = try censusFirst.contentDigest(excluding: etl)
        let forced = try censusFirst.run(["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try censusFirst.contentDigest(excluding: etl), before, "a forced reload writes nothing new")
    }

    /// A compound placed after its households and facilities loaded (the registry's first record at 银杏苑 arrives a
    /// night after the census's) pins their region then, with a history version in that night's run; the census's
    /// unchanged export and a forced reload then write nothing new.
    func testACompoundPlacedOnALaterNightPinsItsHouseholdsAndFacilities() throws {
        let folder = try TestPaths.temporaryFolder()
        try write("户编号,户主姓名,身份证号,联系电话,家庭住址,所属小区",
                  ["GY1,测甲一,,13800000001,银杏苑1-1-101,银杏苑", "GY2,测甲二,,13800000002,银杏苑1-1-102,银杏苑"],
                  to: folder, "census.csv")
        try write("户号,户主姓名,身份证号,联系电话,住址", [], to: folder, "registry.csv")
        try write("编号,类型,名称,纬度,经度,所属小区,地址", ["F1,配电房,银杏苑1号配电房,26.62100,106.64100,银杏苑,银杏苑"],
                  to: folder, "facilities.csv")
        let fixture = try PipelineFixture(sources: [
            PipelineRunTests.source("census", folder.appendingPathComponent("census.csv"), format: "csv",
                                    extra: ["record_key: 户编号", "context: {prefecture: 贵阳市}"]),
            PipelineRunTests.source("registry", folder.appendingPathComponent("registry.csv"), format: "csv",
                                    kind: "department", extra: ["record_key: 户号",
                                        "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, address: 住址}"]),
            PipelineRunTests.source("facilities", folder.appendingPathComponent("facilities.csv"), format: "csv",
                                    entity: "facility", extra: ["record_key: 编号", "coordinates: wgs84",
                                        "context: {prefecture: 贵阳市}",
                                        "fields: {facility_type: 类型, name: 名称, lat: 纬度, lon: 经度, compound: 所属小区, address: 地址}"]),
        ].joined(separator: "\n"))
        XCTAssertEqual(try fixture.run().status, 0)
        func regions() throws -> [String] {
            try fixture.rows("""
                SELECT head_name AS name, region_code FROM dwd_household
                UNION ALL SELECT name, region_code FROM dwd_facility ORDER BY 1
                """).map { "\($0[0] as String):\($0[1] as String)" }
        }
        XCTAssertEqual(try regions(), ["测甲一:520100000000", "测甲二:520100000000", "银杏苑1号配电房:520100000000"])

        try write("户号,户主姓名,身份证号,联系电话,住址", ["A2,测乙三,,,贵州省贵阳市乌当区新光路街道银杏苑2栋1单元101室"],
                  to: folder, "registry.csv")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try regions(), ["测乙三:520112005000", "测甲一:520112005000", "测甲二:520112005000",
                                       "银杏苑1号配电房:520112005000"])
        XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household WHERE head_name = '测甲一'") as String?,
                       "贵州省贵阳市乌当区新光路街道银杏苑1栋1单元101室")
        XCTAssertEqual(try fixture.rows("""
            SELECT h.valid_from_run, h.valid_to_run, h.region_code FROM dwd_household_history h
            JOIN dwd_household d USING (household_id) WHERE d.head_name = '测甲一' ORDER BY 1
            """).map { "\($0[0] as Int)-\(($0[1] as Int?).map(String.init) ?? ""):\($0[2] as String)" },
            ["1-2:520100000000", "2-:520112005000"])
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dwd_facility_history WHERE valid_from_run = 2 AND region_code = '520112005000'
            """) as Int?, 1)

        // The census's next export, the same rows in another order, and a forced reload: nothing new.
        try write("户编号,户主姓名,身份证号,联系电话,家庭住址,所属小区",
                  ["GY2,测甲二,,13800000002,银杏苑1-1-102,银杏苑", "GY1,测甲一,,13800000001,银杏苑1-1-101,银杏苑"],
                  to: folder, "census.csv")
        let etl: Set<String> = ["etl_run", "etl_run_batch", "etl_batch", "etl_reject", "dim_region"]
        // The new file's batch and sightings aside (household_source, last_seen_run of households and compounds).
        let seen: Set<String> = ["dwd_household", "household_source", "dim_compound"]
        let compounds = "SELECT compound_id, name, match_name, region_code, address, first_seen_run FROM dim_compound ORDER BY 1"
        let before = try fixture.contentDigest(excluding: etl.union(seen))
        let households = try fixture.rows(Self.households).map(\.description)
        let compoundRows = try fixture.rows(compounds).map(\.description)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.contentDigest(excluding: etl.union(seen)), before)
        XCTAssertEqual(try fixture.rows(Self.households).map(\.description), households)
        XCTAssertEqual(try fixture.rows(compounds).map(\.description), compoundRows)
        let after = try fixture.contentDigest(excluding: etl)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        XCTAssertEqual(try fixture.contentDigest(excluding: etl), after, "a forced reload writes nothing new")
    }

    /// A 分户 father (his ID) and son (no ID, a name one character away, his own phone) in one room of 机械厂宿舍, and
    /// the census and grid-app pipeline of the order tests below: the census keyed by 户编号, the app without a key.
    struct SplitFamily {
        static let father = "测郝红梅", son = "测郝红军"
        static let fatherID = NightsTests.id("52010219680513531"), sonID = NightsTests.id("52010219951118649")
        static let place = "云岩区三桥路街道机械厂宿舍2栋3单元102室"
        static let censusHeader = "户编号,户主姓名,身份证号,联系电话,家庭住址"
        static let appHeader = "编号,户主姓名,身份证号,联系电话,小区,楼栋,单元,房号"
        static let fatherRow = "GY01427,\(father),\(fatherID),18700009633,\(place)"
        static let sonRow = "GY01686,\(son),,13970985334,\(place)"

        static func pipeline(_ census: URL, _ app: URL, appKey: Bool) throws -> PipelineFixture {
            try PipelineFixture(sources: [
                PipelineRunTests.source("census", census, format: "csv", extra: ["record_key: 户编号", "context: {prefecture: 贵阳市}"]),
                PipelineRunTests.source("app", app, format: "csv", extra: (appKey ? ["record_key: 编号"] : []) + [
                    "context: {prefecture: 贵阳市}",
                    "fields: {head_name: 户主姓名, head_id: 身份证号, phone: 联系电话, compound: 小区, building: 楼栋, unit: 单元, room: 房号}",
                ]),
            ].joined(separator: "\n"))
        }
    }

    /// The son without an ID listed above his father is a household of his own, as he is listed below him: in the
    /// keyed census and in the keyless grid app, the father's household already known from the night before. The
    /// father's household keeps his phone. (A file's records with a valid ID are linked first.)
    func testASonWithoutAnIDAboveOrBelowHisFatherIsAHouseholdOfHisOwn() throws {
        typealias F = SplitFamily
        for sonFirst in [true, false] {
            let folder = try TestPaths.temporaryFolder()
            let census = folder.appendingPathComponent("census.csv"), app = folder.appendingPathComponent("app.csv")
            try write(F.censusHeader, [F.fatherRow], to: folder, "census.csv")
            try write(F.appHeader, ["A1,\(F.father),\(F.fatherID),18700009633,机械厂宿舍,2,3,102"], to: folder, "app.csv")
            let fixture = try F.pipeline(census, app, appKey: false)
            XCTAssertEqual(try fixture.run().status, 0)
            // Night 2: the son has split off; each file lists him beside his father.
            let censusRows = [F.sonRow, F.fatherRow], appRows = ["A2,\(F.son),,13970985334,机械厂宿舍,2,3,102",
                                                                 "A1,\(F.father),\(F.fatherID),18700009633,机械厂宿舍,2,3,102"]
            try write(F.censusHeader, sonFirst ? censusRows : censusRows.reversed(), to: folder, "census.csv")
            try write(F.appHeader, sonFirst ? appRows : appRows.reversed(), to: folder, "app.csv")
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let rows = try fixture.rows("""
                SELECT h.head_name, h.phone_masked, COUNT(*) AS census, (SELECT COUNT(*) FROM household_source a
                    WHERE a.household_id = h.household_id AND a.source_id = 'app' AND a.batch_id = (
                        SELECT batch_id FROM etl_batch WHERE source_id = 'app' ORDER BY run_id DESC LIMIT 1)) AS app
                FROM dwd_household h JOIN household_source s ON s.household_id = h.household_id AND s.source_id = 'census'
                GROUP BY h.household_id ORDER BY h.head_name
                """).map { "\($0["head_name"] as String):\($0["phone_masked"] as String):\($0["census"] as Int):\($0["app"] as Int)" }
            XCTAssertEqual(rows, ["\(F.son):139****5334:1:1", "\(F.father):187****9633:1:1"].sorted(),
                           sonFirst ? "son listed above his father" : "son listed below his father")
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 2)
        }
    }

    /// A record that leaves a household takes the values it supplied along. The app's record of the son, without an
    /// ID, joins his father's household by his name one character away, and its phone replaces the father's; when
    /// the app learns the son's ID, the record moves to a household of its own, and the father's phone is back in
    /// the same run, as a history version. The phone hash, which history does not keep, is back once the census's
    /// record of the father offers it at its next load.
    func testARecordThatLeavesAHouseholdTakesItsPhoneAlong() throws {
        typealias F = SplitFamily
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), app = folder.appendingPathComponent("app.csv")
        let passerby = "A1,测路人甲,,13900000001,机械厂宿舍,1,1,101"
        try write(F.censusHeader, [F.fatherRow], to: folder, "census.csv")
        try write(F.appHeader, [passerby], to: folder, "app.csv")
        let fixture = try F.pipeline(census, app, appKey: true)
        XCTAssertEqual(try fixture.run().status, 0)
        let fatherHousehold = "(SELECT household_id FROM household_source WHERE source_id = 'census' AND record_key = 'GY01427')"
        try write(F.appHeader, [passerby, "A2,\(F.son),,13970985334,机械厂宿舍,2,3,102"], to: folder, "app.csv")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = 'A2'") as String?,
                       try fixture.query("SELECT \(fatherHousehold)") as String?, "the premise: the son's app record joins by his name")
        XCTAssertEqual(try fixture.query("SELECT phone_masked FROM dwd_household WHERE household_id = \(fatherHousehold)") as String?,
                       "139****5334")
        // Night 3: the app has the son's ID.
        try write(F.appHeader, [passerby, "A2,\(F.son),\(F.sonID),13970985334,机械厂宿舍,2,3,102"], to: folder, "app.csv")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 1)
        XCTAssertNotEqual(try fixture.query("SELECT household_id FROM household_source WHERE record_key = 'A2'") as String?,
                          try fixture.query("SELECT \(fatherHousehold)") as String?)
        XCTAssertEqual(try fixture.rows("""
            SELECT head_name, phone_masked FROM dwd_household WHERE household_id = \(fatherHousehold)
            UNION ALL SELECT head_name, phone_masked FROM dwd_household_history WHERE household_id = \(fatherHousehold)
                AND valid_to_run IS NULL
            """).map { "\($0[0] as String):\($0[1] as String)" }, ["\(F.father):187****9633", "\(F.father):187****9633"])
        XCTAssertEqual(try fixture.rows("""
            SELECT phone_masked FROM dwd_household_history WHERE household_id = \(fatherHousehold) ORDER BY valid_from_run
            """).map { $0[0] as String }, ["187****9633", "139****5334", "187****9633"])
        XCTAssertNil(try fixture.query("SELECT phone_hash FROM dwd_household WHERE household_id = \(fatherHousehold)") as String?,
                     "not the son's phone hash")
        // Night 4: the census again, with a new row: the father's record offers his phone again.
        try write(F.censusHeader, [F.fatherRow, "GY02000,测邻居乙,,,云岩区三桥路街道机械厂宿舍2栋3单元101室"], to: folder, "census.csv")
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM dwd_household f, dwd_household s WHERE f.household_id = \(fatherHousehold)
                AND s.household_id = (SELECT household_id FROM household_source WHERE record_key = 'A2')
                AND f.phone_hash IS NOT NULL AND s.phone_hash IS NOT NULL AND f.phone_hash <> s.phone_hash
                AND f.phone_masked = '187****9633'
            """) as Int?, 1)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history WHERE household_id = \(fatherHousehold)") as Int?, 3)
    }
    /// A list of one row per member (残联's certificate holders) names the head on every row, with the head's ID on
    /// one row and without it on another (the head's own row, 本人, gives his ID as the member's): one household,
    /// whichever row comes first. Before, the row without the head's ID, linked after the one with it, was kept apart
    /// as a household the file listed apart (trial 12-d: 测任明义, 测周发).
    func testMemberRowsNamingOneHeadWithAndWithoutHisIDAreOneHousehold() throws {
        let header = "序号,姓名,身份证号,残疾类别,户主姓名,户主身份证号,与户主关系,家庭住址"
        let place = "云岩区三桥路街道机械厂宿舍2栋3单元102室"
        let withID = "2,测任芳,\(LoadOrderTests.wang),肢体残疾,测任明义,\(LoadOrderTests.zhang),女儿,\(place)"
        let own = "1,测任明义,\(LoadOrderTests.zhang),肢体残疾,测任明义,,本人,\(place)"
        for ownFirst in [true, false] {
            let folder = try TestPaths.temporaryFolder()
            try write(header, ownFirst ? [own, withID] : [withID, own], to: folder, "canlian.csv")
            let fixture = try PipelineFixture(sources: PipelineRunTests.source(
                "canlian", folder.appendingPathComponent("canlian.csv"), format: "csv", kind: "department",
                extra: ["context: {prefecture: 贵阳市}", "record_key: 序号",
                        "fields: {head_name: 户主姓名, head_id: 户主身份证号, address: 家庭住址}"]))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 1,
                           ownFirst ? "the head's own row first" : "the head's own row second")
            XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT household_id) FROM household_source") as Int?, 1)
        }
    }
}
