/// The part of an address below the community: the compound's name, the building, unit and room numbers, and the
/// street-level locator of an address that has no compound.
///
/// `东升小区3栋2单元501室`, `东升小区三栋二单元五零一`, `东升小区3-2-501`, `东升小区3号楼2-501`, `东升小区A座501号`
/// all give compound 东升小区 (with building 3 or A, unit 2, room 501 as they apply).
///
/// Rules for the forms that are not plain `3栋2单元501室` (each decided once, here):
/// - Remarks after the numbers are not part of them: `501（张三）`, `501旁`, `501室东户` give room 501, and the remark
///   (`张三`, `旁`, `东户`) is kept apart, in `remark`, out of the normalized spelling. A remark holding numbers of
///   its own (`301室 2号`, `301室（东2户）`, `301室 3楼`, `301室 共3人`, `301室（原2栋3单元）`, even a whole other flat:
///   `2-1-301（原2-3-301）`) leaves the room and the compound as they are: a complete building-and-room run before it
///   wins over a lone number after it, and over a run that says no more. A lone Chinese numeral at
///   the end (`张三`'s 三) is part of a word, never a building or room.
/// - Letter units: `3栋B单元501` gives unit B. Letter buildings: `B#1-401` and `A-3-402` give building B or A, then
///   unit and room, as `3#2-502` and `3-2-501` do; `A-3栋` is building A3, as `A3栋` is.
/// - A floor written last after a building or unit is the room, basement floors and named rooms included
///   (`buildingFloor`): `3栋5楼`, `3栋负一楼`, `3栋地下1层`, `3栋阁楼` give building 3 and room `5楼`, `负1楼`, `阁楼`. A
///   floor before a room (`3栋5楼501室`) is not kept. At a house's door in a village (`1组60号3楼`, `村委会旁阁楼`:
///   `houseFloor`) the floor or named room is the household's room (`3楼`, `阁楼`), spelled one way (`一楼` → `1楼`,
///   `负一层` → `负1楼`); a shop front at any door too (`遵义路3号1号门面`: room `1号门面`).
/// - A part of the house after its door (`22号后栋`, `3组15号偏房`, `15号后栋附2号`: `houseParts`) stays with the door
///   in the street; a floor after it is no building (`22号后栋4楼402`: room 402), a floor or named room ending the
///   text is the room (`22号后栋阁楼`, `小孟路22号3楼`: rooms 阁楼, 3楼).
/// - A lettered flat or a list of flats after a floor is the floor's (`3栋3楼A`: room `3-A`; `3栋3楼2、3号`: room
///   `3-2、3-3`). `3F302`, `3F-302` are `3层302` (`floorsSpelled`). `N楼` where a building may stand is the building
///   (`3楼2单元302`, `3楼402`) unless the room after it is numbered on it (`东升小区3楼302`: room 302, no building); a
///   floor before its building (`3楼A座`) is the room, as in `A座3楼`. After a door, a dash pair whose room is short
///   or numbered on the first number is a floor and its flat (`中华北路127号3-2`: room `3-2`, as `127号3楼2号`).
/// - In a compound named as one building (`科技大楼`, `办公楼`, `…大厦`), `N楼` is a floor: `科技大楼5楼501室` gives
///   room 501, `办公楼2楼` room `2楼`, no building.
/// - Annexes: `3栋附1号` gives building 3, room `附1`; `501附1号` gives room `501附1`. After a flat's room
///   (`3栋2单元501室附1号`, `3-2-501附1号`) the annex is a remark: room 501, remark `附1号`, as for `301室（原2栋3单元）`.
///   `XX路5号附8号` is a door number with its annex: the street, not a compound and not a building; so are
///   `1组60号附1`, `1组51号之2` and `1组60号-1`, spelled `1组60号附1号`, `1组51号之2号`, `1组60号附1号`.
/// - A landmark after a villager group or a village (`1组村委会旁`, `3组小学对面`, `7组村委会`) is the house's door:
///   the street, never a compound.
/// - Extra number groups are kept in the room, never dropped: `3-2-501-1` gives room `501-1`, `3栋1单元1-1` room
///   `1-1`. Only a floor written before its own room (`3-2-5-501`, `3栋2单元5-501`: 501 starts with 5) is left out.
/// - Several rooms are listed, never cut to one: `501、502室` gives room `501、502`.
/// - A road with its door number (`中华南路123号`), a road alone before a compound (`东风路XX小区`) and a villager group
///   with its door number (`三组15号` → `3组15号`) are the `street`, not the compound and not a building.
/// - A shantytown or area (`梁子巷棚户区`, `东门路片区`, `东关地块`: `Scalars.areaWords`) keeps the lane, road or
///   village it is named after, and its houses' door numbers are rooms whatever their size, after the area's phase
///   too: `梁子巷棚户区40号`, `…135号` and `杉树林片区一期17号` give rooms 40, 135 and 17, no building (an ordinary
///   compound's `12号` stays building 12).
/// - Text where a division or community belongs that fits none (`不存在镇`, `XX街道` written after the wrong county,
///   an unknown `XX村` before its group) is `unresolvedDivision`, never a compound named like a division.
struct DwellingNumber: Equatable {
    var compound: String?
    var building: String?
    var unit: String?
    var room: String?
    /// A road with or without its door number, or a villager group with its door number, in Arabic digits.
    var street: String?
    /// A division or community name the directory did not place, as written.
    var unresolvedDivision: String?
    /// Whether `street` was written after the compound (东升小区一组), not before it (中华北路123号东升小区).
    var streetFollowsCompound = false
    /// What the text wrote after the building, unit and room (东户 of `301室（东户）`, 北侧 of `301 北侧`), without
    /// punctuation.
    var remark: String?

