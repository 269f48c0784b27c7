import Foundation
import RongtongConfig

/// How a record's values are read through the plan: its key, a field's value or values, a member group's, repeated elements.
extension FieldPlan {
    /// The record's key: the source's own key when it declares one (the first of its fields the record holds
    /// non-empty), else the record number. A keyed record without its key gets `#<record number>`, which no real
    /// key can collide with. A key field the record holds several values of (two `<户号>` elements; `a:户号` and
    /// `b:户号`, ranked by the extractor) gives its first.
    /// A key that is or holds a resident ID (a 残联 list keyed by `身份证号`) is that ID's keyed hash, under
    /// `personalDataKey` when set (see `StoredRecordKey`).
    public func recordKey(in values: [String?], number: Int) -> String {
        guard !recordKeySlots.isEmpty else { return String(number) }
        for slot in recordKeySlots {
            var key = values[slot].map { FieldPlan.repeatedValues($0)?[0] ?? $0 }.map(TextCleaning.clean) ?? ""
            if let whole = FieldPlan.wholeNumberText(key) { key = whole }
            if !key.isEmpty { return personalDataKey.map { StoredRecordKey.of(key, hashingWith: $0) } ?? key }
        }
        return "#\(number)"
    }

    /// The digits of a key written as a whole number in a float's form (`1001.0`, `1.002e3`, `1.002E+03`: a pandas
    /// column of integers with a gap, a JavaScript or Excel number), so that it is the key `1001` and `"1001"` are
    /// (trial recheck finding 3); nil for any other text (`GZ-001`, `3.5`, `0012`). Up to 15 digits, which a double
    /// holds exactly.
    static func wholeNumberText(_ key: String) -> String? {
        let utf8 = key.utf8
        guard utf8.count <= 24, let first = utf8.first, (48...57).contains(first),
              utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
              utf8.allSatisfy({ (48...57).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                  || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") }),
              let value = Double(key), value.isFinite, value >= 1, value < 1e15, value == value.rounded(.towardZero)
        else { return nil }
        return String(Int64(value))
    }

    /// The `record_key_missing` warning of a record keyed by its number although the source declares a key that
    /// occurs in the file (`@户号` on the other records): it is never relinked by key, and the feeder should know.
    public func missingRecordKey(_ key: String, source: SourceConfig) -> NormalizationIssue? {
        guard recordKeyOccurs, key.hasPrefix("#"), let written = source.recordKey else { return nil }
        let fields = source.recordKeys.count == 1 ? "no \(written)" : "none of \(written)"
        return NormalizationIssue(field: written, rule: "record_key_missing", severity: .warning, value: nil,
            message: "the record has \(fields) (record_key); it is keyed \(key) by its record number, so a later export relinks it only by its ID, phone or address")
    }

    /// How many different values the record key's field holds when it is repeated in the record, or nil when it
    /// holds one. `recordKey` takes the first.
    public func repeatedKeyValueCount(in values: [String?]) -> Int? {
        for slot in recordKeySlots {
            guard let text = values[slot], !TextCleaning.clean(text).isEmpty else { continue }
            return FieldPlan.differentValueCount(text)
        }
        return nil
    }

    /// The sentence naming the unread columns that look like what a record lacks (an ID, a name, a place), for the
    /// messages of a household that cannot be identified; nil when there are none. A 户籍 address is said to be
    /// where the hukou is registered, which the residence address is not always: it is read only when mapped.
    /// `except`: columns not to name (an element the head's fields are mapped inside, written twice in the record).
    public func unreadColumnsHint(id: Bool, name: Bool, place: Bool, except: [String] = []) -> String? {
        let kinds = [(id, "an ID", unreadLookalikes.ids), (name, "a name", unreadLookalikes.names),
                     (place, "a place", unreadLookalikes.places)].map { ($0.0, $0.1, $0.2.filter { !except.contains($0) }) }
            .filter { $0.0 && !$0.2.isEmpty }
        guard !kinds.isEmpty else { return nil }
        let what = kinds.map(\.1)
        let said = what.count == 1 ? what[0] : what.dropLast().joined(separator: ", ") + " or " + what[what.count - 1]
        let columns = kinds.flatMap(\.2)
        var hint = "columns that look like \(said) but feed no field: \(columns.prefix(8).joined(separator: ", "))"
        // Whose fields the columns would be: the head's (an ID, a name), the household's (a place), or both.
        let forHead = kinds.contains { $0.1 != "a place" }, forPlace = kinds.contains { $0.1 == "a place" }
        hint += forHead && forPlace ? "; map the head's and the household's under fields:"
            : forHead ? "; map the head's under fields:" : "; map the household's under fields:"
        if place, let registered = unreadLookalikes.places.first(where: { $0.contains("户籍") || $0.contains("户口") }) {
            hint += " (\(registered) is where the hukou is registered, not always where the household lives: it is read as the address only when mapped, fields: {address: \(registered)})"
        }
        return hint
    }

    /// Forgets the unread lookalike columns no record of the file holds a value in (`columnsWithValues` lacks them:
    /// an XML element such as `<住址 详细地址="…"/>` whose attribute is mapped and that has no text of its own), so that
    /// no message advises mapping an empty column; the place note goes too when no place column is left.
    public mutating func forgetEmptyLookalikes(keeping columnsWithValues: Set<String>) {
        let hadPlaces = !unreadLookalikes.places.isEmpty
        unreadLookalikes.ids.removeAll { !columnsWithValues.contains($0) }
        unreadLookalikes.names.removeAll { !columnsWithValues.contains($0) }
        unreadLookalikes.places.removeAll { !columnsWithValues.contains($0) }
        if hadPlaces, unreadLookalikes.places.isEmpty {
            notes.removeAll { $0.field == nil && $0.message.hasPrefix(FieldPlan.noPlaceNote) }
        }
    }

    /// The start of the note on a file whose households nothing places.
    static let noPlaceNote = "no field gives the households a place"

    /// Every unread lookalike column (`unreadLookalikes`), in one list.
    public var unreadLookalikeColumns: [String] {
        unreadLookalikes.ids + unreadLookalikes.places + unreadLookalikes.names
    }

    /// Whether anything feeds `canonical`.
    public func isMapped(_ canonical: String) -> Bool { slotsByCanonical[canonical] != nil }

    /// The first non-empty value for `canonical` in `values`, with the source field it came from. For a field that
    /// holds one value, an empty JSON object or list (`{}`, `[]`, `[""]`) is empty, as `""` and `null` are.
    ///
    /// A single-valued field fed by a repeated source field (two `<身份证号>` elements) gets the first of its values
    /// that `preferring` accepts (a valid resident ID), or else its first value.
    public func value(_ canonical: String, in values: [String?],
                      preferring: ((String) -> Bool)? = nil) -> (field: String, text: String)? {
        guard let fieldRead = reads[canonical] else { return nil }
        let sources = fieldRead.sources, labels = fieldRead.labels, single = fieldRead.single
        /// The slot's value, or nil when it holds none.
        func read(_ slot: Int) -> String? {
            guard var text = values[slot], !TextCleaning.clean(text).isEmpty else { return nil }
            if let first = text.utf8.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "{"), single {
                if let repeated = FieldPlan.repeatedValues(text) {
                    let written = repeated.map { FieldPlan.withoutLabel($0, labels: labels) }
                    text = preferring.flatMap { written.first(where: $0) } ?? written[0]
                    return TextCleaning.clean(text).isEmpty ? nil : text
                }
                // An empty object or list (`"address":{}`, `[]`, `[""]`) holds no value, as "" and null do;
                // nor does a repeated group of elements (`[{"名称":…},…]`): never the list as text.
                if FieldPlan.isEmptyContainer(text) || FieldPlan.isListOfObjects(text) { return nil }
            } else {
                let unlabelled = FieldPlan.withoutLabel(text, labels: labels)
                if unlabelled.utf8.count != text.utf8.count {
                    if TextCleaning.clean(unlabelled).isEmpty { return nil }
                    text = unlabelled
                }
            }
            return text
        }
        for source in sources {
            switch source {
            case .field(let slot):
                if let text = read(slot) { return (sourceFields[slot], text) }
            case .columns(let slots):
                // The first value `preferring` accepts (a mobile number), else the first.
                var first: (field: String, text: String)?
                for slot in slots {
                    guard let text = read(slot) else { continue }
                    if preferring?(text) ?? true { return (sourceFields[slot], text) }
                    if first == nil { first = (sourceFields[slot], text) }
                }
                if let first { return first }
            case .member(let selector, let group, let keys, let leaves):
                if let text = selector.pick(group: values[group], keys: keys.map { values[$0] },
                                            leaves: leaves.map { values[$0] }),
                   !TextCleaning.clean(text).isEmpty {
                    return (selector.mapping, text)
                }
            case .everyMember(let mapping, let group, let leaf):
                if let text = FieldPlan.leafOfEveryMember(values[group], leaf: leaf) { return (mapping, text) }
            case .copies(let mapping, let group, let leaf):
                // The first copy's value (for the ID, the first valid one), as for a leaf written twice.
                if FieldPlan.copiesOfOneElement(values[group]) != nil,
                   let texts = FieldPlan.leafOfEveryMember(values[group], leaf: leaf).flatMap(FieldPlan.repeatedValues),
                   let text = preferring.flatMap({ texts.first(where: $0) }) ?? texts.first {
                    return (mapping, text)
                }
            case .loneObject(let list, let fields):
                var member: [String: String] = [:]
                for (key, slot) in fields { if let text = values[slot] { member[key] = text } }
                // The one member as a one-element JSON array, as the list would have held it.
                if !member.isEmpty, let data = try? JSONSerialization.data(withJSONObject: [member], options: [.sortedKeys]),
                   let text = String(data: data, encoding: .utf8) {
                    return (list, text)
                }
            }
        }
        return nil
    }

    /// The compounds a row covers when its `name` reads a repeated group: a name mapped into it
    /// (`小区列表/小区/名称`, `小区列表/小区/@名称`), to the group itself (`小区列表/小区`, whose members name their
    /// compound under `名称`, `小区名称` or another usual header) or to a repeated leaf (`<小区名称>` twice). One
    /// `values` per member with a name: the record's values, where every field mapped inside the group
    /// (`小区列表/小区/所属街道`) holds that member's value and the name's field holds its name. Nil when the first
    /// mapped field that has a value holds one name, or when no member names a compound.
    public func compoundMembers(in values: [String?]) -> [[String?]]? {
        for (slot, leaf) in nameGroupSlots {
            guard let text = values[slot], !TextCleaning.clean(text).isEmpty else { continue }
            guard text.utf8.first == UInt8(ascii: "["), let data = text.data(using: .utf8),
                  let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return nil }
            let group = sourceFields[slot]
            var result: [[String?]] = []
            for item in array {
                var fields: [String: String] = [:]
                var name: String?
                if let object = item as? [String: Any] {
                    for (key, value) in object {
                        if let string = value as? String { fields[key] = string }
                        else if let number = value as? NSNumber { fields[key] = number.stringValue }
                    }
                    name = (leaf.map { [$0] } ?? memberNameKeys).lazy.compactMap { fields[$0] }
                        .first { !TextCleaning.clean($0).isEmpty }
                } else if leaf == nil, let string = item as? String, !TextCleaning.clean(string).isEmpty {
                    name = string
                }
                guard let name else { continue }
                var memberValues = values
                let prefix = group + "/"
                for (index, field) in sourceFields.enumerated() where field.hasPrefix(prefix) {
                    memberValues[index] = fields[String(field.dropFirst(prefix.count))]
                }
                memberValues[slot] = name
                result.append(memberValues)
            }
            return result.isEmpty ? nil : result
        }
        return nil
    }

