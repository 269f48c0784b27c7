import Foundation
import GRDB

// Households a complete list no longer names (`absent_means:` in the pipeline file).
extension HouseholdWriter {
    /// Gives each household that `sourceID` listed in an earlier batch, and does not list in `batchIDs` (the file of
    /// one delivery, or its pages), the flag
    /// values of `absentMeans` (canonical column → value): 民政's list of current 低保 cases no longer naming a
    /// household means it is no longer 低保. The list's silence is weighed as its record would be (`survivorship:`):
    /// a flag another source set since, or that another source's record still offers the other way (the grid's 是),
    /// is left alone while that source ranks at least as high for the flag as this one (without a ranking for the
    /// flag, every source does). A source ranked lower does not keep it: the flag takes the absent value, and each
    /// such source that set or still offers the other value gets a `dwd_household_conflict` row (kept: this list).
    /// This source becomes the owner of the values it sets; of a value it owned already it stays the owner from the
    /// run it took the column over, as when its own record changes the value. Each changed household gets a history
    /// version.
    ///
    /// `listed` holds the record keys the delivery names, rejected records included: a household whose record was
    /// rejected tonight (a broken line) is still listed. `listedBefore` holds the record keys the source still listed
    /// before the delivery loaded (see `LoadSession.recordKeysStillListed`): when more than half of the households they
    /// name would be withdrawn (an empty or cut-off delivery), nothing is, and the result is `.implausible`, counting
    /// those households; the cases an earlier delivery withdrew are not counted again.
    /// `.withdrawn(n)` counts the households this delivery no longer lists that the delivery before it did (or whose
    /// flags took an absent value tonight), whether or not a flag changed: the ones dropped on an earlier night are
    /// not counted again.
    func applyAbsence(sourceID: String, batchIDs: [String], absentMeans: [String: Bool], listed: Set<String>,
                      listedBefore: Set<String>) throws -> AbsenceOutcome {
        let targets = absentMeans.compactMap { column, value -> (index: Int, column: String, value: Bool)? in
            HouseholdWriter.insertColumns.firstIndex(of: column).map { ($0, column, value) }
        }.sorted { $0.index < $1.index }
        guard !targets.isEmpty else { return .withdrawn(0) }
        // Every household the source ever listed, those it still listed before this batch, and those this batch lists
        // (by a record, or by the key of one rejected).
        var everListed = Set<String>(), stillListed = Set<String>(), presentHouseholds = Set<String>()
        // The records that still offered their values and that this delivery does not name, by household: a case
        // the list dropped, whose household may still be listed by another case (`withdrawDroppedCases`).
        var dropped: [String: [String]] = [:]
        let batches = Array(repeating: "?", count: max(batchIDs.count, 1)).joined(separator: ", ")
        let batchArguments = StatementArguments(batchIDs.isEmpty ? [""] : batchIDs)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT hs.household_id, hs.record_key,
                   EXISTS (SELECT 1 FROM household_source x
                           WHERE x.household_id = hs.household_id AND x.source_id = hs.source_id
                             AND x.batch_id IN (\(batches))) AS present,
                   hs.batch_id IN (\(batches)) AS delivered, hs.record_digest IS NOT NULL AS offers
            FROM household_source hs WHERE hs.source_id = ?
            """, arguments: batchArguments + batchArguments + [sourceID])
        while let row = try rows.next() {
            let householdID: String = row[0], key: String = row[1]
            everListed.insert(householdID)
            if listedBefore.contains(key) { stillListed.insert(householdID) }
            if (row[2] as Bool) || listed.contains(key) { presentHouseholds.insert(householdID) }
            if !(row[3] as Bool), row[4] as Bool, !listed.contains(key) { dropped[householdID, default: []].append(key) }
        }
        // None still listed although some were (records loaded before Rongtong kept their digests): all of them.
        if stillListed.isEmpty { stillListed = everListed }
        let newlyAbsent = stillListed.subtracting(presentHouseholds).count
        if newlyAbsent * 2 > stillListed.count { return .implausible(absent: newlyAbsent, of: stillListed.count) }
        try withdrawDroppedCases(sourceID: sourceID, targets: targets,
                                 dropped: dropped.filter { presentHouseholds.contains($0.key) })
        // A household withdrawn before stays absent: its flags are weighed again (another source may have stopped
        // offering the other value since).
        let absent = everListed.subtracting(presentHouseholds).sorted()
        let read = try db.cachedStatement(sql: """
            SELECT \(targets.map(\.column).joined(separator: ", ")) FROM dwd_household WHERE household_id = ?
            """)
        let others = try db.cachedStatement(sql: """
            SELECT source_id, record_digest FROM household_source WHERE household_id = ? AND source_id <> ?
            """)
        // Whether the household's records of this source still hold what they offered: a record whose household the
        // list stopped naming has its digest cleared below, so a household still holding one is newly unlisted.
        let stillOffered = try db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ? AND source_id = ? AND record_digest IS NOT NULL)
            """)
        var unlisted = 0
        for householdID in absent {
            guard let stored = try Row.fetchOne(read, arguments: [householdID]) else { continue }
            let newlyUnlisted = try Bool.fetchOne(stillOffered, arguments: [householdID, sourceID]) ?? false
            let owners = try fieldOwnership(of: householdID)
            // What other sources' records offered, per value (two bytes each), and which source offered it.
            let offered = try Row.fetchAll(others, arguments: [householdID, sourceID]).compactMap { row -> (String, Data)? in
                guard let digest = row[1] as Data?, digest.count == 2 * HouseholdWriter.insertColumns.count else { return nil }
                return (row[0] as String, digest)
            }
            var columns = ColumnSet()
            // The columns this source takes over: one it held already stays its own from the run it took it
            // (`dwd_household_field_source.run_id`), as when its record changes the value; the history says when.
            var takenOver = ColumnSet()
            var assignments: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            var overruled: [(column: String, source: String)] = []
            for target in targets {
                let priorities = survivorship[target.column] ?? []
                let rank = { (name: String) -> Int in HouseholdWriter.rank(of: name, in: priorities) }
                let owner = owners.first { $0.columns.contains(target.index) }?.source
                // A source ranked at least as high that set the flag since keeps it.
                if let owner, owner != sourceID, rank(owner) <= rank(sourceID) { continue }
                let bytes = Array(HouseholdWriter.columnDigests([(target.value ? 0 : 1).databaseValue]))
                let opposite = (bytes[0], bytes[1])
                let offering = Set(offered.filter { HouseholdWriter.valueDigest($0.1, at: target.index).map { $0 == opposite } ?? false }
                    .map(\.0))
                // So does one whose record still offers the other way (the grid's 是, without a ranking for the flag).
                if offering.contains(where: { rank($0) <= rank(sourceID) }) { continue }
                let current: Bool? = stored[target.column]
                guard current != target.value else { continue }
                columns.insert(target.index)
                if owner != sourceID { takenOver.insert(target.index) }
                assignments.append("\(target.column) = ?")
                arguments.append(target.value)
                // The lower-ranked sources overruled: the one that set the value, and those still offering it.
                var losers = offering
                if let owner, owner != sourceID, current != nil { losers.insert(owner) }
                overruled += losers.sorted().map { (target.column, $0) }
            }
            if newlyUnlisted || !columns.isEmpty { unlisted += 1 }
            // What the list's old record offered no longer stands: when the household is listed again with 是, that
            // is a change, not the same value sent again (and the household is not counted as newly unlisted again).
            if newlyUnlisted {
                try db.execute(sql: "UPDATE household_source SET record_digest = NULL WHERE household_id = ? AND source_id = ?",
                               arguments: [householdID, sourceID])
            }
            if !columns.isEmpty {
                try db.execute(sql: "UPDATE dwd_household SET \(assignments.joined(separator: ", ")) WHERE household_id = ?",
                               arguments: StatementArguments(arguments + [householdID]))
                if !takenOver.isEmpty { try setFieldSources(householdID, takenOver, sourceID, owners: owners) }
                for loser in overruled { try recordConflict(householdID, column: loser.column, kept: sourceID, offered: loser.source) }
                try writeHistory(householdID)
            }
            // The list's record offers nothing now, and a flag it withdrew may now be what another source offers.
            if newlyUnlisted || !columns.isEmpty { try settleConflicts(of: householdID) }
        }
        return .withdrawn(unlisted)
    }
}

