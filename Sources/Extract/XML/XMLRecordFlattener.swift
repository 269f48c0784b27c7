/// Turns one record element (an `XMLRecordTree`) into named text fields.
///
/// Rules, for `<户 编号="1"><户主><姓名>张三</姓名></户主><标签>独居</标签><标签>低保</标签>
/// <成员列表><成员 关系="配偶"><姓名>李四</姓名></成员><成员 关系="子"><姓名>张五</姓名></成员></成员列表></户>`:
/// - the record element's attributes: `@编号`=`1`; one local name in two namespaces only (`a:户号="H1" b:户号="H2"`)
///   holds both values as a JSON array, the one in the element's namespace or else the first namespace URI first
///   (`@户号`=`["H1","H2"]`), one value when they agree; beside the name in no namespace, that one alone;
/// - a descendant is named by its path below the record, `/`-separated, local names only: `户主/姓名`=`张三`;
///   its attributes add `/@name`: `户主/@类型`;
/// - every leaf element (no child elements) yields its text, trimmed of XML whitespace (space, tab, CR, LF), even when
///   empty (`<备注/>` gives `备注`=``); an element with attributes and text yields both;
/// - an element with child elements yields its own text only when it has some (mixed content), under its path;
///   the record element's own text is `#text`;
/// - a name that occurs more than once among the children of one element is a repeated group and becomes ONE
///   field at the first occurrence's position, holding a JSON array: of strings when every occurrence is a plain
///   leaf (`标签`=`["独居","低保"]`), otherwise of objects, one per occurrence, keyed by the occurrence's own field
///   names by these same rules (`成员列表/成员`=`[{"@关系":"配偶","姓名":"李四"},{"@关系":"子","姓名":"张五"}]`,
///   a leaf occurrence's text under `#text`); inside such an object every value is text, so a group nested in a
///   member is a string holding its JSON array;
/// - paths listed in the `repeated` option (relative to the record, e.g. `成员列表/成员`) are groups even when they
///   occur once, so a one-member household has the same shape as a larger one.
///
/// The fields are produced as `XMLFlatFields`: names as ids of interned paths, values as UTF-8 bytes end to end in
/// one reused buffer (a group's JSON array text written there by yajl directly), so that a record costs no String
/// per field; `fields(of:)` turns them into `RawField`s for callers that want Strings.
final class XMLRecordFlattener {
    /// The name id of the record element's own text (`#text`), beside the path ids.
    static let textName = -1

    private let writer = JSONObjectWriter()
    @exclusivity(unchecked) private var paths: PathTable
    /// The fields of the record last flattened by `flatten(_:)`.
    @exclusivity(unchecked) private(set) var flat = XMLFlatFields()
    /// The groups of the elements being flattened, innermost element's last (a stack: each element pushes its own
    /// and pops them when done).
    @exclusivity(unchecked) private var groups: [Group] = []
    /// For each element of the tree, the next member of its group (-1 for the last).
    @exclusivity(unchecked) private var nextInGroup: [Int] = []
    /// Per depth of nested groups, the fields of the member being written as an object (reused).
    @exclusivity(unchecked) private var memberFields: [XMLFlatFields] = []

    private struct Group {
        var name: XMLName
        var first: Int
        var last: Int
        var count: Int
    }

    init(repeated: Set<String>) {
        paths = PathTable(repeated: repeated)
    }

    /// Changes whenever the path table starts over, after which a name id may name another path.
    var generation: Int { paths.generation }

    /// The text of name id `id` of `flat` (a path below the record, or `#text`).
    func name(_ id: Int) -> String { id == XMLRecordFlattener.textName ? "#text" : paths.text(id) }

