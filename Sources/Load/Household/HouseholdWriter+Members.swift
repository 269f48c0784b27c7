import Foundation
import GRDB
import RongtongStaging

// The members a household's records list (`household_member`), and a new head who was one of them.
extension HouseholdWriter {
    /// How sure a link by a new head who was a listed member is: by the member's resident ID (`member_id`), or by
    /// the member's name, for the record the household's own key holds, at its dwelling (`member_name`).
    static let memberIDScore = 0.95
    static let memberNameScore = 0.9
    /// How sure a link the other way round is: the record lists the household's head as a member (`member_is_head`).
    static let memberIsHeadScore = 0.9
    /// How sure a link by a new head under the household's only record's own key, at its place, is (`key+place`).
    static let keyAndPlaceScore = 0.9

    /// Remembers the members `c` lists besides its head as members of `householdID` (hashed, see `household_member`),
    /// seen in this run; and, when the record linked as one of the household's members (`rule` `member_id` or
    /// `member_name`, a new head; `member_is_head`, a record naming another member than the household's head), its
    /// head's ID, and `replacedHead`, the ID hash of a head the record just replaced: the household's earlier head stays
    /// one of its members for the records that still name him or her. Not in a forced reload (`marksSighting`
    /// false), which writes nothing new; not an account holder's name or ID (`settingAsideHolder` took them out).
    /// A household's current head needs no row: `head_id_hash` holds it. The members this source listed for the
    /// household before and its record no longer lists are forgotten (`forgetUnlistedMembers`), the household's
    /// current head among them, unless `madeNow`: the household was first seen in this run, so every member row it
    /// holds was written in this run.
    func rememberMembers(of c: HouseholdCandidate, householdID: String, rule: String, replacedHead: String? = nil,
                         madeNow: Bool = false) throws {
        guard marksSighting else { return }
        var members = c.memberIDHashes.map { ("id", $0) } + c.memberNameHashes.map { ("name", $0) }
        // The record's head: for `member_is_head` always (the case sent again with her as 户主 stays); for a new head
        // (`member_id`, `member_name`) only while the household's head is someone else (a higher-ranked source still
        // names the earlier head).
        if rule.hasPrefix("member_"), let hash = c.headIDHash,
           try rule == "member_is_head" || currentHeadIDHash(of: householdID) != hash {
            members.append(("id", hash))
        }
        if let replacedHead { members.append(("id", replacedHead)) }
        for (kind, hash) in members {
            upsertMember.bind(1, householdID); upsertMember.bind(2, kind); upsertMember.bind(3, hash)
            upsertMember.bind(4, c.sourceID); upsertMember.bind(5, runID)
            try upsertMember.execute()
            if kind == "id" { known?.addMember(idHash: hash) }
        }
        // A household this record or this run made (`madeNow`) has no members of an earlier run to forget: no
        // DELETE per first sighting, nor for a first night's second feed.
        if !madeNow { try forgetUnlistedMembers(of: householdID, sourceID: c.sourceID, keeping: c.headIDHash) }
    }

    /// This delivery of the source's record no longer lists the members it listed before for `householdID` (a 分户
    /// son now registered under a 户号 of his own, a member who died or moved out): their rows of this source, last
    /// seen in an earlier run, go (`rememberMembers` marked those it still lists as seen in this run first). A member
    /// the source's other record of the household listed in this run stays. Not the record's own head
    /// (`keeping`) while the household's head is someone else (a higher-ranked source still names the earlier head),
    /// nor anyone who headed the household before (its history, or that of a household merged into it, names the ID
    /// as head): a former head stays one of its members for the records that still name him or her. The household's
    /// current head goes: `head_id_hash` holds him or her (the widow this source listed as 配偶, now its 户主).
    func forgetUnlistedMembers(of householdID: String, sourceID: String, keeping head: String?) throws {
        let arguments: StatementArguments = [householdID, sourceID, runID, head]
        let unlisted = try String.fetchAll(db.cachedStatement(sql: "SELECT member_hash FROM household_member WHERE kind = 'id' AND "
                                                                   + HouseholdWriter.unlistedMembers), arguments: arguments)
        unlistedMemberIDs.formUnion(unlisted)
        try db.cachedStatement(sql: "DELETE FROM household_member WHERE " + HouseholdWriter.unlistedMembers).execute(arguments: arguments)
    }

