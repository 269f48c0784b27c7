/// The arrays of objects a JSON document holds outside any array (`result.records`, 58 objects): what the error of a
/// `record_path` the document lacks names, so that an envelope that changed (`data.list` → `result.records`) says
/// where its records went. Read on the error path only: the document is parsed once more, keeping one count per
/// array.
final class JSONArrayCensus: JSONEventHandler {
    /// An array reached through objects only, by its path (`result.records`), with how many of its elements are
    /// objects.
    struct Found {
        var keys: [String]
        var objects: Int
        /// As a `record_path` names it: `result.records[*]`, `[*]` for the top-level array.
        var recordPath: String { keys.joined(separator: ".") + "[*]" }
    }

    private enum Container {
        case object(keys: [String], key: String?)
        case array(Int)
    }

    private(set) var found: [Found] = []
    private var containers: [Container] = []
    private var skipDepth = 0

    /// The sentence for the error (`; the document holds arrays of objects at result.records[*] (58 objects)`),
    /// or "" when the file cannot be read again.
    static func sentence(file: String, encoding: TextEncoding) -> String {
        guard let found = try? census(file: file, encoding: encoding) else { return "" }
        let arrays = found.filter { $0.objects > 0 }.sorted { $0.objects > $1.objects }
        guard !arrays.isEmpty else { return "; the document holds no array of objects" }
        let shown = arrays.prefix(5).map { "\($0.recordPath) (\($0.objects) object\($0.objects == 1 ? "" : "s"))" }
        return "; the document holds arrays of objects at \(shown.joined(separator: ", "))\(arrays.count > 5 ? ", …" : ""): set record_path to the one holding the records (a list of paths takes the first the document holds)"
    }

    static func census(file: String, encoding: TextEncoding) throws -> [Found] {
        let census = JSONArrayCensus()
        let source = try JSONTextSource(file: file, encoding: encoding)
        let parser = YAJLParser(handler: census)
        while try source.nextChunk() {
            guard parser.parse(source.chunk) == .ok else { return census.found }
        }
        _ = parser.complete()
        return census.found
    }

    func handle(_ event: JSONEvent) -> Bool {
        if skipDepth > 0 {
            switch event {
            case .startObject, .startArray: skipDepth += 1
            case .endObject, .endArray: skipDepth -= 1
            default: break
            }
            return true
        }
        switch event {
        case .key(let bytes):
            if case .object(let keys, _)? = containers.last {
                containers[containers.count - 1] = .object(keys: keys, key: String(decoding: bytes, as: UTF8.self))
            }
        case .endObject, .endArray:
            if !containers.isEmpty { containers.removeLast() }
        case .startObject, .startArray:
            let keys: [String]
            switch containers.last {
            case .array(let index)?:
                // An element of a counted array: counted, and not looked into.
                if case .startObject = event { found[index].objects += 1 }
                skipDepth = 1
                return true
            case .object(let parent, let key)?: keys = parent + [key ?? ""]
            case nil: keys = []
            }
            if case .startObject = event {
                containers.append(.object(keys: keys, key: nil))
            } else {
                found.append(Found(keys: keys, objects: 0))
                containers.append(.array(found.count - 1))
            }
        default:
            break
        }
        return true
    }
}
