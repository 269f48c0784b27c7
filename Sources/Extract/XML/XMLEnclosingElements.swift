/// What the elements enclosing a record said before it, given to the record as `../` fields.
///
/// A survey that nests its records (`<小区 名称="凤凰山小区"><街道>荷城街道</街道><设施列表><设施>…`) names the
/// compound once, on the enclosing element. For every element open outside any record, the cursor keeps its
/// attributes and the leaf elements (no child elements) it has closed so far; each record gets them as fields named
/// from the record: `../@名称` is an attribute of the record's parent, `../../@名称` of the grandparent, `../街道`
/// a leaf child of the parent, `../总投资/@单位` that leaf's attribute. A leaf name that occurs more than once in
/// one element is one field holding a JSON array, as in a record.
///
/// The file is streamed, so only what comes before the record's start tag is known: a leaf written after the
/// records (`<小区><设施列表>…</设施列表><名称>凤凰山小区</名称></小区>`) reaches none of them. Bounded: at most
/// `leafLimit` leaf names per element and `valueLimit` values per name are kept.
struct XMLEnclosingElements {
    private struct Frame {
        var name: String
        var attributes: [RawField]
        /// Leaf children closed so far, by name in first-seen order, with their values.
        var leaves: [(name: String, values: [String])] = []
        /// Character data directly inside, while the element may still be a leaf.
        var text = ""
        var hasChildElements = false
    }

    static let leafLimit = 256
    static let valueLimit = 64

    private var frames: [Frame] = []
    /// The fields of the current frames, built when a record asks and kept until a frame changes.
    private var fields: [RawField]?
    private let writer = JSONObjectWriter()
    /// Counts the times `recordFields` built its fields anew: while it stays, the fields are the same array.
    private(set) var version = 0

    /// The innermost open element's text so far, in bytes (for `max_field_bytes`).
    var currentTextBytes: Int { frames.last?.text.utf8.count ?? 0 }

    /// An element outside any record opens (not a record itself, not an empty element).
    mutating func open(_ name: String, attributes: [RawField]) {
        if !frames.isEmpty { frames[frames.count - 1].hasChildElements = true }
        frames.append(Frame(name: name, attributes: attributes))
        fields = nil
    }

    /// An empty element outside any record (`<备注/>`, `<总投资 单位="万元"/>`): a leaf with empty text.
    mutating func emptyElement(_ name: String, attributes: [RawField]) {
        guard !frames.isEmpty else { return }
        frames[frames.count - 1].hasChildElements = true
        addLeaf(name, text: "", attributes: attributes)
    }

    /// A record starts inside the innermost open element: that element is no leaf.
    mutating func recordStarts() {
        if !frames.isEmpty { frames[frames.count - 1].hasChildElements = true }
    }

    /// Whether the innermost open element may still be a leaf, so that its character data counts.
    var takesText: Bool { frames.last.map { !$0.hasChildElements } ?? false }

    /// Character data directly inside the innermost open element.
    mutating func appendText(_ text: String) {
        guard takesText else { return }
        frames[frames.count - 1].text += text
    }

    /// The innermost open element closes; a leaf becomes a field of its parent. Returns the leaf's name and text
    /// (nil for an element with elements of its own), for the cursor's look at a file without records.
    @discardableResult
    mutating func close() -> (name: String, text: String)? {
        guard let frame = frames.popLast() else { return nil }
        fields = nil
        guard !frame.hasChildElements else { return nil }
        let text = XMLRecordFlattener.trimmed(frame.text)
        if !frames.isEmpty { addLeaf(frame.name, text: text, attributes: frame.attributes) }
        return (frame.name, text)
    }

    private mutating func addLeaf(_ name: String, text: String, attributes: [RawField]) {
        let last = frames.count - 1
        func add(_ name: String, _ value: String) {
            if let at = frames[last].leaves.firstIndex(where: { $0.name == name }) {
                if frames[last].leaves[at].values.count < XMLEnclosingElements.valueLimit {
                    frames[last].leaves[at].values.append(value)
                }
            } else if frames[last].leaves.count < XMLEnclosingElements.leafLimit {
                frames[last].leaves.append((name, [value]))
            }
        }
        add(name, text)
        for attribute in attributes { add(name + "/" + attribute.name, attribute.value) }
        fields = nil
    }

    /// The `../` fields for a record whose parent is the innermost open element, nearest ancestor first.
    mutating func recordFields() -> [RawField] {
        if let fields { return fields }
        var built: [RawField] = []
        var prefix = ""
        for frame in frames.reversed() {
            prefix += "../"
            for attribute in frame.attributes { built.append(RawField(prefix + attribute.name, attribute.value)) }
            for leaf in frame.leaves {
                built.append(RawField(prefix + leaf.name, leaf.values.count == 1 ? leaf.values[0] : writer.array(leaf.values)))
            }
        }
        fields = built
        version += 1
        return built
    }
}
