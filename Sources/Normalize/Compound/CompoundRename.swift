/// A compound name that carries its other name in brackets: a renamed compound, written with its former name
/// (`金叶苑（原烟草局宿舍）`, `金叶苑(原名:烟草局宿舍)`, `金叶苑【曾用名烟草局宿舍】`, `金叶苑（旧称烟草局宿舍）`, `金叶苑（又名烟草局宿舍）`)
/// or with its present one (`烟草局宿舍（现金叶苑）`, `烟草局宿舍（现名金叶苑）`, `烟草局宿舍(今金叶苑)`).
///
/// Both name one compound: `split` gives the name the compound goes by now and the other one, which the warehouse
/// keeps as the compound's alias (`compound_alias`), so that feeds still writing the old name find it. The bracket
/// must end the name, and each name must have two characters or more; anything else comes back whole with a nil
/// former name (`幸福小区（二期）` is a phase, `幸福小区（东区）` a part).
/// ```swift
/// CompoundRename.split("金叶苑（原烟草局宿舍）")  // ("金叶苑", "烟草局宿舍")
/// CompoundRename.split("烟草局宿舍（现金叶苑）")  // ("金叶苑", "烟草局宿舍")
/// ```
public enum CompoundRename {
    /// The compound's present name and its former one, or `name` cleaned and nil when it says no other name.
    public static func split(_ name: String) -> (name: String, formerName: String?) {
        let cleaned = TextCleaning.clean(name)
        guard let last = cleaned.last, let open = closing[last], let openIndex = cleaned.lastIndex(of: open) else {
            return (cleaned, nil)
        }
        let outside = trimmed(cleaned[..<openIndex])
        let inside = trimmed(cleaned[cleaned.index(after: openIndex)..<cleaned.index(before: cleaned.endIndex)])
        guard outside.count >= 2 else { return (cleaned, nil) }
        for (words, insideIsFormer) in [(formerWords, true), (presentWords, false)] {
            guard let word = words.first(where: { inside.hasPrefix($0) }) else { continue }
            var other = inside.dropFirst(word.count)
            while let first = other.first, ":：是为 ".contains(first) { other = other.dropFirst() }
            let otherName = trimmed(other)
            guard otherName.count >= 2, otherName != outside, !otherName.contains(where: { "()[]【】".contains($0) })
            else { return (cleaned, nil) }
            return insideIsFormer ? (outside, otherName) : (otherName, outside)
        }
        return (cleaned, nil)
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    private static let closing: [Character: Character] = [")": "(", "】": "【", "]": "[", "〕": "〔"]
    /// Words before a former name, longest first (`原名` before `原`).
    private static let formerWords = ["曾用名", "原小区名", "原名称", "原名", "曾名", "旧名", "旧称", "又名", "别名", "原称", "原"]
    /// Words before the present name.
    private static let presentWords = ["现小区名", "现名称", "现名", "现称", "更名为", "改名为", "现", "今"]
}

extension CompoundRename {
    /// The former names a compound list writes for a compound in a field of their own (`former_names`: 曾用名, 原名),
    /// or in the brackets `split` reads: each text may hold several, `、`, `，`, `,`, `;`, `；`, `/`, `|` or a line
    /// break apart (`纺织厂宿舍、棉纺厂宿舍`).
    ///
    /// Each name loses a phase (`纺织厂宿舍二期` is `纺织厂宿舍`); a placeholder (`无`, `/`, `不详`, `同上`), a name of one
    /// character and the present name itself are none. In the order written, each once.
    /// ```swift
    /// CompoundRename.formerNames(in: ["纺织厂宿舍、棉纺厂宿舍"], present: "锦绣花园")  // ["纺织厂宿舍", "棉纺厂宿舍"]
    /// CompoundRename.formerNames(in: ["无"], present: "锦绣花园")                   // []
    /// ```
    public static func formerNames(in texts: [String], present: String) -> [String] {
        var names: [String] = []
        for text in texts {
            let cleaned = TextCleaning.clean(text)
            guard !PlaceholderWords.isAbsent(cleaned), !PlaceholderWords.isDitto(cleaned) else { continue }
            for part in cleaned.split(whereSeparator: { "、,;；/|\n\r".contains($0) }) {
                let written = TextCleaning.clean(String(part))
                guard !PlaceholderWords.isAbsent(written), !PlaceholderWords.isDitto(written) else { continue }
                let name = CompoundPhase.split(written).name
                guard name.count >= 2, name != present, !names.contains(name) else { continue }
                names.append(name)
            }
        }
        return names
    }
}
