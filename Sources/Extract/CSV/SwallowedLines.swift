/// The lines one CSV record ran over (`LibCSVParser.Span`), read again with the quote taken as a spreadsheet
/// means it.
///
/// libcsv takes a quote at the start of a cell as opening a quoted cell and reads on to a quote that the delimiter or
/// a line break follows, whatever comes between. A cell that only begins with a quote (`"北门"小区`, written as it
/// is when the quote is not the whole cell) therefore runs on over the following rows, up to the next quote that
/// ends a cell (often a later quoted cell with a line break in it, `"租户⏎已登记"`), and those rows become one ragged
/// record. Read again here, such a quote is text: a quoted cell is one whose closing quote ends the cell.
enum SwallowedLines {
    /// One row read again.
    struct Row: Equatable {
        /// Line on which the row starts.
        var line: Int
        /// The cells' text (a quoted cell without its quotes, `""` as one quote; a cell read as written, as written).
        var cells: [[UInt8]]
        /// The cells a quote opened that did not close where the cell ends, read as written, quotes included.
        var literalQuoteCells: [Int]
        /// Whether a quote opening one of `literalQuoteCells` has a closing quote with text after it (`"北门"小区`):
        /// a quote that is part of the text, not one left open by a file cut short.
        var textAfterClosingQuote = false
    }

    enum Reading {
        /// A quoted cell ends at a quote followed by the delimiter, a line break or the end, and may hold line breaks
        /// (`"租户⏎已登记"`). A quote at the start of a cell that text follows after its closing quote (`"北门"小区`),
        /// or that never closes, opens no quoted cell: the cell is read as written up to the delimiter or line break.
        case quotedCellsEndWithTheirQuote
        /// As `quotedCellsEndWithTheirQuote`, and a quoted cell must also close on the line it opens on: a quote
        /// that does not (a stray quote at a cell's start, `"北门小区`, whose closing quote is lines away) is read as
        /// written. Each line is then one row.
        case quotedCellsEndOnTheirLine
    }

    /// The rows `text` holds (its first line is `firstLine`), read as `reading` says; blank lines are skipped, as
    /// libcsv skips them, and lines are counted at every line break (`LineBreaks`: LF, CR LF, or CR alone), as
    /// `LibCSVParser` counts them.
    static func rows(in text: [UInt8], firstLine: Int, delimiter: UInt8, quote: UInt8, reading: Reading) -> [Row] {
        let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let end = text.count
        var rows: [Row] = []
        var index = 0
        var line = firstLine
        func isBreak(_ byte: UInt8) -> Bool { byte == lf || byte == cr }
        /// The index of the delimiter or line break ending the cell that starts at `start`, or the end.
        func cellEnd(from start: Int) -> Int {
            var at = start
            while at < end, text[at] != delimiter, !isBreak(text[at]) { at += 1 }
            return at
        }
        while index < end {
            if isBreak(text[index]) {
                if text[index] == cr, index + 1 < end, text[index + 1] == lf { index += 1 }
                line += 1
                index += 1
                continue
            }
            var row = Row(line: line, cells: [], literalQuoteCells: [])
            while true {
                let quoted = index < end && text[index] == quote
                    ? quotedCell(in: text, from: index, delimiter: delimiter, quote: quote, reading: reading) : nil
                if case .closed(let cell, let cellEnd, let lineBreaks) = quoted {
                    row.cells.append(cell)
                    line += lineBreaks
                    index = cellEnd
                } else {
                    let cellEnd = cellEnd(from: index)
                    if quoted != nil { row.literalQuoteCells.append(row.cells.count) }
                    if case .textAfterClosingQuote = quoted { row.textAfterClosingQuote = true }
                    row.cells.append(Array(text[index..<cellEnd]))
                    index = cellEnd
                }
                if index < end, text[index] == delimiter {
                    index += 1
                    continue
                }
                // A line break (CR, LF or CRLF) or the end ends the row.
                if index < end {
                    if text[index] == cr, index + 1 < end, text[index + 1] == lf { index += 1 }
                    line += 1
                    index += 1
                }
                break
            }
            rows.append(row)
        }
        return rows
    }

    /// How a quote at the start of a cell reads.
    private enum QuotedCell {
        /// A quoted cell: its text, where it ends (after its closing quote) and the line breaks inside it.
        case closed(cell: [UInt8], end: Int, lineBreaks: Int)
        /// Its closing quote has text after it (`"北门"小区`): no quoted cell.
        case textAfterClosingQuote
        /// It does not close (on its line, for `quotedCellsEndOnTheirLine`): no quoted cell.
        case unclosed
    }

    /// How the quote at `start` reads (see `Reading`).
    private static func quotedCell(in text: [UInt8], from start: Int, delimiter: UInt8, quote: UInt8,
                                   reading: Reading) -> QuotedCell {
        var cell: [UInt8] = []
        var lineBreaks = 0
        var at = start + 1
        while at < text.count {
            let byte = text[at]
            if byte == quote {
                if at + 1 < text.count, text[at + 1] == quote {
                    cell.append(quote)
                    at += 2
                    continue
                }
                let next = at + 1 < text.count ? text[at + 1] : nil
                guard next == nil || next == delimiter || next == 0x0A || next == 0x0D else { return .textAfterClosingQuote }
                return .closed(cell: cell, end: at + 1, lineBreaks: lineBreaks)
            }
            if byte == 0x0A || byte == 0x0D {
                if reading == .quotedCellsEndOnTheirLine { return .unclosed }
                // A CR LF is one break, counted at its CR (the quote at `start` is no CR).
                if byte == 0x0D || text[at - 1] != 0x0D { lineBreaks += 1 }
            }
            cell.append(byte)
            at += 1
        }
        return .unclosed
    }
}
