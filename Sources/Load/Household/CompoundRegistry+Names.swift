import Foundation
import RongtongStaging

/// How compound names compare: the spelling rules `CompoundRegistry` matches names by (kind suffixes, typos,
/// ordinal numbers, roads, level words), as pure functions of the names.
extension CompoundRegistry {
    /// Whether two compound spellings differ by one typo: one character substituted in the kind suffix
    /// (幸福家园 / 幸福家苑), or one character substituted, added or dropped anywhere when both distinctive stems
    /// have three characters or more, or an employer's kind word left out (`leavesOutEmployerWord`: 虹轴宿舍 /
    /// 虹轴厂宿舍). Short stems tolerate no other typo (东升小区 and 东山小区 are two places), and
    /// names with different numbers are never typos of each other (水钢一村 / 水钢二村), nor names of two sections
    /// (东区 / 西区) or of two governments' compounds (州农业局宿舍 / 市农业局宿舍).
    static func isTypo(_ a: String, _ stemA: String, of b: String, _ stemB: String) -> Bool {
        // 水钢一村 / 水钢二村, 钢厂1号院 / 钢厂2号院: numbered siblings, never a typo of each other.
        let numbers = { (text: String) in
            FacilityWriter.arabicNumerals(text).split(whereSeparator: { !$0.isASCII || !$0.isNumber }).map(String.init)
        }
        if numbers(a) != numbers(b) { return false }
        let x = Array(a), y = Array(b)
        // 云晖花园东区 / 云晖花园西区, A区 / B区: sections of one estate, never a typo of each other.
        if x.count == y.count, let at = x.indices.first(where: { x[$0] != y[$0] }),
           sectionMarks.contains(x[at]) || sectionMarks.contains(y[at]) {
            return false
        }
        // 州农业局宿舍 / 市农业局宿舍: two governments' compounds, never a typo of each other.
        if x.count == y.count, let first = x.first, let other = y.first, first != other,
           levelWords.contains(first), levelWords.contains(other) {
            return false
        }
        let stem = min(stemA.count, stemB.count)
        if x.count == y.count {
            let differing = x.indices.filter { x[$0] != y[$0] }
            guard differing.count == 1 else { return false }
            return differing[0] >= stem || stem >= 3
        }
        return stem >= 3 && HouseholdWriter.oneCharacterApart(a, b) || leavesOutEmployerWord(a, stemA, b, stemB)
    }

    /// Whether two spellings differ by a one-character typo of the stem (`isTypo`, but not one of the kind suffix,
    /// 幸福家园 / 幸福家苑, nor an employer's kind word left out, 虹轴宿舍 / 虹轴厂宿舍): 碧水苑 / 碧云苑, the kind of
    /// typo two real compounds of one township may also look like.
    static func isStemTypo(_ a: String, _ stemA: String, of b: String, _ stemB: String) -> Bool {
        guard isTypo(a, stemA, of: b, stemB), !leavesOutEmployerWord(a, stemA, b, stemB) else { return false }
        let x = Array(a), y = Array(b), stem = min(stemA.count, stemB.count)
        if x.count == y.count, let at = x.indices.first(where: { x[$0] != y[$0] }) { return at < stem }
        return true
    }

    /// The words that name an employer's kind after its name (虹轴厂, 六枝矿, 烟草局, 供电公司), which feeds leave out
    /// of the quarters' name.
    static let employerWords = ["总厂", "公司", "厂", "矿", "局"]

    /// Whether one spelling is the other without the employer's kind word after the employer's name, and otherwise
    /// the same (`虹轴宿舍` for `虹轴厂宿舍`, `烟草宿舍` for `烟草局宿舍`): a short form of the quarters' name, matched
    /// even when the name left is two characters, as no other one-character typo is. `卫生宿舍` is not `卫生院宿舍`.
    static func leavesOutEmployerWord(_ a: String, _ stemA: String, _ b: String, _ stemB: String) -> Bool {
        let (long, longStem, short, shortStem) = a.count > b.count ? (a, stemA, b, stemB) : (b, stemB, a, stemA)
        guard shortStem.filter(\.isLetter).count >= 2 else { return false }
        for word in employerWords where longStem == shortStem + word {
            if let at = long.range(of: longStem), long.replacingCharacters(in: at, with: shortStem) == short { return true }
        }
        return false
    }

