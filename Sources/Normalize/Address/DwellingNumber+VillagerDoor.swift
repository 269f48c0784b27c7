/// A villager's door as people of the village write it, spelled the way `3组15号` is before it is read, so that
/// every way of writing one door reads, and links, as one (trial 21h and its recheck):
/// - a hamlet (自然寨) named with 寨 or 屯 right after its village, before its door, is the named group it is
///   written without 组 (`摆勺村王家寨12号2楼` → `摆勺村王家寨组12号2楼`, `王家寨12` → `王家寨组12号`);
/// - a number right after a group, without 号, is the door when it ends the text or a remark or a floor follows
///   (`3组21`, `三组三十七`, `3组38（自建房）`, `3组21 2楼` → `3组21号`, `3组37号`, `3组38号（自建房）`, `3组21号2楼`);
/// - a remark on the house (`自建房`, `平房`, `东户`) written inside the door, before its floor or annex
///   (`3组39号（自建房）2楼`, `3组（自建房）附1号`), or after a group or village with no door (`歪脚村2组（自建房）`), is
///   taken out and kept as the remark, as after a door (`3组20号（自建房）`): never a compound, never a building.
extension DwellingNumber {
    /// `text` with its villager's door spelled as above, and the remark taken out of it, if any.
    static func villagerDoorSpelled(_ text: [UInt32], from start: Int,
                                    afterCommunity: Bool) -> (text: [UInt32], remark: String?) {
        guard start < text.count else { return (text, nil) }
        let marked = villagerDoorMarked(hamletGroupWritten(text, from: start, afterCommunity: afterCommunity), from: start)
        return houseRemarkTakenOut(marked, from: start, afterCommunity: afterCommunity)
    }

    /// Words that end the name of a hamlet (自然寨) inside a village: `王家寨`, `上寨`, `鲍家屯`.
    static let hamletEnds: Set<UInt32> = Set("寨屯".unicodeScalars.map(\.value))

    /// The text with a hamlet written without 组 before its door (`摆勺村王家寨12号`, `龙井村上寨十五号`,
    /// `摆勺村王家寨12号2楼`, `摆勺村王家寨12`) spelled as the named villager group it is (`王家寨组12号`), so that it
    /// reads, and links, as `王家寨组12号` does: never a compound with a building. Only right after the village (the
    /// one the directory placed, when `afterCommunity`, or a `…村` written before it), with two to five characters of
    /// name, and a door after it: a number with 号 (not 号楼, nor a numbered thing's: 王家寨1号井), or a bare number
    /// that a villager's door may be (`bareDoorFollows`). A number before a group (`周家寨6组`) is the group's.
    static func hamletGroupWritten(_ text: [UInt32], from start: Int, afterCommunity: Bool) -> [UInt32] {
        var door = start + 2
        while door < text.count {
            defer { door += 1 }
            guard hamletEnds.contains(text[door - 1]), AddressText.isNumeral(text[door]),
                  let number = Number.read(text, at: door), number.isDigits else { continue }
            let marked = number.end < text.count && text[number.end] == Scalars.hao
            if marked {
                guard !(number.end + 1 < text.count && text[number.end + 1] == Scalars.lou),
                      Scalars.numberedThings.firstMatch(in: text, at: number.end + 1) == nil else { continue }
            } else if !bareDoorFollows(text, at: number.end, arabic: number.arabic) {
                continue
            }
            let nameEnd = door
            var nameStart = nameEnd - 1
            while nameStart > start, AddressText.isCJK(text[nameStart - 1]), !AddressText.isNumeral(text[nameStart - 1]),
                  !Scalars.villageEnd.contains(text[nameStart - 1]), nameEnd - nameStart < 5 {
                nameStart -= 1
            }
            let afterVillage = nameStart > start && Scalars.villageEnd.contains(text[nameStart - 1])
            guard nameEnd - nameStart >= 2, afterVillage || (afterCommunity && nameStart == start),
                  !holdsCompoundWord(text[nameStart..<nameEnd]) else { continue }
            return Array(text[..<nameEnd]) + [Scalars.zu] + text[nameEnd...]
        }
        return text
    }

