import Foundation
import GRDB
import RongtongStaging

/// Choosing among the households a record's evidence found: the earlier export a keyed record continues, the
/// heads a dwelling holds, a tie broken by the record's other evidence, and the households its own file lists apart.
extension HouseholdWriter {
    /// Of other files' records under the candidate's key (`exports`), the one the candidate is a later export of:
    /// the first whose household its evidence leads to (`linked`, the households its ID, dwelling and name, or
    /// phone and name found, strongest first; else the household its evidence mints or that absorbed it). Nil when
    /// the evidence leads to none of them: the key names another household there (county sheets that each number
    /// their rows from 1, two 王芳 at two places).
    func earlierExport(among exports: [(row: StoredHousehold, extra: [DatabaseValue])], linkedTo linked: [String],
                       _ c: HouseholdCandidate, compoundID: String?) throws -> (StoredHousehold, [DatabaseValue])? {
        for id in linked {
            if let found = exports.first(where: { $0.row.id == id }) { return found }
        }
        guard linked.isEmpty else { return nil }
        let minted = HouseholdWriter.newID(for: c, compoundID: compoundID)
        let absorbedInto = known?.mayHave(aliasID: minted) ?? true ? try StoredHousehold.fetchOne(bound(byAlias, minted))?.0.id : nil
        guard let found = exports.first(where: { $0.row.id == minted || $0.row.id == absorbedInto }),
              HouseholdWriter.compatible(found.row, c), try !fileListsApart(found.row.id, c) else { return nil }
        return found
    }

    /// The households at one dwelling (its compatible `rows`, in id order) whose head the candidate names, all that
    /// fit equally well: those of an equal name (in either script, `HeadName.equalInEitherScript`: 孫國 is 孙国); with
    /// `nameMayDiffer`, else those of a name one character away;
    /// else those of a two-character name one character away with the same surname and the same phone, not a
    /// shared one (郭鹏 / 郭朋: alone, one character is half the name, 崔帅 and 龙帅 are two people). Never a
    /// household another record of the candidate's own file made or joined: the file lists them apart (宋志明 and
    /// his brother 宋志华, two rows of one census in one room; a father and his son of one name at one door, two
    /// rows of one roster), unless the record, without an ID, names that very head and nothing of it says another
    /// person (`keptApart`: a list of one row per member, also where it spells the head's name another way).
    /// A file's records with a valid ID are linked before those without
    /// (`forEachHouseholdCandidate`), so a son without an ID is kept apart from his father's household whether the file
    /// lists him above or below his father.
    func heads(among rows: [StoredHousehold], of c: HouseholdCandidate, named name: String,
               nameMayDiffer: Bool) throws -> [StoredHousehold] {
        // The same name in either script (孫國 for 孙国): at a road's door only the same name links.
        let equal = try rows.filter { HeadName.equalInEitherScript($0.headName, name) }.filter { try !keptApart($0, c, named: name) }
        guard equal.isEmpty, nameMayDiffer else { return equal }
        let similar = try rows.filter { HouseholdWriter.similarNames($0.headName, name) }
            .filter { try !keptApart($0, c, named: name) }
        guard similar.isEmpty else { return similar }
        guard let phone = c.phoneHash, !recordPhoneIsShared else { return [] }
        return rows.filter { row in
            String.fromDatabaseValue(row.values[HouseholdWriter.phonePosition]) == phone
                && HouseholdWriter.sameSurnameOneApart(row.headName, name)
        }
    }

    /// Whether the candidate's own file lists household `row` apart from the record (`listsApart`), unless the record
    /// names that very head, `name` being one name with the head's as `HeadName.sameName` compares them (残联's
    /// wife's line naming the head `測蒋飛`, the head's own line `测蒋飞`), and nothing of it says another person
    /// (`namesSameHead`). A name one character away is another person there (宋志明 and his brother 宋志华).
    func keptApart(_ row: StoredHousehold, _ c: HouseholdCandidate, named name: String) throws -> Bool {
        guard try listsApart(row, c) else { return false }
        guard let head = row.headName, HeadName.sameName(head, name) else { return true }
        return !namesSameHead(row, c)
    }

    /// Where a stored household holds its head's birth date and gender.
    static let birthDatePosition = StoredHousehold.position["head_birth_date"]!
    static let genderPosition = StoredHousehold.position["head_gender"]!

