import CLibXML2

/// libxml2's streaming reader (`xmlTextReader`) behind a Swift type: decoded UTF-8 chunks in, one node at a time
/// out, Swift errors on failure. Nothing outside this file sees a libxml2 pointer.
///
/// Safety: the parser runs with `XML_PARSE_NONET` and none of `NOENT`, `DTDLOAD`, `DTDVALID`, `XINCLUDE` or `HUGE`,
/// so external entities stay unexpanded references, the network is never touched, "billion laughs" is refused
/// ("entity reference loop") and depth stays at libxml2's limit of 256. On top of that a process-wide external
/// entity loader refuses every URL, `file://` included, for every libxml2 user in the process.
///
/// The bytes come from `DecodedByteStream`, so the parser always sees UTF-8 (`XML_PARSE_IGNORE_ENC` makes it ignore
/// the declaration's `encoding="GB2312"`); the file's encoding is the `encoding` option's business, as for CSV.
final class LibXMLReader {
    enum NodeKind {
        case element
        case endElement
        /// Text or CDATA: its value is character data.
        case text
        /// Character data that is only whitespace (indentation between elements, mostly).
        case whitespace
        case entityReference
        case other
    }

    let file: String
    private let input: ChunkInput
    private var reader: xmlTextReaderPtr?
    /// The error that explains a failure: libxml2's message (one line), its line, whether that line is the
    /// document's (not an entity's), the element left open when the file ended early, and the entity a reference
    /// named without any declaration (`xq` of `Entity 'xq' not defined`).
    private var firstError: (message: String, line: Int, inDocument: Bool, unclosed: String?, undeclaredEntity: String?)?
    private var firstErrorWasFatal = false
    /// A namespace error (an undeclared prefix): libxml2 reports it and reads on, with the prefix kept in the local
    /// name (`hj:户`), so `record_path` would quietly match nothing. It stops the file at the next node instead.
    @exclusivity(unchecked) private var namespaceError: (message: String, line: Int)?
    /// libxml2 interns names in its dictionary for the reader's lifetime: one `XMLName` per distinct name. The
    /// dictionary, and so this cache, is bounded: without `XML_PARSE_HUGE` libxml2 caps it at 10 MB of names.
    @exclusivity(unchecked) private var names: [UnsafePointer<xmlChar>: XMLName] = [:]
    /// A direct-mapped cache in front of `names`: slot (address / 8) mod `recentSlots` holds a name pointer and its
    /// `XMLName`, so that most elements cost no hashing.
    @exclusivity(unchecked) private var recentNames = [(pointer: UnsafePointer<xmlChar>?, name: XMLName)](
        repeating: (nil, XMLName(id: -1, text: "")), count: LibXMLReader.recentSlots)
    private static let recentSlots = 64

    @exclusivity(unchecked) private(set) var kind = NodeKind.other

