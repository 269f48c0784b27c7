import RongtongConfig

/// Maps the words feeds use for yes/no, gender, tenure and a case's status onto canonical values, with per-source
/// additions.
///
/// A source's `vocabularies:` section is consulted first (by canonical field name, then by value kind), then the
/// built-in words below. Matching ignores case and surrounding whitespace.
public struct Vocabulary: Sendable {
    private var bySourceField: [String: [String: String]]

    static let flagWords: [String: String] = [
        "是": "true", "y": "true", "yes": "true", "true": "true", "1": "true", "√": "true", "✓": "true",
        "有": "true", "是的": "true", "t": "true",
        "否": "false", "n": "false", "no": "false", "false": "false", "0": "false", "×": "false", "x": "false",
        "无": "false", "不是": "false", "没有": "false", "f": "false",
        // Check marks and crosses as WPS and Excel insert them (symbol dialog, Wingdings), with or without the
        // emoji variation selector.
        "✔": "true", "✔\u{FE0F}": "true", "☑": "true", "☑\u{FE0F}": "true", "✅": "true",
        "☒": "false", "✘": "false", "✗": "false", "✖": "false", "✖\u{FE0F}": "false", "❌": "false",
    ]
    static let genderWords: [String: String] = [
        "男": "male", "m": "male", "male": "male", "1": "male", "男性": "male",
        "女": "female", "f": "female", "female": "female", "2": "female", "女性": "female",
    ]
    static let tenureWords: [String: String] = [
        "自有": "owned", "自住": "owned", "自购": "owned", "产权房": "owned", "商品房": "owned", "私有": "owned",
        "owned": "owned", "自建": "owned", "自有住房": "owned", "自有房": "owned", "自有产权": "owned", "私房": "owned",
        "购房": "owned", "购买": "owned", "房改房": "owned", "集资房": "owned", "经济适用房": "owned", "经适房": "owned",
        "安置房": "owned", "拆迁安置房": "owned", "继承": "owned", "own": "owned",
        "租赁": "rented", "租住": "rented", "租房": "rented", "出租": "rented", "rented": "rented", "租用": "rented",
        "承租": "rented", "合租": "rented", "租借": "rented", "rent": "rented", "rental": "rented",
        "公租房": "public", "廉租房": "public", "公房": "public", "公产": "public", "公有": "public",
        "public": "public", "单位公房": "public", "公租": "public", "廉租": "public", "直管公房": "public",
        "其他": "other", "其它": "other", "other": "other", "借住": "other", "寄住": "other", "亲友借住": "other",
        "不详": "unknown", "未知": "unknown", "unknown": "unknown",
    ]

    /// Yes (true) or no (false) for a built-in yes/no word (`是`, `否`, `√`, `×`, `1`, `0`, `有`, `无` …), nil for any
    /// other text. For fields whose cells are yes/no only when their column says so (`是否棚户区` for `area_type`).
    public static func builtInFlag(_ value: String) -> Bool? {
        let key = fold(value)
        return (flagWords[key] ?? wholeNumber(key).flatMap { flagWords[$0] }).map { $0 == "true" }
    }

    public init(source: SourceConfig) {
        var map: [String: [String: String]] = [:]
        for (name, entries) in source.vocabularies {
            var folded: [String: String] = [:]
            for (from, to) in entries { folded[Vocabulary.fold(from)] = to }
            map[name] = folded
        }
        bySourceField = map
    }

    static func fold(_ text: String) -> String { TextCleaning.clean(text).lowercased() }

