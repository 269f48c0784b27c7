import Foundation
import GRDB
import XCTest

/// Compounds of one township whose names are one character apart, and a compound named with and without its
/// township (fresh-eyes trial 19e, a 20,500-household county, 遵义市习水县): the real binary on real files into a
/// real SQLite warehouse, then SQL.
final class CompoundNeighbourTests: XCTestCase {
    /// A household's record keys in key order, joined by `+` (for `dwd_household h`).
    static let keys = """
        SELECT group_concat(record_key, '+') FROM (SELECT record_key FROM household_source
        WHERE household_id = h.household_id ORDER BY record_key)
        """

    private func grid(_ lines: [String], in folder: URL, name: String = "grid.csv") throws -> URL {
        let file = folder.appendingPathComponent(name)
        try ((["户号,户主姓名,身份证号,家庭住址"] + lines).joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private func gridSource(_ file: URL, name: String = "grid") -> String {
        PipelineRunTests.source(name, file, format: "csv", owner: "遵义市习水县", extra: [
            "record_key: 户号", "context: {prefecture: 遵义市, county: 习水县}",
            "fields: {head_name: 户主姓名, head_id: 身份证号, address: 家庭住址}"])
    }

    private func registrySource(_ file: URL) -> String {
        PipelineRunTests.source("gaj", file, format: "xml", owner: "遵义市公安局", kind: "department", extra: [
            "options: {record_path: /户籍信息/户}", "record_key: \"@户号\"", "context: {prefecture: 遵义市, county: 习水县}",
            "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"])
    }

    private func registry(_ records: [String], in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("hj.xml")
        try ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<户籍信息>\n" + records.joined(separator: "\n") + "\n</户籍信息>\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Trial 19e, repro-2. Two compounds of 民化镇 one character apart, each written by two dwellings of the
    /// delivery (测翠园院落, 测龙园院落: the shape of the county's real 碧水苑/碧云苑), are two compounds, whichever
    /// comes first in the file, with no warning. A spelling only one dwelling writes beside an established one is
    /// still taken for its typo, whichever comes first, with a `compound_typo` warning naming both spellings.
    /// Before, the second spelling registered was always taken for a typo of the first, silently.
    func testEstablishedSpellingsOneCharacterApartAreTwoCompounds() throws {
        let cui = ["A1,测王伟,520330197001011018,贵州省遵义市习水县民化镇测翠园院落1栋1单元101室",
                   "A4,测孙丽,,贵州省遵义市习水县民化镇测翠园院落4栋1单元401室"]
        let long = ["A2,测李强,520330198002022020,贵州省遵义市习水县民化镇测龙园院落2栋1单元201室",
                    "A3,测赵敏,520330199003033033,贵州省遵义市习水县民化镇测龙园院落3栋2单元302室"]
        for lines in [cui + long, long + cui] {
            let folder = try TestPaths.temporaryFolder()
            let fixture = try PipelineFixture(sources: gridSource(try grid(lines, in: folder)))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound ORDER BY name")
                .map { "\($0[0] as String)@\($0[1] as String)" }, ["测翠园院落@520330114000", "测龙园院落@520330114000"])
            XCTAssertEqual(try fixture.rows("""
                SELECT s.record_key, c.name FROM household_source s JOIN dwd_household h USING (household_id)
                JOIN dim_compound c USING (compound_id) ORDER BY 1
                """).map { "\($0[0] as String):\($0[1] as String)" },
                           ["A1:测翠园院落", "A2:测龙园院落", "A3:测龙园院落", "A4:测翠园院落"])
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject WHERE rule = 'compound_typo'") as Int?, 0)
        }
        // One dwelling's spelling beside two dwellings' (the trial's repro-2): a typo, in either order, and said so.
        for lines in [[cui[0]] + long, long + [cui[0]]] {
            let folder = try TestPaths.temporaryFolder()
            let fixture = try PipelineFixture(sources: gridSource(try grid(lines, in: folder)))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT name FROM dim_compound").map { $0[0] as String }, ["测龙园院落"])
            XCTAssertEqual(try fixture.query("""
                SELECT h.address FROM household_source s JOIN dwd_household h USING (household_id) WHERE s.record_key = 'A1'
                """) as String?, "贵州省遵义市习水县民化镇测龙园院落1栋1单元101室")
            let warnings = try fixture.rows("SELECT value, message FROM etl_reject WHERE rule = 'compound_typo'")
            XCTAssertEqual(warnings.count, 1, result.stderr)
            XCTAssertEqual(warnings.first?[0] as String?, "测翠园院落")
            let message = warnings.first?[1] as String? ?? ""
            XCTAssertTrue(message.contains("测翠园院落") && message.contains("测龙园院落") && message.contains("民化镇"), message)
            XCTAssertTrue(result.stderr.contains("compound_typo"), result.stderr)
        }
    }

    /// Trial 19e, repro-3. The grid writes a flat without its township (`测光光院落1栋4单元1703室`; a namesake 测光光新村
    /// of another township makes a county-level 测光光院落), the registry the same flat, head and ID with it
    /// (`隆兴镇测光光院落一栋四单元1703号`), and `survivorship:` ranks the grid first for `address`: the finer region is
    /// no disagreement, so the household is 隆兴镇's 测光光院落 and its address names 隆兴镇, whichever source loads
    /// first. Before, with the grid loaded first, it stayed at the county in a duplicate county-level compound.
    func testAFinerNamesakeOfTheSameFlatPlacesTheHouseholdWhateverTheRanks() throws {
        try inBothOrders(grid: [
            "G1,测王伟,520330197001011018,隆兴镇测光光院落1栋1单元101室",
            "G2,测李强,520330198002022020,东皇街道测光光新村2栋1单元201室",
            "G3,测卢芳顺,520330199003033033,测光光院落1栋4单元1703室",
        ], registry: ["<户 户号=\"R3\"><姓名>测卢芳顺</姓名><身份证号>520330199003033033</身份证号><住址>隆兴镇测光光院落一栋四单元1703号</住址></户>"]) { fixture, order in
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("""
                SELECT (\(Self.keys)), h.region_code, h.address, c.name, c.region_code
                FROM dwd_household h JOIN dim_compound c USING (compound_id) WHERE h.head_name = '测卢芳顺'
                """).map { ($0.databaseValues.map(\.description)).joined(separator: "|") },
                ["\"G3+R3\"|\"520330104000\"|\"贵州省遵义市习水县隆兴镇测光光院落1栋4单元1703室\"|\"测光光院落\"|\"520330104000\""], order)
            XCTAssertEqual(try fixture.query("""
                SELECT COUNT(*) FROM dwd_household WHERE compound_id = (SELECT compound_id FROM dwd_household WHERE head_name = '测王伟')
                """) as Int?, 2, order)
        }
    }

    /// Trial 19e, repro-4. The grid writes `测幸桃小区2栋3单元1502室` without its township (a namesake 测幸桃院落 of 温水镇
    /// makes a county-level compound), the registry the same flat and name with 东皇街道 and a 17-digit ID: one
    /// household from the first load, in either order of sources, and loading the same files again (`--force`)
    /// changes no household, merges none and writes no history. Before, the first load made two households (the
    /// grid's in the county-level compound) and the second merged them.
    func testTheSameFilesLoadedTwiceGiveTheSameHouseholds() throws {
        try inBothOrders(grid: [
            "G1,测王伟,520330197001011018,东皇街道测幸桃小区1栋1单元101室",
            "G2,测李强,520330198002022020,温水镇测幸桃院落2栋1单元201室",
            "G3,测史娟娜,520330199003033033,测幸桃小区2栋3单元1502室",
        ], registry: ["<户 户号=\"R3\"><姓名>测史娟娜</姓名><身份证号>52033019900303303</身份证号><住址>东皇街道测幸桃小区2栋3单元1502室</住址></户>"]) { fixture, order in
            var result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            let households = """
                SELECT (\(Self.keys)), h.region_code, h.address FROM dwd_household h ORDER BY 1
                """
            let first = try fixture.rows(households).map { $0.databaseValues.map(\.description).joined(separator: "|") }
            XCTAssertEqual(first, [
                "\"G1\"|\"520330001000\"|\"贵州省遵义市习水县东皇街道测幸桃小区1栋1单元101室\"",
                "\"G2\"|\"520330110000\"|\"贵州省遵义市习水县温水镇测幸桃院落2栋1单元201室\"",
                "\"G3+R3\"|\"520330001000\"|\"贵州省遵义市习水县东皇街道测幸桃小区2栋3单元1502室\"",
            ], order)
            let before = try fixture.contentDigest(excluding: ["etl_run", "etl_run_batch", "dim_region", "etl_batch", "etl_reject"])
            result = try fixture.run(["--force"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertFalse(result.stderr.contains("merged into another"), result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_alias") as Int?, 0, order)
            let after = try fixture.contentDigest(excluding: ["etl_run", "etl_run_batch", "dim_region", "etl_batch", "etl_reject"])
            for table in Set(before.keys).union(after.keys).sorted() {
                XCTAssertEqual(before[table], after[table], "\(order): \(table)")
            }
        }
    }

    /// The recheck of trial 19e, regression-1. 土城镇 has 测凤凤新村 and 习酒镇 测凤凤家园 (one stem, two kind words); the grid
    /// writes 测凤凤新村 (G3) and 测凤凤家园 (G4) without a township. Each is the one compound of the county spelled as
    /// written, whichever source loads first: G4 lies in 习酒镇's 测凤凤家园 with that township in its address, G3 (and
    /// the registry's R3 of the same flat with 土城镇) in 土城镇's 测凤凤新村, and no compound is made up at the county.
    /// Before, G3 made up a county-level 测凤凤新村 and G4 joined it, its address rewritten to a name it never wrote.
    func testANameWithoutTownshipFindsTheCompoundSpelledAsWritten() throws {
        try inBothOrders(grid: [
            "G1,测王伟,520330197001010015,土城镇测凤凤新村1栋1单元101室",
            "G2,测李强,520330197001010023,习酒镇测凤凤家园2栋1单元201室",
            "G3,测赵敏,520330197001010031,测凤凤新村3栋2单元302室",
            "G4,测孟安军,52033019700101004X,测凤凤家园1栋1单元904室",
        ], registry: ["<户 户号=\"R3\"><姓名>测赵敏</姓名><身份证号>520330197001010031</身份证号><住址>土城镇测凤凤新村3栋2单元302室</住址></户>"]) { fixture, order in
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("""
                SELECT (\(Self.keys)), h.region_code, h.address, c.name, c.region_code
                FROM dwd_household h JOIN dim_compound c USING (compound_id) ORDER BY 1
                """).map { $0.databaseValues.map(\.description).joined(separator: "|") }, [
                    "\"G1\"|\"520330101000\"|\"贵州省遵义市习水县土城镇测凤凤新村1栋1单元101室\"|\"测凤凤新村\"|\"520330101000\"",
                    "\"G2\"|\"520330105000\"|\"贵州省遵义市习水县习酒镇测凤凤家园2栋1单元201室\"|\"测凤凤家园\"|\"520330105000\"",
                    "\"G3+R3\"|\"520330101000\"|\"贵州省遵义市习水县土城镇测凤凤新村3栋2单元302室\"|\"测凤凤新村\"|\"520330101000\"",
                    "\"G4\"|\"520330105000\"|\"贵州省遵义市习水县习酒镇测凤凤家园1栋1单元904室\"|\"测凤凤家园\"|\"520330105000\"",
                ], order)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 2, order)
        }
    }

    /// A stem several townships' compounds share with one kind word (土城镇 and 习酒镇 both have 测凤凤新村): a record
    /// without a township writing 测凤凤新村 makes a compound of the name up at the county, as documented, and one writing
    /// 测凤凤家园 another, keeping the name it wrote (its address says 测凤凤家园), whichever of the two comes first.
    /// Before, the second took the first one's compound and its name.
    func testARecordWithoutTownshipKeepsItsKindWordBesideAMadeUpCompound() throws {
        let xincun = "G3,测赵敏,520330197001010031,测凤凤新村3栋2单元302室"
        let jiayuan = "G4,测孟安军,52033019700101004X,测凤凤家园1栋1单元904室"
        for lines in [[xincun, jiayuan], [jiayuan, xincun]] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try grid([
            "G1,测王伟,520330197001010015,土城镇测凤凤新村1栋1单元101室",
            "G2,测李强,520330197001010023,习酒镇测凤凤新村2栋1单元201室",
            ] + lines, in: folder)
            let fixture = try PipelineFixture(sources: gridSource(grid))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("""
                SELECT s.record_key, h.address, c.name, c.region_code FROM household_source s
                JOIN dwd_household h USING (household_id) JOIN dim_compound c USING (compound_id)
                WHERE s.record_key IN ('G3', 'G4') ORDER BY 1
                """).map { $0.databaseValues.map(\.description).joined(separator: "|") }, [
                    "\"G3\"|\"贵州省遵义市习水县测凤凤新村3栋2单元302室\"|\"测凤凤新村\"|\"520330000000\"",
                    "\"G4\"|\"贵州省遵义市习水县测凤凤家园1栋1单元904室\"|\"测凤凤家园\"|\"520330000000\"",
                ], lines[0])
        }
    }

