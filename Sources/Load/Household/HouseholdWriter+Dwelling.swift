import GRDB
import RongtongStaging

/// The person a utility account's record names (`record_names: account_holder`, or an organisation written as the
/// head's name): the holder of the account, often not the head of the household living at its dwelling (a spouse,
/// a parent, a former owner, a 单位). Set aside by `HouseholdWriter.load` before the record is linked and written.
struct AccountHolder {
    /// The holder's name; nil for an organisation (`六盘水供电局`), whose name is no evidence of anyone.
    var name: String?
    /// The holder's resident ID hash, if the record carried a valid one.
    var idHash: String?
}

// Linking by the dwelling: the same flat and the same phone whatever the name (a spouse's account), and the records
// of account holders, whose dwelling decides their household.
extension HouseholdWriter {
    /// The candidate as it is linked and written, with its account holder set aside in `holder`: a record of a source
    /// whose records name account holders (`namesAccountHolder`), or whose name is an organisation's, offers no head
    /// name, ID, gender or birth date (they are the holder's); its phone is the holder's, which replaces no phone
    /// another source gave the household (see `survivingUpdates`). An organisation's record offers no phone at all:
    /// a 单位's switchboard (`0859-3112345` on the accounts of its staff's flats) is no person's phone, neither
    /// evidence of a household nor a household's phone, whichever flat's account comes first in the file. Other
    /// records are returned as they are.
    func settingAsideHolder(of c: HouseholdCandidate) -> HouseholdCandidate {
        guard namesAccountHolder || c.holderOrganisation != nil else {
            holder = nil
            return c
        }
        holder = AccountHolder(name: c.headName, idHash: c.headIDHash)
        var written = c
        written.headName = nil
        written.headIDHash = nil
        written.headIDMasked = nil
        written.headGender = nil
        written.headBirthDate = nil
        if c.holderOrganisation != nil {
            written.phoneHash = nil
            written.phoneMasked = nil
        }
        return written
    }

    /// The households the candidate's dwelling links it to, strongest first:
    /// - an account holder's record (`holder`): the household living at its dwelling (compound, building, unit and
    ///   room; or a villager's door); among several there, the one with the record's phone, else the one whose head the
    ///   holder is, else the only one with a head name: never one by id order (`address+holder`). A record that leaves
    ///   out a building or unit the households there give (`1栋202` for `1栋2单元202`), or the other way round, takes
    ///   the one household at that room whose levels do not differ, or among several the one with its phone or holder.
    ///   Without a household at its dwelling, or without a dwelling, the household whose head the holder is by ID
    ///   (`id_hash`) or by phone and name (`phone+name`), unless it lives at another dwelling (`livesElsewhere`).
    /// - any other record at a compound and room: the household living there that holds the record's phone, not a
    ///   shared one (`sharedPhones`), whatever the names (`address+phone`: a spouse's account with the household's own
    ///   phone); and a household there (or at the room without a building or unit the record gives) that no person was
    ///   named for yet, made by account holders' records (`address+holder`). Never a household another record of the
    ///   candidate's own file made or joined (two households of one flat sharing a landline, listed apart), nor one
    ///   with another valid ID (a masked ID that differs is the member's, as the name is).
    /// - any other record at a villager's door (`doorPhoneEvidence`): the one household at the same door that holds
    ///   the record's phone, on the same terms (`address+phone`); and, while nobody is named at that door, the
    ///   households there only account holders' records made (`address+holder`, `unnamedAtDoor`).
    func dwellingEvidence(_ c: HouseholdCandidate, compoundID: String?) throws -> [(row: StoredHousehold, rule: String, score: Double)] {
        if let holder { return try holdersHousehold(c, holder, compoundID: compoundID).map { [$0] } ?? [] }
        guard let compoundID else {
            var found = try doorPhoneEvidence(c).map { [$0] } ?? []
            for row in try unnamedAtDoor(c) where !found.contains(where: { $0.row.id == row.id }) {
                found.append((row, "address+holder", 0.8))
            }
            return found
        }
        guard let room = c.room else { return [] }
        var found: [(row: StoredHousehold, rule: String, score: Double)] = []
        let exact = try householdsAt(compoundID, c.building, c.unit, room, c)
        // The phone must be the household's own, not one many households share (`sharedPhones`).
        if let phone = c.phoneHash, !recordPhoneIsShared,
           let row = exact.first(where: { HouseholdWriter.phone(of: $0) == phone }),
           try !listsApart(row, c) {
            found.append((row, "address+phone", 0.9))
        }
        // A household only account holders' records made (no head named, no ID), at this room, also where it leaves
        // out the building or unit this record gives.
        var levels = [(c.building, c.unit)]
        if c.unit != nil { levels.append((c.building, nil)) }
        if c.building != nil { levels.append((nil, c.unit)) }
        if c.building != nil, c.unit != nil { levels.append((nil, nil)) }
        for (building, unit) in levels {
            let rows = building == c.building && unit == c.unit ? exact : try householdsAt(compoundID, building, unit, room, c)
            for row in rows where row.headName == nil && row.headIDHash == nil && !found.contains(where: { $0.row.id == row.id }) {
                if try !listsApart(row, c) { found.append((row, "address+holder", 0.8)) }
            }
        }
        return found
    }

