/// Streams the records of a CSV file: header row, then one `RawRecord` per data row.
///
/// A header written on two rows (a group cell merged over its sub-headers: `户主` over `姓名 | 身份证号`) is read as
/// one header when the row below the header reads as its second row (`TwoRowHeader.isSubHeaderRow`), or always with
/// `header_rows: 2`; `header_rows: 1` reads one row. The second header row is no record: the first data row is
/// still record 1.
///
/// The Nth data row is record N (rows blank in every field, a repetition of the header row, a totals row
/// starting with 合计/小计/总计, a sign-off footer (`填表人：…`) and a template's pre-numbered empty row are
/// counted but not handed out; a units row right under the header, `,,(人),(元)` (`UnitsRow`), is neither handed
/// out nor counted, as a header row is not); a row whose field count
/// differs from the header's is a `ragged_row` reject (extra cells that are all empty are dropped instead when they
/// are the file's trailing separators, not a delimiter in a value: `doubtTrailingSeparators`), whose
/// message says the file looks truncated when it is the file's last row, short, with no line break after it; bytes
/// that cannot be decoded make their record an `invalid_encoding` reject.
///
/// A row short only of its last cells, at most `maxMissingCells` of them, loads with those cells empty and a
/// `short_row` warning, when its cells fit their columns (`ColumnProfile`: of the kinds the records before it, up
/// to the file's first `ColumnProfile.recordsProfiled`, held there) and each missing column was left empty by some
/// record before it: a spreadsheet or script that leaves out the separators of empty cells at a row's end
/// (`…,2023年10月25日` under a last column 备注). A cell left out in the middle moves the cells after it; such a row
/// stays a `ragged_row`, whose message names the columns the missing cell can be in.
///
/// A record that ran on over several lines is read again line by line (`SwallowedLines`) when a quote opened a
/// cell without closing where it ends (`"北门"小区`, or a quote that never closes): libcsv took it as opening a
/// quoted cell that swallowed the rows after it. The rows are then handed out as the lines hold them, the cell
/// read as written with a `stray_quote` warning; a line that is still no row is a `ragged_row` reject of its own.
/// Lines are kept for that up to `LibCSVParser.maxSpanBytes`/`maxSpanLines`; a record running over more stops the
/// file with an error naming where the quote opened.
final class CSVCursor: RecordCursor {
    let file: String
    private let stream: DecodedByteStream
    let parser: LibCSVParser
    let maxFieldBytes: Int
    let delimiter: UInt8
    private var rowsToSkip: Int
    let hasHeader: Bool
    /// `header_rows`: 1 or 2 as the pipeline says, nil to tell from the row below the header.
    private let headerRows: Int?
    /// The first header row's cells, while the row below it is still to be read (as the header's second row or
    /// as record 1).
    private var upperHeaderRow: [String]?
    /// The second header row's cells (`headerText`) of a two-row header, compared with later rows as `headerCells`
    /// are: both rows repeated below (a second sheet pasted under the first) are no records.
    private var lowerHeaderCells: [String] = []
    var header: [String]?
    /// Whether the next row is right under a header (the file's, its second row, or the header repeated below): a
    /// units row there (`,,(人),(元)`, `UnitsRow`) is no record, and is not counted as one.
    private var unitsRowMayFollow = false
    /// The first units row's units by column name (`RecordCursor.unitsUnderHeader`).
    private(set) var unitsUnderHeader: [String: String] = [:]
    /// The header row's cells as field names (`headerText`), compared with later rows' cells in the same form: a
    /// header repeated below is not a record, also when one copy has a line break inside a cell (`户主⏎姓名`) and
    /// the other has not (`户主姓名`).
    var headerCells: [String] = []
    /// The names of each column: its header cells (of both rows of a two-row header) with spaces removed. A label
    /// written in the column it names (`联系人：张三` in the 联系人 column) may be the record's, not a sign-off.
    private var columnNames: [Set<String>] = []
    /// Whether the first header names a row-number column (`序号`): see `isPrenumberedEmptyRow`.
    private var firstHeaderIsRowNumber = false
    /// The rows parsed from the last chunk, handed out one by one (`queueIndex`).
    private var queue = LibCSVParser.Rows()
    private var queueIndex = 0
    /// The header's names as yajl writes them in each record's JSON text (`nextWritten`), written once per header:
    /// a record costs yajl only its values.
    private var writtenNames = JSONObjectWriter.RepeatedNames([])
    var recordNumber = 0
    private var ended = false
    /// Whether the file held any row at all (a title row, the header, a record).
    private var sawRow = false
    let quote: UInt8
    /// What each column held in the file's first records (`ColumnProfile`), to tell whether a short row's cells fit.
    var profile = ColumnProfile(width: 0)
    /// Rows read again from the lines one record ran over (`SwallowedLines`), handed out before the parser's next
    /// rows (`rereadIndex`); with the cells of each whose quote is read as written.
    var reread = LibCSVParser.Rows()
    var rereadIndex = 0
    var rereadLiteralCells: [[Int]] = []
    /// Whether the last re-read row is the file's last one and no line break ends it.
    var rereadEndsUnterminated = false
    /// Where the re-read rows come from: the lines the record ran over, the line and column its quote opened in.
    var swallowed: (lines: ClosedRange<Int>, openedLine: Int, column: String, rows: Int)?
    /// Whether the re-read rows are the first lines of a record that ran on further, cut there (`judgeRunningRow`):
    /// the lines after them are read as usual.
    var swallowedWasCut = false
    /// The bytes of the input `feed` did not take yet (it stopped in a running row), fed before the next chunk.
    var leftover: [UInt8]?
    /// Rows read again from a running row cut by `judgeRunningRow`, handed out once the rows before it are.
    var pendingCutRows: (rows: [SwallowedLines.Row], lines: ClosedRange<Int>, opened: (column: String, line: Int))?
    /// The cells of the row `nextRow` returned last whose quote is read as written; nil for a row libcsv read.
    var currentLiteralCells: [Int]?
    /// The warnings of the record handed out last (`takeRecordWarnings`).
    private var recordWarnings: [RecordWarning] = []

