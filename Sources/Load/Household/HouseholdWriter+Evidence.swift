import Foundation
import GRDB
import RongtongStaging

// The pure tests the linker applies to names, dwellings, places and identities.
extension HouseholdWriter {
    /// Whether the new values name no region, or a region strictly containing the stored one; or the same region
    /// with an address that stops where the stored one goes on to a villager's group or door number
    /// (`…新寨村1组` of `…新寨村1组52号`, `…尖坡村` of `…尖坡村3组23号`): the village is the same, whether the community
    /// table lists it (then it is the region) or not (then its name is in both addresses), and the record says
    /// less of where in it the household lives. Likewise the same region with an address naming no dwelling (no
    /// compound, building, unit or room) that the stored address, at a dwelling, goes on from: 民政's township
    /// alone, `…钟山区荷城街道`, of the census flat `…钟山区荷城街道凤凰山小区10栋2单元302室`. And the same region with
    /// no compound and the stored address with its compound left out: the registry's door `…舟水桥街道新华村6组21号`
    /// of the census's house in a shantytown, `…舟水桥街道丁字口棚户区新华村6组21号` (see `householdsAtAreaDoor`).
    /// A region containing the stored one is less precise only while the new values name no other dwelling
    /// (`namesAnotherDwelling`): the grid's `测金滩小区8栋2单元304室`, placed at its county by `context:`, is a move
    /// away from the registry's flat in 北门社区, not that flat written less precisely.
    static func placedLessPrecisely(_ new: [DatabaseValue], than stored: [DatabaseValue]) -> Bool {
        guard let old = String.fromDatabaseValue(stored[regionPosition]) else { return false }
        guard let region = String.fromDatabaseValue(new[regionPosition]) else { return true }
        let a = CompoundRegistry.significantPrefix(old), b = CompoundRegistry.significantPrefix(region)
        if a == b, new[compoundPosition].isNull, !stored[compoundPosition].isNull,
           dwellingPositions.allSatisfy({ new[$0].isNull || new[$0] == stored[$0] }),
           let offered = String.fromDatabaseValue(new[addressPosition]),
           let kept = String.fromDatabaseValue(stored[addressPosition]), leavesOut(offered, of: kept) {
            return true
        }
        if a == b, let offered = String.fromDatabaseValue(new[addressPosition]),
           let kept = String.fromDatabaseValue(stored[addressPosition]), kept.hasPrefix(offered) {
            if kept.count > offered.count, dwellingPositions.allSatisfy({ new[$0].isNull }),
               dwellingPositions.contains(where: { !stored[$0].isNull }) {
                return true
            }
            return isGroupOrDoor(kept.dropFirst(offered.count))
        }
        return a != b && a.hasPrefix(b) && !namesAnotherDwelling(new, than: stored)
    }

    /// Whether the new values name a dwelling other than the stored one, whatever their regions: another compound;
    /// another building, unit or room where both give one, the new values naming a compound (or neither); or a
    /// compound flat (a compound and a room) where the household lived at no compound and no room (a villager's
    /// door: moved into a resettlement flat).
    /// Values that leave the dwelling out (民政's township alone, a village without its door, the same flat without
    /// its unit) name no other dwelling, nor does a flat without its compound beside a stored compound flat (a water
    /// account's bare `钟山区10栋1单元203` against `…水钢一村10栋1单元202`): which compound it lies in is not said.
    static func namesAnotherDwelling(_ new: [DatabaseValue], than stored: [DatabaseValue]) -> Bool {
        let room = StoredHousehold.position["room"]!
        let newCompound = new[compoundPosition], storedCompound = stored[compoundPosition]
        if !newCompound.isNull, !storedCompound.isNull, newCompound != storedCompound { return true }
        if !newCompound.isNull || storedCompound.isNull,
           dwellingPositions.contains(where: { !new[$0].isNull && !stored[$0].isNull && new[$0] != stored[$0] }) {
            return true
        }
        return !newCompound.isNull && !new[room].isNull && storedCompound.isNull && stored[room].isNull
    }

