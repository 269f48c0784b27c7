import Foundation
import RongtongConfig

/// What `FieldPlan` reads in a source field's name and in a cell's text, whatever the batch: whether a mapping
/// occurs among a file's columns (member selectors, lone objects, the one field below an element), and how a
/// cell holding several values, an empty container or a label is read.
extension FieldPlan {
    /// Whether the source field `mapping` names occurs among a file's `columns`. A member selector
    /// (`成员列表/成员[关系=户主]/姓名`) occurs when its group does, or a single member's leaf (`成员列表/成员/姓名`,
    /// `members.name`): whether the chosen member has the leaf is a question of each record, not of the file.
    public static func occurs(_ mapping: String, among columns: Set<String>) -> Bool {
        if columns.contains(mapping) { return true }
        guard let selector = MemberSelector(mapping: mapping) else { return false }
        return columns.contains(selector.group) || selector.singleMemberFields.leaves.contains(where: columns.contains)
    }

    /// The one field of the file below `name` (`改造内容/项` below `改造内容`, `content.items` below `content`), when
    /// `name` itself never occurs: an element whose only content is a (repeated) child. Nil when it has several
    /// fields below it (`住址/省`, `住址/市`: no one of them is the whole) or none.
    public static func onlyFieldBelow(_ name: String, among columns: [String]) -> String? {
        guard !name.isEmpty, MemberSelector(mapping: name) == nil else { return nil }
        let below = columns.filter { $0.hasPrefix(name + "/") || $0.hasPrefix(name + ".") }
        return below.count == 1 ? below[0] : nil
    }

    /// The parts of a member selector (`成员列表/成员[与户主关系=户主|本人]/姓名`): its repeated group, the leaf it
    /// reads of the chosen member, the names a member may hold that leaf under (`姓名`, `@姓名`: an element or an
    /// attribute, as written first), and the plain names a record of a single member holds it under
    /// (`成员列表/成员/姓名`); nil for a plain name.
    public static func memberSelector(_ mapping: String)
        -> (group: String, leaf: String, leafSpellings: [String], singleMemberLeaves: [String])? {
        MemberSelector(mapping: mapping).map { ($0.group, $0.leaf, $0.leafSpellings, $0.singleMemberFields.leaves) }
    }

    /// Whether a member's relationship `text` names the head (`户主`, `本人`, `户主(本人)` …).
    public static func isHeadRelationship(_ text: String) -> Bool {
        MemberList.isHeadRelationship(MemberSelector.comparable(text))
    }

    /// The repeated group a list field's mapping reads into and the leaf it names in each member
    /// (`成员列表/成员/标签` → `成员列表/成员`, `标签`; `members.tags` → `members`, `tags`): the longest part of the name,
    /// cut at a `/` or `.`, that is a field of the file. Nil when the name is a field itself, a member selector, or
    /// no part of it is a field.
    public static func repeatedGroupLeaf(_ mapping: String, among columns: Set<String>) -> (group: String, leaf: String)? {
        guard MemberSelector(mapping: mapping) == nil else { return nil }
        var end = mapping.endIndex
        while let cut = mapping[..<end].lastIndex(where: { $0 == "/" || $0 == "." }), cut > mapping.startIndex {
            let group = String(mapping[..<cut]), leaf = String(mapping[mapping.index(after: cut)...])
            if !leaf.isEmpty, columns.contains(group) { return (group, leaf) }
            end = cut
        }
        return nil
    }

