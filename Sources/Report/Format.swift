import Foundation

/// How numbers, shares and durations read in the report: locale-independent, so the file is the same everywhere.
enum Format {
    /// `12345` → `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `part` of `whole` as a whole percentage, e.g. `39%`; `–` when `whole` is 0.
    static func share(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        return "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }

    /// `3 s`, `2 min 5 s`, `1 h 02 min`.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded()))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        let minutes = (total % 3600) / 60
        return "\(total / 3600) h \(minutes < 10 ? "0" : "")\(minutes) min"
    }

    /// An SVG coordinate with at most one decimal.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
