/// Streams the records of an XML file: each element matching `record_path`, flattened by `XMLRecordFlattener`.
///
/// Records are numbered from 1 in document order; `line` is the line of the record's start tag. Records do not
/// nest: a matching element inside a record is part of that record. Each record also gets the attributes of the
/// elements enclosing it, and the leaf elements they held before it, as `../` fields (`XMLEnclosingElements`). A record holding undecodable bytes (each
/// became U+FFFD) is an `invalid_encoding` reject naming the first field holding them, with the fields that decoded
/// readable (its key); such bytes outside every record stop the file at its end. A file in which no record matched
/// is an error answer when a SOAP Fault or failing status elements say so (`errorAnswer`).
/// A reference to an external entity, to one that stands for markup, or (in a file with a DTD) to one declared
/// nowhere in the file makes its record an `unexpanded_entity` reject; without a DTD, an undeclared entity is a
/// well-formedness error. A well-formedness error, or an undeclared namespace prefix, stops the file with libxml2's message and line.
/// Elements named like the record element that `record_path` did not match, outside every record (`<户>` in a
/// `<分页>` wrapper while the path is `/户籍信息/户`), stop the file when no record matched at all, and otherwise
/// are a `records_outside_record_path` warning of the file (`fileWarnings`): they were not read.
final class XMLCursor: RecordCursor {
    private let file: String
    private let stream: DecodedByteStream
    private let reader: LibXMLReader
    private let path: XMLRecordPath
    private let flattener: XMLRecordFlattener
    private let maxFieldBytes: Int
    /// Open elements outside any record, root first.
    private var ancestors: [XMLElementName] = []
    /// What those elements said before the next record: its `../` fields.
    @exclusivity(unchecked) private var enclosing = XMLEnclosingElements()
    /// The record being read; its storage is reused from record to record.
    @exclusivity(unchecked) private var tree = XMLRecordTree()
    @exclusivity(unchecked) private var recordNumber = 0
    /// The root element, and the first element named like the record element that `record_path` did not match
    /// (another namespace, another parent), for the error when no record matched at all.
    private var root: (name: String, namespace: String?)?
    private var nearMiss: (path: String, namespace: String?)?
    /// While no record matched, the elements two and three levels deep, by path (`户籍信息/户`) in first-seen
    /// order, at most `XMLCursor.shallowLimit` paths: how many there are and whether they hold elements of their
    /// own. Elements repeated with fields of their own are records that `record_path` misses.
    private var shallow: [(path: String, count: Int, hasChildElements: Bool)] = []
    private static let shallowLimit = 32
    /// Elements named like the record element (a path's last step, any namespace) outside every record, by path
    /// (`户籍信息/分页/户`) in first-seen order, with their number and the line of the first: records that
    /// `record_path` misses beside those it matches. At most `XMLCursor.unreadLimit` paths.
    private var unread: [(path: String, count: Int, line: Int, namespace: NamespaceDifference?)] = []
    /// How elements `record_path` did not match differ from a path of it by a namespace alone: the namespace
    /// they are in (nil: none) and the one the path's step asks for.
    private struct NamespaceDifference: Equatable {
        var found: String?
        var wanted: String?
        var stepName: String
    }
    private static let unreadLimit = 8
    /// The record element's local names, from `record_path`.
    private let recordNames: Set<String>
    /// While no record matched, what the elements outside the records said, by path (`response/code` → `500`, an
    /// attribute as `…/@code`), at most `XMLCursor.saidLimit`: the status members an error answer is told by.
    private var said: [(path: [String], value: String)] = []
    private static let saidLimit = 200
    /// The line of a SOAP Fault (`<soap:Fault>`) outside every record, while no record matched.
    private var faultLine: Int?

    var encoding: TextEncoding { stream.encoding }

