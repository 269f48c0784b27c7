/// The place part of a dwelling's text: the unresolved division, the street (a road and door number, a villager
/// group, a village door) and the compound, with the spots written after it (北门, 配电间旁, 2号变压器旁).
extension DwellingNumber {
    // MARK: - The place before the numbers

    /// Splits the text before the numbers into an unresolved division, a street and the compound. `afterCommunity`:
    /// the text follows a community or village the directory placed.
    mutating func place(_ text: [UInt32], _ start: Int, _ end: Int, afterCommunity: Bool = false) {
        var from = start
        var to = end
        Self.trim(text, &from, &to)
        var unresolved: [ArraySlice<UInt32>] = []
        // 不存在街道东升小区, 红旗社区东升小区: a township or community the directory does not know, written first
        // (not a villager group's landmark: 7组村委会 is a door).
        while from < to, Self.startsVillagerGroup(text[from..<to]) == nil,
              let length = Self.leadingDivisionName(text, from, to) {
            unresolved.append(text[from..<from + length])
            from += length
        }
        var streetText: [UInt32] = []
        var villageDoorRead = false
        if afterCommunity, from == start, from < to, let (doorEnd, door) = Self.villageDoor(text, at: from, to: to),
           doorEnd == to || Self.houseParts.firstMatch(in: text, at: doorEnd)
               .map({ doorEnd + Self.houseParts.words[$0].count == to }) == true
               || Self.isRemarkAfterDoor(text[doorEnd..<to]) || Self.startsWithDoorSide(text[doorEnd..<to]) {
            // 王宽村15号(201室), 王宽村15号后栋(201室): a door right after the village or community the directory placed
            // is the street (王宽村1号院 and 王宽村5号小区 stay compounds); 王宽村15号（自建房） too, with its remark, and
            // an annex door alone (王宽村附1号).
            streetText.append(contentsOf: door)
            from = doorEnd
            villageDoorRead = true
        } else if let crossingEnd = Self.crossingEnd(text, from, to) {
            // 人民路与北京路交叉口, 人民路北京路交叉口东侧50米: a spot where roads cross, never a compound. It is the street.
            streetText.append(contentsOf: text[from..<crossingEnd])
            from = crossingEnd
        } else if let streetEnd = Self.streetEnd(text, from, to) {
            streetText.append(contentsOf: text[from..<streetEnd])
            from = streetEnd
        }
        var remaining = from..<to
        var groupRead = false
        if let group = Self.villagerGroup(text, from, to) ?? Self.namedVillagerGroup(text, from, to) {
            streetText += group.normalized
            remaining = group.end..<to
            groupRead = true
            if group.start > from {
                let before = text[from..<group.start]
                if Self.endsLikeCommunity(before) {
                    // 红旗村三组15号 with 红旗村 not placed: an unresolved community, not a compound.
                    unresolved.append(before)
                } else if Self.namesVillageBeforeGroup(before) {
                    // 大寨3组5号 with no 大寨村 placed: the village written without 村, spelled with it.
                    unresolved.append((Array(before) + [Scalars.cun])[...])
                } else {
                    // 东升小区一组: the group is written after the compound; what follows it, if anything, is kept
                    // with the street.
                    streetText += text[group.end..<to]
                    remaining = from..<group.start
                    streetFollowsCompound = true
                }
            }
        }
        let afterGroup = groupRead && !streetFollowsCompound
        from = remaining.lowerBound
        to = remaining.upperBound
        Self.trim(text, &from, &to)
        // 小孟路22号后栋, 3组15号偏房, 3组15号后栋附2号: a part of the house written after its door (with its own annex
        // door) stays with the door, never a compound.
        if from < to, !streetFollowsCompound, streetText.last == Scalars.hao, Self.housePartEnd(text, at: from, to: to) == to {
            streetText += text[from..<to]
            from = to
        }
        // 2组33号对面, 凉湾村33号隔壁, 中华北路12号旁边: a side right after a door names a place beside it, not the door
        // and no remark on it: it stays with the door, as written.
        if from < to, !streetFollowsCompound, streetText.last == Scalars.hao, Self.startsWithDoorSide(text[from..<to]) {
            streetText += text[from..<to]
            from = to
        }
        // 1组村委会旁, 3组小学对面, 7组村委会, 团结巷菜场对面 in a community: a house's door by a landmark, never a
        // compound; it stays where it was written.
        if from < to, !streetFollowsCompound,
           afterCommunity || groupRead || unresolved.last.map(Self.endsLikeCommunity) == true,
           Self.isLandmarkDoor(text[from..<to]),
           afterGroup || Self.doorSides.contains(where: { AddressText.hasSuffix($0, in: text[from..<to]) }) {
            streetText += text[from..<to]
            from = to
        }
        // 3组2期: a phase alone after a villager group or its door names no compound; it stays in the street.
        if from < to, afterGroup, Self.phaseLength(text, at: from) == to - from {
            streetText += text[from..<to]
            from = to
        }
        // 3组20号（自建房）, 王宽村15号 自建房: words after a villager's door that name no place of their own say what
        // kind of house it is, a remark (as after a flat's room, 301室（东户）): never a compound, and not part of the door.
        if from < to, !streetFollowsCompound, streetText.last == Scalars.hao,
           afterGroup || villageDoorRead, Self.isRemarkAfterDoor(text[from..<to]) {
            remark = [remark, AddressText.string(text[from..<to])].compactMap { $0 }.joined(separator: " ")
            from = to
        }
        if from < to, Self.numberedThingLength(text, at: from) != nil, !Self.holdsCompoundWord(text[from..<to]) {
            // 花果园街道2号变压器旁: a numbered thing and no compound; it stays in the address.
            streetText += text[from..<to]
            from = to
        }
        if from < to {
            // 金桂苑北门, 东升小区大门口, 幸福小区旁: a spot at the compound, not part of its name. It stays in the
            // address, after the compound.
            if let spot = Self.spotAfterCompound(text, from, to) {
                streetText += text[spot..<to]
                streetFollowsCompound = true
                to = spot
            }
            let rest = text[from..<to]
            if Self.endsLikeDivision(rest) { unresolved.append(rest) } else { compound = Self.compoundName(rest) }
        }
        if !streetText.isEmpty { street = AddressText.string(streetText) }
        if !unresolved.isEmpty { unresolvedDivision = unresolved.map(AddressText.string).joined() }
    }

