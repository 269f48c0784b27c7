import Foundation

/// The day in a date as Java's and JavaScript's `Date.toString()` write it, which is what a Java or Node web system
/// sends when it serialises a date field without a format.
///
/// Java writes `EEE MMM dd HH:mm:ss zzz yyyy` (`Thu May 01 00:00:00 CST 1980`, `Sat Jan 15 08:30:00 GMT+08:00
/// 1955`); JavaScript writes `EEE MMM dd yyyy HH:mm:ss GMT+hhmm (zone name)` (`Thu May 01 1980 00:00:00 GMT+0800
/// (中国标准时间)`). The day read is the day on China's clock of the time (`chinaDay`), as for an ISO timestamp
/// naming its zone: `Wed Apr 30 16:00:00 UTC 1980` is 1980-05-01. Only zones whose offset is certain are read:
/// `CST` and `CDT` are China Standard and Daylight Time (UTC+8, UTC+9: the names a JVM set to Asia/Shanghai
/// writes), `GMT`, `UTC` and `GMT±hh:mm` / `GMT±hhmm` / `GMT±h`. Any other zone name leaves the value unread and
/// `dateToStringZoneProblem` says so.
extension CalendarDate {
    /// English month abbreviations, as both `toString()`s write them, in calendar order.
    static let englishMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let englishWeekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The written pieces of a `toString()` date, before its zone is judged.
    struct DateToStringParts {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        /// The zone as written: `CST`, `GMT+08:00`, `GMT+0800`.
        var zone: String
    }

    /// The China day of `text` when it is a Java or JavaScript `Date.toString()` date in a zone read; nil otherwise.
    /// ```swift
    /// CalendarDate.dateToString("Thu May 01 00:00:00 CST 1980")?.text   // "1980-05-01"
    /// ```
    static func dateToString(_ text: String) -> CalendarDate? {
        guard let parts = dateToStringParts(text), let offset = zoneOffset(parts.zone),
              CalendarDate(year: parts.year, month: parts.month, day: parts.day) != nil,
              let zone = TimeZone(secondsFromGMT: offset) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let instant = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day,
                                                               hour: parts.hour, minute: parts.minute, second: parts.second))
        else { return nil }
        return chinaDay(instant)
    }

    /// Why a value written in the `toString()` shape is not read, as a clause for a message; nil when `text` is not
    /// in that shape.
    static func dateToStringProblem(_ text: String) -> String? {
        guard let parts = dateToStringParts(text) else { return nil }
        if zoneOffset(parts.zone) == nil {
            return "it is a date as Java or JavaScript writes one (Date.toString()), but its time zone \(parts.zone) is not one whose offset is certain (CST, CDT, GMT, UTC, GMT+08:00 are read); write the date as 2023-10-31"
        }
        return "its day does not exist in its month"
    }

    /// The pieces of `text` when it has the shape of Java's or JavaScript's `Date.toString()`; nil otherwise.
    static func dateToStringParts(_ text: String) -> DateToStringParts? {
        var tokens = text.split(separator: " ").map(String.init)
        // JavaScript adds the zone's name in brackets, which may itself hold spaces (`(China Standard Time)`).
        if let open = tokens.firstIndex(where: { $0.hasPrefix("(") }), open == 6, tokens.last?.hasSuffix(")") == true {
            tokens.removeSubrange(open...)
        }
        guard tokens.count == 6, englishWeekdays.contains(tokens[0].lowercased()),
              let monthIndex = englishMonths.firstIndex(of: tokens[1].lowercased()),
              (1...2).contains(tokens[2].count), let day = Int(tokens[2]) else { return nil }
        let (time, zone, yearText): (String, String, String)
        if tokens[5].count == 4, tokens[5].allSatisfy(\.isASCIIDigit) {
            (time, zone, yearText) = (tokens[3], tokens[4], tokens[5])   // Java: … HH:mm:ss zzz yyyy
        } else {
            (time, yearText, zone) = (tokens[4], tokens[3], tokens[5])   // JavaScript: … yyyy HH:mm:ss GMT+hhmm
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard yearText.count == 4, let year = Int(yearText), clock.count == 3,
              clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              hour < 24, minute < 60, second < 61 else { return nil }
        return DateToStringParts(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute,
                                 second: second, zone: zone)
    }

    /// Seconds east of UTC of a zone as `toString()` writes it, when certain: nil for a name such as `PST` or `EST`.
    private static func zoneOffset(_ zone: String) -> Int? {
        switch zone.uppercased() {
        case "CST": return 8 * 3600
        case "CDT": return 9 * 3600
        case "GMT", "UTC", "Z": return 0
        default: break
        }
        let upper = zone.uppercased()
        guard upper.hasPrefix("GMT") || upper.hasPrefix("UTC") else { return nil }
        var rest = Substring(upper.dropFirst(3))
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        rest = rest.dropFirst()
        let digits = rest.filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCIIDigit), !digits.isEmpty, digits.count != 3, digits.count <= 4,
              !rest.contains(":") || (rest.count == 5 && rest[rest.index(rest.startIndex, offsetBy: 2)] == ":")
        else { return nil }
        guard let hours = Int(digits.count <= 2 ? digits : String(digits.prefix(2))),
              let minutes = digits.count <= 2 ? 0 : Int(digits.suffix(2)), hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