    init(file: String, options: ExtractorOptions) throws {
        self.file = file
        path = try XMLRecordPath(options.string("record_path"), namespaces: options.string("namespaces"))
        let repeated = (options.string("repeated") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
            .filter { !$0.isEmpty }
        recordNames = path.recordNames
        flattener = XMLRecordFlattener(repeated: Set(repeated))
        maxFieldBytes = options.integer("max_field_bytes") ?? 16 << 20
        if let empty = ExtractError.emptyFile(file, lacking: "a root element") { throw empty }
        stream = try DecodedByteStream(file: file, encoding: options.encoding)
        reader = try LibXMLReader(file: file, stream: stream)
    }

    func next() throws -> Extracted? {
        switch try nextRead() {
        case .record(let number, let line):
            return .record(RawRecord(number: number, line: line,
                                     fields: flattener.fields(of: tree) + enclosing.recordFields()))
        case .rejected(let problem):
            return .rejected(problem)
        case nil:
            return nil
        }
    }

    /// Writes the record's JSON text (what `JSONObjectWriter.append` makes of `next()`'s fields) straight from the
    /// flattener's bytes: its names are written by yajl once per shape (`Shape`), its values each by yajl.
    func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem? {
        switch try nextRead() {
        case .record(let number, let line):
            flattener.flatten(tree)
            let enclosingFields = enclosing.recordFields()
            if enclosing.version != enclosingVersion {
                enclosingVersion = enclosing.version
                if !enclosingFields.map(\.name).elementsEqual(enclosingNames) {
                    enclosingNames = enclosingFields.map(\.name)
                    enclosingKey += 1
                }
            }
            let shape = shape(of: flattener.flat.names)
            writer.beginObject(of: shape.names)
            let count = flattener.flat.count
            flattener.flat.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for (index, end) in flattener.flat.ends.enumerated() {
                    writer.append(name: index, of: shape.names, value: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
            }
            for (index, field) in enclosingFields.enumerated() {
                var value = field.value
                value.withUTF8 { writer.append(name: count + index, of: shape.names, value: $0) }
            }
            writer.endObject(of: shape.names, appendingTo: &text)
            return .written(number: number, line: line, names: shape.fieldNames)
        case .rejected(let problem):
            return .rejected(problem)
        case nil:
            return nil
        }
    }

    /// The field names of records of one shape (the flattener's name ids, then the enclosing elements' names), with
    /// yajl's text for them.
    private struct Shape {
        let ids: [Int]
        let enclosingKey: Int
        let fieldNames: [String]
        let names: JSONObjectWriter.RepeatedNames
    }

    /// The shapes met lately, the last one used first; at most `XMLCursor.shapeLimit`.
    @exclusivity(unchecked) private var shapes: [Shape] = []
    private static let shapeLimit = 64
    @exclusivity(unchecked) private var lastShape = 0
    /// The flattener's path table generation the shapes were made under.
    @exclusivity(unchecked) private var shapesGeneration = 0
    /// `enclosing.version` when its names were last compared, those names, and a key that changes with them.
    @exclusivity(unchecked) private var enclosingVersion = -1
    private var enclosingNames: [String] = []
    @exclusivity(unchecked) private var enclosingKey = 0

    private func shape(of ids: [Int]) -> Shape {
        if shapesGeneration != flattener.generation {
            shapes.removeAll()
            shapesGeneration = flattener.generation
        }
        if lastShape < shapes.count, shapes[lastShape].enclosingKey == enclosingKey, shapes[lastShape].ids == ids {
            return shapes[lastShape]
        }
        if let index = shapes.firstIndex(where: { $0.enclosingKey == enclosingKey && $0.ids == ids }) {
            lastShape = index
            return shapes[index]
        }
        if shapes.count >= XMLCursor.shapeLimit { shapes.removeAll() }
        let names = ids.map { flattener.name($0) } + enclosingNames
        shapes.append(Shape(ids: ids, enclosingKey: enclosingKey, fieldNames: names,
                            names: JSONObjectWriter.RepeatedNames(names)))
        lastShape = shapes.count - 1
        return shapes[lastShape]
    }

    /// What `nextRead` found: a record (its tree in `tree`), or a reject.
    private enum RecordRead {
        case record(number: Int, line: Int)
        case rejected(RecordProblem)
    }

    /// Reads on to the next record element and reads it into `tree`.
    private func nextRead() throws -> RecordRead? {
        while try reader.read() {
            switch reader.kind {
            case .element:
                let local = reader.localName
                let name = XMLElementName(localName: local.text, namespace: path.usesNamespaces ? reader.namespaceURI : nil)
                if path.matches(name, ancestors: ancestors) {
                    enclosing.recordStarts()
                    return try readRecord(local)
                }
                let attributes = enclosingAttributes()
                if recordNumber == 0 {
                    noteUnmatched(local.text)
                    noteAnswer(local.text, attributes: attributes)
                }
                if recordNames.contains(local.text) { noteUnread(name) }
                if reader.isEmptyElement {
                    enclosing.emptyElement(local.text, attributes: attributes)
                } else {
                    ancestors.append(name)
                    enclosing.open(local.text, attributes: attributes)
                }
            case .endElement:
                if !ancestors.isEmpty { ancestors.removeLast() }
                if let leaf = enclosing.close(), recordNumber == 0, !leaf.text.isEmpty, said.count < XMLCursor.saidLimit {
                    said.append((ancestors.map(\.localName) + [leaf.name], leaf.text))
                }
            case .text, .whitespace:
                // Indentation between records is read only where it may belong to a leaf's text.
                if enclosing.takesText { try appendEnclosing(reader.value) }
            case .entityReference:
                if case .text(let text) = reader.entityText { try appendEnclosing(text) }
            default:
                break
            }
        }
        if let offset = stream.undecodableOffsets.first {
            // Most often the whole file is in another encoding (GBK read as UTF-8): its element names are
            // undecodable too, so no record matched. The first bad byte, its line, and the encodings to set.
            let bad = stream.undecodableByte(at: offset)
            if let cause = XMLCursor.encodingCause(file: file, readAs: stream.encoding) {
                throw ExtractError(file: file, line: bad.line, byteOffset: offset,
                                   message: "\(bad.message) (outside any record): \(cause)")
            }
            let declared = XMLCursor.declaredEncoding(file: file).map { "; the file declares encoding=\"\($0)\"" } ?? ""
            throw ExtractError(file: file, line: bad.line, byteOffset: offset,
                message: "\(bad.message) (outside any record\(declared)): if the file is not \(stream.encoding == .auto ? "utf-8" : stream.encoding.rawValue), \(bad.advice)")
        }
        if recordNumber == 0, let answer = errorAnswer() { throw answer }
        if recordNumber == 0 { try refuseMissedRecords() }
        return nil
    }

    /// The namespaces of a SOAP envelope, 1.1 and 1.2.
    private static let soapNamespaces: Set<String> = ["http://schemas.xmlsoap.org/soap/envelope/",
                                                      "http://www.w3.org/2003/05/soap-envelope"]

    /// While no record matched: an element's attributes for `said`, and whether it is a SOAP Fault (`Fault` in a
    /// SOAP envelope's namespace, or any `Fault` right under a `Body`).
    private func noteAnswer(_ localName: String, attributes: [RawField]) {
        if faultLine == nil, localName == "Fault",
           reader.namespaceURI.map(XMLCursor.soapNamespaces.contains) ?? false || ancestors.last?.localName == "Body" {
            faultLine = reader.line
        }
        let path = ancestors.map(\.localName) + [localName]
        for attribute in attributes where !attribute.value.isEmpty && said.count < XMLCursor.saidLimit {
            said.append((path + [attribute.name], attribute.value))
        }
    }

    /// For a file in which no record matched: the error when it is a web system's **error answer** sent instead of
    /// the records (`ExtractError.isErrorAnswer`), by the rule JSON answers are judged by (`ErrorAnswer`): a SOAP
    /// Fault, or status elements or attributes outside the records saying the answer failed (`<code>500</code>`,
    /// `<msg>系统繁忙</msg>` beside an empty `<rows/>`). nil for an empty export (`<code>0</code>`, no status at all).
    private func errorAnswer() -> ExtractError? {
        func quoted(_ value: String) -> String {
            let plain = !value.isEmpty && (Double(value) != nil || ["true", "false"].contains(value))
            return plain ? value : "\"\(value.count > 200 ? String(value.prefix(200)) + "…" : value)\""
        }
        func name(_ path: [String]) -> String {
            let last = path.last ?? ""
            return last.hasPrefix("@") ? String(last.dropFirst()) : last
        }
        var what: String
        if let faultLine {
            // SOAP 1.1 writes faultcode and faultstring; SOAP 1.2 Code/Value and Reason/Text.
            let inFault = said.filter { $0.path.contains("Fault") }
            let code = inFault.first { $0.path.last == "faultcode" || $0.path.suffix(2).elementsEqual(["Code", "Value"]) }
            let reason = inFault.first { $0.path.last == "faultstring" || $0.path.suffix(2).elementsEqual(["Reason", "Text"]) }
            let parts = [code.map { "faultcode \(quoted($0.value))" }, reason.map { "faultstring \(quoted($0.value))" }]
                .compactMap { $0 }
            what = "the document is a SOAP Fault (line \(faultLine))" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
        } else {
            let status = said.filter { ErrorAnswer.isStatusWord(name($0.path)) }
            guard ErrorAnswer.saysFailure(status.map { (name($0.path), $0.value) }) else { return nil }
            what = "the document says " + status.prefix(4).map { "\(name($0.path)) \(quoted($0.value))" }.joined(separator: ", ")
        }
        what = "record_path \(path.description) matches no element; \(what): \(ErrorAnswer.sentence)"
        var error = ExtractError(file: file, message: what)
        error.isErrorAnswer = true
        return error
    }

    private func noteUnmatched(_ localName: String) {
        if root == nil, ancestors.isEmpty { root = (localName, reader.namespaceURI) }
        if (1...3).contains(ancestors.count) {
            let parent = ancestors.map(\.localName).joined(separator: "/")
            if ancestors.count >= 2, let index = shallow.firstIndex(where: { $0.path == parent }) {
                shallow[index].hasChildElements = true
            }
            if ancestors.count <= 2 {
                let path = parent + "/" + localName
                if let index = shallow.firstIndex(where: { $0.path == path }) {
                    shallow[index].count += 1
                } else if shallow.count < XMLCursor.shallowLimit {
                    shallow.append((path, 1, false))
                }
            }
        }
        if nearMiss == nil, recordNames.contains(localName) {
            nearMiss = ((ancestors.map(\.localName) + [localName]).joined(separator: "/"), reader.namespaceURI)
        }
    }

    /// A file without records is an empty export, unless its elements show that `record_path` cannot match: an
    /// element named like the record element elsewhere or in another namespace (a department's new schema
    /// version), a root other than the path's first step, or a root holding elements with elements of their own
    /// (records under another name: a typo in the path's last step, `/户籍信息/戶` for `/户籍信息/户`). Those stop
    /// the file rather than load nothing; a root holding only header fields (`<导出时间>`) is an empty export.
    private func refuseMissedRecords() throws {
        func described(_ namespace: String?) -> String { namespace.map { " in namespace \($0)" } ?? " without a namespace" }
        if let nearMiss {
            // Unprefixed steps match local names in any namespace, so the namespace is no reason then (trial 14-b: a
            // missing wrapper step was answered with a default namespace that needs no prefix): the path is.
            guard path.usesNamespaces else {
                let name = nearMiss.path.split(separator: "/").last.map(String.init) ?? nearMiss.path
                throw ExtractError(file: file, message: """
                    record_path \(path.description) matches no element, but /\(nearMiss.path) is there: \
                    record_path /\(nearMiss.path) reads it (or \(name) alone, at any depth)
                    """)
            }
            throw ExtractError(file: file, message: """
                record_path \(path.description) matches no element, but /\(nearMiss.path) is there\(described(nearMiss.namespace)): \
                check record_path and namespaces
                """)
        }
        if path.alternatives.allSatisfy(\.fromRoot), let root,
           !path.alternatives.contains(where: { ["*", root.name].contains($0.steps[0].localName) }) {
            throw ExtractError(file: file, message: """
                record_path \(path.description) matches no element: the document's root is <\(root.name)>\(described(root.namespace))
                """)
        }
        if let missed = shallow.filter({ $0.count > 1 && $0.hasChildElements }).max(by: { $0.count < $1.count }) {
            let held = shallow.filter { $0.path.split(separator: "/").count == 2 }
                .map { "<\($0.path.split(separator: "/").last!)>" + ($0.count > 1 ? " ×\($0.count)" : "") }
            throw ExtractError(file: file, message: """
                record_path \(path.description) matches no element, but the file holds \(missed.count) elements \
                /\(missed.path) with elements of their own (its root <\(root?.name ?? "?")> holds \(held.joined(separator: ", "))): \
                check record_path
                """)
        }
    }

    /// An element named like the record element that `record_path` did not match, outside every record.
    private func noteUnread(_ name: XMLElementName) {
        let path = (ancestors.map(\.localName) + [name.localName]).joined(separator: "/")
        // The same path in another namespace (a vendor's v2 records beside v1's): said, since the path alone reads
        // the same as record_path's.
        let difference = !self.path.usesNamespaces ? nil
            : self.path.namespaceDifference(name, ancestors: ancestors).map {
                NamespaceDifference(found: $0.found, wanted: $0.step.namespace, stepName: $0.step.localName)
            }
        if let index = unread.firstIndex(where: { $0.path == path && $0.namespace == difference }) {
            unread[index].count += 1
        } else if unread.count < XMLCursor.unreadLimit {
            unread.append((path, 1, reader.line, difference))
        }
    }

    /// Once the file is read: the elements named like the record element that `record_path` did not match while it
    /// matched others (`records_outside_record_path`), most often a wrapper some records sit in (`<分页 页码="2">`,
    /// one township's `<town>` among `<township>`s). Not read, so said, with the paths that would read them.
    var fileWarnings: [FileWarning] {
        guard recordNumber > 0, let first = unread.first else { return [] }
        func inNamespace(_ uri: String?) -> String { uri.map { "in namespace \($0)" } ?? "in no namespace" }
        let counts = unread.enumerated().map { index, miss in
            let name = miss.path.split(separator: "/").last.map(String.init) ?? miss.path
            let namespace = miss.namespace.map { " " + inNamespace($0.found) } ?? ""
            return index == 0 ? "\(miss.count) <\(name)> element(s) at /\(miss.path)\(namespace)"
                : "\(miss.count) at /\(miss.path)\(namespace)"
        }
        // Elements at a path of record_path in another namespace: which namespace the path asks for there.
        let namespaces = unread.compactMap(\.namespace).reduce(into: [NamespaceDifference]()) { kept, difference in
            if !kept.contains(difference) { kept.append(difference) }
        }.map { "its <\($0.stepName)> \(inNamespace($0.wanted)), theirs \(inNamespace($0.found))" }
        let why = namespaces.isEmpty ? "" : " (the same path in another namespace: \(namespaces.joined(separator: "; ")))"
        let listed = path.alternatives.count == 1 && unread.count == 1 ? "both paths" : "every path"
        var seen = Set<String>()
        let list = path.description.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            + unread.map { "/" + $0.path }.filter { seen.insert($0).inserted }
        let anyDepth = recordNames.count == 1
            ? recordNames.first.map { ", or write record_path: \($0) for every <\($0)> at any depth" } ?? ""
            : ""
        return [FileWarning(rule: "records_outside_record_path", line: first.line,
                            value: unread.map { "/\($0.path) ×\($0.count)" }.joined(separator: ", "),
                            message: """
                                \(counts.joined(separator: " and ")) were not read: record_path is \(path.description)\(why); \
                                list \(listed) (record_path: [\(list.joined(separator: ", "))])\(anyDepth) to read them
                                """)]
    }

    /// Reads the record whose start tag the reader is on, up to its end tag.
    private func readRecord(_ name: XMLName) throws -> RecordRead {
        recordNumber += 1
        let line = reader.line
        var replaced = 0
        // Worked on as a local: mutating a class's stored struct pays an exclusivity check per access.
        var tree = XMLRecordTree()
        swap(&tree, &self.tree)
        defer { swap(&tree, &self.tree) }
        tree.reset()
        tree.open(name)
        readAttributes(into: &tree, &replaced)
        var open = !reader.isEmptyElement
        // The first entity reference whose value cannot be read as text: the field and why.
        var unexpanded: (field: String, reason: String)?
        while open {
            let more: Bool
            do {
                more = try reader.read()
            } catch var error as ExtractError {
                // The file broke inside this record (cut off, an unclosed tag): which record, beside the line.
                error.message += " (in record \(recordNumber), which starts on line \(line))"
                throw error
            }
            guard more else {
                throw ExtractError(file: file, line: line, message: "the file ends inside record \(recordNumber)")
            }
            switch reader.kind {
            case .element:
                let child = reader.localName
                if !stream.undecodableOffsets.isEmpty { replaced += XMLCursor.replacements(in: child.text) }
                tree.open(child)
                readAttributes(into: &tree, &replaced)
                if reader.isEmptyElement { _ = tree.close() }
            case .endElement:
                if tree.close() { open = false }
            case .text:
                try append(reader.valueBytes, to: &tree, &replaced)
            case .whitespace:
                // Indentation between elements is dropped; inside text (mixed content) it separates words.
                if tree.currentHasText { try append(reader.valueBytes, to: &tree, &replaced) }
            case .entityReference:
                switch reader.entityText {
                case .text(let text): try append(text, to: &tree, &replaced)
                case .external where unexpanded == nil:
                    unexpanded = (tree.currentPath, "&\(reader.localName.text); is an external entity, which is never loaded")
                case .markup where unexpanded == nil:
                    unexpanded = (tree.currentPath, "&\(reader.localName.text); stands for markup, not text")
                case .undeclared(let dtd) where unexpanded == nil:
                    let name = reader.localName.text
                    let whereElse = dtd.map { "perhaps in its external DTD \($0), which is never loaded" }
                        ?? "perhaps in a part of its DTD that is never loaded"
                    unexpanded = (tree.currentPath, "&\(name); is declared nowhere in the file (\(whereElse))")
                default: break
                }
            case .other:
                break
            }
        }
        if replaced > 0 {
            let offset = stream.undecodableOffsets.first ?? -1
            stream.undecodableOffsets.removeFirst(min(replaced, stream.undecodableOffsets.count))
            // As in JSON: the first field holding the bytes is named, and the fields that decoded (the record's key
            // before or after the bad byte) are readable, so that the reject resolves when the corrected record loads.
            return .rejected(JSONRecordFlattener.undecodable(number: recordNumber, line: line, offset: offset,
                encodingName: stream.encoding.iconvName, fields: flattener.fields(of: tree) + enclosing.recordFields()))
        }
        if let unexpanded {
            return .rejected(RecordProblem(number: recordNumber, line: line, field: unexpanded.field.isEmpty ? "#text" : unexpanded.field,
                rule: "unexpanded_entity",
                message: "\(unexpanded.reason): the value cannot be read"))
        }
        return .record(number: recordNumber, line: line)
    }

    /// The attributes of the element the reader is on, named `@name` (one local name twice: the one in no
    /// namespace, else the first).
    private func enclosingAttributes() -> [RawField] {
        var attributes: [RawField] = []
        reader.forEachAttribute { name, value, namespace, _ in
            let field = "@" + name.text
            if let at = attributes.firstIndex(where: { $0.name == field }) {
                if namespace == nil { attributes[at].value = value }
            } else {
                attributes.append(RawField(field, value))
            }
        }
        return attributes
    }

    /// Character data outside any record, for the enclosing element's leaf value.
    private func appendEnclosing(_ text: String) throws {
        enclosing.appendText(text)
        if enclosing.currentTextBytes > maxFieldBytes {
            throw ExtractError(file: file, line: reader.line,
                message: "a text value outside the records is longer than max_field_bytes (\(maxFieldBytes) bytes)")
        }
    }

    private func readAttributes(into tree: inout XMLRecordTree, _ replaced: inout Int) {
        let check = !stream.undecodableOffsets.isEmpty
        reader.forEachAttribute { name, value, namespace, elementNamespace in
            if check { replaced += XMLCursor.replacements(in: name.text) + XMLCursor.replacements(in: value) }
            tree.addAttribute(name, value, namespace: namespace, elementNamespace: elementNamespace)
        }
    }

    private func append(_ text: String, to tree: inout XMLRecordTree, _ replaced: inout Int) throws {
        var text = text
        try text.withUTF8 { try append($0, to: &tree, &replaced) }
    }

    /// Appends character data (libxml2's UTF-8, valid only until the reader moves on) to the current element.
    private func append(_ text: UnsafeBufferPointer<UInt8>, to tree: inout XMLRecordTree, _ replaced: inout Int) throws {
        if !stream.undecodableOffsets.isEmpty { replaced += XMLCursor.replacements(in: String(decoding: text, as: UTF8.self)) }
        tree.appendText(text)
        if tree.currentTextBytes > maxFieldBytes {
            throw ExtractError(file: file, line: reader.line,
                message: "record \(recordNumber): a text value is longer than max_field_bytes (\(maxFieldBytes) bytes)")
        }
    }

    /// For a file that does not decode as `encoding`: why, when the file says so, cause first. A UTF-8 byte order mark
    /// in front of GBK text (`TextEncoding.isGB18030BehindUTF8Mark`), read as UTF-8 whether declared `utf-8` or under
    /// `auto`, which follows the mark: said as the CSV path says it (`TextEncoding.gb18030BehindUTF8Mark`), since
    /// `auto`, which the declaration's advice offers, would follow the mark again. Otherwise what the XML declaration
    /// says (`declarationAdvice`); nil when neither tells.
    static func encodingCause(file: String, readAs encoding: TextEncoding) -> String? {
        if encoding == .utf8 || encoding == .auto, TextEncoding.isGB18030BehindUTF8Mark(file: file) {
            return TextEncoding.gb18030BehindUTF8Mark
        }
        return declarationAdvice(file: file, readAs: encoding)
    }

    /// For a file that does not decode as `encoding`: what its XML declaration says and the option that reads it
    /// (`the file declares encoding="GBK" in its XML declaration; set encoding: gb18030 (or auto) to read it`), or
    /// nil when it declares no encoding, the one read with, or one Rongtong does not read.
    static func declarationAdvice(file: String, readAs encoding: TextEncoding) -> String? {
        guard let declared = declaredEncoding(file: file), let option = TextEncoding.option(forDeclared: declared),
              option != encoding, !(encoding == .auto && option == .utf8) else { return nil }
        return "the file declares encoding=\"\(declared)\" in its XML declaration; set encoding: \(option.rawValue) (or auto) to read it"
    }

    /// The `encoding` its XML declaration names (`GBK` in `<?xml version="1.0" encoding="GBK"?>`), or nil.
    static func declaredEncoding(file: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 256) else { return nil }
        let head = String(decoding: data, as: UTF8.self)
        guard let declaration = head.range(of: "<?xml"), let end = head.range(of: "?>", range: declaration.upperBound..<head.endIndex),
              let key = head.range(of: "encoding", range: declaration.upperBound..<end.lowerBound) else { return nil }
        let rest = head[key.upperBound..<end.lowerBound].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    private static func replacements(in text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
    }
}

import Foundation