    /// The compound's name as written, without the dash the text kept after a lone letter (`保利A-3地块` is
    /// 保利A3地块, as it is written without one).
    static func compoundName(_ name: ArraySlice<UInt32>) -> String {
        guard name.contains(AddressText.dash) else { return AddressText.string(name) }
        var kept: [UInt32] = []
        for (index, scalar) in zip(name.indices, name) {
            if scalar == AddressText.dash, index - 1 >= name.startIndex, name[index - 1] >= 0x41, name[index - 1] <= 0x5A,
               index - 2 < name.startIndex || !AddressText.isASCIIAlphanumeric(name[index - 2]) {
                continue
            }
            kept.append(scalar)
        }
        return AddressText.string(kept)
    }

    static func trim(_ text: [UInt32], _ from: inout Int, _ to: inout Int) {
        while from < to, isPunctuation(text[from]) { from += 1 }
        while to > from, isPunctuation(text[to - 1]) { to -= 1 }
    }

    @inline(__always) private static func isPunctuation(_ value: UInt32) -> Bool {
        value == AddressText.dash || value == AddressText.hash || value == AddressText.listSeparator
    }

    /// The end of the street at the start of `text[from..<to]`: up to the last door number written after a road
    /// (中华北路123号, XX路5号附8号; anything before it, like an unknown district, goes with it), or else a road
    /// written alone before the compound (东风路XX小区). Nil when the road's name is the compound's own
    /// (新华路小区, 中华路12号院, and a shantytown or area named after its lane or road: 梁子巷棚户区, 东门路片区,
    /// 新华路安置点, whose words alone name no place).
    static func streetEnd(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        var found: Int?
        var i = from + 2
        while i < to {
            if AddressText.isASCIIDigit(text[i]), Scalars.roadEnds.contains(text[i - 1]),
               let doorEnd = doorNumberEnd(text, at: i, to: to),
               !isBareCompoundSuffix(text, doorEnd, to) {
                found = doorEnd
                i = doorEnd
                continue
            }
            i += 1
        }
        if let found { return found }
        guard let roadEnd = leadingRoadEnd(text, from, to) else { return nil }
        if roadEnd < to, AddressText.isASCIIDigit(text[roadEnd]) { return nil }   // 中华路12号院: the compound's name
        // 油榨街小区, 友谊路宿舍, 新华路小区, 梁子巷棚户区, 东门路片区: a compound named after its road.
        if AddressText.compoundSuffixes.firstMatch(in: text, at: roadEnd) != nil
            || Scalars.areaWords.firstMatch(in: text, at: roadEnd) != nil
            || AddressParser.isGenericCompound(AddressText.string(text[roadEnd..<to])) {
            return nil
        }
        return roadEnd
    }

