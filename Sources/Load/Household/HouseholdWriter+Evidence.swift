import Foundation
import GRDB
import RongtongStaging

// The pure tests the linker applies to names, dwellings, places and identities.
extension HouseholdWriter {
    /// Whether the new values name no region, or a region strictly containing the stored one.
    static func placedLessPrecisely(_ new: [DatabaseValue], than stored: [DatabaseValue]) -> Bool {
        guard let old = String.fromDatabaseValue(stored[regionPosition]) else { return false }
        guard let region = String.fromDatabaseValue(new[regionPosition]) else { return true }
        let a = CompoundRegistry.significantPrefix(old), b = CompoundRegistry.significantPrefix(region)
        return a != b && a.hasPrefix(b)
    }

    /// Whether the new values name the stored flat in a compound where the stored values named none: the same
    /// building, unit and room (a room given), a region inside the stored one or the same, and a stored address
    /// that leaves out only what the new one adds (`…钟山区10栋1单元202室` of `…钟山区荷城街道水钢一村10栋1单元202室`).
    static func completesPlace(_ new: [DatabaseValue], of stored: [DatabaseValue]) -> Bool {
        let room = StoredHousehold.position["room"]!
        guard stored[compoundPosition].isNull, !new[compoundPosition].isNull, !new[room].isNull,
              dwellingPositions.allSatisfy({ $0 == compoundPosition || new[$0] == stored[$0] }),
              let region = String.fromDatabaseValue(new[regionPosition]),
              let storedRegion = String.fromDatabaseValue(stored[regionPosition]),
              CompoundRegistry.significantPrefix(region).hasPrefix(CompoundRegistry.significantPrefix(storedRegion)),
              let address = String.fromDatabaseValue(new[addressPosition]),
              let storedAddress = String.fromDatabaseValue(stored[addressPosition]) else { return false }
        return leavesOut(storedAddress, of: address)
    }

    /// Whether the new values place the household somewhere else: another compound, or, without a compound, a
    /// region that neither contains nor lies within the stored one.
    static func moved(from stored: [DatabaseValue], to new: [DatabaseValue]) -> Bool {
        let oldCompound = String.fromDatabaseValue(stored[compoundPosition])
        if let newCompound = String.fromDatabaseValue(new[compoundPosition]) {
            return oldCompound != nil && oldCompound != newCompound
        }
        guard oldCompound != nil, let newRegion = String.fromDatabaseValue(new[regionPosition]),
              let oldRegion = String.fromDatabaseValue(stored[regionPosition]) else { return false }
        let a = CompoundRegistry.significantPrefix(oldRegion), b = CompoundRegistry.significantPrefix(newRegion)
        return !a.hasPrefix(b) && !b.hasPrefix(a)
    }

    /// Whether the new values name the stored flat: the same compound, building, unit and room (a compound and a
    /// room given), whatever their address texts write around them.
    static func sameDwelling(_ new: [DatabaseValue], _ stored: [DatabaseValue]) -> Bool {
        let room = StoredHousehold.position["room"]!
        guard !new[compoundPosition].isNull, !new[room].isNull else { return false }
        return dwellingPositions.allSatisfy { new[$0] == stored[$0] }
    }

    /// Whether `offered` is `kept` with one part left out (`…街道化工厂宿舍2栋…` of `…街道北京路45号化工厂宿舍2栋…`):
    /// it says nothing the kept address does not.
    static func leavesOut(_ offered: String, of kept: String) -> Bool {
        let a = Array(offered), b = Array(kept)
        guard a.count < b.count else { return false }
        var prefix = 0
        while prefix < a.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return prefix + suffix == a.count
    }

    /// Whether two stored households could be one: not two different valid IDs.
    static func sameIdentityPossible(_ a: StoredHousehold, _ b: StoredHousehold) -> Bool {
        guard let x = a.headIDHash, let y = b.headIDHash else { return true }
        return x == y
    }

    /// Whether the stored household and the candidate name two different dwellings: both give a room, and the
    /// compound, building, unit or room differ (a level one of them leaves out does not count).
    static func otherDwelling(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?) -> Bool {
        func stored(_ column: String) -> String? { String.fromDatabaseValue(row.values[StoredHousehold.position[column]!]) }
        guard let room = c.room, let storedRoom = stored("room") else { return false }
        func differ(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a != b
        }
        return room != storedRoom || differ(compoundID, stored("compound_id")) || differ(c.building, stored("building"))
            || differ(c.unit, stored("unit"))
    }

    /// Whether the household a keyed record was linked to before is plainly not the record's any more: another head
    /// name (neighbours' names are often one character apart: 杨光明, 杨光亮) at another place (address, compound,
    /// building, unit or room), with no ID in common (a phone is often a family's: brothers next door share one).
    /// That is a key that numbers rows (序号) after the export
    /// gained or lost a row, not a household that moved (same head) or changed its head (same place). A household
    /// that corrects its head's name and moves the same night looks the same, and is linked by its evidence.
    static func keyNamesAnotherHousehold(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?) -> Bool {
        guard let name = c.headName, let stored = row.headName, stored != name else { return false }
        if let hash = c.headIDHash, hash == row.headIDHash { return false }
        func storedText(_ position: Int) -> String? { String.fromDatabaseValue(row.values[position]) }
        if let address = c.address, let storedAddress = storedText(HouseholdWriter.addressPosition) {
            return address != storedAddress
        }
        let incoming = [compoundID, c.building, c.unit, c.room]
        let dwelling = HouseholdWriter.dwellingPositions.map(storedText)
        return zip(incoming, dwelling).contains { pair in
            guard let new = pair.0, let old = pair.1 else { return false }
            return new != old
        }
    }

    /// Two different valid IDs are two households, whatever else they share.
    static func compatible(_ row: StoredHousehold, _ c: HouseholdCandidate) -> Bool {
        guard let stored = row.headIDHash, let incoming = c.headIDHash else { return true }
        return stored == incoming
    }

    /// Equal, or one character substituted, inserted or deleted when both names have at least three characters:
    /// in a two-character name one character is half the name (崔帅 and 龙帅 are different people).
    static func similarNames(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1, min(x.count, y.count) >= 3 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    /// Two two-character names with the same first character (the surname) and a different second one.
    static func sameSurnameOneApart(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        let x = Array(a), y = Array(b)
        return x.count == 2 && y.count == 2 && x[0] == y[0] && x[1] != y[1]
    }
}
