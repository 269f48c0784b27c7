import Foundation

/// A renovation project's planned start or end (`dwd_renovation_project.planned_start`, `planned_end`), from a day,
/// a month, or a construction period (建设周期) written in one cell.
///
/// - A day in any style `CalendarDate.parse` reads (`2023-04-01`, `2023年4月1日`).
/// - A month (`2023.03`, `2023-03`, `2023/3`, `2023年3月`, `2023年03月份`): the first day of the month for a start,
///   the last day for an end (`2024年6月` ends 2024-06-30, `2024.02` ends 2024-02-29).
/// - A period of two such dates (`2023.03-2024.06`, `2023年3月至2024年6月`, `2023-03至2024-06`, `2023.3～2024.6`,
///   `2023-04-01到2024-10-31`, joined by 至, 到, ～, ~, —, – or -): a start takes its first date, an end its second.
///   So `planned_start: 建设周期` and `planned_end: 建设周期` both read one column.
/// - A period whose end leaves out the year (`2023年2月-10月`, `2023年3月至12月`, `2023.3-12`, `2023年3-12月`,
///   `2023年3月1日至10月31日`): the end is in the start's year, or in the next one when its month comes before the
///   start's (`2023年10月-3月` ends 2024-03-31). A `-` between a month and a bare number is such a period only when the
///   start's own year and month are not joined by `-` too: `2023-03-12` is a day.
/// ```swift
/// ProjectPeriod.date("2023.03-2024.06", end: .finish)  // "2024-06-30"
/// ```
public enum ProjectPeriod {
    /// Which end of a period a field wants.
    public enum End: Sendable { case start, finish }

    /// The `YYYY-MM-DD` of `text` for `end`, or nil when it is no day, month or period of them.
    public static func date(_ text: String, end: End) -> String? {
        let cleaned = TextCleaning.clean(text).replacingOccurrences(of: " ", with: "")
        guard !cleaned.isEmpty else { return nil }
        if let (first, second) = split(cleaned) {
            return day(end == .start ? first : second, end: end)?.text
        }
        if let (start, finish) = periodWithoutEndYear(cleaned) {
            return (end == .start ? start : finish).text
        }
        return day(cleaned, end: end)?.text
    }

    /// The two ends of a period whose end leaves out the year (`2023年2月-10月` → 2023-02-01, 2023-10-31), or nil.
    static func periodWithoutEndYear(_ text: String) -> (CalendarDate, CalendarDate)? {
        for separator in ["至", "到", "～", "~", "—", "–", "－", "-"] where text.contains(separator) {
            guard let range = text.range(of: separator, options: .backwards) else { continue }
            let first = String(text[..<range.lowerBound]), second = String(text[range.upperBound...])
            guard !first.isEmpty, !second.isEmpty, let start = day(first, end: .start) else { continue }
            // The end: a month (`10月`, `12`, `10月份`) or a month and day (`10月31日`), no year of its own.
            let digits = second.filter(\.isASCIIDigit)
            guard second.first?.isASCIIDigit == true, !second.contains("年"),
                  second.allSatisfy({ $0.isASCIIDigit || "月日号份.-/".contains($0) }),
                  second.split(whereSeparator: { !$0.isASCIIDigit }).allSatisfy({ $0.count <= 2 }), digits.count <= 4
            else { continue }
            // `2023-03-12` is a day, not March to December: a `-` period needs a start not itself joined by `-`.
            if separator == "-", first.contains("-"), !second.contains("月") { continue }
            let monthDay = second.split(whereSeparator: { !$0.isASCIIDigit }).compactMap { Int($0) }
            guard let month = monthDay.first, (1...12).contains(month), monthDay.count <= 2 else { continue }
            var year = start.year
            if month < start.month { year += 1 }
            let finish: CalendarDate?
            if monthDay.count == 2 {
                finish = CalendarDate(year: year, month: month, day: monthDay[1])
            } else {
                finish = day("\(year)年\(month)月", end: .finish)
            }
            guard let finish, start <= finish else { continue }
            return (start, finish)
        }
        return nil
    }

    /// The two dates of a period, or nil when `text` is not two dates joined by a separator.
    static func split(_ text: String) -> (String, String)? {
        for separator in ["至", "到", "～", "~", "—", "–", "－"] where text.contains(separator) {
            let parts = text.components(separatedBy: separator).filter { !$0.isEmpty }
            if parts.count == 2, day(parts[0], end: .start) != nil, day(parts[1], end: .finish) != nil {
                return (parts[0], parts[1])
            }
        }
        // `-` also joins a date's own parts (`2023-03-01-2024-06-30`): the one place where both sides are dates.
        let characters = Array(text)
        var candidate: (String, String)?
        for (index, character) in characters.enumerated() where character == "-" && index > 0 && index < characters.count - 1 {
            let first = String(characters[..<index]), second = String(characters[(index + 1)...])
            if day(first, end: .start) != nil, day(second, end: .finish) != nil {
                guard candidate == nil else { return nil }  // two readings: none is sure
                candidate = (first, second)
            }
        }
        return candidate
    }

    /// A day, or a month read as its first or last day.
    static func day(_ text: String, end: End) -> CalendarDate? {
        if let month = month(text) {
            guard end == .finish else { return CalendarDate(year: month.year, month: month.month, day: 1) }
            return (28...31).reversed().lazy.compactMap { CalendarDate(year: month.year, month: month.month, day: $0) }.first
        }
        // A day: four-digit year first, then month and day, nothing before the year, and one way of joining them: a
        // `-` beside 年, 月, `.` or `/` (`2023年2月-13月`), or a period's separator, is a period misread, not a day.
        let datePart = text.prefix { $0 != " " && $0 != "T" }
        if datePart.contains(where: { "至到～~—–－".contains($0) })
            || (datePart.contains("-") && datePart.contains(where: { "年月日./".contains($0) })) { return nil }
        guard let first = text.first, first.isASCIIDigit, let date = CalendarDate.parse(text), (1900...2100).contains(date.year) else { return nil }
        return date
    }

    /// `2023.03`, `2023-3`, `2023/03`, `2023年3月`, `2023年03月份`: year and month, nothing else.
    static func month(_ text: String) -> (year: Int, month: Int)? {
        var characters = Substring(text)
        for suffix in ["月份", "月"] where characters.hasSuffix(suffix) {
            characters = characters.dropLast(suffix.count)
            break
        }
        guard let separator = characters.firstIndex(where: { "年.-/".contains($0) }) else { return nil }
        let yearText = characters[..<separator], monthText = characters[characters.index(after: separator)...]
        guard yearText.count == 4, (1...2).contains(monthText.count),
              yearText.allSatisfy(\.isASCIIDigit), monthText.allSatisfy(\.isASCIIDigit),
              let year = Int(yearText), let month = Int(monthText),
              (1900...2100).contains(year), (1...12).contains(month) else { return nil }
        return (year, month)
    }
}
