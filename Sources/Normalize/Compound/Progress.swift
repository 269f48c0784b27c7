import RongtongConfig

/// Renovation progress as a ratio 0–1 (`dwd_renovation_project.progress`), from `45%`, `0.45`, `45` or words.
///
/// A number followed by `%` is a percentage; a bare number above 1 is read as a percentage too (`45` → 0.45,
/// so `1.5` → 0.015), and 0 and 1 are ratios, except in a column that says it is in percent (`完成进度（%）`, see
/// `declaresPercent`), where every bare number is a percentage (`1` → 0.01). Tenths as offices write them
/// (`四成` → 0.4, `七成五` → 0.75, `4成`, `完成八成`) are read. Without a number, 已完工/竣工/完成 mean 1 and 未开工 means 0;
/// 过半/完成过半/完成一半 mean 0.5 and 基本完工/基本完成/基本竣工 ("nearly finished", not finished) mean 0.9;
/// words that say only "not finished" (未完工, 在建, 主体完工) give nil, as does a negative number, a fraction (`1/2`)
/// or a result over 1. A number wins over words: `已完成45%` → 0.45. Words outside brackets win over a bracketed
/// remark (`在建（已完成主体）` says no number, it is not 已完成's 1), see `ProjectStatus.outsideBrackets`.
/// ```swift
/// Progress.parse("45%")  // 0.45
/// ```
public enum Progress {
    /// The ratio written in `text`, or nil (see the type's comment). `inPercent`: the column says its numbers are
    /// percentages, so a bare `1` is 1%, not a whole project.
    public static func parse(_ text: String, inPercent: Bool = false) -> Double? {
        let cleaned = KeywordMatcher<Double>.fold(text)
        guard !cleaned.isEmpty else { return nil }
        // Tenths (`四成`), unless a percentage is written too (`45%（约四成）`: the number wins).
        if cleaned.contains("成"), !cleaned.contains("%") {
            if let tenths = tenths(in: cleaned) { return tenths }
            // A number before 成 that is no tenth (`14成`) is no percentage either.
            let characters = Array(cleaned)
            if zip(characters, characters.dropFirst()).contains(where: { $0.isASCII && $0.isNumber && $1 == "成" }) { return nil }
        }
        let bytes = Array(cleaned.utf8)
        guard let start = bytes.firstIndex(where: DecimalText.isDigit) else {
            let outside = ProjectStatus.outsideBrackets(cleaned)
            guard let ratio = words.exactMatch(cleaned) ?? outside.flatMap(words.match) ?? words.match(cleaned),
                  ratio >= 0 else { return nil }
            return ratio
        }
        let numberStart = start > 0 && bytes[start - 1] == UInt8(ascii: ".") ? start - 1 : start
        if numberStart > 0, bytes[numberStart - 1] == UInt8(ascii: "-") { return nil }
        guard let number = DecimalText.read(bytes, at: numberStart) else { return nil }
        var next = number.end
        while next < bytes.count, bytes[next] == 0x20 { next += 1 }
        let isPercent = next < bytes.count && bytes[next] == UInt8(ascii: "%")
        if next < bytes.count, bytes[next] == UInt8(ascii: "/") { return nil }
        var ratio = number.value()
        if isPercent || inPercent || ratio > 1 { ratio = number.value(timesPowerOfTen: -2) }
        guard ratio.isFinite, (0...1).contains(ratio) else { return nil }
        return ratio
    }

    /// Whether `text`, in a column that says it is in percent (`完成进度（%）`), is a bare number between 0 and 1
    /// (`0.45`, `.8`, `0,45`): read as a percentage there (0.45%), as the column says, but most likely a fraction
    /// (45%) that Excel wrote for a cell formatted as a percentage, or a sheet that mixes the two. Only a whole cell
    /// of one number: `0.45%`, `约0.5` and `0` or `1` are no such fraction.
    public static func looksLikeFraction(_ text: String) -> Bool {
        let bytes = Array(KeywordMatcher<Double>.fold(text).utf8)
        guard let first = bytes.first, DecimalText.isDigit(first) || first == UInt8(ascii: "."),
              let number = DecimalText.read(bytes, at: 0), number.end == bytes.count else { return false }
        let value = number.value()
        return value > 0 && value < 1
    }

