/// A house's door in a village or an urban village (城中村), and the floor or room of it a household lives on.
///
/// A village door is written after the village and its group: a door number (`1组60号`), the door with its annex
/// (`60号附1`, `60号附1号`, `51号之2`, `60号-1`: spelled `60号附1号`, `51号之2号`), or a landmark with the side the
/// house stands on (`村委会旁`, `小学对面`, `加油站附近`, `卫生室后面`) or alone (`7组村委会`). Such a door is the
/// `street`, never a compound. Many households live at one door; what follows it is the floor or room they live on:
/// `402室` (room 402), `3楼`, `一楼`, `1楼东`, `负一楼`, `地下一层`, `阁楼`, `顶楼阁楼`, `地下室`, `3楼2号`. A floor
/// is spelled alike however written (`一楼`, `1楼`, `1层` → `1楼`; `负一楼`, `负1层`, `地下一层` → `负1楼`), as the
/// same text in a 房号 column is (`HouseNumber.cleanRoom`), so that the two link.
extension DwellingNumber {
    /// A floor or room described in words rather than numbered (`1楼`, `负1楼`, `1楼东`, `3楼2号`, `阁楼`,
    /// `顶楼阁楼`, `地下室`), spelled one way; nil for anything else (`402`, `3栋`, `东户`).
    static func roomDescription(_ text: ArraySlice<UInt32>) -> String? {
        guard let first = text.first, roomDescriptionStarts.contains(first) || AddressText.isNumeral(first) else { return nil }
        let scalars = Array(text)
        var index = 0
        var spelled: [UInt32] = []
        var numberedFlat = false
        if let word = namedRooms.firstMatch(in: scalars, at: 0) {
            spelled = namedRooms.words[word]
            index = spelled.count
        } else if let end = numberedShopEnd(scalars), let shop = numberedShop(scalars) {
            // 1号门面: a numbered shop front.
            spelled = shop
            index = end
        } else {
            let basement = basementPrefixLength(scalars, at: 0)
            guard let floor = Number.read(scalars, at: basement), floor.isDigits, floor.value.count <= 2,
                  let marker = Scalars.floorMarkers.firstMatch(in: scalars, at: floor.end) else { return nil }
            index = floor.end + Scalars.floorMarkers.words[marker].count
            spelled = (basement > 0 ? [Scalars.fu4] : []) + AddressText.scalars(ofLiteral: floor.value) + [Scalars.lou]
            // 3楼2号, 3楼201室: a room on the floor; a room numbered with its floor (3楼301室) is the room alone.
            if let room = Number.read(scalars, at: index), room.isDigits, room.end < scalars.count,
               let mark = Scalars.roomMarkers.firstMatch(in: scalars, at: room.end) {
                spelled = room.value.count >= 3 && room.value.hasPrefix(floor.value)
                    ? AddressText.scalars(ofLiteral: room.value)
                    : spelled + AddressText.scalars(ofLiteral: room.value) + [Scalars.hao]
                index = room.end + Scalars.roomMarkers.words[mark].count
                numberedFlat = true
            }
        }
        // 1楼东, 阁楼西边: the side of the floor, kept (two households of one floor). After a numbered flat of the
        // floor (3楼2号东户) the number says which: the side is a remark, left out.
        if index < scalars.count, let side = floorSides.firstMatch(in: scalars, at: index),
           index + floorSides.words[side].count == scalars.count {
            if !numberedFlat { spelled += floorSides.words[side] }
            index = scalars.count
        }
        return index == scalars.count ? AddressText.string(spelled) : nil
    }

    /// How a room is written after its number in an address: `501室`, `附1号`; a floor or a named room as it is
    /// (`1楼`, `阁楼`, `3楼2号`).
    static func roomSpelling(_ room: String) -> String {
        if room.hasPrefix("附") { return room + "号" }
        guard let last = room.unicodeScalars.last, AddressText.isASCIIAlphanumeric(last.value) else { return room }
        return room + "室"
    }

    /// Rooms named rather than numbered, longest first.
    static let namedRooms = WordList(["顶楼阁楼", "地下室", "半地下室", "阁楼", "顶楼", "楼顶", "天台", "门面", "门市",
                                      "商铺", "铺面", "车库", "杂物间"])
    /// What a shop front at a door or of a building is called (门面, 门市, 商铺, 铺面), longest first.
    static let shopWords = WordList(["门面", "门市", "商铺", "铺面"])