    /// The text with a door number written without 号 right after a villager group (numbered or named) marked as one:
    /// `龙井村3组21` → `龙井村3组21号`, `三组三十七` → `三组三十七号`, `3组38自建房` → `3组38号自建房`, `3组21-2楼` (`3组21 2楼`)
    /// → `3组21号2楼`. Such a number is the door, as a `门牌号` column's `17` is, never a building: when it ends the
    /// text, or a remark on the house, a floor or a named room follows it (`bareDoorFollows`). Anything else after it
    /// (`3组21栋`, `3组5-501`) leaves the text as it is. A door with its sub-number after a dash, as rural houses
    /// write it (`3组21-1`, `3组21-12 2楼`: one or two digits), is that door (`3组21-1号`, as `3组21-1号` reads, which
    /// `arabicDoorNumbers` spells `3组21号附1号`, as `3组21号-1` is), never building 21 with room 1.
    static func villagerDoorMarked(_ text: [UInt32], from start: Int) -> [UInt32] {
        var door = start + 2
        while door < text.count {
            defer { door += 1 }
            guard text[door - 1] == Scalars.zu, AddressText.isNumeral(text[door]),
                  let number = Number.read(text, at: door), number.isDigits, !number.arabic || number.end - door <= 4,
                  number.end == text.count || text[number.end] != Scalars.hao else { continue }
            let end: Int
            if bareDoorFollows(text, at: number.end, arabic: number.arabic) {
                end = number.end
            } else if let sub = subNumberEnd(text, at: number.end), number.arabic {
                end = sub
            } else {
                continue
            }
            // The dash a space between the door and its floor became (`21 2楼`) says nothing once 号 is written.
            let rest = end < text.count && text[end] == AddressText.dash ? end + 1 : end
            return Array(text[..<end]) + [Scalars.hao] + text[rest...]
        }
        return text
    }

    /// Where the sub-number of a villager's door written after a dash at `index` ends (`-1` of `3组21-1`): one or two
    /// Arabic digits, followed by what may follow a door written without 号 (`bareDoorFollows`: the end, a remark, a
    /// floor). Nil for anything else (`-501`, a flat's room; `-1号`, already a door; `-1-301`).
    static func subNumberEnd(_ text: [UInt32], at index: Int) -> Int? {
        guard index + 1 < text.count, text[index] == AddressText.dash,
              let sub = Number.read(text, at: index + 1), sub.isDigits, sub.arabic, sub.end - index - 1 <= 2,
              bareDoorFollows(text, at: sub.end, arabic: true) else { return nil }
        return sub.end
    }

    /// Whether what follows a number written without 号 at `index` makes it a villager's door: the end of the text,
    /// a remark on the house (`houseRemarkEnd`), or a floor or named room ending the text (`2楼`, `阁楼`), after a
    /// space or dash too (`21 2楼`). After Chinese numerals only the end or a remark: a floor's numeral would be
    /// read with them.
    static func bareDoorFollows(_ text: [UInt32], at index: Int, arabic: Bool) -> Bool {
        if index == text.count || houseRemarkEnd(text, at: index, afterDoor: true) != nil { return true }
        guard arabic else { return false }
        let floor = text[index] == AddressText.dash ? index + 1 : index
        return floor < text.count && roomDescription(text[floor...]) != nil
    }

    /// Whether `words`, written after a villager's door, are a remark on the house (`自建房`, `平房`, `东户`): no
    /// number, no compound's, area's or division's word, no landmark, side (`对面`, `隔壁`: a place beside the door) or
    /// part of the house (those stay in the street).
    static func isRemarkAfterDoor(_ words: ArraySlice<UInt32>) -> Bool {
        guard !words.isEmpty, words.count <= 8, !startsWithDoorSide(words),
              words.allSatisfy({ AddressText.isCJK($0) && !AddressText.isNumeral($0) }),
              !holdsCompoundWord(words), !namesArea(words), !endsLikeDivision(words), !isLandmarkDoor(words),
              startsVillagerGroup(words) == nil, houseParts.firstMatch(in: Array(words), at: 0) == nil,
              !AddressText.compoundSuffixes.words.contains(where: { AddressText.hasSuffix($0, in: words) }),
              !Scalars.groupWords.words.contains(where: { AddressText.hasSuffix($0, in: words) }) else { return false }
        return true
    }

