import Foundation
import Crypto
import GRDB
import RongtongStaging

/// Everything one load writes, inside the warehouse transaction `Warehouse.load` opened.
///
/// Call `registerSources`/`registerRegions`, then `loadHousehold` per candidate and `recordBatch` per batch;
/// summaries are rebuilt when the session finishes, in the same transaction.
public final class LoadSession {
    let db: Database
    public let runID: Int
    let compounds: CompoundRegistry
    let households: HouseholdWriter
    let facilities: FacilityWriter
    let compoundRows: CompoundWriter
    let summary: CompoundSummary
    let regions: RegionNames
    var rejectInsert: RowInserter

    init(db: Database, runID: Int) throws {
        self.db = db
        self.runID = runID
        regions = RegionNames(db: db)
        compounds = try CompoundRegistry(db: db, runID: runID, regions: regions)
        households = try HouseholdWriter(db: db, runID: runID)
        households.regionNames = regions
        facilities = FacilityWriter(db: db, runID: runID)
        compoundRows = CompoundWriter(db: db, compounds: compounds, regions: regions)
        // The compound pins the region of the households and facilities loaded before it was known there.
        compounds.regionRefined = { [households, facilities, regions] compoundID, region in
            try households.pinRegion(ofHouseholdsIn: compoundID, to: region, regions: regions)
            try facilities.pinRegion(ofFacilitiesIn: compoundID, to: region, regions: regions)
        }
        summary = try CompoundSummary(db: db)
        rejectInsert = try RowInserter(db, sql: """
            INSERT INTO etl_reject (run_id, batch_id, source_id, record_number, field, rule, severity, value,
                                    message, line, record_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // A compound spelled anew (州供销社宿舍 for 供销社宿舍) is written so in the addresses loaded after.
        compounds.renamed = { [weak self] compoundID in self?.compoundNames[compoundID] = nil }
        compounds.typoTaken = { [weak self] written, compound, township in
            self?.noteCompoundTypo(written: written, compound: compound, township: township)
        }
    }

    /// The (written name, township) of the one-character typos the batch being loaded was warned of, so each is
    /// warned of once a batch.
    var typosWarned = Set<String>()

    /// How many `compound_typo` warnings the load wrote so far (a name taken for a typo of a neighbour's).
    public private(set) var compoundTyposWarned = 0

    /// Warns (`compound_typo`, about the batch) that a name was taken for a one-character typo in the stem of a
    /// compound of its township, naming both spellings: two real compounds may look so (碧水苑 / 碧云苑).
    private func noteCompoundTypo(written: String, compound: String, township: String) {
        guard typosWarned.insert(written + "|" + township).inserted else { return }
        let place = (try? String.fetchOne(db, sql: "SELECT name FROM dim_region WHERE code = ?",
                                          arguments: [township + "000"])) ?? nil
        noteBatchWarning(rule: "compound_typo", value: written, message: """
            \(place ?? township): \(written) was taken for a misspelling of \(compound), a compound of the township one \
            character away, and its records placed there; the spelling is written by fewer than \(CompoundRegistry.establishedDwellings) \
            dwellings of this file. If they are two compounds, list both in the housing department's compound list
            """)
        compoundTyposWarned += 1
    }

    /// Fills `dim_region` from the reference divisions when it differs from them, and tells the compound registry how
    /// counties and prefectures are written (`RegionRow.writtenNames`).
    public func registerRegions(_ regions: [RegionRow]) throws {
        for region in regions where !region.writtenNames.isEmpty {
            compounds.divisionNames[region.code] = region.writtenNames
        }
        self.regions.spell(regions.compactMap { region in
            region.addressName.flatMap { $0 == region.name ? nil : (region.code, $0) }
        })
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dim_region") ?? 0
        guard count != regions.count else { return }
        try db.execute(sql: "DELETE FROM dim_region")
        let insert = try RowInserter(db, sql: "INSERT INTO dim_region (code, name, level, parent_code) VALUES (?, ?, ?, ?)")
        for region in regions {
            insert.bind(1, region.code); insert.bind(2, region.name); insert.bind(3, region.level)
            insert.bind(4, region.parentCode)
            try insert.execute()
        }
    }

    /// Upserts the pipeline's sources into `dim_source`.
    public func registerSources(_ sources: [SourceRow]) throws {
        for source in sources {
            try db.execute(sql: """
                INSERT INTO dim_source (source_id, owner, kind, format, entity) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(source_id) DO UPDATE SET owner = excluded.owner, kind = excluded.kind,
                    format = excluded.format, entity = excluded.entity
                """, arguments: [source.sourceID, source.owner, source.kind, source.format, source.entity])
        }
    }

    /// How many household records so far had a key that named another household before (another head at another
    /// place): they were linked by their own evidence, not by the key.
    public var keysNamingAnotherHousehold: Int { households.keysNamingAnotherHousehold }

    /// The source field of the batch's record keys (`record_key:`), named in the warnings linking writes.
    public var recordKeyField: String?

    /// Whether the batch's household records name an account holder, not the head (`record_names: account_holder`):
    /// each is linked by its dwelling, and its name and ID are never the head's.
    public var recordsNameAccountHolder: Bool {
        get { households.namesAccountHolder }
        set { households.namesAccountHolder = newValue }
    }

    /// Hashes a person's name as the normalize stage hashed the names of a record's members (the pipeline's key), so
    /// that a record listing the household's head among its members by name is known as the same family.
    public var memberNameHash: ((String) -> String?)? {
        get { households.memberNameHash }
        set { households.memberNameHash = newValue }
    }

    /// How many household records so far had a key that another file loaded in this run holds for another household:
    /// linked by their own evidence, not by the key.
    public var keysRepeatedAcrossFiles: Int { households.keysRepeatedAcrossFiles }

    /// Life events the household linking found so far: records moved to another household (`household_relink`),
    /// new heads (a record's ID replaced the head ID its household had after the earlier runs), and households
    /// merged into another.
    public var householdEvents: (relinked: Int, newHeads: Int, merged: Int, split: Int) {
        (households.relinkedRecords, households.headChanges, households.mergedHouseholds, households.splitHouseholds)
    }

    /// 合户: after a delivery of a household source with a stable key loaded (`batchIDs`, its files this run loaded),
    /// merges each household whose head the delivery lists as a member of another, and that the source no longer
    /// delivers (in these batches nor in `alsoDelivering`'s: nil when the delivery is not known in full), into the
    /// one listing the head (see `HouseholdWriter.absorbHouseholdsListedAsMembers`). Returns how many merged.
    public func absorbHouseholdsListedAsMembers(sourceID: String, batchIDs: [String],
                                                alsoDelivering: () throws -> [String]?) throws -> Int {
        try households.absorbHouseholdsListedAsMembers(sourceID: sourceID, batchIDs: batchIDs, alsoDelivering: alsoDelivering)
    }

    /// How many household records so far fitted several households equally, with nothing to tell them apart: each
    /// got a household of its own and an `ambiguous_household` warning.
    public var ambiguousHouseholdRecords: Int { households.ambiguousRecords }

    /// How many different head names make a phone a shared one (a grid worker's phone entered for many households).
    public static var sharedPhoneNames: Int { HouseholdWriter.sharedPhoneNames }

    /// Phones the batch about to be loaded carries for that many different head names or more (see
    /// `sharedPhoneNames`): for the rest of this load they are no linking evidence and replace no household's phone.
    public func noteSharedPhones(_ phoneHashes: [String]) {
        households.sharedPhones.formUnion(phoneHashes)
    }

    /// Links a household candidate to the warehouse (or creates its household) and records provenance.
    /// `keyIsStable` says the source declares a record key: only then does a record keep the household its key
    /// had before (a bare record number means nothing across files).
    @discardableResult
    public func loadHousehold(_ candidate: HouseholdCandidate, keyIsStable: Bool = true) throws -> LinkOutcome {
        var candidate = candidate
        var compoundID: String?
        var compoundRegion: String?
        if let name = candidate.compoundName {
            // A name several townships share, in a record that names no township (a grid app's 小区 column): the
            // one namesake where this household already lives (same room, a similar name or the same phone).
            // Without one, the name stands for a compound of its own at the record's coarser region.
            var home: (id: String, region: String?)?
            if candidate.room != nil {
                let namesakes = try compounds.finerNamesakes(name: name, regionCode: candidate.regionCode)
                let homes = try namesakes.filter { try households.livesAt(compoundID: $0.id, candidate) }
                if homes.count == 1 { home = homes[0] }
            }
            let compound = try home ?? compounds.compoundID(name: name, regionCode: candidate.regionCode)
            compoundID = compound.id
            compoundRegion = compound.region
            compounds.noteSighting(compound.id)
            if home == nil, candidate.room != nil {
                try moveFromCoarserNamesake(to: compound, name: name, candidate)
            }
            // The compound pins the household's region when the address left the lower levels out, and the
            // address gains their names.
            if let finer = compound.region, let own = candidate.regionCode,
               CompoundRegistry.significantPrefix(finer).hasPrefix(CompoundRegistry.significantPrefix(own)) {
                if finer != own { candidate.address = try regions.rebase(candidate.address, from: own, to: finer) }
                candidate.regionCode = finer
            } else if candidate.regionCode == nil {
                candidate.regionCode = compound.region
            }
            candidate.address = try spellCompound(in: candidate.address, as: compound.id, written: name,
                                                  after: candidate.regionCode)
        }
        let outcome = try households.load(candidate, compoundID: compoundID, keyIsStable: keyIsStable)
        // The record gave the household it joined its compound, and a higher-ranked source's coarser region stayed:
        // the compound pins the region there too.
        if outcome.changed, outcome.rule != "new", let compoundID, let compoundRegion {
            try households.pinRegion(ofHousehold: outcome.entityID, in: compoundID, to: compoundRegion, regions: regions)
        }
        return outcome
    }

    /// A record naming its flat in a township's compound, where a household of that flat was put in a compound of the
    /// name made up above the township (a grid record naming no township, the name fitting several townships): the
    /// household moves to the township's compound, its address gaining the finer levels, as had this record loaded
    /// first (see `HouseholdWriter.moveToFinerNamesake`). Nothing when no or several households of the made-up
    /// compounds live at the flat.
    private func moveFromCoarserNamesake(to compound: (id: String, region: String?), name: String,
                                         _ candidate: HouseholdCandidate) throws {
        let coarser = try compounds.coarserNamesakes(of: compound, name: name)
        guard !coarser.isEmpty else { return }
        let found = try coarser.compactMap { namesake in
            try households.householdAtDwelling(inCoarser: namesake.id, candidate).map { (namesake, $0) }
        }
        guard found.count == 1, let (namesake, household) = found.first else { return }
        var address = String.fromDatabaseValue(household.values[HouseholdWriter.addressPosition])
        if let coarse = String.fromDatabaseValue(household.values[HouseholdWriter.regionPosition]),
           let finer = compound.region,
           HouseholdWriter.liesWithin(finer.databaseValue, coarse.databaseValue) {
            address = try regions.rebase(address, from: coarse, to: finer)
            let written = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_compound WHERE compound_id = ?"),
                                              arguments: [namesake.id]) ?? name
            address = try spellCompound(in: address, as: compound.id, written: written, after: finer)
        }
        try households.moveToFinerNamesake(household, to: compound.id, region: compound.region, address: address)
        // The made-up compound, once empty, leaves `dim_compound` at the end of the load (`dropUnusedCompounds`): an id an
        // earlier run showed still resolves to where its households went. One made up in this load was never seen.
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO compound_merged (compound_id, merged_into, name, region_code, merged_run)
            SELECT compound_id, ?, name, region_code, ? FROM dim_compound WHERE compound_id = ? AND first_seen_run < ?
            """).execute(arguments: [compound.id, runID, namesake.id, runID])
    }

