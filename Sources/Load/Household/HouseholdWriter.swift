import Foundation
import GRDB
import RongtongStaging

/// Links household candidates to warehouse households and writes them with provenance and history.
///
/// Evidence, strongest first: the same source record seen before (by its key, or for a source without one by its
/// values, `earlierIdenticalRecord`); equal `head_id_hash`; same compound, building, unit and room with a head name
/// equal or one character apart; the same dwelling and phone whatever the name (`dwellingEvidence`); equal phone hash
/// with such a name, unless the phone is one many households share (`sharedPhones`). A record naming an account
/// holder, not the head (`record_names: account_holder`, or an organisation's name), is linked by its dwelling
/// instead (`dwellingEvidence`), and its name and ID are never the head's. Where one rule fits several households
/// equally, the record's other evidence picks one (`breakTie`), else none. Two different valid IDs are never merged,
/// unless the record's head is a member a record of the household listed (`newHeadIsMember`: the head died or moved
/// out, and the spouse or a son took over with his or her own ID), and a masked ID that visibly differs from a household's keeps the record out of it by name (`maskedIDDiffers`).
/// Households the evidence shows to be one are merged into the oldest (its id survives, the other becomes an alias).
/// Values survive by the pipeline's source priorities, else the most recent feed loaded wins.
final class HouseholdWriter {
    let db: Database
    let runID: Int
    /// False while reloading a batch that was loaded before (`--force`): not a new sighting.
    var marksSighting = true
    /// Column → ranks of sources, highest first, each one or several sources of equal rank (from the pipeline's
    /// `survivorship:`).
    var survivorship: [String: [[String]]] = [:]

    /// The rank of `source` among `ranks` (a column's `survivorship:`): its position, sources of one rank sharing
    /// one; every source not listed ranks below all listed ones, equal among themselves.
    static func rank(of source: String?, in ranks: [[String]]) -> Int {
        source.flatMap { name in ranks.firstIndex { $0.contains(name) } } ?? ranks.count
    }
    /// Set by `link` when the record left the household it was linked to (a relink row awaits its target).
    var movedFromHousehold = false
    /// The household the record left, when it did.
    var leftHousehold: String?
    /// What the record offered the household it left when it was last loaded (its `record_digest` there).
    var leftOffered: DatabaseValue?
    /// Records whose key named another household before (another head at another place): linked by their own
    /// evidence instead. The load stage warns when a batch has any (a `record_key` that numbers rows).
    var keysNamingAnotherHousehold = 0
    /// Records whose key another file of this run also holds for another household (county sheets that each number
    /// their rows from 1): linked by their own evidence, both provenance rows kept. The load stage warns when a
    /// batch has any (a `record_key` that is not unique across files).
    var keysRepeatedAcrossFiles = 0
    /// Set by `link` when the record's key is another file's of this run, or several files' (county sheets): its
    /// provenance row is added beside theirs.
    var keepsOtherBatches = false
    /// Set by `link` when the record is a later export of another file's record under its key (the same household
    /// by its evidence): the batch of that record's provenance row, which this record's row replaces.
    var replacedBatch: String?
    /// Warnings the linking found about records of the batch being loaded (`record_key_reused`, `record_key_shared`),
    /// written to `etl_reject` with the batch.
    var notes: [LoadNote] = []
    /// Set by `link` when the record is one loaded before, with the same values (`record_digest`).
    var unchangedRecord = false
    /// Set by `link` when a reloaded record is older than the one its key holds now (see `currentBatchFile`).
    var supersededRecord = false
    /// The file of the batch being loaded, to tell a reloaded older file from the newer one its keys came from.
    var currentBatchFile: String?
    /// Set by `link` when the record was loaded before into the same household with other values: the per-column
    /// digests of what it offered then, so that a value it offers again unchanged takes nothing over.
    var offeredBefore: Data?
    /// Whether the batch's records name an account holder, not the head (`record_names: account_holder`).
    var namesAccountHolder = false
    /// The account holder the record being loaded names, set aside from its head columns (`settingAsideHolder`).
    var holder: AccountHolder?
    /// Phone hashes shared by many households (a grid worker's or village committee's phone entered for every
    /// elderly household): held by households of `sharedPhoneNames` or more different head names in the warehouse,
    /// or carried by records of as many head names in a batch of this load (`noteSharedPhones`). Such a phone is no
    /// evidence: it links no record, breaks no tie, and does not replace a household's own phone.
    var sharedPhones: Set<String> = []
    /// How many different head names make a phone a shared one.
    static let sharedPhoneNames = 3
    /// Set by `link` when the record's phone is a shared one (`sharedPhones`).
    var recordPhoneIsShared = false
    /// Set by `link` when one rule's evidence fitted several households equally and nothing told them apart (and
    /// nothing else linked the record): the rule and the households' ids, for the `ambiguous_household` warning.
    var ambiguousFit: (rule: String, ids: [String])?
    /// Records that got a household of their own because their evidence fitted several equally (`ambiguousFit`).
    /// The load stage counts them as warnings.
    var ambiguousRecords = 0

