import RongtongConfig
import RongtongExtract

/// Why a file's field names may not be the ones its mapping expects, from how the file was read: a header that is
/// one field holding another separator (the wrong `delimiter`), a title row read as the header (`skip_rows`), or names that were decoded in the wrong encoding
/// (U+FFFD where GB18030 bytes were read as UTF-8, or `鎴蜂富` where UTF-8 bytes were read as GB18030).
///
/// Appended to a missing-column or no-head error, whose own advice ("map them under fields:") would otherwise
/// send the author to the wrong fix.
enum HeaderDiagnosis {
    /// A sentence starting with a space, or "" when the names look read as intended.
    static func hint(columns: [String], source: SourceConfig, encoding: String) -> String {
        var hints: [String] = []
        let delimiter = source.options["delimiter"].map { $0 == "\\t" || $0 == "tab" ? "\t" : $0 } ?? ","
        if source.format == "csv", columns.count == 1, let only = columns.first {
            let others = [";", "\t", "|", ","].filter { $0 != delimiter && only.contains($0) }
            if let separator = others.max(by: { count(of: $0, in: only) < count(of: $1, in: only) }) {
                let shown = separator == "\t" ? "\\t" : separator
                hints.append("the header is one field holding \"\(shown)\": if the file is \(shown)-separated, set options: {delimiter: \"\(shown)\"}")
            }
        }
        // Excel's title row (`贵阳市…采集表（2023年10月）` in the first cell, the rest blank) read as the header.
        if source.format == "csv", columns.count > 1, !isBlankCellName(columns[0]), columns.dropFirst().allSatisfy(isBlankCellName) {
            hints.append("the header has one filled cell (\"\(columns[0])\") and \(columns.count - 1) blank ones, like a title row above the real header: set options: {skip_rows: N} to skip the N rows above the header (rongtong peek FILE --format csv --option header=false shows them)")
        }
        let replaced = columns.filter { $0.unicodeScalars.contains("\u{FFFD}") }
        if let read = TextEncoding(rawValue: encoding), read != .utf8,
           let misread = columns.first(where: { looksLikeUTF8ReadAs(read, $0) }) {
            hints.append("field names look like UTF-8 read as \(encoding) (\"\(misread)\" is \"\(decodedAsUTF8(read, misread))\" in UTF-8): set encoding: utf-8")
        } else if !replaced.isEmpty {
            // The encodings other than the one that failed, so the advice never names the one in use.
            let choices = [("gb18030", "gb18030 for GBK, GB2312 and \"ANSI\" exports"),
                           ("utf-8", "utf-8 for UTF-8 exports (WPS, Excel's \"CSV UTF-8\")"),
                           ("utf-16", "utf-16 for \"Unicode text\"")].filter { $0.0 != encoding }.map(\.1)
            hints.append("field names hold undecodable bytes (\(replaced.prefix(3).joined(separator: ", "))), so the file is not \(encoding): set encoding: (\(choices.joined(separator: ", ")))")
        }
        return hints.isEmpty ? "" : ". Check how the file is read: " + hints.joined(separator: "; ")
    }

    /// `column_N`: the name the CSV extractor gives a header cell that is blank.
    private static func isBlankCellName(_ name: String) -> Bool {
        name.hasPrefix("column_") && !name.dropFirst(7).isEmpty && name.dropFirst(7).allSatisfy(\.isASCII) && Int(name.dropFirst(7)) != nil
    }

    private static func count(of separator: String, in text: String) -> Int {
        text.components(separatedBy: separator).count - 1
    }

    /// Whether `name`, decoded in `encoding`, is UTF-8 text: its bytes in that encoding are valid UTF-8 with
    /// non-ASCII characters in them.
    private static func looksLikeUTF8ReadAs(_ encoding: TextEncoding, _ name: String) -> Bool {
        guard name.unicodeScalars.contains(where: { !$0.isASCII }), let bytes = encoding.bytes(of: name) else { return false }
        let evidence = UTF8Evidence.weigh(bytes)
        return evidence.invalidStretches == 0 && evidence.validSequences > 0
    }

    private static func decodedAsUTF8(_ encoding: TextEncoding, _ name: String) -> String {
        encoding.bytes(of: name).map { String(decoding: $0, as: UTF8.self) } ?? name
    }
}
