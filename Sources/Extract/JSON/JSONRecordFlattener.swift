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
    private var previousNames: [String] = []
    private var followsPrevious = true

    init(maxFieldBytes: Int) {
        self.maxFieldBytes = maxFieldBytes
    }

    /// Starts a record: call on its opening brace, then feed every event up to and including the closing one.
    mutating func begin() {
        fields = []
        invalidField = nil
        positions.removeAll(keepingCapacity: true)
        objects.removeAll(keepingCapacity: true)
        objects.append(OpenObject(name: nil))
        arrayName = nil
        followsPrevious = true
    }

    mutating func takeFields() -> [RawField] {
        if !followsPrevious || fields.count != previousNames.count { previousNames = fields.map(\.name) }
        defer { fields = [] }
        return fields
    }

    mutating func feed(_ event: JSONEvent) -> Progress {
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
        }
        return .more
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
