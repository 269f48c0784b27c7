/// Building, unit and room read left to right by a small grammar: a number followed by its marker
/// (栋/幢/座/号楼/# · 单元 · 层/楼 · 室/房/户/号), a dash group (3-2-501), an annex (附1号) or a basement floor (负一楼).
struct Designations {
    var building: String?
    var unit: String?
    var room: String?
    var floor = false
    /// The number of the floor read before the room (`3楼`, `3层`), which a short room number is numbered on.
    var floorNumber: String?
    var hasArabicDigits = false
    /// The building was read from `N楼` (building or floor).
    var buildingIsLou = false
    /// A floor was written before its building (`3楼A座`): `N楼` was read as the building until one followed, and is
    /// the floor (`floorNumber`), the room when no room is numbered on it (as `A座3楼` gives).
    var floorBeforeBuilding = false
    /// Building and room were read from two numbers joined by a dash and nothing else (`3-2`, `3-501`).
    var dashPair = false

    var any: Bool { building != nil || unit != nil || room != nil || floor }
    /// A room with its building or unit (3栋2单元301室, 3-301, 三栋五零一室): a flat, never a name's numerals.
    var isDwelling: Bool { room != nil && (building != nil || unit != nil) }
    /// How many of building, unit and room are known.
    var count: Int { (building == nil ? 0 : 1) + (unit == nil ? 0 : 1) + (room == nil ? 0 : 1) }

    /// Reads as many designations as follow one another from `start`; returns them and where reading stopped.
    static func read(_ text: [UInt32], from start: Int) -> (Designations, Int) {
        var result = Designations()
        var index = start
        var lastGood = start
        var good = Designations()
        while index < text.count {
            // 3栋附1号, 501附1号: an annex, kept with its mark in the room. After a flat's room (3栋2单元501室附1号,
            // 3-2-501附1号) it ends the numbers: the flat is 501, and 附1号 is a remark.
            if text[index] == Scalars.fu, result.isDwelling { break }
            if text[index] == Scalars.fu, result.building != nil || result.room != nil,
               let annex = Number.read(text, at: index + 1), annex.isDigits {
                result.room = (result.room ?? "") + "附" + annex.value
                result.hasArabicDigits = result.hasArabicDigits || annex.arabic
                index = annex.end
                if let marker = Scalars.roomMarkers.firstMatch(in: text, at: index) {
                    index += Scalars.roomMarkers.words[marker].count
                }
                lastGood = index
                good = result
                continue
            }
            // 负一楼, 地下2层: a basement floor; like every floor it is read but not kept.
            let basement = DwellingNumber.basementPrefixLength(text, at: index)
            if basement > 0 {
                guard result.room == nil, let floor = Number.read(text, at: index + basement), floor.isDigits,
                      let marker = Scalars.floorMarkers.firstMatch(in: text, at: floor.end) else { break }
                index = floor.end + Scalars.floorMarkers.words[marker].count
                result.floor = true
                result.floorNumber = "负" + floor.value
                lastGood = index
                good = result
                continue
            }
            if text[index] == Scalars.di { index += 1 }
            guard let first = Number.readList(text, at: index) else { break }
            index = first.end
            result.hasArabicDigits = result.hasArabicDigits || first.arabic
            if index < text.count, text[index] == AddressText.dash, !first.isList {
                var group = [first]
                while index < text.count, text[index] == AddressText.dash,
                      let next = Number.readList(text, at: index + 1), next.isDigits {
                    group.append(next)
                    index = next.end
                    if next.isList { break }   // 3-2-501、502: the list is the last member, the rooms
                }
                guard group.count > 1 else { break }
                if first.isLetters, group.count == 2, let marker = Scalars.markers.firstMatch(in: text, at: index),
                   Scalars.markerMeanings[marker] == .building {
                    // A-3栋: one building's name written with a dash, as A3栋.
                    let name = Number(value: first.value + group[1].value, end: index, isDigits: false,
                                      arabic: group[1].arabic)
                    guard result.assign(name, marker: .building) else { break }
                    index += Scalars.markers.words[marker].count
                } else {
                    // A-3-402, B-501: a lettered building's flat. Two numbers after a letter end the text or take
                    // a room word; before other words (保利A-3地块) they are a name's.
                    if first.isLetters, group.count == 2, index < text.count,
                       Scalars.roomMarkers.firstMatch(in: text, at: index) == nil {
                        break
                    }
                    guard result.assign(dashGroup: group.map(\.value)) else { break }
                    if let marker = Scalars.roomMarkers.firstMatch(in: text, at: index) {
                        index += Scalars.roomMarkers.words[marker].count
                    }
                }
            } else if let marker = Scalars.markers.firstMatch(in: text, at: index) {
                // 2号变压器, 1号门, 3号充电桩: the number of a thing, not a building or room.
                if Scalars.markerMeanings[marker] == .buildingOrRoom,
                   Scalars.numberedThings.firstMatch(in: text, at: index + Scalars.markers.words[marker].count) != nil {
                    break
                }
                guard result.assign(first, marker: Scalars.markerMeanings[marker]) else { break }
                index += Scalars.markers.words[marker].count
            } else if index == text.count, first.isLetters, first.value.count == 1, result.floorNumber != nil,
                      result.room == nil, result.building != nil || result.unit != nil {
                // 3栋3楼A: a lettered flat of the floor, as 3栋3楼3号 is the floor's third (room 3-A).
                result.room = result.onItsFloor(first)
            } else if index == text.count, first.isDigits {
                // A lone Chinese numeral at the end (张三's 三) is part of a word, not a number.
                guard first.arabic || result.any else { break }
                // A bare trailing number: the room once a building or unit is known, else a building (short) or room.
                if result.building != nil || result.unit != nil || first.value.count >= 3 {
                    guard result.room == nil else { break }
                    result.room = result.onItsFloor(first)
                } else {
                    result.building = first.value
                }
            } else if first.arabic, result.room == nil, result.building != nil || result.unit != nil,
                      result.unit != nil || first.value.count >= 3 {
                // 501 before a remark (501旁, 501（张三）): the room; the remark ends the numbers.
                result.room = result.onItsFloor(first)
            } else {
                break
            }
            lastGood = index
            good = result
        }
        return (good, lastGood)
    }

