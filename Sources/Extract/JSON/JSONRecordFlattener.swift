#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flattens one JSON object, fed as parser events, into the named text fields of a `RawRecord`.
///
/// Naming rules (the record `{"hzxm":"张三","户主":{"姓名":"李四","年龄":42},"标签":["独居","低保"],"备注":null}`
/// gives `hzxm`=`张三`, `户主.姓名`=`李四`, `户主.年龄`=`42`, `标签`=`["独居","低保"]`, `备注`=``):
/// - keys of nested objects are joined with `.`; an empty nested object is one field holding `{}`;
/// - an array, whatever it holds, is one field holding its compact JSON text (`[{"姓名":"王五"}]`);
/// - a number keeps its source text (`110101199001011234` stays exact, `1.50` keeps its zero), `true`/`false` are
///   words, `null` is the empty string, a string is its unescaped text;
/// - when two values get the same name (a repeated key, or `"a.b"` next to `"a":{"b":…}`), the later value wins
///   and the field keeps the position of the first, as in JavaScript.
///
/// Text is checked as it is taken: yajl turns a lone low-surrogate escape (`"\uDFAA"`) into bytes that are not
/// UTF-8, and glibc's iconv lets code points past U+10FFFF through; `invalidField` then names the first field
/// concerned, so the record can be rejected instead of carrying silently repaired text.
///
/// Only the record being read is held; nesting lives on heap arrays, so depth costs memory, not stack.
struct JSONRecordFlattener {
    enum Progress {
        case more
        /// The record's closing brace has been seen; take the fields with `takeFields()`.
        case finished
        /// A field's text grew past `maxFieldBytes`.
        case tooLarge(field: String)
        /// Objects nest deeper than `maxObjectDepth` inside the record.
        case tooDeep(field: String)
    }

    /// Each nested object lengthens every name below it, so names would cost memory quadratic in depth:
    /// no real record nests objects anywhere near this deep. (Arrays are kept as text and may nest freely.)
    static let maxObjectDepth = 512

    private struct OpenObject {
        /// The field name of this object; nil for the record itself.
        var name: String?
        var key = ""
        var isEmpty = true
    }

    let maxFieldBytes: Int
    /// The first field of this record whose key or text is not valid UTF-8.
    private(set) var invalidField: String?
    private var fields: [RawField] = []
    /// Positions of field names, built only when a record has many fields (a short list is searched directly).
    private var positions: [String: Int] = [:]
    private var objects: [OpenObject] = []
    private var arrayName: String?
    private var array = JSONValueWriter()
    /// The field names of the previous record, in order. Records of one feed mostly repeat them: while this
    /// record's fields so far match them one for one, its next name is checked against the next of them alone,
    /// and a key whose bytes equal it reuses its text, instead of hashing or decoding every key again.
    private var previousNames: [String] = [] {
        didSet {
            previousNameBytes.removeAll(keepingCapacity: true)
            previousNameEnds.removeAll(keepingCapacity: true)
            for name in previousNames {
                previousNameBytes.append(contentsOf: name.utf8)
                previousNameEnds.append(previousNameBytes.count)
            }
        }
    }
    private var followsPrevious = true
    /// The names of the record's fields whose values were JSON number tokens (Strings path), and the positions of
    /// such values on the bytes path; `takeNumberFields()` hands them out once the record is taken.
    private var numberNames: [String] = []
    private var numberIndices: [Int] = []
    private var takenNumberNames: [String] = []

    // MARK: The bytes path
    //
    // A record whose fields repeat the previous record's names one for one (the common case) is held as bytes, not
    // Strings: each value's UTF-8 text is copied into `values`, and its name is only compared, as bytes, with the
    // previous record's next name. Such a record can then be written as JSON text straight from the bytes
    // (`write(by:into:)`). At the first event the bytes path does not take as is (a name that departs from the
    // previous record's, text that is not valid UTF-8, a field or a nesting too large), the record so far becomes
    // the Strings it would have been (`leaveBytesPath`) and that event and the rest take the Strings path
    // (`feedFields`): what a record becomes never depends on the path that read it.

