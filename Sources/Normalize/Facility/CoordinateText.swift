import Foundation

/// Coordinates as feeds write them: decimal degrees (`26.582477`), degrees-minutes-seconds (`106°42′54.1″`,
/// `26°35'26.6"`, `106度42分54.1秒`, with an optional `N`/`E`/`北纬`/`东经`, and `S`/`W`/`南纬`/`西经` negative), and both
/// in one cell (`106.708820,26.582477`, `26.24363，105.93362`, `26.24363 105.93362`), also as a GeoJSON position
/// (`[106.708820,26.582477]`), in parentheses (`(26.582477,106.708820)`) or as a WKT point
/// (`POINT(106.708820 26.582477)`, `SRID=4326;POINT(…)`).
///
/// ```swift
/// CoordinateText.degrees("106°42′54.1″")          // 106.71502777…
/// CoordinateText.pair("106.708820,26.582477")      // (lat: 26.582477, lon: 106.70882)
/// ```
public enum CoordinateText {
    /// The value in decimal degrees, or nil when the text is neither decimal degrees nor degrees, minutes and
    /// seconds (minutes and seconds below 60).
    public static func degrees(_ text: String) -> Double? {
        var value = TextCleaning.clean(text).trimmingCharacters(in: .whitespaces)
        var sign = 1.0
        for (mark, markSign) in hemispheres {
            if value.hasPrefix(mark) {
                value = String(value.dropFirst(mark.count)).trimmingCharacters(in: .whitespaces)
                sign = markSign
                break
            }
            if value.hasSuffix(mark) {
                value = String(value.dropLast(mark.count)).trimmingCharacters(in: .whitespaces)
                sign = markSign
                break
            }
        }
        if let decimal = Double(value), decimal.isFinite { return sign * decimal }
        // Degrees, minutes, seconds: numbers each followed by its mark, in that order.
        var parts: [Double] = []
        var number = ""
        var nextUnit = 0
        for character in value {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                continue
            }
            if character.isWhitespace, number.isEmpty { continue }
            // A second mark written as two apostrophes (`54.1''`): the first marks the seconds, the second is skipped.
            if character == "'", number.isEmpty, nextUnit == 3 { continue }
            let unit = character == "'" && nextUnit == 2 ? 2 : units[character]
            guard let unit, unit >= nextUnit, let read = Double(number) else { return nil }
            while parts.count < unit { parts.append(0) }
            parts.append(read)
            number = ""
            nextUnit = unit + 1
        }
        if !number.isEmpty {
            // A last number without its mark is the next unit (106°42′54.1).
            guard let read = Double(number), nextUnit > 0, nextUnit <= 2 else { return nil }
            parts.append(read)
        }
        guard let degrees = parts.first, parts.count <= 3, parts.count >= 2 || value.contains(where: { units[$0] == 0 }),
              parts.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let minutes = parts.count > 1 ? parts[1] : 0, seconds = parts.count > 2 ? parts[2] : 0
        return sign * (degrees + minutes / 60 + seconds / 3600)
    }

    /// A latitude and a longitude written in one cell, in either order, or nil when the cell does not hold two
    /// readable values. Which is which is decided by range: a value beyond ±90 is the longitude; else a pair that
    /// lies in Guizhou one way round is read that way; else the first is the latitude. A GeoJSON position or a WKT
    /// point (both longitude first) is read by the same rule: in China the longitude is beyond 90.
    public static func pair(_ text: String) -> (lat: Double, lon: Double)? {
        let cleaned = unwrapped(TextCleaning.clean(text))
        var parts = cleaned.split(whereSeparator: { ",，;；、/|".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if parts.count != 2 {
            parts = cleaned.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        }
        guard parts.count == 2, let first = degrees(parts[0]), let second = degrees(parts[1]) else { return nil }
        if abs(first) > 90, abs(second) <= 90 { return (second, first) }
        if abs(second) > 90, abs(first) <= 90 { return (first, second) }
        if CoordinateTransform.isPlausibleGuizhou(lat: second, lon: first),
           !CoordinateTransform.isPlausibleGuizhou(lat: first, lon: second) {
            return (second, first)
        }
        return (first, second)
    }

    /// The two values inside a GeoJSON position's brackets (`[106.7,26.5]`), parentheses (`(26.5,106.7)`) or a WKT
    /// point (`POINT(106.7 26.5)`, `point (106.7 26.5)`, after an optional `SRID=4326;`); the text as it is otherwise.
    /// A position with an altitude (`[106.7,26.5,1071.3]`, `POINT Z (106.7 26.5 1071.3)`, `POINT ZM (…)`) gives its
    /// first two values, longitude and latitude, as GeoJSON and WKT order them.
    public static func unwrapped(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.uppercased().hasPrefix("SRID="), let semicolon = text.firstIndex(of: ";") {
            text = text[text.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
        }
        var dimensions = 2
        if text.uppercased().hasPrefix("POINT") {
            var rest = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
            // POINT Z, POINTZ, POINT M, POINT ZM: the letters say how many values each position holds.
            let letters = rest.prefix { $0 == "Z" || $0 == "M" || $0 == "z" || $0 == "m" }
            if !letters.isEmpty {
                dimensions += letters.count
                rest = rest.dropFirst(letters.count).trimmingCharacters(in: .whitespaces)
            }
            guard rest.hasPrefix("(") else { return text }
            text = rest
        }
        for (open, close) in [("[", "]"), ("(", ")"), ("（", "）")] where text.hasPrefix(open) && text.hasSuffix(close) {
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            let values = inner.split(whereSeparator: { $0 == "," || $0 == "，" || $0.isWhitespace })
            // An altitude (and a measure) after the two degrees: a position of three or four values, when its
            // wrapper allows them (a GeoJSON or parenthesised list, or a WKT point that said Z or M).
            if values.count == 3 || values.count == 4, open == "[" || dimensions == values.count || dimensions == 2,
               values.allSatisfy({ Double($0) != nil }) {
                return values[0] + "," + values[1]
            }
            return inner
        }
        return text
    }

    private static let hemispheres: [(String, Double)] = [
        ("北纬", 1), ("东经", 1), ("南纬", -1), ("西经", -1), ("N", 1), ("E", 1), ("S", -1), ("W", -1),
        ("n", 1), ("e", 1), ("s", -1), ("w", -1),
    ]

    /// Degree, minute and second marks: 0, 1, 2.
    private static let units: [Character: Int] = [
        "°": 0, "º": 0, "度": 0, "˚": 0,
        "′": 1, "'": 1, "’": 1, "‘": 1, "分": 1,
        "″": 2, "\"": 2, "”": 2, "“": 2, "秒": 2,
    ]
}
