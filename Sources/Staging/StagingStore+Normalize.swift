import Foundation
import GRDB

/// A staged raw record reduced to the source fields a normalizer asked for, in the order it asked.
public struct StagedRecord {
    public var number: Int
    public var line: Int?
    /// One value per requested source field name; nil when the record lacks that field.
    public var values: [String?]
}

extension StagingStore {
    /// Re-normalizes one batch in one transaction: its earlier candidates and normalize rejects are replaced.
    ///
    /// `body` gets each raw record, with the values of `fieldNames` (source field names) in that order, and a
    /// sink for candidates and rejects; `finish` gets the sink once more after the last record, before the commit.
    ///
    /// With `recordKeyField` (the source's `record_key`), a key a record shares with an earlier record of the
    /// same file is given up: the later record gets `#<record number>` (linked by its contents, like a keyless
    /// record) and a `duplicate_record_key` warning, so that two rows never overwrite one another's household.
    ///
    /// With `headIDField` (the source field mapped to `head_id`), an ID a household record shares with an earlier
    /// record of the same file that names another head at another address, with another or no phone, is given up:
    /// the later record loads without it, with an `id_shared` warning (see `giveUpSharedIDs`).
    ///
    /// `fingerprint` (the source's `normalizationFingerprint`) is kept with the batch: see `isNormalized(batchID:with:)`.
    public func normalizeBatch(_ batch: StagedBatch, runID: Int, fieldNames: [String], recordKeyField: String? = nil,
                               headIDField: String? = nil, fingerprint: String? = nil,
                               body: (StagedRecord, CandidateSink) throws -> Void,
                               finish: (CandidateSink) throws -> Void = { _ in }) throws {
        try queue.inTransaction { db in
            for table in StagingStore.candidateTables {
                try db.execute(sql: "DELETE FROM \(table) WHERE batch_id = ?", arguments: [batch.batchID])
            }
            try db.execute(sql: "DELETE FROM reject WHERE batch_id = ? AND stage = 'normalize'",
                           arguments: [batch.batchID])
            let sink = try CandidateSink(db: db)
            // json_each parses each record once and matches keys exactly, whatever characters a field name holds
            // (a JSON path could not address a name containing a double quote).
            var slots: [String: Int] = [:]
            for (index, name) in fieldNames.enumerated() where slots[name] == nil { slots[name] = index }
            let wanted = String(decoding: try JSONSerialization.data(withJSONObject: fieldNames), as: UTF8.self)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.record_number, r.line, j.key, j.value
                FROM raw_record r
                LEFT JOIN json_each(r.fields) j ON j.key IN (SELECT value FROM json_each(?))
                WHERE r.batch_id = ?
                ORDER BY r.record_number
                """, arguments: [wanted, batch.batchID])
            var current: StagedRecord?
            while let row = try rows.next() {
                let number: Int = row[0]
                if current?.number != number {
                    if let finished = current { try body(finished, sink) }
                    current = StagedRecord(number: number, line: row[1], values: Array(repeating: nil, count: fieldNames.count))
                }
                if let key: String = row[2], let slot = slots[key] {
                    let value: DatabaseValue = row[3]
                    switch value.storage {
                    case .string(let text): current?.values[slot] = text
                    case .int64(let integer): current?.values[slot] = String(integer)
                    case .double(let double): current?.values[slot] = String(double)
                    default: break
                    }
                }
            }
            if let finished = current { try body(finished, sink) }
            try finish(sink)
            if let recordKeyField { try StagingStore.giveUpDuplicateKeys(db, batch: batch, runID: runID, field: recordKeyField) }
            if let headIDField { try StagingStore.giveUpSharedIDs(db, batch: batch, runID: runID, field: headIDField) }
            try db.execute(sql: "UPDATE batch SET normalized_run = ?, normalized_with = ? WHERE batch_id = ?",
                           arguments: [runID, fingerprint, batch.batchID])
            return .commit
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
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS duplicate_key (record_number INTEGER PRIMARY KEY, record_key TEXT, first INTEGER)
            """)
        for table in ["household_candidate", "facility_candidate"] {
            try db.execute(sql: "DELETE FROM duplicate_key")
            try db.execute(sql: """
                INSERT INTO duplicate_key (record_number, record_key, first)
                    SELECT c.record_number, c.record_key, f.first
                    FROM \(table) c
                    JOIN (SELECT record_key, MIN(record_number) AS first FROM \(table) WHERE batch_id = ?1
                          GROUP BY record_key HAVING COUNT(*) > 1) f ON f.record_key = c.record_key
                    WHERE c.batch_id = ?1 AND c.record_number > f.first
                """, arguments: [batch.batchID])
            guard db.changesCount > 0 else { continue }
            try db.execute(sql: """
                INSERT INTO reject (run_id, batch_id, source_id, record_number, line, field, rule, severity, value,
                                    message, stage)
                    SELECT ?2, ?1, ?3, d.record_number, r.line, ?4, 'duplicate_record_key', 'warning', d.record_key,
                           'the key "' || d.record_key || '" was already used by record ' || d.first
                             || ' of this file; this record is linked by its contents instead', 'normalize'
                    FROM duplicate_key d
                    LEFT JOIN raw_record r ON r.batch_id = ?1 AND r.record_number = d.record_number
                """, arguments: [batch.batchID, runID, batch.sourceID, field])
            try db.execute(sql: """
                UPDATE \(table) SET record_key = '#' || record_number
                    WHERE batch_id = ?1 AND record_number IN (SELECT record_number FROM duplicate_key)
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

/// Receives the candidates and rejects of one batch being normalized, inside its transaction.
public final class CandidateSink {
    private let householdInsert: RowInserter
    private let facilityInsert: RowInserter
    private let compoundInsert: RowInserter
    private let rejectInsert: RowInserter

    init(db: Database) throws {
        facilityInsert = try RowInserter(db, sql: """
            INSERT INTO facility_candidate (batch_id, record_number, source_id, record_key, facility_type, name,
                compound_name, region_code, address, lat, lon, capacity, capacity_unit, status, owner, built_year,
                record_date, type_label, absent, unplaced_field)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        compoundInsert = try RowInserter(db, sql: """
            INSERT INTO compound_candidate (batch_id, record_number, source_id, record_key, name, region_code, address,
                area_type, built_year, project_id, phase, scope, content, progress, investment_yuan, planned_start,
                planned_end, project_status, also_covers, former_name, progress_approximate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        householdInsert = try RowInserter(db, sql: """
            INSERT INTO household_candidate (batch_id, record_number, source_id, record_key, region_code,
                compound_name, building, unit, room, address, head_name, head_id_hash, head_id_masked, head_gender,
                head_birth_date, phone_hash, phone_masked, member_count, grid_id, ten_household_group, tenure,
                is_low_income, is_extreme_poverty, has_disabled_member, has_elderly_alone, has_left_behind_child,
                record_date, holder_organisation, head_name_hash, member_id_hashes, member_name_hashes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        rejectInsert = try RejectInserter.make(db)
    }

    public func household(_ c: HouseholdCandidate) throws {
        let h = householdInsert
        h.bind(1, c.batchID); h.bind(2, c.recordNumber); h.bind(3, c.sourceID); h.bind(4, c.recordKey)
        h.bind(5, c.regionCode); h.bind(6, c.compoundName); h.bind(7, c.building); h.bind(8, c.unit)
        h.bind(9, c.room); h.bind(10, c.address); h.bind(11, c.headName); h.bind(12, c.headIDHash)
        h.bind(13, c.headIDMasked); h.bind(14, c.headGender); h.bind(15, c.headBirthDate); h.bind(16, c.phoneHash)
        h.bind(17, c.phoneMasked); h.bind(18, c.memberCount); h.bind(19, c.gridID); h.bind(20, c.tenHouseholdGroup)
        h.bind(21, c.tenure); h.bind(22, c.isLowIncome); h.bind(23, c.isExtremePoverty)
        h.bind(24, c.hasDisabledMember); h.bind(25, c.hasElderlyAlone); h.bind(26, c.hasLeftBehindChild)
        h.bind(27, c.recordDate); h.bind(28, c.holderOrganisation); h.bind(29, c.headNameHash)
        // Hex hashes, one space between them.
        h.bind(30, c.memberIDHashes.isEmpty ? nil : c.memberIDHashes.joined(separator: " "))
        h.bind(31, c.memberNameHashes.isEmpty ? nil : c.memberNameHashes.joined(separator: " "))
        try h.execute()
    }

    public func facility(_ c: FacilityCandidate) throws {
        let f = facilityInsert
        f.bind(1, c.batchID); f.bind(2, c.recordNumber); f.bind(3, c.sourceID); f.bind(4, c.recordKey)
        f.bind(5, c.facilityType); f.bind(6, c.name); f.bind(7, c.compoundName); f.bind(8, c.regionCode)
        f.bind(9, c.address); f.bind(10, c.lat); f.bind(11, c.lon); f.bind(12, c.capacity); f.bind(13, c.capacityUnit)
        f.bind(14, c.status); f.bind(15, c.owner); f.bind(16, c.builtYear); f.bind(17, c.recordDate)
        f.bind(18, c.typeLabel); f.bind(19, c.isAbsent ? 1 : nil as Int?); f.bind(20, c.unplacedField)
        try f.execute()
    }

    public func compound(_ c: CompoundCandidate) throws {
        let k = compoundInsert
        k.bind(1, c.batchID); k.bind(2, c.recordNumber); k.bind(3, c.sourceID); k.bind(4, c.recordKey)
        k.bind(5, c.name); k.bind(6, c.regionCode); k.bind(7, c.address); k.bind(8, c.areaType); k.bind(9, c.builtYear)
        k.bind(10, c.projectID); k.bind(11, c.phase); k.bind(12, c.scope); k.bind(13, c.content); k.bind(14, c.progress)
        k.bind(15, c.investmentYuan); k.bind(16, c.plannedStart); k.bind(17, c.plannedEnd); k.bind(18, c.projectStatus)
        let covers: String? = c.alsoCovers.isEmpty ? nil
            : (try? JSONEncoder().encode(c.alsoCovers)).map { String(decoding: $0, as: UTF8.self) }
        k.bind(19, covers)
        // One name a line (names are cleaned: none holds a line break).
        k.bind(20, c.formerNames.isEmpty ? nil : c.formerNames.joined(separator: "\n"))
        k.bind(21, c.progressIsApproximate ? 1 : nil as Int?)
        try k.execute()
    }

    public func reject(_ reject: RejectRow) throws {
        try RejectInserter.insert(reject, with: rejectInsert)
    }
}

extension StagingStore {
    /// Facility candidates of a batch in record order, handed to `body` one at a time.
    public func forEachFacilityCandidate(batchID: String, _ body: (FacilityCandidate) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM facility_candidate WHERE batch_id = ? ORDER BY record_number",
                                           arguments: [batchID])
            while let row = try rows.next() {
                var c = FacilityCandidate(batchID: row["batch_id"], recordNumber: row["record_number"],
                                          sourceID: row["source_id"], recordKey: row["record_key"],
                                          facilityType: row["facility_type"])
                c.name = row["name"]; c.compoundName = row["compound_name"]; c.regionCode = row["region_code"]
                c.address = row["address"]; c.lat = row["lat"]; c.lon = row["lon"]; c.capacity = row["capacity"]
                c.capacityUnit = row["capacity_unit"]; c.status = row["status"]; c.owner = row["owner"]
                c.builtYear = row["built_year"]; c.recordDate = row["record_date"]; c.typeLabel = row["type_label"]
                c.isAbsent = (row["absent"] as Int?) == 1; c.unplacedField = row["unplaced_field"]
                try body(c)
            }
        }
    }

    /// Compound candidates of a batch in record order, handed to `body` one at a time.
    public func forEachCompoundCandidate(batchID: String, _ body: (CompoundCandidate) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM compound_candidate WHERE batch_id = ? ORDER BY record_number",
                                           arguments: [batchID])
            while let row = try rows.next() {
                var c = CompoundCandidate(batchID: row["batch_id"], recordNumber: row["record_number"],
                                          sourceID: row["source_id"], recordKey: row["record_key"], name: row["name"])
                c.regionCode = row["region_code"]; c.address = row["address"]; c.areaType = row["area_type"]
                c.builtYear = row["built_year"]; c.projectID = row["project_id"]; c.phase = row["phase"]
                c.scope = row["scope"]; c.content = row["content"]; c.progress = row["progress"]
                c.investmentYuan = row["investment_yuan"]; c.plannedStart = row["planned_start"]
                c.plannedEnd = row["planned_end"]; c.projectStatus = row["project_status"]
                c.formerNames = (row["former_name"] as String?)?.split(separator: "\n").map(String.init) ?? []
                c.progressIsApproximate = (row["progress_approximate"] as Int?) == 1
                if let covers = row["also_covers"] as String? {
                    c.alsoCovers = (try? JSONDecoder().decode([CoveredCompound].self, from: Data(covers.utf8))) ?? []
                }
                try body(c)
            }
        }
    }

