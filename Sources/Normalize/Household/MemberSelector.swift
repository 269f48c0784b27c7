import Foundation
import RongtongConfig

/// `group[key=word|word]/leaf`: the `leaf` of the member of a repeated `group` whose `key` is one of the words.
/// The key and the leaf are each an element or an attribute, whichever way it is written (`@姓名` reads `姓名`).
///
/// Words and values compare cleaned (full-width `（）` as `()`, spaces removed): `本人（户主）` in the mapping matches
/// `本人(户主)` and `本人 （户主）` in the feed. A selector listing a head word (`户主` or `本人`) matches every way
/// of writing the head's relationship that `MemberList` knows (`户主本人`, `户主(本人)`, `本人（户主）`,
/// `与户主关系:本人`), so `[与户主关系=户主|本人]` finds the head whichever of them the registry writes.
struct MemberSelector: Sendable {
    let mapping: String
    let group: String
    let key: String
    /// The words as compared: cleaned, without spaces.
    let words: Set<String>
    let leaf: String
    /// `key=word|word` as written between the brackets, for messages.
    let condition: String
    /// Whether a word is the head (`户主`, `本人`, `户主(本人)` …): then every spelling of the head matches.
    let selectsHead: Bool

    /// Nil when `mapping` is a plain field name.
    init?(mapping: String) {
        guard let open = mapping.firstIndex(of: "["), let close = mapping[open...].firstIndex(of: "]"),
              let equals = mapping[open..<close].firstIndex(of: "=") else { return nil }
        let after = mapping[mapping.index(after: close)...]
        guard after.hasPrefix("/"), after.count > 1, open > mapping.startIndex else { return nil }
        self.mapping = mapping
        group = String(mapping[..<open])
        key = mapping[mapping.index(after: open)..<equals].trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "@"))
        words = Set(mapping[mapping.index(after: equals)..<close].split(separator: "|")
            .map { MemberSelector.comparable(String($0)) }.filter { !$0.isEmpty })
        leaf = String(after.dropFirst())
        condition = String(mapping[mapping.index(after: open)..<close])
        selectsHead = words.contains(where: MemberList.isHeadRelationship)
        guard !key.isEmpty, !words.isEmpty else { return nil }
    }

    /// `text` as words and values compare: cleaned (full-width forms folded), without spaces, and without the
    /// punctuation a typist left at either end (`户主；`, `户主。`).
    static func comparable(_ text: String) -> String {
        var cleaned = TextCleaning.clean(text)
        if cleaned.utf8.contains(UInt8(ascii: " ")) { cleaned = cleaned.replacingOccurrences(of: " ", with: "") }
        return cleaned.trimmingCharacters(in: MemberSelector.strayPunctuation)
    }

    private static let strayPunctuation = CharacterSet(charactersIn: ";,.:、。")

    /// Whether a member whose `key` holds `value` is the one chosen.
    func matches(_ value: String) -> Bool {
        let word = MemberSelector.comparable(value)
        return words.contains(word) || (selectsHead && MemberList.isHeadRelationship(word))
    }

    /// The names a member may hold the leaf under, as written first: the leaf's last step as an element or as an
    /// attribute (`@姓名` also reads `姓名`, and `姓名` reads `@姓名`), as the key matches both and as members of
    /// one 户 write it either way.
    var leafSpellings: [String] {
        let cut = leaf.lastIndex(of: "/").map { leaf.index(after: $0) } ?? leaf.startIndex
        let step = leaf[cut...]
        guard !step.isEmpty, step != "@" else { return [leaf] }
        let other = step.hasPrefix("@") ? String(step.dropFirst()) : "@" + step
        return [leaf, String(leaf[..<cut]) + other]
    }

    /// The plain field names a record with a single member holds instead of the group's array: XML's path of a
    /// lone element (`group/key`, `group/@key`, `group/leaf`, `group/@leaf`), and JSON's dotted names of an object
    /// in place of a one-element array (`group.key`, `group.@key`, `group.leaf`, `group.@leaf`). The leaf's names
    /// come in `leafSpellings` order, the one written first.
    var singleMemberFields: (keys: [String], leaves: [String]) {
        (["\(group)/\(key)", "\(group)/@\(key)", "\(group).\(key)", "\(group).@\(key)"],
         leafSpellings.flatMap { ["\(group)/\($0)", "\(group).\($0)"] })
    }

    /// The chosen member's leaf, from the group's JSON array or else from a single member's fields.
    func pick(group array: String?, keys: [String?], leaves: [String?]) -> String? {
        if let array, let data = array.data(using: .utf8),
           let members = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            for case let member as [String: Any] in members {
                if let value = MemberSelector.keyValue(of: member, key: key), matches(value) {
                    // The leaf as written, else its other form (an element for an attribute, or the reverse).
                    let held = leafSpellings.compactMap { member[$0].map { "\($0)" } }
                    return held.first { !TextCleaning.clean($0).isEmpty } ?? held.first
                }
            }
            return nil
        }
        guard keys.contains(where: { $0.map(matches) ?? false }) else { return nil }
        let held = leaves.compactMap { $0 }
        return held.first { !TextCleaning.clean($0).isEmpty } ?? held.first
    }

    /// The `key` values of the members when the record has members and none of them is chosen (`["妻", "子"]`,
    /// empty when they hold no `key`); nil when a member is chosen or the record holds no member at all.
    func unmatchedValues(group array: String?, keys: [String?]) -> [String]? {
        if let array, let data = array.data(using: .utf8),
           let members = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            let objects = members.compactMap { $0 as? [String: Any] }
            guard !objects.isEmpty else { return nil }
            let values = objects.compactMap { MemberSelector.keyValue(of: $0, key: key) }
            return values.contains(where: matches) ? nil : values.map(TextCleaning.clean)
        }
        // A single member's own fields: the first of its key's spellings that it holds.
        guard let value = keys.lazy.compactMap({ $0 }).first(where: { !TextCleaning.clean($0).isEmpty }) else { return nil }
        return matches(value) ? nil : [TextCleaning.clean(value)]
    }

    private static func keyValue(of member: [String: Any], key: String) -> String? {
        (member[key] ?? member["@\(key)"]).map { "\($0)" }
    }
}
