import Foundation
import Crypto
import GRDB
import RongtongStaging

/// Links household candidates to warehouse households and writes them with provenance and history.
///
/// Evidence, strongest first: the same source record seen before; equal `head_id_hash`; same compound, building,
/// unit and room with a head name equal or one character apart; equal phone hash with such a name. Two different
/// valid IDs are never merged. Households the evidence shows to be one are merged into the oldest (its id
/// survives, the other becomes an alias). Values survive by the pipeline's source priorities, else the most
/// recent feed loaded wins.
final class HouseholdWriter {
    private let db: Database
    private let runID: Int
    /// False while reloading a batch that was loaded before (`--force`): not a new sighting.
    var marksSighting = true
    /// Column → sources in priority order (from the pipeline's `survivorship:`).
    var survivorship: [String: [String]] = [:]
    /// Set by `link` when the record left the household it was linked to (a relink row awaits its target).
    private var movedFromHousehold = false
    /// The household the record left, when it did.
    private var leftHousehold: String?
    /// Set by `link` when the record is one loaded before, with the same values (`record_digest`).
    private var unchangedRecord = false
    /// Set by `link` when a reloaded record is older than the one its key holds now (see `currentBatchFile`).
    private var supersededRecord = false
    /// The file of the batch being loaded, to tell a reloaded older file from the newer one its keys came from.
    var currentBatchFile: String?
    /// Set by `link` when the record was loaded before into the same household with other values: the per-column
    /// digests of what it offered then, so that a value it offers again unchanged takes nothing over.
    private var offeredBefore: Data?

    /// Columns whose surviving source follows another column's (a masked ID goes with its hash).
    static let survivesWith = ["head_id_masked": "head_id_hash", "phone_masked": "phone_hash"]

    /// Every value column a new household row is written with (one cached INSERT for all households).
    static let insertColumns = tracked + ["phone_hash"]

    /// The columns a household version tracks (history gets a new version when one changes).
    static let tracked = ["region_code", "compound_id", "building", "unit", "room", "address", "head_name",
                          "head_id_hash", "head_id_masked", "head_gender", "head_birth_date", "phone_masked",
                          "member_count", "grid_id", "ten_household_group", "tenure", "is_low_income",
                          "is_extreme_poverty", "has_disabled_member", "has_elderly_alone", "has_left_behind_child"]

    /// Statements every record uses, prepared once per load.
    private let bySourceRecord, byIDHash, byRoom, byPhone, byAlias, byID, fieldOwners: RowQuery
    private let insertHousehold, markSeen, dropOtherBatches, insertSource: RowInserter
    private let dropRunVersion, closeVersion, reopenVersion, insertVersion, insertFirstVersion: RowInserter
    private let addOwnedColumns, setOwnedColumns, dropOwner: RowInserter
    /// Bloom filters over the warehouse's evidence while a load is large against it (see `expect`), else nil.
    private var known: KnownEvidence?

