import Foundation
import RongtongExtract
import RongtongStaging

/// A household's `members` value: a JSON array (of names, or of objects such as `{"姓名":"乙女","关系":"女"}`) or
/// text separated by `,，、;；|/` or spaces (a census's one cell, `张三(户主)、李四(妻)、张五(长子)`). Its length fills
/// `member_count` when the source gives no count; the names and resident IDs of its members are remembered
/// (`people`), whether an object holds them or a plain item is one (`李四`, `李四(妻)`).
///
/// ```swift
/// let members = MemberList(#"[{"姓名":"甲","关系":"户主"},{"姓名":"甲子","关系":"户主之子"}]"#)
/// members.count + (members.namesHead(named: "甲") ? 0 : 1)   // 2
/// ```
struct MemberList {
    /// The texts each member item holds: a plain item's own text, an object's values.
    private let items: [[String]]
    /// The members listed: each one's name, and each value written like a resident ID (checked by the caller, who
    /// leaves out the head's own). From an object (`{"姓名":"乙女","身份证号":"…","@关系":"妻"}`), or from a plain
    /// item that names someone (`乙女`, `乙女(妻)`, `乙女（520102…）`; see `listedPerson`). A plain item marked as
    /// the head (`甲(户主)`) is not one of them: the record's head is its own.
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
            var items: [[String]] = [], people: [(name: String?, ids: [String])?] = []
            items.reserveCapacity(list.count)
            for item in list {
                switch item {
                case .text(let value):
                    if MemberList.isPhone(value) { continue }
                    items.append([TextCleaning.clean(value)])
                    people.append(MemberList.listedPerson(value))
                case .object(let pairs):
                    items.append(pairs.map { TextCleaning.clean($0.value) })
                    people.append(MemberList.person(pairs.sorted(by: { $0.key < $1.key })))
                }
            }
            (self.items, self.people, repeats) = MemberList.withoutRepeats(items, people)
        } else if trimmed.hasPrefix("["), let data = trimmed.data(using: .utf8),
           let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            var items: [[String]] = [], people: [(name: String?, ids: [String])?] = []
            items.reserveCapacity(array.count)
            for item in array {
                guard let object = item as? [String: Any] else {
                    if MemberList.isPhone(MemberList.text(item)) { continue }
                    items.append([TextCleaning.clean(MemberList.text(item))])
                    people.append(MemberList.listedPerson(MemberList.text(item)))
                    continue
                }
                items.append(object.values.map { TextCleaning.clean(MemberList.text($0)) })
                people.append(MemberList.person(object.sorted(by: { $0.key < $1.key }).map { (key: $0.key, value: MemberList.text($0.value)) }))
            }
            (self.items, self.people, repeats) = MemberList.withoutRepeats(items, people)
        } else {
            let texts = MemberList.withoutPhones(trimmed.split(whereSeparator: { ",，、;；|/ ".contains($0) }).map(String.init))
            (items, people, repeats) = MemberList.withoutRepeats(texts.map { [$0] }, texts.map(MemberList.listedPerson))
        }
    }

    /// The list without the members written twice (`withoutRepeats`): how many were left out, each a repeat of a
    /// member listed before it. The caller warns of them (`several_values`).
    let repeats: Int

    /// `items` without the items that repeat an earlier one, with the people they name, and how many were left out.
    /// `people[i]` is the person `items[i]` names, or nil for an item naming no one (`妻`, a relationship alone).
    /// A repeat is one person written twice (an export joining the member table twice, a head's `<人>` copied): an
    /// item sharing a resident ID with an earlier one (the same person, whatever else is written); or, where neither
    /// holds an ID, an item naming someone that is written exactly as an earlier one (the same name, and every other
    /// value the same: `{"姓名":"测孙二","关系":"子"}` twice). Items naming no one are never repeats: `["子","子"]` are
    /// two sons. Two members who share a name but differ in anything else (relationship, birth date) stay two.
    static func withoutRepeats(_ items: [[String]], _ people: [(name: String?, ids: [String])?])
        -> (items: [[String]], people: [(name: String?, ids: [String])], repeats: Int) {
        var keptItems: [[String]] = [], keptPeople: [(name: String?, ids: [String])] = []
        var seenIDs = Set<String>(), seenWhole = Set<[String]>()
        var repeats = 0
        for (texts, person) in zip(items, people) {
            if let person {
                let ids = person.ids.map { $0.uppercased() }
                let whole = texts.sorted()
                let repeated = ids.isEmpty
                    ? person.name.map { !$0.isEmpty } ?? false && seenWhole.contains(whole)
                    : ids.contains(where: seenIDs.contains)
                if repeated {
                    repeats += 1
                    continue
                }
                seenIDs.formUnion(ids)
                if ids.isEmpty { seenWhole.insert(whole) }
                keptPeople.append(person)
            }
            keptItems.append(texts)
        }
        return (keptItems, keptPeople, repeats)
    }

    /// Whether a plain item of a list is a phone number, which names no member (`["测甲妻","13800000030"]`,
    /// `电话：13800000030`): a number and perhaps a label, no name (`测乙妻(13800000033)` names 测乙妻).
    private static func isPhone(_ item: String) -> Bool {
        var text = TextCleaning.clean(item)
        guard text.utf8.count >= 7 else { return false }
        for label in phoneLabels where text.contains(label) { text = text.replacingOccurrences(of: label, with: "") }
        return !text.contains(where: \.isLetter) && PhoneNumber.parse(text) != nil
    }

    /// Words a phone is written after in a member list (`电话:138…`, `tel 138…`).
    private static let phoneLabels = ["联系电话", "联系方式", "手机号码", "手机号", "电话号码", "电话", "手机", "座机", "tel", "Tel", "TEL"]

    /// The items of a list written as text without its phone numbers, which name no member whatever separates them
    /// from the names (`测甲妻 13800000030`, `测丁妻、13800000036`, `测甲妻 138 0000 0030`): an item that is a phone,
    /// and a run of items of digits (and `+-()`) that together read as one.
    private static func withoutPhones(_ texts: [String]) -> [String] {
        func isDigits(_ text: String) -> Bool {
            text.unicodeScalars.contains { $0.properties.numericType != nil }
                && text.unicodeScalars.allSatisfy { $0.properties.numericType != nil || "+-()".unicodeScalars.contains($0) }
        }
        var kept: [String] = []
        var run: [String] = []
        func endRun() {
            if !run.isEmpty, !isPhone(run.joined(separator: " ")) { kept += run.filter { !isPhone($0) } }
            run.removeAll()
        }
        for text in texts {
            if isDigits(text) {
                run.append(text)
                continue
            }
            endRun()
            if !isPhone(text) { kept.append(text) }
        }
        endRun()
        return kept
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

    /// The member a plain item names: `李四`, `李四(妻)`, `李四（长子）` (its relationship in brackets, full- or
    /// half-width), `李四(520102…)` or an ID alone (a resident ID in the brackets, or the item, is read as the
    /// member's ID). Nil for an item marked as the head (`张三(户主)`, `本人`), an item that is only a relationship
    /// (`妻`, `长子`, `户主之子`, `其他亲属`), and one that is no name (`NotAPersonName`: a phone, a number).
    static func listedPerson(_ item: String) -> (name: String?, ids: [String])? {
        var text = MemberSelector.comparable(item)
        var ids: [String] = []
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let inside = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            let comparableInside = MemberSelector.comparable(inside)
            if isHeadRelationship(comparableInside) { return nil }
            if isResidentIDShaped(comparableInside) { ids.append(comparableInside) }
            text = MemberSelector.comparable(String(text[..<open]))
        }
        if isResidentIDShaped(text) { return (nil, ids + [text]) }
        guard !text.isEmpty, !isHeadRelationship(text), !isRelationshipWord(text),
              NotAPersonName.kind(of: text) == nil else { return ids.isEmpty ? nil : (nil, ids) }
        return (text, ids)
    }

    /// Whether `text` is written like a resident ID (15 or 18 digits, the last may be X): the caller checks it.
    private static func isResidentIDShaped(_ text: String) -> Bool {
        (15...18).contains(text.utf8.count) && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "x")
        }
    }

    /// Whether a plain item is a relationship and no name: a kinship word, with an order before it (`长子`, `次女`,
    /// `三儿子`, `外孙女`), or a word about the head (`户主之子`, `非户主亲属`), or another relative (`其他亲属`).
    static func isRelationshipWord(_ text: String) -> Bool {
        if text.contains("户主") || text.contains("本人") || text.hasSuffix("亲属") { return true }
        var word = Substring(text)
        while !kinshipWords.contains(String(word)) {
            guard word.count > 1, let first = word.first, relationshipOrders.contains(first) else { return false }
            word = word.dropFirst()
        }
        return true
    }

    /// What a relationship may start with: an order among siblings (`长`, `次`, `三`, `小`, `幺`), a side of the
    /// family (`外`, `堂`, `表`, `继`, `养`), a generation (`曾`, `玄`).
    private static let relationshipOrders: Set<Character> = ["长", "次", "大", "二", "三", "四", "五", "六", "七", "八",
                                                             "九", "小", "幺", "老", "外", "堂", "表", "继", "养", "曾", "玄"]
    /// Kinship words a member list writes as a relationship (after any order, `relationshipOrders`).
    private static let kinshipWords: Set<String> = [
        "妻", "妻子", "夫", "丈夫", "配偶", "爱人", "老伴", "子", "儿", "儿子", "女", "女儿", "子女", "孙", "孙子",
        "孙女", "孙媳", "孙媳妇", "孙女婿", "父", "母", "父亲", "母亲", "父母", "爸爸", "妈妈", "公公", "婆婆", "岳父",
        "岳母", "祖父", "祖母", "爷爷", "奶奶", "外公", "外婆", "媳", "儿媳", "媳妇", "儿媳妇", "女婿", "婿", "兄",
        "弟", "姐", "妹", "哥", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹", "兄弟姐妹", "嫂", "嫂子", "弟媳",
        "姐夫", "妹夫", "侄", "侄子", "侄女", "甥", "外甥", "外甥女", "孙辈", "叔", "叔叔", "伯", "伯父", "伯母",
        "舅", "舅舅", "舅妈", "姑", "姑姑", "姨", "阿姨", "婶", "婶婶", "亲属", "其他", "其它", "非亲属", "保姆",
        "同住", "同住人", "租户", "借住",
    ]

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

    /// Whether `value` under `key` says who a person is: a name under a name key (`姓名`, `@姓名`, `xm`), or a text
    /// written like a resident ID. Copies of one element naming one person agree on these (`FieldPlan.copiesOfOneElement`).
    static func namesPerson(key: String, value: String) -> Bool {
        nameKeys.contains(leafKey(key)) || isResidentIDShaped(TextCleaning.clean(value))
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
