import Foundation

/// The unit words of amounts of money: a word → the power of ten of yuan it stands for (`万元` is 10⁴ yuan).
///
/// One table for the amounts written in a value (`123.4万`), a record's unit field (`investment_unit`) and a
/// source's declaration (`units: {investment: 万元}`):
/// ```swift
/// MoneyUnit.powerOfTen("万元")  // 4
/// ```
public enum MoneyUnit {
    /// The units a declaration is suggested to use, smallest first.
    public static let usual = ["元", "千元", "万元", "百万元", "千万元", "亿元"]

    /// The power of ten of `word` (ASCII compared ignoring case), or nil when it is no money unit.
    public static func powerOfTen(_ word: String) -> Int? {
        powersOfTen[word.trimmingCharacters(in: .whitespaces).lowercased()]
    }

    /// Unit word (lowercased) → power of ten of yuan.
    public static let powersOfTen: [String: Int] = [
        "元": 0, "yuan": 0, "rmb": 0, "cny": 0, "元整": 0,
        "千元": 3, "万": 4, "万元": 4, "百万": 6, "百万元": 6, "千万": 7, "千万元": 7, "亿": 8, "亿元": 8,
        // `整` after a unit (`120万元整`, as a cheque or an invoice writes it) says the amount is whole: the unit.
        "千元整": 3, "万元整": 4, "百万元整": 6, "千万元整": 7, "亿元整": 8,
    ]
}

/// The unit words of facility capacities: common spellings made one (`KW`/`千瓦` → `kW`, `立方米` → `m³`).
///
/// A capacity written in a value may carry any unit word (`20个`, `30盏`); a source's declaration
/// (`units: {capacity: kW}`) is held to the known spellings or a Chinese measure word, so that a typo in the
/// pipeline file does not label every record of the feed:
/// ```swift
/// CapacityUnit.declared("万千瓦")  // (powerOfTen: 4, unit: "kW")
/// ```
public enum CapacityUnit {
    /// Spelling (lowercased) → the unit as stored.
    public static let spellings: [String: String] = [
        "kw": "kW", "千瓦": "kW", "w": "W", "瓦": "W", "mw": "MW", "兆瓦": "MW",
        "kva": "kVA", "千伏安": "kVA", "mva": "MVA", "兆伏安": "MVA", "kv": "kV", "千伏": "kV", "kwh": "kWh",
        "千瓦时": "kWh", "mwh": "MWh", "兆瓦时": "MWh",
        "m3": "m³", "m³": "m³", "立方米": "m³", "立方": "m³", "m2": "m²", "m²": "m²", "㎡": "m²", "平方米": "m²",
        "平米": "m²", "平方": "m²",
    ]

    /// The units as stored, for messages.
    public static let usual = ["kW", "W", "MW", "kVA", "MVA", "kV", "kWh", "MWh", "m³", "m²"]

    /// A declared capacity unit: an optional `万` or `亿` (scaling the numbers), then a known spelling or a
    /// Chinese measure word of up to four characters (`个`, `台`, `盏`, `车位`). Nil for anything else.
    public static func declared(_ text: String) -> (powerOfTen: Int, unit: String)? {
        var word = Substring(text.trimmingCharacters(in: .whitespaces))
        var powerOfTen = 0
        if word.count > 1, let first = word.first, let scale = ["万": 4, "亿": 8][first] {
            powerOfTen = scale
            word = word.dropFirst()
        }
        if let unit = spellings[word.lowercased()] { return (powerOfTen, unit) }
        let isMeasureWord = !word.isEmpty && word.count <= 4
            && word.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
        return isMeasureWord ? (powerOfTen, String(word)) : nil
    }
}

extension EntityKind {
    /// The canonical fields whose bare numbers a source may give a unit under `units:`.
    public var unitFields: [String] {
        switch self {
        case .household: return []
        case .facility: return ["capacity"]
        case .compound: return ["investment"]
        }
    }
}
