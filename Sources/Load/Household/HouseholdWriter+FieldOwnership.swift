import Foundation
import GRDB
import RongtongStaging

/// Which source owns each of a household's fields (`dwd_household_field_source`), and the conflicts between the sources offering them (`dwd_household_conflict`).
extension HouseholdWriter {
    /// The household's `household_field_owner` rows: which source, in which run, set which columns.
    func fieldOwnership(of householdID: String) throws -> [FieldOwnership] {
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
    func setFieldSources(_ householdID: String, _ columns: ColumnSet, _ source: String,
                                 owners: [FieldOwnership]) throws {
        try withdraw(columns, of: householdID, from: owners.filter { !($0.source == source && $0.run == runID) })
        guard !columns.isEmpty else { return }
        addOwnedColumns.bind(1, householdID); addOwnedColumns.bind(2, source); addOwnedColumns.bind(3, runID)
        addOwnedColumns.bind(4, columns.bits)
        try addOwnedColumns.execute()
    }

    /// Takes `columns` away from the `owners` that hold them; an owner left with no column loses its row.
    func withdraw(_ columns: ColumnSet, of householdID: String, from owners: [FieldOwnership]) throws {
        for owner in owners {
            let remaining = owner.columns.subtracting(columns)
            guard remaining != owner.columns else { continue }
            let statement = remaining.isEmpty ? dropOwner : setOwnedColumns
            statement.bind(1, householdID); statement.bind(2, owner.source); statement.bind(3, owner.run)
            if !remaining.isEmpty { statement.bind(4, remaining.bits) }
            try statement.execute()
        }
    }

    /// Drops the household's `dwd_household_conflict` rows that no longer hold: a row stands for an offered source
    /// whose record offers another value than the household's current one. Call it after the household's values or
    /// its records' `record_digest`s changed (a record loaded, a whole list's silence applied, a record taken out, a
    /// merge): a row goes when every record of its offered source in the household now offers the current value, a
    /// blank, or nothing at all (taken out, or no longer in the household), whichever feed loaded first. A whole
    /// list's record it stopped naming still offers the flag values of its `absent_means:` (`silenceMeans`). Rows are
    /// never added here. A record with a whole-record digest (an earlier Rongtong's) cannot say: its rows stay.
    func settleConflicts(of householdID: String) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT column_name, source_pair, offered_source FROM dwd_household_conflict WHERE household_id = ?
            """), arguments: [householdID])
        guard !rows.isEmpty, let (household, _) = try StoredHousehold.fetchOne(bound(byID, householdID)) else { return }
        let current = Array(HouseholdWriter.columnDigests(household.values))
        let records = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_digest FROM household_source WHERE household_id = ?
            """), arguments: [householdID])
        let count = HouseholdWriter.insertColumns.count
        for row in rows {
            let column: String = row[0], offeredSource: String = row[2]
            guard let index = HouseholdWriter.insertColumns.firstIndex(of: column) else { continue }
            let stillDisagrees = records.contains { record in
                guard (record[0] as String) == offeredSource else { return false }
                switch (record[1] as DatabaseValue).storage {
                case .null:
                    guard let silence = silenceMeans[offeredSource]?[column] else { return false }
                    return household.values[index] != (silence ? 1 : 0).databaseValue
                        && !household.values[index].isNull
                case .blob(let data) where data.count == 2 * count:
                    guard let offered = HouseholdWriter.valueDigest(Array(data), at: index) else { return true }
                    return offered != HouseholdWriter.nullDigest && !HouseholdWriter.sameValue(Array(data), current, at: index)
                default: return true
                }
            }
            guard !stillDisagrees else { continue }
            try db.cachedStatement(sql: """
                DELETE FROM dwd_household_conflict WHERE household_id = ? AND column_name = ? AND source_pair = ?
                """).execute(arguments: [householdID, column, row[1] as String])
        }
    }

    /// Hands the household's conflict rows on `column` kept by `previous` to `owner`, which took the column over
    /// with the very value `previous` held (a higher-ranked source agreeing with it): each source overruled by that
    /// value is now overruled by `owner`, as a warehouse that loaded `owner` first would record it. A row offered
    /// by `owner` itself is left for `settleConflicts` (its record now offers the kept value).
    func passConflicts(_ householdID: String, column: String, from previous: String, to owner: String) throws {
        let overruled = try String.fetchAll(db.cachedStatement(sql: """
            SELECT offered_source FROM dwd_household_conflict
            WHERE household_id = ? AND column_name = ? AND kept_source = ? AND offered_source <> ?
            """), arguments: [householdID, column, previous, owner])
        for offered in overruled {
            try db.cachedStatement(sql: """
                DELETE FROM dwd_household_conflict WHERE household_id = ? AND column_name = ? AND source_pair = ?
                """).execute(arguments: [householdID, column, [previous, offered].sorted().joined(separator: "|")])
            try recordConflict(householdID, column: column, kept: owner, offered: offered)
        }
    }

    /// Records that two sources disagree on a column: one row per household, column and pair of sources, whose
    /// kept side and run change only when the other source wins.
    func recordConflict(_ householdID: String, column: String, kept: String, offered: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dwd_household_conflict (household_id, column_name, kept_source, offered_source, source_pair,
                                                run_id)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(household_id, column_name, source_pair) DO UPDATE SET kept_source = excluded.kept_source,
                offered_source = excluded.offered_source, run_id = excluded.run_id
            WHERE kept_source <> excluded.kept_source
            """).execute(arguments: [householdID, column, kept, offered, [kept, offered].sorted().joined(separator: "|"), runID])
    }
}