    /// Splits `text[start...]` into place (unresolved division, street, compound) and numbers. The numbers are the
    /// longest tail of the text that reads entirely as building/unit/room designations, so a compound may itself hold
    /// numerals (三江小区, 二号院3栋); a run of numbers followed only by a remark is the second choice.
    static func parse(_ text: [UInt32], from start: Int, afterCommunity: Bool = false) -> DwellingNumber {
        // 王家寨12, 3组38（自建房）, 3组39号（自建房）2楼: a villager's door spelled as 3组15号 is, its remark apart.
        // 3F302, 中华北路门牌12号之2: a floor written with F and a door written with 门牌, as 3层302 and 中华北路12号之2.
        let written = doorWordsTakenOut(floorsSpelled(text, from: start), from: start)
        let spelled = villagerDoorSpelled(written, from: start, afterCommunity: afterCommunity)
        var result = parseSpelled(arabicDoorNumbers(spelled.text, from: start), from: start, afterCommunity: afterCommunity)
        if let remark = spelled.remark {
            result.remark = [remark, result.remark].compactMap { $0 }.joined(separator: " ")
        }
        return result
    }

    /// `parse`, of a text whose villager's door is spelled as `3组15号` is (`villagerDoorSpelled`, `arabicDoorNumbers`).
    private static func parseSpelled(_ text: [UInt32], from start: Int, afterCommunity: Bool) -> DwellingNumber {
        let end = text.count
        guard start < end else { return DwellingNumber() }
        // 1组60号3楼, 村委会旁阁楼: the floor or room of a house at its door.
        if let (split, room) = houseFloor(text, from: start, afterCommunity: afterCommunity) {
            var door = parse(Array(text[..<split]), from: start, afterCommunity: afterCommunity)
            if door.compound == nil, door.building == nil, door.unit == nil, door.room == nil {
                door.room = room
                return door
            }
        }
        // 7栋1单元5楼, 7栋负一楼, 3栋1号门面: the floor, named room or shop of a building, written last, is the room;
        // so is a compound's shop front (东升小区1号门面).
        if let (split, room, shop) = buildingFloor(text, from: start) {
            var flat = parse(Array(text[..<split]), from: start, afterCommunity: afterCommunity)
            if flat.room == nil, flat.remark == nil, flat.building != nil || flat.unit != nil || (shop && flat.compound != nil) {
                // 2栋1单元3楼2号东户: a numbered flat on the floor, written as the same flat without its side is
                // (2栋1单元3楼2号 and 2-1-3-2: room 3-2).
                flat.room = Self.flatOnFloor(room) ?? room
                return flat
            }
        }
        if let door = villageDoorNumber(text, from: start, afterCommunity: afterCommunity) { return door }
        if let door = areaDoorNumber(text, from: start) {
            var result = DwellingNumber()
            result.room = door.room
            result.remark = door.remark
            result.place(text, start, door.split)
            return result
        }
        var result = DwellingNumber()
        var placeEnd = end
        var buildingIsLou = false
        if let (split, designations, stop) = numbers(text, from: start, afterCommunity: afterCommunity) {
            placeEnd = split
            buildingIsLou = designations.buildingIsLou
            var remarkStart = stop
            var remarkEnd = end
            trim(text, &remarkStart, &remarkEnd)
            if remarkStart < remarkEnd { result.remark = AddressText.string(text[remarkStart..<remarkEnd]) }
            if placeEnd > start, text[placeEnd - 1] == Scalars.di { placeEnd -= 1 }   // 第3栋
            result.building = designations.building
            // 中华北路123号2楼(201室), 小孟路22号后栋4楼402: after a door number (and a part of the house), N楼 is a
            // floor, not a building.
            result.unit = designations.unit
            result.room = designations.room
            let afterDoor = split > start && doorEnd(beforeHousePartIn: text, start, split) != nil
            if designations.buildingIsLou, designations.unit == nil, afterDoor {
                // A short room number is one of that floor's (中华北路127号3楼2号: room 3-2, as in a compound).
                result.room = designations.building.map { Self.room(designations.room, onFloor: $0) } ?? designations.room
                result.building = nil
            } else if designations.dashPair, afterDoor, let floor = designations.building, let room = designations.room,
                      Self.room(room, onFloor: floor) != room || Self.isRoom(room, numberedOnFloor: floor) {
                // 中华北路127号3-2, 127号3-302: after a door, a dash pair whose room is short or numbered on the first
                // number is a floor and its flat, as 127号3楼2号 and 127号3楼302 are (rooms 3-2, 302); 127号3-501
                // stays building 3, room 501.
                result.room = Self.room(room, onFloor: floor)
                result.building = nil
            } else if designations.buildingIsLou, designations.unit == nil, let floor = designations.building,
                      let room = designations.room, Self.isRoom(room, numberedOnFloor: floor) {
                // N楼 where a building may stand is the building (东升小区3楼2单元302: unit 2 follows; 3楼402, 1楼1201:
                // rooms of no such floor; 3号楼302 is always one) unless the room after it is numbered on it as on its
                // floor: 东升小区3楼302, 12楼1201 are floor 3's and 12's rooms, no building, as 3-2-5-501 reads 5 as
                // 501's floor and 2栋1单元3楼302 reads room 302.
                result.building = nil
            }
            if designations.floorBeforeBuilding, result.room == nil, let floor = designations.floorNumber {
                // 东升小区3楼A座: the floor written before its building is the room, as in A座3楼.
                result.room = floor + "楼"
            }
        }
        result.place(text, start, placeEnd, afterCommunity: afterCommunity)
        // 科技大楼5楼501室, 办公楼2楼: in a compound named as one building (…楼, …厦), N楼 is a floor of it, not a
        // building: room 501, or the floor itself when no room follows.
        if let floor = result.building, buildingIsLou, result.unit == nil,
           let name = result.compound, name.hasSuffix("楼") || name.hasSuffix("厦") {
            result.building = nil
            result.room = Self.room(result.room, onFloor: floor)
            if result.room == nil, result.remark == nil { result.room = floor + "楼" }
        }
        return result
    }