    /// `1号门面`, `二号商铺`: a numbered shop front at the start of `text`, spelled with the number in Arabic digits
    /// (`2号商铺`), as one room of the door or building it belongs to; nil for anything else (`1号门`, `3号楼`).
    static func numberedShop(_ text: [UInt32]) -> [UInt32]? {
        guard let end = numberedShopEnd(text), let number = Number.read(text, at: 0) else { return nil }
        return AddressText.scalars(ofLiteral: number.value) + [Scalars.hao] + text[(number.end + 1)..<end]
    }

    /// Where a numbered shop front (`numberedShop`) at `start` of `text` ends, or nil.
    static func numberedShopEnd(_ text: [UInt32], at start: Int = 0) -> Int? {
        guard let number = Number.read(text, at: start), number.isDigits, number.value.count <= 4,
              number.end < text.count, text[number.end] == Scalars.hao,
              let word = shopWords.firstMatch(in: text, at: number.end + 1) else { return nil }
        return number.end + 1 + shopWords.words[word].count
    }

    /// Parts of a house written after its door number (`22号后栋302室`, `3组15号偏房`): where in the house a
    /// household lives, never a compound. They stay with the door in the street; a room or floor after them is the
    /// household's room as after the door itself. Longest first.
    static let houseParts = WordList(["后栋", "前栋", "后楼", "前楼", "后院", "前院", "后屋", "前屋", "偏房", "厢房",
                                      "侧房", "正房", "耳房", "主楼", "副楼", "附楼", "东栋", "西栋", "南栋", "北栋",
                                      "东楼", "西楼", "南楼", "北楼"])

    /// Where the door number ends when `text[start..<end]` ends with one followed by a part of the house
    /// (`22号后栋`: the index after 号), or `end` when it ends with the door number itself (`22号`); nil otherwise.
    static func doorEnd(beforeHousePartIn text: [UInt32], _ start: Int, _ end: Int) -> Int? {
        guard end > start else { return nil }
        if text[end - 1] == Scalars.hao { return end }
        for part in houseParts.words where end - part.count > start
            && AddressText.hasSuffix(part, in: text[start..<end]) && text[end - part.count - 1] == Scalars.hao {
            return end - part.count
        }
        return nil
    }
    /// The side of a floor a household lives on (1楼东, 2楼西户).
    static let floorSides = WordList(["东边", "西边", "南边", "北边", "东侧", "西侧", "南侧", "北侧", "东户", "西户",
                                      "南户", "北户", "东头", "西头", "东", "西", "南", "北", "左", "右", "中"])
    static let roomDescriptionStarts: Set<UInt32> = Set("负地顶阁半楼天门车杂商铺".unicodeScalars.map(\.value))

    /// 60号3楼, 1组村委会旁阁楼, 团结巷53号之2号负一楼, 小孟路22号楼顶: where a house's door ends and the floor or
    /// room description after it (`roomDescription`) starts, with that description; nil when the text does not end so.
    /// A door is a number after a villager group, a village, an annex mark, or a road: after a community the directory
    /// placed, any floor; elsewhere a named room (`小孟路22号楼顶`, `…阁楼`), a shop front (`遵义路3号1号门面`) or a
    /// floor after a part of the house (`小孟路22号后栋3楼`), not a bare numbered floor (`中华北路123号2楼`: a floor of
    /// a building of flats). Or a landmark with its side after a villager group or a placed community.
    static func houseFloor(_ text: [UInt32], from start: Int, afterCommunity: Bool) -> (split: Int, room: String)? {
        let end = text.count
        var split = start + 1
        while split < end {
            defer { split += 1 }
            let first = text[split]
            guard roomDescriptionStarts.contains(first) || AddressText.isNumeral(first),
                  !AddressText.isASCIIDigit(text[split - 1]) else { continue }
            guard let room = roomDescription(text[split..<end]) else { continue }
            // At a road's door outside a placed community a numbered floor is a floor of a building of flats, not
            // kept (中华北路123号2楼); a named room, a shop front, or anything after a part of the house is the room.
            let anyRoad = !Self.isNumberedFloor(room) || text[split - 1] != Scalars.hao
            if endsWithHouseDoor(text, start, split, afterCommunity: afterCommunity, anyRoad: anyRoad) { return (split, room) }
        }
        return nil
    }