    /// The end of a road crossing at the start of `text[from..<to]`: two roads (人民路与北京路, 人民路和北京路, 人民路、
    /// 北京路, or 人民路北京路 followed by a crossing word) or one road and a crossing word (人民路口, 人民路交叉口), then
    /// the crossing word if any (交叉口, 路口, 交汇处, 十字路口 …), with what follows when it holds no compound word (东侧,
    /// 东北角, 50米: where at the crossing). Nil when the text starts with no crossing (人民路小区, 人民路12号), or with one
    /// road and a compound after it (人民路口腔医院).
    static func crossingEnd(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        guard let first = leadingRoadEnd(text, from, to), first < to else { return nil }
        var end = first
        var roads = 1
        if crossingConnectors.contains(text[end]) {
            guard let second = leadingRoadEnd(text, end + 1, to) else { return nil }
            end = second
            roads = 2
        } else if let second = leadingRoadEnd(text, end, to), crossingWords.firstMatch(in: text, at: second) != nil {
            end = second
            roads = 2
        }
        if let word = crossingWords.firstMatch(in: text, at: end) {
            end += crossingWords.words[word].count
        } else if roads < 2 {
            return nil
        }
        guard end < to, holdsCompoundWord(text[end..<to]) else { return to }
        // 人民路口腔医院 is the 口腔医院 on 人民路; two roads that cross stay a crossing before the compound.
        return roads == 2 ? end : nil
    }

    /// What joins the names of two crossing roads: 与, 和, 及, 同, 跟, 、 and /.
    static let crossingConnectors: Set<UInt32> = Set("与和及同跟、/".unicodeScalars.map(\.value))

    /// Words for where roads meet, longest first.
    static let crossingWords = WordList(["十字路口", "丁字路口", "交叉路口", "交叉口", "交汇处", "交界处", "交汇口", "路口",
                                         "交口", "口"])

    /// 东风路, 新华大道, 文化街 at `from`: a name of two to six characters and a road word; not when the name holds a
    /// compound word (头桥小区西门路灯 is a place in a compound).
    static func leadingRoadEnd(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        var i = from + 2
        while i < min(to, from + 7) {
            if AddressText.isASCIIAlphanumeric(text[i - 1]) { return nil }
            if let word = AddressText.compoundSuffixes.firstMatch(in: text, at: i - 1),
               AddressText.compoundSuffixes.words[word].count > 1 {
                return nil
            }
            if let word = Scalars.roadWords.firstMatch(in: text, at: i) {
                let end = i + Scalars.roadWords.words[word].count
                // 新华路街道 and 大街道 are townships, not roads.
                if end < to, text[end] == Scalars.dao || text[end] == Scalars.ban { return nil }
                return end
            }
            i += 1
        }
        return nil
    }

    /// 123号, 12-1号, 5号附8号, 51号之2号 starting at `index` (a digit): where the door number ends, or nil.
    static func doorNumberEnd(_ text: [UInt32], at index: Int, to: Int) -> Int? {
        guard var end = digitsEnd(text, at: index, to: to, dashes: true), end < to, text[end] == Scalars.hao,
              !(end + 1 < to && text[end + 1] == Scalars.lou) else { return nil }
        end += 1
        if end + 1 < to, text[end] == Scalars.fu || text[end] == Scalars.zhi, let annexEnd = digitsEnd(text, at: end + 1, to: to, dashes: false) {
            end = annexEnd
            if end < to, text[end] == Scalars.hao { end += 1 }
        }
        return end
    }

    /// A villager's door at `index`, after its group or village: a door number (`15号`, `12-1号`, `5号附8号`) or an
    /// annex door alone (`附1号`, `之2`, spelled `之2号`); where it ends and how it is spelled. Nil when none is there.
    static func villageDoor(_ text: [UInt32], at index: Int, to: Int) -> (end: Int, spelled: [UInt32])? {
        guard index < to else { return nil }
        if AddressText.isASCIIDigit(text[index]) {
            return doorNumberEnd(text, at: index, to: to).map { ($0, Array(text[index..<$0])) }
        }
        guard let annex = annexDoor(text, at: index), annex.end <= to else { return nil }
        return annex
    }

