import RongtongConfig

/// An amount of money in yuan (`dwd_renovation_project.investment_yuan`), from `123.4万`, `1.2亿`, `1,234元`.
///
/// The number may carry thousands commas, a currency sign (`¥`, `￥`, `RMB`, `人民币`) or `约` before it, and one
/// unit after it: 元, 万/万元, 亿/亿元, 千元, 百万/百万元, 千万/千万元 (or none: yuan). Scaling is exact in decimal
/// (`123.4万` is exactly 1234000). A remark in brackets after the unit, or after a bare number, is ignored. Nil for anything else,
/// including negative amounts and amounts with unknown units:
/// ```swift
/// Money.parse("12.5万元")  // 125000
/// ```
public enum Money {
    /// The amount in yuan, or nil (see the type's comment).
    public static func parse(_ text: String) -> Double? {
        parse(text, declaredUnit: nil)
    }

    /// The amount in yuan of `text` read under a column whose name declares a unit (`总投资(万元)`,
    /// `投资额（亿元）`, `投资万元`): a bare number takes that unit, also with a remark after it (`860（含配套）`);
    /// a number with its own unit keeps it.
    public static func parse(_ text: String, column: String?) -> Double? {
        parse(text, declaredUnit: column.flatMap(declaredUnit))
    }

    /// The amount in yuan of `text` whose bare number is in `unit` (a record's unit field, a source's
    /// `units: {investment: 万元}`); a number with its own unit keeps it. Nil also when `unit` is no money unit.
    public static func parse(_ text: String, unit: String) -> Double? {
        guard isUnit(unit) else { return nil }
        return parse(text, declaredUnit: KeywordMatcher<Double>.fold(unit).replacingOccurrences(of: " ", with: ""))
    }

    /// Whether `word` is a money unit (`万元`, `亿`, `元`, `CNY`).
    public static func isUnit(_ word: String) -> Bool {
        MoneyUnit.powerOfTen(KeywordMatcher<Double>.fold(word).replacingOccurrences(of: " ", with: "")) != nil
    }

    private static func parse(_ text: String, declaredUnit: String?) -> Double? {
        var bytes = Array(KeywordMatcher<Double>.fold(text).utf8)
        bytes.removeAll { $0 == 0x20 }
        var start = 0
        for prefix in prefixes where bytes[start...].starts(with: prefix) {
            start += prefix.count
        }
        guard let number = DecimalText.read(bytes, at: start) else { return nil }
        var unit = String(decoding: bytes[number.end...], as: UTF8.self)
        if let open = unit.firstIndex(where: { $0 == "(" || $0 == "[" || $0 == "【" }) {
            // A remark in brackets (`（含配套）`) is dropped; brackets right after the number that name a unit or
            // currency (`860(万元)`, `860(美元)`) are not a remark, and stay to be refused as an unknown unit.
            let remark = unit[unit.index(after: open)...]
            if open != unit.startIndex || !(remark.contains("元") || units[String(remark.dropLast())] != nil) {
                unit = String(unit[..<open])
            }
        }
        // A number with a unit of its own (`5600000元`, `1.2亿`) does not take the column's.
        if unit.isEmpty, let declaredUnit { unit = declaredUnit }
        guard let powerOfTen = units[unit] else { return nil }
        let value = number.value(timesPowerOfTen: powerOfTen)
        guard value.isFinite else { return nil }
        return value
    }

    /// The money unit a column name declares, in brackets or at its end; nil for none or plain 元.
    ///
    /// The unit may be bracketed, also after `单位：` (`总投资(万元)`, `总投资【万元】`, `总投资（单位：万元）`, `总投资(万)`,
    /// `总投资（亿）`), written after a slash or a space (`总投资/万元`, `总投资 万元`), or end the name (`投资万元`). A bare
    /// `万` or `亿` ending the name with nothing before it counts only in brackets or after a separator: `总投资万` is no
    /// usual header. A bracket naming something else (`(含配套)`, `(万元/户)`) declares nothing.
    static func declaredUnit(_ column: String) -> String? {
        guard let unit = writtenUnit(column), let power = MoneyUnit.powerOfTen(unit), power > 0 else { return nil }
        return unit
    }

    /// Whether a column name declares its money unit, plain 元 included (`总投资（元）`): such a column's own unit comes
    /// before a units row's.
    static func namesItsUnit(_ column: String) -> Bool { writtenUnit(column) != nil }

    /// The money unit a column name writes (see `declaredUnit`), 元 included.
    private static func writtenUnit(_ column: String) -> String? {
        var name = HeaderKey.fold(column)
        // Trailing bracketed parts, last first: the first that is a money unit (also after 单位:) declares it.
        while name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            var inner = Substring(name[name.index(after: open)..<name.index(before: name.endIndex)])
            for label in ["单位:", "单位", "金额单位:", "币种:"] where inner.hasPrefix(label) {
                inner = inner.dropFirst(label.count)
                break
            }
            if MoneyUnit.powerOfTen(String(inner)) != nil { return String(inner) }
            name = String(name[..<open])
        }
        // After a slash, or a space that folding removed: `总投资/万元`, `总投资 万元` (`投资万元` also ends so).
        let spaced = column.trimmingCharacters(in: .whitespaces)
        for unit in ["千万元", "百万元", "千元", "万元", "亿元", "千万", "百万", "万", "亿"] {
            let separated = name.hasSuffix("/" + unit) || spaced.hasSuffix(" " + unit) || spaced.hasSuffix("\u{3000}" + unit)
            if separated || (unit.hasSuffix("元") && name.hasSuffix(unit) && name.count > unit.count) { return unit }
        }
        return nil
    }

    /// Written before the number, in this order (`约¥1,234`).
    private static let prefixes: [[UInt8]] = ["大约", "约", "共计", "合计", "人民币", "rmb", "¥", "￥"].map { Array($0.utf8) }
    private static let units: [String: Int] = MoneyUnit.powersOfTen.merging(["": 0]) { old, _ in old }
}
