import Foundation
import RongtongConfig

/// Which source fields feed which canonical fields for one batch of one source.
///
/// Explicit `fields:` mappings come first; a canonical field left unmapped is taken from a column whose header
/// is one of its usual headers (e.g. `身份证号码` for `head_id`) or its own name, compared as `HeaderKey` compares
/// them (`身份证号（18位）`, `身份证号(户主)`, `户主 姓名` match), in the order of precedence the usual headers are
/// listed in: the head's own column (`户主身份证号`) before an unqualified one. A field mapped to nothing
/// (`head_gender: null`) is left empty. A mapped column missing from a file whose header is known is an error, not a
/// silently empty field; all the missing ones are named at once. A list of names is the field's alternatives: such a
/// header holding some of them reads those (`head_name: [户主姓名, 户主]` fits the old template and the new), and
/// one holding none of them lacks the field's column.
///
/// Automatic mapping reads one column per header for a person's field (head_name, head_id, head_gender,
/// head_birth_date, relationship): a header written twice (`公民身份号码` of the head and of the spouse) gives the
/// first. Other fields read every column matching one of their usual headers, in order of precedence, and take the
/// first value that is not empty (`联系电话` twice, an empty `人口数` before `家庭成员数`); `phone` takes a mobile number
/// before a landline among the head's own phone columns, else among the others. A row
/// naming the head in a column of the head's (`户主`, `户主身份证号`) beside an unqualified one (`姓名`, `身份证号`,
/// a 残联 list's disabled member) leaves the unqualified ones, and `性别`, `出生日期`, to the other person. Each
/// such case is said once in `notes`.
///
/// A value written with its field's label in the cell (`户主：测孙八` under a column 户主, `姓名:测周十`, `电话：135…`) is
/// the value without the label: the label is the column's own header, the field's name or one of its usual headers
/// (`cellLabels`), and the colon full- or half-width.
///
/// A mapping may pick one member of a repeated group by one of its fields: `成员列表/成员[关系=户主]/姓名` is the
/// `姓名` of the member whose `关系` (or `@关系`) is 户主; `[关系=户主|本人]` accepts either word, and with them every
/// spelling of the head's relationship (`户主本人`, `本人（户主）`: see `MemberSelector`). It reads the
/// group's JSON array (XML's repeated elements, a JSON array of objects), or the group's plain fields when a record
/// holds a single member: XML's lone element (`成员列表/成员/@关系`, `成员列表/成员/姓名`) or a JSON object in place of
/// a one-element array (`members.rel`, `members.name`, as XML-to-JSON converters write it).
public struct FieldPlan: Sendable {
    /// The source field names to fetch for each record, in slot order.
    public private(set) var sourceFields: [String] = []
    var slotsByCanonical: [String: [FieldSource]] = [:]
    /// Slots of the record key's fields, in the order `record_key:` lists them; empty when the source declares none.
    public private(set) var recordKeySlots: [Int] = []
    /// Whether any of the record key's fields occurs in the file: then a record without one is worth a warning (when
    /// none occurs, the file is warned about once instead).
    var recordKeyOccurs = false
    /// The key resident IDs in record keys are hashed under (see `recordKey(in:number:)`); nil keeps keys as written.
    public var personalDataKey: PersonalDataKey?
    /// Canonical fields that hold one value: a repeated source field (XML's repeated element, `姓名` in two
    /// namespaces) gives them its first value, not the list.
    var singleValued: Set<String> = []
    /// Per canonical field, the labels a cell may carry before its value and a colon (spaces removed): the field's
    /// name, its usual headers, `moreCellLabels`, and the names (last step) of the source fields mapped to it.
    var cellLabels: [String: Set<String>] = [:]
    /// Per canonical field fed by something, what `value` reads it with: `slotsByCanonical`, `cellLabels` and
    /// `singleValued` together, found with one lookup (asked dozens of times per record).
    var reads: [String: FieldRead] = [:]
    /// The slots of the elements a single-valued field is mapped inside (`户主/@姓名` reads `户主`), which a record
    /// may write more than once, in the order `elementsWrittenTwice` asks them (fields by name, then mapping order).
    /// Empty for a flat file: then no record is asked.
    var copiedElementSlots: [Int] = []
    /// Where a compound row's `name` may read a repeated group (`小区列表/小区`, the `<小区>` of a project covering
    /// several compounds), in mapping order: the slot, and the member's key that holds the name (`名称` for a
    /// mapping `小区列表/小区/名称`, whose group is the slot), or nil when the slot itself is a name or the group.
    var nameGroupSlots: [(slot: Int, leaf: String?)] = []
    /// The keys of a member object that name its compound, for a `name` mapped to the group itself.
    var memberNameKeys: [String] = []
    /// What the mapping of this file is worth a warning about, once per file: a header written twice, columns taken
    /// as another person's than the head's, a place that goes unread.
    public internal(set) var notes: [MappingNote] = []
    /// The columns no field reads (neither mapped nor a usual header) that look like an ID (`身份证号（配偶）`,
    /// `残疾人身份证号`), a place (`户籍地址`) or a person's name (`申请人姓名`), in file order.
    public internal(set) var unreadLookalikes: (ids: [String], places: [String], names: [String]) = ([], [], [])
    /// Words a feeder writes before a value in its cell that are not usual headers of the field (`名字：测孙八`;
    /// `户籍地址：…` written in an address column, although a column headed 户籍地址 is not the address).
    static let moreCellLabels: [String: [String]] = [
        "head_name": ["名字", "户主的姓名"],
        "address": ["住所", "户籍地址"],
    ]

