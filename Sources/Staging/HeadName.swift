/// How two spellings of a head of household's name compare, and which of them a household keeps.
///
/// Feeds write one name several ways that are not typos: in traditional characters (a grid worker's phone set to
/// 繁體: `張國華` for 张国华), or with a character the sender's encoding could not hold replaced by a mark
/// (`杨?祥`, `龙■`, `石�明` for 杨吉祥, 龙䶮, 石䶮明), or by its pinyin (`石yan明`); a minority name with its middle
/// dot written another way, or left out (`艾尔肯•吐尔逊`, `艾尔肯．吐尔逊`, `艾尔肯吐尔逊` for 艾尔肯·吐尔逊). The linker
/// compares names through `sameName` (and `equal`); the normalizer stores the standard dot (`withStandardDots`) and
/// warns about a lost character (`name_character_lost`); survivorship keeps the better spelling (`betterSpelling`).
///
/// ```swift
/// HeadName.sameName("張國華", "张国华")    // true
/// HeadName.sameName("杨?祥", "杨吉祥")     // true: ? stands for the one character the sender lost
/// HeadName.sameName("石yan明", "石䶮明")   // true: yan is the character the phone could not type
/// HeadName.sameName("艾尔肯吐尔逊", "艾尔肯·吐尔逊")  // true: the middle dot left out
/// HeadName.sameName("杨??", "杨吉祥")      // false: more of the name lost than kept
/// HeadName.betterSpelling("张国华", than: "張國華")   // true: the simplified spelling is kept
/// HeadName.betterSpelling("李升", than: "李昇")      // nil: 昇 is a standard character too; the ranks decide
/// ```
public enum HeadName {
    /// Marks that stand for one character the sender's encoding could not hold: `?` (also full-width `？`), the
    /// squares `■` and `□`, the geta mark `〓` and the replacement character U+FFFD.
    public static let lostCharacterMarks: Set<Character> = ["?", "？", "■", "□", "〓", "\u{FFFD}"]

    /// The number of characters of `name` lost to a mark or written in pinyin (`杨?祥` and `石yan明` have 1).
    public static func lostCharacterCount(_ name: String) -> Int {
        // Most names hold neither a mark nor a Latin letter: no array of characters is made for them.
        guard name.unicodeScalars.contains(where: { scalar in
            scalar.isASCII ? scalar == "?" || (scalar.properties.isAlphabetic) : markScalars.contains(scalar)
        }) else { return 0 }
        return characters(name).reduce(0) { $0 + (lostCharacterMarks.contains($1) ? 1 : 0) }
    }

    /// `lostCharacterMarks` beyond ASCII, as scalars.
    private static let markScalars: Set<Unicode.Scalar> = ["？", "■", "□", "〓", "\u{FFFD}"]

    /// The characters of `name`, a character written in pinyin inside a Chinese name (`石yan明`, `龙Yan`: a run of
    /// one to six Latin letters beside Chinese characters, what a grid worker types for a character the phone
    /// lacks) as one lost character `?`.
    static func characters(_ name: String) -> [Character] {
        let all = Array(name)
        guard all.contains(where: { $0.isLetter && $0.isASCII }),
              name.unicodeScalars.contains(where: { $0.value >= 0x3400 && $0.properties.isIdeographic }) else { return all }
        var result: [Character] = []
        var at = 0
        while at < all.count {
            var end = at
            while end < all.count, all[end].isASCII, all[end].isLetter { end += 1 }
            if end > at {
                if end - at <= 6 { result.append("?") } else { result.append(contentsOf: all[at..<end]) }
                at = end
            } else {
                result.append(all[at])
                at += 1
            }
        }
        return result
    }

    /// The standard middle dot (U+00B7) between the parts of a name written in Chinese characters after another
    /// language (维吾尔族, 哈萨克族 … names: `艾尔肯·吐尔逊`, `阿卜杜·热合曼·买买提`), as a household stores it.
    public static let middleDot: Character = "\u{00B7}"

