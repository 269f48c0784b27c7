/// A JSON list of texts and of flat objects of texts, read with yajl into Swift strings: the list a household
/// record holds its members in, as the extractors write repeated elements (`[{"@关系":"配偶","姓名":"宋婷倩"},…]`,
/// `["甲","乙"]`).
///
/// Anything else is not such a list, and `read` gives nil: text that is not JSON, a top-level value other than a
/// list, a number, `true`, `false` or `null`, a list or object inside an object or a list inside the list, and a key
/// written twice in one object. The caller reads such a value another way.
public enum JSONStringList {
    public enum Item {
        case text(String)
        /// An object's keys and texts, in the order written.
        case object([(key: String, value: String)])
    }

    public static func read(_ text: String) -> [Item]? {
        let reader = Reader()
        let parser = YAJLParser(handler: reader)
        var text = text
        // The parser holds its handler unowned(unsafe): the reader lives as long as the parse.
        return withExtendedLifetime(reader) {
            let status = text.withUTF8 { parser.parse($0) }
            guard status == .ok, parser.complete() == .ok, reader.isComplete else { return nil }
            return reader.items
        }
    }

    /// Builds the items from yajl's events; refuses (stops the parse) at the first event no such list holds.
    private final class Reader: JSONEventHandler {
        var items: [Item] = []
        /// 0 before the list and after it, 1 inside it, 2 inside one of its objects.
        private var depth = 0
        private var started = false
        private var pairs: [(key: String, value: String)] = []
        private var key: String?

        var isComplete: Bool { started && depth == 0 }

        func handle(_ event: JSONEvent) -> Bool {
            switch event {
            case .startArray:
                guard depth == 0, !started else { return false }
                started = true
                depth = 1
            case .endArray:
                guard depth == 1 else { return false }
                depth = 0
            case .startObject:
                guard depth == 1 else { return false }
                depth = 2
                pairs = []
            case .endObject:
                guard depth == 2, key == nil else { return false }
                items.append(.object(pairs))
                depth = 1
            case .key(let bytes):
                guard depth == 2, key == nil else { return false }
                let name = String(decoding: bytes, as: UTF8.self)
                guard !pairs.contains(where: { $0.key == name }) else { return false }
                key = name
            case .string(let bytes):
                let value = String(decoding: bytes, as: UTF8.self)
                if depth == 1 {
                    items.append(.text(value))
                } else if depth == 2, let name = key {
                    pairs.append((name, value))
                    key = nil
                } else {
                    return false
                }
            case .null, .boolean, .number:
                return false
            }
            return true
        }
    }
}
