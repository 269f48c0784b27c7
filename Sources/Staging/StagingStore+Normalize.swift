import Foundation
import GRDB

/// A staged raw record reduced to the source fields a normalizer asked for, in the order it asked.
public struct StagedRecord {
    public var number: Int
    public var line: Int?
    /// One value per requested source field name; nil when the record lacks that field.
    public var values: [String?]
    /// The source fields the file wrote as JSON number tokens (`"sfzh": 522301197804121800`), among those requested.
    public var numberFields: Set<String> = []
}

extension StagingStore {
    /// Re-normalizes one batch in one transaction: its earlier candidates and normalize rejects are replaced.
    ///
    /// `body` gets each raw record, with the values of `fieldNames` (source field names) in that order, and a
    /// sink for candidates and rejects; `finish` gets the sink once more after the last record, before the commit.
    ///
    /// With `recordKeyField` (the source's `record_key`), a key a record shares with an earlier record of the
    /// same file is given up: the later record gets a key of its own, `<key>#<occurrence>` (`GZ-007#2` for the second
    /// record keyed `GZ-007`), and a `duplicate_record_key` warning, so that two rows never overwrite one another's
    /// household. It is first linked by its contents, and updates its own provenance row in later deliveries.
    ///
    /// With `headIDField` (the source field mapped to `head_id`), an ID a household record shares with an earlier
    /// record of the same file that names another head at another address, with another or no phone, is given up:
    /// the later record loads without it, with an `id_shared` warning (see `giveUpSharedIDs`).
    ///
    /// `fingerprint` (the source's `normalizationFingerprint`) is kept with the batch: see `isNormalized(batchID:with:)`.
    ///
    /// With `households` (a census of one row per person under a `record_key`), `body` gets each record after its
    /// `prepare` (applied in file order), and the records of a file whose households are interleaved (a household
    /// key that comes back after another) gathered by household: see `HouseholdOrder`.
    public func normalizeBatch(_ batch: StagedBatch, runID: Int, fieldNames: [String], recordKeyField: String? = nil,
                               headIDField: String? = nil, fingerprint: String? = nil,
                               households: HouseholdOrder? = nil,
                               body: (StagedRecord, CandidateSink) throws -> Void,
                               finish: (CandidateSink) throws -> Void = { _ in }) throws {
        try queue.inTransaction { db in
            for table in StagingStore.candidateTables {
                try db.execute(sql: "DELETE FROM \(table) WHERE batch_id = ?", arguments: [batch.batchID])
            }
            try db.execute(sql: "DELETE FROM reject WHERE batch_id = ? AND stage = 'normalize'",
                           arguments: [batch.batchID])
            let sink = try CandidateSink(db: db)
            if let households, try StagingStore.householdsInterleaved(db, batchID: batch.batchID, fieldNames: fieldNames,
                                                                       order: households) {
                try StagingStore.forEachRecordByHousehold(db, batchID: batch.batchID, fieldNames: fieldNames,
                                                          order: households) { try body($0, sink) }
            } else {
                try StagingStore.forEachRecord(db, batchID: batch.batchID, fieldNames: fieldNames) { record in
                    try body(households?.prepare(record) ?? record, sink)
                }
            }
            try finish(sink)
            if let recordKeyField { try StagingStore.giveUpDuplicateKeys(db, batch: batch, runID: runID, field: recordKeyField) }
            if let headIDField { try StagingStore.giveUpSharedIDs(db, batch: batch, runID: runID, field: headIDField) }
            try db.execute(sql: "UPDATE batch SET normalized_run = ?, normalized_with = ? WHERE batch_id = ?",
                           arguments: [runID, fingerprint, batch.batchID])
            return .commit
        }
    }


