import Foundation
import GRDB
import XCTest
@testable import RongtongNormalize

/// A source keyed by a person's resident ID (a 残联 list keyed by `身份证号`, or by the `残疾证号`, the ID and two
/// digits): the warehouse keeps the key only as the ID's keyed hash, everywhere a key is kept, and links by it across
/// nights as by any key.
final class IDRecordKeyTests: XCTestCase {
    typealias Nights = NightsTests

    static let zou = Nights.id("52010219790602448"), qian = Nights.id("52010219850505123"), sun = Nights.id("52010219620311201")
    /// 钱's ID in its 15-digit form.
    static let qian15 = "520102850505123"

    static func canlian(_ feed: URL, key: String, name: String = "canlian") -> String {
        PipelineRunTests.source(name, feed, format: "ndjson", owner: "贵阳市残联", kind: "department", extra: [
            "record_key: \(key)", "max_reject_ratio: 0.5",
            "fields: {head_name: 姓名, head_id: 身份证号, address: 住址}"])
    }

    static func line(_ name: String, _ id: String, room: Int, card: String? = nil) -> String {
        let card = card.map { #""残疾证号": "\#($0)", "# } ?? ""
        return #"{\#(card)"身份证号": "\#(id)", "姓名": "\#(name)", "住址": "贵阳市云岩区东山小区1栋1单元\#(room)室"}"#
    }

    /// Every value of every table of the warehouse, the run log included, as text.
    static func everything(_ fixture: PipelineFixture) throws -> String {
        try fixture.contentDigest(excluding: []).values.flatMap { $0 }.joined(separator: "\n")
    }

    /// Night 1: 邹 under her 18-digit ID, 钱 under his 15-digit one, 孙's line cut off after her ID (an extract reject
    /// keyed by it); a second list keyed by 残疾证号. No ID is anywhere in clear, the key is `id:` and the head's
    /// `head_id_hash`. Night 2: 钱's ID corrected to 18 digits, 孙's line whole: the same keys, 孙's reject resolved.
    func testAListKeyedByResidentIDsKeepsItsKeysHashedAndLinksByThem() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("canlian.ndjson"), cards = folder.appendingPathComponent("cards.ndjson")
        try [Self.line("测邹霞宇", Self.zou, room: 101), Self.line("测钱伟", Self.qian15, room: 102),
             #"{"身份证号": "\#(Self.sun)", "姓名": "测孙"#]
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        try Self.line("测邹霞宇", Self.zou, room: 101, card: Self.zou + "51")
            .appending("\n").write(to: cards, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: [Self.canlian(feed, key: "身份证号"),
                                                    Self.canlian(cards, key: "残疾证号", name: "cards")].joined(separator: "\n"))
        var result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let clear = [Self.zou, Self.qian, Self.qian15, Self.sun, String(Self.zou.prefix(15))]
        var stored = try Self.everything(fixture)
        for id in clear { XCTAssertFalse(stored.contains(id), "\(id) in clear") }
        XCTAssertEqual(try fixture.query("""
            SELECT COUNT(*) FROM household_source s JOIN dwd_household d USING (household_id)
            WHERE s.source_id = 'canlian' AND s.record_key = 'id:' || d.head_id_hash
            """) as Int?, 2)
        let card: String? = try fixture.query("SELECT record_key FROM household_source WHERE source_id = 'cards'")
        let zouHash: String? = try fixture.query("SELECT head_id_hash FROM dwd_household WHERE head_name = '测邹霞宇'")
        XCTAssertEqual(card, "[id:\(zouHash ?? "?")]51")
        let rejectKey: String? = try fixture.query("SELECT record_key FROM etl_reject WHERE source_id = 'canlian' AND severity = 'error'")
        XCTAssertEqual(rejectKey?.hasPrefix("id:"), true, "the broken line's key, hashed: \(rejectKey ?? "nil")")

        try [Self.line("测邹霞宇", Self.zou, room: 101), Self.line("测钱伟", Self.qian, room: 102),
             Self.line("测孙", Self.sun, room: 103)]
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        stored = try Self.everything(fixture)
        for id in clear { XCTAssertFalse(stored.contains(id), "\(id) in clear") }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE source_id = 'canlian'") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM dwd_household") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_relink") as Int?, 0)
        XCTAssertEqual(try fixture.query("SELECT resolved_run FROM etl_reject WHERE severity = 'error'") as Int?, 2,
                       "孙's reject resolves when her record loads under the same key")
    }