    /// An object open while on the bytes path.
    private struct BytesObject {
        /// The length of the object's name at the start of `name` (its key is after it and a `.`); -1 for the record.
        var nameLength: Int
        var isEmpty = true
    }

    /// True while the record is held as bytes (`values`), false once it is held as `fields`.
    private(set) var onBytesPath = false
    /// The previous record's names as UTF-8, one after another, and where each ends.
    private var previousNameBytes: [UInt8] = []
    private var previousNameEnds: [Int] = []
    /// The record's values so far as UTF-8, one after another, and where each ends (field `i` is named
    /// `previousNames[i]`).
    private var values: [UInt8] = []
    private var valueEnds: [Int] = []
    /// The name of the value being read: the open objects' names and the current key, joined with `.`.
    private var name: [UInt8] = []
    private var bytesObjects: [BytesObject] = []
    private var inBytesArray = false
    /// True when the current key is the record's own (not a nested object's) and its bytes are the previous record's
    /// next name: then `name` is not written (the name is that one), and the value needs no comparing.
    private var keyIsNextName = false

    init(maxFieldBytes: Int) {
        self.maxFieldBytes = maxFieldBytes
    }

    /// Starts a record: call on its opening brace, then feed every event up to and including the closing one.
    mutating func begin() {
        fields = []
        invalidField = nil
        positions.removeAll(keepingCapacity: true)
        objects.removeAll(keepingCapacity: true)
        arrayName = nil
        followsPrevious = true
        numberNames.removeAll(keepingCapacity: true)
        numberIndices.removeAll(keepingCapacity: true)
        // With no previous names to follow, the first name departs from them: straight to the Strings path.
        onBytesPath = !previousNames.isEmpty
        if onBytesPath {
            values.removeAll(keepingCapacity: true)
            valueEnds.removeAll(keepingCapacity: true)
            name.removeAll(keepingCapacity: true)
            bytesObjects.removeAll(keepingCapacity: true)
            bytesObjects.append(BytesObject(nameLength: -1))
            inBytesArray = false
            keyIsNextName = false
        } else {
            objects.append(OpenObject(name: nil))
        }
    }

    mutating func takeFields() -> [RawField] {
        if onBytesPath { leaveBytesPath() }
        takenNumberNames = numberNames
        if !followsPrevious || fields.count != previousNames.count { previousNames = fields.map(\.name) }
        defer { fields = [] }
        return fields
    }

    /// When the record was read whole on the bytes path (`onBytesPath`), appends its JSON object text to `text`
    /// with `writer`, byte for byte what `writer.append(takeFields(), to:)` would, and gives its names (the fields
    /// are taken: as `takeFields`). Otherwise nil, and nothing is written or taken.
    mutating func write(by writer: JSONObjectWriter, into text: inout [UInt8]) -> [String]? {
        guard onBytesPath else { return nil }
        let count = valueEnds.count
        writer.beginObject()
        previousNameBytes.withUnsafeBufferPointer { names in
            values.withUnsafeBufferPointer { values in
                var nameStart = 0
                var valueStart = 0
                for index in 0..<count {
                    writer.string(UnsafeBufferPointer(rebasing: names[nameStart..<previousNameEnds[index]]))
                    writer.string(UnsafeBufferPointer(rebasing: values[valueStart..<valueEnds[index]]))
                    nameStart = previousNameEnds[index]
                    valueStart = valueEnds[index]
                }
            }
        }
        writer.endObject(appendingTo: &text)
        takenNumberNames = numberIndices.map { previousNames[$0] }
        // As `takeFields`: a record of fewer fields (the previous record's first ones) is the names to follow next.
        if count != previousNames.count { previousNames = Array(previousNames.prefix(count)) }
        onBytesPath = false
        return previousNames
    }