    /// Where a part of the house at `index` (`后栋`: `houseParts`) ends, with the annex door written after it
    /// (`后栋附2号`, `后栋之1`); nil when no part of the house starts there.
    static func housePartEnd(_ text: [UInt32], at index: Int, to: Int) -> Int? {
        guard let part = houseParts.firstMatch(in: text, at: index) else { return nil }
        var end = index + houseParts.words[part].count
        if end + 1 < to, text[end] == Scalars.fu || text[end] == Scalars.zhi,
           let annexEnd = digitsEnd(text, at: end + 1, to: to, dashes: false) {
            end = annexEnd
            if end < to, text[end] == Scalars.hao { end += 1 }
        }
        return end
    }

    static func digitsEnd(_ text: [UInt32], at index: Int, to: Int, dashes: Bool) -> Int? {
        var end = index
        while end < to, AddressText.isASCIIDigit(text[end])
                || (dashes && end > index && text[end] == AddressText.dash && end + 1 < to
                    && AddressText.isASCIIDigit(text[end + 1])) {
            end += 1
        }
        return end > index ? end : nil
    }

    /// A villager group (三组, 第3组, 3村民小组) in `text[from..<to]` with the door number after it (三组15号):
    /// where it starts and ends, and its spelling in Arabic digits (`3组15号`).
    static func villagerGroup(_ text: [UInt32], _ from: Int, _ to: Int)
        -> (start: Int, end: Int, normalized: [UInt32])? {
        var i = from
        while i < to {
            if AddressText.isNumeral(text[i]), i == from || !AddressText.isNumeral(text[i - 1]),
               let number = Number.read(text, at: i), number.isDigits, number.end < to,
               let word = Scalars.groupWords.firstMatch(in: text, at: number.end) {
                var end = number.end + Scalars.groupWords.words[word].count
                if end < to, text[end] == Scalars.tuan { i += 1; continue }   // 3组团 is part of a compound
                let start = i > from && text[i - 1] == Scalars.di ? i - 1 : i
                var normalized = AddressText.scalars(ofLiteral: number.value)
                normalized.append(Scalars.zu)
                if end < to, let (doorEnd, door) = villageDoor(text, at: end, to: to) {
                    normalized += door
                    end = doorEnd
                }
                return (start, end, normalized)
            }
            i += 1
        }
        return nil
    }

    /// Where a spot at the compound starts at the end of `text[from..<to]`, leaving at least two characters of
    /// name: a gate (北门, 南大门, 东侧门, 大门口, 门口), a side (旁, 对面, 附近, 东侧 …), or, after a name that ends
    /// like a compound (小区, 新村, 宿舍, 花园 …), a place inside it (配电间, 活动广场, 停车场, 围墙外 …). Several may
    /// follow each other (大山洞新村配电间旁). Nil when there is none.
    static func spotAfterCompound(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        // Most names end in none of the words below and hold no numeral (a numbered thing's): said from the
        // scalars, before building any string.
        guard to > from, spotEndings.contains(text[to - 1])
                || text[from..<to].contains(where: { AddressText.isNumeral($0) }) else { return nil }
        var name = String(String.UnicodeScalarView(text[from..<to].compactMap(Unicode.Scalar.init)))
        var spot = ""
        var sawSide = false
        while true {
            // 北门外50米, 东侧约20米处: how far from what is written before it.
            if let distance = distanceEnding(name), name.count - distance.count >= 2 {
                name.removeLast(distance.count)
                spot = distance + spot
                continue
            }
            if let side = sideOrGate(at: name), name.count - side.count >= 2 {
                name.removeLast(side.count)
                spot = side + spot
                sawSide = true
                continue
            }
            // 2号变压器, 1号门: a numbered thing ending the name, wherever its number starts.
            let scalars = name.unicodeScalars.map(\.value)
            if let start = (2..<max(2, scalars.count)).first(where: { at in
                   (at == 0 || !AddressText.isNumeral(scalars[at - 1]))
                       && numberedThingLength(scalars, at: at) != nil && !endsLikeCompound(scalars[at...])
               }) {
                let thing = AddressText.string(scalars[start...])
                name.removeLast(thing.count)
                spot = thing + spot
                sawSide = true
                continue
            }
            // 物业用房处, 门卫室前: where something stands beside a building or room of the compound.
            if let side = name.last, placeSides.contains(side) {
                let before = String(name.dropLast())
                if placeWords.contains(where: { before.hasSuffix($0) }) || roomOrBuilding(endingAfterCompound: before) != nil {
                    name.removeLast()
                    spot = String(side) + spot
                    continue
                }
            }
            // 若飞花园物业管理用房, 头桥小区老年活动室: a building or room of the compound, after a name that ends like one
            // (before the place words, whose 活动室 would leave 头桥小区老年).
            if let room = roomOrBuilding(endingAfterCompound: name) {
                name.removeLast(room.count)
                spot = room + spot
                continue
            }
            if let place = placeWords.first(where: { name.hasSuffix($0) }), name.count - place.count >= 2 {
                name.removeLast(place.count)
                spot = place + spot
                continue
            }
            break
        }
        guard !spot.isEmpty else { return nil }
        // A place word alone counts only after a compound's kind word: 电厂配电间 is a name, 电厂宿舍配电间 a spot.
        if !sawSide, !endsLikeCompoundName(name) { return nil }
        return to - spot.unicodeScalars.count
    }

