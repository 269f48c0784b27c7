import Foundation
import GRDB
import XCTest

/// A `survivorship:` ranking changed between nights (trial 19d, repro-1): the stored values follow the new ranking,
/// as a fresh warehouse under the new pipeline would hold them, through the real binary into a real warehouse.
final class SurvivorshipChangeTests: XCTestCase {
    /// 公安's registry and 民政's case give one household (one ID) two head names and two rooms.
    private func feeds() throws -> (URL, URL) {
        let folder = try TestPaths.temporaryFolder()
        let registry = folder.appendingPathComponent("ga.xml"), civil = folder.appendingPathComponent("mz.ndjson")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <户籍信息>
              <户 户号="GA1">
                <户主 姓名="测马玉" 身份证号="520502198408102819"/>
                <住址>贵州省毕节市七星关区洪山街道测松苑5栋2单元201室</住址>
              </户>
            </户籍信息>

            """.write(to: registry, atomically: true, encoding: .utf8)
        try """
            {"case_no":"MZ1","户主":{"姓名":"测马晓","身份证号":"520502198408102819"},"jzdz":"毕节市七星关区洪山街道测松苑5栋2单元202室","救助类型":"城市低保"}

            """.write(to: civil, atomically: true, encoding: .utf8)
        return (registry, civil)
    }

    private func sources(_ registry: URL, _ civil: URL, ranking: String) -> String {
        [
            PipelineRunTests.source("ga", registry, format: "xml", owner: "省公安厅", kind: "department", extra: [
                "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}",
                "fields: {head_name: 户主/@姓名, head_id: 户主/@身份证号, address: 住址}"]),
            PipelineRunTests.source("mz", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: jzdz, tags: 救助类型}"]),
        ].joined(separator: "\n") + "\nsurvivorship:\n" + ranking
    }

    private func household(_ fixture: PipelineFixture) throws -> String {
        let rows = try fixture.rows("SELECT head_name, room, address FROM dwd_household")
        XCTAssertEqual(rows.count, 1)
        return rows.map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)" }.joined()
    }

    private func owners(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT column_name, source_id FROM dwd_household_field_source
            WHERE column_name IN ('head_name', 'address', 'room') ORDER BY column_name
            """).map { "\($0[0] as String)=\($0[1] as String)" }
    }

    /// Night A ranks 公安 first for the name and the address; night B, edited, ranks 民政 first. `validate` warns
    /// naming the columns; the next full run (its files unchanged and skipped) warns, loads 民政's staged case again
    /// and the household takes 民政's name and its whole place (room 202, not 201), with the conflict rows turned
    /// round; a fresh warehouse under B holds the same. A further night changes nothing and says nothing.
    func testChangedRankingIsAppliedOnTheNextRun() throws {
        let (registry, civil) = try feeds()
        let fixture = try PipelineFixture(sources: sources(registry, civil, ranking: "  head_name: [ga, mz]\n  address: [ga, mz]"))
        let first = try fixture.run()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try household(fixture), "测马玉|201|贵州省毕节市七星关区洪山街道测松苑5栋2单元201室")

        try fixture.rewrite(sources: sources(registry, civil, ranking: "  head_name: [mz, ga]\n  address: [mz, ga]"))
        let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        XCTAssertEqual(validate.status, 0, validate.stderr)
        XCTAssertTrue(validate.stdout.contains("warning: survivorship changed since the warehouse's values were decided: address [ga, mz] → [mz, ga]; head_name [ga, mz] → [mz, ga]; the next run loads again the staged deliveries of mz"),
                      validate.stdout)
        let json = try Rongtong.run(["validate", fixture.file.path, "--format", "json"],
                                    environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let pipelines = parsed?["pipelines"] as? [[String: Any]]
        XCTAssertEqual((pipelines?.first?["warnings"] as? [String])?.first?.hasPrefix("survivorship changed"), true, json.stdout)

        let second = try fixture.run(["--quiet"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("warning: survivorship changed since the warehouse's values were decided: address [ga, mz] → [mz, ga]; head_name [ga, mz] → [mz, ga]; this run loads again the staged deliveries of mz, which now rank higher"),
                      second.stderr)
        XCTAssertEqual(try household(fixture), "测马晓|202|贵州省毕节市七星关区洪山街道测松苑5栋2单元202室")
        XCTAssertEqual(try owners(fixture), ["address=mz", "head_name=mz", "room=mz"])
        XCTAssertEqual(try fixture.rows("""
            SELECT column_name, kept_source, offered_source FROM dwd_household_conflict
            WHERE column_name IN ('head_name', 'address') ORDER BY 1
            """).map { "\($0[0] as String): \($0[1] as String) over \($0[2] as String)" },
                       ["address: mz over ga", "head_name: mz over ga"])
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household_history") as Int?, 2)

        let before = try fixture.contentDigest()
        let third = try fixture.run()
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertFalse(third.stderr.contains("survivorship"), third.stderr)
        XCTAssertEqual(try fixture.contentDigest(), before)
        XCTAssertFalse(try Rongtong.run(["validate", fixture.file.path]).stdout.contains("survivorship"))

        // Control: the same feeds into a new warehouse under the new ranking.
        let fresh = try PipelineFixture(sources: sources(registry, civil, ranking: "  head_name: [mz, ga]\n  address: [mz, ga]"))
        XCTAssertEqual(try fresh.run().status, 0)
        XCTAssertEqual(try household(fresh), try household(fixture))
        XCTAssertEqual(try owners(fresh), try owners(fixture))
    }

    /// A ranking change whose risen source is not loaded again says so every run until it is: a run limited by
    /// `--source` to another source, and a run after `purge-staging` (nothing staged to load again), each warn and
    /// keep the old values; `--source mz --force` reads 民政's file again and applies the ranking, after which the
    /// warning stops.
    func testChangedRankingWaitsForTheRisenSource() throws {
        let (registry, civil) = try feeds()
        let fixture = try PipelineFixture(sources: sources(registry, civil, ranking: "  head_name: [ga, mz]"))
        XCTAssertEqual(try fixture.run().status, 0)
        try fixture.rewrite(sources: sources(registry, civil, ranking: "  head_name: mz"))

        let onlyGA = try fixture.run(["--source", "ga"])
        XCTAssertEqual(onlyGA.status, 0, onlyGA.stderr)
        XCTAssertTrue(onlyGA.stderr.contains("survivorship changed (head_name [ga, mz] → [mz]) but the stored values still follow the old ranking where these sources' records are outranked: mz was left out by --source: run without --source, or with --source mz"),
                      onlyGA.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马玉")

        XCTAssertEqual(try Rongtong.run(["purge-staging", fixture.file.path]).status, 0)
        let purged = try fixture.run(["--quiet"])
        XCTAssertEqual(purged.status, 0, purged.stderr)
        XCTAssertTrue(purged.stderr.contains("mz has no delivery in staging to load again (purge-staging?): run with --source mz --force to read its files again"),
                      purged.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马玉")

        let forced = try fixture.run(["--source", "mz", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertFalse(forced.stderr.contains("still follow the old ranking"), forced.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马晓")
        XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, "mz")
        let after = try fixture.run()
        XCTAssertFalse(after.stderr.contains("survivorship"), after.stderr)
    }

    /// A source removed from the pipeline keeps the values it set (no command withdraws them); listing the remaining
    /// source for a column ranks it above the removed, unlisted one, and the next run takes the column over from it.
    func testListingTheRemainingSourceWithdrawsARemovedSourcesValue() throws {
        let (registry, civil) = try feeds()
        let both = sources(registry, civil, ranking: "")
            .replacingOccurrences(of: "\nsurvivorship:\n", with: "\n")
        let fixture = try PipelineFixture(sources: both)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马晓")

        let onlyRegistry = PipelineRunTests.source("ga", registry, format: "xml", owner: "省公安厅", kind: "department", extra: [
            "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}",
            "fields: {head_name: 户主/@姓名, head_id: 户主/@身份证号, address: 住址}"])
        try fixture.rewrite(sources: onlyRegistry)
        XCTAssertEqual(try fixture.run().status, 0)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马晓")
        XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, "mz")

        try fixture.rewrite(sources: onlyRegistry + "\nsurvivorship:\n  head_name: [ga]")
        let listed = try fixture.run()
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stderr.contains("head_name none → [ga]; this run loads again the staged deliveries of ga"), listed.stderr)
        XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马玉")
        XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, "ga")
    }

    /// The city's census row of the same household as `feeds()`, with 公安's name (测马玉): 民政 alone says 测马晓.
    private func census() throws -> URL {
        let census = try TestPaths.temporaryFolder().appendingPathComponent("c.csv")
        try "hh,name,sfz,addr\nC1,测马玉,520502198408102819,贵州省毕节市七星关区洪山街道测松苑5栋2单元201室\n"
            .write(to: census, atomically: true, encoding: .utf8)
        return census
    }

    /// The pipeline's sources named in `order`, from the census (`c`), 公安 (`ga`) and 民政 (`mz`), then `ranking`.
    private func threeSources(_ order: [String], census: URL, registry: URL, civil: URL, ranking: String) -> String {
        let all = [
            "c": PipelineRunTests.source("c", census, format: "csv", owner: "毕节市", kind: "city", extra: [
                "record_key: hh", "fields: {head_name: name, head_id: sfz, address: addr}"]),
            "ga": PipelineRunTests.source("ga", registry, format: "xml", owner: "省公安厅", kind: "department", extra: [
                "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}",
                "fields: {head_name: 户主/@姓名, head_id: 户主/@身份证号, address: 住址}"]),
            "mz": PipelineRunTests.source("mz", civil, format: "ndjson", owner: "省民政厅", kind: "department", extra: [
                "record_key: case_no", "fields: {head_name: 户主.姓名, head_id: 户主.身份证号, address: jzdz, tags: 救助类型}"]),
        ]
        return order.map { all[$0]! }.joined(separator: "\n") + "\nsurvivorship:\n" + ranking
    }

    private func nameConflicts(_ fixture: PipelineFixture) throws -> [String] {
        try fixture.rows("""
            SELECT kept_source, offered_source FROM dwd_household_conflict WHERE column_name = 'head_name' ORDER BY 1, 2
            """).map { "\($0[0] as String) over \($0[1] as String)" }
    }

    /// Trial 19d's recheck (regression-1): night A ranks the name [mz, ga, c]; night B removes 民政 and ranks
    /// [ga, c], so the census and 公安 both rise above 民政's stored 测马晓 and load again. The census takes the name
    /// back first (in pipeline order c, ga), then 公安, ranked higher, takes it over with the same value: 民政's
    /// disagreement is now with 公安 (`ga over mz`), not with the census, whichever of the two loads first. A fresh
    /// warehouse loading the three deliveries under [ga, c] holds the same conflict row in every load order (民政
    /// first: the census overrules it, then 公安 takes the name over from the census).
    func testConflictRowsFollowTheSourceThatTakesAnEqualValueOver() throws {
        let (registry, civil) = try feeds()
        let census = try census()
        for order in [["c", "ga", "mz"], ["ga", "c", "mz"]] {
            let fixture = try PipelineFixture(sources: threeSources(order, census: census, registry: registry,
                                                                    civil: civil, ranking: "  head_name: [mz, ga, c]"))
            XCTAssertEqual(try fixture.run().status, 0)
            XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马晓")
            XCTAssertEqual(try nameConflicts(fixture), ["mz over c", "mz over ga"], "\(order)")

            try fixture.rewrite(sources: threeSources(order.filter { $0 != "mz" }, census: census, registry: registry,
                                                      civil: civil, ranking: "  head_name: [ga, c]"))
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertTrue(second.stderr.contains("this run loads again the staged deliveries of c and ga"), second.stderr)
            XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, "测马玉")
            XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, "ga")
            XCTAssertEqual(try nameConflicts(fixture), ["ga over mz"], "\(order)")
        }
        for order in [["c", "ga", "mz"], ["mz", "c", "ga"], ["mz", "ga", "c"]] {
            let fresh = try PipelineFixture(sources: threeSources(order, census: census, registry: registry,
                                                                  civil: civil, ranking: "  head_name: [ga, c]"))
            XCTAssertEqual(try fresh.run().status, 0)
            XCTAssertEqual(try fresh.query("SELECT head_name FROM dwd_household") as String?, "测马玉")
            XCTAssertEqual(try nameConflicts(fresh), ["ga over mz"], "fresh, \(order)")
        }
    }

    /// Trial 19d's recheck (regression-2): a source new to the pipeline, listed in a ranking, has nothing in the
    /// warehouse to rise over: its first records are weighed under the new ranking as they load. Neither `validate`
    /// nor the run says the ranking changed or that it loads the new source "again"; the run records the new ranking,
    /// so the next night says nothing either. Listed below 公安 it leaves 公安's name; listed above, its name wins, as
    /// in a fresh warehouse.
    func testANewSourceListedInARankingDoesNotRise() throws {
        let (registry, civil) = try feeds()
        let onlyRegistry = PipelineRunTests.source("ga", registry, format: "xml", owner: "省公安厅", kind: "department", extra: [
            "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}",
            "fields: {head_name: 户主/@姓名, head_id: 户主/@身份证号, address: 住址}"])
        for (ranking, name, owner) in [("[ga, mz]", "测马玉", "ga"), ("[mz, ga]", "测马晓", "mz")] {
            let fixture = try PipelineFixture(sources: onlyRegistry + "\nsurvivorship:\n  head_name: [ga]")
            XCTAssertEqual(try fixture.run().status, 0)
            try fixture.rewrite(sources: sources(registry, civil, ranking: "  head_name: \(ranking)"))
            let validate = try Rongtong.run(["validate", fixture.file.path], environment: ["RONGTONG_PII_KEY": PipelineFixture.key])
            XCTAssertEqual(validate.status, 0, validate.stderr)
            XCTAssertFalse(validate.stdout.contains("survivorship"), validate.stdout)
            let second = try fixture.run()
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertFalse(second.stderr.contains("survivorship"), second.stderr)
            XCTAssertEqual(try fixture.query("SELECT head_name FROM dwd_household") as String?, name, ranking)
            XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, owner)
            XCTAssertEqual(try fixture.query("SELECT value FROM etl_meta WHERE key = 'survivorship'") as String?,
                           "{\"head_name\":\(ranking == "[ga, mz]" ? "[[\"ga\"],[\"mz\"]]" : "[[\"mz\"],[\"ga\"]]")}")
            let third = try fixture.run()
            XCTAssertFalse(third.stderr.contains("survivorship"), third.stderr)
        }
    }

    /// A source renamed in the pipeline (`ga` to `gongan`) and listed under its new name is a source with no records
    /// yet: the run warns that the column's ranking changed for the old name, says truthfully that no source
    /// already loaded rose (nothing is loaded again), and the renamed source's first load takes the name over from the
    /// old, now unlisted name, with no further warning the night after.
    func testARenamedSourceListedTakesTheColumnOverOnItsFirstLoad() throws {
        let (registry, _) = try feeds()
        func registrySource(_ name: String) -> String {
            PipelineRunTests.source(name, registry, format: "xml", owner: "省公安厅", kind: "department", extra: [
                "record_key: \"@户号\"", "options: {record_path: /户籍信息/户}",
                "fields: {head_name: 户主/@姓名, head_id: 户主/@身份证号, address: 住址}"])
        }
        let fixture = try PipelineFixture(sources: registrySource("ga") + "\nsurvivorship:\n  head_name: [ga]")
        XCTAssertEqual(try fixture.run().status, 0)
        try fixture.rewrite(sources: registrySource("gongan") + "\nsurvivorship:\n  head_name: [gongan]")
        let renamed = try fixture.run()
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("survivorship changed since the warehouse's values were decided: head_name [ga] → [gongan]; no household source whose records the warehouse holds rose, so nothing is loaded again"),
                      renamed.stderr)
        XCTAssertFalse(renamed.stderr.contains("loads again the staged deliveries of"), renamed.stderr)
        XCTAssertEqual(try fixture.query("SELECT source_id FROM dwd_household_field_source WHERE column_name = 'head_name'") as String?, "gongan")
        let after = try fixture.run()
        XCTAssertFalse(after.stderr.contains("survivorship"), after.stderr)
    }
}
