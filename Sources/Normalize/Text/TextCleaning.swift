/// Text clean-up every feed needs before any rule looks at a value: full-width forms folded to ASCII,
/// ideographic spaces, control and format characters removed, surrounding whitespace trimmed.
public enum TextCleaning {
    /// `value` with full-width ASCII variants (U+FF01–U+FF5E) folded to ASCII, U+3000, NBSP and line breaks (tab,
    /// LF, CR, NEL, U+2028, U+2029) turned into spaces, control and format characters dropped
    /// (`InvisibleCharacter.isDropped`: zero-width, word joiner, soft hyphen, bidi controls…), whitespace trimmed, and Excel's ways of keeping a cell as text
    /// undone: a leading apostrophe (`'0501` is `0501`) and the formula guard `="…"` (`="03"` is `03`, also
    /// written `＝"03"` or `= "03"`). One pair of double quotes wrapping the whole value (`"测吴伟"`, `“测吴伟”`) is
    /// removed too, when no other such quote is inside. Chinese text is untouched.
    public static func clean(_ value: String) -> String {
        // Most values (plain ASCII, plain Chinese in U+4000–U+9FFF) contain no byte that could change: return them
        // as they are. Control characters, spaces at either end, and any character outside those ranges (NBSP,
        // Unicode spaces, format characters, the ideographic space, full-width forms…) need work.
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last else { return value }
        // A leading apostrophe is Excel's "store as text" mark ('0501, '5201…), which some exports keep; a leading
        // `=` or `"` may start the formula guard ="0501" or a value wrapped in quotes.
        var needsWork = first == 0x20 || last == 0x20 || first == 0x27 || first == 0x3D || first == 0x22
        if !needsWork {
            for unit in utf8 {
                switch unit {
                case 0x20...0x7E, 0x80...0xBF, 0xE4...0xE9:
                    continue  // printable ASCII, continuation bytes, and the leads of U+4000–U+9FFF
                default:
                    needsWork = true
                }
                break
            }
        }
        if !needsWork { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E:
                scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000, 0x00A0, 0x09, 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                scalars.append(" ")
            default:
                if !InvisibleCharacter.isDropped(scalar) { scalars.append(scalar) }
            }
        }
        var cleaned = trimmingWhitespace(scalars)
        if let unguarded = withoutFormulaGuard(cleaned) { cleaned = unguarded }
        if let unquoted = withoutWrappingQuotes(cleaned) { cleaned = unquoted }
        if cleaned.utf8.first == 0x27, cleaned.utf8.count > 1 {
            return trimmingWhitespace(String(cleaned.dropFirst()).unicodeScalars)
        }
        return cleaned
    }

    /// The text inside Excel's formula guard `="…"` (a formula whose result is that text, which an export writes to
    /// keep leading zeros or long digit runs: `="03"`, `="52011119680919158X"`), spaces around it trimmed and a
    /// doubled quote inside (`=""""`) read as one; nil when `value` (already folded and trimmed) is not one. A
    /// formula that is more than one quoted string (`="3"&"01"`) is left as written.
    private static func withoutFormulaGuard(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        guard scalars.first == "=", scalars.last == "\"", scalars.count >= 3 else { return nil }
        let afterEquals = trimmingWhitespace(String.UnicodeScalarView(scalars.dropFirst())).unicodeScalars
        guard afterEquals.count >= 2, afterEquals.first == "\"" else { return nil }
        let inner = afterEquals.dropFirst().dropLast()
        var text = String.UnicodeScalarView()
        var index = inner.startIndex
        while index < inner.endIndex {
            let scalar = inner[index]
            index = inner.index(after: index)
            if scalar == "\"" {
                // Inside a formula's string a quote is written twice; a single one ends the string.
                guard index < inner.endIndex, inner[index] == "\"" else { return nil }
                index = inner.index(after: index)
            }
            text.append(scalar)
        }
        return trimmingWhitespace(text)
    }

    /// `value` (already folded and trimmed) without one pair of double quotes wrapping all of it, ASCII `"…"` or
    /// curly `“…”`; nil when it is not so wrapped, when nothing is inside, or when another such quote is inside
    /// (`"东"区"西"`), where the quotes are part of the text.
    private static func withoutWrappingQuotes(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        guard scalars.count > 2, let first = scalars.first, let last = scalars.last,
              (first == "\"" && last == "\"") || (first == "\u{201C}" && last == "\u{201D}") else { return nil }
        let inner = scalars.dropFirst().dropLast()
        guard !inner.contains(where: { $0 == "\"" || $0 == "\u{201C}" || $0 == "\u{201D}" }) else { return nil }
        let text = trimmingWhitespace(String.UnicodeScalarView(inner))
        return text.isEmpty ? nil : text
    }

    /// `scalars` without the whitespace at either end, as Foundation's `trimmingCharacters(in: .whitespaces)` trims
    /// (tab and the space separators, general category Zs), without bridging to NSString on every value.
    private static func trimmingWhitespace(_ scalars: String.UnicodeScalarView) -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
        }
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }),
              let end = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// Only the ASCII digits of `value` (after full-width folding), e.g. `"138 0013-8000"` → `"13800138000"`.
    public static func digits(_ value: String) -> String {
        String(String.UnicodeScalarView(clean(value).unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }))
    }

    /// The integer written by a small Chinese numeral (`三` → 3, `十二` → 12, `二十五` → 25, `两` → 2), or nil.
    /// Formal numerals count too (`叁` → 3, `贰拾伍` → 25).
    private static let digitsByCharacter: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
        "六": 6, "七": 7, "八": 8, "九": 9,
        "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    ]

    /// Nil for empty text, unknown characters, or more than 9 characters (no house or member number is that long,
    /// and longer runs would overflow).
    public static func chineseNumber(_ text: String) -> Int? {
        let characters = Array(text)
        guard !characters.isEmpty, characters.count <= 9 else { return nil }
        var total = 0
        var current = 0
        var sawAny = false
        for character in characters {
            if let digit = digitsByCharacter[character] {
                current = current * 10 + digit
                sawAny = true
            } else if character == "十" || character == "拾" {
                total += (sawAny && current > 0 ? current : 1) * 10
                current = 0
                sawAny = true
            } else if character == "百" || character == "佰" {
                total += (current > 0 ? current : 1) * 100
                current = 0
                sawAny = true
            } else {
                return nil
            }
        }
        return sawAny ? total + current : nil
    }
}

import Foundation
import RongtongExtract