    /// The whole number a code written as a decimal stands for (`1.0`, `0.00`, `2.0` → `1`, `0`, `2`), as a web
    /// system writing its numbers as doubles (or a spreadsheet column with gaps) sends a 1/0 flag or a 1/2 gender
    /// code; nil for any other text, a fraction (`0.5`) included.
    static func wholeNumber(_ key: String) -> String? {
        guard let dot = key.firstIndex(of: "."), dot != key.startIndex else { return nil }
        let whole = key[..<dot], fraction = key[key.index(after: dot)...]
        guard whole.allSatisfy(\.isASCIIDigit), !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return nil }
        return String(whole)
    }

    /// The canonical word for `value` of `field` (whose value kind is `kind`), or nil when nothing matches. A value
    /// no word matches as written is looked up again as its whole number when it is one written as a decimal
    /// (`1.0` is `1`: `wholeNumber`).
    func lookup(_ value: String, field: String, kind: String, builtIn: [String: String]) -> String? {
        let key = Vocabulary.fold(value)
        if let hit = bySourceField[field]?[key] ?? bySourceField[kind]?[key] ?? builtIn[key] { return hit }
        guard let whole = Vocabulary.wholeNumber(key) else { return nil }
        return bySourceField[field]?[whole] ?? bySourceField[kind]?[whole] ?? builtIn[whole]
    }

    /// true/false/nil for a yes/no value; `.failure` when the word is not known.
    public func flag(_ value: String, field: String) -> Result<Bool?, VocabularyMiss> {
        if TextCleaning.clean(value).isEmpty { return .success(nil) }
        switch lookup(value, field: field, kind: "flag", builtIn: Vocabulary.flagWords)?.lowercased() {
        case "true", "yes", "1": return .success(true)
        case "false", "no", "0": return .success(false)
        default: return .failure(VocabularyMiss())
        }
    }

    /// What an empty cell of the flag `field` means when the source's vocabulary names the empty word (`flag: {"": false}`
    /// for a checklist whose boxes are ticked (√) or left empty), the field's own vocabulary before the `flag` one; nil
    /// when neither names it: an empty cell is then unknown.
    public func emptyFlag(field: String) -> Bool? {
        switch (bySourceField[field]?[""] ?? bySourceField["flag"]?[""])?.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: return nil
        }
    }

    /// What the source's `vocabularies: case_status:` says of a case status written `value` (the whole value):
    /// true when the case ended (`ended`), false when it goes on (`active`), nil when the vocabulary does not name it
    /// (the built-in words decide).
    public func caseEnded(_ value: String) -> Bool? {
        switch bySourceField["case_status"]?[Vocabulary.fold(value)].map(Vocabulary.fold) {
        case "ended": return true
        case "active": return false
        default: return nil
        }
    }

    public func gender(_ value: String, field: String) -> Result<String?, VocabularyMiss> {
        if TextCleaning.clean(value).isEmpty { return .success(nil) }
        guard let word = lookup(value, field: field, kind: "gender", builtIn: Vocabulary.genderWords)?.lowercased(),
              word == "male" || word == "female" else { return .failure(VocabularyMiss()) }
        return .success(word)
    }

    public func tenure(_ value: String, field: String) -> Result<String?, VocabularyMiss> {
        if TextCleaning.clean(value).isEmpty { return .success(nil) }
        // 自购房, 租赁房, 自有住房 …: a word of the list with 房 or 住房 after it says the same.
        let word = lookup(value, field: field, kind: "tenure", builtIn: Vocabulary.tenureWords)
            ?? Vocabulary.withoutHousingWord(value).flatMap { lookup($0, field: field, kind: "tenure", builtIn: Vocabulary.tenureWords) }
        guard let word = word?.lowercased(),
              ["owned", "rented", "public", "other", "unknown"].contains(word) else { return .failure(VocabularyMiss()) }
        return .success(word)
    }
}

extension Vocabulary {
    /// `value` without a trailing 住房, 房屋 or 房 (自购房 → 自购), or nil when it has none or nothing else.
    static func withoutHousingWord(_ value: String) -> String? {
        let text = TextCleaning.clean(value)
        for word in ["住房", "房屋", "房"] where text.hasSuffix(word) && text.count > word.count {
            return String(text.dropLast(word.count))
        }
        return nil
    }
}

/// A value no vocabulary knows.
public struct VocabularyMiss: Error, Sendable {}
