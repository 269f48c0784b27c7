/// A former door, group or village written in brackets inside an address (`马岩村4组6号(原5号)`, `6号（旧5号）`,
/// `马岩村4组（原3组）6号`, `寨桂村1组3号（原马岩村）`, `寨桂村1组3号(原马岩村4组)`): where the house was numbered or
/// placed before a renumbering or a merger of villages. It says nothing of where the house is now, so it is taken
/// out of the text before the address is read and kept as a remark, as `301室（原2栋3单元）` keeps its own: never a
/// building (`5栋` of `6号原5号`), a compound (`原马岩村`) or part of the door (`4组原3组6号`) (trial fringe, finding 3).
/// So is a compound's former name in brackets after its present one (`金叶苑（原烟草局宿舍）3栋`): the compound is
/// 金叶苑, as a compound column's `金叶苑（原烟草局宿舍）` reads (`CompoundRename`).
extension AddressParser {
    /// `text` with its bracketed former addresses replaced by a space, and those addresses (without their brackets,
    /// cleaned as the parser reads them: `原5号`) as one remark; `text` unchanged and nil when it writes none.
    static func formerAddressesTakenOut(_ text: String) -> (text: String, remark: String?) {
        guard text.contains(where: { formerMarks.contains($0) }) else { return (text, nil) }
        var kept = ""
        var remarks: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { openingBrackets.contains($0) }) {
            kept += rest[..<open]
            let inside = rest[rest.index(after: open)...]
            guard let close = inside.firstIndex(where: { closingBrackets.contains($0) || openingBrackets.contains($0) }),
                  closingBrackets.contains(inside[close]), let former = formerAddress(inside[..<close]) else {
                kept.append(rest[open])
                rest = inside
                continue
            }
            remarks.append(former)
            kept += " "
            rest = inside[inside.index(after: close)...]
        }
        kept += rest
        return remarks.isEmpty ? (text, nil) : (kept, remarks.joined(separator: " "))
    }

    /// `words` cleaned (`原5号`) when they are a former address: a former mark (原, 旧, 老, 原门牌, 老门牌, 曾用名：…),
    /// then a door, a group or a village (ending 号, 组, 村 or 社区: `原5号`, `旧5号`, `老门牌5号`, `原3组`, `原马岩村`,
    /// `原马岩村4组6号`); or several notes a comma apart of which one is such (`现6号，原5号`, `原5号，门牌已换`: trial
    /// recheck finding 2); nil for anything else (`原烟草局宿舍`, `原2栋3单元`).
    private static func formerAddress(_ words: Substring) -> String? {
        let parts = words.split(whereSeparator: { "，,、；;".contains($0) })
        guard parts.count <= 3, words.count <= 30,
              parts.contains(where: { isFormerPlace($0) }) || (parts.count == 1 && isFormerName(words)) else { return nil }
        return parts.map { AddressText.string(AddressText.scalars(of: String($0))) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// One note of a bracket: a former mark, then a door, a group or a village.
    private static func isFormerPlace(_ note: Substring) -> Bool {
        let trimmed = note.trimmingCharacters(in: .whitespaces)
        guard let mark = formerPrefixes.first(where: { trimmed.hasPrefix($0) }) else { return false }
        var place = trimmed.dropFirst(mark.count)
        if let colon = place.first, colon == "：" || colon == ":" { place = place.dropFirst() }
        let scalars = AddressText.scalars(of: String(place))
        guard scalars.count >= 2, scalars.count <= 18, let last = scalars.last else { return false }
        return last == Scalars.hao || last == Scalars.zu || last == Scalars.cun
            || AddressText.hasSuffix(placeCommunityWord, in: scalars[...])
    }

    /// A compound's former name (`原金滩花园`, `曾用名：烟草局宿舍`, `又名东山小区`): a former-name word, then a name of two
    /// to fifteen characters without digits. In an address the compound's present name stands before it
    /// (`金滩小区（原金滩花园）3栋2单元501室` is 金滩小区, trial recheck finding 2), as a compound column's brackets are
    /// read (`CompoundRename`).
    private static func isFormerName(_ words: Substring) -> Bool {
        let trimmed = words.trimmingCharacters(in: .whitespaces)
        guard let mark = formerNameWords.first(where: { trimmed.hasPrefix($0) }) else { return false }
        var name = trimmed.dropFirst(mark.count)
        while let first = name.first, ":：是为 ".contains(first) { name = name.dropFirst() }
        return (2...15).contains(name.count) && name.allSatisfy { ch in
            ch.unicodeScalars.allSatisfy { AddressText.isCJK($0.value) && !AddressText.isNumeral($0.value) }
        }
    }

    /// Words before a compound's former name, longest first (as `CompoundRename` reads them).
    private static let formerNameWords = ["曾用名", "原小区名", "原名称", "原名", "曾名", "旧名", "旧称", "又名", "别名", "原称", "原"]

    /// Words that begin a former address, longest first.
    private static let formerPrefixes = ["曾用门牌号", "原门牌号", "老门牌号", "旧门牌号", "曾用门牌", "原门牌", "老门牌", "旧门牌",
                                         "曾用名", "曾用地址", "原地址", "原址", "原", "旧", "老"]
    private static let formerMarks: Set<Character> = ["原", "旧", "老", "曾", "又", "别"]
    private static let placeCommunityWord = AddressText.scalars(ofLiteral: "社区")
    private static let openingBrackets: Set<Character> = ["(", "（", "[", "【", "〔", "［"]
    private static let closingBrackets: Set<Character> = [")", "）", "]", "】", "〕", "］"]
}