    /// The repeated groups whose members a compound row's `name` reads one compound from each (`小区列表/小区` for
    /// `name: 小区列表/小区/名称`): a field mapped into one (`小区列表/小区/建成年代`) is read per compound.
    public var compoundGroups: Set<String> { Set(nameGroupSlots.map { sourceFields[$0.slot] }) }

    /// Every value of `canonical`, for a field that may hold a list: the items of a repeated source field
    /// (`<改造内容><项>路灯改造</项><项>消防设施</项></改造内容>` → 路灯改造, 消防设施), or the one value `value` gives.
    public func values(_ canonical: String, in values: [String?]) -> (field: String, texts: [String])? {
        guard let fieldRead = reads[canonical] else { return nil }
        for slot in fieldRead.sources.flatMap(\.directSlots) {
            guard let text = values[slot], !TextCleaning.clean(text).isEmpty else { continue }
            if text.utf8.first == UInt8(ascii: "["), let items = FieldPlan.repeatedValues(text) {
                let texts = items.map { FieldPlan.withoutLabel($0, labels: fieldRead.labels) }
                    .filter { !TextCleaning.clean($0).isEmpty }
                if !texts.isEmpty { return (sourceFields[slot], texts) }
            }
            break
        }
        return value(canonical, in: values).map { ($0.field, [$0.text]) }
    }

