/// The part of an address below the community: the compound's name and the building, unit and room numbers.
///
/// `东升小区3栋2单元501室`, `东升小区三栋二单元五零一`, `东升小区3-2-501`, `东升小区3号楼2-501`, `东升小区A座501号`
/// all give compound 东升小区 (with building 3 or A, unit 2, room 501 as they apply).
struct DwellingNumber: Equatable {
    var compound: String?
    var building: String?
    var unit: String?
    var room: String?

    /// Splits `text[start...]` into compound and numbers. The numbers are the longest tail of the text that reads
    /// entirely as building/unit/room designations, so a compound may itself hold numerals (三江小区, 二号院3栋).
    static func parse(_ text: [UInt32], from start: Int) -> DwellingNumber {
        let end = text.count
        guard start < end else { return DwellingNumber() }
        var fallback: (Int, Designations)?
        var index = start
        while index < end {
            if startsNumber(text, at: index, from: start), !isDoorNumber(text, at: index, from: start) {
                let (designations, stop) = Designations.read(text, from: index)
                if designations.any {
                    if stop == end { return make(text, start, index, designations) }
                    // Trailing words after real numbers (501室东户) are tolerated as a second choice.
                    if fallback == nil, designations.hasArabicDigits, !containsDigit(text, stop, end) {
                        fallback = (index, designations)
                    }
                }
            }
            index += 1
        }
        if let (at, designations) = fallback { return make(text, start, at, designations) }
        return DwellingNumber(compound: compoundName(text, start, end))
    }

    private static func make(_ text: [UInt32], _ start: Int, _ split: Int, _ d: Designations) -> DwellingNumber {
        var compoundEnd = split
        if compoundEnd > start, text[compoundEnd - 1] == Scalars.di { compoundEnd -= 1 }   // 第3栋
        return DwellingNumber(compound: compoundName(text, start, compoundEnd),
                              building: d.building, unit: d.unit, room: d.room)
    }

    /// The compound as written, without a leading road and door number (中华北路123号东升小区 → 东升小区).
    private static func compoundName(_ text: [UInt32], _ start: Int, _ end: Int) -> String? {
        var from = start
        var i = start
        while i < end {
            if text[i] == Scalars.hao, i + 2 < end, i > from + 1, AddressText.isASCIIDigit(text[i - 1]),
               text[i + 1] != Scalars.fu {
                var j = i - 1
                while j > from, AddressText.isASCIIDigit(text[j - 1]) { j -= 1 }
                if j > from, Scalars.doorNumberLeads.contains(text[j - 1]) { from = i + 1 }
            }
            i += 1
        }
        while from < end, text[from] == AddressText.dash || text[from] == AddressText.hash { from += 1 }
        var to = end
        while to > from, text[to - 1] == AddressText.dash || text[to - 1] == AddressText.hash { to -= 1 }
        return from < to ? AddressText.string(text[from..<to]) : nil
    }

    private static func startsNumber(_ text: [UInt32], at index: Int, from start: Int) -> Bool {
        let value = text[index]
        guard AddressText.isNumeral(value) || AddressText.isASCIIAlphanumeric(value) else { return false }
        guard index > start else { return true }
        let previous = text[index - 1]
        if AddressText.isASCIIAlphanumeric(value) { return !AddressText.isASCIIAlphanumeric(previous) }
        return !AddressText.isNumeral(previous)
    }

    /// 遵义路12号 and 8号附1号: a street's door number identifies the place like a compound name does, so it stays
    /// with the compound rather than being read as a building.
    private static func isDoorNumber(_ text: [UInt32], at index: Int, from start: Int) -> Bool {
        guard index > start, Scalars.doorNumberLeads.contains(text[index - 1]) else { return false }
        var end = index
        while end < text.count, AddressText.isASCIIDigit(text[end]) { end += 1 }
        return end > index && end < text.count && text[end] == Scalars.hao
            && !(end + 1 < text.count && text[end + 1] == Scalars.lou)
    }

    private static func containsDigit(_ text: [UInt32], _ from: Int, _ to: Int) -> Bool {
        (from..<to).contains { AddressText.isASCIIDigit(text[$0]) }
    }
}

/// Building, unit and room read left to right by a small grammar: a number followed by its marker
/// (栋/幢/座/号楼/# · 单元 · 层/楼 · 室/房/户/号), or a dash group (3-2-501).
private struct Designations {
    var building: String?
    var unit: String?
    var room: String?
    var hasArabicDigits = false

    var any: Bool { building != nil || unit != nil || room != nil }

