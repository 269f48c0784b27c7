import Foundation
import GRDB
import XCTest

/// A shantytown's households, its compound list and 民政's cases over nights (trial 19b, shantytown relocation),
/// through the real binary into a real SQLite warehouse.
final class RelocationTrialTests: XCTestCase {
    /// 杉树林社区 (520201014008) under 荷城街道 of 六盘水市钟山区.
    static let shanshulin = "520201014008"

    /// The housing list's compound row, placing 测杉树林片区 in its 社区.
    private func compoundSource(_ file: URL) -> String {
        PipelineRunTests.source("zj", file, format: "csv", entity: "compound", owner: "住建", kind: "department",
                                extra: ["record_key: 项目编号"])
    }

    /// A grid census naming the shantytown's dwelling under its township, placed by `context:` in 六盘水市.
    private func censusSource(_ file: URL) -> String {
        PipelineRunTests.source("grid", file, format: "csv", owner: "六盘水市", extra: [
            "record_key: 户编号", "context: {prefecture: 六盘水市}", "fields: {address: 现住址}"])
    }

    /// The compound list's community reaches the households loaded in the same run (the registry remembered the
    /// compound at the township it created it at): night 1 already holds the community and an address naming it, in
    /// either order of the sources in the pipeline, and the same files again the next night write no history version.
    func testACompoundListsCommunityReachesHouseholdsLoadedInTheSameRun() throws {
        let folder = try TestPaths.temporaryFolder()
        let compounds = folder.appendingPathComponent("compounds.csv"), census = folder.appendingPathComponent("census.csv")
        try """
            项目编号,市州,区县,街道,社区,小区名称,类型,进度
            LPS-PG-01,六盘水市,钟山区,荷城街道,杉树林社区,测杉树林片区,棚户区,30%

            """.write(to: compounds, atomically: true, encoding: .utf8)
        try """
            户编号,户主姓名,身份证号,现住址
            A1,测王国华,520201195001010019,钟山区荷城街道测杉树林片区17号
            A2,测李秀兰,520201195203040026,钟山区荷城街道测杉树林片区3栋2单元101室

            """.write(to: census, atomically: true, encoding: .utf8)
        let community = "贵州省六盘水市钟山区荷城街道杉树林社区测杉树林片区"
        for sources in [[compoundSource(compounds), censusSource(census)], [censusSource(census), compoundSource(compounds)]] {
            let order = sources[0].contains("name: zj") ? "compound list first" : "census first"
            let fixture = try PipelineFixture(sources: sources.joined(separator: "\n"))
            for night in 1...2 {
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
                XCTAssertEqual(try fixture.rows("SELECT region_code, address FROM dwd_household ORDER BY address")
                    .map { "\($0[0] as String)|\($0[1] as String)" },
                               ["\(Self.shanshulin)|\(community)17室", "\(Self.shanshulin)|\(community)3栋2单元101室"],
                               "\(order), night \(night)")
            }
            XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, 2,
                           "\(order): one version per household")
        }
    }

    /// 民政's case still names the shantytown flat after the census moved the household to a resettlement compound:
    /// an `address` conflict row, as for the compound and the room, whether the move comes the night after the first
    /// load or after the census re-sent its unchanged values, and whether or not 民政's address writes the flat as
    /// precisely as the household's (the census's 社区 column places it in 杉树林社区, 民政 names only the township).
    func testAStaleCaseAddressConflictsWithTheMoveAfterAnUnchangedResend() throws {
        for withCommunity in [false, true] {
            for nights in [["n1", "n3"], ["n1", "n2", "n3"]] {
                let label = "\(withCommunity ? "census with 社区" : "census without 社区"), nights \(nights)"
                let folder = try TestPaths.temporaryFolder()
                let compounds = folder.appendingPathComponent("compounds.csv"), census = folder.appendingPathComponent("census.csv")
                let mz = folder.appendingPathComponent("mz.ndjson")
                try """
                    项目编号,市州,区县,街道,社区,小区名称,类型,进度
                    LPS-AZ-03,六盘水市,钟山区,荷城街道,城南社区,测荷城安置小区,其他,0.8

                    """.write(to: compounds, atomically: true, encoding: .utf8)
                try """
                    {"case_no":"MZ1","户主":{"姓名":"测王国华","身份证号":"520201195001010019"},"家庭住址":"六盘水市钟山区荷城街道测杉树林片区34号","救助类型":"城市低保"}

                    """.write(to: mz, atomically: true, encoding: .utf8)
                let community = withCommunity ? ",社区" : ""
                let rows = ["n1": "钟山区荷城街道测杉树林片区34号\(withCommunity ? ",杉树林社区" : ""),2023-10-01",
                            "n2": "钟山区荷城街道测杉树林片区34号\(withCommunity ? ",杉树林社区" : ""),2023-10-02",
                            "n3": "钟山区荷城街道测荷城安置小区1栋3单元602室\(withCommunity ? ",城南社区" : ""),2023-10-03"]
                let fixture = try PipelineFixture(sources: [
                    compoundSource(compounds),
                    PipelineRunTests.source("grid", census, format: "csv", owner: "六盘水市", extra: [
                        "record_key: 户编号", "context: {prefecture: 六盘水市}",
                        "fields: {address: 现住址\(withCommunity ? ", community: 社区" : "")}"]),
                    PipelineRunTests.source("mz", mz, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                        "record_key: case_no",
                        "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 家庭住址, tags: 救助类型}"]),
                ].joined(separator: "\n") + "\nsurvivorship:\n  address: [grid, mz]\n  building: [grid, mz]\n  room: [grid, mz]\n  compound: [grid, mz]")
                for night in nights {
                    try "户编号,户主姓名,身份证号,现住址\(community),登记日期\nA1,测王国华,520201195001010019,\(rows[night]!)\n"
                        .write(to: census, atomically: true, encoding: .utf8)
                    let result = try fixture.run()
                    XCTAssertEqual(result.status, 0, result.stderr)
                }
                XCTAssertEqual(try fixture.query("SELECT address FROM dwd_household") as String?,
                               "贵州省六盘水市钟山区荷城街道城南社区测荷城安置小区1栋3单元602室", label)
                let conflicts = try fixture.rows("SELECT column_name, kept_source, offered_source FROM dwd_household_conflict")
                    .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }
                for column in ["address", "compound_id", "room"] {
                    XCTAssertTrue(conflicts.contains("\(column)|grid|mz"), "\(label): \(conflicts)")
                }
            }
        }
    }

    /// A flat written less precisely than the stored one (without its community) is no disagreement, whatever the
    /// dwelling's parts: a building alone (`测东关小区41栋`) as a room (`7栋104室`). Night 1 the census and 民政 both
    /// name the township; night 2 the census places its flats in 东郊社区 (a 社区 column), 民政 still does not:
    /// no conflict row either night, in either order of the sources.
    func testAFlatWithoutItsCommunityIsNoAddressConflictWhateverItsParts() throws {
        let folder = try TestPaths.temporaryFolder()
        let census = folder.appendingPathComponent("census.csv"), mz = folder.appendingPathComponent("mz.ndjson")
        try """
            {"case_no": "MZ41", "户主": {"姓名": "测李德明", "身份证号": "520402196001010010"}, "家庭住址": "安顺市西秀区东关街道测东关小区41栋", "救助类型": "城市低保"}
            {"case_no": "MZ104", "户主": {"姓名": "测周秀英", "身份证号": "520402196102020023"}, "家庭住址": "安顺市西秀区东关街道测东关小区7栋104室", "救助类型": "城市低保"}

            """.write(to: mz, atomically: true, encoding: .utf8)
        let mzSource = PipelineRunTests.source("mz", mz, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
            "record_key: case_no", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: 家庭住址, tags: 救助类型}"])
        let ranks = "\nsurvivorship:\n  address: [grid, mz]\n  building: [grid, mz]\n  room: [grid, mz]\n  compound: [grid, mz]"
        for gridFirst in [true, false] {
            let grid = PipelineRunTests.source("grid", census, format: "csv", owner: "安顺市", extra: [
                "record_key: 户编号", "context: {prefecture: 安顺市}", "fields: {address: 现住址}"])
            let fixture = try PipelineFixture(sources: (gridFirst ? [grid, mzSource] : [mzSource, grid]).joined(separator: "\n") + ranks)
            for night in 1...2 {
                // Night 2's census adds its 社区 column (a header the pipeline maps by its name).
                let community = night == 2 ? ",东郊社区" : ""
                try """
                    户编号,户主姓名,身份证号,现住址\(night == 2 ? ",社区" : ""),登记日期
                    B41,测李德明,520402196001010010,西秀区东关街道测东关小区41栋\(community),2023-10-0\(night)
                    B104,测周秀英,520402196102020023,西秀区东关街道测东关小区7栋104室\(community),2023-10-0\(night)

                    """.write(to: census, atomically: true, encoding: .utf8)
                let result = try fixture.run()
                XCTAssertEqual(result.status, 0, result.stderr)
                let label = "\(gridFirst ? "grid first" : "民政 first"), night \(night)"
                XCTAssertEqual(try fixture.rows("SELECT address FROM dwd_household ORDER BY address").map { $0[0] as String },
                               night == 1 ? ["贵州省安顺市西秀区东关街道测东关小区41栋", "贵州省安顺市西秀区东关街道测东关小区7栋104室"]
                                          : ["贵州省安顺市西秀区东关街道东郊社区测东关小区41栋", "贵州省安顺市西秀区东关街道东郊社区测东关小区7栋104室"],
                               label)
                XCTAssertEqual(try fixture.rows("SELECT column_name, kept_source, offered_source FROM dwd_household_conflict")
                    .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }, [], label)
            }
        }
    }

    /// A resettlement compound's type word (安置小区, 安置房, 回迁房, 棚改安置小区) is `other`, with no warning: the
    /// compound is where a programme's households go, not one of its areas (两区一部). 棚户区 stays a shantytown.
    func testAResettlementCompoundsTypeIsOtherWithoutAWarning() throws {
        let folder = try TestPaths.temporaryFolder()
        let compounds = folder.appendingPathComponent("compounds.csv")
        try """
            项目编号,市州,区县,街道,社区,小区名称,类型,进度
            LPS-PG-01,六盘水市,钟山区,荷城街道,杉树林社区,测杉树林片区,棚户区,30%
            LPS-AZ-03,六盘水市,钟山区,荷城街道,城南社区,测荷城安置小区,安置小区,0.8
            LPS-AZ-04,六盘水市,钟山区,荷城街道,城南社区,测凉都新苑,安置房,0.5
            LPS-AZ-05,六盘水市,钟山区,荷城街道,城南社区,测回龙湾,棚改安置小区,0.2

            """.write(to: compounds, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: compoundSource(compounds))
        let result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try fixture.rows("SELECT name, COALESCE(area_type, '-') FROM dim_compound ORDER BY name")
            .map { "\($0[0] as String):\($0[1] as String)" },
                       ["测凉都新苑:other", "测回龙湾:other", "测杉树林片区:shantytown", "测荷城安置小区:other"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM etl_reject") as Int?, 0)
    }
}
