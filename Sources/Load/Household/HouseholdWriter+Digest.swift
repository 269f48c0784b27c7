import Crypto
import Foundation
import GRDB
import RongtongStaging

// Digests of a record's values: per value (`household_source.record_digest`) and whole (facilities).
extension HouseholdWriter {
    /// Two bytes per value in `insertColumns` order (FNV-1a of the value, folded to 16 bits): the record is
    /// unchanged when all are equal, and a value is offered again unchanged when its two are. A changed value
    /// goes unnoticed once in 65,536; it then waits for the record's next change, or for another source.
    static func columnDigests(_ values: [DatabaseValue]) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(values.count * 2)
        for value in values {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            switch value.storage {
            case .null: mix(0)
            case .int64(let number): mix(1); for byte in String(number).utf8 { mix(byte) }
            case .double(let number): mix(2); for byte in String(number).utf8 { mix(byte) }
            case .string(var text):
                mix(3)
                text.withUTF8 { bytes in for byte in bytes { mix(byte) } }
            case .blob(let data):
                mix(4)
                data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in for byte in bytes { mix(byte) } }
            }
            let folded = UInt16(truncatingIfNeeded: hash ^ (hash >> 16) ^ (hash >> 32) ^ (hash >> 48))
            out.append(UInt8(folded >> 8))
            out.append(UInt8(folded & 0xFF))
        }
        return Data(out)
    }

    /// The digest of value `index` in a record's `columnDigests` (its two bytes), or nil when the digest holds fewer
    /// values (one written before per-value digests).
    static func valueDigest<C: Collection>(_ digest: C, at index: Int) -> (UInt8, UInt8)? where C.Element == UInt8, C.Index == Int {
        let at = digest.startIndex + 2 * index
        guard at + 1 < digest.endIndex else { return nil }
        return (digest[at], digest[at + 1])
    }

    /// Whether two records' `columnDigests` say the same of value `index` (both hold it, with equal bytes).
    static func sameValue<A: Collection, B: Collection>(_ a: A, _ b: B, at index: Int) -> Bool
        where A.Element == UInt8, A.Index == Int, B.Element == UInt8, B.Index == Int {
        guard let x = valueDigest(a, at: index), let y = valueDigest(b, at: index) else { return false }
        return x == y
    }

    /// The two digest bytes of an empty value.
    static let nullDigest: (UInt8, UInt8) = {
        let bytes = Array(columnDigests([.null]))
        return (bytes[0], bytes[1])
    }()

    /// A digest of a record's values in `insertColumns` order (SHA-256, 32 hex characters): equal digests, equal
    /// values, across runs and processes. Facilities keep it; households kept it before `columnDigests`.
    static func digest(_ values: [DatabaseValue]) -> String {
        // One buffer of tagged, NUL-ended values, hashed once (a record has two dozen values).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func append(_ tag: Character, _ text: String) {
            bytes.append(UInt8(ascii: tag.unicodeScalars.first ?? "?"))
            bytes.append(contentsOf: text.utf8)
            bytes.append(0)
        }
        for value in values {
            switch value.storage {
            case .null: bytes.append(0)
            case .int64(let number): append("i", String(number))
            case .double(let number): append("d", String(number))
            case .string(let text): append("s", text)
            case .blob(let data): append("b", data.base64EncodedString())
            }
        }
        var hasher = SHA256()
        hasher.update(data: bytes)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in hasher.finalize().prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A record of a source's previous delivery: the household it is in, and the rule and score that first linked it.
struct EarlierRecord {
    var householdID: String
    var rule: String
    var score: Double
}