    init(db: Database, runID: Int) throws {
        self.db = db
        self.runID = runID
        let select = StoredHousehold.selectList(alias: "h")
        bySourceRecord = try RowQuery(db, sql: """
            SELECT \(select), s.match_rule, s.match_score, s.record_digest,
                   (SELECT b.file FROM etl_batch b WHERE b.batch_id = s.batch_id AND s.batch_id <> ?4) AS newer_file
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id
            WHERE s.source_id = ?1 AND s.record_key = ?2 AND (?3 OR s.batch_id = ?4)
            """)
        byIDHash = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.head_id_hash = ?")
        byRoom = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.compound_id = ?1 AND h.building IS ?2 AND h.unit IS ?3 AND h.room = ?4
            """)
        // No ORDER BY: SQLite would sort through a temporary B-tree on every call; the few rows are sorted here.
        byPhone = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.phone_hash = ?")
        byAlias = try RowQuery(db, sql: """
            SELECT \(select) FROM household_alias a JOIN dwd_household h ON h.household_id = a.household_id
            WHERE a.alias_id = ?
            """)
        byID = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.household_id = ?")
        fieldOwners = try RowQuery(db, sql: """
            SELECT source_id, run_id, column_bits FROM household_field_owner WHERE household_id = ?
            """)
        addOwnedColumns = try RowInserter(db, sql: """
            INSERT INTO household_field_owner (household_id, source_id, run_id, column_bits) VALUES (?, ?, ?, ?)
            ON CONFLICT(household_id, source_id, run_id) DO UPDATE SET column_bits = column_bits | excluded.column_bits
            """)
        setOwnedColumns = try RowInserter(db, sql: """
            UPDATE household_field_owner SET column_bits = ?4 WHERE household_id = ?1 AND source_id = ?2 AND run_id = ?3
            """)
        dropOwner = try RowInserter(db, sql: """
            DELETE FROM household_field_owner WHERE household_id = ? AND source_id = ? AND run_id = ?
            """)
        let columns = HouseholdWriter.insertColumns
        insertHousehold = try RowInserter(db, sql: """
            INSERT INTO dwd_household (household_id, \(columns.joined(separator: ", ")), first_seen_run, last_seen_run)
            VALUES (?, \(columns.map { _ in "?" }.joined(separator: ", ")), ?, ?)
            """)
        markSeen = try RowInserter(db, sql: "UPDATE dwd_household SET last_seen_run = ? WHERE household_id = ?")
        dropOtherBatches = try RowInserter(db, sql: """
            DELETE FROM household_source WHERE source_id = ? AND record_key = ? AND batch_id <> ?
            """)
        insertSource = try RowInserter(db, sql: """
            INSERT INTO household_source (household_id, source_id, record_key, batch_id, match_rule, match_score,
                                          record_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source_id, record_key, batch_id) DO UPDATE SET household_id = excluded.household_id,
                match_rule = excluded.match_rule, match_score = excluded.match_score,
                record_digest = excluded.record_digest
            """)
        let tracked = HouseholdWriter.tracked.joined(separator: ", ")
        dropRunVersion = try RowInserter(db, sql: "DELETE FROM dwd_household_history WHERE household_id = ? AND valid_from_run = ?")
        closeVersion = try RowInserter(db, sql: """
            UPDATE dwd_household_history SET valid_to_run = ? WHERE household_id = ? AND valid_to_run IS NULL
            """)
        // Several feeds applied in turn may end the run where it began (a forced reload of unchanged files):
        // then the version closed by this run simply stays current, and no identical version is added.
        let same = HouseholdWriter.tracked.map { "h.\($0) IS d.\($0)" }.joined(separator: " AND ")
        reopenVersion = try RowInserter(db, sql: """
            UPDATE dwd_household_history SET valid_to_run = NULL
            WHERE household_id = ?1 AND valid_to_run = ?2 AND EXISTS (
                SELECT 1 FROM dwd_household d JOIN dwd_household_history h
                  ON h.household_id = d.household_id AND h.valid_to_run = ?2
                WHERE d.household_id = ?1 AND \(same))
            """)
        insertFirstVersion = try RowInserter(db, sql: """
            INSERT INTO dwd_household_history (household_id, valid_from_run, valid_to_run, \(tracked))
            VALUES (?, ?, NULL, \(HouseholdWriter.tracked.map { _ in "?" }.joined(separator: ", ")))
            """)
        insertVersion = try RowInserter(db, sql: """
            INSERT INTO dwd_household_history (household_id, valid_from_run, valid_to_run, \(tracked))
            SELECT household_id, ?, NULL, \(tracked) FROM dwd_household WHERE household_id = ?
            """)
    }

    /// The candidate's values in `insertColumns` order (null where the record says nothing).
    static func values(of c: HouseholdCandidate, compoundID: String?) -> [DatabaseValue] {
        func v(_ value: DatabaseValueConvertible?) -> DatabaseValue { value?.databaseValue ?? .null }
        // The order of `tracked`, then phone_hash.
        return [v(c.regionCode), v(compoundID), v(c.building), v(c.unit), v(c.room), v(c.address), v(c.headName),
                v(c.headIDHash), v(c.headIDMasked), v(c.headGender), v(c.headBirthDate), v(c.phoneMasked),
                v(c.memberCount), v(c.gridID), v(c.tenHouseholdGroup), v(c.tenure), v(c.isLowIncome),
                v(c.isExtremePoverty), v(c.hasDisabledMember), v(c.hasElderlyAlone), v(c.hasLeftBehindChild),
                v(c.phoneHash)]
    }

    /// Positions of `insertColumns` in column-name order (the order provenance rows are written in).
    private static let byName = insertColumns.indices.sorted { insertColumns[$0] < insertColumns[$1] }
    private static let trackedCount = tracked.count
    private static let regionPosition = StoredHousehold.position["region_code"]!
    private static let addressPosition = StoredHousehold.position["address"]!
    private static let idPosition = StoredHousehold.position["head_id_hash"]!
    private static let compoundPosition = StoredHousehold.position["compound_id"]!
    private static let dwellingPositions = ["compound_id", "building", "unit", "room"].map { StoredHousehold.position[$0]! }

    /// The address and dwelling columns, which a vaguer record does not replace.
    static let placePositions = Set(["address", "compound_id", "building", "unit", "room"].map { StoredHousehold.position[$0]! })

    /// Whether the new values name no region, or a region strictly containing the stored one.
    static func placedLessPrecisely(_ new: [DatabaseValue], than stored: [DatabaseValue]) -> Bool {
        guard let old = String.fromDatabaseValue(stored[regionPosition]) else { return false }
        guard let region = String.fromDatabaseValue(new[regionPosition]) else { return true }
        let a = CompoundRegistry.significantPrefix(old), b = CompoundRegistry.significantPrefix(region)
        return a != b && a.hasPrefix(b)
    }

    /// Whether the new values place the household somewhere else: another compound, or, without a compound, a
    /// region that neither contains nor lies within the stored one.
    static func moved(from stored: [DatabaseValue], to new: [DatabaseValue]) -> Bool {
        let oldCompound = String.fromDatabaseValue(stored[compoundPosition])
        if let newCompound = String.fromDatabaseValue(new[compoundPosition]) {
            return oldCompound != nil && oldCompound != newCompound
        }
        guard oldCompound != nil, let newRegion = String.fromDatabaseValue(new[regionPosition]),
              let oldRegion = String.fromDatabaseValue(stored[regionPosition]) else { return false }
        let a = CompoundRegistry.significantPrefix(oldRegion), b = CompoundRegistry.significantPrefix(newRegion)
        return !a.hasPrefix(b) && !b.hasPrefix(a)
    }
    /// For each value column, the column whose source it survives with (a masked ID goes with its hash).
    private static let ruling = insertColumns.map { StoredHousehold.position[survivesWith[$0] ?? $0]! }

    /// Told before each household batch how many candidates it brings. A batch large against the warehouse (at
    /// least an eighth of its households) builds the evidence filters, so that the first sighting of a household
    /// costs no lookups that cannot find it; a small nightly batch on a big warehouse asks SQLite directly
    /// rather than scan every household first.
    func expect(_ incoming: Int) throws {
        guard !HouseholdWriter.filtersDisabled else { return }
        if let known, !known.isOverfull, known.added + incoming <= known.capacity { return }
        let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dwd_household") ?? 0
        guard incoming * 8 >= existing else {
            known = nil
            return
        }
        // Room for updated and merged households, which are added again, and for the next batches (a batch that
        // outgrows it drops the filters, and the next batch scans the warehouse to build them again: at 4M a
        // quarter of headroom instead of double saved 10 MB and cost 30 s).
        known = try KnownEvidence(db: db, capacity: existing + 2 * incoming)
    }

    /// Tests set RONGTONG_TEST_NO_EVIDENCE_FILTERS=1 to load without the filters and compare.
    private static let filtersDisabled = ProcessInfo.processInfo.environment["RONGTONG_TEST_NO_EVIDENCE_FILTERS"] == "1"

    /// Adds a household's evidence to the filters as written, dropping them once over their capacity.
    private func remember(id: String, values: [DatabaseValue]) {
        guard let known else { return }
        known.add(id: id, values: values)
        if known.isOverfull { self.known = nil }
    }

    func load(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool) throws -> LinkOutcome {
        let values = HouseholdWriter.values(of: c, compoundID: compoundID)
        let digest = HouseholdWriter.columnDigests(values)
        var (existing, rule, score) = try link(c, compoundID: compoundID, keyIsStable: keyIsStable, values: values,
                                               digest: digest)
        // The same record with the same values as when it was loaded (a full export sent again, a forced
        // reload): it is seen again, but it brings nothing to take over, merge or record in history.
        if supersededRecord, let existing {
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        if unchangedRecord, let existing {
            if marksSighting, existing.lastSeenRun != runID {
                markSeen.bind(1, runID); markSeen.bind(2, existing.id)
                try markSeen.execute()
            }
            try recordSource(c, householdID: existing.id, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        let newID = HouseholdWriter.newID(for: c, compoundID: compoundID)
        // Evidence that would mint an id already merged away leads to the household that absorbed it.
        if existing == nil, let (row, _) = try StoredHousehold.fetchOne(bound(byAlias, newID)),
           HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "alias"
            score = 1.0
        }
        // The same evidence twice (a repeated row, or a keyless source's record again) mints the same id: it is
        // the same household.
        if existing == nil, known?.mayHave(id: newID) ?? true, let (row, _) = try StoredHousehold.fetchOne(bound(byID, newID)),
           HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "same_evidence"
            score = 0.9
        }
        let householdID: String
        var changed = false
        if let existing {
            householdID = existing.id
            let updates = try survivingUpdates(values, existing: existing, householdID: householdID, source: c.sourceID)
            if !updates.isEmpty {
                changed = updates.contains { $0 < HouseholdWriter.trackedCount }
                let columns = updates.map { HouseholdWriter.insertColumns[$0] }
                try db.cachedStatement(sql: "UPDATE dwd_household SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE household_id = ?")
                    .execute(arguments: StatementArguments(updates.map { values[$0] }) + [householdID])
                var updated = existing.values
                for index in updates { updated[index] = values[index] }
                remember(id: householdID, values: updated)
            }
            if marksSighting, existing.lastSeenRun != runID {
                markSeen.bind(1, runID); markSeen.bind(2, householdID)
                try markSeen.execute()
            }
        } else {
            householdID = newID
            changed = true
            insertHousehold.bind(1, householdID)
            for (index, value) in values.enumerated() { insertHousehold.bind(Int32(index + 2), value) }
            insertHousehold.bind(Int32(values.count + 2), runID); insertHousehold.bind(Int32(values.count + 3), runID)
            try insertHousehold.execute()
            remember(id: householdID, values: values)
            let present = values.indices.filter { !values[$0].isNull }
            try setFieldSources(householdID, ColumnSet(present), c.sourceID, owners: [])
            if movedFromHousehold {
                try db.execute(sql: """
                    UPDATE household_relink SET to_household = ? WHERE to_household IS NULL AND source_id = ? AND record_key = ?
                        AND run_id = ?
                    """, arguments: [householdID, c.sourceID, c.recordKey, runID])
            }
        }
        if existing == nil {
            // A new household's first version holds the values just inserted: bound directly, not read back.
            insertFirstVersion.bind(1, householdID); insertFirstVersion.bind(2, runID)
            for index in 0..<HouseholdWriter.trackedCount { insertFirstVersion.bind(Int32(index + 3), values[index]) }
            try insertFirstVersion.execute()
        } else if changed {
            try writeHistory(householdID)
        }
        try recordSource(c, householdID: householdID, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
        if let left = leftHousehold, left != householdID { try releaseUnsupportedID(of: left) }
        return LinkOutcome(entityID: householdID, rule: rule, score: score, changed: changed)
    }

    /// After a record moved out of `householdID` (its ID now says someone else), the household keeps the resident
    /// ID only while one of its remaining records offered it (their per-value digests say so). Otherwise the ID,
    /// and the gender and birth date its source derived from it, no longer describe anyone there: they are emptied.
    private func releaseUnsupportedID(of householdID: String) throws {
        guard let (row, _) = try StoredHousehold.fetchOne(bound(byID, householdID)),
              !row.values[HouseholdWriter.idPosition].isNull else { return }
        let wanted = Array(HouseholdWriter.columnDigests([row.values[HouseholdWriter.idPosition]]))
        let at = 2 * HouseholdWriter.idPosition
        let offered = try DatabaseValue.fetchAll(db.cachedStatement(sql: "SELECT record_digest FROM household_source WHERE household_id = ?"),
                                                 arguments: [householdID])
        for digest in offered {
            // A record loaded before per-value digests cannot say: keep the ID.
            guard case .blob(let bytes) = digest.storage else { return }
            let values = Array(bytes)
            if values.count > at + 1, values[at] == wanted[0], values[at + 1] == wanted[1] { return }
        }
        let owners = try fieldOwnership(of: householdID)
        let idOwner = owners.first { $0.columns.contains(HouseholdWriter.idPosition) }?.source
        var cleared = ColumnSet([HouseholdWriter.idPosition, StoredHousehold.position["head_id_masked"]!])
        for column in ["head_gender", "head_birth_date"] {
            let position = StoredHousehold.position[column]!
            if owners.contains(where: { $0.source == idOwner && $0.columns.contains(position) }) { cleared.insert(position) }
        }
        let columns = HouseholdWriter.insertColumns.indices.filter { cleared.contains($0) }
        try db.execute(sql: "UPDATE dwd_household SET \(columns.map { "\(HouseholdWriter.insertColumns[$0]) = NULL" }.joined(separator: ", ")) WHERE household_id = ?",
                       arguments: [householdID])
        for owner in owners {
            let remaining = owner.columns.subtracting(cleared)
            guard remaining != owner.columns else { continue }
            let statement = remaining.isEmpty ? dropOwner : setOwnedColumns
            statement.bind(1, householdID); statement.bind(2, owner.source); statement.bind(3, owner.run)
            if !remaining.isEmpty { statement.bind(4, remaining.bits) }
            try statement.execute()
        }
        try writeHistory(householdID)
    }

    /// One provenance row per record: a keyed source's record keeps only its latest batch; a keyless source's
    /// records are told apart by batch.
    private func recordSource(_ c: HouseholdCandidate, householdID: String, rule: String, score: Double,
                              digest: Data, keyIsStable: Bool) throws {
        if keyIsStable {
            dropOtherBatches.bind(1, c.sourceID); dropOtherBatches.bind(2, c.recordKey); dropOtherBatches.bind(3, c.batchID)
            try dropOtherBatches.execute()
        }
        insertSource.bind(1, householdID); insertSource.bind(2, c.sourceID); insertSource.bind(3, c.recordKey)
        insertSource.bind(4, c.batchID); insertSource.bind(5, rule); insertSource.bind(6, score)
        insertSource.bind(7, digest.databaseValue)
        try insertSource.execute()
    }

    /// Two bytes per value in `insertColumns` order (FNV-1a of the value, folded to 16 bits): the record is
    /// unchanged when all are equal, and a value is offered again unchanged when its two are. A changed value
    /// goes unnoticed once in 65,536; it then waits for the record's next change, or for another source.
    static func columnDigests(_ values: [DatabaseValue]) -> Data {
        var out = Data(capacity: values.count * 2)
        for value in values {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            }
            switch value.storage {
            case .null: mix([0])
            case .int64(let number): mix([1]); mix(String(number).utf8)
            case .double(let number): mix([2]); mix(String(number).utf8)
            case .string(let text): mix([3]); mix(text.utf8)
            case .blob(let data): mix([4]); mix(data)
            }
            let folded = UInt16(truncatingIfNeeded: hash ^ (hash >> 16) ^ (hash >> 32) ^ (hash >> 48))
            out.append(UInt8(folded >> 8))
            out.append(UInt8(folded & 0xFF))
        }
        return out
    }

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

    /// The positions of the candidate values that survive against the stored ones, per the pipeline's source
    /// priorities; a value a higher-priority source already set is kept, and the disagreement is recorded as a
    /// conflict.
    private func survivingUpdates(_ values: [DatabaseValue], existing: StoredHousehold, householdID: String,
                                  source: String) throws -> [Int] {
        let owners = try fieldOwnership(of: householdID)
        // The owning source of each value column, by position.
        var ownerAt = [String?](repeating: nil, count: HouseholdWriter.insertColumns.count)
        for owner in owners {
            for index in ownerAt.indices where owner.columns.contains(index) { ownerAt[index] = owner.source }
        }
        var updates: [Int] = []
        var takenOver = ColumnSet()
        // What this record offered when it was last loaded, per column: a value it offers again unchanged is not a
        // change, so it takes nothing back from a source that changed the column since (民政's 低保 stays when the
        // census edits another column of the same record).
        let before = offeredBefore.map(Array.init)
        let current = before == nil ? nil : Array(HouseholdWriter.columnDigests(values))
        // A record placed less precisely than the household (no region, or only a region containing the stored
        // one: 民政's `大山洞新村4栋2单元102室` that named no county) does not replace its address and dwelling.
        let vaguer = HouseholdWriter.placedLessPrecisely(values, than: existing.values)
        for index in HouseholdWriter.byName {
            let value = values[index]
            guard !value.isNull else { continue }
            let column = HouseholdWriter.insertColumns[index]
            let stored = existing.values[index]
            if vaguer, !stored.isNull, HouseholdWriter.placePositions.contains(index) { continue }
            if let before, let current, before.count == current.count, !stored.isNull,
               before[2 * index] == current[2 * index], before[2 * index + 1] == current[2 * index + 1] {
                continue
            }
            let ruling = HouseholdWriter.insertColumns[HouseholdWriter.ruling[index]]
            let owner = ownerAt[HouseholdWriter.ruling[index]]
            let priorities = survivorship[ruling] ?? []
            let rank = { (name: String?) -> Int in name.flatMap { priorities.firstIndex(of: $0) } ?? priorities.count }
            if stored == value {
                // An equal value keeps its owner, unless the offering source ranks higher: 民政 agreeing with the
                // census on 低保 becomes its owner, so that a later census change does not outrank it.
                if ownerAt[index] == nil || rank(source) < rank(ownerAt[index]) { takenOver.insert(index) }
                continue
            }
            // A coarser region that contains the stored one says nothing new (a record that named only the
            // prefecture); it neither replaces the finer code nor disagrees with it.
            if index == HouseholdWriter.regionPosition, let finer = String.fromDatabaseValue(stored),
               let coarse = String.fromDatabaseValue(value),
               CompoundRegistry.significantPrefix(finer).hasPrefix(CompoundRegistry.significantPrefix(coarse)) {
                continue
            }
            let wins = stored.isNull || owner == nil || rank(source) <= rank(owner)
            if !stored.isNull, let owner, owner != source, HouseholdWriter.survivesWith[column] == nil {
                try db.cachedStatement(sql: """
                    INSERT INTO dwd_household_conflict (household_id, column_name, kept_source, offered_source,
                                                        source_pair, run_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(household_id, column_name, source_pair) DO UPDATE SET kept_source = excluded.kept_source,
                        offered_source = excluded.offered_source, run_id = excluded.run_id
                    WHERE kept_source <> excluded.kept_source
                    """).execute(arguments: [householdID, column, wins ? source : owner, wins ? owner : source,
                                             [source, owner].sorted().joined(separator: "|"), runID])
            }
            if wins {
                updates.append(index)
                if ownerAt[index] != source { takenOver.insert(index) }
            }
        }
        // A household that moved (its new address names another compound, or another place without one) leaves
        // its old compound, building, unit and room behind: where the record's address wins, the dwelling columns
        // it leaves empty are emptied too, instead of keeping the old flat's numbers.
        if updates.contains(HouseholdWriter.addressPosition), HouseholdWriter.moved(from: existing.values, to: values) {
            for index in HouseholdWriter.dwellingPositions where values[index].isNull && !existing.values[index].isNull {
                updates.append(index)
                takenOver.insert(index)
            }
        }
        if !takenOver.isEmpty { try setFieldSources(householdID, takenOver, source, owners: owners) }
        return updates.sorted()
    }

    /// The household's `household_field_owner` rows: which source, in which run, set which columns.
    private func fieldOwnership(of householdID: String) throws -> [FieldOwnership] {
        var owners: [FieldOwnership] = []
        fieldOwners.bind(1, householdID)
        try fieldOwners.forEach { row in
            owners.append(FieldOwnership(source: row.text(0) ?? "", run: row.int(1) ?? 0,
                                         columns: ColumnSet(bits: row.int(2) ?? 0)))
        }
        return owners
    }

    /// Records `source`, in this run, as the origin of `columns` (all of a new household's present values, or
    /// those a record took over), taking them from the owners that held them (`owners`, as read before).
    private func setFieldSources(_ householdID: String, _ columns: ColumnSet, _ source: String,
                                 owners: [FieldOwnership]) throws {
        for owner in owners where !(owner.source == source && owner.run == runID) {
            let kept = owner.columns.subtracting(columns)
            guard kept != owner.columns else { continue }
            let statement = kept.isEmpty ? dropOwner : setOwnedColumns
            statement.bind(1, householdID); statement.bind(2, owner.source); statement.bind(3, owner.run)
            if !kept.isEmpty { statement.bind(4, kept.bits) }
            try statement.execute()
        }
        guard !columns.isEmpty else { return }
        addOwnedColumns.bind(1, householdID); addOwnedColumns.bind(2, source); addOwnedColumns.bind(3, runID)
        addOwnedColumns.bind(4, columns.bits)
        try addOwnedColumns.execute()
    }

    /// The existing household this candidate belongs to, with the rule and score that linked it.
    ///
    /// Every rule is tried; when the candidate's evidence points at several households that can be one (no two
    /// different valid IDs among them), they are merged into the oldest, whose id survives; the others become
    /// aliases in `household_alias`. A record that moves to another household (its ID now says someone else)
    /// is recorded in `household_relink`.
    private func link(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool,
                      values: [DatabaseValue], digest: Data) throws -> (StoredHousehold?, String, Double) {
        var matches: [(row: StoredHousehold, rule: String, score: Double)] = []
        var movedFrom: String?
        movedFromHousehold = false
        unchangedRecord = false
        supersededRecord = false
        offeredBefore = nil
        defer {
            movedFromHousehold = movedFrom != nil
            leftHousehold = movedFrom
        }
        // A record seen before keeps its household and the rule that first linked it: by its key when the source
        // has one, else only when reloading the very same file (record numbers mean nothing across files).
        bySourceRecord.bind(1, c.sourceID); bySourceRecord.bind(2, c.recordKey); bySourceRecord.bind(3, keyIsStable)
        bySourceRecord.bind(4, c.batchID)
        if let (row, extra) = try StoredHousehold.fetchOne(bySourceRecord) {
            // Reloading an older file of a keyed source (a forced run that reads every file of its glob again):
            // the record was superseded by a later file's, which is loaded after it. Replaying it would undo and
            // redo what that later record did (a new head, a move); it is left alone.
            if !marksSighting, keyIsStable, let current = currentBatchFile,
               let newer = String.fromDatabaseValue(extra[3]), newer > current {
                supersededRecord = true
                return (row, "superseded", 1.0)
            }
            if HouseholdWriter.compatible(row, c) {
                let rule = String.fromDatabaseValue(extra[0]) ?? "same_source_record"
                let score = Double.fromDatabaseValue(extra[1]) ?? 0.95
                // Unchanged since it was loaded: no new evidence, so no other rule can say more. (A digest written
                // before per-column digests is the hex of the whole record.)
                switch extra[2].storage {
                case .blob(let previous):
                    if previous == digest {
                        unchangedRecord = true
                        return (row, rule, score)
                    }
                    offeredBefore = previous
                case .string(let previous):
                    if previous == HouseholdWriter.digest(values) {
                        unchangedRecord = true
                        return (row, rule, score)
                    }
                default: break
                }
                matches.append((row, rule, score))
            } else {
                movedFrom = row.id
            }
        }
        if let hash = c.headIDHash, known?.mayHave(idHash: hash) ?? true,
           let (row, _) = try StoredHousehold.fetchOne(bound(byIDHash, hash)) {
            matches.append((row, "id_hash", 1.0))
        }
        if let compoundID, let room = c.room, let name = c.headName,
           known?.mayHave(compoundID: compoundID, building: c.building, unit: c.unit, room: room) ?? true {
            byRoom.bind(1, compoundID); byRoom.bind(2, c.building); byRoom.bind(3, c.unit); byRoom.bind(4, room)
            let rows = try StoredHousehold.fetchAll(byRoom).sorted { $0.id < $1.id }
            // An exact name in the room beats a name one character away.
            let compatible = rows.filter { HouseholdWriter.compatible($0, c) }
            // A two-character name one character away (郭鹏 / 郭朋) is the same head only with the same surname and
            // the same phone as well: on its own, one character is half the name (崔帅 and 龙帅 are two people).
            let phonePosition = StoredHousehold.position["phone_hash"]!
            if let row = compatible.first(where: { $0.headName == name })
                ?? compatible.first(where: { HouseholdWriter.similarNames($0.headName, name) })
                ?? compatible.first(where: { row in
                    c.phoneHash != nil && String.fromDatabaseValue(row.values[phonePosition]) == c.phoneHash
                        && HouseholdWriter.sameSurnameOneApart(row.headName, name)
                }) {
                matches.append((row, "address+name", row.headName == name ? 0.95 : 0.85))
            }
        }
        if let phone = c.phoneHash, let name = c.headName, known?.mayHave(phoneHash: phone) ?? true {
            let rows = try StoredHousehold.fetchAll(bound(byPhone, phone)).sorted { $0.id < $1.id }
            let compatible = rows.filter { HouseholdWriter.compatible($0, c) }
            // A name one character away at another dwelling is someone else sharing the phone (李建国 and his
            // son 李建军 two floors up); the same name at another dwelling is the same head, moved or corrected.
            if let row = compatible.first(where: { $0.headName == name })
                ?? compatible.first(where: { HouseholdWriter.similarNames($0.headName, name)
                                             && !HouseholdWriter.otherDwelling($0, c, compoundID: compoundID) }) {
                matches.append((row, "phone+name", 0.8))
            }
        }
        guard let primary = matches.first else {
            if let movedFrom { try recordRelink(c, from: movedFrom, to: nil) }
            return (nil, "new", 1.0)
        }
        var survivor = primary.row
        var seen: Set<String> = [survivor.id]
        for match in matches.dropFirst() {
            guard seen.insert(match.row.id).inserted, HouseholdWriter.sameIdentityPossible(survivor, match.row),
                  try !listedApart(survivor.id, match.row.id) else { continue }
            survivor = try merge(survivor, match.row, rule: match.rule)
        }
        if let movedFrom, movedFrom != survivor.id { try recordRelink(c, from: movedFrom, to: survivor.id) }
        return (survivor, primary.rule, primary.score)
    }

    /// Whether one file lists the two households as two records (a census's 101 and 102 sharing a phone): then
    /// a third feed's record that fits both does not make them one.
    private func listedApart(_ a: String, _ b: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source x JOIN household_source y
                             ON y.household_id = ?2 AND y.source_id = x.source_id AND y.batch_id = x.batch_id
                                AND y.record_key <> x.record_key
                           WHERE x.household_id = ?1)
            """), arguments: [a, b]) ?? false
    }

    /// The query with its one parameter bound.
    private func bound(_ query: RowQuery, _ value: String) -> RowQuery {
        query.bind(1, value)
        return query
    }

    /// Whether two stored households could be one: not two different valid IDs.
    static func sameIdentityPossible(_ a: StoredHousehold, _ b: StoredHousehold) -> Bool {
        guard let x = a.headIDHash, let y = b.headIDHash else { return true }
        return x == y
    }

    /// Merges two households into the older one (first seen earlier, then the smaller id), which keeps its id;
    /// the other's records, field provenance and values move over by survivorship, and its id becomes an alias.
    private func merge(_ a: StoredHousehold, _ b: StoredHousehold, rule: String) throws -> StoredHousehold {
        let older = (a.firstSeenRun, a.id) <= (b.firstSeenRun, b.id)
        let survivor = older ? a.id : b.id
        let absorbed = older ? b.id : a.id
        guard let (kept, _) = try StoredHousehold.fetchOne(bound(byID, survivor)),
              let (gone, _) = try StoredHousehold.fetchOne(bound(byID, absorbed)) else {
            throw WarehouseError("household \(survivor) or \(absorbed) vanished before they were merged")
        }
        // Each value: the survivor's stands, unless it has none, or the absorbed household's was set by a source
        // the pipeline's `survivorship:` ranks higher (or, without a ranking, set more recently). The masked ID and
        // phone follow their hashes. A disagreement between two sources is recorded as when a record offers it.
        let keptOwners = try fieldOwnership(of: survivor), goneOwners = try fieldOwnership(of: absorbed)
        func owners(_ list: [FieldOwnership]) -> [FieldOwnership?] {
            var at = [FieldOwnership?](repeating: nil, count: HouseholdWriter.insertColumns.count)
            for owner in list { for index in at.indices where owner.columns.contains(index) { at[index] = owner } }
            return at
        }
        let keptAt = owners(keptOwners), goneAt = owners(goneOwners)
        var taken = ColumnSet()
        for index in HouseholdWriter.byName {
            let mine = kept.values[index], theirs = gone.values[index]
            guard !theirs.isNull, mine != theirs else { continue }
            if mine.isNull {
                taken.insert(index)
                continue
            }
            let column = HouseholdWriter.insertColumns[index]
            let ruling = HouseholdWriter.ruling[index]
            let priorities = survivorship[HouseholdWriter.insertColumns[ruling]] ?? []
            let rank = { (owner: FieldOwnership?) -> Int in owner.flatMap { priorities.firstIndex(of: $0.source) } ?? priorities.count }
            let mineOwner = keptAt[ruling], theirsOwner = goneAt[ruling]
            let theirsWin = rank(theirsOwner) < rank(mineOwner)
                || (rank(theirsOwner) == rank(mineOwner) && (theirsOwner?.run ?? 0) > (mineOwner?.run ?? 0))
            if theirsWin { taken.insert(index) }
            if HouseholdWriter.survivesWith[column] == nil, let a = keptAt[index]?.source, let b = goneAt[index]?.source, a != b {
                try db.cachedStatement(sql: """
                    INSERT INTO dwd_household_conflict (household_id, column_name, kept_source, offered_source,
                                                        source_pair, run_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(household_id, column_name, source_pair) DO UPDATE SET kept_source = excluded.kept_source,
                        offered_source = excluded.offered_source, run_id = excluded.run_id
                    """).execute(arguments: [survivor, column, theirsWin ? b : a, theirsWin ? a : b,
                                             [a, b].sorted().joined(separator: "|"), runID])
            }
        }
        let columns = HouseholdWriter.insertColumns.indices.filter { taken.contains($0) }
        try db.execute(sql: """
            UPDATE dwd_household SET \(columns.map { "\(HouseholdWriter.insertColumns[$0]) = ?, " }.joined())
                first_seen_run = MIN(first_seen_run, ?), last_seen_run = MAX(last_seen_run, ?)
            WHERE household_id = ?
            """, arguments: StatementArguments(columns.map { gone.values[$0] })
                + [gone.firstSeenRun, gone.lastSeenRun, survivor])
        for table in ["household_source", "dwd_household_conflict"] {
            try db.execute(sql: "UPDATE OR IGNORE \(table) SET household_id = ? WHERE household_id = ?", arguments: [survivor, absorbed])
            try db.execute(sql: "DELETE FROM \(table) WHERE household_id = ?", arguments: [absorbed])
        }
        // Field provenance: the survivor's owners keep what was not taken, the absorbed household's owners what was.
        for owner in keptOwners {
            let remaining = owner.columns.subtracting(taken)
            guard remaining != owner.columns else { continue }
            let statement = remaining.isEmpty ? dropOwner : setOwnedColumns
            statement.bind(1, survivor); statement.bind(2, owner.source); statement.bind(3, owner.run)
            if !remaining.isEmpty { statement.bind(4, remaining.bits) }
            try statement.execute()
        }
        for owner in goneOwners {
            let moved = ColumnSet(bits: owner.columns.bits & taken.bits)
            guard !moved.isEmpty else { continue }
            addOwnedColumns.bind(1, survivor); addOwnedColumns.bind(2, owner.source); addOwnedColumns.bind(3, owner.run)
            addOwnedColumns.bind(4, moved.bits)
            try addOwnedColumns.execute()
        }
        try db.execute(sql: "DELETE FROM household_field_owner WHERE household_id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE dwd_household_history SET valid_to_run = ? WHERE household_id = ? AND valid_to_run IS NULL",
                       arguments: [runID, absorbed])
        try db.execute(sql: "DELETE FROM dwd_household WHERE household_id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE household_alias SET household_id = ? WHERE household_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: """
            INSERT INTO household_alias (alias_id, household_id, merged_run, rule) VALUES (?, ?, ?, ?)
            ON CONFLICT(alias_id) DO UPDATE SET household_id = excluded.household_id
            """, arguments: [absorbed, survivor, runID, rule])
        try writeHistory(survivor)
        guard let (row, _) = try StoredHousehold.fetchOne(bound(byID, survivor)) else {
            throw WarehouseError("household \(survivor) vanished while merging \(absorbed) into it")
        }
        // The survivor may now hold a room or phone it takes from the absorbed household.
        remember(id: row.id, values: row.values)
        return row
    }

    private func recordRelink(_ c: HouseholdCandidate, from: String, to: String?) throws {
        try db.execute(sql: """
            INSERT INTO household_relink (source_id, record_key, batch_id, from_household, to_household, run_id, reason)
            VALUES (?, ?, ?, ?, ?, ?, 'a different valid ID than the household it was linked to')
            """, arguments: [c.sourceID, c.recordKey, c.batchID, from, to, runID])
    }

    /// Whether a household this candidate could be lives at its building, unit and room of `compoundID`: a name
    /// equal or one character away, or the same phone, and no different valid ID.
    func livesAt(compoundID: String, _ c: HouseholdCandidate) throws -> Bool {
        guard let room = c.room else { return false }
        byRoom.bind(1, compoundID); byRoom.bind(2, c.building); byRoom.bind(3, c.unit); byRoom.bind(4, room)
        return try StoredHousehold.fetchAll(byRoom).contains { row in
            HouseholdWriter.compatible(row, c)
                && (c.headName.map { HouseholdWriter.similarNames(row.headName, $0) } ?? false
                    || (c.phoneHash != nil && String.fromDatabaseValue(row.values[StoredHousehold.position["phone_hash"]!]) == c.phoneHash))
        }
    }

    /// Whether the stored household and the candidate name two different dwellings: both give a room, and the
    /// compound, building, unit or room differ (a level one of them leaves out does not count).
    static func otherDwelling(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?) -> Bool {
        func stored(_ column: String) -> String? { String.fromDatabaseValue(row.values[StoredHousehold.position[column]!]) }
        guard let room = c.room, let storedRoom = stored("room") else { return false }
        func differ(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a != b
        }
        return room != storedRoom || differ(compoundID, stored("compound_id")) || differ(c.building, stored("building"))
            || differ(c.unit, stored("unit"))
    }

    /// Two different valid IDs are two households, whatever else they share.
    static func compatible(_ row: StoredHousehold, _ c: HouseholdCandidate) -> Bool {
        guard let stored = row.headIDHash, let incoming = c.headIDHash else { return true }
        return stored == incoming
    }

    /// Equal, or one character substituted, inserted or deleted when both names have at least three characters:
    /// in a two-character name one character is half the name (崔帅 and 龙帅 are different people).
    static func similarNames(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1, min(x.count, y.count) >= 3 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    /// Two two-character names with the same first character (the surname) and a different second one.
    static func sameSurnameOneApart(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        let x = Array(a), y = Array(b)
        return x.count == 2 && y.count == 2 && x[0] == y[0] && x[1] != y[1]
    }

    /// Ids come from the strongest evidence the first record carried, so they never depend on order or run.
    static func newID(for c: HouseholdCandidate, compoundID: String?) -> String {
        if let hash = c.headIDHash { return StableID.make(prefix: "h", from: "id:\(hash)") }
        let place = [compoundID, c.building, c.unit, c.room, c.address].map { $0 ?? "" }.joined(separator: "|")
        return StableID.make(prefix: "h", from: "place:\(place)|\(c.headName ?? "")|\(c.phoneHash ?? "")")
    }

    /// Closes the current history version and opens one with the household's present values
    /// (or rewrites this run's version when the household changed twice in one run).
    private func writeHistory(_ householdID: String) throws {
        dropRunVersion.bind(1, householdID); dropRunVersion.bind(2, runID)
        try dropRunVersion.execute()
        closeVersion.bind(1, runID); closeVersion.bind(2, householdID)
        try closeVersion.execute()
        reopenVersion.bind(1, householdID); reopenVersion.bind(2, runID)
        try reopenVersion.execute()
        if db.changesCount > 0 { return }
        insertVersion.bind(1, runID); insertVersion.bind(2, householdID)
        try insertVersion.execute()
    }
}
