import Foundation

/// The pages of one delivery of a whole list (`absent_means:`): a web system's export of 民政's 163 cases as
/// `mz_dibao_20231006_p1.json` … `_p4.json`, forty rows a page, is one list, judged once over the union of its pages.
///
/// Files of a source are pages of one delivery when their names differ only in a **page number**: the last number of
/// the file name (before its extension), of one to three digits, written
/// - after a page word: `_p2`, `-page2`, `_pg02`, `part2`, `第2页`, `sheet3`, `no2`;
/// - in brackets at the end, as a browser names a second download: `export (2).json`, `export（2）.json` (with
///   `export.json` its first page);
/// - after a separator (`_`, `-`, `.`, a space) following a whole date stamp of at least six digits:
///   `mz_20231006_2`; not after letters (`export_12`, `export_13` may be an export counter, one whole list each)
///   nor after a shorter number, which is part of a date (`list-2023-10-31`, `list_10_31`).
///
/// Dated files are not pages of one another: `list_20231005.json` and `list_20231006.json`, both new after a missed
/// night, are two deliveries, each the whole list of its day, applied in name order. The delivery is every file on
/// disk that the source's path matches under the same name but for the page number, also a page unchanged since an
/// earlier night (whose content, loaded before, is not read again).
enum ListDelivery {
    /// The delivery `file` belongs to: its path with the page number taken out (`feeds/mz/mz_dibao_20231006_#.json`),
    /// or the path itself when its name carries none.
    static func key(of file: String) -> String {
        let url = URL(fileURLWithPath: file)
        let ext = url.pathExtension
        let name = url.lastPathComponent
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        guard let found = withoutPageNumber(stem) else { return file }
        let (pageless, form) = found
        let folder = String(file.dropLast(name.count))
        // `export (2).json` is a page of `export.json`, the delivery's first page.
        return folder + pageless + (form == .bracketed ? "" : "#") + (ext.isEmpty ? "" : "." + ext)
    }

    /// How a page number is written.
    enum Form { case pageWord, bracketed, afterDate }

    /// `stem` without its page number (see the type's rules), or nil when it has none.
    static func withoutPageNumber(_ stem: String) -> (String, Form)? {
        let range = NSRange(stem.startIndex..., in: stem)
        for (pattern, form) in patterns {
            guard let match = pattern.firstMatch(in: stem, range: range),
                  let head = Range(match.range(at: 1), in: stem) else { continue }
            let before = String(stem[head])
            if form == .afterDate {
                // Only after a date stamp: a short number before it makes it part of a date (2023-10-31, 10_31),
                // and after letters it may count exports.
                let digits = before.reversed().prefix { $0.isASCII && $0.isNumber }.count
                guard digits >= 6 else { return nil }
            }
            return (before, form)
        }
        return nil
    }

    /// The page-number spellings, each capturing what comes before the number. A bare number after a separator
    /// (`afterDate`) is checked further: a date's parts look like it too.
    private static let patterns: [(NSRegularExpression, Form)] = [
        (#"^(.*?(?:^|[\s_\-.]|(?<=\d)))(?:p|pg|page|part|pt|sheet|no)[\s_\-.]?\d{1,3}$"#, Form.pageWord),
        (#"^(.*?)第\s*\d{1,3}\s*页?$"#, Form.pageWord),
        (#"^(.*?)\s*[(（]\d{1,3}[)）]$"#, Form.bracketed),
        (#"^(.*?)[\s_\-.]\d{1,3}$"#, Form.afterDate),
    ].compactMap { (pattern: String, form: Form) in
        (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])).map { ($0, form) }
    }
}
