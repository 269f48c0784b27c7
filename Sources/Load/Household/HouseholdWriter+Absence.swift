import Foundation
import GRDB

// Households a complete list no longer names (`absent_means:` in the pipeline file).
extension HouseholdWriter {
    /// Gives each household that `sourceID` listed in an earlier batch, and does not list in `batchID`, the flag
    /// values of `absentMeans` (canonical column → value): 民政's list of current 低保 cases no longer naming a
    /// household means it is no longer 低保. A column another source set since (its field owner is another source),
    /// or that another source's record still offers the other way (the grid's 是), is left alone; this source becomes
    /// the owner of the values it sets. Each changed household gets a history
    /// version. Returns the households changed.
    func applyAbsence(sourceID: String, batchID: String, absentMeans: [String: Bool]) throws -> Int {
        let targets = absentMeans.compactMap { column, value -> (index: Int, column: String, value: Bool)? in
            HouseholdWriter.insertColumns.firstIndex(of: column).map { ($0, column, value) }
        }.sorted { $0.index < $1.index }
        guard !targets.isEmpty else { return 0 }
        let absent = try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT hs.household_id FROM household_source hs
            WHERE hs.source_id = ?1 AND hs.batch_id <> ?2
              AND NOT EXISTS (SELECT 1 FROM household_source x
                              WHERE x.household_id = hs.household_id AND x.source_id = ?1 AND x.batch_id = ?2)
            ORDER BY hs.household_id
            """), arguments: [sourceID, batchID])
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
                let opposite = HouseholdWriter.columnDigests([(target.value ? 0 : 1).databaseValue])
                if offered.contains(where: { record in
                    record[record.startIndex + 2 * target.index] == opposite[opposite.startIndex]
                        && record[record.startIndex + 2 * target.index + 1] == opposite[opposite.startIndex + 1]
                }) {
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
            changed += 1
        }
        return changed
    }
}