    /// Whether a record without an ID that names, at its dwelling, the very head (one name, `keptApart`) of a household another
    /// record of its own file made or joined is one more row about that head, not a household the file lists apart: a
    /// list of one row per member (残联's certificate holders, 民政's covered members) names the head on every member's
    /// row, some rows with the head's ID and some without. Not when the record says otherwise: another birth date,
    /// gender or phone (not a shared one) than the household's head (a son of his father's name, listed apart).
    func namesSameHead(_ row: StoredHousehold, _ c: HouseholdCandidate) -> Bool {
        guard c.headIDHash == nil else { return false }
        if let born = c.headBirthDate, let stored = String.fromDatabaseValue(row.values[HouseholdWriter.birthDatePosition]),
           born != stored { return false }
        if let gender = c.headGender, let stored = String.fromDatabaseValue(row.values[HouseholdWriter.genderPosition]),
           gender != stored { return false }
        if let phone = c.phoneHash, !recordPhoneIsShared,
           let stored = String.fromDatabaseValue(row.values[HouseholdWriter.phonePosition]), phone != stored { return false }
        return true
    }

    /// What tells apart households one rule's evidence fits equally well, strongest first: the column, the name the
    /// rule gets (`address+name:tie_broken_by_phone`), how much less sure the link is than without a tie, and whether
    /// the evidence identifies the head (an ID, a phone of his own, a birth date) or only describes the household
    /// (a member count, a gender: many households have 2 or 3 members, half their heads are men).
    static let tieBreakers: [(position: Int, evidence: String, doubt: Double, identifies: Bool)] = [
        ("head_id_hash", "id", 0, true), ("phone_hash", "phone", 0.05, true), ("head_birth_date", "birth_date", 0.05, true),
        ("member_count", "member_count", 0.15, false), ("head_gender", "gender", 0.15, false),
    ].map { (StoredHousehold.position[$0.0]!, $0.1, $0.2, $0.3) }

    /// The one of `fits` (households one rule's evidence fits equally well, in id order) the record is linked to:
    /// the only one; else the only one whose ID, phone (not a shared one), birth date, member count or gender, in
    /// that order, equals the record's (where several agree, the next kind of evidence decides among those), with
    /// the evidence that broke the tie and how much less sure that is. Nil when nothing tells them apart.
    ///
    /// A member count or a gender only describes a household, so it breaks only a tie between heads of the
    /// record's own name (`name`: a father and his son of one name at one door, of 1 and 3 members), and only when
    /// the gender the record carries does not disagree with the one it picks. Between heads whose names are one
    /// character from the record's (张德明 and 张德华 for 张德军, a new tenant at their door) the name itself may be
    /// neither, and only evidence that identifies the head (ID, phone, birth date) breaks the tie: else nil, and
    /// the record is `ambiguous`.
    func breakTie(_ fits: [StoredHousehold], values: [DatabaseValue], name: String?)
        -> (row: StoredHousehold, evidence: String?, doubt: Double)? {
        guard fits.count > 1 else { return fits.first.map { ($0, nil, 0) } }
        let sameName = name.map { name in fits.allSatisfy { HeadName.equal($0.headName, name) } } ?? false
        var left = fits
        for (index, (position, evidence, doubt, identifies)) in HouseholdWriter.tieBreakers.enumerated()
            where !values[position].isNull {
            if position == HouseholdWriter.phonePosition, recordPhoneIsShared { continue }
            if !identifies, !sameName { return nil }
            let agreeing = left.filter { $0.values[position] == values[position] }
            if agreeing.count == 1 {
                let row = agreeing[0]
                // Describing evidence picks a household that the rest of it does not contradict.
                let contradicted = !identifies && HouseholdWriter.tieBreakers.dropFirst(index + 1).contains {
                    !values[$0.position].isNull && !row.values[$0.position].isNull
                        && row.values[$0.position] != values[$0.position]
                }
                return contradicted ? nil : (row, evidence, doubt)
            }
            if !agreeing.isEmpty { left = agreeing }
        }
        return nil
    }