    /// The most cells a short row may lack at its end and still load padded (`short_row`).
    static let maxMissingCells = 2
    /// The rows before a long row, at least as long with empty extra cells, that make trailing separators the
    /// file's habit (`doubtTrailingSeparators`).
    static let trailingSeparatorHabit = 2
    /// The records before a long row that fits its columns that must show the file's rows carry no trailing
    /// separators for the row to be doubted (`doubtTrailingSeparators`); fewer say nothing of the file.
    static let recordsShowingNoHabit = 5
    /// How many rows longer than the header, their extra cells all empty, were read at each width: the file's
    /// habit of trailing separators (`doubtTrailingSeparators`).
    var paddedRowWidths: [Int: Int] = [:]
    /// The width of the last row read when its extra cells were all empty, 0 when it had none.
    var previousPaddedWidth = 0

    var encoding: TextEncoding { stream.encoding }
    var bytesRead: Int { stream.rawOffset }
    var declaredFieldNames: [String]? { header }

    init(file: String, options: ExtractorOptions) throws {
        self.file = file
        stream = try DecodedByteStream(file: file, encoding: options.encoding)
        // Excel's "Unicode text" (UTF-16 with a byte order mark) is TAB-separated: TAB unless a delimiter is given, or
        // the header line holds commas and no TAB (`TextEncoding.unicodeTextDelimiter`).
        let unicodeText = stream.encoding == .utf16 ? TextEncoding.unicodeTextDelimiter(file: file) : nil
        delimiter = options.given.contains("delimiter") || unicodeText == nil ? options.character("delimiter") ?? 0x2C : unicodeText ?? 0x09
        quote = options.character("quote") ?? 0x22
        do {
            parser = try LibCSVParser(delimiter: delimiter, quote: quote)
        } catch let error as LibCSVError {
            throw ExtractError(file: file, message: error.message)
        }
        maxFieldBytes = options.integer("max_field_bytes") ?? 16 << 20
        rowsToSkip = options.integer("skip_rows") ?? 0
        hasHeader = options.values["header"].flatMap(OptionSpec.parseBoolean) ?? true
        headerRows = options.integer("header_rows")
    }

