import Foundation
import GRDB
import RongtongStaging

// Which value a household keeps, and which source set it (`household_field_owner`).
extension HouseholdWriter {
    /// The positions of the candidate values that survive against the stored ones, per the pipeline's source
    /// priorities; a value a higher-priority source already set is kept, and the disagreement is recorded as a
    /// conflict.
    /// The columns that describe the head as a person, besides the ID: they go with the ID (see `survivingUpdates`).
    static let headPersonPositions = Set(["head_name", "head_gender", "head_birth_date"].map { StoredHousehold.position[$0]! })
    /// The columns a valid resident ID gives (its birth date and sex digits): a household with a valid head ID holds
    /// the ID's, whatever a record's own columns say (see `survivingUpdates`).
    static let idGivenPositions = Set(["head_gender", "head_birth_date"].map { StoredHousehold.position[$0]! })

    func survivingUpdates(_ values: [DatabaseValue], existing: StoredHousehold, householdID: String,
                                  source: String) throws -> [Int] {
        let owners = try fieldOwnership(of: householdID)
        // The owning source of each value column, by position.
        let ownerAt = HouseholdWriter.ownersByPosition(owners)
        // Values this record offers again unchanged that it takes over all the same: its source now ranks above their
        // owner, the column's ranking having changed since they were decided (trial 19d).
        let outranked = rerankedColumns.isEmpty ? []
            : outrankedPositions(values, existing: existing, ownerAt: ownerAt, source: source)
        var updates: [Int] = []
        var takenOver = ColumnSet()
        // What the household's records offered when last loaded (read when first needed).
        var othersOffered: [(source: String, digest: [UInt8])]?
        // What this record offered when it was last loaded, per column: a value it offers again unchanged is not a
        // change, so it takes nothing back from a source that changed the column since (民政's 低保 stays when the
        // census edits another column of the same record).
        let before = offeredBefore.map(Array.init)
        let current = before == nil ? nil : Array(HouseholdWriter.columnDigests(values))
        // A record placed less precisely than the household (no region, or only a region containing the stored
        // one: 民政's `大山洞新村4栋2单元102室` that named no county; or the same village without the door number:
        // 民政's `…新寨村1组` for the registry's `…新寨村1组52号`) does not replace its address and dwelling.
        // A record that gave the household its stored address and now writes another corrects its own place (a
        // feeder's `…3组21栋` made `…3组21号`, `…3组20号幸福苑` made `…3组20号`): it is not a vaguer record of the
        // place another gave, and the compound, building, unit or room it gave before and leaves empty now go with
        // the old text (trial 21h, D1).
        let correctsOwnPlace = HouseholdWriter.correctsOwnPlace(before: before, current: current,
                                                                 stored: existing.values, owner: ownerAt[HouseholdWriter.addressPosition],
                                                                 source: source)
        let vaguer = !correctsOwnPlace && HouseholdWriter.placedLessPrecisely(values, than: existing.values)
        // The other way round, a record placing the household more finely than its stored place (the grid's flat in
        // 梧桐苑 after 民政's case that gave only its prefecture by `context:`) disagrees with no place column: the
        // stored place said less, not something else. It replaces it as survivorship says, with no conflict row,
        // whichever feed loaded first (trial 18e).
        let refinesPlace = !vaguer && HouseholdWriter.placedLessPrecisely(existing.values, than: values)
        // The other way round: a household whose stored place resolved no region at all (a census's
        // `平坝贵安新区马场镇…` before the parser knew it, kept by its rank) takes its address and dwelling from the first
        // record that places it, whatever the ranks: an unplaced address is no value to defend.
        let placesItFirst = existing.values[HouseholdWriter.regionPosition].isNull
            && !values[HouseholdWriter.regionPosition].isNull
        // Likewise a household whose stored address names no compound (a water account's bare `10栋1单元202`, placed
        // at its county by the source's context) takes the address, region and compound of a record that names the
        // same flat in a compound (`…荷城街道水钢一村10栋1单元202`), whatever the ranks: it says where the flat is.
        let completesPlace = HouseholdWriter.completesPlace(values, of: existing.values)
        // A household's place (address, region, compound, building, unit, room) is one record's: the source that wins
        // `address` under survivorship (or the most recent) brings all of it. A record that does not win the address
        // neither replaces nor fills any place column, unless it names the same place (`placeAgrees`: a room the
        // household's own compound and building lack): a registry's new flat does not lend its compound and room
        // to the grid's village door, which would mix two dwellings in one row.
        let addressRanks = survivorship["address"] ?? []
        let addressRank = { (name: String?) -> Int in HouseholdWriter.rank(of: name, in: addressRanks) }
        let addressOwner = ownerAt[HouseholdWriter.addressPosition]
        let storedAddress = existing.values[HouseholdWriter.addressPosition]
        let winsPlace = storedAddress.isNull || addressOwner == nil || addressRank(source) <= addressRank(addressOwner)
        let placeStays = !winsPlace && !placesItFirst && !completesPlace
            && !HouseholdWriter.placeAgrees(values, existing.values)
        // A record that wins the place and now names another dwelling moved the household: it brings its whole place,
        // its own region too, even one containing the stored region (the grid's new compound placed only at its
        // county by `context:`) or one it offered unchanged last night (its township): the old flat's community
        // does not stay on the new flat. A record offering its place again unchanged moves nothing back (another
        // source moved the household since). Its dwelling (compound, building, unit, room) tells: its region and
        // address text also shift when its compound is placed more finely, which is no new word of the record.
        var offersDwellingAnew = true
        if let before, let current, before.count == current.count, !outranked.contains(HouseholdWriter.addressPosition) {
            offersDwellingAnew = HouseholdWriter.dwellingPositions.contains {
                before[2 * $0] != current[2 * $0] || before[2 * $0 + 1] != current[2 * $0 + 1]
            }
        }
        let namesAnotherDwelling = HouseholdWriter.namesAnotherDwelling(values, than: existing.values)
        let movesHousehold = (winsPlace || placesItFirst) && offersDwellingAnew && namesAnotherDwelling
        // The other way round, a record that would win the place but names the dwelling it named before, where the
        // household lives elsewhere now, offers none of its place again: not the address text alone, which shifts
        // when its compound is placed more finely (the household would show one flat's address with another's
        // compound).
        let offersOldDwellingAgain = (winsPlace || placesItFirst) && namesAnotherDwelling && !offersDwellingAnew
        // The head's name, gender and birth date describe the person whose ID the record gives. A record naming
        // another member as its head than the household's, whose ID does not win `head_id` (民政's case naming the
        // wife, linked by `member_is_head` or `member_id`, where the census is ranked for the head), offers them for
        // her, not for the head: they replace nothing (the household would hold the husband's name and ID with the
        // wife's birth date).
        let idPosition = HouseholdWriter.idPosition
        let idRanks = survivorship["head_id_hash"] ?? []
        let anotherPersonsHead = !values[idPosition].isNull && !existing.values[idPosition].isNull
            && values[idPosition] != existing.values[idPosition]
            && ownerAt[idPosition].map { HouseholdWriter.rank(of: source, in: idRanks) > HouseholdWriter.rank(of: $0, in: idRanks) } ?? false
        // The head's birth date and gender come from the household's valid head ID (the normalizer takes them from a
        // valid ID over the record's own columns). A record offering that very ID, or the first ID of a household
        // without one, gives them whatever the ranks; one without a valid ID (老龄办's `"sfzh":null` with its `csrq`
        // of 1 January, the day uncertain, or its own `xb`) replaces neither where the household has an ID: its
        // other value is a conflict, kept by the ID's.
        let householdHasID = !existing.values[idPosition].isNull
        let givesHeadID = !values[idPosition].isNull && (!householdHasID || values[idPosition] == existing.values[idPosition])
        let offersNoID = values[idPosition].isNull
        for index in HouseholdWriter.byName {
            let value = values[index]
            guard !value.isNull else { continue }
            if anotherPersonsHead, HouseholdWriter.headPersonPositions.contains(index) { continue }
            let column = HouseholdWriter.insertColumns[index]
            let stored = existing.values[index]
            if HouseholdWriter.idGivenPositions.contains(index), value != stored {
                if givesHeadID {
                    if !stored.isNull, let owner = ownerAt[index], owner != source {
                        try recordConflict(householdID, column: column, kept: source, offered: owner)
                    }
                    updates.append(index)
                    if ownerAt[index] != source { takenOver.insert(index) }
                    continue
                }
                if offersNoID, householdHasID, !stored.isNull {
                    if let owner = ownerAt[index], owner != source {
                        try recordConflict(householdID, column: column, kept: owner, offered: source)
                    }
                    continue
                }
            }
            if vaguer, !stored.isNull, HouseholdWriter.placePositions.contains(index) { continue }
            if offersOldDwellingAgain, !stored.isNull, HouseholdWriter.wholePlacePositions.contains(index) { continue }
            // A shared phone (a grid worker's, entered for many households) is not the household's own: it fills an
            // empty phone, but does not replace one, whatever the ranks.
            if recordPhoneIsShared, HouseholdWriter.ruling[index] == HouseholdWriter.phonePosition,
               !existing.values[HouseholdWriter.phonePosition].isNull {
                continue
            }
            // A move brings its whole place: the record's region (its township, unchanged since last night) goes
            // with the new compound and flat, even where another source refined the old flat's region since.
            let isPlace = HouseholdWriter.wholePlacePositions.contains(index)
            if let before, let current, before.count == current.count, !stored.isNull, !(movesHousehold && isPlace),
               !outranked.contains(index),
               before[2 * index] == current[2 * index], before[2 * index + 1] == current[2 * index + 1] {
                continue
            }
            let ruling = HouseholdWriter.insertColumns[HouseholdWriter.ruling[index]]
            let owner = ownerAt[HouseholdWriter.ruling[index]]
            let priorities = survivorship[ruling] ?? []
            let rank = { (name: String?) -> Int in HouseholdWriter.rank(of: name, in: priorities) }
            if stored == value {
                // An equal value keeps its owner, unless the offering source ranks higher: 民政 agreeing with the
                // census on 低保 becomes its owner, so that a later census change does not outrank it. The sources
                // that disagreed with the value now disagree with its new owner (trial 19d, regression-1).
                if ownerAt[index] == nil || rank(source) < rank(ownerAt[index]) {
                    takenOver.insert(index)
                    if let previous = ownerAt[index], previous != source, HouseholdWriter.survivesWith[column] == nil {
                        try passConflicts(householdID, column: column, from: previous, to: source)
                    }
                }
                continue
            }
            // A coarser region that contains the stored one says nothing new (a record that named only the
            // prefecture); it neither replaces the finer code nor disagrees with it. Unless the record moves the
            // household (`movesHousehold`): the finer code was the old dwelling's.
            if index == HouseholdWriter.regionPosition, !movesHousehold, let finer = String.fromDatabaseValue(stored),
               let coarse = String.fromDatabaseValue(value),
               CompoundRegistry.significantPrefix(finer).hasPrefix(CompoundRegistry.significantPrefix(coarse)) {
                continue
            }
            // The other way round, a finer region within the stored one (the registry's 北门社区 for the grid's
            // 碧江区, given by its context, of the same flat) does not disagree with it either: it replaces the coarser
            // code where its source wins (below), and neither side is a conflict row.
            let refinesRegion = index == HouseholdWriter.regionPosition
                && HouseholdWriter.liesWithin(value, stored)
            // An account holder's phone (`record_names: account_holder`) is the holder's, not the household's:
            // the spouse's own mobile, a former owner's who never transferred the account. It fills a household
            // without a phone and replaces one its own source gave (the account's phone changed), but not one another
            // source gave (the census's, the registry's, naming the head), unless `survivorship:` ranks the holder's
            // source above that one for `phone`.
            if holder != nil, HouseholdWriter.ruling[index] == HouseholdWriter.phonePosition,
               !existing.values[HouseholdWriter.phonePosition].isNull, let owner, owner != source,
               rank(source) >= rank(owner) {
                if HouseholdWriter.survivesWith[column] == nil {
                    try recordConflict(householdID, column: column, kept: owner, offered: source)
                }
                continue
            }
            // Two spellings of one head's name: the household keeps the better, whatever the ranks (see
            // `HeadName.betterSpelling`): 杨吉祥 over 杨?祥, whose sender lost a character, and 张国华 over 張國華.
            // A name with a lost character never replaces one without, even another spelling: it is no value to
            // offer against a whole name.
            if index == HouseholdWriter.headNamePosition, let offered = String.fromDatabaseValue(value),
               let kept = String.fromDatabaseValue(stored) {
                if let better = HeadName.betterSpelling(offered, than: kept) {
                    if better {
                        updates.append(index)
                        if ownerAt[index] != source { takenOver.insert(index) }
                    }
                    continue
                }
                if HeadName.lostCharacterCount(offered) > 0, HeadName.lostCharacterCount(kept) == 0 {
                    if let owner, owner != source { try recordConflict(householdID, column: column, kept: owner, offered: source) }
                    continue
                }
            }
            // A head name that came with a valid ID is not replaced by one from a record without an ID (a grid
            // app's 谢斌萍 for the registry's 谢斌平, a son's 李建军 sharing his father's phone): that record was
            // linked by a name one character away, and the next record would be judged against its spelling.
            // A source `survivorship:` ranks above the name's owner still decides, and so does the name's own record
            // when it gave the name without a valid ID (it corrects its own spelling); the same record that once
            // gave the name with its ID does not take it back without one.
            let sameRecordGaveID = before.flatMap { HouseholdWriter.valueDigest($0, at: idPosition) }
                .map { $0 != HouseholdWriter.nullDigest } ?? false
            if index == HouseholdWriter.headNamePosition, !stored.isNull, values[idPosition].isNull,
               !existing.values[idPosition].isNull,
               owner != source ? rank(source) >= rank(owner) : sameRecordGaveID {
                if let owner, owner != source { try recordConflict(householdID, column: column, kept: owner, offered: source) }
                continue
            }
            if completesPlace, index == HouseholdWriter.regionPosition || HouseholdWriter.placePositions.contains(index) {
                updates.append(index)
                if ownerAt[index] != source { takenOver.insert(index) }
                continue
            }
            let wins = placeStays && isPlace ? false
                : stored.isNull || owner == nil || rank(source) <= rank(owner) || (placesItFirst && isPlace)
            // 北京路45号化工厂宿舍2栋3单元102室 and 化工厂宿舍2栋3单元102室 name one flat: the two addresses do not
            // disagree. One that only leaves out a part of the stored one (its road and door number) does not replace
            // it; one that writes more replaces it as survivorship says.
            if index == HouseholdWriter.addressPosition, !stored.isNull,
               HouseholdWriter.sameDwelling(values, existing.values) {
                if let offered = String.fromDatabaseValue(value), let kept = String.fromDatabaseValue(stored),
                   HouseholdWriter.leavesOut(offered, of: kept) {
                    continue
                }
                if wins {
                    updates.append(index)
                    if ownerAt[index] != source { takenOver.insert(index) }
                }
                continue
            }
            let refinesStoredPlace = refinesRegion || (refinesPlace && isPlace)
            if !stored.isNull, let owner, owner != source, HouseholdWriter.survivesWith[column] == nil, !refinesStoredPlace {
                try recordConflict(householdID, column: column, kept: wins ? source : owner, offered: wins ? owner : source)
            }
            // The value this record replaces may still be what other sources' records offer: 民政's case ended by
            // its status (低保 1 → 0) while the grid's row still says 是. Each such source disagrees with the value
            // the household keeps now, as if its record had just offered it (the owner is recorded above).
            if wins, !stored.isNull, HouseholdWriter.survivesWith[column] == nil, !refinesStoredPlace {
                if othersOffered == nil { othersOffered = try offeredValues(of: householdID) }
                var others = HouseholdWriter.sources(in: othersOffered ?? [], offering: stored, at: index)
                // A move's address disagrees too with each record that named the old dwelling in another address
                // text: 民政's `…荷城街道测杉树林片区34号` of the census's flat that its 社区 column placed in 杉树林社区.
                if index == HouseholdWriter.addressPosition, movesHousehold {
                    others = Array(Set(others).union(HouseholdWriter.sources(in: othersOffered ?? [],
                                                                             namingDwellingOf: existing.values))).sorted()
                }
                for other in others where other != source && other != owner {
                    try recordConflict(householdID, column: column, kept: source, offered: other)
                }
            }
            if wins {
                updates.append(index)
                if ownerAt[index] != source { takenOver.insert(index) }
            }
        }
        // A household that moved (its new address names another compound, or another place without one) leaves
        // its old compound, building, unit and room behind: where the record's address wins, the dwelling columns
        // it leaves empty are emptied too, instead of keeping the old flat's numbers.
        if updates.contains(HouseholdWriter.addressPosition), HouseholdWriter.moved(from: existing.values, to: values) {
            for index in HouseholdWriter.dwellingPositions where values[index].isNull && !existing.values[index].isNull {
                updates.append(index)
                takenOver.insert(index)
            }
        }
        // A correction of the record's own place empties what it no longer says: the dwelling columns it gave
        // before (their stored value is its own) and leaves empty now.
        if correctsOwnPlace, updates.contains(HouseholdWriter.addressPosition), let before {
            for index in HouseholdWriter.dwellingPositions where values[index].isNull && !existing.values[index].isNull
                && !updates.contains(index)
                && HouseholdWriter.sameValue(before, Array(HouseholdWriter.columnDigests([existing.values[index]])), at: 0, offset: index) {
                updates.append(index)
                takenOver.insert(index)
            }
        }
        if !takenOver.isEmpty { try setFieldSources(householdID, takenOver, source, owners: owners) }
        return updates.sorted()
    }