    /// The household at the record's villager's door that holds its phone, whatever the names (`address+phone`: the
    /// wife, 测吴小花, named as 户主 by a census row at `干堰村3组12号` with the family's phone, where the registry's 户
    /// at that door names her husband and lists her as 妻). The door as `address+name` takes it: a record without a
    /// compound whose normalized address ends in a door right after a group, a village or a community (with the room
    /// it gives there), placed at a township or finer, and a household with the same whole address; not a road's
    /// door number (`中华北路123号`, often a whole building of households). The phone must be the household's own,
    /// not a shared one (`sharedPhones`), and the only household at that door holding it; never a household with
    /// another valid ID, nor one another record of the candidate's own file made or joined (a father and his 分户
    /// son at one door sharing the landline, listed apart).
    private func doorPhoneEvidence(_ c: HouseholdCandidate) throws -> (row: StoredHousehold, rule: String, score: Double)? {
        guard let phone = c.phoneHash, !recordPhoneIsShared, let address = c.address,
              let door = HouseholdWriter.door(of: address, room: c.room), HouseholdWriter.isVillageDoor(door),
              let region = c.regionCode, CompoundRegistry.significantPrefix(region).count >= 9 else { return nil }
        let holding = try StoredHousehold.fetchAll(bound(byDoor, address))
            .filter { HouseholdWriter.compatible($0, c) && HouseholdWriter.phone(of: $0) == phone }
        guard holding.count == 1, try !listsApart(holding[0], c) else { return nil }
        return (holding[0], "address+phone", 0.9)
    }

    /// The households at the record's villager's door that no person was named for yet (no head name, no ID: made by
    /// account holders' records alone, `record_names: account_holder`), which a record naming its head joins
    /// (`address+holder`), as at a flat: the water company's account at `干堰村5组7号`, loaded before the census, and the
    /// census row of 龙小平 at that door are one household whichever loads first (trial fringe, finding 2). The door
    /// is taken as `doorPhoneEvidence` takes it (the same whole address, placed at a township or finer). Only while
    /// nobody is named at that door: where a household there has a head (two brothers' households at one door, and
    /// an account that agreed with neither), the account's household is not one of theirs by the door alone; a
    /// record holding its phone still joins it (`address+phone`). Never a household another record of the candidate's
    /// own file made or joined, nor one with another valid ID.
    private func unnamedAtDoor(_ c: HouseholdCandidate) throws -> [StoredHousehold] {
        guard let address = c.address, let door = HouseholdWriter.door(of: address, room: c.room),
              HouseholdWriter.isVillageDoor(door), let region = c.regionCode,
              CompoundRegistry.significantPrefix(region).count >= 9 else { return [] }
        let rows = try StoredHousehold.fetchAll(bound(byDoor, address)).sorted { $0.id < $1.id }
        guard !rows.isEmpty, !rows.contains(where: { $0.headName != nil || $0.headIDHash != nil }) else { return [] }
        return try rows.filter { HouseholdWriter.compatible($0, c) }.filter { try !listsApart($0, c) }
    }