    /// The first non-empty text of a source field feeding `canonical` directly, as the record wrote it (a JSON list
    /// as its text, `[106.603527,26.676343]`), with the field's name: what a message quotes when the value cannot be
    /// read.
    public func writtenText(_ canonical: String, in values: [String?]) -> (field: String, text: String)? {
        for slot in fieldSlots(for: canonical) {
            if let text = values[slot], !TextCleaning.clean(text).isEmpty { return (sourceFields[slot], text) }
        }
        return nil
    }

    /// How many different values the field feeding single-valued `canonical` holds when it is repeated in the
    /// record (`["丙二","丙二名"]`: 2), or nil when it holds one. `value` gives the first (the first it prefers).
    public func repeatedValueCount(_ canonical: String, in values: [String?]) -> (field: String, count: Int)? {
        guard let fieldRead = reads[canonical], fieldRead.single else { return nil }
        for slot in fieldRead.sources.flatMap(\.directSlots) {
            guard let text = values[slot], !text.isEmpty else { continue }
            // Only a JSON list can repeat (the common value is plain text: no cleaning, no parsing).
            guard text.utf8.first == UInt8(ascii: "[") else {
                if TextCleaning.clean(text).isEmpty { continue }
                return nil
            }
            // The field that repeats (`户主/姓名` of `[户主/@姓名, 户主/姓名]`), not the first mapped.
            return FieldPlan.differentValueCount(text).map { (sourceFields[slot], $0) }
        }
        return nil
    }

