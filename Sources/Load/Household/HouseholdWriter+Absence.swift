import Foundation
import GRDB

// Households a complete list no longer names (`absent_means:` in the pipeline file).
extension HouseholdWriter {
    /// Gives each household that `sourceID` listed in an earlier batch, and does not list in `batchID`, the flag
    /// values of `absentMeans` (canonical column → value): 民政's list of current 低保 cases no longer naming a
    /// household means it is no longer 低保. A column another source set since (its field owner is another source),
    /// or that another source's record still offers the other way (the grid's 是), is left alone; this source becomes
    /// the owner of the values it sets. Each changed household gets a history version.
    ///
    /// `listed` holds the record keys the batch names, rejected records included: a household whose record was
    /// rejected tonight (a broken line) is still listed. When more than half of the households the source listed
    /// would be withdrawn (an empty or cut-off delivery), nothing is, and the result is `.implausible`.
    func applyAbsence(sourceID: String, batchID: String, absentMeans: [String: Bool], listed: Set<String>) throws
        -> AbsenceOutcome {
        let targets = absentMeans.compactMap { column, value -> (index: Int, column: String, value: Bool)? in
            HouseholdWriter.insertColumns.firstIndex(of: column).map { ($0, column, value) }
        }.sorted { $0.index < $1.index }
        guard !targets.isEmpty else { return .withdrawn(0) }
        // Every household the source lists, and those this batch lists (by a record, or by the key of one rejected).
        var listedBefore = Set<String>(), presentHouseholds = Set<String>()
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT hs.household_id, hs.record_key,
                   EXISTS (SELECT 1 FROM household_source x
                           WHERE x.household_id = hs.household_id AND x.source_id = ?1 AND x.batch_id = ?2) AS present
            FROM household_source hs WHERE hs.source_id = ?1
            """), arguments: [sourceID, batchID])
        while let row = try rows.next() {
            let householdID: String = row[0]
            listedBefore.insert(householdID)
            if (row[2] as Bool) || listed.contains(row[1] as String) { presentHouseholds.insert(householdID) }
        }
        let absent = listedBefore.subtracting(presentHouseholds).sorted()
        if absent.count * 2 > listedBefore.count { return .implausible(absent: absent.count, of: listedBefore.count) }
        let read = try db.cachedStatement(sql: """
            SELECT \(targets.map(\.column).joined(separator: ", ")) FROM dwd_household WHERE household_id = ?
            """)
        let others = try db.cachedStatement(sql: """
            SELECT record_digest FROM household_source WHERE household_id = ? AND source_id <> ?
            """)
        var changed = 0
        for householdID in absent {
            guard let stored = try Row.fetchOne(read, arguments: [householdID]) else { continue }
            let owners = try fieldOwnership(of: householdID)
            // What other sources' records offered, per value (two bytes each): a flag another feed still asserts
            // (the grid's 是) is not withdrawn by this list's silence.
            let offered = try Data.fetchAll(others, arguments: [householdID, sourceID])
                .filter { $0.count == 2 * HouseholdWriter.insertColumns.count }
            var columns = ColumnSet()
            var assignments: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            for target in targets {
                let owner = owners.first { $0.columns.contains(target.index) }?.source
                guard owner == nil || owner == sourceID else { continue }
                let bytes = Array(HouseholdWriter.columnDigests([(target.value ? 0 : 1).databaseValue]))
                let opposite = (bytes[0], bytes[1])
                if offered.contains(where: { HouseholdWriter.valueDigest($0, at: target.index).map { $0 == opposite } ?? false }) {
                    continue
                }
                let current: Bool? = stored[target.column]
                guard current != target.value else { continue }
                columns.insert(target.index)
                assignments.append("\(target.column) = ?")
                arguments.append(target.value)
            }
            guard !columns.isEmpty else { continue }
            try db.execute(sql: "UPDATE dwd_household SET \(assignments.joined(separator: ", ")) WHERE household_id = ?",
                           arguments: StatementArguments(arguments + [householdID]))
            try setFieldSources(householdID, columns, sourceID, owners: owners)
            try writeHistory(householdID)
            // What the list's old record offered no longer stands: when the household is listed again with 是, that
            // is a change, not the same value sent again.
            try db.execute(sql: "UPDATE household_source SET record_digest = NULL WHERE household_id = ? AND source_id = ?",
                           arguments: [householdID, sourceID])
            changed += 1
        }
        return .withdrawn(changed)
    }
}

/// What `applyAbsence` did: withdrew the flags of this many households, or nothing because the delivery would
/// have withdrawn an implausible share of the list, or could not be read whole.
public enum AbsenceOutcome: Equatable {
    case withdrawn(Int)
    case implausible(absent: Int, of: Int)
    /// Not tried: this many records of the delivery could not be read at all.
    case unreadable(Int)
}
