import Foundation

// How linking reads a facility's name: the facility match name.
extension FacilityWriter {
    /// Kind words that name one installation two ways, folded to one spelling (消火栓 is 消防栓, 配电室 is 配电房).
    /// Longer words first, so that 公共卫生间 is folded before 卫生间 could be.
    static let kindSynonyms: [(String, String)] = [
        ("电动汽车充电桩", "充电桩"), ("箱式变压器", "箱变"), ("公共卫生间", "公厕"), ("公共厕所", "公厕"),
        ("消火栓", "消防栓"), ("配电室", "配电房"), ("配电间", "配电房"), ("垃圾房", "垃圾站"),
    ]

    /// The facility match name: the name without spaces and punctuation, its numbers in Arabic digits without
    /// leading zeros or 第 (二号, 2号 and 02号 are 2号), the compound's name in front of it taken away when the
    /// name says more than that (宝山小区2号充电桩 under 宝山小区 is 2号充电桩; the compound has its own column),
    /// the kind written one way (消火栓 → 消防栓, 配电室 → 配电房) and the 号 or # of a number dropped (2号充电桩 →
    /// 2充电桩). `compounds` are the spellings of the compounds the name may begin with.
    static func matchName(_ name: String, compounds: [String]) -> String {
        let clean = { (text: String) in
            CompoundRegistry.ordinalNumbers(arabicNumerals(String(text.filter { !$0.isWhitespace && ($0 == "#" || !$0.isPunctuation) })))
        }
        var value = clean(name)
        // The compound's full name first (宝山小区), then its match name and a kind suffix (宝山 + 小区, 花园 …).
        var prefixes: [String] = []
        for compound in compounds where !compound.isEmpty {
            prefixes.append(clean(compound))
            let stem = CompoundRegistry.matchName(compound)
            prefixes += CompoundRegistry.suffixes.map { stem + $0 }
            prefixes.append(stem)
        }
        for prefix in prefixes.sorted(by: { $0.count > $1.count }) where !prefix.isEmpty {
            if value.hasPrefix(prefix), value.count > prefix.count {
                value.removeFirst(prefix.count)
                break
            }
        }
        for (word, folded) in kindSynonyms { value = value.replacingOccurrences(of: word, with: folded) }
        // The 号 or # after a number: 2号充电桩 and 充电桩2 are both the charger numbered 2.
        var result = ""
        var previous: Character?
        for character in value {
            if character == "号" || character == "#", let previous, previous.isASCII, previous.isNumber {
                continue
            }
            result.append(character)
            previous = character
        }
        return result
    }

    /// Whether two names say the same: equal kind, numbers and technology once read as facility match names
    /// (`matchName` with the spellings of the compound both belong to). Two missing names are the same.
    static func sameMatchKey(_ a: String?, _ b: String?, compound: [String]) -> Bool {
        let key = { (name: String?) -> (String, [String], Set<String>) in
            let (rest, technologies) = withoutTechnologies(matchName(name ?? "", compounds: compound))
            let (kind, numbers) = numberedKind(rest)
            return (kind, numbers, technologies)
        }
        let x = key(a), y = key(b)
        return x.0 == y.0 && x.1 == y.1 && x.2 == y.2
    }

    /// The match name's numbers, and the match name without them: 2充电桩 and 充电桩2 are (充电桩, [2]).
    static func numberedKind(_ matchName: String) -> (kind: String, numbers: [String]) {
        var kind = "", numbers: [String] = [], digits = ""
        for character in matchName {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                if !digits.isEmpty { numbers.append(digits); digits = "" }
                kind.append(character)
            }
        }
        if !digits.isEmpty { numbers.append(digits) }
        return (kind, numbers)
    }
}