    /// A record linked by its dwelling and phone (`address+phone`) under a name that is not its household's head's,
    /// equal or one character apart (a spouse's account): the name is another member's, and so are the ID, masked ID,
    /// gender and birth date the record gives; none is offered as the head's. A household with no head name yet takes
    /// them. Not a record that names the head instead (`namesHeadInstead`): the same family written from the other
    /// spouse's side (the registry's 户主 测石华英, listing as 配偶 the wife the census named as head without an ID),
    /// ranked for the head name, whose head, ID, gender and birth date are offered as the head's, as for
    /// `member_is_head`.
    static func withholdMembersName(_ values: inout [DatabaseValue], linkedTo existing: StoredHousehold?, by rule: String,
                                    namesHeadInstead: Bool = false) {
        guard rule == "address+phone", !namesHeadInstead, let existing, let head = existing.headName,
              let name = String.fromDatabaseValue(values[headNamePosition]), !similarNames(head, name) else { return }
        for column in ["head_name", "head_id_hash", "head_id_masked", "head_gender", "head_birth_date"] {
            values[StoredHousehold.position[column]!] = .null
        }
    }

    /// Whether the candidate, linked to household `row` by its dwelling and phone under another name, names the head
    /// the household takes instead (see `withholdMembersName`): it lists the household's head among its members (by
    /// resident ID, or by name hashed as members' names are, `memberNameHash`), and its source ranks at least as high
    /// for `head_name` as the source of the name the household holds (unranked sources are equal: the record, loaded
    /// last, wins). A record ranked lower (民政's case naming the wife and listing the husband the census ranks first
    /// for) names a member: its head's name, ID, gender and birth date are all withheld, so that the household never
    /// holds one person's name with another's ID.
    func namesHeadInstead(of row: StoredHousehold?, _ c: HouseholdCandidate) throws -> Bool {
        guard let row, !c.memberIDHashes.isEmpty || !c.memberNameHashes.isEmpty else { return false }
        var listed = row.headIDHash.map(c.memberIDHashes.contains) ?? false
        if !listed, !c.memberNameHashes.isEmpty, let name = row.headName, let hash = memberNameHash?(name) {
            listed = c.memberNameHashes.contains(hash)
        }
        guard listed else { return false }
        let owner = try fieldOwnership(of: row.id).first { $0.columns.contains(HouseholdWriter.headNamePosition) }?.source
        let ranks = survivorship["head_name"] ?? []
        return owner == nil || HouseholdWriter.rank(of: c.sourceID, in: ranks) <= HouseholdWriter.rank(of: owner, in: ranks)
    }

    /// Whether a record of an account holder (`holder`) no longer belongs to the household it was linked to before
    /// (`row`): the record gives a compound, and the household lives at another dwelling (`livesElsewhere`: it moved,
    /// or a former owner's account was joined to her new home by phone and name). The record is then linked by its
    /// dwelling again.
    func holderLeftDwelling(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?) -> Bool {
        holder != nil && compoundID != nil && HouseholdWriter.livesElsewhere(row, c, compoundID: compoundID)
    }