    /// The fields of `tree` as `RawField`s.
    func fields(of tree: XMLRecordTree) -> [RawField] {
        flatten(tree)
        var fields: [RawField] = []
        fields.reserveCapacity(flat.names.count)
        flat.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (name, end) in zip(flat.names, flat.ends) {
                fields.append(RawField(self.name(name), String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
                start = end
            }
        }
        return fields
    }

    /// Flattens `tree` into `flat`.
    func flatten(_ tree: XMLRecordTree) {
        flat.removeAll()
        guard !tree.elements.isEmpty else { return }
        paths.trimIfLarge()
        if nextInGroup.count < tree.elements.count {
            nextInGroup = Array(repeating: -1, count: max(tree.elements.count, 2 * nextInGroup.count))
        }
        var out = XMLFlatFields()
        swap(&out, &flat)
        flatten(tree, 0, prefix: PathTable.root, path: PathTable.root, depth: 0, into: &out)
        swap(&out, &flat)
    }

    /// Appends the fields of element `index`, whose field names start with path `prefix` (the root for the record
    /// element or a group member) and which sits at `path` below the record; `depth` counts the groups around it.
    private func flatten(_ tree: XMLRecordTree, _ index: Int, prefix: Int, path: Int, depth: Int,
                         into out: inout XMLFlatFields) {
        let element = tree.elements[index]
        for attribute in tree.attributes(of: index) {
            let name = paths.attribute(attribute.name, of: prefix)
            // One local name in several namespaces with different values: a list, first the ranked first.
            let values = attribute.others.isEmpty ? [attribute.value] : attribute.values
            out.append(name, values.count == 1 ? attribute.value : writer.array(values))
        }
        let text = XMLRecordFlattener.trimmed(element.textStart ..< element.textEnd, in: tree.text)
        if !element.hasChildren && prefix != PathTable.root {
            out.append(prefix, text, of: tree.text)
            return
        }
        if !text.isEmpty { out.append(prefix == PathTable.root ? XMLRecordFlattener.textName : prefix, text, of: tree.text) }

        // Children grouped by name, in order of first occurrence.
        let groupsStart = groups.count
        var child = element.firstChild
        while child >= 0 {
            let name = tree.elements[child].name
            nextInGroup[child] = -1
            if let group = groups[groupsStart...].firstIndex(where: { $0.name.id == name.id }) {
                nextInGroup[groups[group].last] = child
                groups[group].last = child
                groups[group].count += 1
            } else {
                groups.append(Group(name: name, first: child, last: child, count: 1))
            }
            child = tree.elements[child].nextSibling
        }
        let groupsEnd = groups.count
        for index in groupsStart..<groupsEnd {
            let group = groups[index]
            let childPrefix = paths.element(group.name, of: prefix)
            let childPath = paths.element(group.name, of: path)
            if group.count == 1 && !paths.isRepeated(childPath) {
                flatten(tree, group.first, prefix: childPrefix, path: childPath, depth: depth, into: &out)
            } else {
                appendArray(tree, group, path: childPath, depth: depth, as: childPrefix, into: &out)
            }
        }
        groups.removeSubrange(groupsStart...)
    }

    /// Appends the JSON array text of a repeated group as the value of field `name`.
    private func appendArray(_ tree: XMLRecordTree, _ group: Group, path: Int, depth: Int, as name: Int,
                             into out: inout XMLFlatFields) {
        var plain = true
        var member = group.first
        while member >= 0 {
            if tree.elements[member].hasAttributes || tree.elements[member].hasChildren { plain = false; break }
            member = nextInGroup[member]
        }
        if plain {
            writer.beginArray()
            tree.text.withUnsafeBufferPointer { text in
                var member = group.first
                while member >= 0 {
                    let element = tree.elements[member]
                    let value = XMLRecordFlattener.trimmed(element.textStart ..< element.textEnd, in: tree.text)
                    writer.string(UnsafeBufferPointer(rebasing: text[value]))
                    member = nextInGroup[member]
                }
            }
            writer.endArray(appendingTo: &out.bytes)
            out.end(name)
            return
        }
        // An array of objects, one per member, each written by yajl from the member's own fields.
        if memberFields.count <= depth { memberFields.append(XMLFlatFields()) }
        var fields = XMLFlatFields()
        swap(&fields, &memberFields[depth])
        out.bytes.append(UInt8(ascii: "["))
        member = group.first
        while member >= 0 {
            fields.removeAll()
            flatten(tree, member, prefix: PathTable.root, path: path, depth: depth + 1, into: &fields)
            if member != group.first { out.bytes.append(UInt8(ascii: ",")) }
            writer.beginObject()
            fields.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (field, end) in zip(fields.names, fields.ends) {
                    if field == XMLRecordFlattener.textName {
                        var text = "#text"
                        text.withUTF8 { writer.string($0) }
                    } else {
                        paths.withUTF8(of: field) { writer.string($0) }
                    }
                    writer.string(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
            }
            writer.endObject(appendingTo: &out.bytes)
            member = nextInGroup[member]
        }
        out.bytes.append(UInt8(ascii: "]"))
        out.end(name)
        swap(&fields, &memberFields[depth])
    }

    /// `range` of `bytes` without leading and trailing XML whitespace (space, tab, CR, LF); other spaces (U+3000)
    /// are data.
    static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return start ..< end
    }

    /// `text` without leading and trailing XML whitespace (space, tab, CR, LF); other spaces (U+3000) are data.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.first, let last = bytes.last, isSpace(first) || isSpace(last) else { return text }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }),
              let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}

/// A record's fields as `XMLRecordFlattener` wrote them: each name an id of the flattener's path table (or
/// `XMLRecordFlattener.textName`), each value UTF-8 bytes, end to end in `bytes`.
struct XMLFlatFields {
    var names: [Int] = []
    /// Where each value ends in `bytes` (the next one starts there).
    var ends: [Int] = []
    var bytes: [UInt8] = []