    /// Every member's `leaf` (an element or an attribute: `标签` also reads `@标签`, and `@标签` reads `标签`) in a
    /// repeated group's JSON array, as a JSON array of texts (`["残疾","留守儿童"]`), members without it left out; nil
    /// when no member holds it or `group` is not an array of members.
    static func leafOfEveryMember(_ group: String?, leaf: String) -> String? {
        guard let group, group.utf8.first == UInt8(ascii: "["), let data = group.data(using: .utf8),
              let members = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return nil }
        let bare = leaf.hasPrefix("@") ? String(leaf.dropFirst()) : leaf
        var texts: [String] = []
        func add(_ value: Any) {
            switch value {
            case let string as String: if !TextCleaning.clean(string).isEmpty { texts.append(string) }
            case let number as NSNumber: texts.append(number.stringValue)
            case let list as [Any]: list.forEach(add)
            default: break
            }
        }
        for case let member as [String: Any] in members {
            if let value = member[leaf] ?? member[bare] ?? member["@" + bare] { add(value) }
        }
        guard !texts.isEmpty, let json = try? JSONSerialization.data(withJSONObject: texts),
              let text = String(data: json, encoding: .utf8) else { return nil }
        return text
    }

    /// The objects of a repeated group's JSON array (`[{"@姓名":"测双甲",…},{…}]`), or nil when `text` is not a list
    /// of objects only.
    static func objects(_ text: String) -> [[String: Any]]? {
        guard text.utf8.first == UInt8(ascii: "["), let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any], !array.isEmpty else { return nil }
        let objects = array.compactMap { $0 as? [String: Any] }
        return objects.count == array.count ? objects : nil
    }

    /// The keys (as written, sorted) to which two objects give different non-empty values: compared as cleaned text.
    static func differingKeys(_ objects: [[String: Any]]) -> [String] {
        func text(_ value: Any) -> String? {
            switch value {
            case let string as String: let cleaned = TextCleaning.clean(string); return cleaned.isEmpty ? nil : cleaned
            case let number as NSNumber: return number.stringValue
            case is NSNull: return nil
            default:
                guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
                return String(data: data, encoding: .utf8)
            }
        }
        var seen: [String: Set<String>] = [:]
        for object in objects {
            for (key, value) in object { if let text = text(value) { seen[key, default: []].insert(text) } }
        }
        return seen.filter { $0.value.count > 1 }.map(\.key).sorted()
    }

    /// The copies of one element written more than once in a record (`[{"@姓名":"测双甲","@公民身份号码":"…"},
    /// {"@姓名":"测双甲","@公民身份号码":"…","@联系电话":"…"}]`: the head's `<户主>` written by a vendor's old and new
    /// module): at least two objects naming one person, so that they describe one element, not one per member. Every
    /// copy gives a name (under a name key) or a text written like a resident ID, and no two copies give such a key
    /// two different values (an ID compared in upper case). With the keys they give other values (another phone).
    /// Nil otherwise (members with their own names, members naming no one, a list of texts).
    static func copiesOfOneElement(_ group: String?) -> (copies: [[String: Any]], differing: [String])? {
        guard let group, let objects = objects(group), objects.count > 1 else { return nil }
        let differing = differingKeys(objects.map { $0.mapValues { value -> Any in
            (value as? String).map { TextCleaning.clean($0).uppercased() } ?? value
        } })
        var personKeys = Set<String>()
        for object in objects {
            let keys = object.compactMap { key, value in
                (value as? String).flatMap { MemberList.namesPerson(key: key, value: $0) ? key : nil }
            }
            guard !keys.isEmpty else { return nil }
            personKeys.formUnion(keys)
        }
        guard personKeys.isDisjoint(with: differing) else { return nil }
        return (objects, differingKeys(objects))
    }

    /// The fields of a JSON object written in place of a one-element array named `list`, as XML-to-JSON converters
    /// do (`"members":{"姓名":"赵二","关系":"子"}` is read as `members.姓名`, `members.关系`): each with its key in
    /// the object.
    static func loneObjectFields(of list: String, among columns: [String]) -> [(key: String, field: String)] {
        let prefix = list + "."
        return columns.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
            .map { (String($0.dropFirst(prefix.count)), $0) }
    }

    /// Whether the list field `mapping` (`members`) occurs among a file's `columns`, as the list itself or as a
    /// lone object's fields.
    public static func occurs(list mapping: String, among columns: Set<String>) -> Bool {
        occurs(mapping, among: columns) || !loneObjectFields(of: mapping, among: Array(columns)).isEmpty
    }

    /// How many different values a repeated field's text holds, or nil when it is not repeated or they agree.
    static func differentValueCount(_ text: String) -> Int? {
        guard let repeated = FieldPlan.repeatedValues(text) else { return nil }
        let count = Set(repeated.map(TextCleaning.clean)).count
        return count > 1 ? count : nil
    }

    /// Whether `text` is a JSON object or list holding nothing: `{}`, `[]`, or a list of empty strings and nulls
    /// (`[""]`, `[null]`). JSON extractors write an empty nested object as `{}`.
    static func isEmptyContainer(_ text: String) -> Bool {
        let trimmed = TextCleaning.clean(text)
        if trimmed == "{}" || trimmed == "[]" { return true }
        guard trimmed.first == "[" || trimmed.first == "{", let data = trimmed.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data) else { return false }
        func isEmpty(_ value: Any) -> Bool {
            switch value {
            case let string as String: return TextCleaning.clean(string).isEmpty
            case is NSNull: return true
            case let array as [Any]: return array.allSatisfy(isEmpty)
            case let object as [String: Any]: return object.values.allSatisfy(isEmpty)
            default: return false
            }
        }
        return isEmpty(value)
    }

    /// Whether `text` is a JSON list of objects: a repeated group of elements, as XML's `<小区>` twice.
    static func isListOfObjects(_ text: String) -> Bool {
        guard text.utf8.first == UInt8(ascii: "["), let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any], !array.isEmpty else { return false }
        return array.contains { $0 is [String: Any] }
    }

    /// The non-empty texts of a repeated field as the extractors write it (a JSON array of strings or numbers), or
    /// nil when `text` is not one.
    static func repeatedValues(_ text: String) -> [String]? {
        guard text.first == "[", text.last == "]", let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return nil }
        var values: [String] = []
        for item in array {
            switch item {
            case let string as String: if !TextCleaning.clean(string).isEmpty { values.append(string) }
            case let number as NSNumber: values.append(number.stringValue)
            case is NSNull: continue
            default: return nil
            }
        }
        return values.isEmpty ? nil : values
    }

    /// `text` without a leading label that is one of `labels` and its colon, `：` or `:` (`户主：测孙八`, ` 户主 : 测孙八`
    /// → `测孙八`; `户主：` → ``); `text` as written when it starts otherwise (`10:30`, `测孙八`).
    static func withoutLabel(_ text: String, labels: Set<String>) -> String {
        // A label is a few words: the colon is looked for among the first bytes only, as bytes (most values have none).
        let bytes = text.utf8
        var index = bytes.startIndex
        var scanned = 0
        while index < bytes.endIndex, scanned < 40 {
            let byte = bytes[index]
            var width = 0
            if byte == 0x3A {
                width = 1
            } else if byte == 0xEF, text.utf8[index...].starts(with: [0xEF, 0xBC, 0x9A]) {
                width = 3
            }
            if width > 0 {
                let label = text[..<index].filter { !$0.isWhitespace }
                guard !label.isEmpty, labels.contains(label) else { return text }
                return text[bytes.index(index, offsetBy: width)...].trimmingCharacters(in: .whitespaces)
            }
            index = bytes.index(after: index)
            scanned += 1
        }
        return text
    }

    /// The last step of a source field's name, as a cell's label would say it: `户主/姓名` → `姓名`, `@户号` → `户号`,
    /// `head.name` → `name`.
    static func lastStep(_ name: String) -> String {
        let step = name.split(whereSeparator: { $0 == "/" || $0 == "." }).last.map(String.init) ?? name
        return step.hasPrefix("@") ? String(step.dropFirst()) : step
    }
}