    /// A warehouse an earlier version wrote holds the keys in clear: the next run rewrites them to their hashed form,
    /// and the record keeps its one provenance row.
    func testKeysStoredInClearBeforeAreRewrittenToTheirHash() throws {
        let folder = try TestPaths.temporaryFolder()
        let feed = folder.appendingPathComponent("canlian.ndjson")
        try [Self.line("测邹霞宇", Self.zou, room: 101), Self.line("测钱伟", Self.qian, room: 102)]
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        let fixture = try PipelineFixture(sources: Self.canlian(feed, key: "身份证号"))
        var result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        // As an earlier version left it: the ID as the key, and no record_keys_hashed fact.
        try DatabaseQueue(path: fixture.warehouse.path).write { db in
            try db.execute(sql: """
                UPDATE household_source SET record_key = (SELECT CASE head_name WHEN '测邹霞宇' THEN ? ELSE ? END
                    FROM dwd_household d WHERE d.household_id = household_source.household_id)
                """, arguments: [Self.zou, Self.qian15])
            try db.execute(sql: "DELETE FROM etl_meta WHERE key = 'record_keys_hashed'")
        }
        try [Self.line("测邹霞宇", Self.zou, room: 101), Self.line("测钱伟", Self.qian, room: 102),
             Self.line("测孙", Self.sun, room: 103)]
            .joined(separator: "\n").appending("\n").write(to: feed, atomically: true, encoding: .utf8)
        result = try fixture.run()
        XCTAssertEqual(result.status, 0, result.stderr)
        let stored = try Self.everything(fixture)
        for id in [Self.zou, Self.qian, Self.qian15] { XCTAssertFalse(stored.contains(id), "\(id) in clear") }
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT COUNT(*) FROM household_source WHERE record_key LIKE 'id:%'") as Int?, 3)
        XCTAssertEqual(try fixture.query("SELECT value FROM etl_meta WHERE key = 'record_keys_hashed'") as String?, "1")
    }

    /// The forms of a key holding an ID; keys holding none, and masked IDs, are kept as written.
    func testStoredFormOfKeysHoldingAResidentID() throws {
        let key = try PersonalDataKey(bytes: Array("0123456789abcdef0123".utf8))
        let zou = "id:" + key.hash(Self.zou, kind: "id"), qian = "id:" + key.hash(Self.qian, kind: "id")
        func stored(_ text: String) -> String { StoredRecordKey.of(text, hashingWith: key) }
        XCTAssertEqual(stored(Self.zou), zou)
        XCTAssertEqual(stored(Self.qian15), qian, "the 15-digit form is the 18-digit one's key")
        XCTAssertEqual(stored(Self.qian), qian)
        XCTAssertEqual(stored("520102-19850505-123" + Self.qian.suffix(1)), qian)
        XCTAssertEqual(stored(Self.zou + "51"), "[" + zou + "]51", "a 残疾证号")
        XCTAssertEqual(stored("CL" + Self.zou), "CL[" + zou + "]")
        // A wrong check character, and Excel's 000: hashed as written, not kept in clear.
        let wrong = String(Self.zou.dropLast()) + (Self.zou.last == "1" ? "2" : "1")
        XCTAssertEqual(stored(wrong), "id:" + key.hash(wrong, kind: "id"))
        XCTAssertEqual(stored("520102197906024000"), "id:" + key.hash("520102197906024000", kind: "id"))
        // Idempotent: a stored key is kept.
        XCTAssertEqual(stored(stored(Self.zou + "51")), stored(Self.zou + "51"))
        XCTAssertEqual(stored(zou), zou)
        for plain in ["H001", "K12", "520102********4482", "2023100600000123", "AS-000123", "202310061234567"] {
            XCTAssertEqual(stored(plain), plain)
        }
    }
}
