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
/// instead (`dwellingEvidence`), its name and ID are never the head's, and its phone replaces no phone another source
/// gave (an organisation's record offers none). Where one rule fits several households
/// equally, the record's other evidence picks one (`breakTie`), else none. Two different valid IDs are never merged,
/// unless the record's head is a member a record of the household listed (`newHeadIsMember`: the head died or moved
/// out, and the spouse or a son took over with his or her own ID), or the record lists the household's head as a member at
/// its place (`householdListedAsMember`: the spouse's 民政 case), and a masked ID that visibly differs from a household's keeps the record out of it by name (`maskedIDDiffers`).
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
    /// The columns whose `survivorship:` ranking changed since the warehouse's values were decided (warehouse column
    /// names, as `survivorship` keys them): a record of a source now ranked above a column's owner takes the column
    /// even when it offers its value again unchanged (`outrankedPositions`). Empty on an ordinary night, when an
    /// unchanged value takes nothing over.
    var rerankedColumns: Set<String> = []
    /// Source → the flag values its silence gives (its `absent_means:`): what a whole list's record it stopped
    /// naming still says (see `settleConflicts`).
    var silenceMeans: [String: [String: Bool]] = [:]

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
    /// Hashes a person's name as the normalize stage hashes the names of a record's members (`household_member` of
    /// kind `name`, under the pipeline's key), or nil for a name it does not hash; nil when the load has no key.
    var memberNameHash: ((String) -> String?)?
    /// Phone hashes shared by many households (a grid worker's or village committee's phone entered for every
    /// elderly household): held by households of `sharedPhoneNames` or more different head names in the warehouse,
    /// or carried by records of as many head names in a batch of this load (`noteSharedPhones`). Such a phone is no
    /// evidence: it links no record, breaks no tie, and does not replace a household's own phone.
    var sharedPhones: Set<String> = []
    /// How many different head names make a phone a shared one.
    static let sharedPhoneNames = 3
    /// Set by `link` when the record's phone is a shared one (`sharedPhones`).
    var recordPhoneIsShared = false
    /// The persons the linked records of the batch being loaded named, by the hash of their record key (`notePersonOfRow`,
    /// at most `fileRowPersonsKept`): a later
    /// row about the same person at the same dwelling (a list of one row per child) is not listed apart from them.
    var fileRowPersons: (batchID: String?, byKey: [Int: FileRowPerson]) = (nil, [:])
    /// The compound the record being loaded is resolved to (set by `load`), for `personRepeatedInFile`.
    var compoundOfRecord: String?
    /// Set by `link` when one rule's evidence fitted several households equally and nothing told them apart (and
    /// nothing else linked the record): the rule and the households' ids, for the `ambiguous_household` warning.
    var ambiguousFit: (rule: String, ids: [String])?
    /// Records that got a household of their own because their evidence fitted several equally (`ambiguousFit`).
    /// The load stage counts them as warnings.
    var ambiguousRecords = 0

    /// Life events the linking found so far, for the run's summary (the load stage counts them per batch): records
    /// that moved to another household (`household_relink`), households whose head ID, as an earlier run left it, a
    /// record replaced (a new head, see `headBeforeThisRun`), households merged into another (`household_alias`), and
    /// new households whose head a record listed as a member of another household (分户, `headWasListedAsMember`).
    var relinkedRecords = 0, headChanges = 0, mergedHouseholds = 0, splitHouseholds = 0
    /// The member IDs this run's records stopped listing (`forgetUnlistedMembers`): a 分户 son's own 户 may come later.
    var unlistedMemberIDs: Set<String> = []

    /// For a source without a stable key: its previous delivery's records by `record_digest` (see
    /// `earlierIdenticalRecord`), read once for the batch being loaded.
    var earlierRecords: (batchID: String, households: [Data: EarlierRecord?])?
    /// The households whose flag a record of the batch being loaded turned from yes to no (see `unionFlagsOfBatch`).
    var flagsLowered: (batchID: String?, households: Set<String>) = (nil, [])

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
    let addOwnedColumns, setOwnedColumns, dropOwner, upsertMember: RowInserter
    /// The households of the room `householdsInRoom` read last, while `link` weighs one record (it writes nothing
    /// until it has weighed all the evidence): the room and name rule and the dwelling rules ask for the same room.
    var roomRead: (compoundID: String, building: String?, unit: String?, room: String, rows: [StoredHousehold])?
    /// The household UPDATEs prepared so far, by the `ColumnSet` bits of the columns they set (`updateStatement`).
    private var preparedUpdates: [Int: RowInserter] = [:]
    /// Bloom filters over the warehouse's evidence while a load is large against it (see `expect`), else nil.
    var known: KnownEvidence?
    /// The official names of the regions, to read the door an address writes after them (`householdsAtAreaDoor`).
    var regionNames: RegionNames?
    /// The households of an area of houses at a door (`householdsAtAreaDoor`): area, address, the same door without it.
    let byAreaDoor: RowQuery
    /// Households without a compound at a building, unit and room (`householdsAtRoadFlat`).
    let byFlatWithoutCompound: RowQuery
    /// Areas of houses by township, and compound names by id (`householdsAtAreaDoor`).
    var areasByTownship: [String: [(id: String, name: String)]]?
    var compoundNames: [String: String?] = [:]
    /// A region with those containing it and those within it down to townships, by code (`householdsAtRoadDoor`).
    var roadDoorRegions: [String: [String]] = [:]

    init(db: Database, runID: Int) throws {
        self.db = db
        self.runID = runID
        let select = StoredHousehold.selectList(alias: "h")
        bySourceRecord = try RowQuery(db, sql: """
            SELECT \(select), s.match_rule, s.match_score, s.record_digest,
                   (SELECT b.file FROM etl_batch b WHERE b.batch_id = s.batch_id AND s.batch_id <> ?4) AS newer_file,
                   (SELECT b.last_run_id FROM etl_batch b WHERE b.batch_id = s.batch_id AND s.batch_id <> ?4) AS other_run,
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
        byAreaDoor = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.compound_id = ?1 AND h.building IS NULL AND h.unit IS NULL AND h.address IN (?2, ?3)
            """)
        // Through the room index (compound_id, building, unit, room), compound_id IS NULL.
        byFlatWithoutCompound = try RowQuery(db, sql: """
            SELECT \(select) FROM dwd_household h
            WHERE h.compound_id IS NULL AND h.building IS ?1 AND h.unit IS ?2 AND h.room = ?3
            """)
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
        upsertMember = try RowInserter(db, sql: """
            INSERT INTO household_member (household_id, kind, member_hash, source_id, last_seen_run) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(household_id, kind, member_hash, source_id) DO UPDATE SET last_seen_run = excluded.last_seen_run
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

    /// The columns of a household's place, which survive as a group: the address and dwelling columns and the region.
    static let wholePlacePositions = placePositions.union([regionPosition])

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
        // quarter of headroom instead of double saved 10 MB and cost 30 s). The outgrown filters go first, so the
        // old and the new are never in memory together.
        known = nil
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
        compoundOfRecord = compoundID
        var values = HouseholdWriter.values(of: c, compoundID: compoundID)
        let digest = HouseholdWriter.columnDigests(values)
        var (existing, rule, score) = try link(c, compoundID: compoundID, keyIsStable: keyIsStable, values: values,
                                               digest: digest)
        HouseholdWriter.withholdMembersName(&values, linkedTo: existing, by: rule,
                                            namesHeadInstead: try rule == "address+phone" && namesHeadInstead(of: existing, c))
        // The same record with the same values as when it was loaded (a full export sent again, a forced
        // reload): it is seen again, but it brings nothing to take over, merge or record in history.
        if supersededRecord, let existing {
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        // Unless its source now ranks above the owner of a value it offers, in a column whose ranking changed since
        // the value was decided: it is then weighed as a changed record is, and takes those columns over.
        if unchangedRecord, let existing, !rerankedColumns.isEmpty,
           try !outrankedPositions(values, existing: existing, ownerAt: ownersByPosition(of: existing.id),
                                   source: c.sourceID).isEmpty {
            unchangedRecord = false
            offeredBefore = digest
        }
        if unchangedRecord, let existing {
            noteAmbiguity(c, rule: rule, householdID: existing.id)
            if marksSighting, existing.lastSeenRun != runID {
                markSeen.bind(1, runID); markSeen.bind(2, existing.id)
                try markSeen.execute()
            }
            try recordSource(c, householdID: existing.id, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
            try rememberMembers(of: c, householdID: existing.id, rule: rule)
            notePersonOfRow(c, compoundID: compoundID)
            return LinkOutcome(entityID: existing.id, rule: rule, score: score, changed: false)
        }
        var newID = HouseholdWriter.newID(for: c, compoundID: compoundID)
        // Evidence that would mint an id already merged away leads to the household that absorbed it.
        if existing == nil, known?.mayHave(aliasID: newID) ?? true, let (row, _) = try StoredHousehold.fetchOne(bound(byAlias, newID)),
           HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "alias"
            score = 1.0
        }
        // The same evidence twice (a repeated row, or a keyless source's record again) mints the same id: it is
        // the same household.
        if existing == nil, let (row, _) = try (known?.mayHave(id: newID) ?? true ? StoredHousehold.fetchOne(bound(byID, newID)) : nil)
            ?? (known?.mayHave(aliasID: newID) ?? true ? StoredHousehold.fetchOne(bound(byAlias, newID)) : nil),
           !HouseholdWriter.compatible(row, c) {
            // The id this record's head ID mints names a household whose head changed since, or one merged into
            // another household (the head handed over to a member, or joined another 户, then registered a
            // household of his or her own): the new household gets an id of its own.
            newID = StableID.make(prefix: "h", from: "\(newID)|after:\(row.headIDHash ?? "")")
        }
        if existing == nil, known?.mayHave(id: newID) ?? true, let (row, _) = try StoredHousehold.fetchOne(bound(byID, newID)),
           HouseholdWriter.compatible(row, c) {
            if keyIsStable, try fileListsApart(row.id, c), try !personRepeatedInFile(row.id, c) {
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
            // Whether this source set the head's ID earlier in this run (read before survivorship takes it over).
            var headSetBySourceThisRun = false
            if existing.headIDHash != nil, !values[HouseholdWriter.idPosition].isNull,
               values[HouseholdWriter.idPosition] != existing.values[HouseholdWriter.idPosition],
               let owner = try fieldOwnership(of: householdID).first(where: { $0.columns.contains(HouseholdWriter.idPosition) }) {
                headSetBySourceThisRun = owner.source == c.sourceID && owner.run == runID
            }
            var updates = try survivingUpdates(values, existing: existing, householdID: householdID, source: c.sourceID)
            // What the household is updated with: the record's values, but a kept address named after its finer region.
            var written = values
            if let address = try addressNamingRefinedRegion(existing.values, updates: updates, offered: values) {
                written[HouseholdWriter.addressPosition] = address.databaseValue
                updates = (updates + [HouseholdWriter.addressPosition]).sorted()
            }
            if updates.contains(HouseholdWriter.idPosition) { replacedHead = existing.headIDHash }
            if let replacedHead, try headSetBySourceThisRun || headBeforeThisRun(of: householdID) == replacedHead {
                headChanges += 1
            }
            if !updates.isEmpty {
                changed = updates.contains { $0 < HouseholdWriter.trackedCount }
                let update = try updateStatement(setting: updates)
                for (parameter, index) in updates.enumerated() { update.bind(Int32(parameter + 1), written[index]) }
                update.bind(Int32(updates.count + 1), householdID)
                try update.execute()
                var updated = existing.values
                for index in updates { updated[index] = written[index] }
                remember(id: householdID, values: updated)
                noteFlagsLowered(householdID, batchID: c.batchID, updates: updates, written: written, stored: existing.values)
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
            if let head = c.headIDHash, try headWasListedAsMember(head) { splitHouseholds += 1 }
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
        notePersonOfRow(c, compoundID: compoundID)
        // A household first seen in this run (a first night's second feed) holds only member rows this run wrote,
        // as one it absorbed does (the older survives): no earlier rows to forget.
        try rememberMembers(of: c, householdID: householdID, rule: rule, replacedHead: replacedHead,
                            madeNow: existing.map { $0.firstSeenRun == runID } ?? true)
        // What this record offers now, and the household's values now, may settle a disagreement recorded before.
        if existing != nil { try settleConflicts(of: householdID) }
        if let left = leftHousehold, left != householdID {
            // A household left with records keeps only what they offer; one left with none is retired (or kept as
            // it was last described, `retireIfEmpty`), its values as they stood: no version for a state it never ends a run in.
            if try holdsRecords(left) {
                try releaseUnsupportedID(of: left)
                try releaseValues(of: left, offered: leftOffered, by: c.sourceID)
                try settleConflicts(of: left)
            } else {
                try retireIfEmpty(left, into: householdID)
            }
        }
        return LinkOutcome(entityID: householdID, rule: rule, score: score, changed: changed)
    }

    /// The UPDATE of a household's `columns` (positions in `insertColumns`, ascending, then the id), prepared once
    /// per set of columns: a known household's record changes the same few sets again and again.
    func updateStatement(setting columns: [Int]) throws -> RowInserter {
        let key = ColumnSet(columns).bits
        if let prepared = preparedUpdates[key] { return prepared }
        let assignments = columns.map { "\(HouseholdWriter.insertColumns[$0]) = ?" }.joined(separator: ", ")
        let prepared = try RowInserter(db, sql: "UPDATE dwd_household SET \(assignments) WHERE household_id = ?")
        preparedUpdates[key] = prepared
        return prepared
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
        // A key no batch of the source loaded before has no other row to drop.
        let loadedBefore = known?.mayHave(sourceID: c.sourceID, recordKey: c.recordKey) ?? true
        if loadedBefore, keyIsStable, !keepsOtherBatches {
            dropOtherBatches.bind(1, c.sourceID); dropOtherBatches.bind(2, c.recordKey); dropOtherBatches.bind(3, c.batchID)
            try dropOtherBatches.execute()
        } else if loadedBefore, keyIsStable, let file = currentBatchFile {
            dropSameFileBatches.bind(1, c.sourceID); dropSameFileBatches.bind(2, c.recordKey)
            dropSameFileBatches.bind(3, c.batchID); dropSameFileBatches.bind(4, file); dropSameFileBatches.bind(5, replacedBatch)
            try dropSameFileBatches.execute()
        }
        insertSource.bind(1, householdID); insertSource.bind(2, c.sourceID); insertSource.bind(3, c.recordKey)
        insertSource.bind(4, c.batchID); insertSource.bind(5, rule); insertSource.bind(6, score)
        insertSource.bind(7, digest.databaseValue)
        try insertSource.execute()
        known?.addRecord(sourceID: c.sourceID, key: c.recordKey)
    }

    /// The head's ID hash household `householdID` had when the last run before this one ended (its history
    /// version from an earlier run); nil for a household this run made. A record replacing that head is a new head
    /// (the head died or moved out), counted for the run's summary, and so is one replacing the head its own
    /// source's earlier file set in this run (a catch-up run loading two nights' registry files); one replacing
    /// a head another source set this run is not: two feeds naming different heads of one family the same night
    /// (the census the wife, the registry the husband, on the household's first night) are no life event.
    func headBeforeThisRun(of householdID: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT head_id_hash FROM dwd_household_history WHERE household_id = ? AND valid_from_run < ?
            ORDER BY valid_from_run DESC LIMIT 1
            """), arguments: [householdID, runID])
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
