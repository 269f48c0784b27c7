/// One record element and everything inside it, as the reader met it: names, attributes and character data.
///
/// Held only while the record is read (the arena is reused for the next one); `XMLRecordFlattener` turns it into
/// fields when the record's end tag arrives. libxml2 limits depth to 256, which bounds the tree's height.
///
/// Character data stays UTF-8 bytes (libxml2's, copied once into `text`): an element's text is one range of that
/// buffer, so a record costs no String per text node. The rare element whose text is interrupted by a child's
/// (mixed content) has its text moved to the buffer's end when it grows again.
struct XMLRecordTree {
    struct Element {
        var name: XMLName
        /// The element's attributes: `attributes[firstAttribute ..< firstAttribute + attributeCount]`.
        var firstAttribute: Int
        var attributeCount = 0
        /// Character data directly inside the element, untrimmed, in document order: `text[textStart ..< textEnd]`.
        var textStart = 0
        var textEnd = 0
        var parent: Int
        var firstChild = -1
        var lastChild = -1
        var nextSibling = -1

        var hasChildren: Bool { firstChild >= 0 }
        var hasAttributes: Bool { attributeCount > 0 }
    }

    /// One attribute local name of an element, and the value it gives the record (see `addAttribute`).
    struct Attribute {
        var name: XMLName
        var value: String
        /// The namespace URI of the attribute `value` comes from; nil for the attribute in no namespace.
        var namespace: String?
        /// The same local name in other namespaces, ranked after `value`'s (see `addAttribute`).
        var others: [(namespace: String, value: String)] = []

        /// `value`, then the others' values that differ from it, each once: more than one when the namespaces
        /// disagree.
        var values: [String] {
            var values = [value]
            for other in others where !values.contains(other.value) { values.append(other.value) }
            return values
        }
    }

    private(set) var elements: [Element] = []
    /// The attributes of all elements, each element's together (they are added right after it opens).
    private(set) var attributes: [Attribute] = []
    /// The character data of all elements (see `Element.textStart`).
    private(set) var text: [UInt8] = []
    /// The innermost open element, or -1 once the record element has closed.
    private(set) var current = -1

    mutating func reset() {
        elements.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        current = -1
    }

    /// Opens an element inside the current one (or the record element itself when the tree is empty).
    mutating func open(_ name: XMLName) {
        let index = elements.count
        elements.append(Element(name: name, firstAttribute: attributes.count, parent: current))
        if current >= 0 {
            if elements[current].lastChild >= 0 {
                elements[elements[current].lastChild].nextSibling = index
            } else {
                elements[current].firstChild = index
            }
            elements[current].lastChild = index
        }
        current = index
    }

    /// The attributes of element `index`.
    func attributes(of index: Int) -> ArraySlice<Attribute> {
        let element = elements[index]
        return attributes[element.firstAttribute ..< element.firstAttribute + element.attributeCount]
    }

    /// Adds an attribute of the current element. One local name twice on one element (`户号` and `old:户号`):
    /// the attribute in no namespace is the element's own and wins silently, whatever the order. Of names only in
    /// namespaces (`a:户号`, `b:户号`), the one in the element's own namespace ranks first, then by namespace URI, so
    /// the value never depends on the order a vendor writes attributes in; the others are kept (`Attribute.others`)
    /// so that differing values reach the record as a list, as a repeated element does.
    mutating func addAttribute(_ name: XMLName, _ value: String, namespace: String? = nil, elementNamespace: String? = nil) {
        let first = elements[current].firstAttribute
        guard let index = attributes[first...].firstIndex(where: { $0.name.text == name.text }) else {
            attributes.append(Attribute(name: name, value: value, namespace: namespace))
            elements[current].attributeCount += 1
            return
        }
        var attribute = attributes[index]
        guard let held = attribute.namespace else { return }
        guard let namespace else {
            attributes[index] = Attribute(name: name, value: value, namespace: nil)
            return
        }
        func rank(_ uri: String) -> (Int, String) { (uri == elementNamespace ? 0 : 1, uri) }
        let ranked = ([(held, attribute.value)] + attribute.others + [(namespace, value)])
            .sorted { rank($0.namespace) < rank($1.namespace) }
        attribute.name = name
        attribute.namespace = ranked[0].namespace
        attribute.value = ranked[0].value
        attribute.others = Array(ranked.dropFirst())
        attributes[index] = attribute
    }

    /// Appends character data (UTF-8) to the current element's text.
    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        let element = elements[current]
        if element.textStart == element.textEnd {
            elements[current].textStart = text.count
        } else if element.textEnd != text.count {
            // Mixed content: a child's text came in between. The text so far moves to the end, then grows there.
            let start = text.count
            text.append(contentsOf: text[element.textStart ..< element.textEnd])
            elements[current].textStart = start
        }
        text.append(contentsOf: bytes)
        elements[current].textEnd = text.count
    }

    mutating func appendText(_ string: String) {
        var string = string
        string.withUTF8 { appendText($0) }
    }

    /// Calls `body` with the text of element `index` (untrimmed).
    func withText<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let element = elements[index]
        return try text.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[element.textStart ..< element.textEnd]))
        }
    }

    /// True when the current element has gathered character data (whitespace then matters as separation).
    var currentHasText: Bool { elements[current].textEnd > elements[current].textStart }

    /// Bytes of character data gathered so far in the current element, for `max_field_bytes`.
    var currentTextBytes: Int { elements[current].textEnd - elements[current].textStart }

    /// The current element's path below the record element (`户主/姓名`), as fields are named; "" for the record
    /// element itself.
    var currentPath: String {
        var names: [String] = []
        var index = current
        while index >= 0, elements[index].parent >= 0 {
            names.append(elements[index].name.text)
            index = elements[index].parent
        }
        return names.reversed().joined(separator: "/")
    }

    /// Closes the current element; true when it was the record element.
    mutating func close() -> Bool {
        current = elements[current].parent
        return current < 0
    }
}