    /// Builds the plan for `source` reading a file whose field names are `columns`.
    /// `headerIsComplete` says whether `columns` lists every field a record can have (true for CSV).
    public init(source: SourceConfig, columns: [String], headerIsComplete: Bool) throws {
        let available = Set(columns)
        func slot(for name: String) -> Int {
            if let index = sourceFields.firstIndex(of: name) { return index }
            sourceFields.append(name)
            return sourceFields.count - 1
        }
        // Every mapped column the header lacks, said in one error: (key path, missing names, whether the names are
        // a field's list of alternatives, of which the header holds none).
        var missing: [(keyPath: String, names: [String], alternatives: Bool)] = []
        /// For a missing mapped column, a column of the file that is a usual header of its field (`户主 is in the file: …`).
        var missingHints: [String] = []
        let headers = ColumnHeaders(columns, repeatsSuffixed: headerIsComplete)
        let personFields: Set<String> = source.entity == .household
            ? ["head_name", "head_id", "head_gender", "head_birth_date", "relationship"] : []
        func namesHead(_ usual: String, of field: CanonicalField) -> Bool { usual.hasPrefix("户主") || usual == field.name }
        // A row that names the head in a column of the head's own (户主, 户主身份证号) and someone else in an
        // unqualified one (姓名, 身份证号: a 残联 list's disabled member) describes two people: the unqualified
        // columns are the other person's and feed none of the head's fields, not even 性别 or 出生日期. One row per
        // person (`rows: person`) is the exception: there the unqualified columns of the head row are the head's.
        let twoPeople = source.entity == .household && source.rows != .person
            && source.entity.fields.filter { ["head_name", "head_id"].contains($0.name) }.contains { field in
                let matched = headers.matches(field)
                return matched.contains { namesHead($0.usual, of: field) } && matched.contains { !namesHead($0.usual, of: field) }
            }
        let otherPersonColumns = twoPeople
            ? source.entity.fields.filter { personFields.contains($0.name) && $0.name != "relationship" }.flatMap { field in
                headers.matches(field).filter { !namesHead($0.usual, of: field) }.flatMap(\.columns)
            } : []
        for field in source.entity.fields {
            if field.kind != .jsonList { singleValued.insert(field.name) }
            let mappedNames = (source.fields[field.name] ?? []).map(FieldPlan.lastStep)
            cellLabels[field.name] = Set(([field.name] + field.usualHeaders + (FieldPlan.moreCellLabels[field.name] ?? [])
                + mappedNames).map { $0.filter { !$0.isWhitespace } })
            if var mapped = source.fields[field.name], !mapped.isEmpty {
                if headerIsComplete {
                    // A header written twice, of which the mapping names one column: the others are never read.
                    for name in mapped where MemberSelector(mapping: name) == nil {
                        let repeats = headers.headers.indices.filter { headers.headers[$0] == name }
                        guard repeats.count > 1, !repeats.contains(where: { mapped.contains(columns[$0]) && columns[$0] != name }) else { continue }
                        notes.append(MappingNote(field: field.name, message: "\(headers.repeated(name, repeats)); fields.\(field.name) names the first only: list the others too (\(field.name): [\(headers.names(repeats))]) to read them where it is empty"))
                    }
                }
                var absent = mapped.filter { !available.contains(MemberSelector(mapping: $0)?.group ?? $0) }
                // A list of names is the field's alternatives (`head_name: [户主姓名, 户主]`, a column two templates
                // name differently): a CSV header holding some of them reads those, the first that is not empty per
                // row, and leaves the others out; one holding none lacks the field's column.
                if headerIsComplete, absent.count < mapped.count {
                    mapped.removeAll { absent.contains($0) }
                    absent = []
                }
                if headerIsComplete, !absent.isEmpty {
                    missing.append(("fields.\(field.name)", absent, absent.count > 1))
                    // A template that renamed the column (户主姓名 → 户主): the usual header the file now holds is
                    // most likely the fix, said with the error.
                    let mappedElsewhere = Set(source.fields.filter { $0.key != field.name }.values.flatMap { $0 })
                    var matched = headers.matches(field)
                    if twoPeople, personFields.contains(field.name) { matched = matched.filter { namesHead($0.usual, of: field) } }
                    if let column = matched.lazy.flatMap(\.columns)
                        .first(where: { !otherPersonColumns.contains($0) && !mappedElsewhere.contains(columns[$0]) })
                        .map({ columns[$0] }) {
                        missingHints.append("\(column) is in the file: map \(field.name): \(column), or remove the mapping to let auto-mapping choose")
                    }
                }
                slotsByCanonical[field.name] = mapped.flatMap { name -> [FieldSource] in
                    guard let selector = MemberSelector(mapping: name) else {
                        // An element mapped that holds no text of its own but one repeated child
                        // (`content: 改造内容` for `<改造内容><项>…</项><项>…</项></改造内容>`): that child's values.
                        if !headerIsComplete, !available.contains(name), let only = FieldPlan.onlyFieldBelow(name, among: columns) {
                            return [.field(slot(for: name)), .field(slot(for: only))]
                        }
                        guard field.kind == .jsonList else {
                            // A leaf of an element the record may write twice (`户主/@姓名` for two `<户主>`): read
                            // from its copies when they agree (`copiesOfOneElement`).
                            let copies = headerIsComplete || source.entity != .household ? nil
                                : FieldPlan.repeatedGroupLeaf(name, among: available)
                            return [.field(slot(for: name))]
                                + (copies.map { [.copies(mapping: name, group: slot(for: $0.group), leaf: $0.leaf)] } ?? [])
                        }
                        // A record holding one member as an object instead of a one-element array has the
                        // object's fields (`members.name`) in place of the list.
                        let memberFields = FieldPlan.loneObjectFields(of: name, among: columns)
                        // A leaf of a repeated group (`成员列表/成员/标签`): every member's, from the group's array.
                        let everyMember = headerIsComplete ? nil : FieldPlan.repeatedGroupLeaf(name, among: available)
                        return [.field(slot(for: name))]
                            + (memberFields.isEmpty ? [] : [.loneObject(list: name, memberFields.map { ($0.key, slot(for: $0.field)) })])
                            + (everyMember.map { [.everyMember(mapping: name, group: slot(for: $0.group), leaf: $0.leaf)] } ?? [])
                    }
                    let single = selector.singleMemberFields
                    return [.member(selector, group: slot(for: selector.group), keys: single.keys.map(slot(for:)),
                                    leaves: single.leaves.map(slot(for:)))]
                }
            } else if source.fields[field.name] == nil {
                // Left unmapped: its usual headers (`fields: {head_gender: null}` leaves it empty).
                var matched = headers.matches(field)
                if twoPeople, personFields.contains(field.name), field.name != "relationship" {
                    matched = matched.filter { namesHead($0.usual, of: field) }
                }
                if field.kind == .phone {
                    // Every phone column, the head's own first: per tier, the first mobile number, else the first
                    // number (`value(preferring:)`).
                    var tiers: [[Int]] = [[], []]
                    for (usual, found) in matched {
                        let tier = namesHead(usual, of: field) ? 0 : 1
                        for column in found where !tiers[tier].contains(column) { tiers[tier].append(column) }
                        if found.count > 1 {
                            notes.append(MappingNote(field: field.name, message: "\(headers.repeated(usual, found)); \(field.name) reads the first of them that is not empty, a mobile number before a landline"))
                        }
                    }
                    let sources = tiers.filter { !$0.isEmpty }.map { FieldSource.columns($0.map { slot(for: columns[$0]) }) }
                    if !sources.isEmpty { slotsByCanonical[field.name] = sources }
                } else if let (usual, found) = matched.first {
                    if personFields.contains(field.name) {
                        // A person's field: one column. A second column of the same header is most often another
                        // person's (公民身份号码 twice: the head's and the spouse's), never read in its place.
                        slotsByCanonical[field.name] = [.field(slot(for: columns[found[0]]))]
                        if found.count > 1 {
                            notes.append(MappingNote(field: field.name, message: "\(headers.repeated(usual, found)); \(field.name) reads the first only, since another one is most often another person's (配偶); to read the next where the first is empty, map fields: {\(field.name): [\(headers.names(found))]}"))
                        }
                    } else {
                        // Every column of the field, in order of precedence: the first that is not empty.
                        var ordered: [Int] = []
                        for (usual, found) in matched {
                            for column in found where !ordered.contains(column) { ordered.append(column) }
                            if found.count > 1 {
                                notes.append(MappingNote(field: field.name, message: "\(headers.repeated(usual, found)); \(field.name) reads the first of them that is not empty"))
                            }
                        }
                        slotsByCanonical[field.name] = ordered.map { .field(slot(for: columns[$0])) }
                    }
                }
            }
            // A project covering several compounds (`<小区列表><小区><名称>…`): its name field and the group above it.
            if source.entity == .compound, field.name == "name" {
                memberNameKeys = ["名称", "小区名称", "小区", "name", "@名称"] + field.usualHeaders
                for name in source.fields[field.name] ?? [] where MemberSelector(mapping: name) == nil {
                    nameGroupSlots.append((slot(for: name), nil))
                    if let cut = name.lastIndex(of: "/"), cut > name.startIndex {
                        nameGroupSlots.append((slot(for: String(name[..<cut])), String(name[name.index(after: cut)...])))
                    }
                }
            }
        }
        let absentKeys = source.recordKeys.filter { !available.contains($0) }
        if headerIsComplete, !absentKeys.isEmpty {
            missing.append(("record_key", absentKeys, false))
        }
        let hint = missingHints.isEmpty ? "" : ". " + missingHints.joined(separator: "; ")
        func quoted(_ names: [String], _ separator: String) -> String { names.map { "\"\($0)\"" }.joined(separator: separator) }
        if missing.count == 1, missing[0].alternatives {
            throw FieldPlanError(keyPath: "sources.\(source.name).\(missing[0].keyPath)",
                message: "none of the columns listed (\(quoted(missing[0].names, ", "))) is in the file: a list reads the ones the header holds, and needs at least one; its columns are: \(QuotedHeader.list(columns))\(hint)", columns: columns)
        }
        if missing.count == 1, missing[0].names.count == 1 {
            throw FieldPlanError(keyPath: "sources.\(source.name).\(missing[0].keyPath)",
                message: "column \"\(missing[0].names[0])\" is not in the file; its columns are: \(QuotedHeader.list(columns))\(hint)", columns: columns)
        }
        if !missing.isEmpty {
            // A list of alternatives lacks one column (any of its names would do); a record key, each of its names.
            let count = missing.reduce(0) { $0 + ($1.alternatives ? 1 : $1.names.count) }
            let listed = missing.map { "\($0.keyPath) \($0.alternatives ? quoted($0.names, " or ") + " (none of the list)" : quoted($0.names, ", "))" }
            throw FieldPlanError(keyPath: "sources.\(source.name)",
                message: "\(count) mapped columns are not in the file: \(listed.joined(separator: "; ")); its columns are: \(QuotedHeader.list(columns))\(hint)", columns: columns)
        }
        // The columns no field reads that look like an ID, a place or a name, for the messages of a household that
        // cannot be identified.
        let read = Set(sourceFields + source.recordKeys)
        for column in columns where !read.contains(column) {
            switch ColumnHeaders.lookalike(column) {
            case .id: unreadLookalikes.ids.append(column)
            case .place: unreadLookalikes.places.append(column)
            case .name: unreadLookalikes.names.append(column)
            case nil: break
            }
        }
        let otherPerson = Set(otherPersonColumns.filter { !read.contains(columns[$0]) }).sorted()
        if !otherPerson.isEmpty {
            let head = ["head_name", "head_id"].compactMap { sourceField(for: $0) }
            notes.append(MappingNote(field: nil, message: "the rows name the head in \(head.joined(separator: ", ")) and someone else (a member) in \(headers.names(otherPerson)): those columns feed none of the head's fields (head_name, head_id, head_gender, head_birth_date); map them under fields: if they are the head's"))
        }
        // A household feed in which nothing names the head could identify no record: every one would be a
        // no_identity reject. Said once, with the fields there are (a header cell `户主⏎姓名` typed on two lines,
        // nested fields that need mapping), and the columns that look like a name or an ID.
        if source.entity == .household, !columns.isEmpty, slotsByCanonical["head_name"] == nil,
           slotsByCanonical["head_id"] == nil {
            let hint = unreadColumnsHint(id: true, name: true, place: false).map { "; \($0)" } ?? ""
            throw FieldPlanError(keyPath: "sources.\(source.name).fields",
                message: "no field feeds head_name or head_id, so no household could be identified\(hint); map them under fields: (the file's fields are: \(QuotedHeader.list(columns)))", columns: columns)
        }
        // Nothing places the households, while a column looks like a place (户籍地址): every record loads by its ID
        // alone, without a place, unless it is mapped.
        if source.entity == .household, !unreadLookalikes.places.isEmpty,
           !["address", "region_code", "prefecture", "county", "township", "community", "compound"].contains(where: { slotsByCanonical[$0] != nil }),
           let hint = unreadColumnsHint(id: false, name: false, place: true) {
            notes.append(MappingNote(field: nil, message: "\(FieldPlan.noPlaceNote) (address, compound, community …); \(hint)"))
        }
        // One row per person: the head is the row whose relationship is 户主, so the relationship must be read.
        if source.entity == .household, source.rows == .person, !columns.isEmpty, slotsByCanonical["relationship"] == nil {
            let usual = CanonicalField.household.first { $0.name == "relationship" }?.usualHeaders ?? []
            throw FieldPlanError(keyPath: "sources.\(source.name).fields.relationship",
                message: "rows: person finds each household's head by the row's relationship to it (户主, 配偶, 子女 …), and no column is headed \(usual.joined(separator: ", ")); map fields.relationship to the column that holds it (the file's fields are: \(QuotedHeader.list(columns)))", columns: columns)
        }
        recordKeySlots = source.recordKeys.map(slot(for:))
        recordKeyOccurs = source.recordKeys.contains(where: available.contains)
        for (canonical, sources) in slotsByCanonical {
            reads[canonical] = FieldRead(sources: sources, labels: cellLabels[canonical] ?? [],
                                         single: singleValued.contains(canonical))
        }
        for (_, read) in reads.sorted(by: { $0.key < $1.key }) where read.single {
            for case .copies(_, let group, _) in read.sources where !copiedElementSlots.contains(group) {
                copiedElementSlots.append(group)
            }
        }
    }