    /// Whether a spelled room description is a numbered floor (`3楼`, `负1楼`, `3楼东`), not a named room or a shop.
    static func isNumberedFloor(_ room: String) -> Bool {
        guard let first = room.unicodeScalars.first else { return false }
        return (first.value >= 0x30 && first.value <= 0x39 && !room.contains("门面")) || first.value == Scalars.fu4
    }

    /// Whether `text[start..<end]` ends with a house's door (see `houseFloor`), or a door and a part of the house
    /// (`22号后栋`). `anyRoad`: a road's door counts outside a placed community too.
    static func endsWithHouseDoor(_ text: [UInt32], _ start: Int, _ end: Int, afterCommunity: Bool,
                                  anyRoad: Bool = false) -> Bool {
        guard end > start else { return false }
        let end = doorEnd(beforeHousePartIn: text, start, end) ?? end
        if text[end - 1] == Scalars.hao {
            var digits = end - 1
            while digits > start, AddressText.isASCIIDigit(text[digits - 1]) || text[digits - 1] == AddressText.dash {
                digits -= 1
            }
            guard digits < end - 1 else { return false }
            if digits == start { return afterCommunity }
            let lead = text[digits - 1]
            if lead == Scalars.fu || lead == Scalars.zhi {
                // 12号附3号: an annex is of the door written before it, a villager's or a road's as that door is
                // (遵义路12号附3号2楼: a road's door, whose bare floor is no room). An annex alone (3组附1号) is a villager's.
                let annex = digits - 1
                if annex > start, text[annex - 1] == Scalars.hao {
                    return endsWithHouseDoor(text, start, annex, afterCommunity: afterCommunity, anyRoad: anyRoad)
                }
                return true
            }
            if lead == Scalars.zu || Scalars.villageEnd.contains(lead) { return true }
            if Scalars.communityEndWords.words.contains(where: { AddressText.hasSuffix($0, in: text[start..<digits]) }) {
                return true
            }
            return (afterCommunity || anyRoad) && Scalars.roadEnds.contains(lead)
        }
        let head = text[start..<end]
        guard let side = doorSides.firstIndex(where: { head.count > $0.count && AddressText.hasSuffix($0, in: head) })
        else { return false }
        return afterCommunity || startsVillagerGroup(head) != nil
            || head.dropLast(doorSides[side].count).contains(where: Scalars.villageEnd.contains)
    }

    /// The sides a house stands on by a landmark (村委会旁, 小学对面, 加油站附近) or by a door (33号对面), longest first.
    static let doorSides = ["斜对面", "旁边", "对面", "附近", "隔壁", "后面", "前面", "背后", "后边", "前边", "左边", "右边",
                            "左侧", "右侧", "对门", "旁"]
        .map(AddressText.scalars(ofLiteral:))

    /// Whether `words`, written right after a door number (`2组33号对面`, `中华北路12号隔壁`, `33号旁边小卖部`), start
    /// with the side of a house beside that door (`doorSides`), followed by words without numbers if any: a place by
    /// the door, as `8组小学对面` is by the school, not the door itself. It stays with the door in the street, so that
    /// the house across the road never reads, or links, as the house at the door (trial fringe, finding 1).
    static func startsWithDoorSide(_ words: ArraySlice<UInt32>) -> Bool {
        guard words.count <= 12, doorSides.contains(where: { words.count >= $0.count && words.starts(with: $0) })
                || sidesOfADoor.contains(where: { words.count >= $0.count && words.starts(with: $0) })
        else { return false }
        return words.allSatisfy { AddressText.isCJK($0) && !AddressText.isNumeral($0) }
    }

    /// More sides a house stands on by a door (33号侧边, 33号东侧, 12号对过: trial recheck finding 1), said only right
    /// after a door number: before it, 东边 or 上方 may begin a name.
    static let sidesOfADoor = ["侧边", "边上", "旁侧", "对过", "斜对门", "下方", "上方", "前方", "后方", "后侧", "前侧",
                               "东侧", "西侧", "南侧", "北侧", "东边", "西边", "南边", "北边", "东面", "西面", "南面", "北面"]
        .map(AddressText.scalars(ofLiteral:))