    /// Whether `text` gives its ratio by an approximate word only (过半 0.5, 基本完工 0.9), no number and no end:
    /// a lower bound, which a stored exact progress at or above it (60%) is kept over. Tenths (`六成`) are a number.
    public static func isApproximate(_ text: String) -> Bool {
        let cleaned = KeywordMatcher<Double>.fold(text)
        guard !cleaned.utf8.contains(where: DecimalText.isDigit), tenths(in: cleaned) == nil,
              let ratio = parse(text) else { return false }
        return ratio > 0 && ratio < 1
    }

    /// Whether a column's name, or the unit a units row writes under it, says its numbers are percentages: a `%`
    /// (or `％`) in brackets, after a slash or a space, or ending the name (`完成进度（%）`, `进度(%)`, `进度/%`,
    /// `完成进度%`, `(%)` and `单位：%` in a units row), or `百分比` in brackets (`完成进度（百分比）`).
    public static func declaresPercent(_ column: String) -> Bool {
        let folded = HeaderKey.fold(column)
        if folded == "%" || folded.hasSuffix("%") || folded.hasSuffix("%)") { return true }
        return folded.hasSuffix("(百分比)") || folded.hasSuffix("(百分数)") || folded.hasSuffix("(单位:%)")
    }

    /// Tenths as county offices write progress (`四成` 0.4, `两成` 0.2, `十成` 1, `4成`, `七成五` and `七成半` 0.75,
    /// `完成八成`, `约三成`): the first 成 right after a numeral of 1 to 10, or nil. 完成 and 建成 are no tenths.
    static func tenths(in cleaned: String) -> Double? {
        let characters = Array(cleaned)
        for (index, character) in characters.enumerated() where character == "成" && index > 0 {
            var start = index
            while start > 0, tenthNumerals.contains(characters[start - 1]) { start -= 1 }
            guard start < index, index - start <= 2 else { continue }
            let numeral = String(characters[start..<index])
            guard let count = Int(numeral) ?? TextCleaning.chineseNumber(numeral), (1...10).contains(count) else { continue }
            // A digit before the numeral (`14成`) makes it no tenth.
            if start > 0, characters[start - 1].isASCII, characters[start - 1].isNumber { continue }
            var ratio = Double(count) / 10
            if index + 1 < characters.count, count < 10 {
                let next = characters[index + 1]
                if next == "半" {
                    ratio += 0.05
                } else if let digit = Int(String(next)) ?? TextCleaning.chineseNumber(String(next)), (1...9).contains(digit),
                          !(index + 2 < characters.count && (characters[index + 2] == "成" || characters[index + 2].isNumber)) {
                    ratio += Double(digit) / 100
                }
            }
            return (ratio * 100).rounded() / 100
        }
        return nil
    }

    private static let tenthNumerals: Set<Character> = Set("一二两三四五六七八九十0123456789")

    /// Words for a whole project's state; -1 marks words that rule out both ends but say no number.
    static let words: KeywordMatcher<Double> = {
        var words: [String: Double] = [:]
        for word in ["已完工", "完工", "竣工", "已竣工", "完成", "已完成", "全部完成", "已验收", "竣工验收", "已交付",
                     "交付使用", "completed", "done"] {
            words[word] = 1
        }
        for word in ["未开工", "尚未开工", "未启动", "未实施", "拟开工", "待开工", "not started"] {
            words[word] = 0
        }
        // More than half done, but no number more exact than that.
        for word in ["过半", "已过半", "完成过半", "已完成过半", "过半完成", "完成一半", "已完成一半", "完成近半"] {
            words[word] = 0.5
        }
        // Nearly finished is not finished: 0.9, in progress.
        for word in ["基本完工", "基本完成", "基本竣工", "基本建成", "基本改造完成", "即将完工", "接近完工"] {
            words[word] = 0.9
        }
        for word in ["未完工", "未完成", "未竣工", "在建", "施工中", "进行中", "已开工", "建设中", "主体完工", "主体完成",
                     "完成主体", "已完成主体", "主体已完成", "主体竣工", "部分完工", "部分完成"] {
            words[word] = -1
        }
        return KeywordMatcher(words) { $0 < 0 ? 0 : 1 }
    }()
}
