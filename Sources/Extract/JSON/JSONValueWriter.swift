/// Re-serialises one JSON value from parser events into compact JSON text: how an array inside a record
/// (`["独居","低保"]`, `[{"姓名":"张三"}]`) becomes the text of one field.
///
/// Numbers are copied as the source wrote them, strings are re-escaped the way yajl's generator does (`"`, `\`,
/// control characters; non-ASCII is kept as UTF-8). Nesting is tracked on a heap array, never on the call stack.
struct JSONValueWriter {
    private(set) var bytes: [UInt8] = []
    /// One entry per open container: whether a value has been written in it (a comma is due before the next).
    private var hasMembers: [Bool] = []
    private var afterKey = false

    var depth: Int { hasMembers.count }
    var isComplete: Bool { hasMembers.isEmpty && !bytes.isEmpty }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        hasMembers.removeAll(keepingCapacity: true)
        afterKey = false
    }

    mutating func write(_ event: JSONEvent) {
        switch event {
        case .null: separate(); append("null")
        case .boolean(let value): separate(); append(value ? "true" : "false")
        case .number(let text): separate(); bytes.append(contentsOf: text)
        case .string(let text): separate(); quote(text)
        case .key(let text):
            separate()
            quote(text)
            bytes.append(UInt8(ascii: ":"))
            afterKey = true
        case .startObject: separate(); bytes.append(UInt8(ascii: "{")); hasMembers.append(false)
        case .startArray: separate(); bytes.append(UInt8(ascii: "[")); hasMembers.append(false)
        case .endObject: hasMembers.removeLast(); bytes.append(UInt8(ascii: "}"))
        case .endArray: hasMembers.removeLast(); bytes.append(UInt8(ascii: "]"))
        }
    }

    /// Writes the comma a value or key needs, unless it follows its key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasMembers.indices.last else { return }
        if hasMembers[last] { bytes.append(UInt8(ascii: ",")) } else { hasMembers[last] = true }
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func quote(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                bytes.append(JSONValueWriter.hexDigits[Int(byte >> 4)])
                bytes.append(JSONValueWriter.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