    /// The elements written more than once in the record whose copies agree on every value two of them give (the
    /// head's `<户主>` written twice, by a vendor's old and new module), that a single-valued field mapped inside
    /// them reads as one element (`户主/@姓名`): each with its number of copies, in mapping order.
    /// `differing`: the fields to which the copies give different values (another phone), the first copy's taken.
    public func elementsWrittenTwice(in values: [String?]) -> [(element: String, copies: Int, differing: [String])] {
        var found: [(element: String, copies: Int, differing: [String])] = []
        for group in copiedElementSlots {
            guard !found.contains(where: { $0.element == sourceFields[group] }),
                  let (copies, differing) = FieldPlan.copiesOfOneElement(values[group]) else { continue }
            found.append((sourceFields[group], copies.count, differing))
        }
        return found
    }

    /// For `canonical` mapped inside an element the record writes more than once whose copies are no one person's
    /// (two `<户主>` with other names or IDs): the element, its number of copies, and the fields in which they differ.
    /// Nil otherwise.
    public func differingCopies(_ canonical: String, in values: [String?]) -> (element: String, copies: Int, fields: [String])? {
        guard let read = reads[canonical], read.single else { return nil }
        for case .copies(_, let group, _) in read.sources {
            guard let text = values[group], let members = FieldPlan.objects(text), members.count > 1,
                  FieldPlan.copiesOfOneElement(text) == nil else { continue }
            let differing = FieldPlan.differingKeys(members)
            if !differing.isEmpty { return (sourceFields[group], members.count, differing) }
        }
        return nil
    }

    /// When nothing feeds `canonical` and a member selector mapped to it found members but none it chooses: the
    /// selector's condition (`与户主关系=户主|本人`) and the values the members hold for its key (`妻`, `子`).
    public func unmatchedMemberSelector(_ canonical: String, in values: [String?]) -> (condition: String, seen: [String])? {
        guard value(canonical, in: values) == nil, let sources = slotsByCanonical[canonical] else { return nil }
        for case .member(let selector, let group, let keys, _) in sources {
            if let seen = selector.unmatchedValues(group: values[group], keys: keys.map { values[$0] }) {
                return (selector.condition, seen)
            }
        }
        return nil
    }
}