    /// Life events the linking found so far, for the run's summary (the load stage counts them per batch): records
    /// that moved to another household (`household_relink`), households whose head ID a record replaced (a new
    /// head), and households merged into another (`household_alias`).
    var relinkedRecords = 0, headChanges = 0, mergedHouseholds = 0

    /// For a source without a stable key: its previous delivery's records by `record_digest` (see
    /// `earlierIdenticalRecord`), read once for the batch being loaded.
    var earlierRecords: (batchID: String, households: [Data: EarlierRecord?])?

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
    let bySourceRecord, byIDHash, byRoom, byRoomLevels, byDoor, byPhone, byAlias, byID, fieldOwners, byMemberID: RowQuery
    let insertHousehold, markSeen, dropOtherBatches, dropSameFileBatches, insertSource: RowInserter
    let dropRunVersion, closeVersion, reopenVersion, insertVersion, insertFirstVersion: RowInserter
    let addOwnedColumns, setOwnedColumns, dropOwner: RowInserter
    /// Bloom filters over the warehouse's evidence while a load is large against it (see `expect`), else nil.
    var known: KnownEvidence?

    init(db: Database, runID: Int) throws {
        self.db = db
        self.runID = runID
        let select = StoredHousehold.selectList(alias: "h")
        bySourceRecord = try RowQuery(db, sql: """
            SELECT \(select), s.match_rule, s.match_score, s.record_digest,
                   (SELECT b.file FROM etl_batch b WHERE b.batch_id = s.batch_id AND s.batch_id <> ?4) AS newer_file,
                   (SELECT b.run_id FROM etl_batch b WHERE b.batch_id = s.batch_id AND s.batch_id <> ?4) AS other_run,
                   (SELECT b.file FROM etl_batch b WHERE b.batch_id = s.batch_id) AS record_file,
                   s.batch_id
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id
            WHERE s.source_id = ?1 AND s.record_key = ?2 AND (?3 OR s.batch_id = ?4)
            """)
        byIDHash = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.head_id_hash = ?")
        byRoom = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.compound_id = ?1 AND h.building IS ?2 AND h.unit IS ?3 AND h.room = ?4
            """)
        // A room of a compound where a building or unit one side leaves out does not count (an account's 1栋202).
        byRoomLevels = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.compound_id = ?1 AND h.room = ?4 AND (?2 IS NULL OR h.building IS NULL OR h.building = ?2)
              AND (?3 IS NULL OR h.unit IS NULL OR h.unit = ?3)
            """)
        // Through the partial index of households without a compound (migration v11).
        byDoor = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.compound_id IS NULL AND h.address = ?")
        // No ORDER BY: SQLite would sort through a temporary B-tree on every call; the few rows are sorted here.
        byPhone = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.phone_hash = ?")
        byAlias = try RowQuery(db, sql: """
            SELECT \(select) FROM household_alias a JOIN dwd_household h ON h.household_id = a.household_id
            WHERE a.alias_id = ?
            """)
        byID = try RowQuery(db, sql: "SELECT \(select) FROM dwd_household h WHERE h.household_id = ?")
        byMemberID = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.household_id IN (SELECT household_id FROM household_member WHERE member_hash = ?1 AND kind = 'id')
              AND h.head_id_hash IS NOT ?1
            """)
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
        dropSameFileBatches = try RowInserter(db, sql: """
            DELETE FROM household_source WHERE source_id = ?1 AND record_key = ?2 AND batch_id <> ?3
                AND (batch_id IN (SELECT batch_id FROM etl_batch WHERE source_id = ?1 AND file = ?4) OR batch_id IS ?5)
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

