import Foundation
import GRDB
import RongtongStaging

// A key that no longer names the facility it named: a row number (序号) after a row was deleted or inserted above.
extension FacilityWriter {
    /// Whether the key's record (`row`: the facility the key named, with `previous_digest`, what the record offered
    /// when last loaded) is now another installation than that facility: a row number (`序号`) that gave the key to
    /// the next row after a row was deleted above it. The record changed since it was last loaded, names something
    /// other than it named then (its name's digest differs), and its name does not fit the facility's (`namesFit`:
    /// names of two kinds never do; judged by the record's type and by the facility's, so that a name saying only its
    /// compound and another type, 测金桂苑5G基站 for 测金桂苑东门路灯, does not fit), and
    /// - it is of another type (a 充电桩's key now on a 消火栓), or
    /// - it is elsewhere: both points in Guizhou more than a fifth of `maxDistanceMeters` apart (10 m, the reach of
    ///   one spot), or both compounds known and different.
    ///
    /// A record naming what it named (a corrected type, a corrected point, a 2 km error put right) keeps its
    /// facility, and so does a nameless one; so does another name of the same type at the same place, or with no
    /// place to compare (a survey without points, one compound): that could be a corrected name.
    func keyNamesAnotherFacility(_ row: Row, _ c: FacilityCandidate, compoundID: String?, digest: Data) throws -> Bool {
        guard case .blob(let before)? = (row["previous_digest"] as DatabaseValue?)?.storage, before.count == digest.count,
              before != digest else { return false }
        guard let nameIndex = FacilityWriter.tracked.firstIndex(of: "name"),
              !HouseholdWriter.sameValue(before, digest, at: nameIndex) else { return false }
        guard let name = c.name, !name.isEmpty, let stored: String = row["name"], !stored.isEmpty else { return false }
        var spellings: [String] = []
        if let storedCompound: String = row["compound_id"],
           let compound = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_compound WHERE compound_id = ?"),
                                              arguments: [storedCompound]) {
            spellings.append(compound)
        }
        if let own = c.compoundName, !spellings.contains(own) { spellings.append(own) }
        // A name that says only its compound and its type (测金桂苑5G基站) fits any name of that type, the words of the
        // type being no evidence against another name of it. Of another type, those words are the evidence: the name
        // fits the facility's only if it fits by the facility's type words too (5G基站 is no 路灯).
        var asStored = c
        if let storedType: String = row["facility_type"] { asStored.facilityType = storedType }
        guard !(namesFit(c, row, compound: spellings) && namesFit(asStored, row, compound: spellings)) else { return false }
        if (row["facility_type"] as String?) != c.facilityType { return true }
        if let lat = c.lat, let lon = c.lon, FacilityWriter.isInGuizhou(lat, lon),
           let storedLat: Double = row["lat"], let storedLon: Double = row["lon"],
           FacilityWriter.isInGuizhou(storedLat, storedLon) {
            return FacilityWriter.meters(lat, lon, storedLat, storedLon) > maxDistanceMeters / 5
        }
        if let compoundID, let storedCompound: String = row["compound_id"] { return compoundID != storedCompound }
        return false
    }
}