    init(file: String, stream: DecodedByteStream) throws {
        _ = LibXMLReader.setUp
        self.file = file
        input = ChunkInput(stream: stream)
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        reader = xmlReaderForIO(LibXMLReader.read, nil, Unmanaged.passUnretained(input).toOpaque(), file, "UTF-8", options)
        if let failure = input.failure { throw failure }
        guard let reader else { throw ExtractError(file: file, message: "libxml2 could not start reading the file") }
        xmlTextReaderSetStructuredErrorHandler(reader, LibXMLReader.collectError, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
    }

    /// Moves to the next node; false at the end of the document.
    /// Throws what the byte stream threw (`NotUTF8` under `auto`), or an `ExtractError` quoting libxml2.
    func read() throws -> Bool {
        switch xmlTextReaderRead(reader) {
        case 1:
            if let namespaceError {
                throw ExtractError(file: file, line: namespaceError.line > 0 ? namespaceError.line : nil, message: """
                    not namespace-well-formed XML: \(namespaceError.message): the file must declare every prefix it \
                    uses (xmlns:prefix="…" on the root element); ask the sender to export it again
                    """)
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue): kind = .element
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue): kind = .endElement
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue): kind = .text
            case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                kind = .whitespace
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue): kind = .entityReference
            default: kind = .other
            }
            return true
        case 0:
            return false
        default:
            if let failure = input.failure { throw failure }
            // An error inside an entity's replacement text carries the entity's line; the parser's is the document's.
            let line = firstError.flatMap { $0.inDocument ? $0.line : nil } ?? Int(xmlTextReaderGetParserLineNumber(reader))
            let libxml = firstError?.message ?? "libxml2 stopped reading"
            var message = "not well-formed XML: \(libxml)"
            if let entity = firstError?.undeclaredEntity {
                // `&xq;` in a file without a DTD: the XML spec makes it a well-formedness error, so it stops the file.
                message += ": the file refers to &\(entity); and declares no entity of that name, so it is not XML; ask the "
                    + "sender for the file with it escaped (&amp;\(entity);) or declared (<!DOCTYPE … [<!ENTITY \(entity) \"…\">]>)"
            }
            if let unclosed = firstError?.unclosed {
                // libxml2's push parser words a file that stops early as if something followed the root element
                // ("Extra content at the end of the document"): its words would contradict ours, so they are left out.
                message = "not well-formed XML: the file ends inside element <\(unclosed)> (truncated?)"
            }
            if let cut = input.stream.cutInsideCharacterAt, input.stream.undecodableOffsets.first == cut {
                // Cut inside a character at its very end: a truncated file, not one in another encoding.
                message = "not well-formed XML: the file ends inside a character (byte offset \(cut))\(firstError?.unclosed.map { " and inside element <\($0)>" } ?? "") (truncated?)"
            } else if let offset = input.stream.undecodableOffsets.first {
                // An undecodable byte before the failure: the file is likely in another encoding, and libxml2's
                // words (or its line) may be about our U+FFFD rather than the file's bytes.
                let bad = input.stream.undecodableByte(at: offset)
                if let cause = XMLCursor.encodingCause(file: file, readAs: input.stream.encoding) {
                    // The file says which encoding it is in (`encoding="GBK"`, or GBK text behind a UTF-8 byte order
                    // mark): that, at the first bad byte's line, is the whole story; libxml2's words are about the
                    // garbled text.
                    throw ExtractError(file: file, line: bad.line, message: "\(bad.message): \(cause)")
                }
                message += "; \(bad.message), so the file may be in another encoding: \(bad.advice)"
            }
            throw ExtractError(file: file, line: line > 0 ? line : nil, message: message)
        }
    }

    /// The local name (no prefix) of the current element or attribute.
    var localName: XMLName { name(xmlTextReaderConstLocalName(reader)) }

    /// The namespace URI of the current element or attribute, or nil when it has none.
    var namespaceURI: String? {
        guard let uri = xmlTextReaderConstNamespaceUri(reader) else { return nil }
        return name(uri).text
    }

    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// The line of the current node's start tag (of its closing `>` when the tag spans lines). libxml2 stores node
    /// lines in 16 bits; past line 65534 the parser's own line is used, which can run a few lines ahead.
    var line: Int {
        let stored = xmlGetLineNo(xmlTextReaderCurrentNode(reader))
        if stored > 0 && stored < 65535 { return stored }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// The character data of the current text node, entities and CDATA already decoded.
    var value: String {
        guard let value = xmlTextReaderConstValue(reader) else { return "" }
        return String(cString: value)
    }

    /// The character data of the current text node as UTF-8 bytes (libxml2's own, valid until the next `read()`).
    var valueBytes: UnsafeBufferPointer<UInt8> {
        guard let value = xmlTextReaderConstValue(reader) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value)))
    }

    /// What an entity reference stands for as a value: an internal entity's replacement text when it is plain text
    /// (references to other such entities expanded), otherwise why it cannot be read as text. External entities are
    /// never loaded (XXE), and an entity holding markup would put elements into a value. An entity the file declares
    /// nowhere is `undeclared`: libxml2 reads on past it only when the file has a DTD (which may declare it in its
    /// external part, never loaded); `dtd` is that external part's system identifier (`hjxx.dtd`), if any.
    enum EntityText {
        case text(String)
        case external
        case markup
        case undeclared(dtd: String?)
    }

    /// The current entity reference's value (see `EntityText`).
    var entityText: EntityText {
        guard let node = xmlTextReaderCurrentNode(reader) else { return .external }
        guard let declaration = node.pointee.children else {
            let document = node.pointee.doc
            if let name = node.pointee.name, xmlGetDocEntity(document, name) != nil { return .external }
            let dtd = document?.pointee.intSubset?.pointee.SystemID.map { String(cString: $0) }
            return .undeclared(dtd: dtd)
        }
        let entity = UnsafeMutableRawPointer(declaration).assumingMemoryBound(to: xmlEntity.self)
        return LibXMLReader.text(of: entity, in: node.pointee.doc, depth: 0)
    }

    /// Expands an internal entity's replacement text; nested references to internal entities are expanded too, at
    /// most 8 deep (libxml2 has already refused loops while parsing the declarations).
    private static func text(of entity: UnsafeMutablePointer<xmlEntity>, in document: xmlDocPtr?, depth: Int) -> EntityText {
        guard entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY || entity.pointee.etype == XML_INTERNAL_PREDEFINED_ENTITY
        else { return .external }
        guard let content = entity.pointee.content else { return .text("") }
        let raw = String(cString: content)
        if raw.contains("<") { return .markup }
        guard raw.contains("&") else { return .text(raw) }
        guard depth < 8 else { return .markup }
        var expanded = ""
        var rest = Substring(raw)
        while let ampersand = rest.firstIndex(of: "&") {
            expanded += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { return .markup }
            let name = String(rest[rest.index(after: ampersand)..<semicolon])
            guard let nested = xmlGetDocEntity(document, name) else { return .markup }
            switch text(of: nested, in: document, depth: depth + 1) {
            case .text(let text): expanded += text
            case let other: return other
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return .text(expanded + rest)
    }

    /// Calls `body` with each attribute of the current element (namespace declarations excepted), by local name,
    /// with its namespace URI (`old:户号`; nil for an attribute in no namespace) and the element's own.
    func forEachAttribute(_ body: (_ localName: XMLName, _ value: String, _ namespace: String?,
                                   _ elementNamespace: String?) -> Void) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        let elementNamespace = namespaceURI
        var more = xmlTextReaderMoveToFirstAttribute(reader)
        while more == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) != 1 {
                let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                body(localName, value, namespaceURI, elementNamespace)
            }
            more = xmlTextReaderMoveToNextAttribute(reader)
        }
        xmlTextReaderMoveToElement(reader)
    }

    private func name(_ pointer: UnsafePointer<xmlChar>?) -> XMLName {
        guard let pointer else { return XMLName(id: -1, text: "") }
        let slot = (Int(bitPattern: pointer) >> 3) & (LibXMLReader.recentSlots - 1)
        if recentNames[slot].pointer == pointer { return recentNames[slot].name }
        if let known = names[pointer] {
            recentNames[slot] = (pointer, known)
            return known
        }
        let name = XMLName(id: names.count, text: String(cString: pointer))
        names[pointer] = name
        recentNames[slot] = (pointer, name)
        return name
    }

    // MARK: - libxml2 plumbing

    /// Once per process: initialise libxml2 and install the loader that refuses every external entity.
    private static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    private static let read: xmlInputReadCallback = { context, buffer, length in
        guard let context, let buffer else { return -1 }
        let input = Unmanaged<ChunkInput>.fromOpaque(context).takeUnretainedValue()
        return Int32(input.fill(UnsafeMutableRawPointer(buffer), capacity: Int(length)))
    }

    private static let collectError: xmlStructuredErrorFunc = { context, error in
        guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let me = Unmanaged<LibXMLReader>.fromOpaque(context).takeUnretainedValue()
        if error.pointee.domain == Int32(XML_FROM_NAMESPACE.rawValue), me.namespaceError == nil {
            let text = error.pointee.message.map { String(cString: $0) } ?? "namespace error \(error.pointee.code)"
            me.namespaceError = (text.split(whereSeparator: \.isNewline).joined(separator: " ")
                .trimmingCharacters(in: .whitespaces), Int(error.pointee.line))
        }
        // Keep the first fatal error (it explains the failure; later ones are usually its consequences), or else
        // the first error.
        let fatal = error.pointee.level == XML_ERR_FATAL
        if me.firstError != nil && (me.firstErrorWasFatal || !fatal) { return }
        let text = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        var unclosed: String?
        if error.pointee.code == Int32(XML_ERR_DOCUMENT_END.rawValue),
           let parser = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
           parser.pointee.nameNr > 0, let name = parser.pointee.name {
            unclosed = String(cString: name)
        }
        var undeclared: String?
        if error.pointee.code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue), let name = error.pointee.str1 {
            undeclared = String(cString: name)
        }
        me.firstError = (oneLine, Int(error.pointee.line), error.pointee.file != nil, unclosed, undeclared)
        me.firstErrorWasFatal = fatal
    }
}

