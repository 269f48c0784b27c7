import Foundation

/// The year a compound or facility was built (`built_year`), from the ways surveys write it.
///
/// Reads `1995`, `1995年`, `1995-06`, `19950601`, `95年`, `二〇〇三年`, `一九九五`, decades (`90年代` → 1990,
/// `1990s` → 1990, `上世纪80年代` → 1980, `八十年代` → 1980) and decades with a part: early `初/前期/早期` → the
/// decade's year 1, middle `中/中期` → year 5, late `末/后期/晚期` → year 8 (`90年代初` → 1991, `90年代末` → 1998).
/// A two-digit decade is taken as 2000s/2010s for `00`/`10` and as 19xx otherwise, unless `上世纪`/`20世纪` says so.
/// Nil unless the result lies in 1900...the current year (China time), so `2035` or `1850` is rejected:
/// ```swift
/// BuiltYear.parse("90年代中")  // 1995
/// ```
public enum BuiltYear {
    /// The year written in `text`, or nil (see the type's comment).
    public static func parse(_ text: String) -> Int? {
        let scalars = Array(KeywordMatcher<Int>.fold(text).unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        let year = isDecade(scalars) ? decadeYear(scalars) : writtenYear(scalars)
        guard let year, (1900...currentYear).contains(year) else { return nil }
        return year
    }

    /// The current year in China, fixed when first asked for (a run does not outlive a new year's eve by much).
    static let currentYear: Int = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        return calendar.component(.year, from: Date())
    }()

    // MARK: Decades

    private static func isDecade(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars.last == "s" || firstIndex(of: ["年", "代"], in: scalars) != nil
    }

    private static func decadeYear(_ scalars: [Unicode.Scalar]) -> Int? {
        if let marker = firstIndex(of: ["年", "代"], in: scalars) {
            guard let decade = decade(endingAt: marker, in: scalars) else { return nil }
            return decade + partOffset(scalars[(marker + 2)...])
        }
        // 1990s, 90s, 1990's
        guard scalars.last == "s" else { return nil }
        var end = scalars.count - 1
        if end > 0, scalars[end - 1] == "'" { end -= 1 }
        return decade(endingAt: end, in: scalars)
    }

    /// The first year of the decade whose number ends just before `end`.
    private static func decade(endingAt end: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var start = end
        while start > 0, isASCIIDigit(scalars[start - 1]) { start -= 1 }
        if start < end {
            guard end - start <= 4 else { return nil }
            let number = asciiNumber(scalars[start..<end])
            switch end - start {
            case 4: return number % 10 == 0 ? number : nil
            case 2: return twoDigitDecade(number, prefix: scalars[..<start])
            default: return nil
            }
        }
        while start > 0, decadeNumerals.contains(scalars[start - 1]) { start -= 1 }
        guard start < end, end - start <= 4,
              let number = TextCleaning.chineseNumber(String(String.UnicodeScalarView(scalars[start..<end]))) else {
            return nil
        }
        return twoDigitDecade(number, prefix: scalars[..<start])
    }

    private static func twoDigitDecade(_ number: Int, prefix: ArraySlice<Unicode.Scalar>) -> Int? {
        guard (0...90).contains(number), number % 10 == 0 else { return nil }
        switch century(prefix) {
        case 1900?: return 1900 + number
        case 2000?: return 2000 + number
        default: return number < 20 ? 2000 + number : 1900 + number
        }
    }

    /// 1900 for 上世纪/上个世纪/20世纪/二十世纪, 2000 for 本世纪/21世纪/二十一世纪, written before a decade.
    private static func century(_ prefix: ArraySlice<Unicode.Scalar>) -> Int? {
        guard let marker = firstIndex(of: ["世", "纪"], in: Array(prefix)).map({ $0 + prefix.startIndex }) else {
            return nil
        }
        let before = prefix[prefix.startIndex..<marker]
        if before.last == "上" || before.suffix(2).elementsEqual(["上", "个"]) { return 1900 }
        if before.last == "本" || before.suffix(2).elementsEqual(["2", "1"])
            || before.suffix(3).elementsEqual(["二", "十", "一"]) { return 2000 }
        if before.suffix(2).elementsEqual(["2", "0"]) || before.suffix(2).elementsEqual(["二", "十"]) { return 1900 }
        return nil
    }

    /// Years into the decade meant by the word after 年代 (`初` 1, `中` 5, `末` 8; none 0).
    private static func partOffset(_ rest: ArraySlice<Unicode.Scalar>) -> Int {
        for scalar in rest where scalar != "的" {
            switch scalar {
            case "初", "早", "前": return 1
            case "中": return 5
            case "末", "后", "晚", "尾": return 8
            default: return 0
            }
        }
        return 0
    }

    // MARK: Years

    private static func writtenYear(_ scalars: [Unicode.Scalar]) -> Int? {
        if let start = scalars.firstIndex(where: isASCIIDigit) {
            var end = start
            while end < scalars.count, isASCIIDigit(scalars[end]) { end += 1 }
            guard end - start <= 8 else { return nil }
            let number = asciiNumber(scalars[start..<end])
            switch end - start {
            case 4: return number
            case 6 where (1...12).contains(number % 100): return number / 100
            case 8 where CalendarDate(year: number / 10000, month: number / 100 % 100, day: number % 100) != nil:
                return number / 10000
            case 2 where end < scalars.count && scalars[end] == "年": return twoDigitYear(number)
            default: return nil
            }
        }
        guard let start = scalars.firstIndex(where: { chineseDigits[$0] != nil }) else { return nil }
        var end = start
        var number = 0
        while end < scalars.count, end - start < 8, let digit = chineseDigits[scalars[end]] {
            number = number * 10 + digit
            end += 1
        }
        switch end - start {
        case 4: return number
        case 2 where end < scalars.count && scalars[end] == "年": return twoDigitYear(number)
        default: return nil
        }
    }

    /// `95年` is 1995 and `03年` is 2003: a two-digit year not after this year's is this century's.
    private static func twoDigitYear(_ number: Int) -> Int {
        number <= currentYear % 100 ? 2000 + number : 1900 + number
    }

    // MARK: Characters

    private static func asciiNumber(_ digits: ArraySlice<Unicode.Scalar>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    private static func firstIndex(of pair: [Unicode.Scalar], in scalars: [Unicode.Scalar]) -> Int? {
        guard scalars.count >= 2 else { return nil }
        for index in 0..<(scalars.count - 1) where scalars[index] == pair[0] && scalars[index + 1] == pair[1] {
            return index
        }
        return nil
    }

    private static let chineseDigits: [Unicode.Scalar: Int] = [
        "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let decadeNumerals: Set<Unicode.Scalar> = ["〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
}