    /// Whether a record corrects the place it gave itself: the address it offered when last loaded is the stored
    /// one, its source owns it, and it offers another now.
    static func correctsOwnPlace(before: [UInt8]?, current: [UInt8]?, stored: [DatabaseValue], owner: String?,
                                 source: String) -> Bool {
        guard let before, let current, before.count == current.count, owner == source,
              !stored[addressPosition].isNull else { return false }
        let storedAddress = Array(columnDigests([stored[addressPosition]]))
        return sameValue(before, storedAddress, at: 0, offset: addressPosition)
            && !sameValue(before, current, at: addressPosition)
    }

    /// Whether value `offset` of a record's digests `a` equals value `index` of digests `b`.
    static func sameValue(_ a: [UInt8], _ b: [UInt8], at index: Int, offset: Int) -> Bool {
        guard let x = valueDigest(a, at: offset), let y = valueDigest(b, at: index) else { return false }
        return x == y
    }

    /// The owning source of each value column of household `householdID`, by position (`household_field_owner`).
    func ownersByPosition(of householdID: String) throws -> [String?] {
        HouseholdWriter.ownersByPosition(try fieldOwnership(of: householdID))
    }

    /// The owning source of each value column, by position, from a household's `owners`.
    static func ownersByPosition(_ owners: [FieldOwnership]) -> [String?] {
        var ownerAt = [String?](repeating: nil, count: insertColumns.count)
        for owner in owners {
            for index in ownerAt.indices where owner.columns.contains(index) { ownerAt[index] = owner.source }
        }
        return ownerAt
    }

