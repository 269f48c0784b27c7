/// Every input format Rongtong reads, with the options each declares.
///
/// Pipeline validation, `rongtong formats` and `docs/formats.md` are all derived from `all`.
public enum FormatRegistry {
    /// Options every format accepts.
    public static let commonOptions: [OptionSpec] = [
        OptionSpec("encoding", .choice(TextEncoding.allCases.map(\.rawValue)), default: "auto",
                   doc: "Text encoding of the file. `auto` honours a byte-order mark: a file that starts with a UTF-16 BOM is read as UTF-16 (Excel's \"Unicode text\" export, which is TAB-separated: a `csv` source without `delimiter:` reads such a file with TAB; a `delimiter:` given still wins), one that starts with a UTF-8 BOM as UTF-8 (an undecodable byte then makes its record an `invalid_encoding` reject, as under `utf-8`); any other file as UTF-8 when its non-ASCII text is mostly valid UTF-8 (at least 4 valid characters per undecodable stretch; the records holding those stretches become `invalid_encoding` rejects), else as GB18030. A BOM is stripped."),
        OptionSpec("max_field_bytes", .integer, default: "16777216",
                   doc: "Largest single field or text value accepted, in bytes; a larger one stops the file with a clear error instead of exhausting memory."),
    ]

    /// The formats, in the order docs list them. Adding a format: one line here.
    public static let all: [FormatSpec] = [
        CSVFormat.spec,
        XMLFormat.spec,
        JSONFormat.spec,
        NDJSONFormat.spec,
    ]

    public static func spec(named name: String) -> FormatSpec? { all.first { $0.name == name } }

    /// A format's own options followed by the common ones it does not redeclare (a format may redeclare a
    /// common option to change its default, as JSON does for `encoding`).
    public static func declaredOptions(of spec: FormatSpec) -> [OptionSpec] {
        spec.options + commonOptions.filter { common in !spec.options.contains { $0.name == common.name } }
    }

    /// Checks `given` against the format's declared options and fills in defaults.
    /// Throws `OptionError` naming the first unknown or mistyped option.
    public static func validate(format: String, options given: [String: String]) throws -> ExtractorOptions {
        guard let spec = spec(named: format) else {
            let hint = closestName(to: format, among: all.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
            throw OptionError(key: nil, message: "unknown format \"\(format)\"\(hint); known: \(all.map(\.name).joined(separator: ", "))")
        }
        let declared = declaredOptions(of: spec)
        var values: [String: String] = [:]
        for option in declared {
            if let value = option.defaultValue { values[option.name] = value }
        }
        for key in given.keys.sorted() {
            guard let option = declared.first(where: { $0.name == key }) else {
                let hint = closestName(to: key, among: declared.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw OptionError(key: key, message: "unknown option for format \(format)\(hint)")
            }
            let value = given[key] ?? ""
            if let problem = option.problem(with: value) {
                throw OptionError(key: key, message: problem)
            }
            values[key] = value
        }
        return ExtractorOptions(values: values, given: Set(given.keys))
    }

    /// Validates the options and opens a cursor on `file`. An Excel workbook or other office container in place of
    /// a text feed (`OfficeContainer`) throws an `ExtractError` saying so, before any format reads it.
    public static func makeCursor(file: String, format: String, options: [String: String]) throws -> RecordCursor {
        let resolved = try validate(format: format, options: options)
        guard let spec = spec(named: format) else { throw OptionError(key: nil, message: "unknown format \(format)") }
        if let container = OfficeContainer.identify(file: file) { throw container.error(file: file, format: format) }
        return try spec.open(file, resolved)
    }
}

/// An option that a format does not declare, or whose value has the wrong type.
public struct OptionError: Error, CustomStringConvertible, Sendable {
    /// The offending option name, or nil when the format itself is unknown.
    public var key: String?
    public var message: String
    public var description: String { key.map { "\($0): \(message)" } ?? message }
}
