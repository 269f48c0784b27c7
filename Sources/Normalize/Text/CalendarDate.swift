import Foundation

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
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func today(_ now: Date) -> CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!, from: now)
        return CalendarDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)!
    }

    /// Parses `2023-10-31`, `2023/10/31`, `2023.10.31`, `20231031`, `2023年10月31日` (a time after the day is
    /// ignored), Excel serial day numbers (`45230`) and Unix epoch milliseconds. Nil when none fits.
    public static func parse(_ text: String) -> CalendarDate? {
        let cleaned = TextCleaning.clean(text)
        guard !cleaned.isEmpty else { return nil }
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
            if length == 8 {
                return CalendarDate(year: only / 10000, month: only / 100 % 100, day: only % 100)
            }
            if length == 13 || length == 10 {
                let seconds = length == 13 ? Double(only) / 1000 : Double(only)
                return today(Date(timeIntervalSince1970: seconds))
            }
            if (3...6).contains(length), (20000...80000).contains(only), !cleaned.contains("年") {
                // Excel's serial day number: day 1 is 1900-01-01 with the 1900 leap-year bug, so day 0 is 1899-12-30.
                return today(Date(timeIntervalSince1970: Double(only - 25569) * 86400 + 43200))
            }
            return nil
        }
        guard numbers.count >= 3, digitRunLengths[0] == 4 else { return nil }
        return CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2])
    }
}