    /// Whether a new household's head (`hash`) is, or was until this run, listed as a member of another household: a
    /// 分户, counted for the run's summary (`splitHouseholds`), whichever of the two 户 the delivery lists first.
    func headWasListedAsMember(_ hash: String) throws -> Bool {
        guard marksSighting else { return false }
        if unlistedMemberIDs.contains(hash) { return true }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_member WHERE kind = 'id' AND member_hash = ?)
            """), arguments: [hash]) ?? false
    }

    /// The rows `forgetUnlistedMembers` drops (arguments: household, source, run, the record's head).
    static let unlistedMembers = """
            household_id = ?1 AND source_id = ?2 AND last_seen_run < ?3
              AND NOT (kind = 'id'
                  AND member_hash IS NOT (SELECT head_id_hash FROM dwd_household WHERE household_id = ?1)
                  AND (member_hash IS ?4 OR EXISTS (
                      SELECT 1 FROM dwd_household_history v
                      WHERE v.head_id_hash = household_member.member_hash
                        AND (v.household_id = ?1
                             OR v.household_id IN (SELECT alias_id FROM household_alias WHERE household_id = ?1)))))
            """

    /// The resident ID hash of household `id`'s head as it stands now (after survivorship), or nil.
    func currentHeadIDHash(of id: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT head_id_hash FROM dwd_household WHERE household_id = ?"),
                            arguments: [id])
    }

    /// Whether household `row` listed the candidate's head as a member (a record of any source named him or her
    /// among its members, or as its head before another took over), so that the record, whose valid head ID is not the household's, is the same
    /// household with a new head (the head died or moved out; the spouse or a son took over with his or her own ID):
    /// the rule and score, or nil.
    ///
    /// `byKey`: the record's own key held the household before (a registry's 户号 now naming the widow). Then the
    /// head's ID listed as a member is enough (`member_id`); so is the head's name listed as a member (a member list
    /// without IDs) when the record also gives the household's dwelling or address (`member_name`). Otherwise only
    /// the ID counts, with the household's dwelling or address, and not when the candidate's source holds the
    /// household under another key: that source lists the two apart (a son listed under his father's 户 who since
    /// registered a household of his own, 分户), nor when the record's own file does (`listsApart`). A source without
    /// a stable key (`keyIsStable` false: a census numbering its rows) lists apart only within one file: its record of
    /// an earlier file is this one's earlier self (the grid's row naming the head who just handed over).
    func newHeadIsMember(of row: StoredHousehold, _ c: HouseholdCandidate, values: [DatabaseValue],
                         byKey: Bool, keyIsStable: Bool = true) throws -> (rule: String, score: Double)? {
        guard let idHash = c.headIDHash else { return nil }
        let listed = try db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_member WHERE household_id = ? AND kind = ? AND member_hash = ?)
            """)
        let samePlace = HouseholdWriter.samePlace(values, row.values)
        if byKey || samePlace, try Bool.fetchOne(listed, arguments: [row.id, "id", idHash]) ?? false {
            if !byKey {
                guard try !(keyIsStable && sourceListsApart(row.id, c)), try !listsApart(row, c) else { return nil }
            }
            return ("member_id", HouseholdWriter.memberIDScore)
        }
        if byKey, samePlace, c.headName != nil, let nameHash = c.headNameHash,
           try Bool.fetchOne(listed, arguments: [row.id, "name", nameHash]) ?? false {
            return ("member_name", HouseholdWriter.memberNameScore)
        }
        return nil
    }

    /// The household whose head the candidate lists as a member by resident ID: the same family written from another
    /// member's side (民政's case names the wife as 户主 and lists her husband, whom the census names as head), with
    /// the rule `member_is_head`, or nil. The converse of `member_id` (`householdsListingHead`), so that the family is
    /// one household whichever source loads first. Only for a record with a valid head ID that is no household's
    /// head's, and with the evidence `member_id` asks for: the household's place (`samePlace`: the same compound,
    /// building, unit and room, or the same normalized address ending in a door or room number); not when the
    /// candidate's source holds the household under another key (a registry's 分户 son listing his father lists the
    /// two apart), nor when the record's own file does (`listsApart`). A record listing the heads of several
    /// households there (a father's and his 分户 son's at one flat) links to none of them by this rule.
    func householdListedAsMember(_ c: HouseholdCandidate, values: [DatabaseValue], keyIsStable: Bool) throws
        -> (row: StoredHousehold, rule: String, score: Double)? {
        guard c.headIDHash != nil else { return nil }
        var found: [StoredHousehold] = []
        for hash in c.memberIDHashes where hash != c.headIDHash && (known?.mayHave(idHash: hash) ?? true) {
            guard let (row, _) = try StoredHousehold.fetchOne(bound(byIDHash, hash)),
                  !found.contains(where: { $0.id == row.id }), HouseholdWriter.samePlace(values, row.values) else { continue }
            found.append(row)
        }
        // Several heads listed at the place: which household the record is, no order tells (not even that another
        // record of its file joined one of them).
        guard found.count == 1, let row = found.first, try !(keyIsStable && sourceListsApart(row.id, c)),
              try !listsApart(row, c) else { return nil }
        return (row, "member_is_head", HouseholdWriter.memberIsHeadScore)
    }

    /// Whether the candidate, whose own key held household `row` and whose valid head ID is not the household's, names
    /// the household's new head although no record listed him or her as a member: the record lists no members itself
    /// (a grid census's row under its 户编号, a source without `members` mapped), or names the household's head by the
    /// same name (the head's ID corrected: a row listing the members in one cell lists the others, never the head
    /// again), it is the household's only record, and
    /// it gives the household's place (`samePlace`: the same compound, building, unit and room, or the same address
    /// ending in a door or room number). The head died or moved out and the spouse took over, or the ID was corrected:
    /// the household is what its one record says, and keeps its id (`key+place`). Moving the record instead would
    /// leave the household with no record, and mint a new id for the same family at the same place. The rule and
    /// score, or nil.
    func newHeadOfOnlyRecord(of row: StoredHousehold, _ c: HouseholdCandidate, values: [DatabaseValue]) throws
        -> (rule: String, score: Double)? {
        let listsNoMembers = c.memberIDHashes.isEmpty && c.memberNameHashes.isEmpty
        let sameHead = c.headName.map { name in row.headName.map { HeadName.sameName($0, name) } ?? false } ?? false
        guard c.headIDHash != nil, listsNoMembers || sameHead,
              HouseholdWriter.samePlace(values, row.values) else { return nil }
        let otherRecords = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ?1 AND (source_id <> ?2 OR record_key <> ?3))
            """), arguments: [row.id, c.sourceID, c.recordKey]) ?? true
        return otherRecords ? nil : ("key+place", HouseholdWriter.keyAndPlaceScore)
    }

    /// Whether the candidate and household `row` name one person by resident ID: the candidate's head is a member a
    /// record of the household listed (the widow whom the registry's 户号 now names as 户主), or the candidate lists
    /// the household's head among its members. Such a record is no key numbering rows, even with another head at
    /// another place (the head died and the family moved the same night): the family is the same.
    func sharesPerson(_ row: StoredHousehold, _ c: HouseholdCandidate) throws -> Bool {
        if let head = row.headIDHash, c.memberIDHashes.contains(head) { return true }
        return try listsAsMember(row.id, c.headIDHash)
    }

    /// Whether a record of household `id` listed the resident ID hash `idHash` as a member.
    func listsAsMember(_ id: String, _ idHash: String?) throws -> Bool {
        guard let idHash else { return false }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_member WHERE household_id = ? AND kind = 'id' AND member_hash = ?)
            """), arguments: [id, idHash]) ?? false
    }

    /// The households that listed the candidate's head (by resident ID) as a member, at the candidate's dwelling or
    /// address, whose head is someone else (`newHeadIsMember`), in id order: the same household with a new head.
    func householdsListingHead(_ c: HouseholdCandidate, values: [DatabaseValue], keyIsStable: Bool) throws
        -> [(row: StoredHousehold, rule: String, score: Double)] {
        guard let hash = c.headIDHash, known?.mayHave(memberIDHash: hash) ?? true else { return [] }
        var found: [(row: StoredHousehold, rule: String, score: Double)] = []
        for row in try StoredHousehold.fetchAll(bound(byMemberID, hash)).sorted(by: { $0.id < $1.id }) {
            if let (rule, score) = try newHeadIsMember(of: row, c, values: values, byKey: false, keyIsStable: keyIsStable) {
                found.append((row, rule, score))
            }
        }
        return found
    }

    /// Whether the candidate's source holds household `id` under another record key than the candidate's.
    func sourceListsApart(_ id: String, _ c: HouseholdCandidate) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM household_source WHERE household_id = ? AND source_id = ? AND record_key <> ?)
            """), arguments: [id, c.sourceID, c.recordKey]) ?? false
    }

    /// Whether the new values name the stored household's place: the same compound, building, unit and room (a
    /// compound and a room given), or the same normalized address ending in a door or room number (`…3组17号`,
    /// `…9栋2单元104室`), not a village or road alone.
    static func samePlace(_ new: [DatabaseValue], _ stored: [DatabaseValue]) -> Bool {
        if sameDwelling(new, stored) { return true }
        guard let address = String.fromDatabaseValue(new[addressPosition]),
              address == String.fromDatabaseValue(stored[addressPosition]) else { return false }
        return address.hasSuffix("号") || address.hasSuffix("室") || !new[StoredHousehold.position["room"]!].isNull
    }
}