extension HouseholdWriter {
    /// Takes the records of `sourceID` under `keys` out of their households: a delivery named them with a status
    /// saying the household left (`absent_when:`, the police register's 注销), so they count as absent from it, as a
    /// case a whole list stops naming does (`applyAbsence`): what they offered no longer stands (their
    /// `record_digest` is cleared), and a record listed again later is a change, not the same record sent again.
    /// They are no sightings: the load skipped them, so their households' `last_seen_run` stays where the last
    /// record that still lives there left it. Returns how many provenance rows were taken out now.
    func takeOut(sourceID: String, keys: Set<String>) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            UPDATE household_source SET record_digest = NULL
            WHERE source_id = ? AND record_key = ? AND record_digest IS NOT NULL
            """)
        let households = try db.cachedStatement(sql: """
            SELECT DISTINCT household_id FROM household_source
            WHERE source_id = ? AND record_key = ? AND record_digest IS NOT NULL
            """)
        var taken = 0
        var touched = Set<String>()
        for key in keys.sorted() {
            touched.formUnion(try String.fetchAll(households, arguments: [sourceID, key]))
            try statement.execute(arguments: [sourceID, key])
            taken += db.changesCount
        }
        // What the records offered no longer disagrees with anything.
        for householdID in touched.sorted() { try settleConflicts(of: householdID) }
        return taken
    }
}

/// What `applyAbsence` did: found this many households no longer listed (and gave them the absent values survivorship
/// let it give), or nothing because the delivery would have withdrawn an implausible share of the list, or could not
/// be read whole.
public enum AbsenceOutcome: Equatable {
    case withdrawn(Int)
    case implausible(absent: Int, of: Int)
    /// Not tried: this many records of the delivery could not be read at all.
    case unreadable(Int)
}
