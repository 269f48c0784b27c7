/// Comma- (or otherwise) separated text, as exported by Excel and WPS: parsed by libcsv.
enum CSVFormat {
    static let spec = FormatSpec(
        name: "csv",
        summary: "Delimited text with a header row (Excel/WPS exports). Quoted fields may hold delimiters, doubled quotes and newlines; CRLF or LF.",
        options: [
            OptionSpec("delimiter", .character, default: ",", doc: "Field separator: one ASCII character, `\\t` for TAB."),
            OptionSpec("quote", .character, default: "\"", doc: "Quote character."),
            OptionSpec("skip_rows", .integer, default: "0",
                       doc: "Rows to skip before the header (e.g. a title row above an Excel table)."),
            OptionSpec("header", .boolean, default: "true",
                       doc: "Whether the first (unskipped) row names the fields; when false, fields are named column_1, column_2, …"),
        ],
        open: { file, options in try CSVCursor(file: file, options: options) }
    )
}