    /// The name without spaces or punctuation.
    static func spelling(_ name: String) -> String {
        String(name.filter { !isIgnoredInNames($0) })
    }

    /// Whether `character` counts for nothing when two names are compared: a space, punctuation (`&`, `·`, `-`,
    /// brackets) or a sign joining two words (`+`, `⋅`), so that `龙&凤苑`, `A+B公寓` and `万科·金域华府` are the names
    /// written without them.
    static func isIgnoredInNames(_ character: Character) -> Bool {
        character.isWhitespace || character.isPunctuation || character == "+" || character == "＋" || character == "⋅"
    }

    /// The name without spaces, punctuation (`isIgnoredInNames`) or trailing kind suffixes (金桂花园小区, 金桂花园 and 金桂 all give 金桂),
    /// its numbers in Arabic digits without 第 or leading zeros (水钢一村, 水钢1村, 水钢第一村 and 水钢01村 all give
    /// 水钢1村: one number, one compound; 水钢廿一村 is 水钢21村), a resettlement
    /// site without the words of its programme (丰乐社区安置点, 丰乐社区易地扶贫搬迁安置点 and 丰乐社区集中安置点 are one
    /// site).
    static func matchName(_ name: String) -> String {
        var value = String(name.filter { !isIgnoredInNames($0) })
        if let site = value.range(of: "安置") {
            var before = value[..<site.lowerBound]
            while let qualifier = resettlementQualifiers.first(where: { before.hasSuffix($0) }) {
                before = before.dropLast(qualifier.count)
            }
            value = String(before) + value[site.lowerBound...]
        }
        // Numbers first, so that what the suffixes leave does not depend on how the number was written (第一院 and
        // 一院 are both 1院).
        value = ordinalNumbers(FacilityWriter.arabicNumerals(value))
        _ = dropKindSuffixes(&value)
        return value
    }

    /// Removes the trailing kind suffixes `matchName` drops from `value` (at least two characters left) and returns
    /// them in the order written, misspellings read as the word meant (`KindWordMisspellings`).
    private static func dropKindSuffixes(_ value: inout String) -> String {
        var dropped: [String] = []
        var stripped = true
        while stripped {
            stripped = false
            for suffix in suffixes where value.hasSuffix(suffix) && value.count > suffix.count + 1 {
                value.removeLast(suffix.count)
                dropped.insert(KindWordMisspellings.meant[suffix] ?? suffix, at: 0)
                stripped = true
                break
            }
        }
        return dropped.joined()
    }

    /// The kind words a compound's name ends in, as `matchName` drops them (测水红花园 → 花园, 金桂花园小区 → 花园小区,
    /// 播州花圆 → 花园); empty when it ends in none (测水红). What tells two compounds of one stem apart (`kindsDiffer`).
    static func kindWords(_ name: String) -> String {
        var value = ordinalNumbers(FacilityWriter.arabicNumerals(spelling(name)))
        return dropKindSuffixes(&value)
    }

    /// Whether two spellings of one stem name different kinds of place: both write kind words and neither's holds the
    /// other's (测水红花园 / 测水红新村, 测征山小区 / 测征山苑). A kind word left out (测水红 / 测水红小区) or added to
    /// another (金桂花园 / 金桂花园小区, 院 / 院落) is no difference.
    static func kindsDiffer(_ a: String, _ b: String) -> Bool {
        let x = kindWords(a), y = kindWords(b)
        return !x.isEmpty && !y.isEmpty && !x.contains(y) && !y.contains(x)
    }

    /// The match name with the name's kind words kept (`测水红新村`): the match name of a compound that a differing kind
    /// word keeps apart from a compound of its stem (`kindsDiffer`); `key` itself when the name has no kind word.
    /// Never a plain match name, as `matchName` drops a kind word after two characters or more.
    static func kindedKey(_ name: String, key: String) -> String {
        key + kindWords(name)
    }

    /// Numbers written as plain numbers: without the 第 of an ordinal or leading zeros (水钢第二村, 水钢〇三村 →
    /// 水钢2村, 水钢3村 once in Arabic digits).
    static func ordinalNumbers(_ name: String) -> String {
        let characters = Array(name)
        func isDigit(_ index: Int) -> Bool {
            characters.indices.contains(index) && characters[index].isASCII && characters[index].isNumber
        }
        var result = ""
        var at = 0
        while at < characters.count {
            if isDigit(at) {
                var end = at
                while isDigit(end) { end += 1 }
                let digits = characters[at..<end].drop { $0 == "0" }
                result += digits.isEmpty ? "0" : String(digits)
                at = end
            } else {
                if characters[at] != "第" || !isDigit(at + 1) { result.append(characters[at]) }
                at += 1
            }
        }
        return result
    }

