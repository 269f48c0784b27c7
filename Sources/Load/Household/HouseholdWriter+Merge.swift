import Foundation
import GRDB
import RongtongStaging

// Merging households, moving records between them, and what a departed record takes along.
extension HouseholdWriter {
    /// After a record moved out of `householdID` (its ID now says someone else), the household keeps the resident
    /// ID only while one of its remaining records offered it (their per-value digests say so). Otherwise the ID,
    /// and the gender and birth date its source derived from it, no longer describe anyone there: they are emptied.
    func releaseUnsupportedID(of householdID: String) throws {
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
        try withdraw(cleared, of: householdID, from: owners)
        try writeHistory(householdID)
    }

    /// After a record left `householdID` (relinked to another household, or to one of its own), the values it supplied
    /// go with it: each value of the household that the record offered when last loaded (`offered`, its
    /// `record_digest` there), whose column its source owns (`household_field_owner`), and that no remaining record
    /// offers, goes back to the value the household had before it came: the newest history version with another
    /// value, else none. The phone hash, which history does not keep, goes with its masked phone; it becomes empty
    /// (a 分户 son's phone that replaced his father's: 139****5334 leaves, 187****9633 is back, and the father's
    /// record gives the hash again). A remaining record that offered another value than the one the household now
    /// holds offers it again at its next load (its digest of that value is forgotten), and survivorship decides as
    /// for any value. One history version when a tracked value changes. A record loaded before per-value digests,
    /// or a household holding one, cannot say what it supplied: nothing goes.
    func releaseValues(of householdID: String, offered: DatabaseValue?, by source: String) throws {
        let count = HouseholdWriter.insertColumns.count
        guard case .blob(let leftData)? = offered?.storage, leftData.count == 2 * count,
              let (row, _) = try StoredHousehold.fetchOne(bound(byID, householdID)) else { return }
        let left = Array(leftData)
        let records = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_key, batch_id, record_digest FROM household_source WHERE household_id = ?
            """), arguments: [householdID])
        var remaining: [[UInt8]] = []
        for record in records {
            guard case .blob(let data) = (record[3] as DatabaseValue).storage, data.count == 2 * count else { return }
            remaining.append(Array(data))
        }
        guard !remaining.isEmpty else { return }
        let owners = try fieldOwnership(of: householdID)
        let owned = owners.filter { $0.source == source }.reduce(ColumnSet()) { $0.union($1.columns) }
        let current = Array(HouseholdWriter.columnDigests(row.values))
        var released = ColumnSet()
        for index in 0..<count where !row.values[index].isNull && owned.contains(index)
            && HouseholdWriter.sameValue(left, current, at: index)
            && !remaining.contains(where: { HouseholdWriter.sameValue($0, current, at: index) }) {
            released.insert(index)
        }
        // A masked ID or phone goes with its hash.
        for (index, ruling) in HouseholdWriter.ruling.enumerated() where released.contains(ruling) && !row.values[index].isNull {
            released.insert(index)
        }
        guard !released.isEmpty else { return }
        // The value before it came: the newest version that holds another value than the household's now.
        let tracked = HouseholdWriter.tracked
        let versions = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(tracked.joined(separator: ", ")) FROM dwd_household_history WHERE household_id = ?
            ORDER BY valid_from_run DESC
            """), arguments: [householdID])
        var values = row.values
        let positions = (0..<count).filter { released.contains($0) }
        for index in positions {
            values[index] = index < tracked.count
                ? versions.lazy.map { $0[index] as DatabaseValue }.first { $0 != row.values[index] } ?? .null
                : .null
        }
        try db.execute(sql: """
            UPDATE dwd_household SET \(positions.map { "\(HouseholdWriter.insertColumns[$0]) = ?" }.joined(separator: ", "))
            WHERE household_id = ?
            """, arguments: StatementArguments(positions.map { values[$0] }) + [householdID])
        try withdraw(released, of: householdID, from: owners)
        // A value a remaining record offered, where the household now holds another (or none), it offers again.
        let restored = Array(HouseholdWriter.columnDigests(values))
        for (record, digest) in zip(records, remaining) {
            var bytes = digest
            for index in positions where !HouseholdWriter.sameValue(bytes, restored, at: index)
                && HouseholdWriter.valueDigest(bytes, at: index).map({ $0 != HouseholdWriter.nullDigest }) ?? false {
                bytes[2 * index] = restored[2 * index]; bytes[2 * index + 1] = restored[2 * index + 1]
            }
            guard bytes != digest else { continue }
            try db.cachedStatement(sql: """
                UPDATE household_source SET record_digest = ? WHERE source_id = ? AND record_key = ? AND batch_id = ?
                """).execute(arguments: [Data(bytes), record[0] as String, record[1] as String, record[2] as String])
        }
        remember(id: householdID, values: values)
        if positions.contains(where: { $0 < HouseholdWriter.trackedCount }) { try writeHistory(householdID) }
    }

    /// Whether household `id` holds another record of the candidate's own file (same source and batch, another key).
    func fileListsApart(_ id: String, _ c: HouseholdCandidate) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ? AND source_id = ? AND batch_id = ?
                                                                AND record_key <> ?)
            """), arguments: [id, c.sourceID, c.batchID, c.recordKey]) ?? false
    }

    /// Whether any source record is linked to household `householdID`.
    func holdsRecords(_ householdID: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ?)
            """), arguments: [householdID]) ?? true
    }

    /// A household whose last record just moved to `target` (its ID was corrected) describes no one any more: it is
    /// removed, its current history version closed, and its id becomes an alias of `target`, so that it still
    /// resolves and is not counted as a second household at the same flat. Only into a household first seen no later
    /// than it (ids are stable: an older id never becomes an alias of a newer one). A household the record leaves for
    /// a newer one (one it makes now, at another place: a head at the household's own place is a new head,
    /// `key+place`) keeps its row as its records last described it, as a household that disappeared from every
    /// feed does: its `last_seen_run` stops.
    func retireIfEmpty(_ householdID: String, into target: String) throws {
        guard try !holdsRecords(householdID) else { return }
        let firstSeen = try db.cachedStatement(sql: "SELECT first_seen_run FROM dwd_household WHERE household_id = ?")
        guard let gone = try Int.fetchOne(firstSeen, arguments: [householdID]),
              let kept = try Int.fetchOne(firstSeen, arguments: [target]), kept <= gone else { return }
        try db.execute(sql: "DELETE FROM dwd_household_conflict WHERE household_id = ?", arguments: [householdID])
        try retire(householdID, into: target, rule: "relinked")
    }

    /// Removes household `gone` in favour of `target`: its field owners go, its current history version closes, and
    /// its id (and the aliases that pointed at it) resolve to `target` from now on. Its records and conflicts must
    /// have been moved or dropped already.
    private func retire(_ gone: String, into target: String, rule: String) throws {
        try db.execute(sql: "DELETE FROM household_field_owner WHERE household_id = ?", arguments: [gone])
        // The members its records listed were listed by records now in `target`.
        try db.execute(sql: "UPDATE OR IGNORE household_member SET household_id = ? WHERE household_id = ?", arguments: [target, gone])
        try db.execute(sql: "DELETE FROM household_member WHERE household_id = ?", arguments: [gone])
        try db.execute(sql: "UPDATE dwd_household_history SET valid_to_run = ? WHERE household_id = ? AND valid_to_run IS NULL",
                       arguments: [runID, gone])
        try db.execute(sql: "DELETE FROM dwd_household WHERE household_id = ?", arguments: [gone])
        try db.execute(sql: "UPDATE household_alias SET household_id = ? WHERE household_id = ?", arguments: [target, gone])
        try db.execute(sql: """
            INSERT INTO household_alias (alias_id, household_id, merged_run, rule) VALUES (?, ?, ?, ?)
            ON CONFLICT(alias_id) DO UPDATE SET household_id = excluded.household_id
            """, arguments: [gone, target, runID, rule])
        known?.addAlias(gone)
    }

    /// Whether one file lists the two households as two records (a census's 101 and 102 sharing a phone): then
    /// a third feed's record that fits both does not make them one.
    func listedApart(_ a: String, _ b: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source x JOIN household_source y
                             ON y.household_id = ?2 AND y.source_id = x.source_id AND y.batch_id = x.batch_id
                                AND y.record_key <> x.record_key
                           WHERE x.household_id = ?1)
            """), arguments: [a, b]) ?? false
    }

    /// Merges two households into the older one (first seen earlier; of two first seen in one run, the one whose
    /// values stand, `valuesOf`, else the smaller id), which keeps its id; the other's records, field provenance and
    /// values move over by survivorship (a place written less precisely than the other household's yields to it,
    /// whichever survives, and is no disagreement), and its id becomes an alias. `valuesOf`: the household whose values stand
    /// wherever it has one (a 合户's listing household, whose head is the head now), whichever id survives; the
    /// other only fills its empty columns.
    func merge(_ a: StoredHousehold, _ b: StoredHousehold, rule: String, valuesOf preferred: String? = nil) throws -> StoredHousehold {
        let older = a.firstSeenRun == b.firstSeenRun && preferred != nil && (preferred == a.id || preferred == b.id)
            ? preferred == a.id
            : (a.firstSeenRun, a.id) <= (b.firstSeenRun, b.id)
        let survivor = older ? a.id : b.id
        let absorbed = older ? b.id : a.id
        guard let (kept, _) = try StoredHousehold.fetchOne(bound(byID, survivor)),
              let (gone, _) = try StoredHousehold.fetchOne(bound(byID, absorbed)) else {
            throw WarehouseError("household \(survivor) or \(absorbed) vanished before they were merged")
        }
        // Each value: the survivor's stands, unless it has none, or the absorbed household's was set by a source
        // the pipeline's `survivorship:` ranks higher (or, without a ranking, set more recently); a value both hold
        // alike becomes the higher-ranked source's, whichever id survives. The head's birth
        // date and gender stand with the valid head ID, whatever the ranks. The masked ID and
        // phone follow their hashes. A disagreement between two sources is recorded as when a record offers it. A place
        // written less precisely than the other's (`placedLessPrecisely`) yields to it, with no conflict.
        let keptOwners = try fieldOwnership(of: survivor), goneOwners = try fieldOwnership(of: absorbed)
        func owners(_ list: [FieldOwnership]) -> [FieldOwnership?] {
            var at = [FieldOwnership?](repeating: nil, count: HouseholdWriter.insertColumns.count)
            for owner in list { for index in at.indices where owner.columns.contains(index) { at[index] = owner } }
            return at
        }
        let keptAt = owners(keptOwners), goneAt = owners(goneOwners)
        // A place is one record's: the survivor keeps its whole place or takes the absorbed household's whole place.
        let place = mergedPlace(kept: kept.values, gone: gone.values, keptAt: keptAt, goneAt: goneAt,
                                preferredIsAbsorbed: preferred.map { $0 == absorbed })
        var taken = place.taken
        for conflict in place.conflicts {
            try recordConflict(survivor, column: conflict.column, kept: conflict.kept, offered: conflict.offered)
        }
        // Columns whose equal value changes owner: the sources that disagreed with its old owner now disagree with
        // the new one (as when a record offers an equal value, see `survivingUpdates`).
        var passed: [(column: String, from: String, to: String)] = []
        for index in HouseholdWriter.byName where !HouseholdWriter.wholePlacePositions.contains(index) {
            let mine = kept.values[index], theirs = gone.values[index]
            guard !theirs.isNull else { continue }
            // An equal value is the source's that ranks higher for the column (`survivorship:`), whichever household
            // survives: the registry's 测刘芳, equal to the grid's, is the registry's after the merge, so that the
            // grid's later typo does not replace it (trial zunyi, finding 1). Ranked alike, the survivor's owner stays.
            if mine == theirs {
                let priorities = survivorship[HouseholdWriter.insertColumns[HouseholdWriter.ruling[index]]] ?? []
                let mineOwner = keptAt[HouseholdWriter.ruling[index]]?.source
                let theirsOwner = goneAt[HouseholdWriter.ruling[index]]?.source
                if let theirsOwner, theirsOwner != mineOwner,
                   HouseholdWriter.rank(of: theirsOwner, in: priorities) < HouseholdWriter.rank(of: mineOwner, in: priorities) {
                    taken.insert(index)
                    if let mineOwner, HouseholdWriter.survivesWith[HouseholdWriter.insertColumns[index]] == nil {
                        passed.append((HouseholdWriter.insertColumns[index], mineOwner, theirsOwner))
                    }
                }
                continue
            }
            if mine.isNull {
                taken.insert(index)
                continue
            }
            if let preferred {
                if preferred == absorbed { taken.insert(index) }
                continue
            }
            let column = HouseholdWriter.insertColumns[index]
            // The head's birth date and gender go with the valid head ID (as for a record, see `survivingUpdates`):
            // the household holding it (or both, the same) keeps the ID's against one that has none (老龄办's
            // `csrq` of 1 January without an ID), whatever the ranks; the disagreement is a conflict row.
            if HouseholdWriter.idGivenPositions.contains(index) {
                let mineID = kept.values[HouseholdWriter.idPosition], theirsID = gone.values[HouseholdWriter.idPosition]
                let theirsHoldID = !theirsID.isNull && mineID.isNull
                if theirsHoldID || (!mineID.isNull && (theirsID.isNull || theirsID == mineID)) {
                    if theirsHoldID { taken.insert(index) }
                    if let a = keptAt[index]?.source, let b = goneAt[index]?.source, a != b {
                        try recordConflict(survivor, column: column, kept: theirsHoldID ? b : a, offered: theirsHoldID ? a : b)
                    }
                    continue
                }
            }
            let ruling = HouseholdWriter.ruling[index]
            let priorities = survivorship[HouseholdWriter.insertColumns[ruling]] ?? []
            let rank = { (owner: FieldOwnership?) -> Int in HouseholdWriter.rank(of: owner?.source, in: priorities) }
            let mineOwner = keptAt[ruling], theirsOwner = goneAt[ruling]
            let theirsWin = rank(theirsOwner) < rank(mineOwner)
                || (rank(theirsOwner) == rank(mineOwner) && (theirsOwner?.run ?? 0) > (mineOwner?.run ?? 0))
            // Two spellings of one head's name: the better stays whichever ranks higher (as for a record), and they
            // do not disagree.
            if index == HouseholdWriter.headNamePosition, let offered = String.fromDatabaseValue(theirs),
               let better = String.fromDatabaseValue(mine).flatMap({ HeadName.betterSpelling(offered, than: $0) }) {
                if better { taken.insert(index) }
                continue
            }
            if theirsWin { taken.insert(index) }
            if HouseholdWriter.survivesWith[column] == nil, let a = keptAt[index]?.source, let b = goneAt[index]?.source, a != b {
                try recordConflict(survivor, column: column, kept: theirsWin ? b : a, offered: theirsWin ? a : b)
            }
        }
        let columns = HouseholdWriter.insertColumns.indices.filter { taken.contains($0) }
        try db.execute(sql: """
            UPDATE dwd_household SET \(columns.map { "\(HouseholdWriter.insertColumns[$0]) = ?, " }.joined())
                first_seen_run = MIN(first_seen_run, ?), last_seen_run = MAX(last_seen_run, ?)
            WHERE household_id = ?
            """, arguments: StatementArguments(columns.map { gone.values[$0] })
                + [gone.firstSeenRun, gone.lastSeenRun, survivor])
        for table in ["household_source", "dwd_household_conflict", "household_member"] {
            try db.execute(sql: "UPDATE OR IGNORE \(table) SET household_id = ? WHERE household_id = ?", arguments: [survivor, absorbed])
            try db.execute(sql: "DELETE FROM \(table) WHERE household_id = ?", arguments: [absorbed])
        }
        for pass in passed { try passConflicts(survivor, column: pass.column, from: pass.from, to: pass.to) }
        // Field provenance: the survivor's owners keep what was not taken, the absorbed household's owners what was.
        // A column taken over is the survivor's in this run: its source took it over now (the run it set the value in
        // the absorbed household is that household's history), unless the same source already held the column here,
        // which keeps its run (a later change by the same source keeps the run it took the column over in).
        try withdraw(taken, of: survivor, from: keptOwners)
        // A dwelling column emptied because the absorbed household's place names another dwelling goes with that
        // place: its address's source owns it, as for a record that moves a household.
        var movedOwners = goneOwners
        let emptied = taken.subtracting(goneOwners.reduce(ColumnSet()) { $0.union($1.columns) })
        if !emptied.isEmpty, let owner = goneAt[HouseholdWriter.addressPosition] {
            movedOwners.append(FieldOwnership(source: owner.source, run: owner.run, columns: emptied))
        }
        for owner in movedOwners {
            let moved = ColumnSet(bits: owner.columns.bits & taken.bits)
            guard !moved.isEmpty else { continue }
            var byRun: [Int: ColumnSet] = [:]
            for index in HouseholdWriter.insertColumns.indices where moved.contains(index) {
                let run = keptAt[index].flatMap { $0.source == owner.source ? $0.run : nil } ?? runID
                byRun[run, default: ColumnSet()].insert(index)
            }
            for (run, columns) in byRun.sorted(by: { $0.key < $1.key }) {
                addOwnedColumns.bind(1, survivor); addOwnedColumns.bind(2, owner.source); addOwnedColumns.bind(3, run)
                addOwnedColumns.bind(4, columns.bits)
                try addOwnedColumns.execute()
            }
        }
        try retire(absorbed, into: survivor, rule: rule)
        mergedHouseholds += 1
        try writeHistory(survivor)
        // The disagreements both brought along are weighed against the merged values.
        try settleConflicts(of: survivor)
        guard let (row, _) = try StoredHousehold.fetchOne(bound(byID, survivor)) else {
            throw WarehouseError("household \(survivor) vanished while merging \(absorbed) into it")
        }
        // The survivor may now hold a room or phone it takes from the absorbed household.
        remember(id: row.id, values: row.values)
        return row
    }

    /// 合户: after a delivery of `sourceID` (a source with a stable record key) loaded, the households whose head the
    /// delivery's new files (`batchIDs`, the batches this run loaded) list as a member (by resident ID) of another
    /// household, and of which the source delivered a record before but none in this delivery nor in a later one
    /// (the registry's 户号 of 郑萍梅 is gone, and 马宇志's 户 lists her as 母亲): the household was absorbed into the
    /// one that lists its head. The two are merged as any two households are (the older id survives, the other
    /// becomes an alias with rule `head_listed_as_member`), except that the listing household's values stand: its
    /// head is the head now, the absorbed head one of its members. Never when the delivery lists that person as a
    /// member of several households (a parent in two sons' 户), nor when it still delivers the person's own household.
    ///
    /// `alsoDelivering` gives the other batches that still deliver records of the source: the delivery's files on
    /// disk that are unchanged since an earlier night (another grid's file beside the one that changed) and any
    /// later delivery loaded already; nil when the delivery is not known in full (a file of it could not be read or
    /// was held back), and then nothing merges. It is asked only when some household would merge. Returns how many
    /// merged.
    func absorbHouseholdsListedAsMembers(sourceID: String, batchIDs: [String],
                                         alsoDelivering: () throws -> [String]?) throws -> Int {
        guard !batchIDs.isEmpty else { return 0 }
        let batches = Array(repeating: "?", count: batchIDs.count).joined(separator: ", ")
        var arguments: StatementArguments = [sourceID, runID]
        arguments += StatementArguments(batchIDs)
        arguments += StatementArguments(batchIDs)
        let rows = try Row.fetchAll(db, sql: """
            SELECT DISTINCT m.household_id AS listing, h.household_id AS headed
            FROM household_member m
            JOIN dwd_household h ON h.head_id_hash = m.member_hash AND h.household_id <> m.household_id
            WHERE m.source_id = ?1 AND m.kind = 'id' AND m.last_seen_run = ?2
              AND EXISTS (SELECT 1 FROM household_source s WHERE s.household_id = m.household_id AND s.source_id = ?1
                                                             AND s.batch_id IN (\(batches)))
              AND EXISTS (SELECT 1 FROM household_source s WHERE s.household_id = h.household_id AND s.source_id = ?1)
              AND NOT EXISTS (SELECT 1 FROM household_source s WHERE s.household_id = h.household_id AND s.source_id = ?1
                                                                 AND s.batch_id IN (\(batches)))
              AND (SELECT COUNT(DISTINCT x.household_id) FROM household_member x
                   WHERE x.member_hash = m.member_hash AND x.kind = 'id' AND x.source_id = ?1 AND x.last_seen_run = ?2) = 1
            ORDER BY h.household_id
            """, arguments: arguments)
        guard !rows.isEmpty, let others = try alsoDelivering() else { return 0 }
        // The households the delivery's unchanged files, or a later delivery, still hold a record of: not absorbed.
        var stillDelivered = Set<String>()
        if !others.isEmpty {
            let placeholders = Array(repeating: "?", count: others.count).joined(separator: ", ")
            for headed in Set(rows.map { $0["headed"] as String }) {
                var arguments: StatementArguments = [headed, sourceID]
                arguments += StatementArguments(others)
                if try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ? AND source_id = ?
                                                                     AND batch_id IN (\(placeholders)))
                    """, arguments: arguments) ?? false {
                    stillDelivered.insert(headed)
                }
            }
        }
        var merged = 0
        for row in rows {
            let listing: String = row["listing"], headed: String = row["headed"]
            guard !stillDelivered.contains(headed) else { continue }
            // An earlier merge of this loop may have retired either.
            guard let (a, _) = try StoredHousehold.fetchOne(bound(byID, try current(listing))),
                  let (b, _) = try StoredHousehold.fetchOne(bound(byID, try current(headed))), a.id != b.id else { continue }
            _ = try merge(a, b, rule: "head_listed_as_member", valuesOf: a.id)
            merged += 1
        }
        return merged
    }

    /// The household an id stands for now: itself, or the household that absorbed it (`household_alias`).
    func current(_ id: String) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT household_id FROM household_alias WHERE alias_id = ?"),
                            arguments: [id]) ?? id
    }

    func recordRelink(_ c: HouseholdCandidate, from: String, to: String?) throws {
        relinkedRecords += 1
        try db.execute(sql: """
            INSERT INTO household_relink (source_id, record_key, batch_id, from_household, to_household, run_id, reason)
            VALUES (?, ?, ?, ?, ?, ?, 'a different valid ID than the household it was linked to')
            """, arguments: [c.sourceID, c.recordKey, c.batchID, from, to, runID])
    }
}