    /// Places a village names its houses by (村委会, 小学, 卫生室, 加油站, 菜场 …): a landmark written after a villager
    /// group or a village, alone (`7组村委会`) or with a side (`村委会旁`), is the house's door, never a compound.
    static let landmarkEndings = ["村委会", "居委会", "村委", "村部", "委员会", "小学", "中学", "学校", "幼儿园", "卫生室",
                                  "卫生院", "卫生所", "诊所", "医院", "加油站", "菜场", "菜市场", "市场", "超市", "小卖部",
                                  "商店", "活动室", "文化室", "广场", "车站", "站", "桥", "寺", "庙", "祠堂", "水库",
                                  "大树", "水井", "路口", "球场", "学堂", "办公室", "服务中心"]
        .map(AddressText.scalars(ofLiteral:))

    /// Whether `name` (what follows a villager group, a village or a road in a village) describes a house's door by a
    /// landmark: a landmark (`landmarkEndings`) alone or with a side (`村委会旁`, `小学对面`), or any name that holds
    /// no compound's word with a side (`王家大树旁`). `幸福小区旁` is a compound with its spot.
    static func isLandmarkDoor(_ name: ArraySlice<UInt32>) -> Bool {
        guard name.count >= 2, !name.contains(where: { AddressText.isASCIIDigit($0) }) else { return false }
        var rest = name
        if let side = doorSides.first(where: { rest.count > $0.count && AddressText.hasSuffix($0, in: rest) }) {
            rest = rest.dropLast(side.count)
            if landmarkEndings.contains(where: { AddressText.hasSuffix($0, in: rest) }) { return true }
            return !holdsCompoundWord(rest) && !AddressText.compoundSuffixes.words.contains { AddressText.hasSuffix($0, in: rest) }
        }
        return landmarkEndings.contains { rest.count <= $0.count + 4 && AddressText.hasSuffix($0, in: rest) }
    }

    /// Where a villager group (3组, 三组, 第3组) starts `name`: its length, or nil.
    static func startsVillagerGroup(_ name: ArraySlice<UInt32>) -> Int? {
        var index = name.startIndex
        if index < name.endIndex, name[index] == Scalars.di { index += 1 }
        let digits = index
        while index < name.endIndex, AddressText.isNumeral(name[index]) { index += 1 }
        guard index > digits else { return nil }
        let scalars = Array(name)
        let offset = index - name.startIndex
        guard let word = Scalars.groupWords.firstMatch(in: scalars, at: offset) else { return nil }
        return offset + Scalars.groupWords.words[word].count
    }

    /// The text with door numbers after a road, a group or a village in Arabic digits, without leading zeros or a 第
    /// (三组二十三号, 3组第23号, 3组023号 → 3组23号; 中华北路一百二十三号 → 中华北路123号), and their annexes spelled
    /// with their mark and 号 (60号附1, 60号-1 → 60号附1号; 51号之二 → 51号之2号), so that every way of writing one door
    /// reads, and links, as one.
    static func arabicDoorNumbers(_ text: [UInt32], from start: Int) -> [UInt32] {
        guard text[start...].contains(Scalars.hao) else { return text }
        // The village the directory placed right before the door (龙井村21号-1, 龙井村21-1号) leads it as a 村 written
        // in the part read here does: the door is 21号附1号 either way, never building 1 after door 21.
        let from = start > 0 && Scalars.villageEnd.contains(text[start - 1]) ? start - 1 : start
        var out = Array(text[..<from])
        out.reserveCapacity(text.count)
        var i = from
        while i < text.count {
            // A dash after a door number that is no annex's (12号-3-501) means nothing.
            if text[i] == AddressText.dash, out.last == Scalars.hao { i += 1; continue }
            out.append(text[i])
            guard Scalars.doorNumberLeads.contains(text[i]) || Scalars.villageEnd.contains(text[i]) else { i += 1; continue }
            var j = i + 1
            if j < text.count, text[j] == Scalars.di { j += 1 }
            guard let number = Number.read(text, at: j), number.isDigits, number.end < text.count else { i += 1; continue }
            var digits = Array(number.value.unicodeScalars.map(\.value).drop { $0 == 0x30 })
            if digits.isEmpty { digits = [0x30] }
            if let sub = villagerSubNumber(text, lead: i, number: number) {
                // 3组21-1号 (and 3组21-1, marked so before): the door's annex, spelled as 3组21号-1 is, 3组21号附1号.
                out += digits
                out += [Scalars.hao, Scalars.fu]
                out += AddressText.scalars(ofLiteral: sub.value)
                out.append(Scalars.hao)
                i = sub.end + 1
                continue
            }
            guard text[number.end] == Scalars.hao, !(number.end + 1 < text.count && text[number.end + 1] == Scalars.lou)
            else { i += 1; continue }
            out += digits
            i = number.end
            // 60号附1, 51号之二, 60号-1: the door's annex, spelled 60号附1号, 51号之2号.
            if let annex = annexAfterDoor(text, at: i + 1) {
                out += [Scalars.hao, annex.mark] + AddressText.scalars(ofLiteral: annex.number) + [Scalars.hao]
                i = annex.end
            }
        }
        return out
    }