    /// The candidate's values in `insertColumns` order (null where the record says nothing). A masked ID without a
    /// hash (one the feed sent masked) is no value of the household's: it only tells another head (`maskedIDDiffers`).
    static func values(of c: HouseholdCandidate, compoundID: String?) -> [DatabaseValue] {
        func v(_ value: DatabaseValueConvertible?) -> DatabaseValue { value?.databaseValue ?? .null }
        // The order of `tracked`, then phone_hash.
        return [v(c.regionCode), v(compoundID), v(c.building), v(c.unit), v(c.room), v(c.address), v(c.headName),
                v(c.headIDHash), v(c.headIDHash == nil ? nil : c.headIDMasked), v(c.headGender), v(c.headBirthDate), v(c.phoneMasked),
                v(c.memberCount), v(c.gridID), v(c.tenHouseholdGroup), v(c.tenure), v(c.isLowIncome),
                v(c.isExtremePoverty), v(c.hasDisabledMember), v(c.hasElderlyAlone), v(c.hasLeftBehindChild),
                v(c.phoneHash)]
    }

    /// Positions of `insertColumns` in column-name order (the order provenance rows are written in).
    static let byName = insertColumns.indices.sorted { insertColumns[$0] < insertColumns[$1] }
    static let trackedCount = tracked.count
    static let regionPosition = StoredHousehold.position["region_code"]!
    static let addressPosition = StoredHousehold.position["address"]!
    static let idPosition = StoredHousehold.position["head_id_hash"]!
    static let headNamePosition = StoredHousehold.position["head_name"]!
    static let phonePosition = StoredHousehold.position["phone_hash"]!
    static let compoundPosition = StoredHousehold.position["compound_id"]!
    static let dwellingPositions = ["compound_id", "building", "unit", "room"].map { StoredHousehold.position[$0]! }

    /// The address and dwelling columns, which a vaguer record does not replace.
    static let placePositions = Set(["address", "compound_id", "building", "unit", "room"].map { StoredHousehold.position[$0]! })

    /// For each value column, the column whose source it survives with (a masked ID goes with its hash).
    static let ruling = insertColumns.map { StoredHousehold.position[survivesWith[$0] ?? $0]! }

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
    static let filtersDisabled = ProcessInfo.processInfo.environment["RONGTONG_TEST_NO_EVIDENCE_FILTERS"] == "1"

    /// Adds a household's evidence to the filters as written, dropping them once over their capacity.
    func remember(id: String, values: [DatabaseValue]) {
        guard let known else { return }
        known.add(id: id, values: values)
        if known.isOverfull { self.known = nil }
    }