    /// The positions of `values` that `source` now outranks the stored value's owner for, in a column whose ranking
    /// changed since the value was decided (`rerankedColumns`): a value the record offers whose ruling column's owner
    /// (`ownerAt`) ranks strictly lower than `source` under the pipeline's `survivorship:`. Such a value is weighed
    /// as a changed one (the record takes it over even when it offers it again unchanged; an equal value becomes its
    /// source's, as a new household's would); every other rule still applies. When the address is among them, so is the rest of the
    /// place (region, compound, building, unit, room): a place is one record's.
    func outrankedPositions(_ values: [DatabaseValue], existing: StoredHousehold, ownerAt: [String?],
                            source: String) -> Set<Int> {
        var positions = Set<Int>()
        for index in values.indices where !values[index].isNull {
            let ruling = HouseholdWriter.ruling[index]
            let column = HouseholdWriter.insertColumns[ruling]
            guard rerankedColumns.contains(column), let owner = ownerAt[ruling], owner != source,
                  let ranks = survivorship[column], !ranks.isEmpty,
                  HouseholdWriter.rank(of: source, in: ranks) < HouseholdWriter.rank(of: owner, in: ranks) else { continue }
            positions.insert(index)
        }
        if positions.contains(HouseholdWriter.addressPosition) {
            positions.formUnion(HouseholdWriter.wholePlacePositions.filter { !values[$0].isNull })
        }
        return positions
    }