    /// Kinds of house a villager's household lives in (自建房: a self-built house), which a feed writes beside its door
    /// as a remark: never a compound's name, wherever they stand. Longest first.
    static let houseKinds = WordList(["自建住房", "自建民房", "砖混结构", "自建房", "自建楼", "自住房", "砖瓦房", "砖混房",
                                      "土坯房", "石头房", "吊脚楼", "出租房", "民房", "私房", "农房", "平房", "楼房", "瓦房",
                                      "砖房", "木房", "土房", "石房", "木屋", "土屋", "老房", "老屋", "新房", "危房"])

    /// Whether `words` are a kind of house (`houseKinds`) and nothing else.
    static func namesHouseKind(_ words: ArraySlice<UInt32>) -> Bool {
        houseKinds.words.contains { $0.count == words.count && AddressText.hasSuffix($0, in: words) }
    }

    /// Where a remark on the house starting at `index` ends (`自建房` of `3组39号自建房2楼`), or nil: words with no
    /// number, followed by the end of the text, a floor or named room ending it (`2楼`, `阁楼`), or an annex door
    /// (`附1号`). After a villager's door (`afterDoor`), any words `isRemarkAfterDoor` (`自建房`, `东户`; not a
    /// building's marker, `3组21栋`); after only a group or a village, a kind of house alone (`houseKinds`): there a
    /// name (`3组安置点`) may be a place of the village. Never the floor or room itself (`地下一层`, `地下室`, `门面`).
    static func houseRemarkEnd(_ text: [UInt32], at index: Int, afterDoor: Bool) -> Int? {
        guard index < text.count, Scalars.markers.firstMatch(in: text, at: index) == nil,
              roomDescription(text[index...]) == nil else { return nil }
        var end = index + 1
        while end <= text.count, end - index <= 8, AddressText.isCJK(text[end - 1]), !AddressText.isNumeral(text[end - 1]) {
            let words = text[index..<end]
            let doorGoesOn = end == text.count || roomDescription(text[end...]) != nil || annexDoor(text, at: end) != nil
            if doorGoesOn, namesHouseKind(words) || (afterDoor && words.count >= 2 && isRemarkAfterDoor(words)) {
                return end
            }
            end += 1
        }
        return nil
    }

    /// The text without the remark on the house written after a villager's door, group or village (`3组39号自建房2楼`
    /// → `3组39号2楼`, `3组自建房附1号` → `3组附1号`, `歪脚村2组自建房` → `歪脚村2组`), and that remark. A villager's
    /// door is a number with 号 after a group, a village or an annex mark (`endsWithHouseDoor`); a group is a group
    /// word after its number or name, and the village the directory placed (`afterCommunity`) starts the text. A kind
    /// of house alone is a remark after any door too: a road's (`中华北路123号自建房2楼`) or a landmark's (`3组村委会旁
    /// 自建房`).
    static func houseRemarkTakenOut(_ text: [UInt32], from start: Int,
                                    afterCommunity: Bool) -> (text: [UInt32], remark: String?) {
        var at = start
        while at < text.count {
            defer { at += 1 }
            guard AddressText.isCJK(text[at]), !AddressText.isNumeral(text[at]) else { continue }
            let afterVillagersDoor = at > start && text[at - 1] == Scalars.hao
                && endsWithHouseDoor(text, start, at, afterCommunity: afterCommunity)
            let afterPlace = (at > start + 1 && text[at - 1] == Scalars.zu) || (at == start && afterCommunity)
                || (at > start && endsWithHouseDoor(text, start, at, afterCommunity: afterCommunity, anyRoad: true))
            guard afterVillagersDoor || afterPlace,
                  let end = houseRemarkEnd(text, at: at, afterDoor: afterVillagersDoor) else { continue }
            return (Array(text[..<at]) + text[end...], AddressText.string(text[at..<end]))
        }
        return (text, nil)
    }

    /// An annex door at `index` (`附1号`, `之2`, `附一号`), written alone after a group or a village (`3组附1号`,
    /// `龙井村（自建房）附1号`): where it ends and its spelling (`附1号`); nil when none is there, or when it is a
    /// building's (`附1号楼`).
    static func annexDoor(_ text: [UInt32], at index: Int) -> (end: Int, spelled: [UInt32])? {
        guard index < text.count, text[index] != AddressText.dash,
              let annex = annexAfterDoor(text, at: index) else { return nil }
        return (annex.end, [annex.mark] + AddressText.scalars(ofLiteral: annex.number) + [Scalars.hao])
    }
}