    /// The text without the words that only say a door number follows (`门牌`, `门牌号`, `门牌号码`) where one does,
    /// after a road, a group, a village or anything (`中华北路门牌12号之2`, `3组门牌号15号`, `门牌号：12号`): the door
    /// reads as `中华北路12号之2` does, never a compound `门牌12号之` with building 2.
    static func doorWordsTakenOut(_ text: [UInt32], from start: Int) -> [UInt32] {
        guard text[start...].contains(Scalars.men) else { return text }
        var out = Array(text[..<start])
        var index = start
        while index < text.count {
            if text[index] == Scalars.men, let word = doorWords.firstMatch(in: text, at: index) {
                var after = index + doorWords.words[word].count
                if after < text.count, text[after] == Scalars.di { after += 1 }
                if after < text.count, AddressText.isNumeral(text[after]) {
                    index += doorWords.words[word].count
                    continue
                }
            }
            out.append(text[index])
            index += 1
        }
        return out
    }

    /// Words that say a door number follows, longest first.
    static let doorWords = WordList(["门牌号码", "门牌号", "门牌"])

    /// The sub-number of a villager's door written after a dash and before 号 (`-1` of `3组21-1号`, `新寨子村21-12号`):
    /// one or two Arabic digits after a door number `number` that follows a group or a village at `lead` (a village
    /// written in the text read here, not one the directory placed before it; not a numbered compound like 水钢一村
    /// or 大山洞新村), then 号 that is no building's or shop's (`21-1号楼`,
    /// `3-1号门面`). Rural houses write the annex so, and as `21号-1` and `21号附1`: one door, spelled `21号附1号`. Nil
    /// for anything else (a road's `12-1号`, `3组5-501号`).
    static func villagerSubNumber(_ text: [UInt32], lead: Int, number: Number) -> Number? {
        let mark = text[lead]
        guard mark == Scalars.zu || (Scalars.villageEnd.contains(mark) && lead > 0
                  && text[lead - 1] != Scalars.xin && !AddressText.isNumeral(text[lead - 1])),
              number.arabic, number.end + 1 < text.count, text[number.end] == AddressText.dash,
              let sub = Number.read(text, at: number.end + 1), sub.isDigits, sub.arabic, sub.end - number.end - 1 <= 2,
              sub.end < text.count, text[sub.end] == Scalars.hao,
              !(sub.end + 1 < text.count && text[sub.end + 1] == Scalars.lou),
              shopWords.firstMatch(in: text, at: sub.end + 1) == nil else { return nil }
        return sub
    }

    /// An annex written after a door number (附1, 附1号, 之2, 之二号, -1) at `index`: its mark (附 or 之; a dash is
    /// 附, and only for one or two digits), its number in Arabic digits and where it ends; nil when none is there, or
    /// when the number is a building's or a flat's (附1号楼, 12号-3-501, 12号-301, 5号附2栋).
    static func annexAfterDoor(_ text: [UInt32], at index: Int) -> (mark: UInt32, number: String, end: Int)? {
        guard index + 1 < text.count else { return nil }
        let mark = text[index]
        guard mark == Scalars.fu || mark == Scalars.zhi || mark == AddressText.dash,
              let number = Number.read(text, at: index + 1), number.isDigits,
              mark != AddressText.dash || (number.arabic && number.value.count <= 2) else { return nil }
        var end = number.end
        if end < text.count {
            if text[end] == Scalars.hao {
                guard !(end + 1 < text.count && text[end + 1] == Scalars.lou) else { return nil }
                // 3号-1号门面: the number of a shop front at the door, not an annex.
                guard shopWords.firstMatch(in: text, at: end + 1) == nil else { return nil }
                end += 1
            } else if text[end] == AddressText.dash || Scalars.markers.firstMatch(in: text, at: end) != nil {
                return nil
            }
        }
        return (mark == Scalars.zhi ? Scalars.zhi : Scalars.fu, number.value, end)
    }
}