    mutating func assign(_ number: Number, marker: Marker) -> Bool {
        switch marker {
        case .building:
            if buildingIsLou, let lou = building, unit == nil, room == nil, !number.isList {
                // 3楼A座: the N楼 before a building is its floor, not a building of its own.
                floor = true
                floorNumber = lou
                floorBeforeBuilding = true
                buildingIsLou = false
                building = nil
            }
            guard building == nil, unit == nil, room == nil, !number.isList else { return false }
            building = number.value
        case .unit:
            // 2单元 and B单元.
            guard unit == nil, room == nil, number.isDigits || number.isLetters, !number.isList else { return false }
            unit = number.value
        case .floor:
            guard room == nil, number.isDigits, !number.isList else { return false }
            floor = true
            floorNumber = number.value
        case .buildingOrFloor:
            guard room == nil, number.isDigits, !number.isList else { return false }
            if building == nil && unit == nil {
                building = number.value
                buildingIsLou = true
            } else {
                floor = true
                floorNumber = number.value
            }
        case .room:
            guard room == nil else { return false }
            room = onItsFloor(number)
        case .buildingOrRoom:
            // 3楼A号: a lettered flat of the floor, as 3楼A is (room 3-A).
            if number.isLetters, number.value.count == 1, floorNumber != nil, room == nil, !number.isList {
                room = onItsFloor(number)
                return true
            }
            guard room == nil, number.isDigits else { return false }
            // 12号 alone is a house (building) number; 501号, or any 号 after a building, unit or floor, is a room.
            if building == nil && unit == nil && floorNumber == nil && number.value.count < 3 && !number.isList {
                building = number.value
            } else {
                room = onItsFloor(number)
            }
        }
        return true
    }

    /// A room's number with the floor read before it (`DwellingNumber.room(_:onFloor:)`): a room numbered with its
    /// floor (`3楼302`, `12层1201`) is the room alone; a short number (`2楼3号`, `3层12号`: the third flat of the second
    /// floor) is one of the floor's, written as the dash form writes it (`2-1-3-2` → room `3-2`), so that flats of two
    /// floors stay two.
    /// A list of flats on one floor (`3楼2、3号`) is each the floor's: `3-2、3-3`.
    func onItsFloor(_ number: Number) -> String {
        guard let floorNumber else { return number.value }
        guard number.isList else { return DwellingNumber.room(number.value, onFloor: floorNumber) ?? number.value }
        return number.value.split(separator: "、")
            .map { DwellingNumber.room(String($0), onFloor: floorNumber) ?? String($0) }.joined(separator: "、")
    }

