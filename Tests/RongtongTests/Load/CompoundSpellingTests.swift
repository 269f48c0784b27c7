import Foundation
import GRDB
import XCTest

/// Compound names as 遵义's grid census writes them in its addresses (fresh-eyes trial 13-b): staff quarters named
/// after their road, misspelt kind words (花圆, 宿社, 新邨), a compound named after its county; and the same records
/// loaded in another order or again. The housing department's list (UTF-8 CSV) and the census (GB18030 CSV) through
/// the real pipeline into a real warehouse, then SQL.
final class CompoundSpellingTests: XCTestCase {
    typealias Nights = NightsTests

    /// The housing department's compound list: name, county, township.
    static let list = """
        序号,小区名称,区县,街道
        1,洗马路职工宿舍,汇川区,洗马路街道
        2,金桂苑,汇川区,洗马路街道
        3,珠海花园,汇川区,上海路街道
        4,播州花园,播州区,南白街道
        5,烟草宿舍,仁怀市,苍龙街道
        6,长征新村,红花岗区,长征街道
        7,凤凰山花园,红花岗区,万里路街道

        """

    private func write(_ lines: [String], _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try Data(UTF8EvidenceTests.gb18030((["户编号,户主姓名,身份证号,家庭住址"] + lines).joined(separator: "\r\n") + "\r\n"))
            .write(to: file)
        return file
    }

    private func housing(_ folder: URL) throws -> String {
        let file = folder.appendingPathComponent("compounds.csv")
        try Self.list.write(to: file, atomically: true, encoding: .utf8)
        return PipelineRunTests.source("zunyi-housing", file, format: "csv", entity: "compound", owner: "遵义市住房和城乡建设局",
            kind: "department", extra: ["context: {prefecture: 遵义市}", "fields: {name: 小区名称, county: 区县, township: 街道}"])
    }

    private func census(_ name: String, _ file: URL) -> String {
        PipelineRunTests.source(name, file, format: "csv", owner: "遵义市", extra: [
            "encoding: gb18030", "record_key: 户编号", "context: {prefecture: 遵义市}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}",
        ])
    }

    /// Each record's compound, as `name@region`, by record key.
    private func compounds(_ fixture: PipelineFixture) throws -> [String: String] {
        var byKey: [String: String] = [:]
        for row in try fixture.rows("""
            SELECT s.record_key, c.name || '@' || c.region_code FROM household_source s
            JOIN dwd_household h USING (household_id) LEFT JOIN dim_compound c USING (compound_id)
            """) {
            byKey[row[0]] = row[1]
        }
        return byKey
    }

