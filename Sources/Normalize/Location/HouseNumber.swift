/// Building, unit and room numbers as written in their own columns (`3栋`, `三`, `２单元`, `501室`) reduced to
/// their number text (`3`, `3`, `2`, `501`). Letters and dashes inside a number (`A座`, `1-1`) are kept. Leading
/// zeros of a plain number are dropped (`0106` → `106`, `01` → `1`), as the address parser reads `0106室`, so that
/// a room column and an address of another feed name the same room alike.
enum HouseNumber {
    static let suffixes = ["号楼", "单元", "栋", "幢", "座", "楼", "室", "号", "户"]

    /// A room column's value: a floor or a named room spelled as the address parser spells it after a house's door
    /// (`一楼`, `1层` → `1楼`; `负一层` → `负1楼`; `一楼东` → `1楼东`; `阁楼`, `地下室`, `顶楼阁楼` as written), else
    /// the number as `clean` gives it.
    static func cleanRoom(_ text: String) -> String? {
        let scalars = AddressText.scalars(of: TextCleaning.clean(text))
        if let described = DwellingNumber.roomDescription(scalars[...]) { return described }
        return clean(text)
    }

    /// What a room column's value says when it writes the house's door before the dwelling in it (`doorAndRoom`):
    /// the door number without its last 号 (`40`, `40号附1`), and the unit and room after it, if any.
    struct DoorAndRoom: Equatable {
        /// The door number without its last 号: `40`, or with its annex `40号附1` (of `40号附1号`).
        var door: String
        /// The unit written after the door (`40号2单元301室`: 2), if any.
        var unit: String?
        /// The room after the door, as the address parser spells it (`301`, `1楼`, `阁楼`), if any.
        var room: String?
    }

    /// A room column's value that writes the house's door with the dwelling the household lives in, as an address
    /// writes them after a villager group (`2组40号301室`: door `2组40号`, room 301): the door without its last 号
    /// (`40`; with its annex, `40号附1` of `40号附1号`), the unit written after it (`40号2单元301室`: unit 2, room
    /// 301) and the room as the address parser reads it there: a numbered room (`40号301室`, `40号301`, `40号-301`,
    /// `40号3楼301室`: 301), a floor or a named room (`3号1楼`, `3号二楼`, `15号阁楼`: `1楼`, `2楼`, `阁楼`), or none
    /// after an annex alone (`40号附1号`). A remark after the room (`40号301室东户`, `40号301室（东户）`) is no part of
    /// it: room 301, and the remark is left out, as the address parser leaves it out of the address. Nil for anything
    /// else (`301`, `1楼`, `3号`, `3号楼`, `40号东户`, `3栋301室`): a building is no house's door, and a door with only a
    /// remark after it says no dwelling.
    static func doorAndRoom(_ text: String) -> DoorAndRoom? {
        let scalars = AddressText.scalars(of: TextCleaning.clean(text))
        guard let number = Number.read(scalars, at: 0), number.isDigits, number.end + 1 < scalars.count,
              scalars[number.end] == Scalars.hao else { return nil }
        // Read as the same text after a villager group in an address, so that a door and room written in this column
        // and in an address (龙井村2组40号301室) are one dwelling.
        let group = AddressText.scalars(ofLiteral: doorReadingGroup)
        let read = DwellingNumber.parse(group + scalars, from: 0)
        guard read.compound == nil, read.building == nil, read.unresolvedDivision == nil, let street = read.street,
              street.hasPrefix(doorReadingGroup), street.hasSuffix("号"), street.count > doorReadingGroup.count + 1
        else { return nil }
        let door = String(street.dropFirst(doorReadingGroup.count).dropLast())
        // 40号附1号 alone is a door; a bare door number (40号 read as 40号) is said by `clean`, not here, and so is a door
        // with only a remark after it (40号东户).
        guard read.room != nil || read.unit != nil
              || (read.remark == nil && door.contains(where: { !$0.isASCII || !$0.isNumber })) else { return nil }
        return DoorAndRoom(door: withoutLeadingZeros(door), unit: read.unit, room: read.room)
    }

    /// The villager group a room column's door is read after (`doorAndRoom`); only its door and room are kept.
    private static let doorReadingGroup = "1组"

    static func clean(_ text: String) -> String? {
        // Most cells are plain ASCII digits or letters (`3`, `501`, `B`): nothing to strip.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }) {
            return withoutLeadingZeros(text)
        }
        var value = TextCleaning.clean(text)
        if value.utf8.contains(UInt8(ascii: " ")) { value = value.replacingOccurrences(of: " ", with: "") }
        var stripped = true
        while stripped {
            stripped = false
            for suffix in suffixes where value.hasSuffix(suffix) && value.count > suffix.count {
                value.removeLast(suffix.count)
                stripped = true
            }
        }
        if value.hasPrefix("第") { value.removeFirst() }
        guard !value.isEmpty else { return nil }
        if let number = TextCleaning.chineseNumber(value) { return String(number) }
        return withoutLeadingZeros(value)
    }

    /// `0106` → `106`; `0` stays, and a value that is not all ASCII digits (`01A`, `0-1`) is kept as written.
    static func withoutLeadingZeros(_ value: String) -> String {
        guard value.count > 1, value.hasPrefix("0"), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return value }
        let trimmed = value.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