    /// The record read so far on the bytes path, as the Strings path would hold it at this event; the record goes
    /// on on the Strings path.
    private mutating func leaveBytesPath() {
        onBytesPath = false
        writeNextName()
        numberNames = numberIndices.map { previousNames[$0] }
        numberIndices.removeAll(keepingCapacity: true)
        values.withUnsafeBufferPointer { values in
            var valueStart = 0
            fields.reserveCapacity(valueEnds.count)
            for (index, end) in valueEnds.enumerated() {
                fields.append(RawField(previousNames[index],
                                       String(decoding: UnsafeBufferPointer(rebasing: values[valueStart..<end]), as: UTF8.self)))
                valueStart = end
            }
        }
        let name = self.name
        let text = { (range: Range<Int>) in String(decoding: name[range], as: UTF8.self) }
        for (level, object) in bytesObjects.enumerated() {
            let keyStart = object.nameLength < 0 ? 0 : object.nameLength + 1
            let keyEnd = level + 1 < bytesObjects.count ? bytesObjects[level + 1].nameLength : name.count
            objects.append(OpenObject(name: object.nameLength < 0 ? nil : text(0..<object.nameLength),
                                      key: object.isEmpty ? "" : text(keyStart..<keyEnd), isEmpty: object.isEmpty))
        }
        if inBytesArray { arrayName = text(0..<name.count) }
    }