    /// Whether the candidate's own file lists household `row` as another record (`fileListsApart`), unless a row of
    /// that file in it names the candidate's own person at its dwelling with its phone (`personRepeatedInFile`: a
    /// list of one row per child under the same guardian). Only a household seen in this run can hold a record of the
    /// batch being loaded, unless the batch is loaded again (`--force`): the others need no query.
    func listsApart(_ row: StoredHousehold, _ c: HouseholdCandidate) throws -> Bool {
        guard !marksSighting || row.lastSeenRun == runID else { return false }
        return try fileListsApart(row.id, c) && !personRepeatedInFile(row.id, c)
    }

    /// Whether `address` ends in a house's door in a village: a door number right after a villager group, a village
    /// or a community (`…3组15号`, `…尖坡村15号`, `…东山社区12号`), with its annex (`…1组60号附1号`, `…1组51号之2号`),
    /// or a landmark with its side after a villager group or a village (`…王宽村7组村委会旁`, `…尖坡村8组小学对面`,
    /// `…田沟村7组村委会`).
    static func isVillageDoor(_ address: String) -> Bool {
        guard address.hasSuffix("号") else {
            guard let group = address.range(of: "组", options: .backwards) ?? address.range(of: "村", options: .backwards)
                ?? address.range(of: "社区", options: .backwards)
            else { return false }
            let door = address[group.upperBound...]
            return !door.isEmpty && !door.contains(where: \.isNumber)
                && (landmarkSides.contains { door.hasSuffix($0) } || landmarks.contains { door == $0 })
        }
        let beforeNumber = address.dropLast().reversed().drop { $0.isASCII && ($0.isNumber || $0 == "-") }
        guard beforeNumber.count < address.count - 1, let lead = beforeNumber.first else { return false }
        if "组村寨屯".contains(lead) { return true }
        let text = String(beforeNumber.reversed())
        // 60号附1号, 51号之2号: the annex of the door before it.
        if "附之".contains(lead), text.dropLast().hasSuffix("号") { return isVillageDoor(String(text.dropLast())) }
        return ["社区", "居委会", "村委会"].contains { text.hasSuffix($0) }
    }

    /// The sides a house stands on by a landmark (村委会旁, 小学对面), and landmarks written alone after a group.
    /// As the address parser's `DwellingNumber.doorSides`.
    static let landmarkSides = ["旁", "旁边", "对面", "附近", "隔壁", "后面", "前面", "背后", "后边", "前边", "左边", "右边",
                                "左侧", "右侧", "对门"]
    static let landmarks = ["村委会", "居委会", "村委", "村部"]

    /// The door an address without a compound names, when it ends in one: a door number (`…3组15号`, `中华北路123号`)
    /// or a village's landmark door (`…7组村委会旁`), with the room the record gives after it left out (`…1组60号附1号`
    /// of `…1组60号附1号402室` with room 402, `…7组村委会旁` of `…7组村委会旁阁楼`). Nil for anything else.
    static func door(of address: String, room: String?) -> String? {
        var door = Substring(address)
        if let room {
            guard let spelled = [room + "室", room + "号", room].first(where: { door.hasSuffix($0) && door.count > $0.count })
            else { return nil }
            door = door.dropLast(spelled.count)
        }
        if door.hasSuffix("号") { return String(door) }
        return isVillageDoor(String(door)) ? String(door) : nil
    }

    /// The query with its one parameter bound.
    func bound(_ query: RowQuery, _ value: String) -> RowQuery {
        query.bind(1, value)
        return query
    }

    /// Whether a household this candidate could be lives at its building, unit and room of `compoundID`: a name
    /// equal or one character away, or the same phone (not one known to be shared), and no different valid ID.
    func livesAt(compoundID: String, _ c: HouseholdCandidate) throws -> Bool {
        guard let room = c.room,
              known?.mayHave(compoundID: compoundID, building: c.building, unit: c.unit, room: room) ?? true else { return false }
        byRoom.bind(1, compoundID); byRoom.bind(2, c.building); byRoom.bind(3, c.unit); byRoom.bind(4, room)
        let phone = c.phoneHash.flatMap { sharedPhones.contains($0) ? nil : $0 }
        return try StoredHousehold.fetchAll(byRoom).contains { row in
            HouseholdWriter.compatible(row, c)
                && (c.headName.map { HouseholdWriter.similarNames(row.headName, $0) } ?? false
                    || (phone != nil && String.fromDatabaseValue(row.values[HouseholdWriter.phonePosition]) == phone))
        }
    }
}
