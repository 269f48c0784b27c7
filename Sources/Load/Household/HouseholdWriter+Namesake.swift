import Foundation
import GRDB
import RongtongStaging

extension HouseholdWriter {
    /// The one household of the made-up compound `coarseID` (a compound of the record's name at a region above its
    /// township, made because the name fits several townships) that lives at the record's building, unit and room,
    /// as `livesAt` judges it (no other valid ID; a head name equal or one character apart, or the same phone); nil
    /// when there is none or several. The record places that flat in a township: see `moveToFinerNamesake`.
    func householdAtDwelling(inCoarser coarseID: String, _ c: HouseholdCandidate) throws -> StoredHousehold? {
        guard let room = c.room,
              known?.mayHave(compoundID: coarseID, building: c.building, unit: c.unit, room: room) ?? true else { return nil }
        byRoom.bind(1, coarseID); byRoom.bind(2, c.building); byRoom.bind(3, c.unit); byRoom.bind(4, room)
        let phone = c.phoneHash.flatMap { sharedPhones.contains($0) ? nil : $0 }
        let found = try StoredHousehold.fetchAll(byRoom).filter { row in
            HouseholdWriter.compatible(row, c)
                && (c.headIDHash != nil && row.headIDHash == c.headIDHash
                    || c.headName.map { HouseholdWriter.similarNames(row.headName, $0) } ?? false
                    || (phone != nil && String.fromDatabaseValue(row.values[HouseholdWriter.phonePosition]) == phone))
        }
        return found.count == 1 ? found[0] : nil
    }

    /// Moves a household from a made-up coarser compound of the name to the township's compound of that name, which a
    /// record just named for the same flat: the finer place is no disagreement, whichever source ranks higher, and
    /// the household is where it would be had that record loaded first (the coarse record then finds its namesake,
    /// `finerNamesakes`). It takes `compoundID`, the compound's `region` when its own contains it, and `address`
    /// (the stored one with the finer levels and the compound as spelled there), with a history version. Its
    /// records that offered the old compound offer the new one when loaded now (see `pinRegion`), so their digests
    /// say so: a forced reload is the same record again. The columns keep their owners.
    func moveToFinerNamesake(_ household: StoredHousehold, to compoundID: String, region: String?,
                             address: String?) throws {
        let oldCompound = household.values[HouseholdWriter.compoundPosition]
        let oldRegion = household.values[HouseholdWriter.regionPosition]
        let oldAddress = household.values[HouseholdWriter.addressPosition]
        let keepsRegion = region == nil || !HouseholdWriter.liesWithin(region.databaseValue, oldRegion)
        let newRegion = keepsRegion ? oldRegion : region.databaseValue
        let newAddress = keepsRegion ? oldAddress : address.databaseValue
        try db.cachedStatement(sql: """
            UPDATE dwd_household SET compound_id = ?, region_code = ?, address = ? WHERE household_id = ?
            """).execute(arguments: [compoundID, newRegion, newAddress, household.id])
        try writeHistory(household.id)
        var moved = household
        moved.values[HouseholdWriter.compoundPosition] = compoundID.databaseValue
        moved.values[HouseholdWriter.regionPosition] = newRegion
        moved.values[HouseholdWriter.addressPosition] = newAddress
        known?.add(moved)
        let positions = [HouseholdWriter.compoundPosition, HouseholdWriter.regionPosition, HouseholdWriter.addressPosition]
        let old = Array(HouseholdWriter.columnDigests([oldCompound, oldRegion, oldAddress]))
        let new = Array(HouseholdWriter.columnDigests([compoundID.databaseValue, newRegion, newAddress]))
        let records = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_key, batch_id, record_digest FROM household_source WHERE household_id = ?
            """), arguments: [household.id])
        for record in records {
            guard case .blob(let data) = (record[3] as DatabaseValue).storage,
                  data.count == 2 * HouseholdWriter.insertColumns.count else { continue }
            var bytes = Array(data)
            let at = 2 * HouseholdWriter.compoundPosition
            guard bytes[at] == old[0], bytes[at + 1] == old[1] else { continue }
            for (index, position) in positions.enumerated() where bytes[2 * position] == old[2 * index]
                && bytes[2 * position + 1] == old[2 * index + 1] {
                bytes[2 * position] = new[2 * index]; bytes[2 * position + 1] = new[2 * index + 1]
            }
            try db.cachedStatement(sql: """
                UPDATE household_source SET record_digest = ? WHERE source_id = ? AND record_key = ? AND batch_id = ?
                """).execute(arguments: [Data(bytes), record[0] as String, record[1] as String, record[2] as String])
        }
    }
}