    /// A distance ending `name`: a number (50, 五十) and 米, with 约 before and 处, 左右 or 远 after (外50米, 约20米处),
    /// or nil.
    static func distanceEnding(_ name: String) -> String? {
        var characters = Array(name)
        var word = ""
        for after in ["处", "左右", "远"] where name.hasSuffix(after) {
            word = after
            characters.removeLast(after.count)
            break
        }
        guard characters.last == "米" else { return nil }
        characters.removeLast()
        var digits = 0
        while let last = characters.last, last.unicodeScalars.count == 1,
              let scalar = last.unicodeScalars.first, AddressText.isNumeral(scalar.value) {
            characters.removeLast()
            digits += 1
        }
        guard digits > 0 else { return nil }
        var distance = String(name.dropLast(word.count).suffix(digits + 1)) + word
        if characters.last == "约" { distance = "约" + distance }
        return distance
    }

    /// A building or room of a compound ending `name` right after a name that ends like a compound's
    /// (`endsLikeCompoundName`): premises named by their use (物业用房, 物业管理用房, 社区用房, 配套用房), a room (值班室,
    /// 活动室, 老年活动室, 监控室, 消防控制室) or a plant room (机房, 发电机房, 设备房, 值班房, 门卫房), one to five
    /// characters before its ending and no number (`东升小区201室` is a flat). The shortest that leaves such a name, or
    /// nil.
    static func roomOrBuilding(endingAfterCompound name: String) -> String? {
        guard let ending = roomEndings.first(where: { name.hasSuffix($0) }) else { return nil }
        let characters = Array(name)
        for length in (ending.count + 1)...(ending.count + 5) where characters.count - length >= 2 {
            let word = characters[(characters.count - length)...]
            guard word.allSatisfy({ character in
                character.unicodeScalars.allSatisfy { AddressText.isCJK($0.value) && !AddressText.isNumeral($0.value) }
            }) else { return nil }
            if endsLikeCompoundName(String(characters[..<(characters.count - length)])) { return String(word) }
        }
        return nil
    }

    /// How the buildings and rooms of a compound that `roomOrBuilding` reads end: 用房 (premises by their use), 室 (a
    /// room), and the plant rooms' 机房, 备房, 班房, 卫房.
    static let roomEndings = ["用房", "机房", "备房", "班房", "卫房", "室"]

    /// Where something stands beside a building, room or place of the compound, written after it: 物业用房旁 (`sideOrGate`
    /// reads 旁), 物业管理用房处, 配电房侧, 门卫室前, 泵房后, 垃圾房边.
    static let placeSides: Set<Character> = ["处", "侧", "前", "后", "边"]

    /// The side or gate word ending `name` (北门, 南大门, 大门口, 门口, 旁边, 对面, 附近, 东侧), if any.
    static func sideOrGate(at name: String) -> String? {
        for ending in ["旁边", "对面", "附近", "旁", "东侧", "西侧", "南侧", "北侧"] where name.hasSuffix(ending) { return ending }
        var gate = name
        var word = ""
        if gate.hasSuffix("口") { word = "口"; gate.removeLast() }
        guard gate.hasSuffix("门") else { return nil }
        word = "门" + word
        gate.removeLast()
        if let last = gate.last, "大侧正".contains(last) { word = String(last) + word; gate.removeLast() }
        if let last = gate.last, "东南西北前后".contains(last) { word = String(last) + word; gate.removeLast() }
        // A lone 门 (not 大门, 北门, 门口) is too often part of a name (朝阳门).
        return word.count >= 2 ? word : nil
    }

    /// Places inside a compound that facility inventories write after its name, longest first: its parts
    /// (围墙外, 停车场, 门卫室 …) and the facilities themselves (消防通道, 泵房, 充电桩, 路灯 …), as in
    /// `荷城花园小区消防通道` or `杨柳湾小区北门充电桩`.
    static let placeWords = (["活动广场", "围墙外", "围墙内", "配电间", "配电房", "停车场", "门卫室", "物业办公室",
                                     "物业用房", "物业管理用房", "值班室", "活动室", "监控室", "门卫房", "机房",
                                     "地下停车场", "地下车库", "车库", "岗亭", "垃圾房", "垃圾站", "主干道", "物业楼",
                                     "广场", "围墙", "门卫", "物业", "空地", "绿地", "楼顶", "院内", "路口", "入口", "出口",
                                     "内", "外"]
        + facilityPlaceWords)
        .sorted { $0.count > $1.count }

