import Foundation
import GRDB

// Several records of one household in one file of one source: 民政's whole list holding the household's 低保 case and
// its 残疾 case, an ended old case beside the current one, two rows of a grid's file. The household's flags are the
// union of what the file's records say: a flag one of them says yes to is yes, whatever the order of the file, and
// another record's no (a flag column's 否, an ended case, or a whole list's tags leaving the flag out) does not undo
// it (trial assistance, F1 and F2).
extension HouseholdWriter {
    /// The positions of the household flags in `insertColumns` (`is_low_income` … `has_left_behind_child`).
    static let flagPositions = ["is_low_income", "is_extreme_poverty", "has_disabled_member", "has_elderly_alone",
                                "has_left_behind_child"].map { StoredHousehold.position[$0]! }

    /// Notes a household whose flag a record of the batch being loaded turned from yes to no (`updates` of the
    /// record, `written` its values, `stored` the household's before): `unionFlagsOfBatch` weighs it once the batch
    /// is in, when the file's other records of the household are known.
    func noteFlagsLowered(_ householdID: String, batchID: String, updates: [Int], written: [DatabaseValue],
                          stored: [DatabaseValue]) {
        guard updates.contains(where: { HouseholdWriter.flagPositions.contains($0) && stored[$0] == true.databaseValue
            && written[$0] == false.databaseValue }) else { return }
        if flagsLowered.batchID != batchID { flagsLowered = (batchID, []) }
        flagsLowered.households.insert(householdID)
    }

    /// Once every record of batch `batchID` of `sourceID` is loaded: each household a record of the batch turned a flag
    /// from yes to no (`noteFlagsLowered`), and that another record of the batch, or of the other pages of its delivery
    /// loaded before it (`batchIDs`, with `batchID`), offers yes for, is yes
    /// again, where the source still owns the flag (the no was its own record's, not another source's ranked
    /// higher). The file's records of one household are one delivery's word on it, whatever their order: a 残疾 case
    /// does not withdraw the 低保 of the household's 低保 case, nor an ended case the flag of its live one. A changed
    /// household's history version says what the run ends with; the conflict rows follow the value kept.
    func unionFlagsOfBatch(sourceID: String, batchID: String, batchIDs: [String]) throws {
        guard flagsLowered.batchID == batchID, !flagsLowered.households.isEmpty else { return }
        defer { flagsLowered = (nil, []) }
        let batches = Array(Set(batchIDs + [batchID])).sorted()
        let records = try db.makeStatement(sql: """
            SELECT record_digest FROM household_source
            WHERE household_id = ? AND source_id = ? AND record_digest IS NOT NULL
              AND batch_id IN (\(batches.map { _ in "?" }.joined(separator: ", ")))
            """)
        let yes = HouseholdWriter.valueDigest(Array(HouseholdWriter.columnDigests([true.databaseValue])), at: 0)!
        for householdID in flagsLowered.households.sorted() {
            guard let (household, _) = try StoredHousehold.fetchOne(bound(byID, householdID)) else { continue }
            let digests = try Data.fetchAll(records, arguments: StatementArguments([householdID, sourceID] + batches))
                .filter { $0.count == 2 * HouseholdWriter.insertColumns.count }.map(Array.init)
            guard digests.count > 1 else { continue }
            let ownerAt = try ownersByPosition(of: householdID)
            let raised = HouseholdWriter.flagPositions.filter { index in
                household.values[index] == false.databaseValue && ownerAt[index] == sourceID
                    && digests.contains { HouseholdWriter.valueDigest($0, at: index).map { $0 == yes } ?? false }
            }
            guard !raised.isEmpty else { continue }
            try db.execute(sql: """
                UPDATE dwd_household SET \(raised.map { "\(HouseholdWriter.insertColumns[$0]) = 1" }.joined(separator: ", "))
                WHERE household_id = ?
                """, arguments: [householdID])
            var values = household.values
            for index in raised { values[index] = true.databaseValue }
            remember(id: householdID, values: values)
            try writeHistory(householdID)
            // The sources whose records offer no disagree with the yes kept, as when a record sets it.
            let offered = try offeredValues(of: householdID)
            for index in raised {
                for other in HouseholdWriter.sources(in: offered, offering: false.databaseValue, at: index) where other != sourceID {
                    try recordConflict(householdID, column: HouseholdWriter.insertColumns[index], kept: sourceID, offered: other)
                }
            }
            try settleConflicts(of: householdID)
        }
    }
}

// A whole list (`absent_means:`) that stops naming one case of a household it still lists by another: the flag the
// dropped case gave goes, unless a case still listed says it.
extension HouseholdWriter {
    /// For each household the delivery still lists, whose records under the keys `dropped` (household → keys) it no
    /// longer names: those records offer nothing any more (their `record_digest` is cleared: listed again, they are a
    /// change), and each flag of `targets` (`absent_means`: position, column, absent value) the source set to the
    /// other value takes its absent value, unless one of the household's records of the source still offers the
    /// other value (its 低保 case is listed still), or another source's record does and ranks at least as high for the
    /// flag (as for a household no longer listed, see `applyAbsence`; a lower-ranked one gets a conflict row). The
    /// household is still listed: it is not counted as no longer listed. A changed household gets a history version.
    func withdrawDroppedCases(sourceID: String, targets: [(index: Int, column: String, value: Bool)],
                              dropped: [String: [String]]) throws {
        let clear = try db.cachedStatement(sql: """
            UPDATE household_source SET record_digest = NULL WHERE household_id = ? AND source_id = ? AND record_key = ?
            """)
        for (householdID, keys) in dropped.sorted(by: { $0.key < $1.key }) {
            for key in keys { try clear.execute(arguments: [householdID, sourceID, key]) }
            guard let (household, _) = try StoredHousehold.fetchOne(bound(byID, householdID)) else { continue }
            let owners = try fieldOwnership(of: householdID)
            let ownerAt = HouseholdWriter.ownersByPosition(owners)
            let offered = try offeredValues(of: householdID)
            var withdrawn: [(index: Int, column: String, value: Bool)] = []
            var overruled: [(column: String, source: String)] = []
            for target in targets where ownerAt[target.index] == sourceID {
                let other = (!target.value).databaseValue
                guard household.values[target.index] == other else { continue }
                let offering = HouseholdWriter.sources(in: offered, offering: other, at: target.index)
                let priorities = survivorship[target.column] ?? []
                let rank = { (name: String) -> Int in HouseholdWriter.rank(of: name, in: priorities) }
                if offering.contains(where: { $0 == sourceID || rank($0) <= rank(sourceID) }) { continue }
                withdrawn.append(target)
                overruled += offering.map { (target.column, $0) }
            }
            if !withdrawn.isEmpty {
                try db.execute(sql: """
                    UPDATE dwd_household SET \(withdrawn.map { "\($0.column) = ?" }.joined(separator: ", ")) WHERE household_id = ?
                    """, arguments: StatementArguments(withdrawn.map { $0.value.databaseValue } + [householdID.databaseValue]))
                var values = household.values
                for target in withdrawn { values[target.index] = target.value.databaseValue }
                remember(id: householdID, values: values)
                for loser in overruled { try recordConflict(householdID, column: loser.column, kept: sourceID, offered: loser.source) }
                try writeHistory(householdID)
            }
            try settleConflicts(of: householdID)
        }
    }
}