    /// Reads as many designations as follow one another from `start`; returns them and where reading stopped.
    static func read(_ text: [UInt32], from start: Int) -> (Designations, Int) {
        var result = Designations()
        var index = start
        var lastGood = start
        var good = Designations()
        while index < text.count {
            if text[index] == Scalars.di { index += 1 }
            guard let first = Number.read(text, at: index) else { break }
            index = first.end
            result.hasArabicDigits = result.hasArabicDigits || first.arabic
            if index < text.count, text[index] == AddressText.dash {
                var group = [first]
                while index < text.count, text[index] == AddressText.dash,
                      let next = Number.read(text, at: index + 1), next.isDigits {
                    group.append(next)
                    index = next.end
                }
                guard group.count > 1, result.assign(dashGroup: group.map(\.value)) else { break }
                if let marker = Scalars.roomMarkers.firstMatch(in: text, at: index) {
                    index += Scalars.roomMarkers.words[marker].count
                }
            } else if let marker = Scalars.markers.firstMatch(in: text, at: index) {
                guard result.assign(first, marker: Scalars.markerMeanings[marker]) else { break }
                index += Scalars.markers.words[marker].count
            } else if index == text.count, first.isDigits {
                // A bare trailing number: the room once a building or unit is known, else a building (short) or room.
                if result.building != nil || result.unit != nil || first.value.count >= 3 {
                    guard result.room == nil else { break }
                    result.room = first.value
                } else {
                    result.building = first.value
                }
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
            guard building == nil, unit == nil, room == nil else { return false }
            building = number.value
        case .unit:
            guard unit == nil, room == nil, number.isDigits else { return false }
            unit = number.value
        case .floor:
            guard room == nil, number.isDigits else { return false }
        case .buildingOrFloor:
            guard room == nil, number.isDigits else { return false }
            if building == nil && unit == nil { building = number.value }
        case .room:
            guard room == nil, number.isDigits else { return false }
            room = number.value
        case .buildingOrRoom:
            guard room == nil, number.isDigits else { return false }
            // 12号 alone is a house (building) number; 501号, or any 号 after a building or unit, is a room.
            if building == nil && unit == nil && number.value.count < 3 {
                building = number.value
            } else {
                room = number.value
            }
        }
        return true
    }

    /// 3-2-501 → building, unit, room; 3-501 → building, room; after a building, 2-501 → unit, room; a fourth
    /// number is a floor.
    mutating func assign(dashGroup values: [String]) -> Bool {
        guard room == nil else { return false }
        switch (building != nil, unit != nil, values.count) {
        case (false, false, 2): (building, room) = (values[0], values[1])
        case (false, false, 3): (building, unit, room) = (values[0], values[1], values[2])
        case (false, false, 4): (building, unit, room) = (values[0], values[1], values[3])
        case (true, false, 2): (unit, room) = (values[0], values[1])
        case (true, false, 3): (unit, room) = (values[0], values[2])
        case (_, true, 2): room = values[1]
        default: return false
        }
        return true
    }
}

/// One written number: ASCII digits/letters as they are, or Chinese numerals converted to Arabic digits.
private struct Number {
    let value: String
    let end: Int
    let isDigits: Bool
    let arabic: Bool

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
        let hasPlaceWords = scalars.contains { $0 == Scalars.shi || $0 == Scalars.bai }
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

private enum Marker {
    case building, unit, floor, buildingOrFloor, room, buildingOrRoom
}

private enum Scalars {
    static let di: UInt32 = 0x7B2C      // 第
    static let hao: UInt32 = 0x53F7     // 号
    static let shi: UInt32 = 0x5341     // 十
    static let bai: UInt32 = 0x767E     // 百
    static let lou: UInt32 = 0x697C     // 楼
    static let fu: UInt32 = 0x9644      // 附
    /// What a door number follows: a road (中华北路123号) or an annex mark (8号附1号).
    static let doorNumberLeads: Set<UInt32> = Set("路街道巷弄里附".unicodeScalars.map(\.value))

    /// Longest first, so 号楼 is read before 号 and 单元 before anything shorter.
    static let markers = WordList(["号楼", "#楼", "单元", "栋", "幢", "座", "#", "层", "楼", "室", "房", "户", "号"])
    static let markerMeanings: [Marker] = [.building, .building, .unit, .building, .building, .building, .building,
                                           .floor, .buildingOrFloor, .room, .room, .room, .buildingOrRoom]

    static let roomMarkers = WordList(["室", "号", "房", "户"])
}