    func load(_ candidate: HouseholdCandidate, compoundID: String?, keyIsStable: Bool) throws -> LinkOutcome {
        let c = settingAsideHolder(of: candidate)
        var values = HouseholdWriter.values(of: c, compoundID: compoundID)
        let digest = HouseholdWriter.columnDigests(values)
        var (existing, rule, score) = try link(c, compoundID: compoundID, keyIsStable: keyIsStable, values: values,
                                               digest: digest)
        HouseholdWriter.withholdMembersName(&values, linkedTo: existing, by: rule)
        // The same record with the same values as when it was loaded (a full export sent again, a forced
        // reload): it is seen again, but it brings nothing to take over, merge or record in history.
        if supersededRecord, let existing {
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        if unchangedRecord, let existing {
            noteAmbiguity(c, rule: rule, householdID: existing.id)
            if marksSighting, existing.lastSeenRun != runID {
                markSeen.bind(1, runID); markSeen.bind(2, existing.id)
                try markSeen.execute()
            }
            try recordSource(c, householdID: existing.id, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
            try rememberMembers(of: c, householdID: existing.id, rule: rule)
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        var newID = HouseholdWriter.newID(for: c, compoundID: compoundID)
        // Evidence that would mint an id already merged away leads to the household that absorbed it.
        if existing == nil, let (row, _) = try StoredHousehold.fetchOne(bound(byAlias, newID)),
           HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "alias"
            score = 1.0
        }
        // The same evidence twice (a repeated row, or a keyless source's record again) mints the same id: it is
        // the same household.
        if existing == nil, let (row, _) = try (known?.mayHave(id: newID) ?? true ? StoredHousehold.fetchOne(bound(byID, newID)) : nil)
            ?? StoredHousehold.fetchOne(bound(byAlias, newID)), !HouseholdWriter.compatible(row, c) {
            // The id this record's head ID mints names a household whose head changed since, or one merged into
            // another household (the head handed over to a member, or joined another 户, then registered a
            // household of his or her own): the new household gets an id of its own.
            newID = StableID.make(prefix: "h", from: "\(newID)|after:\(row.headIDHash ?? "")")
        }
        if existing == nil, known?.mayHave(id: newID) ?? true, let (row, _) = try StoredHousehold.fetchOne(bound(byID, newID)),
           HouseholdWriter.compatible(row, c) {
            if keyIsStable, try fileListsApart(row.id, c) {
                // Another record of this file, under another key, minted this id: a namesake at the same place
                // (two 王国华 of one villager group, no door, ID or phone), not the same row again.
                newID = StableID.make(prefix: "h", from: "\(newID)|record:\(c.sourceID)#\(c.recordKey)")
            } else {
                existing = row
                rule = "same_evidence"
                score = 0.9
            }
        }
        noteAmbiguity(c, rule: rule, householdID: existing?.id ?? newID)
        let householdID: String
        var changed = false
        // The head whose ID this record replaces (a new head), who stays a member.
        var replacedHead: String?
        if let existing {
            householdID = existing.id
            let updates = try survivingUpdates(values, existing: existing, householdID: householdID, source: c.sourceID)
            if updates.contains(HouseholdWriter.idPosition) { replacedHead = existing.headIDHash }
            if replacedHead != nil { headChanges += 1 }
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
        try rememberMembers(of: c, householdID: householdID, rule: rule, replacedHead: replacedHead)
        if let left = leftHousehold, left != householdID {
            try releaseUnsupportedID(of: left)
            try releaseValues(of: left, offered: leftOffered, by: c.sourceID)
            try retireIfEmpty(left, into: householdID)
        }
        return LinkOutcome(entityID: householdID, rule: rule, score: score, changed: changed)
    }

    /// Warns (`ambiguous_household`) about a record linked by no evidence but fitting several households equally
    /// (`ambiguousFit`), which has `householdID` of its own: it is linked to none of them, an id order being no
    /// evidence.
    func noteAmbiguity(_ c: HouseholdCandidate, rule: String, householdID: String) {
        guard rule == "ambiguous", let fit = ambiguousFit else { return }
        ambiguousRecords += 1
        notes.append(LoadNote(recordNumber: c.recordNumber, key: c.recordKey, rule: "ambiguous_household",
            message: "its \(fit.rule) evidence fits \(fit.ids.count) households equally (\(fit.ids.joined(separator: ", "))) and nothing else it carries (ID, phone, birth date, member count, gender) tells them apart; it was linked to none of them and has a household of its own, \(householdID)",
            field: nil, value: fit.ids.joined(separator: ",")))
    }

    /// One provenance row per record: a keyed source's record keeps only its latest batch (a key that several
    /// files hold for different households keeps one row per file, the record's own file's and the one it is a
    /// later export of replaced); a keyless source's records are told apart by batch.
    func recordSource(_ c: HouseholdCandidate, householdID: String, rule: String, score: Double,
                              digest: Data, keyIsStable: Bool) throws {
        if keyIsStable, !keepsOtherBatches {
            dropOtherBatches.bind(1, c.sourceID); dropOtherBatches.bind(2, c.recordKey); dropOtherBatches.bind(3, c.batchID)
            try dropOtherBatches.execute()
        } else if keyIsStable, let file = currentBatchFile {
            dropSameFileBatches.bind(1, c.sourceID); dropSameFileBatches.bind(2, c.recordKey)
            dropSameFileBatches.bind(3, c.batchID); dropSameFileBatches.bind(4, file); dropSameFileBatches.bind(5, replacedBatch)
            try dropSameFileBatches.execute()
        }
        insertSource.bind(1, householdID); insertSource.bind(2, c.sourceID); insertSource.bind(3, c.recordKey)
        insertSource.bind(4, c.batchID); insertSource.bind(5, rule); insertSource.bind(6, score)
        insertSource.bind(7, digest.databaseValue)
        try insertSource.execute()
    }

    /// The existing household this candidate belongs to, with the rule and score that linked it.
    ///
    /// Every rule is tried; when the candidate's evidence points at several households that can be one (no two
    /// different valid IDs among them), they are merged into the oldest, whose id survives; the others become
    /// aliases in `household_alias`. A record that moves to another household (its ID now says someone else, not a
    /// listed member of its household) is recorded in `household_relink`.
    func link(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool,
                      values: [DatabaseValue], digest: Data) throws -> (StoredHousehold?, String, Double) {
        var matches: [(row: StoredHousehold, rule: String, score: Double)] = []
        var movedFrom: String?
        // The household of its own a record seen before got when its evidence fitted several (`ambiguous`): not
        // one of the households its evidence is weighed against again.
        var ownAmbiguous: String?
        // The household a record seen before was linked to, which now has another valid head ID than the record's.
        var headChangedIn: StoredHousehold?
        movedFromHousehold = false
        keepsOtherBatches = false
        replacedBatch = nil
        unchangedRecord = false
        supersededRecord = false
        offeredBefore = nil
        ambiguousFit = nil
        leftOffered = nil
        defer {
            movedFromHousehold = movedFrom != nil
            leftHousehold = movedFrom
        }
        // A record seen before keeps its household and the rule that first linked it: by its key when the source
        // has one, else only when reloading the very same file (record numbers mean nothing across files).
        bySourceRecord.bind(1, c.sourceID); bySourceRecord.bind(2, c.recordKey); bySourceRecord.bind(3, keyIsStable)
        bySourceRecord.bind(4, c.batchID)
        let keyed = try StoredHousehold.fetchAllWithExtra(bySourceRecord)
        var kept = keyed.first
        // A record of a source without a stable key, the same as one its previous delivery sent (its number may have
        // changed with rows added or removed above it): the same record, unchanged, in the household it was in.
        if !keyIsStable, kept == nil, let (row, rule, score) = try earlierIdenticalRecord(c, digest: digest) {
            unchangedRecord = true
            return (row, rule, score)
        }
        // Records of other files under this key that this record may be a later export of: which one it is (if any),
        // its evidence tells.
        var earlierExports: [(row: StoredHousehold, extra: [DatabaseValue])] = []
        if keyIsStable, keyed.count > 1 {
            // The key stands for records of several files (county sheets that each number their rows from 1): the
            // record is the one of the same file, if any, and the other files' records keep their rows. A file of
            // another name (tomorrow's dated sheet) holds a later export of the one its evidence links it to.
            keepsOtherBatches = true
            kept = keyed.first { String.fromDatabaseValue($0.extra[5]) == currentBatchFile }
            if kept == nil { earlierExports = keyed }
        }
        if let (row, extra) = kept {
            // Reloading an older file of a keyed source (a forced run that reads every file of its glob again):
            // the record was superseded by a later file's, which is loaded after it. Replaying it would undo and
            // redo what that later record did (a new head, a move); it is left alone.
            if !marksSighting, keyIsStable, let current = currentBatchFile,
               let newer = String.fromDatabaseValue(extra[3]), newer > current {
                supersededRecord = true
                return (row, "superseded", 1.0)
            }
            if marksSighting, keyIsStable, Int.fromDatabaseValue(extra[4]) == runID {
                // Another file loaded in this very run holds the key too: two exports of one list (a missed night's
                // file and tonight's), or county sheets that each number their rows from 1. The record is linked by
                // its own evidence; when that leads to the other file's household, it is the same record exported
                // again, else both records stay (see `earlierExport`).
                keepsOtherBatches = true
                earlierExports = [(row, extra)]
            } else if HouseholdWriter.keyNamesAnotherHousehold(row, c, compoundID: compoundID, offeredBefore: extra[2],
                                                                digest: digest) {
                // The key now names another household (a row number, 序号, after a row was inserted above): the
                // record is linked by its own evidence, and the household the key named keeps its row.
                keysNamingAnotherHousehold += 1
                notes.append(LoadNote(recordNumber: c.recordNumber, key: c.recordKey, rule: "record_key_reused",
                    message: "this key named another household before (another head at another place); the record was linked by its own evidence. Does the key number rows?"))
            } else if HouseholdWriter.compatible(row, c), !holderLeftDwelling(row, c, compoundID: compoundID) {
                let rule = String.fromDatabaseValue(extra[0]) ?? "same_source_record"
                let score = Double.fromDatabaseValue(extra[1]) ?? 0.95
                // Unchanged since it was loaded: no new evidence, so no other rule can say more. Unless its evidence
                // fitted several households and it got one of its own: the households it fitted may tell it apart
                // now, and while they do not, its warning stays (also in a forced reload).
                if offeredUnchanged(extra[2], digest: digest, values: values) {
                    unchangedRecord = true
                    guard rule == "ambiguous" else { return (row, rule, score) }
                }
                if rule == "ambiguous" { ownAmbiguous = row.id }
                matches.append((row, rule, score))
            } else if !HouseholdWriter.compatible(row, c) {
                // Another valid ID than the household's: a new head, if the household listed him or her as a
                // member (`member_id` below); else the record moves, and takes along the values it offered then.
                headChangedIn = row
                leftOffered = extra[2]
            } else {
                movedFrom = row.id
                leftOffered = extra[2]
            }
        }
        var headHousehold: StoredHousehold?
        if let hash = c.headIDHash, known?.mayHave(idHash: hash) ?? true,
           let (row, _) = try StoredHousehold.fetchOne(bound(byIDHash, hash)) {
            matches.append((row, "id_hash", 1.0))
            headHousehold = row
        }
        // The head died or moved out, and a member took over with his or her own ID: the same household with a new
        // head, unless a household of that head exists already (then the record moves to it, as before).
        if let old = headChangedIn {
            if headHousehold == nil, let (rule, score) = try newHeadIsMember(of: old, c, values: values, byKey: true) {
                matches.insert((old, rule, score), at: 0)
            } else {
                movedFrom = old.id
            }
        } else if headHousehold == nil, matches.isEmpty, earlierExports.isEmpty {
            matches += try householdsListingHead(c, values: values, keyIsStable: keyIsStable)
        } else if headHousehold == nil, matches.isEmpty {
            // Another file of this run holds the key for a household of another head (a catch-up run loading several
            // nights' registry files): when that household listed this record's head as a member, the head changed
            // between the files, and this record is the later export of that household's record.
            for export in earlierExports where !HouseholdWriter.compatible(export.row, c) {
                if let (rule, score) = try newHeadIsMember(of: export.row, c, values: values, byKey: true) {
                    matches.append((export.row, rule, score))
                    break
                }
            }
        }
        // The households holding the record's phone, read once: for the phone+name rule, and to learn whether the
        // phone is a shared one (a grid worker's or village committee's phone entered for many households), which
        // is no evidence of any of them.
        var phoneRows: [StoredHousehold] = []
        if let phone = c.phoneHash, !sharedPhones.contains(phone), known?.mayHave(phoneHash: phone) ?? true {
            phoneRows = try StoredHousehold.fetchAll(bound(byPhone, phone)).sorted { $0.id < $1.id }
            if Set(phoneRows.compactMap(\.headName)).count >= HouseholdWriter.sharedPhoneNames {
                sharedPhones.insert(phone)
                phoneRows = []
            }
        }
        recordPhoneIsShared = c.phoneHash.map(sharedPhones.contains) ?? false
        // Households one rule's evidence fits equally well (a father and his son of one name at one door, each the
        // head of his own household after 分户): the one the record's other evidence agrees with, else none.
        var ambiguous: (rule: String, ids: [String])?
        func take(_ fits: [StoredHousehold], rule: String, score: (StoredHousehold) -> Double) {
            let fits = fits.filter { $0.id != ownAmbiguous }
            guard !fits.isEmpty else { return }
            guard let (row, evidence, doubt) = breakTie(fits, values: values, name: c.headName) else {
                if ambiguous == nil { ambiguous = (rule, fits.map(\.id)) }
                return
            }
            matches.append((row, evidence.map { "\(rule):tie_broken_by_\($0)" } ?? rule, ((score(row) - doubt) * 100).rounded() / 100))
        }
        let nameScore = { (name: String) in { (row: StoredHousehold) in row.headName == name ? 0.95 : 0.85 } }
        if let compoundID, let room = c.room, let name = c.headName,
           known?.mayHave(compoundID: compoundID, building: c.building, unit: c.unit, room: room) ?? true {
            byRoom.bind(1, compoundID); byRoom.bind(2, c.building); byRoom.bind(3, c.unit); byRoom.bind(4, room)
            let rows = try StoredHousehold.fetchAll(byRoom).sorted { $0.id < $1.id }
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: true), rule: "address+name", score: nameScore(name))
        }
        // The same dwelling and phone whatever the name; an account holder's record by its dwelling.
        matches += try dwellingEvidence(c, compoundID: compoundID)
        // A dwelling without a compound: the same normalized address, placed at a township or finer, at a door and
        // the room there if the record gives one (王宽村1组60号附1号402室: another room is another household). A
        // villager's door (墨冲村3组15号, 东山社区12号, 王宽村7组村委会旁) with a head name as for a room; a road's
        // door number (中华北路123号), often a whole building of households, only with the same name.
        if compoundID == nil, let address = c.address, let door = HouseholdWriter.door(of: address, room: c.room),
           let name = c.headName, let region = c.regionCode, CompoundRegistry.significantPrefix(region).count >= 9 {
            let rows = try StoredHousehold.fetchAll(bound(byDoor, address)).sorted { $0.id < $1.id }
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            // At a road's door number (often a whole building), only the same name.
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: HouseholdWriter.isVillageDoor(door)),
                 rule: "address+name", score: nameScore(name))
        }
        if let name = c.headName, !phoneRows.isEmpty {
            let compatible = phoneRows.filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            // The same name at another dwelling is the same head, moved or corrected; a name one character away at
            // another dwelling is someone else sharing the phone (李建国 and his son 李建军 two floors up), and so
            // is one in a household the record's own file lists as another record (brothers sharing the home phone).
            var fits = compatible.filter { $0.headName == name }
            if fits.isEmpty {
                fits = try compatible.filter {
                    HouseholdWriter.similarNames($0.headName, name) && !HouseholdWriter.otherDwelling($0, c, compoundID: compoundID)
                }.filter { try !listsApart($0, c) }
            }
            take(fits, rule: "phone+name", score: { _ in 0.8 })
        }
        if !earlierExports.isEmpty {
            // A record under a key another file holds: the same record exported again when its evidence leads to
            // that file's household, which it then updates as the key's record of a later night would.
            let earlier = try earlierExport(among: earlierExports, linkedTo: matches.map(\.row.id), c, compoundID: compoundID)
            replacedBatch = earlier.flatMap { String.fromDatabaseValue($0.1[6]) }
            if marksSighting, earlierExports.contains(where: {
                Int.fromDatabaseValue($0.extra[4]) == runID && String.fromDatabaseValue($0.extra[6]) != replacedBatch
            }) {
                // Another file of this run holds the key for another household: the key is not unique across files.
                keysRepeatedAcrossFiles += 1
                notes.append(LoadNote(recordNumber: c.recordNumber, key: c.recordKey, rule: "record_key_shared",
                    message: "another file of this source loaded in this run holds this key for another household (another head, not listed as a member of it); the record was linked by its own evidence (a record_key must name one household across all the source's files)"))
            }
            if let (row, extra) = earlier {
                if keyed.count == 1 { keepsOtherBatches = false }
                let rule = String.fromDatabaseValue(extra[0]) ?? "same_source_record"
                let score = Double.fromDatabaseValue(extra[1]) ?? 0.95
                if offeredUnchanged(extra[2], digest: digest, values: values) {
                    unchangedRecord = true
                    return (row, rule, score)
                }
                matches.insert((row, rule, score), at: 0)
            }
        }
        guard let primary = matches.first else {
            if let movedFrom { try recordRelink(c, from: movedFrom, to: nil) }
            if let ambiguous {
                // Not a guess by id order: the record gets a household of its own (see `load`), and a warning.
                ambiguousFit = ambiguous
                return (nil, "ambiguous", 0.5)
            }
            return (nil, "new", 1.0)
        }
        var survivor = primary.row
        var seen: Set<String> = [survivor.id]
        var (rule, score) = (primary.rule, primary.score)
        for match in matches.dropFirst() {
            guard seen.insert(match.row.id).inserted, HouseholdWriter.sameIdentityPossible(survivor, match.row),
                  try !listedApart(survivor.id, match.row.id) else { continue }
            survivor = try merge(survivor, match.row, rule: match.rule)
            // A record kept in the household of its own that an ambiguity gave it, whose evidence now leads to one of
            // the households it could not be told from: it is linked by that evidence.
            if rule == "ambiguous" {
                (rule, score) = (match.rule, match.score)
                if unchangedRecord {
                    // It brings nothing new: what it offered before takes nothing over now.
                    unchangedRecord = false
                    offeredBefore = digest
                }
            }
        }
        if rule == "ambiguous", ownAmbiguous != nil { ambiguousFit = ambiguous }
        if let movedFrom, movedFrom != survivor.id { try recordRelink(c, from: movedFrom, to: survivor.id) }
        return (survivor, rule, score)
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