    /// The last characters of every side, gate and place word (旁, 门, 口, 面, 近, 侧, 外, 房 …).
    static let spotEndings: Set<UInt32> = Set(
        (placeWords + roomEndings + placeSides.map(String.init)
            + ["旁边", "对面", "附近", "旁", "东侧", "西侧", "南侧", "北侧", "门", "口", "米", "右", "远"])
            .compactMap { $0.unicodeScalars.last?.value })

    /// Facilities that inventories name by the compound and the facility (水钢一村泵房, 头桥小区西门路灯).
    static let facilityPlaceWords = [
        "消防通道", "消防生命通道", "生命通道", "消防栓", "消火栓", "消防水池", "微型消防站",
        "泵房", "水泵房", "二次供水泵房", "水箱", "蓄水池",
        "配电室", "变压器", "箱变", "箱式变压器",
        "充电桩", "充电站", "充电车棚", "车棚", "非机动车棚",
        "健身广场", "健身场地", "健身器材", "健身路径", "篮球场",
        "路灯", "公厕", "公共厕所", "垃圾桶", "化粪池", "监控", "基站", "5G基站", "宏站", "电梯",
        // The police's camera points (雪亮工程), written after the gate they watch: 枫林小区北门监控点, 南门治安卡口.
        "监控点", "监控点位", "点位", "监控探头", "视频监控", "摄像头", "探头", "电子眼", "雪亮工程点位", "治安卡口", "卡口",
    ]

    // MARK: - Words that name no place

    /// Whether `name` is only words that say where something stands (北门, 东侧, 旁, 门口, 东南角, 院内, 停车场,
    /// 配电房旁, 2号配电房) or what kind of place a compound is (小区, 院, 宿舍, 本小区), and no name of its own:
    /// `小区北门`, `小区院内` and `停车场旁` name no compound, as `北门` alone does not. Such words count as a whole
    /// name only read from its end; a kind word counts only first (`本`/`该`/`此` may precede it), so `北门小区`,
    /// `东苑` and `南院` stay names, as does anything with a word of its own (`电厂泵房`, `金桂苑北门`).
    static func namesNoPlace(_ name: String) -> Bool {
        var rest = Substring(name)
        // Most names hold a character none of these words has (东升小区's 升): said from the scalars first.
        guard !rest.isEmpty, rest.unicodeScalars.allSatisfy({
            noPlaceScalars.contains($0.value) || AddressText.isNumeral($0.value) || AddressText.isASCIIAlphanumeric($0.value)
        }) else { return false }
        while !rest.isEmpty {
            let text = String(rest)
            if let side = distanceEnding(text) ?? sideOrGate(at: text) ?? locatorWords.first(where: { text.hasSuffix($0) }) {
                rest = rest.dropLast(side.count)
                continue
            }
            if let place = placeWords.first(where: { text.hasSuffix($0) }) {
                rest = rest.dropLast(place.count)
                continue
            }
            // 2号配电房, 1号门: a numbered thing, wherever its number starts.
            let scalars = text.unicodeScalars.map(\.value)
            if let start = (0..<scalars.count).first(where: { at in
                   (at == 0 || !AddressText.isNumeral(scalars[at - 1]))
                       && numberedThingLength(scalars, at: at).map({ at + $0 == scalars.count }) == true
                       && !endsLikeCompound(scalars[at...])
               }) {
                rest = rest.dropLast(scalars.count - start)
                continue
            }
            // The 2号 of 2号配电房, once 配电房 went as a place word.
            if rest.count < name.count, scalars.last == Scalars.hao {
                var start = scalars.count - 1
                while start > 0, AddressText.isNumeral(scalars[start - 1]) { start -= 1 }
                if start < scalars.count - 1 {
                    rest = rest.dropLast(scalars.count - start)
                    continue
                }
            }
            // 小区, 本小区, 院: a kind word with nothing of a name before it.
            var head = rest
            if let determiner = determiners.first(where: { head.hasPrefix($0) }) { head = head.dropFirst(determiner.count) }
            if genericPlaceWords.contains(String(head)) { return true }
            // 东, 东南 alone: a direction.
            return directions.contains(text)
        }
        return true
    }

