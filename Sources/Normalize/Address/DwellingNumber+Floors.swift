/// Floors as feeds write them besides `3楼` and `3层`, spelled as those are before the text is read.
extension DwellingNumber {
    /// The text with a floor written with F (`3F302`, `3F-302`, `12f`, `3F 302`: one or two digits, then F, then
    /// the room's digits, a dash, a word or the end) spelled `3层302`, as `3层302` reads: floor 3, room 302, the floor
    /// no building. The dash or space between the floor and its room says nothing once 层 is written. An F inside a
    /// code (`B3F`, `3FA`, `123F`) stays as it is.
    static func floorsSpelled(_ text: [UInt32], from start: Int) -> [UInt32] {
        guard text[start...].contains(floorLetter) else { return text }
        var out = Array(text[..<start])
        out.reserveCapacity(text.count)
        var index = start
        while index < text.count {
            defer { index += 1 }
            let value = text[index]
            guard value == floorLetter, isFloorLetter(text, at: index, from: start) else {
                out.append(value)
                continue
            }
            out.append(Scalars.ceng)
            if index + 2 < text.count, text[index + 1] == AddressText.dash, AddressText.isASCIIDigit(text[index + 2]) {
                index += 1
            }
        }
        return out
    }

    /// F, upper-cased as `AddressText.scalars(of:)` leaves every letter.
    private static let floorLetter: UInt32 = 0x46

    /// Whether the F at `index` closes a floor's one or two digits that stand alone (nothing alphanumeric before
    /// them) and is followed by no letter.
    private static func isFloorLetter(_ text: [UInt32], at index: Int, from start: Int) -> Bool {
        var digits = index
        while digits > start, AddressText.isASCIIDigit(text[digits - 1]) { digits -= 1 }
        guard (1...2).contains(index - digits),
              digits == start || !AddressText.isASCIIAlphanumeric(text[digits - 1]) else { return false }
        return index + 1 == text.count || !AddressText.isASCIIAlphanumeric(text[index + 1]) || AddressText.isASCIIDigit(text[index + 1])
    }
}