    /// The phone hashes the batch's household candidates carry for `byNames` or more different head names (a grid
    /// worker's or village committee's phone entered for many households).
    public func phoneHashesShared(batchID: String, byNames names: Int) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT phone_hash FROM household_candidate WHERE batch_id = ? AND phone_hash IS NOT NULL
                GROUP BY phone_hash HAVING COUNT(DISTINCT head_name) >= ?
                """, arguments: [batchID, names])
        }
    }

    /// Household candidates of the given batches, handed to `body` one at a time: batch by batch, and in each batch
    /// first the records with a valid ID, then those without, each in record order. A record with an ID is the
    /// surer of two rows of one file that fit one household (a father with his ID and his 分户 son without one, a
    /// name one character away, in one room): linked first, it holds the household, and the other row is listed
    /// apart from it wherever the file puts it, so that which household each row gets does not depend on their order.
    public func forEachHouseholdCandidate(batchIDs: [String], _ body: (HouseholdCandidate) throws -> Void) throws {
        try queue.read { db in
            // Two scans of the batch's rows in key order rather than one sort of the whole batch.
            for (batchID, withID) in batchIDs.flatMap({ id in [(id, true), (id, false)] }) {
                // Columns by position: GRDB's by-name lookup folds names to lower case on every access.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT batch_id, record_number, source_id, record_key, region_code, compound_name, building, unit,
                           room, address, head_name, head_id_hash, head_id_masked, head_gender, head_birth_date,
                           phone_hash, phone_masked, member_count, grid_id, ten_household_group, tenure, is_low_income,
                           is_extreme_poverty, has_disabled_member, has_elderly_alone, has_left_behind_child,
                           record_date, holder_organisation, head_name_hash, member_id_hashes, member_name_hashes
                    FROM household_candidate WHERE batch_id = ? AND (head_id_hash IS NOT NULL) = ? ORDER BY record_number
                    """, arguments: [batchID, withID])
                while let row = try rows.next() {
                    var c = HouseholdCandidate(batchID: row[0], recordNumber: row[1], sourceID: row[2], recordKey: row[3])
                    c.regionCode = row[4]; c.compoundName = row[5]; c.building = row[6]; c.unit = row[7]
                    c.room = row[8]; c.address = row[9]; c.headName = row[10]; c.headIDHash = row[11]
                    c.headIDMasked = row[12]; c.headGender = row[13]; c.headBirthDate = row[14]; c.phoneHash = row[15]
                    c.phoneMasked = row[16]; c.memberCount = row[17]; c.gridID = row[18]; c.tenHouseholdGroup = row[19]
                    c.tenure = row[20]; c.isLowIncome = row[21]; c.isExtremePoverty = row[22]
                    c.hasDisabledMember = row[23]; c.hasElderlyAlone = row[24]; c.hasLeftBehindChild = row[25]
                    c.recordDate = row[26]; c.holderOrganisation = row[27]; c.headNameHash = row[28]
                    c.memberIDHashes = (row[29] as String?).map(StagingStore.spaceSeparated) ?? []
                    c.memberNameHashes = (row[30] as String?).map(StagingStore.spaceSeparated) ?? []
                    try body(c)
                }
            }
        }
    }

    /// The words of `text` between spaces, empty ones left out, as `text.split(separator: " ")` gives them. The member
    /// hash lists are ASCII (hex digests joined by spaces), which is cut at its 0x20 bytes: the same words without
    /// walking the text character by character (1.6% of a first night's load went to the generic split). Text with
    /// any other byte goes through `split`.
    static func spaceSeparated(_ text: String) -> [String] {
        var text = text
        let words: [String]? = text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var start = 0
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                guard byte == 0x20 else { continue }
                if index > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                start = index + 1
            }
            if bytes.count > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return words
        }
        return words ?? text.split(separator: " ").map(String.init)
    }

    /// The values of the source fields `fields` in every raw record of a batch that holds one of them, rejected
    /// records included, as written (numbers as text; nil for a field the record lacks), one array per record in the
    /// order of `fields`: the keys a whole list names (`record_key: ["@户号", 户号]`), whether or not each record
    /// could be loaded.
    public func rawValues(batchID: String, fields: [String]) throws -> [[String?]] {
        try rawValuesByRecord(batchID: batchID, fields: fields).map(\.values)
    }

    /// `rawValues`, each record's values with its record number.
    public func rawValuesByRecord(batchID: String, fields: [String]) throws -> [(recordNumber: Int, values: [String?])] {
        guard !fields.isEmpty else { return [] }
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.record_number, j.key, j.value FROM raw_record r, json_each(r.fields) j
                WHERE r.batch_id = ? AND j.key IN (\(fields.map { _ in "?" }.joined(separator: ", ")))
                ORDER BY r.record_number
                """, arguments: StatementArguments([batchID] + fields))
            var records: [(recordNumber: Int, values: [String?])] = []
            for row in rows {
                let number: Int = row[0]
                if number != records.last?.recordNumber {
                    records.append((number, Array(repeating: nil, count: fields.count)))
                }
                let key: String = row[1]
                let value: DatabaseValue = row[2]
                let text: String?
                switch value.storage {
                case .string(let string): text = string
                case .int64(let integer): text = String(integer)
                case .double(let double): text = String(double)
                default: text = nil
                }
                if let index = fields.firstIndex(of: key) { records[records.count - 1].values[index] = text }
            }
            return records
        }
    }

    /// The line each of `recordNumbers` starts on in its file (`raw_record.line`), for the records of a batch that
    /// have one: what the load's warnings about records (`ambiguous_household` …) name, as the extract's rejects do.
    public func lines(batchID: String, recordNumbers: Set<Int>) throws -> [Int: Int] {
        guard !recordNumbers.isEmpty else { return [:] }
        return try queue.read { db in
            var lines: [Int: Int] = [:]
            let statement = try db.cachedStatement(sql: "SELECT line FROM raw_record WHERE batch_id = ? AND record_number = ?")
            for number in recordNumbers.sorted() {
                if let line = try Int.fetchOne(statement, arguments: [batchID, number]) { lines[number] = line }
            }
            return lines
        }
    }

    /// Each distinct (compound name, region code) the household candidates of a batch mention, in a stable order,
    /// with how many dwellings of the batch write it so (`dwellings`: distinct building, unit and room, or address
    /// where there is no room): a spelling several dwellings write is no one record's typo.
    public func forEachCompoundMention(batchID: String,
                                       _ body: (_ name: String, _ regionCode: String?, _ dwellings: Int) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT compound_name, region_code,
                       COUNT(DISTINCT COALESCE(building, '') || '|' || COALESCE(unit, '') || '|'
                                      || COALESCE(room, address, '#' || record_number))
                FROM household_candidate
                WHERE batch_id = ? AND compound_name IS NOT NULL
                GROUP BY compound_name, region_code ORDER BY MIN(record_number)
                """, arguments: [batchID])
            while let row = try rows.next() { try body(row[0], row[1], row[2]) }
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

