/// The declared options and constructor of one input format; the single source for validation and docs.
///
/// Adding a format is one new file declaring a `FormatSpec` and one line in `FormatRegistry.all`.
public struct FormatSpec: Sendable {
    public var name: String
    public var summary: String
    /// Options this format accepts besides the common ones (`FormatRegistry.commonOptions`).
    public var options: [OptionSpec]
    /// Opens a cursor on `file` with options already validated against `options`.
    public var open: @Sendable (_ file: String, _ options: ExtractorOptions) throws -> RecordCursor

    public init(name: String, summary: String, options: [OptionSpec],
                open: @escaping @Sendable (String, ExtractorOptions) throws -> RecordCursor) {
        self.name = name
        self.summary = summary
        self.options = options
        self.open = open
    }
}

/// One option a format declares: its name, type, default and a one-line description.
public struct OptionSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// One value: a YAML list given for it is refused.
        case string
        /// One value or a YAML list of them (alternatives, held one per line in the option's text).
        case stringList
        /// A single ASCII character, e.g. a delimiter; `\t` and `tab` are accepted for TAB.
        case character
        case integer
        case boolean
        case choice([String])
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: String?
    public var doc: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, doc: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.doc = doc
    }

    /// The type as written in docs and errors.
    public var typeName: String {
        switch kind {
        case .string: return "string"
        case .stringList: return "string or list"
        case .character: return "character"
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .choice(let values): return values.joined(separator: "|")
        }
    }
}

/// Options for one source after validation: every declared option has a value (given or default).
public struct ExtractorOptions: Sendable {
    public private(set) var values: [String: String]
    /// The options the pipeline (or `peek --option`) gave, as opposed to defaults filled in: a default may depend on
    /// the file (CSV's `delimiter` is TAB in a UTF-16 file with a BOM), a given value never does.
    public private(set) var given: Set<String>

    init(values: [String: String], given: Set<String> = []) {
        self.values = values
        self.given = given
    }

    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func integer(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    public func boolean(_ name: String) -> Bool { values[name].flatMap(OptionSpec.parseBoolean) ?? false }

    /// The byte of a `.character` option (validated to be one ASCII character).
    public func character(_ name: String) -> UInt8? {
        values[name].flatMap(OptionSpec.parseCharacter)
    }

    public var encoding: TextEncoding { values["encoding"].flatMap(TextEncoding.init(rawValue:)) ?? .auto }
}

extension OptionSpec {
    static func parseBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    static func parseCharacter(_ text: String) -> UInt8? {
        switch text {
        case "\\t", "tab", "\t": return 0x09
        default:
            let bytes = Array(text.utf8)
            return bytes.count == 1 && bytes[0] < 0x80 ? bytes[0] : nil
        }
    }

    /// Why `value` is not acceptable for this option, or nil when it is.
    func problem(with value: String) -> String? {
        // A YAML list arrives one value per line: only a `.stringList` option takes one.
        if kind != .stringList, value.contains("\n") { return "takes one value, not a list" }
        switch kind {
        case .string: return nil
        case .stringList: return nil
        case .character:
            return OptionSpec.parseCharacter(value) == nil ? "must be one ASCII character (or \\t), got \"\(value)\"" : nil
        case .integer:
            return Int(value) == nil ? "must be an integer, got \"\(value)\"" : nil
        case .boolean:
            return OptionSpec.parseBoolean(value) == nil ? "must be true or false, got \"\(value)\"" : nil
        case .choice(let allowed):
            return allowed.contains(value) ? nil : "must be one of \(allowed.joined(separator: ", ")), got \"\(value)\""
        }
    }
}

/// The closest of `candidates` to a misspelt `name`, for "did you mean" hints (nil when nothing is close).
public func closestName(to name: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let target = Array(name.lowercased())
    let scored = candidates.map { ($0, distance(target, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    if best.1 <= Swift.max(2, target.count / 3) { return best.0 }
    // A part of a longer name (`civil` for `civil-affairs`), when only one candidate has it.
    let containing = candidates.filter { target.count >= 3 && $0.lowercased().contains(name.lowercased()) }
    return containing.count == 1 ? containing[0] : nil
}
