import RongtongExtract

/// Words a feeder writes in a location field (address, 区县, 村, 组, 小区, 楼栋 …) where there is no value: `不详`,
/// `待核实`, `/`, and `同上` ("same as the row above", a spreadsheet habit).
///
/// A placeholder is no place: it must never become a compound (`不详`) or a room. In a household's resident ID or
/// phone field it is no value either: the record has no ID (no `id_length` warning for `无`). A ditto mark names the value of
/// the row above; only a table (a CSV file, read in order) has one.
public enum PlaceholderWords {
    /// What a cell holding no value says, compared after `normalized` (case folded, brackets and end punctuation
    /// removed).
    static let absent: Set<String> = [
        "不详", "不祥", "详细不详", "地址不详", "住址不详", "不清楚", "不知道", "未知", "未详",
        "待核实", "待核查", "待核", "待查", "待查实", "待定", "待补充", "待补", "待完善", "待确认", "待更新",
        "暂无", "暂缺", "暂未", "无", "没有", "无地址", "无住址", "空", "空白", "略", "见上", "未填", "未填写", "缺",
        "/", "//", "\\", "-", "--", "—", "——", "_", "*", "**", "?", "??", "…", "……", ".", "..", "...",
        "null", "none", "nil", "na", "n/a", "{}", "[]",
    ]

    /// Ditto marks: the value of the same field in the row above.
    static let ditto: Set<String> = ["同上", "仝上", "同前", "同上栏", "〃", "\"", "“", "”", "\"\"", "“”", "''"]

    /// `text` reduced for comparison: cleaned, spaces removed, lower-cased, without the brackets around it or the
    /// punctuation ending it (`（不详）`, `不详。`, `N/A`).
    static func normalized(_ text: String) -> String {
        var value = TextCleaning.clean(text).filter { !$0.isWhitespace }.lowercased()
        let pairs: [(Character, Character)] = [("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"), ("<", ">"), ("《", "》")]
        while value.count >= 2, let first = value.first, let last = value.last,
              pairs.contains(where: { $0.0 == first && $0.1 == last }) {
            value = String(value.dropFirst().dropLast())
        }
        while value.count >= 2, let last = value.last, "。，,;；!！".contains(last) { value.removeLast() }
        return value
    }

    /// Whether `text` stands for no value (`不详`, `（待核实）`, `/`).
    public static func isAbsent(_ text: String) -> Bool { mightBeOne(text) && absent.contains(normalized(text)) }

    /// Whether `text` is a ditto mark (`同上`, `〃`): the value of the row above.
    public static func isDitto(_ text: String) -> Bool { mightBeOne(text) && ditto.contains(normalized(text)) }

    /// The cheap question asked of every location value before `normalized` (which costs a sixth of the normalize
    /// stage when asked of every address): a placeholder is short, at most 48 bytes besides spaces (the longest word
    /// is four characters, 12 bytes, even bracketed twice), not plain digits (`3`, `301`), and made only of
    /// characters some placeholder or ditto word is written with, or that `normalized` removes (spaces, brackets,
    /// end punctuation, full-width forms of them): `东升小区` has 东 and is asked no further. `normalized` only
    /// removes characters and folds case and width, so a value with any other character can never be one.
    static func mightBeOne(_ text: String) -> Bool {
        var bytes = 0
        var digitsOnly = true
        for byte in text.utf8 where byte != 0x20 {
            bytes += 1
            if bytes > 48 { return false }
            if byte < 0x30 || byte > 0x39 { digitsOnly = false }
            // An ASCII character no placeholder is written with (a digit, most letters: `3-2-501`, `B`): none.
            if byte < 0x80 && !placeholderASCII[Int(byte)] { return false }
        }
        guard bytes > 0 && !digitsOnly else { return false }
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value < 0x80 {
                if !placeholderASCII[Int(value)] { return false }   // a full-width digit or letter no word has
                continue
            }
            if InvisibleCharacter.isDropped(scalar) { continue }
            if !placeholderScalars.contains(value) { return false }
        }
        return true
    }

    /// The ASCII characters a placeholder or ditto word may be written with, in either case, with what cleaning and
    /// `normalized` remove: spaces and control characters, brackets, end punctuation, Excel's leading `'` and `="…"`.
    /// No placeholder has a digit, so a value with one is never asked further.
    private static let placeholderASCII: [Bool] = {
        var allowed = [Bool](repeating: false, count: 128)
        for value in 0...0x20 { allowed[value] = true }
        allowed[0x7F] = true
        for word in absent.union(ditto) {
            for scalar in (word + word.uppercased()).unicodeScalars where scalar.value < 0x80 { allowed[Int(scalar.value)] = true }
        }
        for scalar in "()[]<>.,;!'=\"".unicodeScalars { allowed[Int(scalar.value)] = true }
        return allowed
    }()

    /// Every non-ASCII scalar of the placeholder and ditto words, of the brackets and end punctuation `normalized`
    /// removes, and the spaces and invisible characters `TextCleaning.clean` removes.
    private static let placeholderScalars: Set<UInt32> = {
        var scalars = Set<UInt32>()
        for word in absent.union(ditto) {
            for scalar in word.unicodeScalars { scalars.insert(scalar.value) }
            for scalar in word.uppercased().unicodeScalars { scalars.insert(scalar.value) }
        }
        for scalar in "（）【】《》。，；！\u{3000}\u{00A0}\u{200B}\u{200C}\u{200D}\u{FEFF}‘’".unicodeScalars {
            scalars.insert(scalar.value)
        }
        // The other characters `normalized` drops as whitespace: Unicode spaces and line separators.
        for value in UInt32(0x2000)...UInt32(0x200A) { scalars.insert(value) }
        scalars.formUnion([0x202F, 0x205F, 0x1680, 0x2028, 0x2029, 0x0085])
        return scalars
    }()
}
