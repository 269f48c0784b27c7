import RongtongConfig
import RongtongExtract
import RongtongNormalize

/// Why a file's field names may not be the ones its mapping expects, from how the file was read: a header that is
/// one field holding another separator (the wrong `delimiter`), a title row read as the header (`skip_rows`), or names that were decoded in the wrong encoding
/// (U+FFFD where GB18030 bytes were read as UTF-8, or `鎴蜂富` where UTF-8 bytes were read as GB18030).
///
/// Advice on `skip_rows` never costs columns: a header written on two rows (a group row over sub-headers) is
/// skipped to its upper row, which the CSV extractor reads together with the lower one, and a `skip_rows` that
/// skips the upper row is said with the columns it loses (`skippedGroupRow`).
///
/// Said with a missing-column or no-head error, whose own advice ("map them under fields:") would otherwise send the
/// author to the wrong fix: names decoded in the wrong encoding before it, as its cause, the rest after it.
enum HeaderDiagnosis {
    /// What `diagnose` found of how a file's field names were read.
    struct Reading {
        /// That the names were decoded in the wrong encoding, with its cause and fix (`field names hold undecodable
        /// bytes (…): the file starts with a UTF-8 byte order mark …`): the likely cause of every name missing, so
        /// said before the error it explains. Nil when the names look decoded as intended.
        var encoding: String?
        /// The other ways the file looks misread (`delimiter`, `skip_rows`), after the error.
        var others: [String] = []

        /// `error` (a missing column, no head) said with what was found: a wrong encoding first, as its cause
        /// (`sources.census: field names hold undecodable bytes (…): …. So 5 mapped columns are not in the file: …`),
        /// the other hints after it (`. Check how the file is read: …`).
        func explaining(_ error: FieldPlanError) -> String {
            let others = others.isEmpty ? "" : ". Check how the file is read: " + others.joined(separator: "; ")
            guard let encoding else { return "\(error)\(others)" }
            return "\(error.keyPath): \(encoding). So \(error.message)\(others)"
        }
    }

