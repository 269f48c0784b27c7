import Foundation
import RongtongConfig

/// A calendar day, parsed from the date styles feeds use and written as `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Equatable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the day exists (leap years included).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public var text: String {
        var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 10)
        func put(_ value: Int, at start: Int, width: Int) {
            var rest = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                bytes[start + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, width: 4); put(month, at: 5, width: 2); put(day, at: 8, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The day `now` falls on in China Standard Time (UTC+8 all year, no daylight saving).
    static func today(_ now: Date) -> CalendarDate {
        day(of: now, secondsFromGMT: 8 * 3600)
    }

    /// China's clock as it was at each time (the `Asia/Shanghai` zone's historical rules): UTC+8, but UTC+9 in the
    /// summers of 1940–1949 and 1986–1991. Nil only where Foundation knows no such zone (then UTC+8).
    private static let chinaZone = TimeZone(identifier: "Asia/Shanghai")

    /// The day `instant` fell on on China's clock of the time (`chinaZone`): a Java or JavaScript export writes a
    /// day as its local midnight in epoch milliseconds, so `-709981200000` (1947-07-04 00:00 at UTC+9, summer
    /// time) is 1947-07-04, not the 1947-07-03 a fixed UTC+8 reads.
    static func chinaDay(_ instant: Date) -> CalendarDate {
        day(of: instant, secondsFromGMT: chinaZone?.secondsFromGMT(for: instant) ?? 8 * 3600)
    }

    /// The day `instant` falls on at `offset` seconds east of UTC.
    private static func day(of instant: Date, secondsFromGMT offset: Int) -> CalendarDate {
        // Days since 1970-01-01 at the offset, to a civil date (H. Hinnant's days_from_civil, inverted).
        let shifted = Int(((instant.timeIntervalSince1970 + Double(offset)) / 86_400).rounded(.down)) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDate(checkedYear: year, month: month, day: day)
    }

    /// For values computed from a real day (no validation).
    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2023-10-31`, `2023/10/31`, `2023.10.31`, `20231031`, `2023年10月31日` (a time after the day is
    /// ignored, unless it names its zone: then the day is Beijing's), `202310310800` and `20231031080000`
    /// (yyyyMMddHHmm, yyyyMMddHHmmss), Excel serial day numbers (`45230`, `45230.0`), Unix epoch timestamps, and
    /// Java's and JavaScript's `Date.toString()` (`Thu May 01 00:00:00 CST 1980`: `dateToString`).
    /// Nil when none fits (`problem(with:order:)` says why).
    ///
    /// A date whose 4-digit year comes last (`10/22/2023`, as Excel writes one under an English locale; `22/10/2023`)
    /// is read when its order is certain: a day over 12 (`10/22/2023` is month first, `22/10/2023` day first), or the
    /// same number twice (`10/10/2023`). Otherwise (`10/5/2023`) only under a declared `order` (`date_order:`), which
    /// then holds for every such date: under `mdy`, `22/10/2023` has no month 22 and is not read.
    ///
    /// A lone number is read by its count of digits: 8 is yyyyMMdd, never a timestamp; 12 is yyyyMMddHHmm when it
    /// is one (a real day and time, year 1890–2099), otherwise epoch milliseconds; 14 is yyyyMMddHHmmss; 9–13
    /// digits (with `-` before them for a day before 1970) are epoch seconds (9–10 digits) or milliseconds (11–13:
    /// `631152000000` is 1990-01-01, `-631152000000` is 1950-01-01), as the day on China's clock of the time
    /// (UTC+9 in the summers of 1940–49 and 1986–91: `-709981200000` is 1947-07-04). A timestamp is taken only
    /// when its day lies in `epochRange` (the days that make sense for the field, 1890–2099 unless the caller
    /// narrows it: no birth date after today); when the usual unit falls outside it and the other falls inside, the
    /// other is taken (a 10-digit value past the range is milliseconds of early 1970). A timestamp written as a
    /// decimal (`631152000000.0`, as pandas writes a column with gaps) is read by its whole part.
    /// ```swift
    /// CalendarDate.parse("631152000000")?.text   // "1990-01-01"
    /// CalendarDate.parse("199001011200")?.text   // "1990-01-01" (yyyyMMddHHmm)
    /// ```
    public static func parse(_ text: String, epochRange: ClosedRange<CalendarDate> = CalendarDate.epochRange,
                             order: DateOrder? = nil) -> CalendarDate? {
        var cleaned = TextCleaning.clean(text)
        guard !cleaned.isEmpty else { return nil }
        // An Excel serial day written as a decimal (`45230.0`, `45230.5` with the time of day): the day is the
        // whole part. So for a timestamp (`631152000000.0`, `1698710400.5`).
        if let dot = cleaned.firstIndex(of: ".") {
            let signed = cleaned.first == "-"
            let whole = cleaned[cleaned.index(cleaned.startIndex, offsetBy: signed ? 1 : 0)..<dot]
            if whole.allSatisfy(\.isASCIIDigit), cleaned[cleaned.index(after: dot)...].allSatisfy(\.isASCIIDigit),
               (!signed && whole.count == 5) || (9...13).contains(whole.count) {
                cleaned = String(cleaned[..<dot])
            }
        }
        if let zoned = zonedTimestamp(cleaned) { return zoned }
        if cleaned.first?.isLetter == true, let written = dateToString(cleaned) { return written }
        var numbers: [Int] = []
        var current = ""
        var digitRunLengths: [Int] = []
        for character in cleaned {
            if character.isASCII && character.isNumber {
                current.append(character)
            } else {
                if !current.isEmpty {
                    numbers.append(Int(current) ?? -1)
                    digitRunLengths.append(current.count)
                    current = ""
                }
                if character == " " || character == "T", numbers.count >= 3 { break }
            }
        }
        if !current.isEmpty {
            numbers.append(Int(current) ?? -1)
            digitRunLengths.append(current.count)
        }
        if numbers.count == 1, let only = numbers.first {
            let length = digitRunLengths[0]
            // A timestamp before 1970: the minus sign right before its digits, and nothing else.
            let negative = cleaned.utf8.first == UInt8(ascii: "-") && cleaned.utf8.count == length + 1
            if length == 8 {
                return CalendarDate(year: only / 10000, month: only / 100 % 100, day: only % 100)
            }
            if length == 12 || length == 14, !negative, let stamped = dateWithTime(only, digits: length) {
                return stamped
            }
            if (9...13).contains(length) {
                return epochDay(negative ? -only : only, digits: length, within: epochRange)
            }
            if (3...6).contains(length), (10000...80000).contains(only), !cleaned.contains("年") {
                // Excel's serial day number: day 1 is 1900-01-01 with the 1900 leap-year bug, so day 0 is 1899-12-30.
                // From 10000 (1927-05-18), so that elderly people's birth dates are read; a 4-digit number could
                // be a year.
                return today(Date(timeIntervalSince1970: Double(only - 25569) * 86400 + 43200))
            }
            return nil
        }
        guard numbers.count >= 3 else { return nil }
        if digitRunLengths[0] == 4 { return CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2]) }
        guard let (first, second, year) = yearLast(cleaned, numbers: numbers, runs: digitRunLengths),
              let (month, day) = monthAndDay(first, second, order: order) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The numbers of a date written with its 4-digit year last (`10/22/2023`, `22.10.2023`, `10-22-2023`): two numbers
    /// of one or two digits, then the year, and the text begins with the first. Nil for any other text.
    private static func yearLast(_ text: String, numbers: [Int], runs: [Int]) -> (Int, Int, year: Int)? {
        guard runs[0] <= 2, runs[1] <= 2, runs[2] == 4, text.first?.isASCIIDigit == true else { return nil }
        return (numbers[0], numbers[1], numbers[2])
    }

    /// The month and day of a year-last date's first two numbers: in the declared `order`, else in the only order
    /// that fits (a day over 12), else nil when both fit and differ.
    private static func monthAndDay(_ first: Int, _ second: Int, order: DateOrder?) -> (month: Int, day: Int)? {
        switch order {
        case .mdy: return (first, second)
        case .dmy: return (second, first)
        case nil:
            if first == second || (first <= 12 && second > 12) { return (first, second) }
            if second <= 12 && first > 12 { return (second, first) }
            return nil
        }
    }

    /// Why `parse` reads no date in `text` (given the source's `order`), as a clause for a message, without the
    /// value's numbers (a birth date is personal): `its day and month are both 12 or less …`.
    public static func problem(with text: String, order: DateOrder? = nil) -> String {
        let cleaned = TextCleaning.clean(text)
        var numbers: [Int] = []
        var runs: [Int] = []
        var current = ""
        for character in cleaned + " " {
            if character.isASCII && character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                numbers.append(Int(current) ?? -1)
                runs.append(current.count)
                current = ""
            }
        }
        if cleaned.first?.isLetter == true, let written = dateToStringProblem(cleaned) { return written }
        // `May 1, 1980`, `01-May-1980`: its numbers alone would tell a false story (a month but no day).
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december"]
        let words = cleaned.lowercased().split { !$0.isLetter }
        if words.contains(where: { word in word.count >= 3 && months.contains { $0.hasPrefix(word) } }) {
            return "its month is written as an English word, in a form not read (of such forms only Java's and JavaScript's Date.toString(), Thu May 01 00:00:00 CST 1980, is read); write the date as 2023-10-31"
        }
        let declare = "declare date_order: mdy (month first, as Excel writes under an English locale) or dmy on the source"
        if numbers.count >= 3, let (first, second, _) = yearLast(cleaned, numbers: numbers, runs: runs) {
            if let order {
                let (month, day) = monthAndDay(first, second, order: order) ?? (first, second)
                return month > 12 || month < 1
                    ? "under the source's date_order: \(order.rawValue) its month would be over 12"
                    : "its day \(day > 31 || day < 1 ? "is no day of a month" : "does not exist in its month")"
            }
            if first <= 12 && second <= 12 { return "its day and month are both 12 or less, so which comes first is unknown; \(declare)" }
            return first > 12 && second > 12 ? "neither of its first two numbers can be a month" : "its day does not exist in its month"
        }
        if numbers.count >= 3, runs[0] == 4 {
            if !(1...12).contains(numbers[1]) { return "there is no month \(numbers[1])" }
            return "its day does not exist in its month"
        }
        // `31/10/23`: the text starts with the day or month, and no 4-digit number elsewhere could be the year.
        if numbers.count >= 3, runs[0] <= 2, runs[1] <= 2, runs[2] == 2, cleaned.first?.isASCIIDigit == true, !runs.contains(4) {
            return "its year has 2 digits, which could be of any century (and it could be year first); write the year with 4 digits"
        }
        if numbers.count == 2, runs[0] == 4 || runs[1] == 4 { return "it names a month but no day" }
        return "it is none of the forms read (2023-10-31, 2023/10/31, 2023年10月31日, 20231031, 10/31/2023, an Excel day number such as 45230, Thu May 01 00:00:00 CST 1980)"
    }

    /// The days a timestamp may fall on when the caller knows no narrower range: 1890–2099.
    public static let epochRange = CalendarDate(checkedYear: 1890, month: 1, day: 1)...CalendarDate(checkedYear: 2099, month: 12, day: 31)

    /// The day of `value`, 12 digits yyyyMMddHHmm or 14 digits yyyyMMddHHmmss, when it is a real day and time in
    /// 1890–2099; nil otherwise (a 12-digit value is then epoch milliseconds).
    private static func dateWithTime(_ value: Int, digits: Int) -> CalendarDate? {
        let time = digits == 14 ? value % 1_000_000 : value % 10_000 * 100
        let day = digits == 14 ? value / 1_000_000 : value / 10_000
        let (hour, minute, second) = (time / 10_000, time / 100 % 100, time % 100)
        guard hour < 24, minute < 60, second < 60, (1890...2099).contains(day / 10_000) else { return nil }
        return CalendarDate(year: day / 10_000, month: day / 100 % 100, day: day % 100)
    }

    /// The China day (`chinaDay`: summer time of 1940–49 and 1986–91 included) of a Unix timestamp of `digits`
    /// digits: seconds for 9–10, milliseconds for 11–13; the other unit when only that one puts the day in `range`.
    /// Nil when neither does.
    private static func epochDay(_ value: Int, digits: Int, within range: ClosedRange<CalendarDate>) -> CalendarDate? {
        let units: [Double] = digits <= 10 ? [1, 1000] : [1000, 1]
        for unit in units {
            let day = chinaDay(Date(timeIntervalSince1970: Double(value) / unit))
            if range.contains(day) { return day }
        }
        return nil
    }

    /// The China day (`chinaDay`) of an ISO 8601 timestamp that names its zone (`1960-05-05T16:00:00Z` is 1960-05-06
    /// in Beijing; `2023-10-31T08:00:00+08:00` is 2023-10-31; `1947-07-03T15:00:00Z` is 1947-07-04, summer time); nil for any other text, including a time without a
    /// zone, which is read as a Beijing time (its day as written).
    static func zonedTimestamp(_ text: String) -> CalendarDate? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 17, scalars[10] == "T" || scalars[10] == " " else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                let code = scalars[index].value
                guard (0x30...0x39).contains(code) else { return nil }
                value = value * 10 + Int(code - 0x30)
            }
            return value
        }
        guard scalars[4] == "-", scalars[7] == "-", scalars[13] == ":",
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16) else { return nil }
        var index = 16
        var second = 0
        if index < scalars.count, scalars[index] == ":", let value = number(17..<19) {
            second = value
            index = 19
            if index < scalars.count, scalars[index] == "." {
                index += 1
                while index < scalars.count, (0x30...0x39).contains(scalars[index].value) { index += 1 }
            }
        }
        guard index < scalars.count else { return nil }
        var offset = 0
        switch scalars[index] {
        case "Z" where index == scalars.count - 1:
            offset = 0
        case "+", "-":
            let sign = scalars[index] == "-" ? -1 : 1
            let rest = scalars.count - index - 1
            guard rest == 5 || rest == 4 || rest == 2, let zoneHour = number((index + 1)..<(index + 3)) else { return nil }
            let zoneMinute = rest == 2 ? 0 : number((scalars.count - 2)..<scalars.count) ?? -1
            guard zoneMinute >= 0, rest != 5 || scalars[index + 3] == ":" else { return nil }
            offset = sign * (zoneHour * 3600 + zoneMinute * 60)
        default:
            return nil
        }
        guard CalendarDate(year: year, month: month, day: day) != nil, hour < 24, minute < 60, second < 61 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
        calendar.timeZone = zone
        guard let instant = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour,
                                                               minute: minute, second: second)) else { return nil }
        return chinaDay(instant)
    }
}
