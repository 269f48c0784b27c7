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
    /// The objects reached through objects only, by their path (`data`; `[]` for the top-level object).
    private(set) var objects: Set<[String]> = []
    /// The scalar members of those objects (`code` → `500`, `msg` → `"系统繁忙"`, `data` → `null`), as written, in
    /// document order; the first `scalarLimit` only.
    private(set) var scalars: [(keys: [String], text: String)] = []
    static let scalarLimit = 200
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
        try taken(file: file, encoding: encoding).found
    }

    /// The census of the document in `file` (as far as it parses).
    static func taken(file: String, encoding: TextEncoding) throws -> JSONArrayCensus {
        let census = JSONArrayCensus()
        let source = try JSONTextSource(file: file, encoding: encoding)
        let parser = YAJLParser(handler: census)
        // The parser holds its handler unowned(unsafe): the census lives as long as the parse.
        try withExtendedLifetime(census) {
            while try source.nextChunk() {
                guard parser.parse(source.chunk) == .ok else { return }
            }
            _ = parser.complete()
        }
        return census
    }

    /// Why the document lacks the records at `path`, for the error: `data is null` when a value on the way is
    /// null, else `data.rows is not in the document`; then what a web system's envelope says of the answer, its
    /// status-like members (`; the document says code 500, msg "系统繁忙，请稍后重试"`), and whether that makes the file
    /// an **error answer** sent instead of the records: a null or missing value on the way, a status member, and no
    /// array of objects anywhere in the document.
    func explainMissing(_ path: JSONRecordPath) -> (what: String, envelope: String, isErrorAnswer: Bool) {
        let keys = path.keys.map { String(decoding: $0, as: UTF8.self) }
        var what = "\(path.holderDescription) is not in the document"
        var ended = keys.count
        for length in 1...max(keys.count, 1) where length <= keys.count {
            let prefix = Array(keys.prefix(length))
            if scalars.contains(where: { $0.keys == prefix && $0.text == "null" }) {
                what = "\(prefix.joined(separator: ".")) is null"
                ended = length - 1
                break
            }
            if !objects.contains(prefix) {
                ended = length - 1
                break
            }
        }
        // The status members of the objects on the way (the top level, `data`, …): code, msg, message, errmsg,
        // status, success, error, 状态, 信息.
        let parents = Set((0...ended).map { Array(keys.prefix($0)) })
        let said = scalars.filter { member in
            guard let name = member.keys.last, parents.contains(Array(member.keys.dropLast())), member.text != "null" else { return false }
            return JSONArrayCensus.isStatusWord(name)
        }.prefix(4)
        let envelope = said.isEmpty ? ""
            : "; the document says " + said.map { "\($0.keys.last ?? "") \($0.text)" }.joined(separator: ", ")
        let holdsRecords = found.contains { $0.objects > 0 }
        return (what, envelope, !said.isEmpty && !holdsRecords)
    }

    /// Whether the status members `explainMissing` quoted say the answer failed (`code 500`, `success false`,
    /// `msg "系统繁忙"`, by `ErrorAnswer.saysFailure`), for a document whose records are null (`"data": null`): an
    /// empty export says so with a success code (`code 0`, `code 200`, `status "ok"`, `success true`) or a message
    /// like 成功/查询成功/ok, and is no error. A document without status members is no error either.
    func saysFailure(_ path: JSONRecordPath) -> Bool {
        let keys = path.keys.map { String(decoding: $0, as: UTF8.self) }
        let parents = Set((0..<max(keys.count, 1)).map { Array(keys.prefix($0)) })
        let said = scalars.filter { member in
            guard let name = member.keys.last, parents.contains(Array(member.keys.dropLast())), member.text != "null" else { return false }
            return JSONArrayCensus.isStatusWord(name)
        }
        // The shared rule (`ErrorAnswer`), on each value as text: a string without its quotes.
        return ErrorAnswer.saysFailure(said.map { member in
            var text = Substring(member.text)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
            return (member.keys.last ?? "", String(text))
        })
    }

    /// Whether a member's name says how a web system's answer went (`ErrorAnswer.isStatusWord`).
    static func isStatusWord(_ name: String) -> Bool { ErrorAnswer.isStatusWord(name) }

    private func noteScalar(_ text: @autoclosure () -> String) {
        guard scalars.count < JSONArrayCensus.scalarLimit, case .object(let keys, let key?)? = containers.last else { return }
        scalars.append((keys + [key], text()))
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
                objects.insert(keys)
                containers.append(.object(keys: keys, key: nil))
            } else {
                found.append(Found(keys: keys, objects: 0))
                containers.append(.array(found.count - 1))
            }
        case .null:
            noteScalar("null")
        case .boolean(let value):
            noteScalar(value ? "true" : "false")
        case .number(let bytes):
            noteScalar(String(decoding: bytes, as: UTF8.self))
        case .string(let bytes):
            noteScalar("\"" + String(decoding: bytes, as: UTF8.self) + "\"")
        }
        return true
    }
}
