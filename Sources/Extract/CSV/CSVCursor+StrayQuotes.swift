import Foundation

// Records a quote made run on over several lines (`SwallowedLines`): where such a quote opened, reading the lines
// again when a stray quote (`"北门"小区`) made them one record, and cutting a row that runs on too far.
extension CSVCursor {
    /// For a reject of a record that ran over several lines: where the quote that made it opened and closed, or,
    /// for a row read again from such lines, where they came from. Empty for a row on one line.
    func swallowNote(_ cells: CSVCells) -> String {
        if currentLiteralCells != nil, let swallowed {
            return "; read again line by line, as the quote opened in \(swallowed.column) on line \(swallowed.openedLine) ran on \(swallowedWasCut ? "past" : "to") line \(swallowed.lines.upperBound) (lines \(swallowed.lines.lowerBound)–\(swallowed.lines.upperBound), \(swallowed.rows) rows)"
        }
        guard let span = cells.span, let opened = openedQuote(cells, span: span) else { return "" }
        return "; a quoted cell opens in \(opened.column) on line \(opened.line) and closes on line \(span.lines.upperBound), so lines \(span.lines.lowerBound)–\(span.lines.upperBound) were read as this one record"
    }

    /// The first cell of `cells` holding a line break (the quoted cell that ran on) and the line it opened on.
    func openedQuote(_ cells: CSVCells, span: LibCSVParser.Span) -> (column: String, line: Int)? {
        var line = span.lines.lowerBound
        for index in cells.indices {
            let text = cells[index]
            let feeds = LineBreaks.count(in: text.utf8)
            if feeds > 0 {
                let column = header.flatMap { index < $0.count ? $0[index] : nil } ?? "column_\(index + 1)"
                return (column, line)
            }
            line += feeds
        }
        return nil
    }

    /// Reads again, line by line, the lines a record ran over (`span`) when a quote that opens a cell without
    /// closing where it ends made them one record (`SwallowedLines`): the rows go to `reread`, handed out next.
    /// A ragged record is read again when a quote closing with text after it (`"北门"小区`) is found, or when each
    /// line read alone (a quote not closed on its line taken as written) gives at least two rows of the header's
    /// width; a record of the header's width only when such a quote is found and at least two rows of the
    /// header's width come of it (a cell that really holds line breaks and stray quotes stays one). False when
    /// the record stands as read.
    /// Throws when a record ran over more lines than are kept (`LibCSVParser.maxSpanLines`, `maxSpanBytes`): what
    /// they hold cannot be told.
    func readAgain(_ cells: CSVCells, span: LibCSVParser.Span) throws -> Bool {
        guard let header else { return false }
        let ragged = !(cells.count == header.count
            || cells.count > header.count && (header.count..<cells.count).allSatisfy({ cells.isEmpty(at: $0) }))
        if span.overflowed {
            let opened = openedQuote(cells, span: span)
            throw ExtractError(file: file, line: opened?.line ?? span.lines.lowerBound,
                message: "a quoted cell\(opened.map { " (\($0.column))" } ?? "") opens on this line and runs on to line \(span.lines.upperBound), over \(LibCSVParser.maxSpanLines) lines or \(LibCSVParser.maxSpanBytes >> 20) MB: the record made of them has \(cells.count) fields, the header \(header.count). A quote at the start of a cell that does not close where the cell ends (\"北门\"小区) swallows the rows after it; quote the whole cell (\"\"\"北门\"\"小区\") or remove the quote")
        }
        let rows = SwallowedLines.rows(in: span.text, firstLine: span.lines.lowerBound, delimiter: delimiter, quote: quote,
                                       reading: .quotedCellsEndWithTheirQuote)
        var chosen: [SwallowedLines.Row]?
        if rows.contains(where: \.textAfterClosingQuote), agrees(rows.first, with: cells),
           ragged || rows.filter({ hasHeaderWidth($0.cells) }).count >= 2 {
            chosen = rows
        } else if ragged {
            let lines = SwallowedLines.rows(in: span.text, firstLine: span.lines.lowerBound, delimiter: delimiter,
                                            quote: quote, reading: .quotedCellsEndOnTheirLine)
            if lines.contains(where: { !$0.literalQuoteCells.isEmpty }), agrees(lines.first, with: cells),
               lines.filter({ hasHeaderWidth($0.cells) }).count >= 2 {
                chosen = lines
            }
        }
        guard let chosen else { return false }
        let opened = openedQuote(cells, span: span)
        queueReread(chosen, lines: span.lines, opened: opened ?? ("column_\(cells.count)", span.lines.lowerBound),
                    unterminated: span.unterminated)
        return true
    }