    /// What `shape` makes of a data row.
    private enum Shaped {
        /// An ordinary record (record `recordNumber`): the row's first `header.count` cells are its fields, one
        /// per header name, in order.
        case record(CSVCells)
        case rejected(RecordProblem)
    }

    func next() throws -> Extracted? {
        guard let shaped = try nextShaped() else { return nil }
        switch shaped {
        case .record(let cells):
            let names = header ?? []
            var fields: [RawField] = []
            fields.reserveCapacity(names.count)
            // A short row read padded (`short_row`): the cells it lacks are empty.
            for (index, name) in names.enumerated() { fields.append(RawField(name, index < cells.count ? cells[index] : "")) }
            return .record(RawRecord(number: recordNumber, line: cells.line, fields: fields))
        case .rejected(let problem):
            return .rejected(problem)
        }
    }

    /// As `next()`, with a record's JSON text written straight from the parsed bytes: no String per cell. The text
    /// is byte for byte what `JSONObjectWriter.object` writes of the record `next()` hands out.
    func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem? {
        guard let shaped = try nextShaped() else { return nil }
        switch shaped {
        case .record(let cells):
            let names = writtenNames
            writer.beginObject(of: names)
            cells.forEachCell(upTo: names.count) { index, value in
                writer.append(name: index, of: names, value: value)
            }
            // A short row read padded (`short_row`): the cells it lacks are empty.
            for index in min(cells.count, names.count)..<names.count {
                writer.append(name: index, of: names, value: UnsafeBufferPointer(start: nil, count: 0))
            }
            writer.endObject(of: names, appendingTo: &text)
            return .written(number: recordNumber, line: cells.line, names: header ?? [])
        case .rejected(let problem):
            return .rejected(problem)
        }
    }

    func takeRecordWarnings() -> [RecordWarning] {
        guard !recordWarnings.isEmpty else { return [] }
        defer { recordWarnings.removeAll() }
        return recordWarnings
    }

    /// The next data row as a record or a reject, past the header rows and the rows that are no records.
    private func nextShaped() throws -> Shaped? {
        while true {
            guard let row = try nextRow() else {
                // Not even a header: a failed export (an empty one has its header row), not a pipeline problem.
                if header == nil, hasHeader, !sawRow {
                    throw ExtractError.emptyFile(file, lacking: "a header row") ?? ExtractError(file: file,
                        message: "the file is empty (no row, only blank lines): not even a header row; the export probably failed, ask for it again")
                }
                return nil
            }
            sawRow = true
            if rowsToSkip > 0 {
                rowsToSkip -= 1
                passOverUndecodable(row)
                continue
            }
            guard let header else {
                let fields = Array(row)
                if hasHeader {
                    passOverUndecodable(row)
                    name(CSVCursor.uniqueNames(fields))
                    headerCells = fields.map(CSVCursor.headerText)
                    firstHeaderIsRowNumber = headerCells.first.map(CSVCursor.isRowNumberHeader) ?? false
                    columnNames = headerCells.map { [$0.filter { !$0.isWhitespace }] }
                    if headerRows != 1 { upperHeaderRow = fields }
                    unitsRowMayFollow = true
                    continue
                }
                name((1...max(fields.count, 1)).map { "column_\($0)" })
                return try shape(row)
            }
            _ = header
            if let upper = upperHeaderRow {
                upperHeaderRow = nil
                // A unit under a column (`(人)`) names nothing: the column keeps its upper cell's name.
                let fields = Array(row).map { UnitsRow.isUnitCell($0) ? "" : $0 }
                if headerRows == 2 || TwoRowHeader.isSubHeaderRow(fields, under: upper) {
                    passOverUndecodable(row)
                    readSecondHeaderRow(fields, under: upper)
                    unitsRowMayFollow = true
                    continue
                }
            }
            // Units under the column names (`,,(人),(元)`): spreadsheet furniture of the header, not record 1.
            if unitsRowMayFollow {
                unitsRowMayFollow = false
                if UnitsRow.isUnitsRow(Array(row)) {
                    passOverUndecodable(row)
                    if unitsUnderHeader.isEmpty {
                        for (name, cell) in zip(header, Array(row)) {
                            if let unit = UnitsRow.unit(of: cell) { unitsUnderHeader[name] = unit }
                        }
                    }
                    continue
                }
            }
            // A record that ran on over several lines: read again line by line when a stray quote made it.
            if currentLiteralCells == nil, let span = row.span, try readAgain(row, span: span) { continue }
            if let item = try shape(row) { return item }
        }
    }