    /// The marks feeds write that middle dot as: `·` itself (and U+0387, the same dot to Unicode), the bullet `•`,
    /// the katakana dot `・` and its half-width `･`, the full-width stop `．` (which `TextCleaning` makes `.`) and
    /// the ASCII `.`, the hyphenation point `‧`, the operators `∙` and `⋅`, the word separator `⸱`, the one-dot
    /// leader `․` and the small stop `﹒`.
    public static let middleDots: Set<Character> = [
        "\u{00B7}", "\u{2022}", "\u{30FB}", "\u{FF65}", "\u{FF0E}", ".", "\u{2027}", "\u{2219}", "\u{22C5}",
        "\u{2E31}", "\u{2024}", "\u{FE52}",
    ]

    /// `middleDots` as scalars.
    private static let middleDotScalars = Set(middleDots.flatMap(\.unicodeScalars) + ["\u{0387}"])

    /// `name`, a name with Chinese characters, with the dots between its parts written as the standard `·`
    /// (`艾尔肯•吐尔逊`, `热合曼.阿不力孜`, `阿卜杜・热合曼・买买提` → `艾尔肯·吐尔逊`, `热合曼·阿不力孜`,
    /// `阿卜杜·热合曼·买买提`); a run of dots between two parts is one dot. Other names, and a dot before the first
    /// part or after the last, as they are; a name written without a dot stays without one.
    public static func withStandardDots(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { middleDotScalars.contains($0) }),
              name.unicodeScalars.contains(where: { $0.value >= 0x3400 && $0.properties.isIdeographic }) else { return name }
        let all = Array(name)
        var result = ""
        var at = 0
        while at < all.count {
            guard middleDots.contains(all[at]) else {
                result.append(all[at])
                at += 1
                continue
            }
            var end = at
            while end < all.count, middleDots.contains(all[end]) { end += 1 }
            if at > 0, end < all.count { result.append(middleDot) } else { result.append(contentsOf: all[at..<end]) }
            at = end
        }
        return result
    }

    /// `name` without middle dots in any of their forms (`middleDots`): the form in which two spellings of one name
    /// compare, with the dot, another dot or none (`艾尔肯·吐尔逊`, `艾尔肯•吐尔逊`, `艾尔肯吐尔逊` → `艾尔肯吐尔逊`).
    public static func undotted(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { middleDotScalars.contains($0) }) else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.filter { !middleDotScalars.contains($0) }))
    }

    /// Whether `a` and `b` are one name written alike but for its middle dots (`艾尔肯·吐尔逊`, `艾尔肯吐尔逊`): an equal
    /// name, where the linker asks for one.
    public static func equal(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        return a == b || undotted(a) == undotted(b)
    }

    /// Whether two spellings are one name as a person writes it in either script: equal, the middle dots aside
    /// (`equal`), or equal once traditional characters are simplified (`陳秀蘭` and 陈秀兰, `comparable`). Not a
    /// lost character (`杨?祥`), which only `sameName` lets stand for any.
    public static func equalInEitherScript(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        return equal(a, b) || comparable(a) == comparable(b)
    }

    /// `name` in the form names are compared and keyed in: without middle dots (`undotted`), traditional characters
    /// simplified (`simplified`).
    public static func comparable(_ name: String) -> String {
        simplified(undotted(name))
    }

    /// `name` with each traditional character written as its simplified form (`張國華` → `张国华`); other
    /// characters as they are. A character that is itself simplified (乾, 於, 後 …) is never changed. A character
    /// of the 通用规范汉字表 that traditional tables fold (昇, 陞 → 升; see `standardCharacters`) is folded too: the
    /// result is for comparing two names (李昇 and 李升 compare equal), never stored.
    public static func simplified(_ name: String) -> String {
        // Every traditional character lies at or above U+3400: an ASCII or Latin name is returned as it is.
        guard name.unicodeScalars.contains(where: { $0.value >= 0x3400 && simplifiedOf[$0] != nil }) else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.map { simplifiedOf[$0] ?? $0 }))
    }

    /// `text` with each traditional character written as its simplified form (`貴陽市白雲區` → `贵阳市白云区`), for
    /// reading an address: unlike `simplified`, a standard character of the 通用规范汉字表 (昇, 陞 …) stays as
    /// written, since the result is stored. Returns `text` itself when it holds no traditional character.
    public static func addressFolded(_ text: String) -> String {
        guard !isSimplified(text) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            standardScalars.contains(scalar) ? scalar : simplifiedOf[scalar] ?? scalar
        }))
    }

    /// Whether `name` is written without a traditional character. A character of the 通用规范汉字表 is no
    /// traditional character (`standardCharacters`: 李昇 is written in standard characters, as 李升 is).
    public static func isSimplified(_ name: String) -> Bool {
        !name.unicodeScalars.contains { $0.value >= 0x3400 && simplifiedOf[$0] != nil && !standardScalars.contains($0) }
    }

    /// `standardCharacters`, as scalars.
    private static let standardScalars = Set(standardCharacters.unicodeScalars)

    /// Whether `a` and `b` are one name written two ways: as many characters, and at each position the same
    /// character once middle dots are left out and traditional characters are simplified, or a lost character (a mark, or pinyin) in one of them. A name may
    /// stand in for a character only while it keeps at least as many characters as it lost (`龙■`, not `■■`).
    public static func sameName(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = characters(comparable(a)), y = characters(comparable(b))
        guard x.count == y.count else { return false }
        let wildX = mayStandIn(x), wildY = mayStandIn(y)
        for (p, q) in zip(x, y) where p != q {
            guard (wildX && lostCharacterMarks.contains(p)) || (wildY && lostCharacterMarks.contains(q)) else {
                return false
            }
        }
        return true
    }

    /// Of two spellings of one name (`sameName`), whether the household keeps `offered` (true) or the `stored`
    /// one (false): the one with fewer lost characters, then the simplified one, then a minority name with its middle
    /// dot over the same name without it (`艾尔肯·吐尔逊` over `艾尔肯吐尔逊`, which lost the dot). Nil when they are not
    /// one name, or neither spelling is better (survivorship then decides as for any value): two standard spellings
    /// (李昇 and 李升, 昇 being a standard character for names).
    public static func betterSpelling(_ offered: String, than stored: String) -> Bool? {
        guard offered != stored, sameName(offered, stored) else { return nil }
        let lostOffered = lostCharacterCount(offered), lostStored = lostCharacterCount(stored)
        if lostOffered != lostStored { return lostOffered < lostStored }
        let simpleOffered = isSimplified(offered), simpleStored = isSimplified(stored)
        if simpleOffered != simpleStored { return simpleOffered }
        let dottedOffered = offered.contains("·"), dottedStored = stored.contains("·")
        if dottedOffered != dottedStored, undotted(offered) == undotted(stored) { return dottedOffered }
        return nil
    }

    /// `name` with each character replaced by `*` except the lost-character marks (`杨?祥` → `*?*`, `石yan明` →
    /// `*?*`): where the name lost a character, without showing the name (names never appear in rejects).
    public static func lostCharacterPattern(_ name: String) -> String {
        String(characters(name).map { lostCharacterMarks.contains($0) ? $0 : "*" })
    }

    /// Whether a name's lost-character marks may stand for any character: it keeps at least as many characters
    /// as it lost.
    private static func mayStandIn(_ characters: [Character]) -> Bool {
        let lost = characters.reduce(0) { $0 + (lostCharacterMarks.contains($1) ? 1 : 0) }
        return lost > 0 && lost <= characters.count - lost
    }

    /// Traditional character → simplified character, from `traditionalPairs`.
    private static let simplifiedOf: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        var pending: Unicode.Scalar?
        for scalar in traditionalPairs.unicodeScalars where scalar != "\n" {
            if let traditional = pending {
                table[traditional] = scalar
                pending = nil
            } else {
                pending = scalar
            }
        }
        return table
    }()
}
