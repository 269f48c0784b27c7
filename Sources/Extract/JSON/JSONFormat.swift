/// The `encoding` option as JSON and NDJSON declare it: UTF-8 unless told otherwise, since RFC 8259 requires it.
private let jsonEncodingOption = OptionSpec(
    "encoding", .choice(TextEncoding.allCases.map(\.rawValue)), default: "utf-8",
    doc: "Text encoding of the file. JSON is UTF-8 (RFC 8259), so undecodable bytes make their record an `invalid_encoding` reject rather than switching encodings; `auto` reads a file with a UTF-16 BOM as UTF-16 and one with a UTF-8 BOM as UTF-8, and reads any other file as UTF-8 when its non-ASCII text is mostly valid UTF-8 (records holding undecodable bytes become `invalid_encoding` rejects), else as GB18030, as for CSV. A BOM is honoured and stripped.")

/// One JSON document (an export or an API response), streamed through yajl so a 1 GB array reads in constant memory.
enum JSONFormat {
    static let spec = FormatSpec(
        name: "json",
        summary: "One JSON document whose records are the objects at `record_path` (by default: the top-level array's elements, or the top-level object). Nested keys are joined with `.`; arrays are kept as JSON text; numbers keep their source text.",
        options: [
            OptionSpec("record_path", .stringList, default: "$",
                       doc: "Where the records are: `data.records[*]` for the elements of the array at data → records; `$` (or empty) for the top-level array's elements, or the top-level object as one record. A path without `[*]` applies that same rule to the value it names (`null` there means no records; a number, string or boolean is an error). A list of paths (`[\"data.list[*]\", \"result.records[*]\"]`, quoted: `[*]` is YAML flow syntax) takes the first one the document holds: one source reads files of an envelope that changed. When no path is in the document, the error names the arrays of objects it holds."),
            jsonEncodingOption,
        ],
        open: { file, options in try JSONCursor(file: file, options: options) }
    )
}

/// Newline-delimited JSON: one object per line, each line parsed on its own so a broken line is only a reject.
enum NDJSONFormat {
    static let spec = FormatSpec(
        name: "ndjson",
        summary: "One JSON object per line (JSON Lines); a line ends at an LF, a CR LF or a CR alone. Blank lines are skipped; a line that does not parse is a `malformed_json` reject and reading goes on. A UTF-8 byte order mark opening a line (two exports joined into one file) is dropped and the line read, with a `stray_byte_order_mark` warning. Fields are flattened as for json.",
        options: [jsonEncodingOption],
        open: { file, options in try NDJSONCursor(file: file, options: options) }
    )
}
