/// Comma- (or otherwise) separated text, as exported by Excel and WPS: parsed by libcsv.
enum CSVFormat {
    static let spec = FormatSpec(
        name: "csv",
        summary: "Delimited text with a header row (Excel/WPS exports). Quoted fields may hold delimiters, doubled quotes and newlines; CRLF, LF or CR line ends.",
        options: [
            OptionSpec("delimiter", .character, default: ",", doc: "Field separator: one ASCII character, `\\t` for TAB. Unset, a file with a UTF-16 byte order mark (Excel's \"Unicode text\", TAB-separated) is read with TAB, unless its first line holds commas and no TAB (a comma-separated UTF-16 export of another tool); any other file with `,`."),
            OptionSpec("quote", .character, default: "\"", doc: "Quote character."),
            OptionSpec("skip_rows", .integer, default: "0",
                       doc: "Rows to skip before the header (e.g. a title row above an Excel table); a header written on two rows starts at its upper row."),
            OptionSpec("header_rows", .choice(["auto", "1", "2"]),
                       doc: "Rows the header is written on. Unset (or `auto`): one, or two when the row below the header reads as its second row, a group cell merged over sub-headers (`户主` over `姓名 | 身份证号`); columns are then named by the lower cell, else the upper one, and a sub-header under two groups (or under a person other than the head) as `group/sub-header`. `2` always reads two rows; `1` never does."),
            OptionSpec("header", .boolean, default: "true",
                       doc: "Whether the first (unskipped) row names the fields; when false, fields are named column_1, column_2, …"),
        ],
        open: { file, options in try CSVCursor(file: file, options: options) }
    )
}