    /// Reads again the lines of a record still open at the end of the file (a quote that never closed), when that
    /// quote closes with text after it (`"北门"小区`: part of the text, not a quoted cell cut by a truncated file)
    /// and at least two rows of the header's width come of them: the file is then read to its end, not stopped.
    func readAgainAtEnd(_ span: LibCSVParser.Span) -> Bool {
        guard let header, !span.overflowed else { return false }
        let rows = SwallowedLines.rows(in: span.text, firstLine: span.lines.lowerBound, delimiter: delimiter, quote: quote,
                                       reading: .quotedCellsEndWithTheirQuote)
        guard let first = rows.first, let literal = first.literalQuoteCells.first, first.textAfterClosingQuote,
              rows.filter({ hasHeaderWidth($0.cells) }).count >= 2 else { return false }
        let column = literal < header.count ? header[literal] : "column_\(literal + 1)"
        queueReread(rows, lines: span.lines, opened: (column, first.line), unterminated: true)
        return true
    }

    func queueReread(_ rows: [SwallowedLines.Row], lines: ClosedRange<Int>, opened: (column: String, line: Int),
                             unterminated: Bool) {
        reread.removeAll()
        rereadLiteralCells.removeAll()
        for row in rows {
            reread.append(cells: row.cells, line: row.line)
            rereadLiteralCells.append(row.literalQuoteCells)
        }
        rereadIndex = 0
        rereadEndsUnterminated = unterminated
        swallowed = (lines, opened.line, opened.column, rows.count)
        swallowedWasCut = false
    }

    /// Whether a row of `cells` has the header's width (extra empty cells at its end left out).
    func hasHeaderWidth(_ cells: [[UInt8]]) -> Bool {
        guard let width = header?.count else { return false }
        return cells.count == width || cells.count > width && cells[width...].allSatisfy(\.isEmpty)
    }

    /// Whether the first row read again starts as libcsv's record did: the same cells up to the first one read
    /// differently (a quote taken as written). A span that does not (a row begun after another on its first line)
    /// is not read again.
    func agrees(_ first: SwallowedLines.Row?, with cells: CSVCells) -> Bool {
        guard let first else { return false }
        let same = first.literalQuoteCells.first ?? first.cells.count
        guard cells.count >= same else { return false }
        return (0..<same).allSatisfy { Array(cells[$0].utf8) == first.cells[$0] }
    }

    /// Feeds `input` to the parser; when it stops in a row running on inside a quoted cell, judges the row
    /// (`judgeRunningRow`) and keeps the bytes not fed for the next call.
    func feed(_ input: UnsafeBufferPointer<UInt8>) throws {
        let fed: Int
        do {
            fed = try parser.feed(input)
        } catch let error as LibCSVError {
            throw ExtractError(file: file, line: parser.line, message: error.message)
        }
        if parser.pendingFieldBytes > maxFieldBytes {
            throw ExtractError(file: file, line: parser.line,
                message: "a field is longer than max_field_bytes (\(maxFieldBytes) bytes)")
        }
        if fed < input.count { leftover = Array(UnsafeBufferPointer(rebasing: input[fed...])) }
        if parser.stoppedInRunningRow { try judgeRunningRow() }
    }

    /// A row still inside a quoted cell after `LibCSVParser.runningRowCheckLines` lines (or a multiple) is cut
    /// there when its lines, read again (`SwallowedLines`), show a stray quote at a cell's start: one whose closing
    /// quote has text after it on its line (`"北门"小区`), or, failing that, one that does not close on its line
    /// (`"北门小区;…`), the row starting as libcsv's did, and at least half the lines (two or more) having the
    /// header's width on their own; the last line opens no quoted cell that may close further on. The lines go
    /// to `pendingCutRows` and the parser starts afresh on the next line. Otherwise the row runs on as before
    /// (judged again further on, or read again where it ends: `readAgain`).
    func judgeRunningRow() throws {
        guard header != nil, let span = parser.runningSpan else { return }
        let before = parser.runningRowCells
        var rows = SwallowedLines.rows(in: span.text, firstLine: span.lines.lowerBound, delimiter: delimiter,
                                       quote: quote, reading: .quotedCellsEndWithTheirQuote)
        if !(rows.first?.textAfterClosingQuote ?? false) {
            rows = SwallowedLines.rows(in: span.text, firstLine: span.lines.lowerBound, delimiter: delimiter,
                                       quote: quote, reading: .quotedCellsEndOnTheirLine)
        }
        guard let first = rows.first, let literal = first.literalQuoteCells.first, literal == before.count,
              first.cells.prefix(literal).elementsEqual(before), rows.count >= 2,
              let last = rows.last, last.literalQuoteCells.isEmpty || last.textAfterClosingQuote else { return }
        let fitting = rows.filter { hasHeaderWidth($0.cells) }.count
        guard fitting >= 2, 2 * fitting >= rows.count, let header else { return }
        let column = literal < header.count ? header[literal] : "column_\(literal + 1)"
        try parser.abandonRunningRow()
        pendingCutRows = (rows, span.lines, (column, first.line))
    }
}