    /// What each record of household `householdID` offered when last loaded: its source and `record_digest` (records
    /// loaded before per-value digests, and those taken out, are left out).
    func offeredValues(of householdID: String) throws -> [(source: String, digest: [UInt8])] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_digest FROM household_source WHERE household_id = ? AND record_digest IS NOT NULL
            """), arguments: [householdID]).compactMap { row in
            guard let digest = row[1] as Data?, digest.count == 2 * HouseholdWriter.insertColumns.count else { return nil }
            return (row[0] as String, Array(digest))
        }
    }

    /// The sources among `offered` (see `offeredValues`) whose record offered `value` at column `index`, in name order.
    static func sources(in offered: [(source: String, digest: [UInt8])], offering value: DatabaseValue,
                        at index: Int) -> [String] {
        let wanted = Array(columnDigests([value]))
        return Set(offered.filter { valueDigest($0.digest, at: index).map { $0 == (wanted[0], wanted[1]) } ?? false }
            .map(\.source)).sorted()
    }

    /// The sources among `offered` (see `offeredValues`) whose record gave an address and named the dwelling of
    /// `stored`: its compound, and no other building, unit or room (one it leaves out counts). Whatever their address
    /// text wrote (the flat without its community, another spelling), they offer the old dwelling when the household
    /// moves, and disagree with the new address. None when the stored dwelling has no compound. In name order.
    static func sources(in offered: [(source: String, digest: [UInt8])],
                        namingDwellingOf stored: [DatabaseValue]) -> [String] {
        guard !stored[compoundPosition].isNull else { return [] }
        let wanted = Array(columnDigests(dwellingPositions.map { stored[$0] }))
        return Set(offered.filter { record in
            guard let address = valueDigest(record.digest, at: addressPosition), address != nullDigest else { return false }
            for (at, position) in dwellingPositions.enumerated() {
                guard let offered = valueDigest(record.digest, at: position) else { return false }
                let storedDigest = (wanted[2 * at], wanted[2 * at + 1])
                if offered == storedDigest { continue }
                if position == compoundPosition || offered != nullDigest { return false }
            }
            return true
        }.map(\.source)).sorted()
    }

    /// The compound pins the region, also when the compound's region is learnt after its households loaded (the
    /// census placed 银杏苑's households only at 贵阳市, then a registry record placed 银杏苑 at 新光路街道): each
    /// household of `compoundID` placed at no region, or only at a region containing `region`, takes `region`, its
    /// address gains the names of the finer levels, and it gets a history version in this run. The result no longer
    /// depends on which feed loaded first. The columns keep their owners: the finer region is the one the owner's
    /// record takes when it is loaded now. So are the records' `record_digest`s: a record of the compound that
    /// offered the household's old region (and address) offers the pinned ones when it is loaded now, and is then
    /// the same record again (a forced reload writes nothing new).
    func pinRegion(ofHouseholdsIn compoundID: String, to region: String, regions: RegionNames) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT household_id, region_code, address FROM dwd_household WHERE compound_id = ?
            """), arguments: [compoundID])
        for row in rows {
            try pin(row[0], own: row[1], address: row[2], in: compoundID, to: region, regions: regions)
        }
    }

    /// The compound pins the region of one household that a record just linked (`pinRegion(ofHouseholdsIn:)`):
    /// the record gave the household its compound, but a higher-ranked source's coarser region (its county, from a
    /// bare `10栋1单元202` placed by the context) stayed. The household takes the compound's finer region, and its
    /// address the names of the finer levels, as it would had the compound been known first.
    func pinRegion(ofHousehold householdID: String, in compoundID: String, to region: String,
                   regions: RegionNames) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT region_code, address FROM dwd_household WHERE household_id = ? AND compound_id = ?
            """), arguments: [householdID, compoundID]) else { return }
        try pin(householdID, own: row[0], address: row[1], in: compoundID, to: region, regions: regions)
    }

    func pin(_ householdID: String, own: String?, address oldAddress: String?, in compoundID: String,
                     to region: String, regions: RegionNames) throws {
        if let own {
            let coarse = CompoundRegistry.significantPrefix(own), finer = CompoundRegistry.significantPrefix(region)
            guard coarse != finer, finer.hasPrefix(coarse) else { return }
        }
        let address = try own.map { try regions.rebase(oldAddress, from: $0, to: region) } ?? oldAddress
        try db.cachedStatement(sql: "UPDATE dwd_household SET region_code = ?, address = ? WHERE household_id = ?")
            .execute(arguments: [region, address, householdID])
        try writeHistory(householdID)
        try repinDigests(of: householdID, compoundID: compoundID, from: (own, oldAddress), to: (region, address))
    }

    /// Rewrites the region and address in the `record_digest` of the household's records that named `compoundID`
    /// and offered the `from` values, to the `to` values they offer now (see `pinRegion`).
    func repinDigests(of householdID: String, compoundID: String, from: (region: String?, address: String?),
                              to: (region: String, address: String?)) throws {
        let compound = Array(HouseholdWriter.columnDigests([compoundID.databaseValue]))
        let old = Array(HouseholdWriter.columnDigests([from.region.databaseValue, from.address.databaseValue]))
        let new = Array(HouseholdWriter.columnDigests([to.region.databaseValue, to.address.databaseValue]))
        let region = 2 * HouseholdWriter.regionPosition, address = 2 * HouseholdWriter.addressPosition
        let at = 2 * HouseholdWriter.compoundPosition
        let records = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_key, batch_id, record_digest FROM household_source WHERE household_id = ?
            """), arguments: [householdID])
        for record in records {
            guard case .blob(let data) = (record[3] as DatabaseValue).storage,
                  data.count == 2 * HouseholdWriter.insertColumns.count else { continue }
            var bytes = Array(data)
            guard bytes[at] == compound[0], bytes[at + 1] == compound[1],
                  bytes[region] == old[0], bytes[region + 1] == old[1] else { continue }
            bytes[region] = new[0]; bytes[region + 1] = new[1]
            if bytes[address] == old[2], bytes[address + 1] == old[3] {
                bytes[address] = new[2]; bytes[address + 1] = new[3]
            }
            try db.cachedStatement(sql: """
                UPDATE household_source SET record_digest = ? WHERE source_id = ? AND record_key = ? AND batch_id = ?
                """).execute(arguments: [Data(bytes), record[0] as String, record[1] as String, record[2] as String])
        }
    }

    /// The stored address with the names of the finer region a record just gave the household, when the record's
    /// region replaces the stored one within it (`updates` holds the region, not the address): the grid's
    /// `…碧江区环北街道金滩小区5栋…`, ranked for `address`, under the registry's region 北门社区 of the same flat becomes
    /// `…环北街道北门社区金滩小区5栋…`, as the address reads where the region came first (the compound pins a region
    /// so too). Nil when nothing changes. The address keeps its owner.
    func addressNamingRefinedRegion(_ stored: [DatabaseValue], updates: [Int],
                                    offered: [DatabaseValue]) throws -> String? {
        let regionAt = HouseholdWriter.regionPosition, addressAt = HouseholdWriter.addressPosition
        guard updates.contains(regionAt), !updates.contains(addressAt), let regionNames,
              HouseholdWriter.liesWithin(offered[regionAt], stored[regionAt]),
              let coarse = String.fromDatabaseValue(stored[regionAt]),
              let fine = String.fromDatabaseValue(offered[regionAt]),
              let address = String.fromDatabaseValue(stored[addressAt]),
              let rebased = try regionNames.rebase(address, from: coarse, to: fine), rebased != address else { return nil }
        return rebased
    }

}