    /// Forgets the undecodable bytes of a row that is no record (a skipped row, a header row, a units row): each
    /// U+FFFD in a row stands for the next of `stream.undecodableOffsets`, in file order, so a record's
    /// `invalid_encoding` reject must not be handed the offset of a byte in the header above it.
    private func passOverUndecodable(_ cells: CSVCells) {
        guard !stream.undecodableOffsets.isEmpty else { return }
        let replaced = cells.reduce(0) { $0 + $1.unicodeScalars.filter { $0 == "\u{FFFD}" }.count }
        stream.undecodableOffsets.removeFirst(min(replaced, stream.undecodableOffsets.count))
    }

    /// The columns are called `names` (`header`).
    private func name(_ names: [String]) {
        header = names
        writtenNames = JSONObjectWriter.RepeatedNames(names)
        profile = ColumnProfile(width: names.count)
    }

    /// Names the columns from both header rows (`TwoRowHeader.names`): the lower cell, else the upper one.
    private func readSecondHeaderRow(_ lower: [String], under upper: [String]) {
        name(CSVCursor.uniqueNames(TwoRowHeader.names(upper: upper, lower: lower)))
        lowerHeaderCells = lower.map(CSVCursor.headerText)
        for (column, cell) in lowerHeaderCells.enumerated() {
            let name = cell.filter { !$0.isWhitespace }
            guard !name.isEmpty else { continue }
            if column < columnNames.count { columnNames[column].insert(name) } else { columnNames.append([name]) }
        }
    }

    /// Whether `cells` repeat the header row `named` (its cells as `headerText`), from the first cell on.
    private static func repeats<Cells: Collection<String>>(_ cells: Cells, header named: [String]) -> Bool {
        guard let first = cells.first, let headerFirst = named.first, isHeaderCell(first, named: headerFirst),
              cells.count >= named.count else { return false }
        return zip(cells, named).allSatisfy { isHeaderCell($0, named: $1) }
    }

    /// Whether the row is surely none of what `shape` drops (blank, the header again, totals, sign-off, a pre-numbered
    /// empty row), told from the bytes of its first cell or two without building a String: the first cell is
    /// printable ASCII without a colon (`17`, `GY-0001`), which no blank row, sign-off label or Chinese totals word
    /// is; its first letter starts no Latin totals word; it is not the header's first cell; and under a row-number
    /// header (`序号`), when it is a number, a later cell plainly holds something. False sends the row through the
    /// full checks, which decide alike: this is only their shortcut for the ordinary record (most of them).
    private func isOrdinaryRow(_ cells: CSVCells) -> Bool {
        guard !cells.isEmpty else { return false }
        let (printable, digitsOnly, initial) = cells.withBytes(ofCell: 0) { bytes -> (Bool, Bool, UInt8) in
            guard let first = bytes.first, bytes.count <= 64 else { return (false, false, 0) }
            var digits = true
            for byte in bytes {
                guard byte > 0x20, byte < 0x7F, byte != 0x3A else { return (false, false, 0) }
                if !(0x30...0x39).contains(byte) { digits = false }
            }
            return (true, digits, first)
        }
        guard printable, !CSVCursor.totalsInitials.contains(initial | 0x20) else { return false }
        for named in [headerCells.first, lowerHeaderCells.first] {
            guard let named else { continue }
            if cells.withBytes(ofCell: 0, { named.utf8.elementsEqual($0) }) { return false }
        }
        guard firstHeaderIsRowNumber, digitsOnly, cells.count > 1 else { return true }
        // A later cell starting (after spaces) with printable ASCII or a CJK character (lead bytes E4–E9) is no blank.
        return (1..<cells.count).contains { index in
            cells.withBytes(ofCell: index) { bytes in
                guard let byte = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
                return (byte > 0x20 && byte < 0x7F) || (0xE4...0xE9).contains(byte)
            }
        }
    }

