/// Renovation progress as a ratio 0–1 (`dwd_renovation_project.progress`), from `45%`, `0.45`, `45` or words.
///
/// A number followed by `%` is a percentage; a bare number above 1 is read as a percentage too (`45` → 0.45,
/// so `1.5` → 0.015), and 0 and 1 are ratios. Without a number, 已完工/竣工/完成 mean 1 and 未开工 means 0;
/// 过半/完成过半/完成一半 mean 0.5 and 基本完工/基本完成/基本竣工 ("nearly finished", not finished) mean 0.9;
/// words that say only "not finished" (未完工, 在建, 主体完工) give nil, as does a negative number, a fraction (`1/2`)
/// or a result over 1. A number wins over words: `已完成45%` → 0.45. Words outside brackets win over a bracketed
/// remark (`在建（已完成主体）` says no number, it is not 已完成's 1), see `ProjectStatus.outsideBrackets`.
/// ```swift
/// Progress.parse("45%")  // 0.45
/// ```
public enum Progress {
    /// The ratio written in `text`, or nil (see the type's comment).
    public static func parse(_ text: String) -> Double? {
        let cleaned = KeywordMatcher<Double>.fold(text)
        guard !cleaned.isEmpty else { return nil }
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
        if isPercent || ratio > 1 { ratio = number.value(timesPowerOfTen: -2) }
        guard ratio.isFinite, (0...1).contains(ratio) else { return nil }
        return ratio
    }

    /// Whether `text` gives its ratio by an approximate word only (过半 0.5, 基本完工 0.9), no number and no end:
    /// a lower bound, which a stored exact progress at or above it (60%) is kept over.
    public static func isApproximate(_ text: String) -> Bool {
        let cleaned = KeywordMatcher<Double>.fold(text)
        guard !cleaned.utf8.contains(where: DecimalText.isDigit), let ratio = parse(text) else { return false }
        return ratio > 0 && ratio < 1
    }

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
