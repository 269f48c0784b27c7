/// A former door, group or village written in brackets inside an address (`马岩村4组6号(原5号)`,
/// `马岩村4组（原3组）6号`, `寨桂村1组3号（原马岩村）`, `寨桂村1组3号(原马岩村4组)`): where the house was numbered or
/// placed before a renumbering or a merger of villages. It says nothing of where the house is now, so it is taken
/// out of the text before the address is read and kept as a remark, as `301室（原2栋3单元）` keeps its own: never a
/// building (`5栋` of `6号原5号`), a compound (`原马岩村`) or part of the door (`4组原3组6号`) (trial fringe, finding 3).
/// A compound's former name in brackets (`金叶苑（原烟草局宿舍）`) is no such address and is left to the compound's
/// reading (`CompoundRename`).
extension AddressParser {
    /// `text` with its bracketed former addresses replaced by a space, and those addresses (without their brackets,
    /// cleaned as the parser reads them: `原5号`) as one remark; `text` unchanged and nil when it writes none.
    static func formerAddressesTakenOut(_ text: String) -> (text: String, remark: String?) {
        guard text.contains("原") else { return (text, nil) }
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

    /// `words` cleaned (`原5号`) when they are a former address: 原, then a door, a group or a village (ending 号, 组,
    /// 村 or 社区: `原5号`, `原3组`, `原马岩村`, `原马岩村4组6号`); nil for anything else (`原烟草局宿舍`, `原2栋3单元`).
    private static func formerAddress(_ words: Substring) -> String? {
        let scalars = AddressText.scalars(of: String(words))
        guard scalars.count >= 3, scalars.count <= 20, scalars.first == formerMark, let last = scalars.last else { return nil }
        let endsAsPlace = last == Scalars.hao || last == Scalars.zu || last == Scalars.cun
            || AddressText.hasSuffix(placeCommunityWord, in: scalars[...])
        return endsAsPlace ? AddressText.string(scalars) : nil
    }

    private static let formerMark: UInt32 = 0x539F   // 原
    private static let placeCommunityWord = AddressText.scalars(ofLiteral: "社区")
    private static let openingBrackets: Set<Character> = ["(", "（", "[", "【", "〔", "［"]
    private static let closingBrackets: Set<Character> = [")", "）", "]", "】", "〕", "］"]
}