// A record of a source without a stable key, sent again unchanged.
extension HouseholdWriter {
    /// The household of the record with the same values (`record_digest`, every value's digest equal) in the source's
    /// previous delivery, when the record's key means nothing across files (no `record_key`, or a record keyed by its
    /// number): a gas company's JSON without account numbers sends 测林元凯 / 13559474852 / …1栋202 every night, and
    /// the record stays in the household it was linked to, with the rule and score that linked it, even when the
    /// census has since changed that household's phone. Nil when no such record is known, when two records of those
    /// values were in different households, or when the household now holds another valid ID.
    ///
    /// The previous delivery is the source's batches loaded in its latest earlier run, and those loaded before in this
    /// run (yesterday's missed file): read once per batch, by their record numbers (1 to `rows_read`, through the
    /// primary key), so the cost follows one delivery, not every night's rows a keyless source keeps.
    func earlierIdenticalRecord(_ c: HouseholdCandidate, digest: Data) throws -> (StoredHousehold, String, Double)? {
        if earlierRecords?.batchID != c.batchID {
            earlierRecords = (c.batchID, try earlierRecordsOfSource(c.sourceID, batchID: c.batchID))
        }
        guard let found = earlierRecords?.households[digest], let earlier = found else { return nil }
        // Merged away since: the household that absorbed it. Its head may have changed since, to a member (a new
        // head, or 合户: the household that listed this record's head as a member absorbed it): the record, unchanged,
        // still names a member of it.
        guard let (row, _) = try StoredHousehold.fetchOne(bound(byID, earlier.householdID))
                ?? StoredHousehold.fetchOne(bound(byAlias, earlier.householdID)),
              try HouseholdWriter.compatible(row, c) || listsAsMember(row.id, c.headIDHash) else { return nil }
        return (row, earlier.rule, earlier.score)
    }

    /// The records of the source's previous delivery by their digest (nil for values two records in different
    /// households offered).
    private func earlierRecordsOfSource(_ sourceID: String, batchID: String) throws -> [Data: EarlierRecord?] {
        let batches = try Row.fetchAll(db, sql: """
            SELECT batch_id, rows_read FROM etl_batch
            WHERE source_id = ?1 AND batch_id <> ?2 AND status = 'loaded' AND last_run_id >= COALESCE(
                (SELECT MAX(last_run_id) FROM etl_batch WHERE source_id = ?1 AND status = 'loaded' AND last_run_id < ?3), ?3)
            """, arguments: [sourceID, batchID, runID])
        var households: [Data: EarlierRecord?] = [:]
        for batch in batches {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                WITH RECURSIVE number(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM number WHERE n < ?3)
                SELECT s.household_id, s.record_digest, s.match_rule, s.match_score FROM number
                JOIN household_source s ON s.source_id = ?1 AND s.batch_id = ?2
                    AND s.record_key IN (CAST(number.n AS TEXT), '#' || number.n)
                """), arguments: [sourceID, batch[0] as String, batch[1] as Int])
            while let row = try rows.next() {
                guard case .blob(let digest) = (row[1] as DatabaseValue).storage else { continue }
                let record = EarlierRecord(householdID: row[0], rule: row[2], score: row[3])
                if let known = households[digest] {
                    if known?.householdID != record.householdID { households[digest] = .some(nil) }
                } else {
                    households[digest] = record
                }
            }
        }
        return households
    }
}

// What a record's digest says of it against the one stored when it was last loaded.
extension HouseholdWriter {
    /// Whether the record offers exactly what it offered when last loaded (`stored`, its `record_digest`), with no
    /// side effect: `offeredUnchanged` also remembers what a changed record offered before.
    static func sameAsOffered(_ stored: DatabaseValue, digest: Data, values: [DatabaseValue]) -> Bool {
        switch stored.storage {
        case .blob(let previous): return previous == digest
        case .string(let previous): return previous == HouseholdWriter.digest(values)
        default: return false
        }
    }

    /// Whether the record names the head it named when last loaded (`record_digest` `stored`, per value): the same
    /// head ID, or, without an ID either time, the same head name. False for a digest of the whole record (written
    /// before per-value digests), which cannot say.
    static func offersSameHead(_ stored: DatabaseValue, digest: Data) -> Bool {
        guard case .blob(let before) = stored.storage, before.count == digest.count else { return false }
        guard sameValue(before, digest, at: idPosition) else { return false }
        if valueDigest(before, at: idPosition).map({ $0 != nullDigest }) ?? false { return true }
        return sameValue(before, digest, at: headNamePosition)
    }

    /// Whether the record offers what it offered when last loaded (`record_digest` `stored`); if not, keeps the
    /// per-column digests of what it offered then in `offeredBefore`. (A digest written before per-column digests is
    /// the hex of the whole record.)
    func offeredUnchanged(_ stored: DatabaseValue, digest: Data, values: [DatabaseValue]) -> Bool {
        switch stored.storage {
        case .blob(let previous):
            if previous == digest { return true }
            offeredBefore = previous
        case .string(let previous):
            return previous == HouseholdWriter.digest(values)
        default: break
        }
        return false
    }
}