extension StagingStore {
    /// The rejects a run reports for a source: those it wrote itself (`run_id`), and every reject of `loadedBatches`,
    /// the batches its load wrote to the warehouse. The load copies a batch's rejects into `etl_reject` under its own
    /// run id, whichever run found them (a held batch loaded later with `--stage load --force`), so the run's
    /// summary must count them too. SQL condition on table alias `r`, and its arguments.
    private static func runRejects(sourceID: String, runID: Int, loadedBatches: [String]) -> (sql: String, arguments: StatementArguments) {
        let marks = loadedBatches.isEmpty ? "NULL" : Array(repeating: "?", count: loadedBatches.count).joined(separator: ", ")
        return ("r.source_id = ? AND (r.run_id = ? OR r.batch_id IN (\(marks)))",
                [sourceID, runID] + StatementArguments(loadedBatches))
    }

    /// Rejects of run `runID` for a source (see `runRejects`), with the file of their batch, in file and record order:
    /// the first `errors` of severity error and the first `warnings` of the others, merged in that order.
    public func rejects(sourceID: String, runID: Int, loadedBatches: [String] = [], errors: Int,
                        warnings: Int) throws -> [(RejectRow, file: String)] {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        let error = RejectRow.Severity.error.rawValue
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT * FROM (SELECT r.*, r.rowid AS reject_order, b.file FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                                   WHERE \(scope.sql) AND r.severity = ? ORDER BY b.file, r.record_number, r.rowid LIMIT ?)
                    UNION ALL
                    SELECT * FROM (SELECT r.*, r.rowid AS reject_order, b.file FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                                   WHERE \(scope.sql) AND r.severity <> ? ORDER BY b.file, r.record_number, r.rowid LIMIT ?))
                ORDER BY file, record_number, reject_order
                """, arguments: scope.arguments + [error, errors] + scope.arguments + [error, warnings])
                .map { row in (StagingStore.reject(from: row), row["file"]) }
        }
    }

    /// The first `perGroup` rejects of run `runID` for a source (see `runRejects`) of each rule and severity, with
    /// the file of their batch, in file and record order within each group: every group gets its examples, however
    /// many rejects of other groups come before them.
    public func rejectExamples(sourceID: String, runID: Int, loadedBatches: [String] = [], perGroup: Int) throws -> [(RejectRow, file: String)] {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT r.*, b.file, ROW_NUMBER() OVER (PARTITION BY r.rule, r.severity
                                                           ORDER BY b.file, r.record_number, r.rowid) AS rank
                    FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                    WHERE \(scope.sql))
                WHERE rank <= ? ORDER BY rule, severity, rank
                """, arguments: scope.arguments + [perGroup]).map { row in (StagingStore.reject(from: row), row["file"]) }
        }
    }

    /// How many rejects of run `runID` a source has (see `runRejects`), by rule and severity, and how many distinct
    /// records were rejected with severity `error`: counted by SQLite, so a feed with a million rejects costs no memory.
    public func rejectCounts(sourceID: String, runID: Int, loadedBatches: [String] = []) throws -> (byRule: [(rule: String, severity: String, count: Int)], errorRecords: Int) {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        return try queue.read { db in
            let byRule = try Row.fetchAll(db, sql: """
                SELECT rule, severity, COUNT(*) FROM reject r WHERE \(scope.sql) GROUP BY rule, severity
                """, arguments: scope.arguments).map { (rule: $0[0] as String, severity: $0[1] as String, count: $0[2] as Int) }
            let errorRecords = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT DISTINCT batch_id, COALESCE(record_number, -1) FROM reject r
                                      WHERE \(scope.sql) AND severity = 'error')
                """, arguments: scope.arguments) ?? 0
            return (byRule, errorRecords)
        }
    }
}