    /// `3组`, `3组23号`, `23号` or `23-1号`: a villager group, its door number, or both, as the address parser writes
    /// them (Arabic digits).
    static func isGroupOrDoor(_ rest: Substring) -> Bool {
        var rest = rest
        func digits() -> Bool {
            let count = rest.prefix { $0.isASCII && $0.isNumber }.count
            rest = rest.dropFirst(count)
            return count > 0
        }
        guard !rest.isEmpty else { return false }
        if let group = rest.firstIndex(of: "组"), rest[..<group].allSatisfy({ $0.isASCII && $0.isNumber }),
           group > rest.startIndex {
            rest = rest[rest.index(after: group)...]
            if rest.isEmpty { return true }
        }
        guard digits() else { return false }
        if rest.first == "-" {
            rest = rest.dropFirst()
            guard digits() else { return false }
        }
        return rest == "号"
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

    /// Whether region code `finer` lies strictly within region code `coarser` (a community of the county, or of the
    /// township): the finer one says more of the same place. False when either is NULL or they are equal.
    static func liesWithin(_ finer: DatabaseValue, _ coarser: DatabaseValue) -> Bool {
        guard let fine = String.fromDatabaseValue(finer), let coarse = String.fromDatabaseValue(coarser) else { return false }
        let a = CompoundRegistry.significantPrefix(fine), b = CompoundRegistry.significantPrefix(coarse)
        return a != b && a.hasPrefix(b)
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

    /// Whether the new values name the household's stored place, only more finely or as far as both go: regions
    /// one within the other, the compound, building, unit and room equal where both give them, and a compound only
    /// the new values give named in an address the stored one leaves part of (`leavesOut`: the stored address is
    /// the region, or the flat without its compound). A village door and a flat of a compound are two places.
    static func placeAgrees(_ new: [DatabaseValue], _ stored: [DatabaseValue]) -> Bool {
        if let a = String.fromDatabaseValue(new[regionPosition]), let b = String.fromDatabaseValue(stored[regionPosition]) {
            let x = CompoundRegistry.significantPrefix(a), y = CompoundRegistry.significantPrefix(b)
            guard x.hasPrefix(y) || y.hasPrefix(x) else { return false }
        }
        for index in dwellingPositions where !new[index].isNull && !stored[index].isNull && new[index] != stored[index] {
            return false
        }
        if stored[compoundPosition].isNull, !new[compoundPosition].isNull,
           let kept = String.fromDatabaseValue(stored[addressPosition]) {
            guard let offered = String.fromDatabaseValue(new[addressPosition]), leavesOut(kept, of: offered) else { return false }
        }
        if let kept = String.fromDatabaseValue(stored[addressPosition]), let offered = String.fromDatabaseValue(new[addressPosition]),
           kept != offered, stored[compoundPosition].isNull, new[compoundPosition].isNull {
            // Two addresses without a compound (two village doors, two road numbers): one place only when one leaves
            // part of the other out.
            return leavesOut(kept, of: offered) || leavesOut(offered, of: kept)
        }
        return true
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
    /// building, unit or room), with no ID in common (a phone is often a family's: brothers next door share one). The
    /// caller also asks `sharesPerson`: a head who is a listed member of the household, or lists its head, is no other
    /// household (the head died and the family moved the same night).
    /// That is a key that numbers rows (序号) after the export
    /// gained or lost a row, not a household that moved (same head) or changed its head (same place). A household
    /// that corrects its head's name and moves the same night looks the same, and is linked by its evidence.
    ///
    /// The record is compared with what it offered itself when last loaded (`offeredBefore`, its `record_digest`), not
    /// with what the household holds now: a power account written 测孙彬 at 人民中路45号供电局宿舍1栋1单元401 stays
    /// its own record when the census, ranked higher, gave the household 测孙斌 and another address text. Without
    /// per-value digests (a record loaded before Rongtong kept them, or one whose digest a whole list cleared), with the
    /// household's values.
    static func keyNamesAnotherHousehold(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?,
                                         offeredBefore: DatabaseValue, digest: Data) -> Bool {
        guard let name = c.headName, let stored = row.headName, !HeadName.sameName(stored, name) else { return false }
        if let hash = c.headIDHash, hash == row.headIDHash { return false }
        if case .blob(let before) = offeredBefore.storage, before.count == digest.count {
            let said = { (position: Int) in valueDigest(before, at: position).map { $0 != nullDigest } ?? false }
            if sameValue(before, digest, at: headNamePosition) { return false }
            if c.headIDHash != nil, sameValue(before, digest, at: idPosition) { return false }
            if c.address != nil, said(addressPosition) { return !sameValue(before, digest, at: addressPosition) }
            let incoming = [compoundID, c.building, c.unit, c.room]
            return zip(incoming, dwellingPositions).contains { new, position in
                new != nil && said(position) && !sameValue(before, digest, at: position)
            }
        }
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

    /// Whether the record's ID, sent masked by its feed (`522701********5055`, see `ResidentID.maskedForm`), shows a
    /// character that the household's head ID (`head_id_masked`, `520102********123X`) has otherwise at the same
    /// place: another person, whatever name, dwelling or phone they share. Equal visible characters prove nothing (a
    /// region code and four digits are shared by many people), and a record with a valid ID is judged by its hash.
    static func maskedIDDiffers(_ row: StoredHousehold, _ c: HouseholdCandidate) -> Bool {
        guard c.headIDHash == nil, let masked = c.headIDMasked,
              let stored = String.fromDatabaseValue(row.values[maskedIDPosition]) else { return false }
        let a = Array(masked.utf8), b = Array(stored.utf8)
        guard a.count == b.count else { return false }
        let hidden = UInt8(ascii: "*")
        return zip(a, b).contains { $0 != hidden && $1 != hidden && $0 != $1 }
    }

    static let maskedIDPosition = StoredHousehold.position["head_id_masked"]!

    /// Two spellings of one head's name, or names one character apart: equal as `HeadName.sameName` compares them
    /// (middle dots left out, 艾尔肯吐尔逊 = 艾尔肯·吐尔逊; traditional characters simplified, 張國華 = 张国华; a
    /// character the sender lost standing for any, 杨?祥 = 杨吉祥), or, compared so, one character substituted, inserted or deleted when both names have at least three
    /// characters: in a two-character name one character is half the name (崔帅 and 龙帅 are different people). A
    /// lost character is no character in common there (杨?祥 and 杨吉翔 are two characters apart).
    static func similarNames(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b || HeadName.sameName(a, b) { return true }
        return oneCharacterApart(HeadName.comparable(a), HeadName.comparable(b))
    }

    /// One character substituted, inserted or deleted, both texts having at least three characters (equal texts
    /// are not apart). Compound and facility names compare by it as written.
    static func oneCharacterApart(_ a: String, _ b: String) -> Bool {
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
    /// Middle dots are left out and traditional characters simplified first (張鵬 / 张朋).
    static func sameSurnameOneApart(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        let x = Array(HeadName.comparable(a)), y = Array(HeadName.comparable(b))
        return x.count == 2 && y.count == 2 && x[0] == y[0] && x[1] != y[1]
    }
}