    /// How the names `columns` of `file` look misread, from the source and the `encoding` the file was read in.
    static func diagnose(columns: [String], source: SourceConfig, encoding: String, file: String? = nil) -> Reading {
        var hints: [String] = []
        var encodingHint: String?
        // The row that holds the names the mapping looks for, when it is not the one read as the header (a title
        // row above it, or `skip_rows` one short of a merged two-row header): its N is said outright.
        let skipped = Int(source.options["skip_rows"] ?? "") ?? 0
        let readsHeader = source.format == "csv" && !["false", "no", "0"].contains(source.options["header"]?.lowercased() ?? "")
        let realHeader = file.flatMap { file in
            readsHeader ? headerRow(of: file, source: source, encoding: encoding) : nil
        }.flatMap { $0.startsAt == skipped ? nil : $0 }
        if let realHeader {
            let names = "the names the mapping looks for (\(realHeader.names.prefix(4).joined(separator: ", "))) are in row \(realHeader.rowsAbove + 1) of the file"
            if let group = realHeader.groupRow {
                // The lower row of a two-row header: skipping to it would lose the columns the upper row names alone.
                let alone = group.upperOnly.isEmpty ? "" : ", which names columns of its own (\(group.upperOnly.prefix(6).joined(separator: ", ")))"
                hints.append("\(names), under the group row \(realHeader.rowsAbove)\(alone): set options: {skip_rows: \(realHeader.startsAt)}, and both rows are read as one header")
            } else {
                hints.append("\(names): set options: {skip_rows: \(realHeader.rowsAbove)}")
            }
        } else if readsHeader, skipped > 0, let file, let skippedGroup = skippedGroupRow(of: file, source: source, encoding: encoding) {
            hints.append(skippedGroup)
        }
        // Unset, a UTF-16 file (Excel's "Unicode text", with its byte order mark) was read with TAB, or with commas
        // when its first line holds commas and no TAB (`CSVCursor`).
        let unicodeText = encoding == TextEncoding.utf16.rawValue ? file.flatMap { TextEncoding.unicodeTextDelimiter(file: $0) } : nil
        let delimiter = source.options["delimiter"].map { $0 == "\\t" || $0 == "tab" ? "\t" : $0 }
            ?? (unicodeText.map { $0 == 0x2C ? "," : "\t" } ?? (encoding == TextEncoding.utf16.rawValue ? "\t" : ","))
        if source.format == "csv", columns.count == 1, let only = columns.first {
            let others = [";", "\t", "|", ","].filter { $0 != delimiter && only.contains($0) }
            if let separator = others.max(by: { count(of: $0, in: only) < count(of: $1, in: only) }) {
                let shown = separator == "\t" ? "\\t" : separator
                hints.append("the header is one field holding \"\(shown)\": if the file is \(shown)-separated, set options: {delimiter: \"\(shown)\"}")
            }
        }
        // Excel's title row (`贵阳市…采集表（2023年10月）` in the first cell, the rest blank) read as the header.
        if realHeader == nil, source.format == "csv", columns.count > 1, !isBlankCellName(columns[0]), columns.dropFirst().allSatisfy(isBlankCellName) {
            hints.append("the header has one filled cell (\"\(QuotedHeader.name(columns[0]))\") and \(columns.count - 1) blank ones, like a title row above the real header: set options: {skip_rows: N} to skip the N rows above the header (rongtong peek FILE --format csv --option header=false shows them)")
        }
        let replaced = columns.filter { $0.unicodeScalars.contains("\u{FFFD}") }
        if let read = TextEncoding(rawValue: encoding), read != .utf8,
           let misread = columns.first(where: { looksLikeUTF8ReadAs(read, $0) }) {
            encodingHint = "field names look like UTF-8 read as \(encoding) (\"\(QuotedHeader.name(misread))\" is \"\(QuotedHeader.name(decodedAsUTF8(read, misread)))\" in UTF-8): set encoding: utf-8"
        } else if !replaced.isEmpty {
            let names = "field names hold undecodable bytes (\(QuotedHeader.list(Array(replaced.prefix(3)))))"
            if encoding == TextEncoding.utf8.rawValue, let file, TextEncoding.isGB18030BehindUTF8Mark(file: file) {
                // The cause first (a GBK export behind a UTF-8 byte order mark), then its fix.
                encodingHint = "\(names): \(TextEncoding.gb18030BehindUTF8Mark)"
            } else {
                // The encodings other than the one that failed, so the advice never names the one in use.
                encodingHint = "\(names), so the file is not \(encoding): \(TextEncoding.advice(otherThan: encoding, source.options["encoding"]))"
            }
        }
        return Reading(encoding: encodingHint, others: hints)
    }

    /// The header found among a file's first rows (`headerRow`).
    struct FoundHeader {
        /// Rows above the row holding the names.
        var rowsAbove: Int
        var names: [String]
        /// The row above it when the two are one header written on two rows (`TwoRowHeader.isSubHeaderRow`), with
        /// the names of the columns it names alone.
        var groupRow: (cells: [String], upperOnly: [String])?
        /// The `skip_rows` that reads this header: the group row's when there is one.
        var startsAt: Int { groupRow == nil ? rowsAbove : rowsAbove - 1 }
    }