    /// Compound names by id, for `spellCompound`.
    private var compoundNames: [String: String] = [:]

    /// `address` with the compound written as `dim_compound` names it (东升 → 东升小区, 温馨苑小区 → 温馨苑), where it
    /// follows the region's names or a road and door number after them (`北京路45号化工厂宿舍`): the same dwelling
    /// reads the same in every feed, and feeds do not disagree on spelling. An address that already has the official
    /// name where the written one stands (written 东升, address 东升小区…) is left as it is.
    private func spellCompound(in address: String?, as compoundID: String, written: String, after region: String?) throws -> String? {
        guard let address else { return nil }
        if compoundNames[compoundID] == nil {
            if compoundNames.count >= CompoundRegistry.memoLimit { compoundNames = [:] }
            compoundNames[compoundID] = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_compound WHERE compound_id = ?"),
                                                            arguments: [compoundID]) ?? written
        }
        guard let official = compoundNames[compoundID], official != written else { return address }
        let prefix = try region.flatMap { try regions.fullName($0) } ?? ""
        guard address.hasPrefix(prefix) else { return address }
        let rest = address.dropFirst(prefix.count)
        // The compound stands right before the dwelling, so after any road that holds its name (温馨路温馨苑).
        guard let found = rest.range(of: written, options: .backwards) else { return address }
        let here = rest[found.lowerBound...]
        // 温馨苑 for 温馨苑小区 would be here whether or not it is spelled so; only a longer official name can already be.
        if official.count > written.count, here.hasPrefix(official) { return address }
        return prefix + rest[..<found.lowerBound] + official + rest[found.upperBound...]
    }

    /// Once every record of household batch `batchID` of `sourceID` is loaded: a flag one record of a household
    /// says yes to is yes, whatever another record of the household in the same file, or in the pages of its
    /// delivery loaded before it (`batchIDs`), says (see `HouseholdWriter.unionFlagsOfBatch`).
    public func unionFlagsOfBatch(sourceID: String, batchID: String, batchIDs: [String] = []) throws {
        try households.unionFlagsOfBatch(sourceID: sourceID, batchID: batchID, batchIDs: batchIDs)
    }

    /// After the household batches of one delivery of a source whose deliveries are its whole list (one file, or
    /// the pages of one export, `batchIDs`): the households it listed before and no longer lists get the
    /// `absent_means` values (see `HouseholdWriter.applyAbsence`). Returns how many changed.
    public func applyAbsence(sourceID: String, batchIDs: [String], absentMeans: [String: Bool], listed: Set<String>,
                             listedBefore: Set<String>) throws -> AbsenceOutcome {
        try households.applyAbsence(sourceID: sourceID, batchIDs: batchIDs, absentMeans: absentMeans, listed: listed,
                                    listedBefore: listedBefore)
    }

    /// After a household batch whose records under `keys` say their household left (`absent_when:`): those records
    /// no longer offer their values (see `HouseholdWriter.takeOut`). Returns how many records of earlier deliveries
    /// that was.
    public func takeOut(sourceID: String, keys: Set<String>) throws -> Int {
        try households.takeOut(sourceID: sourceID, keys: keys)
    }

    /// After the facility batches of one delivery of a source whose deliveries are its whole inventory: the
    /// facilities it listed before and no longer lists take the `absent_means` status (see
    /// `FacilityWriter.applyAbsence`).
    public func applyFacilityAbsence(sourceID: String, batchIDs: [String], status: String, listed: Set<String>,
                                     listedBefore: Set<String>) throws -> AbsenceOutcome {
        try facilities.applyAbsence(sourceID: sourceID, batchIDs: batchIDs, status: status, listed: listed,
                                    listedBefore: listedBefore)
    }

    /// The record keys a loaded batch of the source linked (`household_source`, or `facility_source` for
    /// `facilities`): the cases a page of a whole list, unchanged since it was loaded, still lists.
    public func recordKeys(sourceID: String, batchID: String, facilities: Bool) throws -> Set<String> {
        let table = facilities ? "facility_source" : "household_source"
        return Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT record_key FROM \(table) WHERE source_id = ? AND batch_id = ?
            """, arguments: [sourceID, batchID]))
    }

    /// The files of the source's loaded batches that sort after `file` (later deliveries), in name order.
    public func loadedFiles(sourceID: String, after file: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT file FROM etl_batch WHERE source_id = ? AND status = 'loaded' AND file > ? ORDER BY file
            """, arguments: [sourceID, file])
    }

    /// The record keys of a whole list (`absent_means:`) that its deliveries so far still list: every key it sent
    /// whose case no applied delivery withdrew since (the record still holds what it offered, its `record_digest`).
    /// Read before a new delivery loads: the guard against an incomplete delivery compares the new list with these,
    /// not with every case the list ever named.
    public func recordKeysStillListed(sourceID: String, facilities: Bool) throws -> Set<String> {
        let table = facilities ? "facility_source" : "household_source"
        return Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT record_key FROM \(table) WHERE source_id = ? AND record_digest IS NOT NULL
            """, arguments: [sourceID]))
    }

    /// What the source loaded since it last loaded batch `batchID` (this run's loads so far included), or nil when the
    /// batch was never loaded: see `Warehouse.loads(sourceID:since:)`.
    public func loads(sourceID: String, since batchID: String) throws -> LoadsSince? {
        try Warehouse.loads(db, sourceID: sourceID, since: batchID)
    }

    /// Before a batch loaded once is loaded again as a new delivery (its content came back after another delivery of
    /// its path replaced it): forgets the provenance rows of its records that no stable key names (a source without
    /// `record_key:`, or a record whose key was empty), so that each is compared with the source's previous delivery,
    /// as a new file's records are, and not with what this batch offered the first time. Keyed records keep their
    /// rows: the row of a key holds what the source last said of it.
    public func forgetUnkeyedRecords(sourceID: String, batchID: String, keyless: Bool) throws {
        for table in ["household_source", "facility_source"] {
            try db.execute(sql: """
                DELETE FROM \(table) WHERE source_id = ? AND batch_id = ? AND (? OR record_key LIKE '#%')
                """, arguments: [sourceID, batchID, keyless])
        }
    }

    /// The source's loaded batches with the file each was loaded from, in name order: for telling which of them
    /// belong to a later delivery than a file's (see `ListDelivery.isLaterDelivery`).
    public func loadedBatches(sourceID: String) throws -> [(file: String, batchID: String)] {
        try Row.fetchAll(db, sql: """
            SELECT file, batch_id FROM etl_batch WHERE source_id = ? AND status = 'loaded' ORDER BY file, batch_id
            """, arguments: [sourceID]).map { (file: $0["file"] as String, batchID: $0["batch_id"] as String) }
    }

    /// Says how many records the next batch brings, of any entity (before loading them), so that a small load
    /// rebuilds only the summaries of the compounds it touches.
    public func expectRecords(_ count: Int) throws {
        try summary.expect(count)
    }

    /// Says how many household candidates the next batch brings (before its `loadHousehold` calls), so that a
    /// large load can skip lookups that cannot find anything.
    public func expectHouseholds(_ count: Int) throws {
        try households.expect(count)
    }

    /// Makes a compound known at its (township-or-finer) region before any record is linked, so that
    /// records whose addresses stop at the prefecture find it whatever their order.
    public func registerCompound(name: String, regionCode: String?) throws {
        try compounds.register(name: name, regionCode: regionCode)
    }

    /// Says which (compound name, region) pairs the next household batch mentions, before `registerCompound`: a
    /// compound known only at its county that the batch places in two townships is not moved to either.
    public func noteCompoundMentions(_ mentions: [(name: String, regionCode: String?)]) {
        compounds.noteMentions(mentions)
    }

    /// Notes the (compound name, region) pairs the next household batch mentions with how many of its dwellings
    /// write each (`noteCompoundMentions`, and see `CompoundRegistry.isEstablished`), then registers them
    /// (`registerCompound`), the spellings several dwellings write first: the compounds it makes do not depend on
    /// the order of the batch's records.
    public func registerCompounds(_ mentions: [(name: String, regionCode: String?, dwellings: Int)]) throws {
        compounds.noteMentions(mentions.map { ($0.name, $0.regionCode) })
        compounds.noteDwellings(mentions)
        for mention in compounds.registrationOrder(mentions) {
            try compounds.register(name: mention.name, regionCode: mention.regionCode)
        }
    }

    /// The file of the batch about to be loaded (set before its records): a reload of an older file leaves the
    /// records a later file of the same source superseded alone.
    public var currentBatchFile: String? {
        get { households.currentBatchFile }
        set { households.currentBatchFile = newValue }
    }

    /// Whether records loaded now count as sightings (`last_seen_run`); false while reloading a batch already loaded.
    public var marksSighting: Bool {
        get { households.marksSighting }
        set {
            households.marksSighting = newValue
            facilities.marksSighting = newValue
            compounds.marksSighting = newValue
        }
    }

    /// Warehouse column → ranks of sources, highest first, each one or several sources of equal rank (the
    /// pipeline's `survivorship:`).
    public var survivorship: [String: [[String]]] {
        get { households.survivorship }
        set {
            households.survivorship = newValue
            facilities.survivorship = newValue
        }
    }

    /// Household source → its `absent_means:` flag values: what a whole list's silence says of a case it dropped.
    public var silenceMeans: [String: [String: Bool]] {
        get { households.silenceMeans }
        set { households.silenceMeans = newValue }
    }

    /// Facilities of the same type closer than this (metres, WGS-84) with similar names are one facility.
    public var facilityMatchDistance: Double {
        get { facilities.maxDistanceMeters }
        set { facilities.maxDistanceMeters = newValue }
    }

    /// The words that name a kind of installation (垃圾站, 公厕, 箱变): a record without a name is matched by its type
    /// label, and is not the facility of another kind next to it (see `FacilityWriter.labelFits`).
    public var facilityKindWords: [String] {
        get { facilities.kindWords }
        set { facilities.kindWords = newValue }
    }

    /// Facility type code → the words that name that type (see `FacilityWriter.typeWords`): a name is compared by
    /// what it says beyond its type.
    public var facilityTypeWords: [String: [String]] {
        get { facilities.typeWords }
        set { facilities.typeWords = newValue }
    }

    /// Type word → the installation it names (see `FacilityWriter.installationNames`): 摄像头 and 雪亮工程 name one
    /// camera, 垃圾站 and 公厕 two installations.
    public var facilityInstallationNames: [String: String] {
        get { facilities.installationNames }
        set { facilities.installationNames = newValue }
    }

    /// Words of the vocabulary that name a field, not an installation (消防, 供电; see `FacilityWriter.fieldWords`):
    /// a name saying only 消防 is no other kind than 西门消火栓.
    public var facilityFieldWords: Set<String> {
        get { facilities.fieldWords }
        set { facilities.fieldWords = Set(newValue.map(FacilityWriter.withKindsWrittenOneWay)) }
    }

    /// A facility batch's candidates in the order they are linked: those that fit a facility loaded before (another
    /// feed's, an earlier night's) first, the closest fit first (`FacilityWriter.closestFit`), then the others in
    /// file order. A record so takes the facility it fits best before a record of its own file that fits it worse
    /// can, and once one record of a file holds a facility, another record of that file joins it only by the rules
    /// for one file (see `FacilityWriter.listedApartInOneFile`): the result does not depend on the file's order.
    public func facilityLoadOrder(_ candidates: [FacilityCandidate]) throws -> [FacilityCandidate] {
        let fits = try candidates.map { try facilities.closestFit($0) }
        return candidates.indices.sorted { a, b in
            switch (fits[a], fits[b]) {
            case let (x?, y?): return x != y ? x < y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }.map { candidates[$0] }
    }

    /// Links a facility candidate to the warehouse (or creates its facility) and records provenance.
    ///
    /// A record that placed itself in no division takes its compound's region (`unplacedField`); when the compound
    /// has none either, or its name fits several, it is an `unresolved_region` warning of the record. A record
    /// saying the facility does not exist (`isAbsent`) makes no facility: nil, unless it links to a facility of its
    /// type (its key's, or one its name and position find), which it sets `out_of_service`.
    @discardableResult
    public func loadFacility(_ candidate: FacilityCandidate, keyIsStable: Bool = true) throws -> LinkOutcome? {
        var candidate = candidate
        var compoundID: String?
        // A compound name that several townships of the record's coarser region share (阳光小区围墙外 from a
        // prefecture-wide inventory) names none of them for sure: the facility keeps the name in its address, and no
        // compound of that name is made up at the coarser region.
        var namesakes: [(id: String, region: String?)] = []
        if let name = candidate.compoundName {
            namesakes = try compounds.finerNamesakes(name: name, regionCode: candidate.regionCode)
        }
        if let name = candidate.compoundName, namesakes.isEmpty {
            let compound = try compounds.compoundID(name: name, regionCode: candidate.regionCode)
            compoundID = compound.id
            compounds.noteSighting(compound.id)
            let finer = CompoundWriter.finer(candidate.regionCode, compound.region)
            if let own = candidate.regionCode, let finer, finer != own {
                candidate.address = try regions.rebase(candidate.address, from: own, to: finer)
            }
            candidate.regionCode = finer
        }
        let outcome = try facilities.load(candidate, compoundID: compoundID, keyIsStable: keyIsStable,
                                          createsFacility: !candidate.isAbsent)
        if let outcome, outcome.rule == "ambiguous", let fits = facilities.ambiguousFit {
            recordNotes.append((candidate.recordNumber, nil, "ambiguous_facility", fits.joined(separator: ","),
                "without a position, its type, compound and name fit \(fits.count) facilities alike (\(fits.joined(separator: ", "))); it was linked to none of them and has a facility of its own, \(outcome.entityID)"))
        }
        if outcome != nil, facilities.keyReused {
            recordNotes.append((candidate.recordNumber, recordKeyField, "record_key_reused", candidate.recordKey,
                "this key named another facility before (another type, or another name at another place); the record was linked by its own evidence. Does the key number rows?"))
        }
        if outcome != nil, candidate.regionCode == nil, let field = candidate.unplacedField {
            let why = namesakes.isEmpty
                ? candidate.compoundName.map { ", and its compound \($0) is known with no region either" } ?? ""
                : ", and \(namesakes.count) compounds named \(candidate.compoundName ?? "") lie in different townships"
            recordNotes.append((candidate.recordNumber, field, "unresolved_region", candidate.address,
                                "no Guizhou division could be recognised\(why)"))
        }
        return outcome
    }

    /// Warnings the load found about records of the batch being loaded (a facility its compound could not place
    /// either), written to `etl_reject` with the batch by `recordBatch`.
    var recordNotes: [(recordNumber: Int, field: String?, rule: String, value: String?, message: String)] = []

    /// The warnings `recordBatch` will write for records of the batch being loaded, counted by rule.
    public var recordWarningCounts: [String: Int] {
        recordNotes.reduce(into: [:]) { counts, note in counts[note.rule, default: 0] += 1 }
    }

    /// Writes a housing-department compound row (and its renovation project when the row has one).
    public func loadCompound(_ candidate: CompoundCandidate) throws {
        try compoundRows.load(candidate)
    }

    /// The first warnings the load itself wrote to `etl_reject` (`ambiguous_household`, `record_key_reused`,
    /// `ambiguous_facility`, `absent_means_not_applied` …) since last taken, for the run summary's reject lines; the
    /// rest are counted by the caller and kept in `etl_reject` only.
    public internal(set) var warningsWritten: [RejectRow] = []

    /// Warnings about the batch being loaded as a whole, not one of its records, written to `etl_reject` with the
    /// batch (no record number, no field) by `recordBatch`.
    var batchNotes: [(rule: String, value: String?, message: String)] = []

    /// Whether this load wrote any batch; an unchanged night leaves the summaries as they are.
    var wroteBatches = false
}
