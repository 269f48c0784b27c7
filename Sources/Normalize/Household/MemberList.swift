import Foundation
import RongtongExtract
import RongtongStaging

/// A household's `members` value: a JSON array (of names, or of objects such as `{"姓名":"乙女","关系":"女"}`) or
/// text separated by `,，、;；|/` or spaces. Its length fills `member_count` when the source gives no count.
///
/// ```swift
/// let members = MemberList(#"[{"姓名":"甲","关系":"户主"},{"姓名":"甲子","关系":"户主之子"}]"#)
/// members.count + (members.namesHead(named: "甲") ? 0 : 1)   // 2
/// ```
struct MemberList {
    /// The texts each member item holds: a plain item's own text, an object's values.
    private let items: [[String]]
    /// The members given as objects (`{"姓名":"乙女","身份证号":"…","@关系":"妻"}`): each one's name, and each value
    /// in it that is written like a resident ID (checked by the caller).
    let people: [(name: String?, ids: [String])]

    /// `readsWithYAJL: false` reads every JSON list with Foundation, as before yajl read the common ones (a test
    /// compares the two).
    init(_ text: String, readsWithYAJL: Bool = true) {
        let trimmed = TextCleaning.clean(text)
        // The list as the extractors write it (texts, or flat objects of texts), read with yajl; any other JSON goes
        // through Foundation below, as it always did. A `\u` escape goes there too, so that the two never differ on
        // one (a lone surrogate).
        if readsWithYAJL, trimmed.hasPrefix("["), !MemberList.mayHoldUnicodeEscape(trimmed),
           let list = JSONStringList.read(trimmed) {
            var items: [[String]] = [], people: [(name: String?, ids: [String])] = []
            items.reserveCapacity(list.count)
            for item in list {
                switch item {
                case .text(let value):
                    items.append([TextCleaning.clean(value)])
                case .object(let pairs):
                    items.append(pairs.map { TextCleaning.clean($0.value) })
                    people.append(MemberList.person(pairs.sorted(by: { $0.key < $1.key })))
                }
            }
            self.items = items
            self.people = people
        } else if trimmed.hasPrefix("["), let data = trimmed.data(using: .utf8),
           let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            var items: [[String]] = [], people: [(name: String?, ids: [String])] = []
            items.reserveCapacity(array.count)
            for item in array {
                guard let object = item as? [String: Any] else {
                    items.append([TextCleaning.clean(MemberList.text(item))])
                    continue
                }
                items.append(object.values.map { TextCleaning.clean(MemberList.text($0)) })
                people.append(MemberList.person(object.sorted(by: { $0.key < $1.key }).map { (key: $0.key, value: MemberList.text($0.value)) }))
            }
            self.items = items
            self.people = people
        } else {
            items = trimmed.split(whereSeparator: { ",，、;；|/ ".contains($0) }).map { [String($0)] }
            people = []
        }
    }

    /// A member given as an object, from its keys and texts in key order: its name (under the first name key), and
    /// each text written like a resident ID.
    private static func person(_ pairs: [(key: String, value: String)]) -> (name: String?, ids: [String]) {
        var name: String?
        var ids: [String] = []
        for (key, value) in pairs {
            let text = TextCleaning.clean(value)
            if name == nil, MemberList.nameKeys.contains(MemberList.leafKey(key)) { name = text }
            if (15...18).contains(text.utf8.count),
               text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "x") }) {
                ids.append(text)
            }
        }
        return (name, ids)
    }

    /// Whether `text` may hold a `\u` escape (a backslash before a `u`, escaped or not).
    private static func mayHoldUnicodeEscape(_ text: String) -> Bool {
        var afterBackslash = false
        for byte in text.utf8 {
            if afterBackslash, byte == UInt8(ascii: "u") { return true }
            afterBackslash = byte == UInt8(ascii: "\\")
        }
        return false
    }

    /// A JSON value as text: a string as it is (without the reflection `"\(value)"` costs), else its description.
    private static func text(_ value: Any) -> String {
        (value as? String) ?? "\(value)"
    }

    /// Keys a member's name is written under (the last part of a path: `成员/姓名`, `@xm`).
    private static let nameKeys: Set<String> = ["姓名", "名字", "成员姓名", "人员姓名", "name", "xm", "cyxm"]

    private static func leafKey(_ key: String) -> String {
        let last = key.split(whereSeparator: { "/.".contains($0) }).last.map(String.init) ?? key
        return (last.hasPrefix("@") ? String(last.dropFirst()) : last).lowercased()
    }

    var count: Int { items.count }

    /// Whether the registry lists the head among the members: an item whose relationship *is* the head (`户主`,
    /// `本人`, `关系:户主`, `张三(户主)`), or an item naming `headName`. A relationship that only mentions the head
    /// (`户主之子`, `户主的配偶`, `非户主亲属`, `与户主关系:女`) is another member.
    func namesHead(named headName: String?) -> Bool {
        items.contains { texts in
            texts.contains { text in
                MemberList.isHeadRelationship(text) || headName.map { MemberList.sameName(text, $0) } ?? false
            }
        }
    }

    /// Names compare without spaces (`王 芳` is 王芳): the head's name is stored without the spaces typed in it; and
    /// without middle dots (`艾尔肯•吐尔逊` is 艾尔肯·吐尔逊, see `HeadName.undotted`).
    private static func sameName(_ a: String, _ b: String) -> Bool {
        !b.isEmpty && HeadName.undotted(a.replacingOccurrences(of: " ", with: ""))
            == HeadName.undotted(b.replacingOccurrences(of: " ", with: ""))
    }

    /// Relationship words that mean "the head himself".
    private static let headWords: Set<String> = ["户主", "本人", "户主本人", "本人户主", "户主(本人)", "本人(户主)",
                                                 "户主/本人", "本人/户主", "户主、本人", "本人、户主"]
    /// Labels a relationship is sometimes written after (`与户主关系:女`, `关系：户主`).
    private static let relationshipLabels = ["与户主关系", "与户主的关系", "关系"]

    /// `户主`, `本人`, `户主本人`, `户主(本人)`, `本人(户主)`, `户主/本人`, `关系:户主`, `与户主关系：本人`, and a name
    /// followed by one of these in brackets (`张三(户主)`, `张三（本人）`). Full-width forms are folded by
    /// `TextCleaning`; spaces and punctuation left at either end (`户主；`) do not count. `MemberSelector` matches
    /// the head's relationship by it too.
    static func isHeadRelationship(_ text: String) -> Bool {
        var word = MemberSelector.comparable(text)
        for label in relationshipLabels where word.hasPrefix(label) {
            let rest = word.dropFirst(label.count)
            if let mark = rest.first, ":=".contains(mark) {
                word = String(rest.dropFirst())
                break
            }
        }
        if headWords.contains(word) { return true }
        // A name with its relationship in brackets: `张三(户主)`.
        guard word.hasSuffix(")"), let open = word.lastIndex(of: "("), open > word.startIndex else { return false }
        return headWords.contains(String(word[word.index(after: open)..<word.index(before: word.endIndex)]))
    }
}