    /// Turns a parsed row into a record or a reject; nil for a row blank in every field.
    private func shape(_ cells: CSVCells) throws -> Shaped? {
        guard let header else { return nil }
        recordNumber += 1
        // The file's last row, cut inside a character with no line break after it: a truncated file, said as a short
        // last row is (below), not as bytes of another encoding. Its last cell is cut: only the cells before it are
        // trusted.
        if isUnterminatedLastRow, let cut = stream.cutInsideCharacterAt, stream.undecodableOffsets == [cut] {
            let fields = Array(cells)
            if fields.count <= header.count, fields.last?.unicodeScalars.last == "\u{FFFD}" {
                stream.undecodableOffsets.removeAll()
                return .rejected(RecordProblem(number: recordNumber, line: cells.line, rule: "ragged_row",
                    message: "row has \(fields.count) fields, the header has \(header.count), and its last cell ends inside a character (byte offset \(cut)); it is the last row of the file and no line break ends it: the file looks truncated (an export or transfer cut short?), and records after it may be missing",
                    readable: zip(header, fields.dropLast()).map { RawField($0, $1) }, looksTruncated: true))
            }
        }
        if !stream.undecodableOffsets.isEmpty {
            let fields = Array(cells)
            let replaced = fields.reduce(0) { $0 + $1.unicodeScalars.filter { $0 == "\u{FFFD}" }.count }
            if replaced > 0 {
                let offset = stream.undecodableOffsets.removeFirst()
                stream.undecodableOffsets.removeFirst(min(replaced - 1, stream.undecodableOffsets.count))
                // The column holding the undecodable bytes, and the cells that decoded, when the row has the
                // header's width (otherwise no cell's column is certain).
                let aligned = fields.count == header.count
                let broken = aligned ? fields.firstIndex { $0.unicodeScalars.contains("\u{FFFD}") } : nil
                let readable = aligned
                    ? zip(header, fields).filter { !$0.1.unicodeScalars.contains("\u{FFFD}") }.map { RawField($0.0, $0.1) }
                    : []
                return .rejected(RecordProblem(number: recordNumber, line: cells.line, field: broken.map { header[$0] },
                    rule: "invalid_encoding",
                    message: "byte at offset \(offset) is not valid \(stream.encoding.iconvName)", readable: readable))
            }
        }
        if !isOrdinaryRow(cells) {
            // Cells of spaces only (a spreadsheet's blank-looking row) are as empty as empty cells.
            if cells.indices.allSatisfy({ cells.isEmpty(at: $0) || CSVCursor.isBlank(cells[$0]) }) { return nil }
            // Spreadsheet furniture: the header repeated below (a second sheet appended), a totals row, a sign-off
            // footer, a template's pre-numbered empty row.
            if CSVCursor.repeats(cells, header: headerCells) {
                unitsRowMayFollow = true
                return nil
            }
            if !lowerHeaderCells.isEmpty, CSVCursor.repeats(cells, header: lowerHeaderCells) {
                unitsRowMayFollow = true
                return nil
            }
            if CSVCursor.isTotalsRow(cells) || CSVCursor.isSignOffRow(cells, columnNames: columnNames)
                || CSVCursor.isPrenumberedEmptyRow(cells, underRowNumberHeader: firstHeaderIsRowNumber) { return nil }
        }
        // Extra cells that are all empty are a spreadsheet's trailing separators, not data: they are dropped, unless
        // the row is one longer than the file's rows whose cells moved (`doubtTrailingSeparators`).
        let emptyExtras = cells.count > header.count && (header.count..<cells.count).allSatisfy({ cells.isEmpty(at: $0) })
        if emptyExtras, let why = doubtTrailingSeparators(cells) {
            previousPaddedWidth = cells.count
            return .rejected(RecordProblem(number: recordNumber, line: cells.line, rule: "ragged_row",
                message: "row has \(cells.count) fields, the header has \(header.count)\(why)\(swallowNote(cells))",
                readable: []))
        }
        previousPaddedWidth = emptyExtras ? cells.count : 0
        let width = emptyExtras ? header.count : cells.count
        if width < header.count, let missing = paddableMissingCells(cells) {
            // Short of its empty last cells only: read padded, with a warning naming them.
            let names = header[cells.count...]
            let what = names.count == 1 ? "its last cell (\(names[names.startIndex]))"
                : "its last \(names.count) cells (\(names.joined(separator: ", ")))"
            recordWarnings.append(RecordWarning(number: recordNumber, line: cells.line, field: names.first,
                rule: "short_row", value: "\(cells.count) of \(header.count)",
                message: "row has \(cells.count) fields, the header has \(header.count): \(what) \(missing == 1 ? "is" : "are") left out and read as empty (some exports and hand edits leave out the separators of empty cells at a row's end); its cells fit their columns, and records before it leave \(missing == 1 ? "that column" : "those columns") empty too"))
            return record(cells)
        }
        guard width == header.count else {
            let fields = Array(cells)
            // A short row (a row cut off, or cells deleted at its end) keeps its leading cells in their columns; its
            // last cell may be cut. A long row's cells may have shifted anywhere: nothing of it is trusted.
            let readable = fields.count < header.count
                ? zip(header, fields.dropLast()).map { RawField($0, $1) } : []
            // The file's last row, short and without a line break after it: the file was most likely cut off
            // there (an export or a transfer that stopped), and the records after it never arrived.
            let cutShort = fields.count < header.count && isUnterminatedLastRow
                ? "; it is the last row of the file and no line break ends it: the file looks truncated (an export or transfer cut short?), and records after it may be missing"
                : ""
            let why = cutShort.isEmpty && fields.count < header.count ? whereCellsMoved(cells) : ""
            return .rejected(RecordProblem(number: recordNumber, line: cells.line, rule: "ragged_row",
                message: "row has \(fields.count) fields, the header has \(header.count)\(cutShort)\(why)\(swallowNote(cells))",
                readable: readable, looksTruncated: !cutShort.isEmpty))
        }
        return record(cells)
    }