    /// Among the first rows of a CSV `file` (counted as `skip_rows` counts them), the one whose cells hold the most
    /// of the names the source maps (`fields:`, `record_key`) or its entity's usual headers (`户主姓名`, `身份证号`):
    /// how many rows lie above it, the names it holds, and the group row above it when the two are a header
    /// written on two rows. Nil when no row holds two of them (one, when the source maps a single name), or the
    /// file cannot be read again.
    static func headerRow(of file: String, source: SourceConfig, encoding: String) -> FoundHeader? {
        func name(_ text: String) -> String { text.filter { !$0.isWhitespace } }
        let mapped = source.fields.values.flatMap { $0 } + source.recordKeys
        let wanted = Set((mapped + source.entity.fields.flatMap(\.usualHeaders)).map(name))
        let rows = firstRows(of: file, source: source, encoding: encoding)
        var best: FoundHeader?
        for (number, cells) in rows.sorted(by: { $0.key < $1.key }) {
            let names = cells.filter { wanted.contains(name($0)) && !$0.isEmpty }.map(name)
            if names.count > (best?.names.count ?? 0) { best = FoundHeader(rowsAbove: number - 1, names: names) }
        }
        guard var best, best.names.count >= (Set(mapped.map(name)).count == 1 ? 1 : 2) else { return nil }
        if source.options["header_rows"] != "1", let upper = rows[best.rowsAbove], let lower = rows[best.rowsAbove + 1],
           TwoRowHeader.isSubHeaderRow(lower, under: upper) {
            best.groupRow = (upper, TwoRowHeader.upperOnlyNames(upper: upper, lower: lower))
        }
        return best
    }

    /// When `skip_rows` skips the upper row of a header written on two rows (the header read is its lower row): what
    /// that loses and the `skip_rows` that reads both, as a sentence. Nil otherwise.
    static func skippedGroupRow(of file: String, source: SourceConfig, encoding: String) -> String? {
        guard source.format == "csv", let skipped = Int(source.options["skip_rows"] ?? ""), skipped > 0,
              source.options["header_rows"] != "1",
              !["false", "no", "0"].contains(source.options["header"]?.lowercased() ?? "") else { return nil }
        let rows = firstRows(of: file, source: source, encoding: encoding, through: skipped + 1)
        guard let upper = rows[skipped], let lower = rows[skipped + 1], TwoRowHeader.isSubHeaderRow(lower, under: upper)
        else { return nil }
        let lost = TwoRowHeader.upperOnlyNames(upper: upper, lower: lower)
        let what = lost.isEmpty ? "its group words (\(upper.filter { !$0.isEmpty }.prefix(6).joined(separator: ", "))) are"
            : "the columns it names alone (\(lost.prefix(8).joined(separator: ", "))) are"
        return "row \(skipped) of \(DisplayPath.of(file)), skipped by skip_rows: \(skipped), is the upper row of a header written on two rows: \(what) not read; set options: {skip_rows: \(skipped - 1)} to read both rows as one header"
    }

    /// The units a CSV `file`'s units row writes under its columns (`,,,(万元)` under `总投资`: `总投资` → `万元`), by
    /// column name, read again as the source reads the file up to its first record; empty when the header has no
    /// units row under it or the file cannot be read again.
    static func unitsRowUnits(of file: String, source: SourceConfig, encoding: String) -> [String: String] {
        guard source.format == "csv" else { return [:] }
        var options = source.options
        options["encoding"] = encoding
        guard let cursor = try? FormatRegistry.makeCursor(file: file, format: "csv", options: options),
              (try? cursor.next()) != nil else { return [:] }
        return cursor.unitsUnderHeader
    }

    /// The cells of the first rows of a CSV `file` by row number (1 for the first row, as `skip_rows` counts), up to
    /// row `through`; rows blank in every cell are left out. Empty when the file cannot be read again.
    private static func firstRows(of file: String, source: SourceConfig, encoding: String, through last: Int = 30) -> [Int: [String]] {
        var options = source.options
        options["skip_rows"] = nil
        options["header_rows"] = nil
        options["header"] = "false"
        options["encoding"] = encoding
        guard let cursor = try? FormatRegistry.makeCursor(file: file, format: "csv", options: options) else { return [:] }
        var rows: [Int: [String]] = [:]
        while let item = try? cursor.next() {
            guard case .record(let row) = item else { continue }
            if row.number > last { break }
            rows[row.number] = row.fields.map(\.value)
        }
        return rows
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