    var count: Int { names.count }

    mutating func removeAll() {
        names.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Ends a field whose value was appended to `bytes` directly.
    mutating func end(_ name: Int) {
        names.append(name)
        ends.append(bytes.count)
    }

    mutating func append(_ name: Int, _ value: String) {
        var value = value
        value.withUTF8 { bytes.append(contentsOf: $0) }
        end(name)
    }

    mutating func append(_ name: Int, _ range: Range<Int>, of text: [UInt8]) {
        text.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        end(name)
    }
}

/// Interned paths below the record (`户主`, `户主/姓名`, `地址/@类型`): each (parent, step) pair gets an id and its
/// text once, so naming a field is a table lookup, not a string concatenation per record.
private struct PathTable {
    static let root = 0

    private struct Key: Hashable {
        var parent: Int
        /// An element name's id, or `-2 - id` for an attribute name.
        var step: Int
    }

    private let repeated: Set<String>
    private var ids: [Key: Int] = [:]
    /// A direct-mapped cache in front of `ids` (a record asks the same few pairs again and again): slot
    /// `Key.slot` holds a pair and its id, or a parent of -1 when empty.
    private var recent = [(key: Key, id: Int)](repeating: (Key(parent: -1, step: 0), 0), count: PathTable.recentSlots)
    private static let recentSlots = 256
    private var texts: [String] = [""]
    private var repeatedFlags: [Bool] = [false]
    /// How many times the table started over (`trimIfLarge`).
    private(set) var generation = 0

    init(repeated: Set<String>) {
        self.repeated = repeated
    }

    func text(_ id: Int) -> String { texts[id] }

    /// Calls `body` with the UTF-8 of path `id`'s text.
    func withUTF8<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = texts[id]
        return text.withUTF8(body)
    }

    /// True when the `repeated` option lists this path.
    func isRepeated(_ id: Int) -> Bool { repeatedFlags[id] }

    mutating func element(_ name: XMLName, of parent: Int) -> Int {
        intern(Key(parent: parent, step: name.id), name.text)
    }

    mutating func attribute(_ name: XMLName, of parent: Int) -> Int {
        intern(Key(parent: parent, step: -2 - name.id), "@" + name.text)
    }

    /// Starts over between records once a feed has produced very many distinct paths.
    mutating func trimIfLarge() {
        guard texts.count > 65536 else { return }
        ids.removeAll(keepingCapacity: true)
        for slot in recent.indices { recent[slot] = (Key(parent: -1, step: 0), 0) }
        texts.removeSubrange(1...)
        repeatedFlags.removeSubrange(1...)
        generation += 1
    }

    private mutating func intern(_ key: Key, _ step: @autoclosure () -> String) -> Int {
        let slot = (key.parent &* 31 &+ key.step) & (PathTable.recentSlots - 1)
        if recent[slot].key == key { return recent[slot].id }
        if let id = ids[key] {
            recent[slot] = (key, id)
            return id
        }
        let step = step()
        let text = key.parent == PathTable.root ? step : texts[key.parent] + "/" + step
        let id = texts.count
        texts.append(text)
        repeatedFlags.append(repeated.contains(text))
        ids[key] = id
        recent[slot] = (key, id)
        return id
    }
}