    /// `cells` as a record: its cells join the columns' profile, and a quote read as written in it is warned of.
    private func record(_ cells: CSVCells) -> Shaped {
        profile.add(cells)
        if let literal = currentLiteralCells, !literal.isEmpty, let header, let swallowed {
            for cell in literal {
                let text = cells[cell]
                let column = cell < header.count ? header[cell] : "column_\(cell + 1)"
                recordWarnings.append(RecordWarning(number: recordNumber, line: cells.line, field: column,
                    rule: "stray_quote", value: CSVCursor.hasIDLikeDigits(text, run: 7) ? nil : text,
                    message: "the quote at the start of this cell does not close where the cell ends: read as written, quotes included. Read as opening a quoted cell, it ran on \(swallowedWasCut ? "past" : "to") line \(swallowed.lines.upperBound), and lines \(swallowed.lines.lowerBound)–\(swallowed.lines.upperBound) were one record; they are read again line by line (\(swallowed.rows) rows)"))
            }
        }
        return .record(cells)
    }

    private func nextRow() throws -> CSVCells? {
        if rereadIndex < reread.count {
            defer { rereadIndex += 1 }
            currentLiteralCells = rereadLiteralCells[rereadIndex]
            isUnterminatedLastRow = rereadEndsUnterminated && rereadIndex == reread.count - 1
            return CSVCells(reread, row: rereadIndex)
        }
        currentLiteralCells = nil
        while queueIndex >= queue.count {
            if let cut = pendingCutRows {
                // The rows completed before a running row that was cut are handed out: now its lines, read again.
                pendingCutRows = nil
                queueReread(cut.rows, lines: cut.lines, opened: cut.opened, unterminated: false)
                swallowedWasCut = true
                return try nextRow()
            }
            if ended { return nil }
            queueIndex = 0
            if let rest = leftover {
                leftover = nil
                try rest.withUnsafeBufferPointer { try feed($0) }
            } else if let chunk = try stream.next() {
                try feed(chunk)
            } else {
                if parser.insideQuotedField {
                    // A quote at a cell's start that never closed swallowed the rest of the file: read it again.
                    if let open = parser.unfinishedSpan, readAgainAtEnd(open) {
                        ended = true
                        queue.removeAll()
                        queueIndex = 0
                        return try nextRow()
                    }
                    // The line of the record whose quote never closes, not the end of the file it swallowed.
                    // Under the wrong delimiter a quote inside a cell (Excel quotes a cell holding a tab) opens a
                    // field that never closes: then the header says so better than "truncated".
                    if let separator = otherSeparatorInHeader() {
                        throw ExtractError(file: file, line: parser.rowStartLine,
                            message: "file ends inside a quoted field of the record starting on this line; the header is one field holding \"\(separator)\": if the file is \(separator)-separated, set options: {delimiter: \"\(separator)\"}")
                    }
                    throw ExtractError(file: file, line: parser.rowStartLine,
                        message: "file ends inside a quoted field of the record starting on this line (an unclosed \" — truncated file?)")
                }
                parser.finish()
                ended = true
            }
            parser.drainRows(into: &queue)
        }
        defer { queueIndex += 1 }
        isUnterminatedLastRow = ended && parser.lastRowUnterminated && queueIndex == queue.count - 1
        return CSVCells(queue, row: queueIndex)
    }

