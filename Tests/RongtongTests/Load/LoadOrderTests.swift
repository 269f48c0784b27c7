import Foundation
import GRDB
import XCTest

/// The warehouse does not depend on the order its input arrives in: feeds loaded in another order, a compound placed
/// after its households loaded. Real files through the real pipeline, over several runs, then SQL.
final class LoadOrderTests: XCTestCase {
    static let zhang = NightsTests.zhang

    /// Writes `rows` under `header` to `folder/name`.
    func write(_ header: String, _ rows: [String], to folder: URL, _ name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ([header] + rows).joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// The households' values, their compound by name (a compound's id is the region it was first known at).
    static let households = """
        SELECT h.region_code, c.name, h.building, h.unit, h.room, h.address, h.head_name, h.head_id_hash, h.phone_hash,
               h.member_count, h.is_low_income FROM dwd_household h LEFT JOIN dim_compound c USING (compound_id)
        ORDER BY h.head_name
        """

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
        // The new file's batch and sightings aside (household_source, last_seen_run).
        let seen: Set<String> = ["dwd_household", "household_source"]
        let before = try fixture.contentDigest(excluding: etl.union(seen))
        let households = try fixture.rows(Self.households).map(\.description)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.contentDigest(excluding: etl.union(seen)), before)
        XCTAssertEqual(try fixture.rows(Self.households).map(\.description), households)
        let after = try fixture.contentDigest(excluding: etl)
        XCTAssertEqual(try fixture.run(["--force"]).status, 0)
        XCTAssertEqual(try fixture.contentDigest(excluding: etl), after, "a forced reload writes nothing new")
    }
}
