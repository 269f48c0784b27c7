import RongtongConfig

/// A facility's capacity with its unit (`dwd_facility.capacity`, `capacity_unit`), read from text such as `120kW`,
/// `20个`, `2台`, `1.5 万吨` or a bare `500`.
///
/// 万 and 亿 scale the number and are not part of the unit; common unit spellings are made one (`KW`/`千瓦` → `kW`,
/// `kva`/`千伏安` → `kVA`, `m3`/`立方米` → `m³`, `㎡`/`平方米` → `m²`), others are kept as written. A remark in
/// brackets after the unit is dropped. Nil for no number, a negative number, or a second number in the unit
/// (`2台120kW`, `10-20个`), which the caller should reject rather than guess:
/// ```swift
/// Capacity.parse("1.5 万吨")  // Capacity(value: 15000, unit: "吨")
/// Capacity.parse("500")      // Capacity(value: 500, unit: nil)
/// ```
public struct Capacity: Sendable, Equatable {
    public let value: Double
    /// Nil when the text gave a bare number.
    public let unit: String?

    public init(value: Double, unit: String?) {
        self.value = value
        self.unit = unit
    }

    /// The capacity written in `text`, or nil (see the type's comment).
    public static func parse(_ text: String) -> Capacity? {
        var bytes = Array(TextCleaning.clean(text).utf8)
        bytes.removeAll { $0 == 0x20 }
        var start = 0
        for prefix in approximatePrefixes where bytes.starts(with: prefix) {
            start = prefix.count
            break
        }
        guard let (amount, end) = leadingAmount(bytes, from: start) else { return nil }
        var rest = String(decoding: bytes[end...], as: UTF8.self)
        var powerOfTen = 0
        if let first = rest.first, let scale = scales[first] {
            powerOfTen = scale
            rest.removeFirst()
        }
        let value: Double
        switch amount {
        case .decimal(let number): value = number.value(timesPowerOfTen: powerOfTen)
        case .whole(let number): value = Double(number) * pow10(powerOfTen)
        }
        rest = withoutBracketedRemark(rest)
        guard value.isFinite, value >= 0 else { return nil }
        if rest.isEmpty { return Capacity(value: value, unit: nil) }
        let unit = canonicalUnits[rest.lowercased()] ?? rest
        guard !unit.utf8.contains(where: DecimalText.isDigit) else { return nil }
        return Capacity(value: value, unit: unit)
    }

    /// This capacity read in `unit` when it has no unit of its own (a bare `120` under `units: {capacity: kW}` or
    /// a record's `capacity_unit`); a unit in the value wins. `万` or `亿` before the unit scale the number
    /// (`万千瓦`). Nil when `unit` is not a unit word (empty, or holding a number).
    public func inUnit(_ unit: String) -> Capacity? {
        // The units `units:` accepts, no others: a record's `kWW` is as wrong as the source's.
        guard CapacityUnit.declared(unit) != nil else { return nil }
        // `1` before the unit reads it as a value would; anything but 1, 10⁴ or 10⁸ means a digit joined it (`2台`).
        guard let scale = Capacity.parse("1" + unit), let word = scale.unit, [1, 1e4, 1e8].contains(scale.value) else { return nil }
        return self.unit == nil ? Capacity(value: value * scale.value, unit: word) : self
    }

    private enum Amount {
        case decimal(DecimalText)
        case whole(Int)
    }

    /// A leading ASCII decimal, or a leading small Chinese numeral (`两台`, `二十个`).
    private static func leadingAmount(_ bytes: [UInt8], from start: Int) -> (Amount, Int)? {
        if let number = DecimalText.read(bytes, at: start) {
            return (.decimal(number), number.end)
        }
        let rest = String(decoding: bytes[start...], as: UTF8.self)
        var numeral = ""
        var byteCount = 0
        for character in rest {
            guard chineseNumeralCharacters.contains(character) else { break }
            numeral.append(character)
            byteCount += character.utf8.count
        }
        // Capacities are small; a long run is not a numeral (and would overflow one).
        guard numeral.unicodeScalars.count <= 6, let number = TextCleaning.chineseNumber(numeral) else { return nil }
        return (.whole(number), start + byteCount)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    private static func withoutBracketedRemark(_ text: String) -> String {
        guard let open = text.firstIndex(where: { $0 == "(" || $0 == "[" || $0 == "【" || $0 == "〔" }),
              open != text.startIndex else { return text }
        return String(text[..<open])
    }

    private static let approximatePrefixes: [[UInt8]] = ["大约", "约", "共计", "共", "≈", "~"].map { Array($0.utf8) }
    private static let chineseNumeralCharacters: Set<Character> = [
        "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百",
    ]
    /// Powers of ten written as characters after a number.
    static let scales: [Character: Int] = ["万": 4, "亿": 8]
    static let canonicalUnits = CapacityUnit.spellings
}