    /// Whether the row `nextRow` returned last is the file's last one and no line break ends it.
    var isUnterminatedLastRow = false

    /// Whether the row is a grid template's pre-numbered empty row (`4,,,,,`): under a first header naming a
    /// row-number column (`序号`), its first cell a row number (up to five digits) and every other cell blank.
    /// It names no household, so it is not a record. Under any other first column (`a`, `编号`) such a row is
    /// read as written.
    static func isPrenumberedEmptyRow(_ cells: [String], firstHeader: String?) -> Bool {
        isPrenumberedEmptyRow(cells, underRowNumberHeader: firstHeader.map(isRowNumberHeader) ?? false)
    }

    /// Whether a first header names a row-number column (`序号`, `No.`).
    static func isRowNumberHeader(_ header: String) -> Bool { rowNumberHeaders.contains(header.lowercased()) }

    /// `isPrenumberedEmptyRow` with the header's answer asked once per file, not once per row.
    static func isPrenumberedEmptyRow<Cells: Collection<String>>(_ cells: Cells, underRowNumberHeader: Bool) -> Bool {
        guard underRowNumberHeader, cells.count > 1, let first = cells.first else { return false }
        // Most first cells are ASCII: trimmed as bytes; others as Foundation trims.
        let number: String
        if first.utf8.allSatisfy({ $0 < 0x80 }) {
            number = String(decoding: first.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed(),
                            as: UTF8.self)
        } else {
            number = first.trimmingCharacters(in: .whitespaces)
        }
        guard (1...5).contains(number.utf8.count), number.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return cells.dropFirst().allSatisfy(isBlank)
    }

    /// Header names trimmed; blanks become `column_N`, repeats get the first free suffix of `_2`, `_3`, … so
    /// every field is addressable. A suffix is free when no header cell is written so and no earlier repeat took
    /// it: in `电话, 电话_2, 电话` the third column is `电话_3`, and the column headed `电话_2` keeps its name.
    static func uniqueNames(_ raw: [String]) -> [String] {
        let written = raw.enumerated().map { index, name in
            let text = headerText(name)
            return text.isEmpty ? "column_\(index + 1)" : text
        }
        var taken = Set(written)
        var seen: Set<String> = []
        return written.map { name in
            if seen.insert(name).inserted { return name }
            var suffix = 2
            while taken.contains("\(name)_\(suffix)") { suffix += 1 }
            let unique = "\(name)_\(suffix)"
            taken.insert(unique)
            return unique
        }
    }
}

import Foundation