/// A name as libxml2 interned it: within one reader, equal names have equal ids, so comparing them is cheap.
struct XMLName {
    var id: Int
    var text: String
}

/// Hands the decoded chunks of a `DecodedByteStream` to libxml2's read callback, keeping any Swift error the
/// stream throws (libxml2 only sees -1) so that `LibXMLReader.read()` can rethrow it.
private final class ChunkInput {
    let stream: DecodedByteStream
    private var chunk = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var position = 0
    private(set) var failure: Error?

    /// libxml2's reader parses in steps of this many bytes (`CHUNK_SIZE` in xmlreader.c).
    static let pieceSize = 512

    init(stream: DecodedByteStream) { self.stream = stream }

    func fill(_ buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        if failure != nil { return -1 }
        do {
            while position >= chunk.count {
                guard let next = try stream.next() else { return 0 }
                chunk = next
                position = 0
            }
        } catch {
            failure = error
            return -1
        }
        // At most libxml2's own parsing step at a time: its reader parses what it was given before handing out the
        // nodes, and at the end of the input it parses the rest in one go, so a larger piece would let an error
        // near the end (a truncated file) stop the file before records it had already read whole were handed out.
        let count = min(capacity, chunk.count - position, ChunkInput.pieceSize)
        buffer.copyMemory(from: chunk.baseAddress! + position, byteCount: count)
        position += count
        return count
    }
}

import Foundation