    /// The slots of the source fields that feed `canonical` directly (not through a member selector or a lone
    /// object), in mapping order.
    func fieldSlots(for canonical: String) -> [Int] {
        (slotsByCanonical[canonical] ?? []).flatMap(\.directSlots)
    }

    /// The source field that feeds `canonical` (the first when several do).
    /// Whether `canonical` is mapped inside the group of a project row's compounds (`小区列表/小区/建成年代`), so that
    /// each compound of `compoundMembers(in:)` carries its own value rather than the row's.
    public func isMappedPerCompound(_ canonical: String) -> Bool {
        let fields: [String] = (slotsByCanonical[canonical] ?? []).flatMap { target -> [String] in
            switch target {
            case .field(let slot): return [sourceFields[slot]]
            case .columns(let slots): return slots.map { sourceFields[$0] }
            default: return []
            }
        }
        return fields.contains { field in nameGroupSlots.contains { field.hasPrefix(sourceFields[$0.slot] + "/") } }
    }

    public func sourceField(for canonical: String) -> String? {
        switch slotsByCanonical[canonical]?.first {
        case .field(let slot): return sourceFields[slot]
        case .columns(let slots): return slots.first.map { sourceFields[$0] }
        case .member(let selector, _, _, _): return selector.mapping
        case .loneObject(let list, _): return list
        case .everyMember(let mapping, _, _): return mapping
        case .copies(let mapping, _, _): return mapping
        case nil: return nil
        }
    }