    /// Words that say where, beside the gates and sides `sideOrGate` reads: 隔壁, 周边, 里面, 东南角, 北面, 西头 ….
    static let locatorWords: [String] = {
        var words = ["隔壁", "周边", "周围", "旁侧", "边上", "一侧", "两侧", "左侧", "右侧", "左边", "右边", "里面", "外面",
                     "内部", "外部", "内侧", "外侧", "中间", "中部", "上方", "下方", "前面", "后面", "前方", "后方", "背后",
                     "里", "上", "下", "前", "后", "门", "口", "边", "侧", "角"]
        for direction in directions {
            for place in ["侧", "面", "边", "角", "头", "端", "部", "方", "段", "门", "口", "门口", "侧门", "大门"] {
                words.append(direction + place)
            }
        }
        return words.sorted { $0.count > $1.count }
    }()

    /// Every character of the words `namesNoPlace` reads (numerals aside).
    static let noPlaceScalars: Set<UInt32> = {
        let words = locatorWords + placeWords + Array(genericPlaceWords) + determiners + Array(directions)
            + ["旁边", "对面", "附近", "大侧正东南西北前后门口", "约米处左右远"]
        return Set(words.flatMap { $0.unicodeScalars.map(\.value) } + Scalars.numberedThings.words.joined()
            + [Scalars.hao])
    }()

    /// The directions, alone or in pairs.
    static let directions: Set<String> = ["东", "南", "西", "北", "东南", "东北", "西南", "西北"]

    /// Words for a compound's kind with no name (小区, 院子, 宿舍区, 家属院 …): alone, they name no compound.
    static let genericPlaceWords: Set<String> = [
        "小区", "院", "院子", "院坝", "院落", "大院", "宿舍", "宿舍区", "宿舍楼", "家属区", "家属院", "家属楼", "生活区",
        "住宅区", "居民区", "居民楼", "住宅楼", "楼栋", "楼", "片区", "苑", "花园", "公寓",
    ]

    /// Words before a kind word that point at the compound the record is about: 本小区, 该小区, 此院.
    static let determiners = ["这个", "整个", "本", "该", "此", "这", "全"]

    /// How compound names end (小区, 新村, 宿舍 …), for telling a spot after a compound from a name.
    static let compoundEndings = ["小区", "花园", "大院", "宿舍", "院落", "家园", "新村", "公寓", "苑", "院"]

    /// Whether `name` ends like a compound's name, with something before the ending: a word of `compoundEndings`,
    /// or a numbered 村 (水钢一村, 长征二村).
    static func endsLikeCompoundName(_ name: String) -> Bool {
        if compoundEndings.contains(where: { name.hasSuffix($0) && name.count > $0.count }) { return true }
        let scalars = Array(name.unicodeScalars)
        guard scalars.count >= 3, scalars[scalars.count - 1] == "村" else { return false }
        return AddressText.isNumeral(scalars[scalars.count - 2].value)
    }

    /// A villager group with a name instead of a number (`大寨组12号`, `沙子哨村沙子哨组45号`): at `from` (right after
    /// the village the directory placed) or right after a `…村` it did not place, one to four characters and 组,
    /// then a door (`villageDoor`: 12号, 附1号) or the end of the text. Kept as written, like a numbered group; what
    /// follows the door (`岩脚组5号2楼`, `…301室`) is read as after a numbered group's.
    static func namedVillagerGroup(_ text: [UInt32], _ from: Int, _ to: Int)
        -> (start: Int, end: Int, normalized: [UInt32])? {
        var start = from
        if let village = (from..<to).first(where: { Scalars.villageEnd.contains(text[$0]) }), village + 1 < to, village - from >= 1 {
            start = village + 1
        }
        var zu = start + 1
        while zu < min(to, start + 5), text[zu] != Scalars.zu {
            guard AddressText.isCJK(text[zu]), !AddressText.isNumeral(text[zu]) else { return nil }
            zu += 1
        }
        guard zu < to, text[zu] == Scalars.zu, AddressText.isCJK(text[start]), !AddressText.isNumeral(text[start]) else { return nil }
        var end = zu + 1
        var normalized = Array(text[start..<end])
        if end < to {
            // 岩脚组5号, 岩脚组5号2楼, 岩脚组5号（自建房）: what follows the door is read as after a numbered group's.
            guard text[end] != Scalars.tuan, let (doorEnd, door) = villageDoor(text, at: end, to: to) else { return nil }
            normalized += door
            end = doorEnd
        }
        return (start, end, normalized)
    }