    /// Writes into `name` the key `keyIsNextName` stands for.
    private mutating func writeNextName() {
        guard keyIsNextName else { return }
        keyIsNextName = false
        let index = valueEnds.count
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: previousNameBytes[(index == 0 ? 0 : previousNameEnds[index - 1])..<previousNameEnds[index]])
    }

    /// Whether `bytes` are the previous record's next name.
    private func isNextName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let index = valueEnds.count
        guard index < previousNameEnds.count else { return false }
        let start = index == 0 ? 0 : previousNameEnds[index - 1]
        guard previousNameEnds[index] - start == bytes.count else { return false }
        return bytes.isEmpty || previousNameBytes.withUnsafeBufferPointer {
            memcmp($0.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    /// Whether the value being read is named as the previous record's next field.
    private func valueFollowsPreviousName() -> Bool {
        keyIsNextName || followsPreviousName(length: name.count)
    }

    /// Whether the value being read, named `name[..<length]`, is named as the previous record's next field.
    private func followsPreviousName(length: Int) -> Bool {
        let index = valueEnds.count
        guard index < previousNameEnds.count else { return false }
        let start = index == 0 ? 0 : previousNameEnds[index - 1]
        guard previousNameEnds[index] - start == length else { return false }
        return previousNameBytes.withUnsafeBufferPointer { names in
            name.withUnsafeBufferPointer { name in
                length == 0 || memcmp(names.baseAddress! + start, name.baseAddress!, length) == 0
            }
        }
    }

    /// The next value on the bytes path, named `name`.
    private mutating func appendValue(_ bytes: UnsafeBufferPointer<UInt8>) {
        values.append(contentsOf: bytes)
        valueEnds.append(values.count)
        keyIsNextName = false
    }

    private mutating func appendValue(_ literal: StaticString) {
        literal.withUTF8Buffer { appendValue($0) }
    }

    mutating func feed(_ event: JSONEvent) -> Progress {
        if onBytesPath, let progress = feedBytes(event) { return progress }
        return feedFields(event)
    }

    /// `feed` on the bytes path; nil when the event is to be read on the Strings path (the record has left the
    /// bytes path, and the event has not been taken).
    private mutating func feedBytes(_ event: JSONEvent) -> Progress? {
        if inBytesArray {
            array.write(event)
            if array.depth == 0 {
                inBytesArray = false
                let complete = array.bytes.withUnsafeBufferPointer { bytes -> Bool in
                    guard JSONRecordFlattener.isValidUTF8(bytes), valueFollowsPreviousName() else { return false }
                    appendValue(bytes)
                    return true
                }
                if !complete {
                    leaveBytesPath()
                    let name = String(decoding: self.name, as: UTF8.self)
                    let bytes = array.bytes
                    set(name, bytes.withUnsafeBufferPointer { self.text($0, naming: name) })
                }
            } else if array.bytes.count > maxFieldBytes {
                leaveBytesPath()
                return .tooLarge(field: arrayName ?? "")
            }
            return .more
        }
        switch event {
        case .key(let bytes):
            let object = bytesObjects.count - 1
            if object == 0, isNextName(bytes) {
                bytesObjects[0].isEmpty = false
                keyIsNextName = true
                return .more
            }
            guard JSONRecordFlattener.isValidUTF8(bytes) else { break }
            keyIsNextName = false
            bytesObjects[object].isEmpty = false
            let nameLength = bytesObjects[object].nameLength
            if nameLength < 0 {
                name.removeAll(keepingCapacity: true)
            } else {
                name.removeSubrange(nameLength...)
                name.append(UInt8(ascii: "."))
            }
            name.append(contentsOf: bytes)
            return .more
        case .startObject:
            guard bytesObjects.count < JSONRecordFlattener.maxObjectDepth else { break }
            writeNextName()
            bytesObjects.append(BytesObject(nameLength: name.count))
            return .more
        case .endObject:
            let closed = bytesObjects[bytesObjects.count - 1]
            if bytesObjects.count == 1 {
                bytesObjects.removeLast()
                return .finished
            }
            if closed.isEmpty {
                guard followsPreviousName(length: closed.nameLength) else { break }
                appendValue("{}")
            }
            bytesObjects.removeLast()
            name.removeSubrange(closed.nameLength...)
            return .more
        case .startArray:
            inBytesArray = true
            array.reset()
            array.write(event)
            return .more
        case .endArray:
            return .more  // arrays are consumed whole above
        case .null:
            guard valueFollowsPreviousName() else { break }
            appendValue("")
            return .more
        case .boolean(let value):
            guard valueFollowsPreviousName() else { break }
            appendValue(value ? "true" : "false")
            return .more
        case .number(let bytes), .string(let bytes):
            guard bytes.count <= maxFieldBytes, JSONRecordFlattener.isValidUTF8(bytes),
                  valueFollowsPreviousName() else { break }
            if case .number = event { numberIndices.append(valueEnds.count) }
            appendValue(bytes)
            return .more
        }
        leaveBytesPath()
        return nil
    }

    /// `feed` on the Strings path.
    private mutating func feedFields(_ event: JSONEvent) -> Progress {
        if let name = arrayName {
            array.write(event)
            if array.depth == 0 {
                arrayName = nil
                let bytes = array.bytes
                let text = bytes.withUnsafeBufferPointer { self.text($0, naming: name) }
                set(name, text)
            } else if array.bytes.count > maxFieldBytes {
                return .tooLarge(field: name)
            }
            return .more
        }
        switch event {
        case .key(let bytes):
            if followsPrevious, objects.count == 1, fields.count < previousNames.count,
               previousNames[fields.count].utf8.elementsEqual(bytes) {
                objects[0].key = previousNames[fields.count]
                objects[0].isEmpty = false
                return .more
            }
            let (key, valid) = JSONRecordFlattener.decode(bytes)
            objects[objects.count - 1].key = key
            objects[objects.count - 1].isEmpty = false
            if !valid && invalidField == nil { invalidField = currentName() }
        case .startObject:
            let name = currentName()
            if objects.count >= JSONRecordFlattener.maxObjectDepth { return .tooDeep(field: name) }
            objects.append(OpenObject(name: name))
        case .endObject:
            let closed = objects.removeLast()
            if objects.isEmpty { return .finished }
            if closed.isEmpty, let name = closed.name { set(name, "{}") }
        case .startArray:
            arrayName = currentName()
            array.reset()
            array.write(event)
        case .endArray:
            break  // arrays are consumed whole above
        case .null:
            set(currentName(), "")
        case .boolean(let value):
            set(currentName(), value ? "true" : "false")
        case .number(let bytes), .string(let bytes):
            let name = currentName()
            if bytes.count > maxFieldBytes { return .tooLarge(field: name) }
            set(name, text(bytes, naming: name))
            if case .number = event, !numberNames.contains(name) { numberNames.append(name) }
        }
        return .more
    }

    /// The names of the fields of the record taken last (`takeFields()` or `write(by:into:)`) whose values were JSON
    /// number tokens (`"sfzh": 522301197804121800`, not `"522301197804121800"`): the text is the same, but a number
    /// may have passed through the sender's double (see `JSONNumberID`). Empty for most records.
    mutating func takeNumberFields() -> [String] {
        defer { takenNumberNames = [] }
        return takenNumberNames
    }

    /// The text of field `name`, noting the field when its bytes are not valid UTF-8.
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, naming name: String) -> String {
        let (text, valid) = JSONRecordFlattener.decode(bytes)
        if !valid && invalidField == nil { invalidField = name }
        return text
    }

    /// `bytes` as a String, and whether they were valid UTF-8 (when not, the text is repaired with U+FFFD).
    /// (`String(validating:as:)` would do, but it is not specialised and cost a fifth of the parse.)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        (String(decoding: bytes, as: UTF8.self), isValidUTF8(bytes))
    }

    /// Well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            let trailing: Int
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0: trailing = 2; low = 0xA0
            case 0xED: trailing = 2; high = 0x9F
            case 0xE1...0xEF: trailing = 2
            case 0xF0: trailing = 3; low = 0x90
            case 0xF4: trailing = 3; high = 0x8F
            case 0xF1...0xF3: trailing = 3
            default: return false
            }
            guard index + trailing < count, bytes[index + 1] >= low, bytes[index + 1] <= high else { return false }
            var next = index + 2
            while next <= index + trailing {
                guard bytes[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += trailing + 1
        }
        return true
    }

    private func currentName() -> String {
        let object = objects[objects.count - 1]
        guard let prefix = object.name else { return object.key }
        return prefix + "." + object.key
    }

    private mutating func set(_ name: String, _ value: String) {
        // A later value of the same name replaces a number (the number case notes itself again after this).
        if !numberNames.isEmpty, let index = numberNames.firstIndex(of: name) { numberNames.remove(at: index) }
        if followsPrevious {
            // The names so far are the previous record's, which are all different: the next one of them is new.
            if fields.count < previousNames.count, previousNames[fields.count] == name {
                fields.append(RawField(name, value))
                return
            }
            followsPrevious = false
        }
        if fields.count < 16 {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                fields[index].value = value
            } else {
                fields.append(RawField(name, value))
            }
            return
        }
        if positions.isEmpty {
            for (index, field) in fields.enumerated() where positions[field.name] == nil { positions[field.name] = index }
        }
        if let index = positions[name] {
            fields[index].value = value
        } else {
            positions[name] = fields.count
            fields.append(RawField(name, value))
        }
    }
}

