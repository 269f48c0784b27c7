import Foundation
import GRDB

// Facilities a whole inventory no longer names (`absent_means: {status: …}` in the pipeline file).
extension FacilityWriter {
    /// Gives each facility that `sourceID` listed in an earlier batch, and does not list in `batchIDs` (the file of
    /// one delivery, or its pages), the status
    /// `status`: the power company's full asset list no longer naming a 箱变 means it is gone. A facility whose status
    /// another source changed since this source's record was loaded (its stored status is not the one this source
    /// offered) keeps it: the newer word wins, as it does between records; so does one whose absence was applied
    /// before. Each changed facility gets a history version; listed again, its record is a change and sets the
    /// status it gives.
    ///
    /// `.withdrawn(n)` counts the facilities this delivery no longer names that the source's records still offered
    /// (the delivery before it named them), whether or not the status changed: a 箱变 already 停用 that the list
    /// drops is no longer listed too. Each is counted once: what its records offered no longer stands (their
    /// `record_digest` is cleared), so a later delivery still not naming it does not count it again.
    ///
    /// `listed` holds the record keys the delivery names, rejected records included; `listedBefore` the keys the
    /// source still listed before the delivery (see `LoadSession.recordKeysStillListed`). When more than half of the
    /// facilities those name would be withdrawn (an empty or cut-off delivery), nothing is, and the result is
    /// `.implausible`.
    func applyAbsence(sourceID: String, batchIDs: [String], status: String, listed: Set<String>,
                      listedBefore: Set<String>) throws -> AbsenceOutcome {
        var everListed = Set<String>(), stillListed = Set<String>(), present = Set<String>()
        var offered: [String: [Data]] = [:]
        let delivered = Set(batchIDs)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT facility_id, record_key, batch_id, record_digest FROM facility_source WHERE source_id = ?
            """), arguments: [sourceID])
        while let row = try rows.next() {
            let facilityID: String = row[0], key: String = row[1]
            everListed.insert(facilityID)
            if listedBefore.contains(key) { stillListed.insert(facilityID) }
            if delivered.contains(row[2] as String) || listed.contains(key) { present.insert(facilityID) }
            if let digest = row[3] as Data? { offered[facilityID, default: []].append(digest) }
        }
        // None still listed although some were (records loaded before Rongtong kept their digests): all of them.
        if stillListed.isEmpty { stillListed = everListed }
        let newlyAbsent = stillListed.subtracting(present).count
        if newlyAbsent * 2 > stillListed.count { return .implausible(absent: newlyAbsent, of: stillListed.count) }
        let absent = everListed.subtracting(present).sorted()
        let statusIndex = FacilityWriter.tracked.firstIndex(of: "status") ?? 0
        var unlisted = 0
        for facilityID in absent {
            // A record of the list still offering what it said: the delivery before this one named the facility.
            guard let offeredBefore = offered[facilityID], !offeredBefore.isEmpty,
                  let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT status FROM dwd_facility WHERE facility_id = ?"),
                                                arguments: [facilityID]) else { continue }
            unlisted += 1
            let current: DatabaseValue = stored[0]
            // The list's silence withdraws only what the list itself said last: a status another feed gave since
            // (the inspection's 在用 after the list's 在用 and its silence) stands, and a silence already applied (the
            // record's digest cleared) is not applied again over a newer word.
            let storedDigest = HouseholdWriter.columnDigests([current])
            let digests = offeredBefore.filter { $0.count == 2 * FacilityWriter.tracked.count }
            if String.fromDatabaseValue(current) != status, digests.contains(where: { digest in
                HouseholdWriter.valueDigest(digest, at: statusIndex).map { $0 == (storedDigest[0], storedDigest[1]) } ?? false
            }) {
                try db.cachedStatement(sql: "UPDATE dwd_facility SET status = ? WHERE facility_id = ?")
                    .execute(arguments: [status, facilityID])
                try writeHistory(facilityID)
            }
            // What the list's old record offered no longer stands, whether or not the status changed: listed again,
            // the record is a change, and the facility is not counted as no longer listed again.
            try db.cachedStatement(sql: "UPDATE facility_source SET record_digest = NULL WHERE facility_id = ? AND source_id = ?")
                .execute(arguments: [facilityID, sourceID])
        }
        return .withdrawn(unlisted)
    }
}
