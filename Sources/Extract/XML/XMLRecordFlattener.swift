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
final class XMLRecordFlattener {
    private let writer = JSONObjectWriter()
    private var paths: PathTable

    init(repeated: Set<String>) {
        paths = PathTable(repeated: repeated)
    }

    func fields(of tree: XMLRecordTree) -> [RawField] {
        var fields: [RawField] = []
        guard !tree.elements.isEmpty else { return fields }
        paths.trimIfLarge()
        fields.reserveCapacity(tree.elements.count + 4)
        flatten(tree, 0, prefix: PathTable.root, path: PathTable.root, into: &fields)
        return fields
    }

    /// Appends the fields of element `index`, whose field names start with path `prefix` (the root for the record
    /// element or a group member) and which sits at `path` below the record.
    private func flatten(_ tree: XMLRecordTree, _ index: Int, prefix: Int, path: Int, into fields: inout [RawField]) {
        let element = tree.elements[index]
        for attribute in element.attributes {
            let name = paths.attribute(attribute.name, of: prefix)
            // One local name in several namespaces with different values: a list, first the ranked first.
            let values = attribute.others.isEmpty ? [attribute.value] : attribute.values
            fields.append(RawField(paths.text(name), values.count == 1 ? attribute.value : writer.array(values)))
        }
        let text = XMLRecordFlattener.trimmed(element.text)
        if !element.hasChildren && prefix != PathTable.root {
            fields.append(RawField(paths.text(prefix), text))
            return
        }
        if !text.isEmpty { fields.append(RawField(prefix == PathTable.root ? "#text" : paths.text(prefix), text)) }

        // Children grouped by name, in order of first occurrence.
        var groups: [(name: XMLName, members: [Int])] = []
        var child = element.firstChild
        while child >= 0 {
            let name = tree.elements[child].name
            if let group = groups.firstIndex(where: { $0.name.id == name.id }) {
                groups[group].members.append(child)
            } else {
                groups.append((name, [child]))
            }
            child = tree.elements[child].nextSibling
        }
        for group in groups {
            let childPrefix = paths.element(group.name, of: prefix)
            let childPath = paths.element(group.name, of: path)
            if group.members.count == 1 && !paths.isRepeated(childPath) {
                flatten(tree, group.members[0], prefix: childPrefix, path: childPath, into: &fields)
            } else {
                fields.append(RawField(paths.text(childPrefix), arrayText(tree, group.members, path: childPath)))
            }
        }
    }

    /// The JSON array text of a repeated group.
    private func arrayText(_ tree: XMLRecordTree, _ members: [Int], path: Int) -> String {
        let plain = members.allSatisfy { tree.elements[$0].attributes.isEmpty && !tree.elements[$0].hasChildren }
        if plain {
            return writer.array(members.map { XMLRecordFlattener.trimmed(tree.elements[$0].text) })
        }
        let objects = members.map { member -> String in
            var fields: [RawField] = []
            flatten(tree, member, prefix: PathTable.root, path: path, into: &fields)
            return writer.object(fields)
        }
        return "[" + objects.joined(separator: ",") + "]"
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
    private var texts: [String] = [""]
    private var repeatedFlags: [Bool] = [false]

    init(repeated: Set<String>) {
        self.repeated = repeated
    }

    func text(_ id: Int) -> String { texts[id] }

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
        texts.removeSubrange(1...)
        repeatedFlags.removeSubrange(1...)
    }

    private mutating func intern(_ key: Key, _ step: String) -> Int {
        if let id = ids[key] { return id }
        let text = key.parent == PathTable.root ? step : texts[key.parent] + "/" + step
        let id = texts.count
        texts.append(text)
        repeatedFlags.append(repeated.contains(text))
        ids[key] = id
        return id
    }
}