    /// How `value` reads one canonical field: where from, the labels a cell may carry, whether it holds one value.
    /// Why the head's fields read nothing, when they are mapped into a repeated group without a member selector
    /// (`成员列表/成员/姓名`: one element per member, so no one's): the sentence naming the selector that picks the
    /// head, added to a `no_identity` message. Set by the caller that saw the file's members.
    public var repeatedGroupHint: String?

    struct FieldRead: Sendable {
        var sources: [FieldSource]
        var labels: Set<String>
        var single: Bool
    }

    /// Where a canonical field's value comes from: a source field, or one member of a repeated group.
    enum FieldSource: Sendable {
        case field(Int)
        /// Several columns of one field, read together: the first whose value `value(preferring:)` prefers (the
        /// phone columns: a mobile number before a landline), else the first with a value.
        case columns([Int])
        /// The group's slot, and the slots of a single member's key fields and of its leaf (XML and JSON names).
        case member(MemberSelector, group: Int, keys: [Int], leaves: [Int])
        /// A list written as one object: the slot of each of its fields, with the field's key in the object.
        case loneObject(list: String, [(key: String, slot: Int)])
        /// A list field mapped to a leaf inside a repeated group (`成员列表/成员/标签`): the group's slot, and the
        /// leaf every member's value is read from (`标签`).
        case everyMember(mapping: String, group: Int, leaf: String)
        /// A single-valued field mapped to a leaf of an element the record writes more than once (`户主/@姓名` for
        /// two `<户主>`): the group's slot and the leaf, read when the copies agree (`copiesOfOneElement`).
        case copies(mapping: String, group: Int, leaf: String)

