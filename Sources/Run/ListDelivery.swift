import Foundation
import RongtongLoad

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

    /// Whether the delivery `later` (a key, see `key(of:)`) is a later delivery of the same feed than `earlier`: in
    /// the same folder, their names alike but for a date stamp (a run of digits, possibly with `-`, `_` or `.`
    /// between them, of at least six digits: `20231103`, `2023-11-03`), `later`'s the later date
    /// (`mz_dibao_20231103_#.json` after `mz_dibao_20231102_#.json`). Names without a date stamp, or that differ
    /// otherwise (`zunyi.json`, `anshun.json`: two counties' files of one night), are no later delivery of each other.
    static func isLaterDelivery(_ later: String, than earlier: String) -> Bool {
        guard let new = dateStamped(later), let old = dateStamped(earlier), new.shape == old.shape,
              new.stamps.count == old.stamps.count,
              zip(new.stamps, old.stamps).allSatisfy({ $0.count == $1.count }) else { return false }
        return old.stamps.lexicographicallyPrecedes(new.stamps)
    }

    /// Whether a content the source loaded from `earlier` replaced what it held from `file`: `earlier` is the same path,
    /// or a file of an earlier delivery of the same feed (`isLaterDelivery`: `mz_dibao_20231005.json` for
    /// `mz_dibao_20231007.json`, any page of it). What a re-delivery is judged by: content loaded once, then replaced
    /// by another content of `file`'s lineage, is a new delivery when it comes back (see `ExtractStage`). A file of a
    /// later delivery, or of another name (another county's file), is no lineage of `file`: an older file arriving
    /// late, or left on disk, is not read again because a newer delivery replaced it.
    static func isLineage(_ earlier: String, of file: String) -> Bool {
        earlier == file || isLaterDelivery(key(of: file), than: key(of: earlier))
    }

    /// Whether a content the source loaded before is no longer what the warehouse holds from `file`, given what the
    /// source loaded since (`loads`) and the files this run read besides (`readTonight`, other contents): another
    /// content of `file`'s lineage, from the delivery the content was last loaded from or a later one, loaded in a
    /// later run (or in the same run from a later delivery: a missed night's two files), or read tonight. Such
    /// content, back at its path, is a new delivery (census_A.csv, census_B.csv, census_A.csv again). A file of an
    /// earlier delivery than the one the content was last loaded from (a forced rerun reading every dated file
    /// again, an old file arriving late) replaces nothing.
    static func isReplaced(_ file: String, loads: LoadsSince, readTonight: [String] = []) -> Bool {
        let lastDelivery = key(of: loads.lastFile)
        func replaces(_ other: String) -> Bool {
            isLineage(other, of: file) && !isLaterDelivery(lastDelivery, than: key(of: other))
        }
        return (loads.laterRuns + readTonight).contains(where: replaces)
            || loads.sameRun.contains { replaces($0) && isLaterDelivery(key(of: $0), than: lastDelivery) }
    }

    /// The contents (batch ids) the warehouse holds from `file`'s lineage (its path, and the earlier-dated deliveries
    /// of its name, `isLineage`), or nil when none of them was ever loaded. Of the lineage's loads (`loads`), the
    /// latest delivery counts: the one loaded by the latest run, the later-dated one among those that run loaded
    /// (it loads in name order), or, before them all, the latest delivery of the lineage this run read already
    /// (`readTonight`, a missed night's earlier file); of that delivery, the content each of its files (pages) last
    /// loaded. A file whose content is among them holds what the warehouse holds from it: unchanged. Judged by the
    /// file's own lineage, not by where its content was last loaded from: a content loaded from another name (an
    /// older delivery under a later name, a copy re-read under an edited encoding) says nothing of this file.
    static func heldFromLineage(of file: String, loads: [LoadedFile],
                                readTonight: [(file: String, batchID: String)] = []) -> Set<String>? {
        let tonight = readTonight.filter { isLineage($0.file, of: file) }
        if let latest = tonight.map({ key(of: $0.file) }).max() {
            return Set(tonight.filter { key(of: $0.file) == latest }.map(\.batchID))
        }
        let lineage = loads.filter { isLineage($0.file, of: file) }
        guard let lastRun = lineage.map(\.run).max(),
              let latest = lineage.filter({ $0.run == lastRun }).map({ key(of: $0.file) }).max() else { return nil }
        let files = Dictionary(grouping: lineage.filter { key(of: $0.file) == latest }, by: \.file)
        return Set(files.values.compactMap { $0.max(by: { $0.run < $1.run })?.batchID })
    }

    /// The file on disk (among `files`, the source's files tonight) of a later delivery that replaced `file`'s, or
    /// nil when there is none: a later-dated delivery of its name (`isLaterDelivery`), or, for a whole list
    /// (`wholeList`, where only the newest delivery counts), a file of another delivery that sorts after it. Such a
    /// file, loaded before, is not the source's current data: not read again, also not under `--force` (which
    /// redoes the current deliveries only), as `StagedDeliveries` keeps it from being normalized or loaded again.
    static func laterDeliveryOnDisk(replacing file: String, among files: [String], wholeList: Bool) -> String? {
        let own = key(of: file)
        return files.filter { other in
            let theirs = key(of: other)
            return theirs != own && (isLaterDelivery(theirs, than: own) || wholeList && other > file)
        }.max()
    }

    /// The load (among `loads`, the source's load history) of the newest later-dated delivery of `file`'s name
    /// (`isLaterDelivery`: `dibao_20241002.ndjson` for `dibao_20241001.ndjson`), or nil when the source never loaded
    /// one. What the warehouse remembers when that file is gone from disk (archived after it loaded): `file`, loaded
    /// before it, is an older delivery that the later one replaced, as `laterDeliveryOnDisk` says while both are on
    /// disk. Names without a date stamp are never later deliveries of one another (see `isLaterDelivery`).
    static func laterDeliveryLoaded(replacing file: String, loads: [LoadedFile]) -> LoadedFile? {
        let own = key(of: file)
        return loads.filter { isLaterDelivery(key(of: $0.file), than: own) }
            .max { ($0.file, $0.run) < ($1.file, $1.run) }
    }

    /// `key` with each date stamp taken out (its shape), and the stamps' digits, in order; nil when it has none.
    private static func dateStamped(_ key: String) -> (shape: String, stamps: [String])? {
        let range = NSRange(key.startIndex..., in: key)
        var shape = "", stamps: [String] = []
        var last = key.startIndex
        for match in dateStamp?.matches(in: key, range: range) ?? [] {
            guard let found = Range(match.range, in: key) else { continue }
            let digits = key[found].filter { $0.isASCII && $0.isNumber }
            guard digits.count >= 6 else { continue }
            shape += key[last..<found.lowerBound] + "\u{0}"
            stamps.append(String(digits))
            last = found.upperBound
        }
        guard !stamps.isEmpty else { return nil }
        return (shape + key[last...], stamps)
    }

    /// A run of digits, with single separators between them (a date stamp's candidates).
    private static let dateStamp = try? NSRegularExpression(pattern: #"(?<!\d)\d+(?:[-_.]\d+)*(?!\d)"#)

    /// How a page number is written.
    enum Form { case pageWord, bracketed, afterDate }

    /// `stem` without its page number (see the type's rules), or nil when it has none.
    static func withoutPageNumber(_ stem: String) -> (String, Form)? {
        pageNumber(in: stem).map { ($0.before, $0.form) }
    }

    /// The page number `stem` ends in (see the type's rules): what comes before it, how it is written, its value and
    /// where its digits are; nil when it has none.
    static func pageNumber(in stem: String) -> (before: String, form: Form, number: Int, digits: Range<String.Index>)? {
        let range = NSRange(stem.startIndex..., in: stem)
        for (pattern, form) in patterns {
            guard let match = pattern.firstMatch(in: stem, range: range),
                  let head = Range(match.range(at: 1), in: stem),
                  let digits = Range(match.range(at: 2), in: stem), let number = Int(stem[digits]) else { continue }
            let before = String(stem[head])
            if form == .afterDate {
                // Only after a date stamp: a short number before it makes it part of a date (2023-10-31, 10_31),
                // and after letters it may count exports.
                let dateDigits = before.reversed().prefix { $0.isASCII && $0.isNumber }.count
                guard dateDigits >= 6 else { return nil }
            }
            return (before, form, number, digits)
        }
        return nil
    }

    /// The pages missing from a delivery whose page files on disk are `files` (every file of one delivery `key`):
    /// the numbers between its lowest and highest page number that no file carries (`_p1`, `_p3`: page 2), and,
    /// for pages named by a page word (`_p2`, `page3`, `第2页`), the pages before the lowest when it is above 1 (a
    /// delivery counting from 0 or 1 is whole at its start). Named as their files would be (`…_p2.json`, written as
    /// the next lower page's name is, zero padding kept); empty when no number is missing or the files carry none.
    /// A delivery's last pages cannot be missed by their names: what a page's envelope says of the whole
    /// (`JSONEnvelopeWhole`) tells those.
    static func missingPages(among files: [String]) -> [String] {
        var pages: [Int: (file: String, form: Form, digits: Range<String.Index>, stem: String)] = [:]
        for file in files {
            let url = URL(fileURLWithPath: file)
            let ext = url.pathExtension
            let name = url.lastPathComponent
            let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
            guard let page = pageNumber(in: stem) else { continue }
            if let known = pages[page.number], known.file < file { continue }
            pages[page.number] = (file, page.form, page.digits, stem)
        }
        guard let lowest = pages.keys.min(), let highest = pages.keys.max() else { return [] }
        let first = pages[lowest]!
        let start = first.form == .pageWord ? min(lowest, 1) : lowest
        let missing = (start...highest).filter { pages[$0] == nil }
        return missing.map { number in
            // Written as the nearest page below it is (or the lowest page, for the pages before it).
            let model = pages.filter { $0.key < number }.max { $0.key < $1.key }?.value ?? first
            let width = model.stem.distance(from: model.digits.lowerBound, to: model.digits.upperBound)
            let written = String(number)
            let padded = String(repeating: "0", count: max(0, width - written.count)) + written
            let stem = model.stem.replacingCharacters(in: model.digits, with: padded)
            let url = URL(fileURLWithPath: model.file)
            let ext = url.pathExtension
            return String(model.file.dropLast(url.lastPathComponent.count)) + stem + (ext.isEmpty ? "" : "." + ext)
        }
    }

    /// The page-number spellings, each capturing what comes before the number, then the number. A bare number after a separator
    /// (`afterDate`) is checked further: a date's parts look like it too.
    private static let patterns: [(NSRegularExpression, Form)] = [
        (#"^(.*?(?:^|[\s_\-.]|(?<=\d)))(?:p|pg|page|part|pt|sheet|no)[\s_\-.]?(\d{1,3})$"#, Form.pageWord),
        (#"^(.*?)第\s*(\d{1,3})\s*页?$"#, Form.pageWord),
        (#"^(.*?)\s*[(（](\d{1,3})[)）]$"#, Form.bracketed),
        (#"^(.*?)[\s_\-.](\d{1,3})$"#, Form.afterDate),
    ].compactMap { (pattern: String, form: Form) in
        (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])).map { ($0, form) }
    }
}