    /// 3-2-501 → building, unit, room; 3-501 → building, room; after a building, 2-501 → unit, room; after a unit,
    /// 1-1 → room 1-1. Numbers beyond those are kept in the room (3-2-501-1 → room 501-1), except a floor written
    /// before its own room (3-2-5-501 → room 501).
    mutating func assign(dashGroup values: [String]) -> Bool {
        guard room == nil else { return false }
        switch (building != nil, unit != nil, values.count) {
        case (false, false, 2):
            (building, room) = (values[0], values[1])
            dashPair = true
        case (false, false, 3): (building, unit, room) = (values[0], values[1], values[2])
        case (false, false, 4): (building, unit, room) = (values[0], values[1], Self.room(values[2], values[3]))
        case (true, false, 2): (unit, room) = (values[0], values[1])
        case (true, false, 3): (unit, room) = (values[0], Self.room(values[1], values[2]))
        case (_, true, 2): room = Self.room(values[0], values[1])
        default: return false
        }
        return true
    }

    /// Two numbers where one room is expected: 5-501 is floor 5, room 501; anything else (501-1, 1-1) is one room.
    private static func room(_ first: String, _ second: String) -> String {
        if first.count <= 2, second.count >= 3, second.hasPrefix(first) { return second }
        return first + "-" + second
    }
}

/// One written number: ASCII digits/letters as they are, or Chinese numerals converted to Arabic digits; or a list
/// of numbers (`501、502`).
struct Number {
    let value: String
    let end: Int
    let isDigits: Bool
    let arabic: Bool
    var isList = false

    var isLetters: Bool { !isDigits && value.unicodeScalars.allSatisfy { $0.value >= 0x41 && $0.value <= 0x5A } }

    /// A number, or several listed with 、, 和 or 及 (501、502, 501和502), kept together as `501、502`.
    static func readList(_ text: [UInt32], at start: Int) -> Number? {
        guard let first = read(text, at: start) else { return nil }
        guard first.isDigits, first.end < text.count, isListJoiner(text[first.end]) else { return first }
        var value = first.value
        var end = first.end
        var arabic = first.arabic
        while end < text.count, isListJoiner(text[end]), let next = read(text, at: end + 1), next.isDigits,
              next.arabic == first.arabic {
            value += "、" + next.value
            end = next.end
            arabic = arabic || next.arabic
        }
        return Number(value: value, end: end, isDigits: true, arabic: arabic, isList: end != first.end)
    }

    @inline(__always) private static func isListJoiner(_ value: UInt32) -> Bool {
        value == AddressText.listSeparator || value == 0x548C || value == 0x53CA   // 、 和 及
    }

    static func read(_ text: [UInt32], at start: Int) -> Number? {
        guard start < text.count else { return nil }
        var index = start
        if AddressText.isASCIIAlphanumeric(text[start]) {
            var allDigits = true
            while index < text.count, AddressText.isASCIIAlphanumeric(text[index]) {
                if !AddressText.isASCIIDigit(text[index]) { allDigits = false }
                index += 1
            }
            guard index - start <= 8 else { return nil }
            var slice = text[start..<index]
            if allDigits {
                while slice.count > 1, slice.first == 0x30 { slice = slice.dropFirst() }
            }
            return Number(value: AddressText.string(slice), end: index, isDigits: allDigits, arabic: allDigits)
        }
        while index < text.count, AddressText.isNumeral(text[index]), !AddressText.isASCIIDigit(text[index]) {
            index += 1
        }
        guard index > start, let number = chineseValue(text[start..<index]) else { return nil }
        return Number(value: String(number), end: index, isDigits: true, arabic: false)
    }