    /// The household an account holder's record belongs to (see `dwellingEvidence`).
    private func holdersHousehold(_ c: HouseholdCandidate, _ holder: AccountHolder,
                                  compoundID: String?) throws -> (row: StoredHousehold, rule: String, score: Double)? {
        // Among several households, the one the record's phone (not a shared one), else its holder's name, names alone.
        func agreeing(_ rows: [StoredHousehold]) -> StoredHousehold? {
            func only(_ fits: [StoredHousehold]) -> StoredHousehold? { fits.count == 1 ? fits[0] : nil }
            let phone = recordPhoneIsShared ? nil : c.phoneHash
            return only(rows.filter { phone != nil && HouseholdWriter.phone(of: $0) == phone })
                ?? holder.name.flatMap { name in
                    only(rows.filter { HeadName.equal($0.headName, name) }) ?? only(rows.filter { HouseholdWriter.similarNames($0.headName, name) })
                }
        }
        var dwelling: [StoredHousehold]?
        if let compoundID, let room = c.room {
            var rows = try householdsAt(compoundID, c.building, c.unit, room, c)
            if rows.isEmpty {
                // The record or the households leave out a building or unit: only a household plainly the one.
                byRoomLevels.bind(1, compoundID); byRoomLevels.bind(2, c.building); byRoomLevels.bind(3, c.unit)
                byRoomLevels.bind(4, room)
                let near = try StoredHousehold.fetchAll(byRoomLevels).sorted { $0.id < $1.id }
                    .filter { HouseholdWriter.compatible($0, c) }
                rows = near.count == 1 ? near : agreeing(near).map { [$0] } ?? []
            }
            dwelling = rows
        } else if compoundID == nil, let address = c.address, HouseholdWriter.isVillageDoor(address),
                  let region = c.regionCode, CompoundRegistry.significantPrefix(region).count >= 9 {
            dwelling = try StoredHousehold.fetchAll(bound(byDoor, address)).sorted { $0.id < $1.id }
        }
        if let rows = dwelling, !rows.isEmpty {
            // The dwelling decides, whoever holds the account; among several households there, the one the record's
            // phone or holder agrees with, else the only one with a head (the others made by accounts alone). The
            // order of household ids is no evidence: when nothing tells them apart, none.
            let named = rows.filter { $0.headName != nil }
            if let row = rows.count == 1 ? rows[0] : agreeing(rows) ?? (named.count == 1 ? named[0] : nil) {
                return (row, "address+holder", 0.8)
            }
        }
        // No household at its dwelling, or no dwelling: the household whose head the holder is, by ID, else by phone
        // and name, unless it lives at another dwelling.
        func elsewhere(_ row: StoredHousehold) -> Bool { HouseholdWriter.livesElsewhere(row, c, compoundID: compoundID) }
        if let id = holder.idHash, let (row, _) = try StoredHousehold.fetchOne(bound(byIDHash, id)), !elsewhere(row) {
            return (row, "id_hash", 1.0)
        }
        if let phone = c.phoneHash, !recordPhoneIsShared, let name = holder.name {
            let rows = try StoredHousehold.fetchAll(bound(byPhone, phone)).filter { !elsewhere($0) }
            func only(_ fits: [StoredHousehold]) -> StoredHousehold? { fits.count == 1 ? fits[0] : nil }
            if let row = only(rows.filter { HeadName.equal($0.headName, name) }) ?? only(rows.filter { HouseholdWriter.similarNames($0.headName, name) }) {
                return (row, "phone+name", 0.8)
            }
        }
        return nil
    }

    /// Whether the stored household lives at another dwelling than the account holder's record gives: when both give
    /// a room, another building, unit or room (a level one of them leaves out does not count; a compound written
    /// another way, 供销社宿舍 for 州供销社宿舍, neither); when one gives no room, another compound. A household with no
    /// place of its own (a registry's, whose 户籍 address is elsewhere) lives at no other dwelling.
    static func livesElsewhere(_ row: StoredHousehold, _ c: HouseholdCandidate, compoundID: String?) -> Bool {
        func stored(_ column: String) -> String? { String.fromDatabaseValue(row.values[StoredHousehold.position[column]!]) }
        func differ(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a != b
        }
        if let room = c.room, let storedRoom = stored("room") {
            return room != storedRoom || differ(c.building, stored("building")) || differ(c.unit, stored("unit"))
        }
        return differ(compoundID, stored("compound_id"))
    }

    /// The households at a building, unit and room of `compoundID` (a missing building or unit matches only a missing
    /// one) that the candidate could be (no other valid ID), in id order.
    private func householdsAt(_ compoundID: String, _ building: String?, _ unit: String?, _ room: String,
                              _ c: HouseholdCandidate) throws -> [StoredHousehold] {
        guard known?.mayHave(compoundID: compoundID, building: building, unit: unit, room: room) ?? true else { return [] }
        return try householdsInRoom(compoundID, building, unit, room).filter { HouseholdWriter.compatible($0, c) }
    }

    /// The households at a building, unit and room of `compoundID` (a missing building or unit matches only a missing
    /// one), in id order; the room `link` asked for last is read once (`roomRead`).
    func householdsInRoom(_ compoundID: String, _ building: String?, _ unit: String?, _ room: String) throws -> [StoredHousehold] {
        if let read = roomRead, read.compoundID == compoundID, read.building == building, read.unit == unit, read.room == room {
            return read.rows
        }
        byRoom.bind(1, compoundID); byRoom.bind(2, building); byRoom.bind(3, unit); byRoom.bind(4, room)
        let rows = try StoredHousehold.fetchAll(byRoom).sorted { $0.id < $1.id }
        roomRead = (compoundID, building, unit, room, rows)
        return rows
    }

    static func phone(of row: StoredHousehold) -> String? {
        String.fromDatabaseValue(row.values[StoredHousehold.position["phone_hash"]!])
    }
}