    /// A township or community name at `from` that the directory did not place (`XX街道`, `XX办事处`, `XX社区`,
    /// `XX居委会`; `XX镇`/`XX乡` when a compound follows): its length.
    static func leadingDivisionName(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        if let remnant = townshipRemnantLength(text, from, to) { return remnant }
        var i = from + 2
        while i < min(to, from + 9) {
            if !AddressText.isCJK(text[i - 1]) || AddressText.isNumeral(text[i - 1]) { return nil }
            if let word = Scalars.unplacedDivisionWords.firstMatch(in: text, at: i) {
                return i + Scalars.unplacedDivisionWords.words[word].count - from
            }
            if (text[i] == Scalars.zhen || text[i] == Scalars.xiang), i - from <= 4, i + 3 <= to,
               AddressText.isCJK(text[i + 1]), !AddressText.isNumeral(text[i + 1]),
               !Scalars.townWordStarts.contains(text[i + 1]), !isBareCompoundSuffix(text, i + 1, to) {
                return i + 1 - from   // 不存在镇阳光小区; not 青岩古镇花园 (a compound) or 美丽乡村
            }
            i += 1
        }
        return nil
    }

    /// One character and a township's word (中街道, 西办事处): the end of a township name whose start the text gave
    /// to a division before it. No compound's name starts so; it is an unresolved division. Its length, or nil.
    static func townshipRemnantLength(_ text: [UInt32], _ from: Int, _ to: Int) -> Int? {
        guard from + 1 < to, AddressText.isCJK(text[from]), !AddressText.isNumeral(text[from]),
              let word = townshipWords.firstMatch(in: text, at: from + 1) else { return nil }
        let end = from + 1 + townshipWords.words[word].count
        return end < to ? end - from : nil
    }

    /// A township's words, longest first.
    static let townshipWords = WordList(["街道办事处", "街道办", "街道", "办事处"])

    /// True when `text[from..<to]` is a compound suffix and nothing else (小区, 院, 宿舍): what it follows is the
    /// compound's own name.
    static func isBareCompoundSuffix(_ text: [UInt32], _ from: Int, _ to: Int) -> Bool {
        guard from < to, let word = AddressText.compoundSuffixes.firstMatch(in: text, at: from) else { return false }
        return from + AddressText.compoundSuffixes.words[word].count == to
    }

    /// 不存在镇, XX街道, 小河区, XX县: a name shaped like a division, which a compound's name never is. `区` counts
    /// only after a place name (小河区), not in 小区, 社区, 园区, 生活区, 东区, 二区 and the like.
    static func endsLikeDivision(_ name: ArraySlice<UInt32>) -> Bool {
        guard name.count >= 2, let last = name.last else { return false }
        if endsLikeCommunity(name) && !Scalars.villageEnd.contains(last) { return true }
        if Scalars.divisionEnds.contains(last) { return true }
        if Scalars.divisionEndWords.words.contains(where: { name.count > $0.count && AddressText.hasSuffix($0, in: name) }) {
            return true
        }
        if last == Scalars.qu, name.count >= 3 {
            let before = name[name.endIndex - 2]
            return AddressText.isCJK(before) && !AddressText.isNumeral(before)
                && !Scalars.compoundDistrictMarks.contains(before)
        }
        return false
    }

    /// Whether `name`, written right before a villager group (`大寨3组5号`, `沙坝第五村民小组`), is a village written
    /// without 村 that the directory did not place (merged or renamed since the reference table): a short plain name
    /// of two to four characters, no numerals, letters or compound word in it (`东升小区一组`, `金桂苑3组` keep their
    /// compound). Never a compound, as a placed village written so (艺奇6组3号) is not.
    static func namesVillageBeforeGroup(_ name: ArraySlice<UInt32>) -> Bool {
        guard (2...4).contains(name.count),
              name.allSatisfy({ AddressText.isCJK($0) && !AddressText.isNumeral($0) }),
              !holdsCompoundWord(name),
              !AddressText.compoundSuffixes.words.contains(where: { AddressText.hasSuffix($0, in: name) }) else {
            return false
        }
        return true
    }

    /// 红旗村, 红旗村委会, 东升社区, 东升居委会: a community as written.
    static func endsLikeCommunity(_ name: ArraySlice<UInt32>) -> Bool {
        guard name.count >= 2, let last = name.last else { return false }
        if Scalars.villageEnd.contains(last) { return true }
        return Scalars.communityEndWords.words.contains { name.count > $0.count && AddressText.hasSuffix($0, in: name) }
    }

}