extension JSONRecordFlattener {
    /// The fields of a record's JSON object text as `write(by:into:)` wrote it (names all different, values all
    /// strings): for a cursor read with `next()` after `nextWritten` left such a record waiting.
    static func fields(ofWritten text: ArraySlice<UInt8>) -> [RawField] {
        guard case .object(let pairs)? = JSONStringList.read("[" + String(decoding: text, as: UTF8.self) + "]")?.first
        else { return [] }
        return pairs.map { RawField($0.key, $0.value) }
    }

    /// The reject for a record holding bytes the file's encoding does not decode (`byte at offset 32 is not valid
    /// UTF-8`), read from `fields`, the record as parsed with each such byte replaced by U+FFFD: the first field whose
    /// value (or key) holds one is named, and the fields that decoded whole are readable, so that the record's key
    /// (`"ajbh": "TK20230051"` before the bad byte) names the reject and it resolves when the corrected file loads.
    static func undecodable(number: Int, line: Int?, offset: Int, encodingName: String, fields: [RawField]) -> RecordProblem {
        let damaged = { (field: RawField) in field.value.contains("\u{FFFD}") || field.name.contains("\u{FFFD}") }
        let first = fields.first(where: damaged)
        // A key that did not decode names nothing one could look for.
        let named = first.flatMap { $0.name.contains("\u{FFFD}") ? nil : $0.name }
        return RecordProblem(number: number, line: line, field: named, rule: "invalid_encoding",
                             message: "byte at offset \(offset) is not valid \(encodingName)",
                             readable: fields.filter { !damaged($0) })
    }

    /// The reject for a record whose text did not decode to valid UTF-8.
    static func invalidText(number: Int, line: Int?, field: String) -> RecordProblem {
        RecordProblem(number: number, line: line, field: field, rule: "invalid_encoding",
            message: "field \"\(field)\" is not valid UTF-8 once decoded (a lone \\u surrogate escape, or a code point past U+10FFFF)")
    }
}