    /// The region code cut to its significant digits (`520113006000` → `520113006`).
    static func significantPrefix(_ code: String) -> String {
        let digits = code.utf8
        guard digits.count == 12 else { return code }
        let zero = UInt8(ascii: "0")
        for length in [2, 4, 6, 9] where digits.dropFirst(length).allSatisfy({ $0 == zero }) {
            return String(code.prefix(length))
        }
        return code
    }

    /// Whether what follows a level word is a name of its own, long enough that the level word alone tells the
    /// compounds apart: three letters or more, no division's ending, road or kind word alone (供销社 of
    /// 州供销社宿舍; not 政府 of 市政府宿舍, 政 of 市政宿舍, 城 of 县城花园).
    static func namesOnItsOwn(_ rest: String) -> Bool {
        rest.filter(\.isLetter).count >= 3 && !namesNoPlaceOfItsOwn(rest)
    }

    /// Whether `text` is a road's name (中华路, 延安东路, 花溪大道, 文化街): a road word after one to eight
    /// characters (中华路12号 is a door, not a road).
    static func isRoad(_ text: String) -> Bool {
        guard let word = roadWords.first(where: { text.hasSuffix($0) }) else { return false }
        return (1...8).contains(text.count - word.count)
    }

    /// Whether a match name is a compound's whole name rather than a kind word or a door (纺织厂, 幸福; not 小区, 1号):
    /// two letters or more besides the digits.
    static func isWholeName(_ key: String) -> Bool {
        !suffixes.contains(key) && key.filter(\.isLetter).count >= 2
    }

    /// Whether `longer` is `name` with only a kind word or words at its end (二戈寨职工新村小区, 幸福花园小区) or words in
    /// front (a street: 中华路纺织厂宿舍), or both, spaces and punctuation aside.
    static func onlyAdds(to name: String, _ longer: String) -> Bool {
        let base = spelling(name), long = spelling(longer)
        guard !base.isEmpty, long.count > base.count, let at = long.range(of: base, options: .backwards) else { return false }
        var tail = long[at.upperBound...]
        while !tail.isEmpty {
            guard let word = suffixes.first(where: { tail.hasPrefix($0) }) else { return false }
            tail = tail.dropFirst(word.count)
        }
        return true
    }

    /// Who lives in staff quarters, as a name says it before the kind word (职工宿舍, 家属院, 干部宿舍).
    static let occupantWords = ["教职工", "职工", "家属", "干部", "员工", "教工", "工人"]

    /// Whether a match name is staff quarters named only by who lives there (职工 of 职工宿舍, 家属 of 家属院, 职工家属,
    /// 干部, 职工楼) or a kind word alone (宿舍, 小区): a name a road or an employer completes (洗马路职工宿舍), which
    /// never stands for a compound of its own where the township has one so completed.
    static func namesQuartersOnly(_ key: String) -> Bool {
        var rest = Substring(key)
        while let word = occupantWords.first(where: { rest.hasPrefix($0) }) { rest = rest.dropFirst(word.count) }
        return rest.isEmpty || suffixes.contains(String(rest)) || ["楼", "大楼", "宿舍区", "宿舍楼", "生活区"].contains(String(rest))
    }

    /// The county code (`520526000000`) of a region at county level or finer; nil for a coarser one.
    static func countyCode(of regionCode: String?) -> String? {
        guard let regionCode, regionCode.count == 12, regionCode.dropFirst(4).prefix(2) != "00" else { return nil }
        return String(regionCode.prefix(6)) + "000000"
    }

    /// What is left after a county's name that is no compound's own name: a division's ending (县煤矿家属院 after
    /// 兴仁), a road (大道小区 after 花溪), or kind words alone (小区, 花园小区).
    static func namesNoPlaceOfItsOwn(_ rest: String) -> Bool {
        if let first = rest.first, "市县区州镇乡".contains(first) { return true }
        if roadWords.contains(where: { rest.hasPrefix($0) }) { return true }
        var stem = rest
        while let suffix = suffixes.first(where: { stem.hasSuffix($0) }) { stem.removeLast(suffix.count) }
        return stem.count < 2
    }
}
