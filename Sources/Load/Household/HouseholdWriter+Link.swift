import Foundation
import GRDB
import RongtongStaging

/// Finding the household a record belongs to: its own earlier record, its ID, a new head listed as a member, a head
/// the record lists as a member, its dwelling and name, its phone and name; ties, merges and moves.
extension HouseholdWriter {
    /// The existing household this candidate belongs to, with the rule and score that linked it.
    ///
    /// Every rule is tried; when the candidate's evidence points at several households that can be one (no two
    /// different valid IDs among them), they are merged into the oldest, whose id survives; the others become
    /// aliases in `household_alias`. A record that moves to another household (its ID now says someone else, not a
    /// listed member of its household) is recorded in `household_relink`.
    func link(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool,
                      values: [DatabaseValue], digest: Data) throws -> (StoredHousehold?, String, Double) {
        var matches: [(row: StoredHousehold, rule: String, score: Double)] = []
        var movedFrom: String?
        // The household of its own a record seen before got when its evidence fitted several (`ambiguous`): not
        // one of the households its evidence is weighed against again.
        var ownAmbiguous: String?
        // The household a record seen before was linked to, which now has another valid head ID than the record's.
        var headChangedIn: StoredHousehold?
        movedFromHousehold = false
        keepsOtherBatches = false
        replacedBatch = nil
        unchangedRecord = false
        supersededRecord = false
        offeredBefore = nil
        ambiguousFit = nil
        leftOffered = nil
        roomRead = nil
        defer {
            roomRead = nil
            movedFromHousehold = movedFrom != nil
            leftHousehold = movedFrom
        }
        // A record seen before keeps its household and the rule that first linked it: by its key when the source
        // has one, else only when reloading the very same file (record numbers mean nothing across files).
        var keyed: [(row: StoredHousehold, extra: [DatabaseValue])] = []
        if known?.mayHave(sourceID: c.sourceID, recordKey: c.recordKey) ?? true {
            bySourceRecord.bind(1, c.sourceID); bySourceRecord.bind(2, c.recordKey); bySourceRecord.bind(3, keyIsStable)
            bySourceRecord.bind(4, c.batchID)
            keyed = try StoredHousehold.fetchAllWithExtra(bySourceRecord)
        }
        var kept = keyed.first
        // A record of a source without a stable key, the same as one its previous delivery sent (its number may have
        // changed with rows added or removed above it): the same record, unchanged, in the household it was in.
        if !keyIsStable, kept == nil, let (row, rule, score) = try earlierIdenticalRecord(c, digest: digest) {
            unchangedRecord = true
            return (row, rule, score)
        }
        // Records of other files under this key that this record may be a later export of: which one it is (if any),
        // its evidence tells.
        var earlierExports: [(row: StoredHousehold, extra: [DatabaseValue])] = []
        if keyIsStable, keyed.count > 1 {
            // The key stands for records of several files (county sheets that each number their rows from 1): the
            // record is the one of the same file, if any, and the other files' records keep their rows. A file of
            // another name (tomorrow's dated sheet) holds a later export of the one its evidence links it to.
            keepsOtherBatches = true
            kept = keyed.first { String.fromDatabaseValue($0.extra[5]) == currentBatchFile }
            if kept == nil { earlierExports = keyed }
        }
        if let (row, extra) = kept {
            // Reloading an older file of a keyed source (a forced run that reads every file of its glob again):
            // the record was superseded by a later file's, which is loaded after it. Replaying it would undo and
            // redo what that later record did (a new head, a move); it is left alone.
            if !marksSighting, keyIsStable, let current = currentBatchFile,
               let newer = String.fromDatabaseValue(extra[3]), newer > current {
                supersededRecord = true
                return (row, "superseded", 1.0)
            }
            if marksSighting, keyIsStable, Int.fromDatabaseValue(extra[4]) == runID {
                // Another file loaded in this very run holds the key too: two exports of one list (a missed night's
                // file and tonight's), or county sheets that each number their rows from 1. The record is linked by
                // its own evidence; when that leads to the other file's household, it is the same record exported
                // again, else both records stay (see `earlierExport`).
                keepsOtherBatches = true
                earlierExports = [(row, extra)]
            } else if HouseholdWriter.keyNamesAnotherHousehold(row, c, compoundID: compoundID, offeredBefore: extra[2],
                                                                digest: digest),
                      try !sharesPerson(row, c) {
                // The key now names another household (a row number, 序号, after a row was inserted above): the
                // record is linked by its own evidence, and the household the key named keeps its row.
                keysNamingAnotherHousehold += 1
                notes.append(LoadNote(recordNumber: c.recordNumber, key: c.recordKey, rule: "record_key_reused",
                    message: "this key named another household before (another head at another place); the record was linked by its own evidence. Does the key number rows?"))
            } else if HouseholdWriter.compatible(row, c), !holderLeftDwelling(row, c, compoundID: compoundID) {
                let rule = String.fromDatabaseValue(extra[0]) ?? "same_source_record"
                let score = Double.fromDatabaseValue(extra[1]) ?? 0.95
                // Unchanged since it was loaded: no new evidence, so no other rule can say more. Unless its evidence
                // fitted several households and it got one of its own: the households it fitted may tell it apart
                // now, and while they do not, its warning stays (also in a forced reload).
                if offeredUnchanged(extra[2], digest: digest, values: values) {
                    unchangedRecord = true
                    guard rule == "ambiguous" else { return (row, rule, score) }
                }
                if rule == "ambiguous" { ownAmbiguous = row.id }
                matches.append((row, rule, score))
            } else if !HouseholdWriter.compatible(row, c),
                      HouseholdWriter.sameAsOffered(extra[2], digest: digest, values: values) {
                // Sent again unchanged, while another source gave the household another head since (民政's case naming
                // the wife, who lists this record's head as 配偶): the same record, no newer than that source's, so it
                // takes nothing back. Only a record whose values changed says the head changed.
                unchangedRecord = true
                return (row, String.fromDatabaseValue(extra[0]) ?? "same_source_record",
                        Double.fromDatabaseValue(extra[1]) ?? 0.95)
            } else if !HouseholdWriter.compatible(row, c),
                      HouseholdWriter.offersSameHead(extra[2], digest: digest) {
                // Changed in another column (its 低保 cell, its member count), but naming the head it named when last
                // loaded, while another source gave the household another head since: no new head. It stays, and
                // survivorship takes over only the values it changed (trial 18d's recheck: H224's 是否低保 否 → blank
                // took the head back from 民政's case). `offeredUnchanged` keeps what it offered then for survivorship.
                _ = offeredUnchanged(extra[2], digest: digest, values: values)
                matches.append((row, String.fromDatabaseValue(extra[0]) ?? "same_source_record",
                                Double.fromDatabaseValue(extra[1]) ?? 0.95))
            } else if !HouseholdWriter.compatible(row, c) {
                // Another valid ID than the household's: a new head, if the household listed him or her as a
                // member (`member_id` below); else the record moves, and takes along the values it offered then.
                headChangedIn = row
                leftOffered = extra[2]
            } else {
                movedFrom = row.id
                leftOffered = extra[2]
            }
        }
        var headHousehold: StoredHousehold?
        if let hash = c.headIDHash, known?.mayHave(idHash: hash) ?? true,
           let (row, _) = try StoredHousehold.fetchOne(bound(byIDHash, hash)) {
            matches.append((row, "id_hash", 1.0))
            headHousehold = row
        }
        // The head died or moved out, and a member took over with his or her own ID: the same household with a new
        // head, unless a household of that head exists already (then the record moves to it, as before).
        if let old = headChangedIn {
            if headHousehold == nil, let (rule, score) = try newHeadIsMember(of: old, c, values: values, byKey: true)
                ?? newHeadOfOnlyRecord(of: old, c, values: values) {
                if let (_, extra) = kept, String.fromDatabaseValue(extra[0]) == "member_is_head" {
                    // Linked as a record naming another member as its head (`member_is_head`): it stays so, with the
                    // rule and score that linked it, and unchanged since it was loaded it brings nothing new.
                    let score = Double.fromDatabaseValue(extra[1]) ?? HouseholdWriter.memberIsHeadScore
                    if offeredUnchanged(extra[2], digest: digest, values: values) {
                        unchangedRecord = true
                        return (old, "member_is_head", score)
                    }
                    matches.insert((old, "member_is_head", score), at: 0)
                } else {
                    matches.insert((old, rule, score), at: 0)
                }
            } else {
                movedFrom = old.id
            }
        } else if headHousehold == nil, matches.isEmpty, earlierExports.isEmpty {
            matches += try householdsListingHead(c, values: values, keyIsStable: keyIsStable)
            // The other way round: the record lists the household's head as a member (the spouse's 民政 case).
            if matches.isEmpty, let listed = try householdListedAsMember(c, values: values, keyIsStable: keyIsStable) {
                matches.append(listed)
            }
        } else if headHousehold == nil, matches.isEmpty {
            // Another file of this run holds the key for a household of another head (a catch-up run loading several
            // nights' registry files): when that household listed this record's head as a member, the head changed
            // between the files, and this record is the later export of that household's record.
            for export in earlierExports where !HouseholdWriter.compatible(export.row, c) {
                if let (rule, score) = try newHeadIsMember(of: export.row, c, values: values, byKey: true) {
                    matches.append((export.row, rule, score))
                    break
                }
            }
        }
        // The households holding the record's phone, read once: for the phone+name rule, and to learn whether the
        // phone is a shared one (a grid worker's or village committee's phone entered for many households), which
        // is no evidence of any of them.
        var phoneRows: [StoredHousehold] = []
        if let phone = c.phoneHash, !sharedPhones.contains(phone), known?.mayHave(phoneHash: phone) ?? true {
            phoneRows = try StoredHousehold.fetchAll(bound(byPhone, phone)).sorted { $0.id < $1.id }
            if Set(phoneRows.compactMap { $0.headName.map(HeadName.undotted) }).count >= HouseholdWriter.sharedPhoneNames {
                sharedPhones.insert(phone)
                phoneRows = []
            }
        }
        recordPhoneIsShared = c.phoneHash.map(sharedPhones.contains) ?? false
        // Households one rule's evidence fits equally well (a father and his son of one name at one door, each the
        // head of his own household after 分户): the one the record's other evidence agrees with, else none.
        var ambiguous: (rule: String, ids: [String])?
        func take(_ fits: [StoredHousehold], rule: String, score: (StoredHousehold) -> Double) {
            let fits = fits.filter { $0.id != ownAmbiguous }
            guard !fits.isEmpty else { return }
            guard let (row, evidence, doubt) = breakTie(fits, values: values, name: c.headName) else {
                if ambiguous == nil { ambiguous = (rule, fits.map(\.id)) }
                return
            }
            matches.append((row, evidence.map { "\(rule):tie_broken_by_\($0)" } ?? rule, ((score(row) - doubt) * 100).rounded() / 100))
        }
        let nameScore = { (name: String) in { (row: StoredHousehold) in HeadName.equal(row.headName, name) ? 0.95 : 0.85 } }
        if let compoundID, let room = c.room, let name = c.headName,
           known?.mayHave(compoundID: compoundID, building: c.building, unit: c.unit, room: room) ?? true {
            let rows = try householdsInRoom(compoundID, c.building, c.unit, room)
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: true), rule: "address+name", score: nameScore(name))
        }
        // A dwelling without a compound: the same normalized address, placed at a township or finer, at a door and
        // the room there if the record gives one (王宽村1组60号附1号402室: another room is another household). A
        // villager's door (墨冲村3组15号, 东山社区12号, 王宽村7组村委会旁) with a head name as for a room; a road's
        // door number (中华北路123号), often a whole building of households, only with the same name.
        if compoundID == nil, let address = c.address, let door = HouseholdWriter.door(of: address, room: c.room),
           let name = c.headName, let region = c.regionCode, CompoundRegistry.significantPrefix(region).count >= 9 {
            let rows = try StoredHousehold.fetchAll(bound(byDoor, address)).sorted { $0.id < $1.id }
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            // At a road's door number (often a whole building), only the same name.
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: HouseholdWriter.isVillageDoor(door)),
                 rule: "address+name", score: nameScore(name))
        }
        // A flat at a road's door number without a compound (瑞金南路61号7栋4单元1101室), written after the names of
        // regions one of which contains the other (the grid's 贵阳市 for the registry's 盐务街街道): only the same name.
        // As at a compound's flat: never a household of another valid ID, nor one the record's own file lists apart
        // (a father and his son of one name at one flat, two rows of one census).
        if compoundID == nil, let name = c.headName {
            let rows = try householdsAtRoadFlat(c)
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: false), rule: "address+name", score: nameScore(name))
        }
        // A road's door without a room (中华北路123号, 中华南路15号附3号), the whole house or building one record names
        // at a county or a prefecture (the grid's 云岩区, where the door rule above asks for a township): only the same
        // name, at the same door written after the names of regions one of which contains the other.
        if compoundID == nil, let name = c.headName {
            let rows = try householdsAtRoadDoor(c)
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            take(try heads(among: rows, of: c, named: name, nameMayDiffer: false), rule: "address+name", score: nameScore(name))
        }
        // A house in a shantytown, area or urban village at its own door (丁字口棚户区 with 新华村6组21号), and the
        // records that write that door without the area (…舟水桥街道新华村6组21号): one door, as for a villager's.
        if let name = c.headName, let (door, rows) = try householdsAtAreaDoor(c, compoundID: compoundID) {
            var seen = Set<String>()
            let fits = rows.filter { seen.insert($0.id).inserted }
                .filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            take(try heads(among: fits, of: c, named: name, nameMayDiffer: HouseholdWriter.isVillageDoor(door)),
                 rule: "address+name", score: nameScore(name))
        }
        // The same dwelling (a flat, or a villager's door) and phone whatever the name, after the name at either; an
        // account holder's record by its dwelling.
        matches += try dwellingEvidence(c, compoundID: compoundID)
        if let name = c.headName, !phoneRows.isEmpty {
            let compatible = phoneRows.filter { HouseholdWriter.compatible($0, c) && !HouseholdWriter.maskedIDDiffers($0, c) }
            // The same name at another dwelling is the same head, moved or corrected; a name one character away at
            // another dwelling is someone else sharing the phone (李建国 and his son 李建军 two floors up), and so
            // is one in a household the record's own file lists as another record (brothers sharing the home phone),
            // unless the record names that very head in another spelling (`keptApart`). The same name includes its
            // traditional spelling (陳秀蘭 for 陈秀兰, `HeadName.comparable`).
            var fits = compatible.filter { HeadName.equalInEitherScript($0.headName, name) }
            if fits.isEmpty {
                fits = try compatible.filter {
                    HouseholdWriter.similarNames($0.headName, name) && !HouseholdWriter.otherDwelling($0, c, compoundID: compoundID)
                }.filter { try !keptApart($0, c, named: name) }
            }
            take(fits, rule: "phone+name", score: { _ in 0.8 })
        }
        if !earlierExports.isEmpty {
            // A record under a key another file holds: the same record exported again when its evidence leads to
            // that file's household, which it then updates as the key's record of a later night would.
            let earlier = try earlierExport(among: earlierExports, linkedTo: matches.map(\.row.id), c, compoundID: compoundID)
            replacedBatch = earlier.flatMap { String.fromDatabaseValue($0.1[6]) }
            if marksSighting, earlierExports.contains(where: {
                Int.fromDatabaseValue($0.extra[4]) == runID && String.fromDatabaseValue($0.extra[6]) != replacedBatch
            }) {
                // Another file of this run holds the key for another household: the key is not unique across files.
                keysRepeatedAcrossFiles += 1
                notes.append(LoadNote(recordNumber: c.recordNumber, key: c.recordKey, rule: "record_key_shared",
                    message: "another file of this source loaded in this run holds this key for another household (another head, not listed as a member of it); the record was linked by its own evidence (a record_key must name one household across all the source's files)"))
            }
            if let (row, extra) = earlier {
                if keyed.count == 1 { keepsOtherBatches = false }
                let rule = String.fromDatabaseValue(extra[0]) ?? "same_source_record"
                let score = Double.fromDatabaseValue(extra[1]) ?? 0.95
                if offeredUnchanged(extra[2], digest: digest, values: values) {
                    unchangedRecord = true
                    return (row, rule, score)
                }
                matches.insert((row, rule, score), at: 0)
            }
        }
        guard let primary = matches.first else {
            if let movedFrom { try recordRelink(c, from: movedFrom, to: nil) }
            if let ambiguous {
                // Not a guess by id order: the record gets a household of its own (see `load`), and a warning.
                ambiguousFit = ambiguous
                return (nil, "ambiguous", 0.5)
            }
            return (nil, "new", 1.0)
        }
        var survivor = primary.row
        var seen: Set<String> = [survivor.id]
        var (rule, score) = (primary.rule, primary.score)
        for match in matches.dropFirst() {
            guard seen.insert(match.row.id).inserted, HouseholdWriter.sameIdentityPossible(survivor, match.row),
                  try !listedApart(survivor.id, match.row.id) else { continue }
            survivor = try merge(survivor, match.row, rule: match.rule)
            // A record kept in the household of its own that an ambiguity gave it, whose evidence now leads to one of
            // the households it could not be told from: it is linked by that evidence.
            if rule == "ambiguous" {
                (rule, score) = (match.rule, match.score)
                if unchangedRecord {
                    // It brings nothing new: what it offered before takes nothing over now.
                    unchangedRecord = false
                    offeredBefore = digest
                }
            }
        }
        if rule == "ambiguous", ownAmbiguous != nil { ambiguousFit = ambiguous }
        if let movedFrom, movedFrom != survivor.id { try recordRelink(c, from: movedFrom, to: survivor.id) }
        return (survivor, rule, score)
    }

    /// The households holding the flat a record without a compound gives at a road's door number
    /// (`瑞金南路61号7栋4单元1101室`, `中华北路12号附2号502室`), whose head has the record's very name (in either script):
    /// no compound, the same building, unit and room, an address writing the same door and flat after the names of
    /// its region, and a region that contains the record's or lies within it (the grid's row placed at 贵阳市 by its
    /// context, the registry's at 盐务街街道). A villager's door is left to the door rules; so is a record without a
    /// room (a whole house at a door may be several households).
    func householdsAtRoadFlat(_ c: HouseholdCandidate) throws -> [StoredHousehold] {
        guard let room = c.room, let name = c.headName, let address = c.address, let region = c.regionCode,
              let tail = try addressAfterRegion(address, region),
              let door = tail.range(of: "号"), !HouseholdWriter.isVillageDoor(String(tail[..<door.upperBound])),
              tail.first.map({ !$0.isNumber }) ?? false else { return [] }
        byFlatWithoutCompound.bind(1, c.building); byFlatWithoutCompound.bind(2, c.unit)
        byFlatWithoutCompound.bind(3, room)
        let own = CompoundRegistry.significantPrefix(region)
        return try StoredHousehold.fetchAll(byFlatWithoutCompound).filter { row in
            guard HeadName.equalInEitherScript(row.headName, name),
                  let stored = String.fromDatabaseValue(row.values[HouseholdWriter.regionPosition]),
                  let storedAddress = String.fromDatabaseValue(row.values[HouseholdWriter.addressPosition]) else { return false }
            let other = CompoundRegistry.significantPrefix(stored)
            guard own.hasPrefix(other) || other.hasPrefix(own) else { return false }
            return (try? addressAfterRegion(storedAddress, stored)) == tail
        }.sorted { $0.id < $1.id }
    }

    /// The households without a compound at the road's door a record without a building, unit or room writes
    /// (`中华北路123号`, `中华南路15号附3号`), whose head has the record's very name (in either script): an address
    /// writing the same door after the names of a region that contains the record's or lies within it down to a
    /// township (the grid's row placed at 云岩区, the registry's at 贵阳市 or at 威清门街道). Nil for a villager's door,
    /// left to the door rule (a group's numbers repeat from village to village), and for a record placed above a
    /// prefecture. A record placed at a township or finer still finds those at its own address by the door rule too.
    func householdsAtRoadDoor(_ c: HouseholdCandidate) throws -> [StoredHousehold] {
        guard c.room == nil, c.building == nil, c.unit == nil, let name = c.headName, let address = c.address,
              let region = c.regionCode, CompoundRegistry.significantPrefix(region).count >= 4,
              let tail = try addressAfterRegion(address, region).map(String.init),
              tail.hasSuffix("号"), !HouseholdWriter.isVillageDoor(tail),
              tail.first.map({ !$0.isNumber }) ?? false else { return [] }
        var seen = Set<String>()
        var rows: [StoredHousehold] = []
        for around in try regionsAround(region) {
            guard let names = try regionNames?.fullName(around) else { continue }
            for row in try StoredHousehold.fetchAll(bound(byDoor, names + tail))
            where seen.insert(row.id).inserted && HeadName.equalInEitherScript(row.headName, name) {
                rows.append(row)
            }
        }
        return rows.sorted { $0.id < $1.id }
    }

    /// The region, the regions containing it, and those one level within it (a county's townships, a prefecture's
    /// counties: every township of a prefecture would be a lookup each, a hundred or more for every record placed
    /// at a prefecture), codes of `dim_region`, read once per region and load.
    private func regionsAround(_ region: String) throws -> [String] {
        if let known = roadDoorRegions[region] { return known }
        let own = CompoundRegistry.significantPrefix(region)
        let containing = [2, 4, 6, 9].filter { $0 < own.count }
            .map { String(own.prefix($0)) + String(repeating: "0", count: 12 - $0) }
        let levelWithin = own.count <= 4 ? 6 : 9
        let within = own.count >= 9 ? [] : try String.fetchAll(db, sql: """
            SELECT code FROM dim_region WHERE substr(code, 1, ?1) = ?2 AND substr(code, ?4) = ?5 AND code <> ?3
            """, arguments: [own.count, own, region, levelWithin + 1, String(repeating: "0", count: 12 - levelWithin)])
        let all = [region] + containing + within
        if roadDoorRegions.count >= 10_000 { roadDoorRegions = [:] }
        roadDoorRegions[region] = all
        return all
    }

    /// What `address` writes after the names of its region `region` (`瑞金南路61号7栋4单元1101室`), or nil when it does
    /// not start with them.
    private func addressAfterRegion(_ address: String, _ region: String) throws -> Substring? {
        guard let names = try regionNames?.fullName(region), address.hasPrefix(names), address.count > names.count
        else { return nil }
        return address.dropFirst(names.count)
    }
}