    /// Ids come from the strongest evidence the first record carried, so they never depend on order or run. The
    /// head's name counts simplified (張伟 and 张伟 mint one id).
    static func newID(for c: HouseholdCandidate, compoundID: String?) -> String {
        if let hash = c.headIDHash { return StableID.make(prefix: "h", from: "id:\(hash)") }
        let place = [compoundID, c.building, c.unit, c.room, c.address].map { $0 ?? "" }.joined(separator: "|")
        let name = c.headName.map(HeadName.simplified) ?? ""
        return StableID.make(prefix: "h", from: "place:\(place)|\(name)|\(c.phoneHash ?? "")")
    }

    /// Closes the current history version and opens one with the household's present values
    /// (or rewrites this run's version when the household changed twice in one run).
    func writeHistory(_ householdID: String) throws {
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

/// A warning the load stage found about one record (its key), written to `etl_reject` with the record's batch.
struct LoadNote {
    var recordNumber: Int
    var key: String
    var rule: String
    var message: String
    /// The field the warning is about (nil for none), unless `aboutKey`.
    var field: String?
    /// The value shown: the key when `aboutKey`.
    var value: String?
    /// Whether the warning is about the record's key (`record_key_reused`, `record_key_shared`): its field is the
    /// batch's `record_key` field, its value the key.
    var aboutKey: Bool

    /// A warning about the record's key.
    init(recordNumber: Int, key: String, rule: String, message: String) {
        self.init(recordNumber: recordNumber, key: key, rule: rule, message: message, field: nil, value: key)
        aboutKey = true
    }

    init(recordNumber: Int, key: String, rule: String, message: String, field: String?, value: String?) {
        self.recordNumber = recordNumber
        self.key = key
        self.rule = rule
        self.message = message
        self.field = field
        self.value = value
        aboutKey = false
    }
}