    /// Trial 13-b, defects 1 and 2. `洗马路职工宿舍` after 洗马路街道 (and without any division) is the list's
    /// compound, and so is `洗马路12号职工宿舍` (a door on the road; the township has no other road's 职工宿舍); a road
    /// before 家属院 with no list names a compound of that road (延安路家属院). Misspelt kind words are the list's
    /// compounds: 播州花圆 (with or without its township; 播州 is the compound's name, not the county), 烟草宿社,
    /// 长征新邨, 珠海花圆. No other compound is made. Before, `职工宿舍` (match name 职工), `花圆` in 播州区, `烟草宿社`,
    /// `长征新邨` and `珠海花圆` were compounds of their own, and the road's 家属院 was no compound at all.
    func testRoadNamedQuartersAndMisspeltKindWordsAreTheListsCompounds() throws {
        let folder = try TestPaths.temporaryFolder()
        let grid = try write([
            "G1,测邱荣鹏,\(Nights.id("52038119560725345")),汇川区洗马路街道洗马路职工宿舍1栋2单元302室",
            "G2,测朱柏福,,洗马路职工宿舍12-2-403",
            "G3,测郝莲亮,,汇川区洗马路街道洗马路12号职工宿舍6栋3单元702室",
            "G4,测唐光平,,南白街道播州花圆3栋3单元301室",
            "G5,测田祥,,播州花圆5栋1单元101室",
            "G6,测夏祥建,,仁怀市苍龙街道烟草宿社3栋1单元601室",
            "G7,测雷英,,红花岗区长征街道长征新邨3栋1单元601室",
            "G8,测王芳,,汇川区上海路街道珠海花圆4栋2单元702室",
            "G9,测张伟,,红花岗区长征街道延安路家属院2栋1单元101室",
        ], "grid.csv", in: folder)
        let fixture = try PipelineFixture(sources: [try housing(folder), census("zunyi-grid", grid)].joined(separator: "\n"))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("""
            SELECT name || ':' || match_name || ':' || confirmed_by_housing FROM dim_compound ORDER BY name
            """).map { $0[0] as String },
                       ["洗马路职工宿舍:洗马路职工:1", "金桂苑:金桂:1", "珠海花园:珠海:1", "播州花园:播州:1", "烟草宿舍:烟草:1",
                        "长征新村:长征:1", "凤凰山花园:凤凰山:1", "延安路家属院:延安路家属:0"].sorted())
        XCTAssertEqual(try compounds(fixture), [
            "G1": "洗马路职工宿舍@520303002000", "G2": "洗马路职工宿舍@520303002000", "G3": "洗马路职工宿舍@520303002000",
            "G4": "播州花园@520304001000", "G5": "播州花园@520304001000", "G6": "烟草宿舍@520382003000",
            "G7": "长征新村@520302009000", "G8": "珠海花园@520303001000", "G9": "延安路家属院@520302009000",
        ])
        // The address spells the compound as the list does.
        XCTAssertEqual(try fixture.query("""
            SELECT h.address FROM household_source s JOIN dwd_household h USING (household_id) WHERE s.record_key = 'G6'
            """) as String?, "贵州省遵义市仁怀市苍龙街道烟草宿舍3栋1单元601室")
    }

    /// Trial 13-b, defect 3: which compound a record joins does not depend on the order records come in, nor on
    /// what is already in the warehouse. A census of records without a township (`职工宿舍5栋…`, `凤皇山花园6栋…`:
    /// compounds of their own at the prefecture, as nothing tells which township's is meant) loaded before or after
    /// one whose records name the township: the township's records join the list's 洗马路职工宿舍 and 凤凰山花园 (a
    /// typo of its name) either way, and loading the same files again (`--force`) moves no household and writes
    /// no history. Before, the records without a township made the compound first when loaded first, the
    /// township's records then moved it into the township and joined it, beside the list's.
    func testACompoundDoesNotDependOnLoadOrderOrWhatTheWarehouseHolds() throws {
        var results: [[String: String]] = []
        for coarseFirst in [true, false] {
            let order = coarseFirst ? "records without a township first" : "records with a township first"
            let folder = try TestPaths.temporaryFolder()
            let coarse = try write([
                "C1,测罗明,,职工宿舍5栋1单元101室",
                "C2,测杨洁,,凤皇山花园6栋1单元101室",
                "C3,测吴刚,,烟草宿社2栋1单元101室",
            ], "coarse.csv", in: folder)
            let town = try write([
                "T1,测周丽,\(Nights.id("52030219700101123")),汇川区洗马路街道职工宿舍2栋1单元201室",
                "T2,测郑军,,红花岗区万里路街道凤皇山花园1栋1单元101室",
                "T3,测孙红,,仁怀市苍龙街道烟草宿社3栋1单元601室",
                "T4,测钱进,,汇川区洗马路街道洗马路18号职工宿舍3栋2单元502室",
            ], "town.csv", in: folder)
            let feeds = coarseFirst ? [census("coarse", coarse), census("town", town)] : [census("town", town), census("coarse", coarse)]
            let fixture = try PipelineFixture(sources: ([try housing(folder)] + feeds).joined(separator: "\n"))
            var result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let first = try compounds(fixture)
            XCTAssertEqual(first["T1"], "洗马路职工宿舍@520303002000", order)
            XCTAssertEqual(first["T2"], "凤凰山花园@520302002000", order)
            XCTAssertEqual(first["T3"], "烟草宿舍@520382003000", order)
            XCTAssertEqual(first["T4"], "洗马路职工宿舍@520303002000", order)
            XCTAssertEqual(first["C3"], "烟草宿舍@520382003000", order)
            results.append(first)
            let households = try fixture.rows("SELECT household_id, compound_id, region_code FROM dwd_household ORDER BY 1")
                .map(\.description)
            let versions = try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?
            result = try fixture.run(["--force"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try compounds(fixture), first, order)
            XCTAssertEqual(try fixture.rows("SELECT household_id, compound_id, region_code FROM dwd_household ORDER BY 1")
                .map(\.description), households, order)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, versions, order)
        }
        XCTAssertEqual(results[0], results[1])
    }
}