    /// A room description naming a numbered flat of its floor (`3楼2号`, `负1楼2号`, as `roomDescription` spells it)
    /// as a building's flat is written: `3-2`, `负1-2`. Nil for any other description (`3楼`, `阁楼`, `1号门面`).
    static func flatOnFloor(_ room: String) -> String? {
        guard room.hasSuffix("号"), let lou = room.firstIndex(of: "楼") else { return nil }
        let floor = room[..<lou], number = room[room.index(after: lou)..<room.index(before: room.endIndex)]
        let digits = { (text: Substring) in !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digits(floor.hasPrefix("负") ? floor.dropFirst() : floor), digits(number) else { return nil }
        return Self.room(String(number), onFloor: String(floor))
    }

    /// `room` on floor `floor`: a short number (`2`) or a letter (`A`) is one of the floor's, `3-2`, `3-A`, as
    /// `Designations.onItsFloor` writes it; a room numbered with its floor (`302`), or anything else, stays as it is.
    static func room(_ room: String?, onFloor floor: String) -> String? {
        guard let room else { return nil }
        let short = room.count <= 2 && room.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let letter = room.count == 1 && room.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
        guard short || letter else { return room }
        return "\(floor)-\(room)"
    }

    /// Whether `room` is numbered on floor `floor`: the floor's digits, then the flat's two (`302` on 3, `1201` on 12),
    /// as `3-2-5-501` numbers 501 on floor 5. `1201` is no room of floor 1, nor `402` of floor 3.
    static func isRoom(_ room: String, numberedOnFloor floor: String) -> Bool {
        room.count == floor.count + 2 && room.hasPrefix(floor) && room.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// 7栋1单元5楼, 7栋五层, 7栋负一楼, 3号楼阁楼, 3栋1号门面: where a floor, a named room or a shop front
    /// (`roomDescription`) written right after a building or unit and ending the text starts, with its spelling
    /// (`5楼`, `负1楼`, `阁楼`, `1号门面`); a shop front (`shop`: `shopWords`) may follow anything but a digit
    /// (`东升小区1号门面`: the caller keeps it for a compound). Nil when the text does not end so. A room numbered after
    /// the floor (`5楼501室`, `3楼2号`) is left to the designations, which read it as the room.
    static func buildingFloor(_ text: [UInt32], from start: Int) -> (split: Int, room: String, shop: Bool)? {
        // Most addresses end with a room (501室, 501): said from the last scalar first.
        guard let last = text.last, last != Scalars.hao, last != Scalars.shi4, !AddressText.isASCIIDigit(last)
        else { return nil }
        var split = start + 1
        while split < text.count {
            defer { split += 1 }
            guard roomDescriptionStarts.contains(text[split]) || AddressText.isNumeral(text[split]),
                  !AddressText.isASCIIDigit(text[split - 1]) else { continue }
            let shop = shopWords.firstMatch(in: text, at: split) != nil || numberedShopEnd(text, at: split) != nil
            guard shop || Scalars.buildingOrUnitEnds.contains(text[split - 1]),
                  let room = roomDescription(text[split...]) else { continue }
            return (split, room, shop)
        }
        return nil
    }

    /// 墨冲村15号, 东山社区12号, 新场村15号: a door number right after a village or community (the one the directory
    /// placed, when `afterCommunity`, or a `…村`/`…社区` it did not) is a locator like 3组15号, never a building; a
    /// village the directory did not place is an unresolved division, never a compound. Compounds named like
    /// villages (水钢一村, 大山洞新村) keep their buildings.
    private static func villageDoorNumber(_ text: [UInt32], from start: Int, afterCommunity: Bool) -> DwellingNumber? {
        let end = text.count
        // 15号 or 十五号 ending the text.
        guard let (split, door) = (start..<end).lazy.compactMap({ at -> (Int, String)? in
            if AddressText.isASCIIDigit(text[at]), at == start || !AddressText.isASCIIDigit(text[at - 1]),
               doorNumberEnd(text, at: at, to: end) == end {
                return (at, AddressText.string(text[at..<end]))
            }
            if !AddressText.isASCIIDigit(text[at]), AddressText.isNumeral(text[at]),
               at == start || !AddressText.isNumeral(text[at - 1]),
               let number = Number.read(text, at: at), number.isDigits, number.end + 1 == end, text[number.end] == Scalars.hao {
                return (at, number.value + "号")
            }
            return nil
        }).first else { return nil }
        let before = text[start..<split]
        var result = DwellingNumber()
        if before.isEmpty {
            guard afterCommunity else { return nil }
        } else {
            guard before.count >= 2, let last = before.last else { return nil }
            let previous = before[before.endIndex - 2]
            let isVillage = Scalars.villageEnd.contains(last) && previous != Scalars.xin && !AddressText.isNumeral(previous)
            let isCommunity = Scalars.communityEndWords.words.contains {
                before.count > $0.count && AddressText.hasSuffix($0, in: before)
            }
            guard isVillage || isCommunity,
                  !AddressText.compoundSuffixes.words.contains(where: { $0.count > 1 && before.count > $0.count
                      && AddressText.hasSuffix($0, in: before) && !Scalars.communityEndWords.words.contains($0) }) || isCommunity
            else { return nil }
            result.unresolvedDivision = AddressText.string(before)
        }
        result.street = door
        return result
    }

    /// The door of a house in a shantytown or area whose name a column of its own gives (a 小区 column's
    /// `太慈桥棚户区`), written alone where the area's name would stand (`text[start...]`: an address column's `38号`,
    /// `38`, `第38号`, `5号附1号`, after any divisions it writes): read as written after the name in one text
    /// (`太慈桥棚户区38号`, see `areaDoorNumber`), the room whatever its size, with its remark. Nil when `area` is no
    /// shantytown's or area's name (`Scalars.areaWords`), or the text is no door written alone (`3栋201室`, `38号2单元`).
    static func areaDoor(of area: String, writtenIn text: [UInt32], from start: Int) -> (room: String, remark: String?)? {
        let name = AddressText.scalars(of: area)
        guard start < text.count, !name.isEmpty, namesArea(name[...]) else { return nil }
        let joined = arabicDoorNumbers(name + text[start...], from: 0)
        guard let door = areaDoorNumber(joined, from: 0), door.split == name.count else { return nil }
        return (door.room, door.remark)
    }

    /// 梁子巷棚户区40号, 石屏棚户区135号, 麻园棚户区12-1号, 棚户区5号附1号, 洗马河片区四十号, 石屏棚户区17: a shantytown's
    /// or an area's houses (棚户区, 棚改区, 片区: `Scalars.areaWords`) have door numbers, not buildings, so a door number
    /// right after its name, ending the text (or followed by a remark without numbers: `40号东户`), is the house's
    /// door, whatever its size: the room, with no building or unit, as a feed's 房号 column (`17号`) gives it, so
    /// that both link as one house. Nil for anything else: `棚户区3栋2单元201室`, `棚户区3号楼` and `棚户区40号2单元`
    /// are read as in any compound.
    private static func areaDoorNumber(_ text: [UInt32], from start: Int) -> (split: Int, room: String, remark: String?)? {
        let end = text.count
        guard let nameEnd = (start..<end).first(where: { at in
            (AddressText.isNumeral(text[at]) || text[at] == Scalars.di)
                && Scalars.areaWords.words.contains { at - start >= $0.count && AddressText.hasSuffix($0, in: text[start..<at]) }
        }) else { return nil }
        // 杉树林片区一期17号, 杉树林片区（一期）17号: the area's phase is part of its name; the door follows it.
        let split = nameEnd + phaseLength(text, at: nameEnd)
        guard split < end, AddressText.isNumeral(text[split]) || text[split] == Scalars.di else { return nil }
        var index = text[split] == Scalars.di ? split + 1 : split
        guard let number = Number.read(text, at: index), number.isDigits else { return nil }
        var room = number.value
        index = number.end
        var dashed = false
        // 12-1号: one door, as a road's door number is.
        while number.arabic, index + 1 < end, text[index] == AddressText.dash,
              let next = Number.read(text, at: index + 1), next.isDigits, next.arabic {
            room += "-" + next.value
            index = next.end
            dashed = true
        }
        var marked = false
        if index < end, text[index] == Scalars.hao, !(index + 1 < end && text[index + 1] == Scalars.lou),
           Scalars.numberedThings.firstMatch(in: text, at: index + 1) == nil {
            index += 1
            marked = true
            // 5号附1号: the door with its annex.
            if index + 1 < end, text[index] == Scalars.fu, let annex = Number.read(text, at: index + 1), annex.isDigits {
                room += "附" + annex.value
                index = annex.end
                if index < end, text[index] == Scalars.hao { index += 1 }
            }
        }
        // A bare number is a door only when it ends the text and is one number (12-1 could be building and room).
        guard marked || (index == end && !dashed) else { return nil }
        var remarkStart = index
        var remarkEnd = end
        trim(text, &remarkStart, &remarkEnd)
        guard remarkStart < remarkEnd else { return (split, room, nil) }
        // 40号2单元, 40号三楼: more numbers after the door; read as in any compound.
        let remarkHoldsNumbers = (remarkStart..<remarkEnd).contains { at in
            AddressText.isASCIIDigit(text[at])
                || (AddressText.isNumeral(text[at]) && (Scalars.markers.firstMatch(in: text, at: at + 1) != nil
                    || Scalars.groupWords.firstMatch(in: text, at: at + 1) != nil))
        }
        return remarkHoldsNumbers ? nil : (split, room, AddressText.string(text[remarkStart..<remarkEnd]))
    }

    /// Whether `name` names a shantytown or an area (`Scalars.areaWords`: 棚户区, 棚改区, 片区, 地块 after the name
    /// of what it is named after), with or without a phase after it (`杉树林片区一期`).
    static func namesArea(_ name: ArraySlice<UInt32>) -> Bool {
        let scalars = Array(name)
        let stemEnd = (1..<max(1, scalars.count)).first { phaseLength(scalars, at: $0) == scalars.count - $0 } ?? scalars.count
        let stem = scalars[..<stemEnd]
        return Scalars.areaWords.words.contains { stem.count > $0.count && AddressText.hasSuffix($0, in: stem) }
    }

    /// The length of a phase (`一期`, `第2期`; brackets are gone from the scalars) at `index`, or 0.
    static func phaseLength(_ text: [UInt32], at index: Int) -> Int {
        var at = index
        if at < text.count, text[at] == Scalars.di { at += 1 }
        guard let number = Number.read(text, at: at), number.isDigits, number.end < text.count,
              text[number.end] == Scalars.qi else { return 0 }
        return number.end + 1 - index
    }

    /// Where the numbers start, what they say and where they stop; nil when the text holds none.
    private static func numbers(_ text: [UInt32], from start: Int, afterCommunity: Bool) -> (Int, Designations, Int)? {
        let end = text.count
        var fallback: (Int, Designations, Int)?
        var index = start
        while index < end {
            if startsRun(text, at: index, from: start),
               !isDoorNumber(text, at: index, from: start, afterCommunity: afterCommunity) {
                let (designations, stop) = Designations.read(text, from: index)
                if designations.any {
                    if stop == end {
                        // 501室东二户: the run before the remark says more than the remark's own 二户; 2-1-301（原2-3-301）:
                        // a flat, then a remark that names another (the old numbering) as fully, is the first flat.
                        if let (at, earlier, earlierStop) = fallback, earlier.count > designations.count
                            || (earlier.isDwelling && earlier.count == designations.count) {
                            return (at, earlier, earlierStop)
                        }
                        return (index, designations, stop)
                    }
                    // Trailing words after real numbers (501室东户, 501旁) are tolerated as a second choice; so are
                    // words with numbers of their own (301室 2号, 301室 共3人) after a building with its room.
                    if fallback == nil, designations.hasArabicDigits || designations.isDwelling,
                       !containsDigit(text, stop, end) || numberedThingLength(text, at: stop) != nil
                        || designations.isDwelling {
                        fallback = (index, designations, stop)
                    }
                }
            }
            index += 1
        }
        return fallback
    }

    // MARK: - Where numbers start

    private static func startsRun(_ text: [UInt32], at index: Int, from start: Int) -> Bool {
        let value = text[index]
        if basementPrefixLength(text, at: index) > 0 { return index == start || !AddressText.isNumeral(text[index - 1]) }
        guard AddressText.isNumeral(value) || AddressText.isASCIIAlphanumeric(value) else { return false }
        guard index > start else { return true }
        let previous = text[index - 1]
        // The 1 of 12-1号 or 3-2-501 belongs to the group its dash joins.
        if previous == AddressText.dash || previous == AddressText.listSeparator { return false }
        if AddressText.isASCIIAlphanumeric(value) { return !AddressText.isASCIIAlphanumeric(previous) }
        // 负一楼's 一 belongs to its basement mark.
        if previous == Scalars.fu4 || (previous == Scalars.xia && index >= 2 && text[index - 2] == Scalars.dixia) {
            return false
        }
        return !AddressText.isNumeral(previous)
    }

    /// 遵义路12号, 8号附1号 and 三组15号: a street's or a group's door number identifies the place like a compound name
    /// does, so it stays with the place rather than being read as a building. So does a door number right after a
    /// village or community the directory placed (`afterCommunity`: 王宽村15号201室).
    static func isDoorNumber(_ text: [UInt32], at index: Int, from start: Int, afterCommunity: Bool = false) -> Bool {
        guard index > start ? Scalars.doorNumberLeads.contains(text[index - 1]) : afterCommunity else { return false }
        guard let end = digitsEnd(text, at: index, to: text.count, dashes: true) else { return false }
        return end < text.count && text[end] == Scalars.hao
            && !(end + 1 < text.count && text[end + 1] == Scalars.lou)
    }

    /// The length of a numbered thing at `index` (2号变压器, 一号门, 3号充电桩: a number, 号, and what
    /// `Scalars.numberedThings` lists), or nil. Such a number counts things at the place, never a building or room.
    static func numberedThingLength(_ text: [UInt32], at index: Int) -> Int? {
        guard let number = Number.read(text, at: index), number.isDigits, number.end < text.count,
              text[number.end] == Scalars.hao,
              let thing = Scalars.numberedThings.firstMatch(in: text, at: number.end + 1),
              shopWords.firstMatch(in: text, at: number.end + 1) == nil   // 1号门面 is a shop, not a gate
        else { return nil }
        return number.end + 1 + Scalars.numberedThings.words[thing].count - index
    }

    /// Whether the text ends like a compound's name (三号井小区, 3号井宿舍): a numbered thing that names a compound.
    static func endsLikeCompound(_ text: ArraySlice<UInt32>) -> Bool {
        compoundEndingScalars.contains { AddressText.hasSuffix($0, in: text) }
    }

    static let compoundEndingScalars = compoundEndings.map(AddressText.scalars(ofLiteral:))

    /// Whether a compound word (小区, 宿舍, 新村 …) occurs anywhere in the text: 三号井小区北门 names a compound.
    static func holdsCompoundWord(_ text: ArraySlice<UInt32>) -> Bool {
        let scalars = Array(text)
        return compoundEndingScalars.contains { word in
            scalars.indices.contains { AddressText.hasPrefix(word, in: scalars, at: $0) }
        }
    }

    static func containsDigit(_ text: [UInt32], _ from: Int, _ to: Int) -> Bool {
        (from..<to).contains { AddressText.isASCIIDigit(text[$0]) }
    }

    /// 负 or 地下 before a floor number: its length, or 0.
    static func basementPrefixLength(_ text: [UInt32], at index: Int) -> Int {
        if text[index] == Scalars.fu4 { return 1 }
        if text[index] == Scalars.dixia, index + 1 < text.count, text[index + 1] == Scalars.xia { return 2 }
        return 0
    }
}