    /// Trial 19e: 永安镇's 测水红花园 and 测水红新村, one stem and two kind words, each written by two dwellings of the
    /// file, are two compounds, whichever comes first, and a registry row writing one of them later finds it. A kind
    /// word left out (测水红 beside 测水红小区), or a kind word one dwelling writes beside an established one, is the
    /// same compound. Before, 测水红花园 and 测水红新村 were one compound.
    func testEstablishedSpellingsWithDifferentKindWordsAreTwoCompounds() throws {
        let huayuan = ["A1,测王伟,520330197001011018,永安镇测水红花园1栋1单元101室",
                       "A2,测孙丽,520330197201011016,永安镇测水红花园4栋1单元401室"]
        let xincun = ["B1,测李强,520330198002022020,永安镇测水红新村2栋1单元201室",
                      "B2,测赵敏,520330199003033033,永安镇测水红新村3栋2单元302室"]
        for lines in [huayuan + xincun, xincun + huayuan] {
            let folder = try TestPaths.temporaryFolder()
            let hj = try registry(["<户 户号=\"R1\"><姓名>测钱多</姓名><身份证号>520330197501011012</身份证号><住址>永安镇测水红新村5栋1单元501室</住址></户>"],
                                  in: folder)
            let fixture = try PipelineFixture(sources: [gridSource(try grid(lines, in: folder)), registrySource(hj)]
                .joined(separator: "\n"))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.rows("SELECT name, region_code FROM dim_compound ORDER BY name")
                .map { "\($0[0] as String)@\($0[1] as String)" }, ["测水红新村@520330108000", "测水红花园@520330108000"], lines[0])
            XCTAssertEqual(try fixture.rows("""
                SELECT s.record_key, c.name, h.address FROM household_source s JOIN dwd_household h USING (household_id)
                JOIN dim_compound c USING (compound_id) ORDER BY 1
                """).map { "\($0[0] as String):\($0[1] as String):\($0[2] as String)" }, [
                    "A1:测水红花园:贵州省遵义市习水县永安镇测水红花园1栋1单元101室",
                    "A2:测水红花园:贵州省遵义市习水县永安镇测水红花园4栋1单元401室",
                    "B1:测水红新村:贵州省遵义市习水县永安镇测水红新村2栋1单元201室",
                    "B2:测水红新村:贵州省遵义市习水县永安镇测水红新村3栋2单元302室",
                    "R1:测水红新村:贵州省遵义市习水县永安镇测水红新村5栋1单元501室",
                ], lines[0])
        }
        // A kind word left out, or one only one dwelling writes: one compound.
        let xiaoqu = ["C1,测王伟,520330197001011018,永安镇测水红小区1栋1单元101室",
                      "C2,测孙丽,520330197201011016,永安镇测水红小区4栋1单元401室"]
        let bare = ["D1,测李强,520330198002022020,永安镇测水红2栋1单元201室",
                    "D2,测赵敏,520330199003033033,永安镇测水红3栋2单元302室"]
        for lines in [xiaoqu + bare, bare + xiaoqu, huayuan + [xincun[0]], [xincun[0]] + huayuan] {
            let folder = try TestPaths.temporaryFolder()
            let fixture = try PipelineFixture(sources: gridSource(try grid(lines, in: folder)))
            let result = try fixture.run()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound") as Int?, 1, lines[0])
            XCTAssertEqual(try fixture.query("SELECT COUNT(DISTINCT compound_id) FROM dwd_household") as Int?, 1, lines[0])
        }
    }

    /// fix-compound19's leftover (the 19e recheck). Night 1: the grid writes G3's flat without its township (两
    /// townships have 测光光院落, so a county-level one is made up and holds it). Night 2: the registry places the same
    /// flat in 隆兴镇: the household joins 隆兴镇's 测光光院落, and the made-up compound, now empty, leaves `dim_compound`,
    /// `dws_compound_summary` and the ads views, its id resolving through `compound_merged` to 隆兴镇's. With the summary
    /// rebuilt whole or only for the compounds touched.
    func testAMadeUpCompoundEmptiedByAMoveLeavesTheSummariesAndItsIdResolves() throws {
        for summary in ["full", "incremental"] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try grid([
            "G1,测王伟,520330197001011018,隆兴镇测光光院落1栋1单元101室",
            "G2,测李强,520330198002022020,东皇街道测光光院落2栋1单元201室",
            "G3,测卢芳顺,520330199003033033,测光光院落3栋2单元302室",
            ], in: folder)
            let hj = try registry(["<户 户号=\"R9\"><姓名>测钱多</姓名><身份证号>520330197501011012</身份证号><住址>隆兴镇测别处小区5栋1单元501室</住址></户>"],
                                  in: folder)
            let fixture = try PipelineFixture(sources: [gridSource(grid), registrySource(hj)].joined(separator: "\n")
                + "\nsurvivorship:\n  address: [grid, gaj]")
            var result = try fixture.run(environment: ["RONGTONG_TEST_SUMMARY": summary])
            XCTAssertEqual(result.status, 0, result.stderr)
            let madeUp: String? = try fixture.query("SELECT compound_id FROM dim_compound WHERE region_code = '520330000000'")
            XCTAssertNotNil(madeUp, summary)
            let longxing: String? = try fixture.query("SELECT compound_id FROM dim_compound WHERE region_code = '520330104000' AND name = '测光光院落'")
            _ = try registry(["<户 户号=\"R3\"><姓名>测卢芳顺</姓名><身份证号>520330199003033033</身份证号><住址>隆兴镇测光光院落3栋2单元302室</住址></户>"],
                             in: folder)
            result = try fixture.run(environment: ["RONGTONG_TEST_SUMMARY": summary])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT compound_id FROM dwd_household WHERE head_name = '测卢芳顺'") as String?, longxing, summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound WHERE region_code = '520330000000'") as Int?, 0, summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dws_compound_summary WHERE households = 0") as Int?, 0, summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dws_compound_summary WHERE compound_id = '\(madeUp ?? "")'") as Int?, 0, summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM ads_special_difficulty_by_compound WHERE compound_id = '\(madeUp ?? "")'") as Int?, 0, summary)
            XCTAssertEqual(try fixture.rows("SELECT merged_into, name, region_code FROM compound_merged WHERE compound_id = '\(madeUp ?? "")'")
                .map { $0.databaseValues.map(\.description).joined(separator: "|") },
                           ["\"\(longxing ?? "")\"|\"测光光院落\"|\"520330000000\""], summary)
            // Loading the same files again changes nothing.
            result = try fixture.run(["--force"], environment: ["RONGTONG_TEST_SUMMARY": summary])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM compound_merged") as Int?, 1, summary)
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dim_compound WHERE region_code = '520330000000'") as Int?, 0, summary)
        }
    }

    /// The grid's rows and the registry's records as one pipeline with `address` ranked to the grid, once with each
    /// source loading first: `check` gets the fixture (not yet run) and which order it is.
    private func inBothOrders(grid rows: [String], registry records: [String],
                              _ check: (PipelineFixture, String) throws -> Void) throws {
        for gridFirst in [true, false] {
            let folder = try TestPaths.temporaryFolder()
            let grid = try grid(rows, in: folder)
            let hj = try registry(records, in: folder)
            let sources = gridFirst ? [gridSource(grid), registrySource(hj)] : [registrySource(hj), gridSource(grid)]
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n") + "\nsurvivorship:\n  address: [grid, gaj]")
            try check(fixture, gridFirst ? "grid first" : "registry first")
        }
    }
}