    /// 三 → 3, 十二 → 12, 二十五 → 25, 五零一 → 501, 五百零一 → 501.
    private static func chineseValue(_ scalars: ArraySlice<UInt32>) -> Int? {
        let hasPlaceWords = scalars.contains { AddressText.isPlaceWord($0) }
        if !hasPlaceWords {
            var value = 0
            for scalar in scalars {
                guard let digit = AddressText.chineseDigitValue(scalar) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        return TextCleaning.chineseNumber(AddressText.string(scalars))
    }
}

enum Marker {
    case building, unit, floor, buildingOrFloor, room, buildingOrRoom
}

enum Scalars {
    static let di: UInt32 = 0x7B2C      // 第
    static let hao: UInt32 = 0x53F7     // 号
    static let shi: UInt32 = 0x5341     // 十
    static let bai: UInt32 = 0x767E     // 百
    static let lou: UInt32 = 0x697C     // 楼
    static let ceng: UInt32 = 0x5C42    // 层
    static let men: UInt32 = 0x95E8     // 门
    static let fu: UInt32 = 0x9644      // 附
    static let zhi: UInt32 = 0x4E4B     // 之
    static let fu4: UInt32 = 0x8D1F     // 负
    static let dixia: UInt32 = 0x5730   // 地
    static let xia: UInt32 = 0x4E0B     // 下
    static let dao: UInt32 = 0x9053     // 道
    static let xin: UInt32 = 0x65B0     // 新
    static let ban: UInt32 = 0x529E     // 办
    static let zu: UInt32 = 0x7EC4      // 组
    static let cun: UInt32 = 0x6751     // 村
    static let tuan: UInt32 = 0x56E2    // 团
    static let zhen: UInt32 = 0x9547    // 镇
    static let xiang: UInt32 = 0x4E61   // 乡
    static let qu: UInt32 = 0x533A      // 区
    static let shi4: UInt32 = 0x5BA4    // 室
    static let qi: UInt32 = 0x671F      // 期
    /// How a building or a unit is written last (3栋, 3幢, A座, 3号楼, 3#, 2单元): what a floor written after it follows.
    static let buildingOrUnitEnds: Set<UInt32> = Set("栋幢座楼元#".unicodeScalars.map(\.value))
    /// What a door number follows: a road (中华北路123号), an annex mark (8号附1号, 51号之2号) or a villager group
    /// (三组15号).
    static let doorNumberLeads: Set<UInt32> = Set("路街道巷弄里段附之组".unicodeScalars.map(\.value))
    /// What a street's door number follows (中华北路123号, 花溪大道北段88号).
    static let roadEnds: Set<UInt32> = Set("路街道巷弄里段".unicodeScalars.map(\.value))
    static let roadWords = WordList(["大道", "大街", "路", "街", "巷", "弄"])
    static let groupWords = WordList(["村民小组", "村民组", "小组", "组"])
    /// Words that end a township or community name wherever they stand (镇 and 乡 need more care: 古镇, 乡村).
    static let unplacedDivisionWords = WordList(["街道办事处", "街道办", "街道", "办事处", "社区居委会", "社区居民委员会",
                                                 "居民委员会", "村民委员会", "居委会", "村委会", "社区"])
    /// After 镇/乡, characters that make a word rather than end a township's name (乡村, 乡镇, 镇区).
    static let townWordStarts: Set<UInt32> = Set("村镇区街".unicodeScalars.map(\.value))
    static let divisionEnds: Set<UInt32> = Set("镇乡县".unicodeScalars.map(\.value))
    static let divisionEndWords = WordList(["街道", "办事处", "街道办"])
    static let communityEndWords = WordList(["社区", "居委会", "村委会", "委员会", "居委", "村委"])
    static let villageEnd: Set<UInt32> = [0x6751]   // 村
    /// Before 区, characters that make it part of a compound's name (小区, 社区, 园区, 生活区, 东区, 二期区, 棚户区,
    /// 棚改区, 片区 …).
    static let compoundDistrictMarks: Set<UInt32> = Set("小社园校片厂矿营景城新老东西南北中宅舍属置户业发活期苑院号栋楼改"
        .unicodeScalars.map(\.value))

    /// Longest first, so 号楼 is read before 号 and 单元 before anything shorter.
    static let markers = WordList(["号楼", "#楼", "单元", "栋", "幢", "座", "#", "层", "楼", "室", "房", "户", "号"])
    static let markerMeanings: [Marker] = [.building, .building, .unit, .building, .building, .building, .building,
                                           .floor, .buildingOrFloor, .room, .room, .room, .buildingOrRoom]

    static let roomMarkers = WordList(["室", "号", "房", "户"])
    /// What follows 号 when the number counts things at a place rather than naming a building or room
    /// (2号变压器, 1号门, 3号充电桩, 2号梯).
    static let numberedThings = WordList(["变压器", "变电", "箱变", "配电", "机房", "电房", "井", "门", "岗", "桩", "充电",
                                          "杆", "灯", "站", "柜", "箱", "塔", "基站", "消防", "栓", "电梯", "梯", "车位",
                                          "泊位", "车库", "出口", "入口", "通道", "亭", "池", "泵", "闸", "监控", "摄像",
                                          "探头", "垃圾", "公厕", "厕所", "窨井", "线", "表", "路灯", "消火栓", "电杆",
                                          "阀"])
    static let floorMarkers = WordList(["层", "楼"])
    /// How a shantytown or an area of old houses ends (棚户区, 棚改区, 片区, 地块): its houses have door numbers, not
    /// buildings, and the word alone names no place (梁子巷棚户区 is named after its lane).
    static let areaWords = WordList(["棚户区", "棚改区", "棚户", "棚改", "片区", "地块"])
}