        /// The slots of the source fields read as they are (not through a member selector or a lone object).
        var directSlots: [Int] {
            switch self {
            case .field(let slot): return [slot]
            case .columns(let slots): return slots
            case .member, .loneObject, .everyMember, .copies: return []
            }
        }
    }
}

/// Something about how a file's columns feed the canonical fields that the user should hear of once per file (a
/// header written twice, columns taken as another person's): `field` is the canonical field it concerns, if one.
public struct MappingNote: Sendable, Equatable {
    public var field: String?
    public var message: String
}

/// A field mapping that does not fit the file it is applied to.
public struct FieldPlanError: Error, CustomStringConvertible, Sendable {
    public var keyPath: String
    public var message: String
    /// The file's field names the mapping was checked against (for hints about how the file was read).
    public var columns: [String] = []
    public var description: String { "\(keyPath): \(message)" }
}

extension FieldPlan {
    /// Which source field feeds which canonical field, for showing the mapping (`validate`): every field fed,
    /// with each source field that feeds it (a list of columns gives several), in the order the plan reads them.
    /// A member selector is named as mapped (`成员列表/成员[关系=户主]/姓名`), a list written as one object by the list.
    /// Only reads the plan; which column a field takes is decided in `init`.
    public var mapping: [(field: String, column: String)] {
        var pairs: [(slot: Int, field: String, column: String)] = []
        for (canonical, sources) in slotsByCanonical {
            for source in sources {
                switch source {
                case .field(let slot): pairs.append((slot, canonical, sourceFields[slot]))
                case .columns(let slots): pairs += slots.map { ($0, canonical, sourceFields[$0]) }
                case .member(let selector, let group, _, _): pairs.append((group, canonical, selector.mapping))
                case .loneObject(let list, let fields): pairs.append((fields.first?.slot ?? -1, canonical, list))
                case .everyMember(let mapping, let group, _): pairs.append((group, canonical, mapping))
                case .copies: break
                }
            }
        }
        var seen: Set<String> = []
        return pairs.sorted { ($0.slot, $0.field) < ($1.slot, $1.field) }
            .filter { seen.insert("\($0.field)\u{0}\($0.column)").inserted }.map { ($0.field, $0.column) }
    }
}