    /// The values of source field `field` in the records of a batch that wrote it as a JSON number token, in record
    /// order: for judging a file's IDs sent as numbers as a whole (`JSONNumberID.judgeFile`) before its records are
    /// normalized. Empty for a file that wrote no numbers there (every CSV and XML file).
    public func numberValues(batchID: String, field: String) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT j.value FROM raw_record r, json_each(r.fields) j
                WHERE r.batch_id = ?1 AND r.numbers IS NOT NULL
                  AND instr(char(31) || r.numbers || char(31), char(31) || ?2 || char(31)) > 0
                  AND j.key = ?2 AND j.type = 'text'
                ORDER BY r.record_number
                """, arguments: [batchID, field])
        }
    }

    /// Two records of one file with one resident ID, different head names, different addresses and not the same
    /// phone are two households (a copy-paste slip; an ID Excel truncated to `…000` never gets here, it is
    /// `id_truncated`), not one: linked by the ID, the second would overwrite the first household's name, phone and
    /// dwelling. The later record keeps its name,
    /// address and phone and loads without the ID; the warning names the record that holds it. The same head at
    /// two addresses, or one address written twice, links as before. One sort of the batch's ID hashes, then a
    /// window over the few records that share one (a join per shared ID rescanned the batch: 12 s at 150,000 rows).
    static func giveUpSharedIDs(_ db: Database, batch: StagedBatch, runID: Int, field: String) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS shared_id (record_number INTEGER PRIMARY KEY, masked TEXT, first INTEGER)
            """)
        try db.execute(sql: "DELETE FROM shared_id")
        try db.execute(sql: """
            INSERT INTO shared_id (record_number, masked, first)
                SELECT record_number, head_id_masked, first FROM (
                    SELECT record_number, head_id_masked, head_name, address, phone_hash,
                           FIRST_VALUE(record_number) OVER w AS first, FIRST_VALUE(head_name) OVER w AS first_name,
                           FIRST_VALUE(address) OVER w AS first_address, FIRST_VALUE(phone_hash) OVER w AS first_phone
                    FROM household_candidate
                    WHERE batch_id = ?1 AND head_id_hash IN (
                        SELECT head_id_hash FROM household_candidate WHERE batch_id = ?1 AND head_id_hash IS NOT NULL
                        GROUP BY head_id_hash HAVING COUNT(*) > 1)
                    WINDOW w AS (PARTITION BY head_id_hash ORDER BY record_number))
                WHERE record_number > first AND head_name <> first_name AND address <> first_address
                  AND (phone_hash IS NULL OR first_phone IS NULL OR phone_hash <> first_phone)
            """, arguments: [batch.batchID])
        guard db.changesCount > 0 else { return }
        try db.execute(sql: """
            INSERT INTO reject (run_id, batch_id, source_id, record_number, line, field, rule, severity, value,
                                message, stage)
                SELECT ?2, ?1, ?3, d.record_number, r.line, ?4, 'id_shared', 'warning', d.masked,
                       'record ' || d.first || ' of this file has this ID with another head name at another address; '
                         || 'this record loads without the ID, as a household of its own', 'normalize'
                FROM shared_id d
                LEFT JOIN raw_record r ON r.batch_id = ?1 AND r.record_number = d.record_number
            """, arguments: [batch.batchID, runID, batch.sourceID, field])
        try db.execute(sql: """
            UPDATE household_candidate SET head_id_hash = NULL, head_id_masked = NULL
                WHERE batch_id = ?1 AND record_number IN (SELECT record_number FROM shared_id)
            """, arguments: [batch.batchID])
    }

    /// See `normalizeBatch(_:runID:fieldNames:recordKeyField:body:finish:)`: one sort of the batch's keys per table.
    static func giveUpDuplicateKeys(_ db: Database, batch: StagedBatch, runID: Int, field: String) throws {
        // `occurrence`: the record's place among the records of its key (2 for the second); `new_key`: the key it
        // takes, `<key>#<occurrence>` (`GZ-007#2`), the same in every delivery of the file, so that the record
        // updates its own provenance row each night; or `#<record number>` when the file also holds that key itself.
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS duplicate_record (record_number INTEGER PRIMARY KEY, record_key TEXT,
                                                              first INTEGER, occurrence INTEGER, new_key TEXT)
            """)
        for table in ["household_candidate", "facility_candidate"] {
            try db.execute(sql: "DELETE FROM duplicate_record")
            try db.execute(sql: """
                INSERT INTO duplicate_record (record_number, record_key, first, occurrence)
                    SELECT c.record_number, c.record_key, f.first,
                           1 + ROW_NUMBER() OVER (PARTITION BY c.record_key ORDER BY c.record_number)
                    FROM \(table) c
                    JOIN (SELECT record_key, MIN(record_number) AS first FROM \(table) WHERE batch_id = ?1
                          GROUP BY record_key HAVING COUNT(*) > 1) f ON f.record_key = c.record_key
                    WHERE c.batch_id = ?1 AND c.record_number > f.first
                """, arguments: [batch.batchID])
            guard db.changesCount > 0 else { continue }
            try db.execute(sql: """
                UPDATE duplicate_record SET new_key = CASE
                    WHEN EXISTS (SELECT 1 FROM \(table) o
                                 WHERE o.batch_id = ?1 AND o.record_key = duplicate_record.record_key || '#' || occurrence)
                    THEN '#' || record_number ELSE record_key || '#' || occurrence END
                """, arguments: [batch.batchID])
            try db.execute(sql: """
                INSERT INTO reject (run_id, batch_id, source_id, record_number, line, field, rule, severity, value,
                                    message, stage)
                    SELECT ?2, ?1, ?3, d.record_number, r.line, ?4, 'duplicate_record_key', 'warning', d.record_key,
                           'the key "' || d.record_key || '" was already used by record ' || d.first
                             || ' of this file; this record is keyed "' || d.new_key
                             || '" and linked by its contents, not to record ' || d.first || '''s household by its key',
                           'normalize'
                    FROM duplicate_record d
                    LEFT JOIN raw_record r ON r.batch_id = ?1 AND r.record_number = d.record_number
                """, arguments: [batch.batchID, runID, batch.sourceID, field])
            try db.execute(sql: """
                UPDATE \(table) SET record_key = (SELECT d.new_key FROM duplicate_record d
                                                  WHERE d.record_number = \(table).record_number)
                    WHERE batch_id = ?1 AND record_number IN (SELECT record_number FROM duplicate_record)
                """, arguments: [batch.batchID])
        }
    }

    /// Rejects of a batch, both stages, in record order, handed to `body` one at a time (a large feed's rejects
    /// are never held in memory together).
    public func forEachReject(batchID: String, _ body: (RejectRow) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM reject WHERE batch_id = ? ORDER BY record_number, rowid",
                                           arguments: [batchID])
            while let row = try rows.next() { try body(StagingStore.reject(from: row)) }
        }
    }

    static func reject(from row: Row) -> RejectRow {
        RejectRow(runID: row["run_id"], batchID: row["batch_id"], sourceID: row["source_id"],
                  recordNumber: row["record_number"], line: row["line"], field: row["field"],
                  rule: row["rule"], severity: RejectRow.Severity(rawValue: row["severity"]) ?? .error,
                  value: row["value"], message: row["message"], stage: row["stage"], recordKey: row["record_key"])
    }

    /// The record numbers of a batch's records the extractor rejected (a ragged row, undecodable bytes): rows of the
    /// file that were records, unlike the blank lines and footers it counts without handing them out.
    public func extractRejectedRecordNumbers(batchID: String) throws -> Set<Int> {
        try queue.read { db in
            Set(try Int.fetchAll(db, sql: """
                SELECT DISTINCT record_number FROM reject
                WHERE batch_id = ? AND stage = 'extract' AND record_number IS NOT NULL
                """, arguments: [batchID]))
        }
    }

    /// Records of a batch the extractor could not read at all (a broken NDJSON line cut before its key): rejected,
    /// and not staged, so that nothing of them, not even their key, is known.
    public func unreadableRecordCount(batchID: String) throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM reject r WHERE r.batch_id = ? AND r.stage = 'extract' AND r.severity = 'error'
                  AND r.record_key IS NULL
                  AND NOT EXISTS (SELECT 1 FROM raw_record w WHERE w.batch_id = r.batch_id AND w.record_number = r.record_number)
                """, arguments: [batchID]) ?? 0
        }
    }

    /// The record keys of a batch's records the extractor could not read whole but whose key it read before the
    /// break (a cut-off NDJSON line's 案件编号): a whole list still names those cases.
    public func brokenRecordKeys(batchID: String) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT record_key FROM reject
                WHERE batch_id = ? AND stage = 'extract' AND severity = 'error' AND record_key IS NOT NULL
                """, arguments: [batchID])
        }
    }

    /// Distinct records of a batch rejected with severity `error` (by either stage).
    public func rejectedRecordCount(batchID: String) throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT COALESCE(record_number, -1)) FROM reject WHERE batch_id = ? AND severity = 'error'
                """, arguments: [batchID]) ?? 0
        }
    }

    /// For each of `fields`, how many records of the batch hold a value in it (not empty, not only spaces, not
    /// null, not a JSON object or list holding nothing but such: `{}`, `[]`, `[""]`, `{"a":null}`, as the
    /// normalizer reads a field holding one, empty); a field no record holds a value in is left out. `validate` tells
    /// with it an unmapped column that carries data from one that is empty or furniture.
    public func recordsWithValue(batchID: String, fields: [String]) throws -> [String: Int] {
        guard !fields.isEmpty else { return [:] }
        let wanted = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        return try queue.read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT j.key, COUNT(*) FROM raw_record r, json_each(r.fields) j
                WHERE r.batch_id = ? AND j.key IN (SELECT value FROM json_each(?))
                  AND j.type NOT IN ('null', 'array', 'object') AND TRIM(CAST(j.value AS TEXT)) <> ''
                  AND NOT (j.type = 'text' AND SUBSTR(TRIM(j.value), 1, 1) IN ('{', '[') AND json_valid(j.value)
                           AND NOT EXISTS (SELECT 1 FROM json_tree(CASE WHEN json_valid(j.value) THEN j.value ELSE '[]' END) t
                                           WHERE t.type NOT IN ('null', 'array', 'object')
                                             AND TRIM(CAST(t.value AS TEXT)) <> ''))
                GROUP BY j.key
                """, arguments: [batchID, wanted])
            for row in rows { counts[row[0]] = row[1] }
            return counts
        }
    }

    /// The members of a repeated group: the objects in the JSON arrays the batch's records hold in `group`
    /// (`成员列表/成员`), as a registry writes its 成员 elements. Read for the mapping warnings of member
    /// selectors, not per record.
    private static let memberObjects = """
        FROM raw_record r, json_each(r.fields) j,
             json_each(CASE WHEN json_valid(j.value) THEN j.value ELSE '[]' END) e,
             json_each(CASE WHEN e.type = 'object' THEN e.value ELSE '{}' END) k
        WHERE r.batch_id = ? AND j.key = ? AND j.type = 'text'
        """

    /// Whether some member of `group` in the batch holds the field `leaf` (`公民身份号码`, `@姓名`).
    public func someMemberHolds(batchID: String, group: String, leaf: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 \(StagingStore.memberObjects) AND k.key = ?)",
                              arguments: [batchID, group, leaf]) ?? false
        }
    }

    /// The fields the members of `group` hold in the batch, the commonest first.
    public func memberFields(batchID: String, group: String) throws -> [String] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.key, COUNT(*) AS n \(StagingStore.memberObjects) GROUP BY k.key ORDER BY n DESC, MIN(r.record_number), MIN(k.id)
                """, arguments: [batchID, group]).map { $0[0] as String }
        }
    }

    /// Up to `limit` distinct values (not empty) the members of `group` hold in `field`, in first-seen order.
    public func memberValues(batchID: String, group: String, field: String, limit: Int) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT CAST(k.value AS TEXT) \(StagingStore.memberObjects) AND k.key = ?
                  AND k.type NOT IN ('null', 'array', 'object') AND TRIM(CAST(k.value AS TEXT)) <> ''
                GROUP BY CAST(k.value AS TEXT) ORDER BY MIN(r.record_number), MIN(e.id) LIMIT ?
                """, arguments: [batchID, group, field, limit])
        }
    }
}


extension StagingStore {
    /// The run that last normalized a batch, nil when it has not been normalized since it was extracted.
    /// Whether the batch was normalized, and under `fingerprint` (a batch normalized before fingerprints were
    /// kept counts as normalized under any).
    public func isNormalized(batchID: String, with fingerprint: String) throws -> Bool {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT normalized_run, normalized_with FROM batch WHERE batch_id = ?",
                                             arguments: [batchID]),
                  (row[0] as Int?) != nil else { return false }
            return (row[1] as String?).map { $0 == fingerprint } ?? true
        }
    }

    /// The mapping the batch was last normalized under (`SourceConfig.normalizationFingerprint`); nil when it was not
    /// normalized since it was extracted, or before fingerprints were kept.
    public func normalizedWith(batchID: String) throws -> String? {
        try queue.read { db in
            try String.fetchOne(db, sql: "SELECT normalized_with FROM batch WHERE batch_id = ? AND normalized_run IS NOT NULL",
                                arguments: [batchID])
        }
    }

    /// Marks a normalized batch as settled under `fingerprint` without normalizing it again: a loaded delivery that a
    /// later one replaced keeps the candidates it was loaded from (and its `normalized_run`, so no load takes it
    /// again), and later runs under the same mapping pass it without a word. Nothing happens to a batch that was never
    /// normalized.
    public func settle(batchID: String, with fingerprint: String) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE batch SET normalized_with = ? WHERE batch_id = ? AND normalized_run IS NOT NULL",
                           arguments: [fingerprint, batchID])
        }
    }

    /// The options each staged batch was read and normalized under (`extracted_with`, `normalized_with`), by batch
    /// id, read from a staging file without writing anything (no migration, no journal change): what
    /// `validate --new-only` needs to tell which loaded files tonight's run would read or normalize again. Empty when
    /// there is no staging file.
    public static func stagedOptions(readOnlyAt path: String) throws -> [String: (extractedWith: String?, normalizedWith: String?)] {
        guard let queue = try readOnlyQueue(at: path) else { return [:] }
        return try queue.read { db in
            guard try hasCurrentBatchTable(db) else { return [:] }
            var options: [String: (extractedWith: String?, normalizedWith: String?)] = [:]
            // A batch not normalized since it was extracted is normalized by the run whatever its options.
            for row in try Row.fetchAll(db, sql: """
                SELECT batch_id, extracted_with, CASE WHEN normalized_run IS NULL THEN '' ELSE normalized_with END
                FROM batch
                """) {
                options[row[0]] = (row[1], row[2])
            }
            return options
        }
    }

    public func normalizedRun(batchID: String) throws -> Int? {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT normalized_run FROM batch WHERE batch_id = ?", arguments: [batchID])
        }
    }
}
