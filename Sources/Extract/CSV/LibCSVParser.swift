import Foundation
import CLibCSV

/// libcsv behind a Swift type: bytes in, rows of cells out.
///
/// Fields are kept exactly as written: libcsv's default trimming of spaces around unquoted fields is switched off.
/// Rows are collected into `Rows`, every cell's bytes end to end in one buffer (no String per cell); the caller
/// drains them after each `feed` and turns into a String only the cells it asks about (`CSVCells`).
///
/// A row that runs on past a line break (a quoted cell holding one, or a quote that never closes where a cell
/// ends) keeps the text of its lines as written (`Span`), up to `maxSpanBytes` and `maxSpanLines`, so that the
/// cursor can read those lines again another way (`SwallowedLines`).
final class LibCSVParser {
    /// The lines of a row that ran on past a line break, as fed (UTF-8, line breaks included).
    struct Span {
        /// The lines' text from the start of the row's first line to the end of its last; empty when `overflowed`.
        var text: [UInt8]
        /// The row's first and last line.
        var lines: ClosedRange<Int>
        /// Whether the lines were more than `maxSpanBytes` or `maxSpanLines`: their text was not kept.
        var overflowed: Bool
        /// Whether the last line has no line break after it (the file's last row).
        var unterminated = false
    }

    /// The most text of one row's lines kept for reading them again (`Span`): 1 MB.
    static let maxSpanBytes = 1 << 20
    /// The most lines of one row kept for reading them again (`Span`).
    static let maxSpanLines = 1000
    /// Every this many lines of a row still inside a quoted cell, `feed` stops after the line break
    /// (`stoppedInRunningRow`), so that the caller can judge the lines kept so far (`runningSpan`) before the row runs
    /// on past what is kept: a stray quote (`"北门"小区`) early in a large file would otherwise swallow the rest of it.
    static let runningRowCheckLines = 200

    /// Rows parsed and not drained yet: their cells' bytes end to end in `bytes`, as fed (UTF-8).
    struct Rows {
        /// Every cell's bytes, one cell after another.
        fileprivate(set) var bytes: [UInt8] = []
        /// Where each cell ends in `bytes`; it starts where the cell before it ends.
        fileprivate(set) var cellEnds: [Int] = []
        /// The index in `cellEnds` after each row's last cell; a row starts after the row before it.
        fileprivate(set) var rowEnds: [Int] = []
        /// Line on which each row started.
        fileprivate(set) var lines: [Int] = []
        /// The lines of each row (by its index) that ran on past a line break.
        fileprivate(set) var spans: [Int: Span] = [:]

        var count: Int { lines.count }

        /// Adds a row of `cells` that starts on `line` (rows read again from a `Span`).
        mutating func append(cells: [[UInt8]], line: Int) {
            for cell in cells {
                bytes.append(contentsOf: cell)
                cellEnds.append(bytes.count)
            }
            rowEnds.append(cellEnds.count)
            lines.append(line)
        }

        /// The cells of row `row` as indices into `cellEnds`.
        func cells(ofRow row: Int) -> Range<Int> {
            (row == 0 ? 0 : rowEnds[row - 1])..<rowEnds[row]
        }

        /// Where cell `cell` starts and ends in `bytes`.
        func byteRange(ofCell cell: Int) -> Range<Int> {
            (cell == 0 ? 0 : cellEnds[cell - 1])..<cellEnds[cell]
        }

        /// The cells after the last completed row: the row being parsed.
        fileprivate var pendingCells: Range<Int> { (rowEnds.last ?? 0)..<cellEnds.count }

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            cellEnds.removeAll(keepingCapacity: true)
            rowEnds.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            if !spans.isEmpty { spans.removeAll() }
        }
    }

    private let parser: UnsafeMutablePointer<csv_parser>
    private let delimiter: UInt8
    private let quote: UInt8
    /// The rows completed since the last drain, and the cells of the row being parsed after them. Appended to by
    /// libcsv's callbacks for every cell, on the one thread that feeds the parser: the runtime's exclusivity check
    /// of each access is skipped.
    @exclusivity(unchecked) private var rows = Rows()
    /// Line on which the row being parsed (or the next one) starts.
    private(set) var rowStartLine = 1
    /// Line number of the next byte to be fed (1-based), counted at every line break (`LineBreaks`).
    private(set) var line = 1
    /// Whether the bytes fed last ended with a CR: an LF starting the next ones is the rest of that break.
    private var carriageReturnEndedFeed = false
    /// The start of the line being fed when a chunk ended inside it (up to `maxSpanBytes`), kept for a `Span`.
    private var partialLine: [UInt8] = []
    private var partialLineOverflowed = false
    /// The lines of the row being parsed, kept since a line break came inside it (`Span`); nil while the row (if
    /// any) is on one line.
    private var span: Span?

    init(delimiter: UInt8, quote: UInt8) throws {
        parser = .allocate(capacity: 1)
        self.delimiter = delimiter
        self.quote = quote
        guard csv_init(parser, 0) == 0 else {
            parser.deallocate()
            throw LibCSVError(message: "libcsv could not initialise")
        }
        LibCSVParser.configure(parser, delimiter: delimiter, quote: quote)
    }

    private static func configure(_ parser: UnsafeMutablePointer<csv_parser>, delimiter: UInt8, quote: UInt8) {
        csv_set_delim(parser, delimiter)
        csv_set_quote(parser, quote)
        csv_set_space_func(parser, { _ in 0 })
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// Bytes of the field being assembled (libcsv's entry buffer), for field-size limits.
    var pendingFieldBytes: Int { parser.pointee.entry_pos }

    /// True while inside a quoted field that has not been closed yet.
    var insideQuotedField: Bool { parser.pointee.quoted != 0 && parser.pointee.pstate == 2 }

    /// Whether the last `feed` stopped after a line break with a row inside a quoted cell for a multiple of
    /// `runningRowCheckLines` lines: the caller judges `runningSpan`, then feeds the rest of its bytes.
    private(set) var stoppedInRunningRow = false

    /// Feeds UTF-8 bytes, one line at a time so that every row knows the line it started on. Returns how many bytes
    /// were fed: fewer than given only when it stopped in a running row (`stoppedInRunningRow`).
    @discardableResult
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        stoppedInRunningRow = false
        guard let start = bytes.baseAddress else { return 0 }
        var cursor = start
        let end = cursor + bytes.count
        let context = Unmanaged.passUnretained(self).toOpaque()
        if carriageReturnEndedFeed, cursor < end {
            carriageReturnEndedFeed = false
            if cursor.pointee == 0x0A {
                // The LF of a CR LF whose CR ended the bytes fed before: the break was counted at the CR.
                guard csv_parse(parser, cursor, 1, LibCSVParser.fieldEnded, LibCSVParser.rowEnded, context) == 1 else {
                    throw LibCSVError(message: String(cString: csv_strerror(csv_error(parser))))
                }
                if var kept = span, !kept.overflowed {
                    kept.text.append(0x0A)
                    span = kept
                }
                cursor += 1
            }
        }
        while cursor < end {
            // The line ends at its break (`LineBreaks`): an LF, a CR LF, or a CR alone (classic Mac OS line ends).
            let feed = memchr(cursor, 0x0A, end - cursor).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
            let carriageReturn = memchr(cursor, 0x0D, (feed ?? end) - cursor).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
            let newline: UnsafePointer<UInt8>?
            if let carriageReturn, carriageReturn + 1 != feed {
                newline = carriageReturn
                carriageReturnEndedFeed = carriageReturn + 1 == end
            } else {
                newline = feed
            }
            let segmentEnd = newline.map { $0 + 1 } ?? end
            if parser.pointee.pstate == 0 { rowStartLine = line }
            let length = segmentEnd - cursor
            let rowsBefore = rows.rowEnds.count
            let parsed = csv_parse(parser, cursor, length, LibCSVParser.fieldEnded, LibCSVParser.rowEnded, context)
            if parsed != length {
                throw LibCSVError(message: String(cString: csv_strerror(csv_error(parser))))
            }
            if newline != nil {
                // A row still open at a line break runs on to the next line: its lines are kept from here on.
                let runsOn = parser.pointee.pstate != 0
                if span != nil || runsOn {
                    keepLine(UnsafeBufferPointer(start: cursor, count: length), endingRowAfter: rowsBefore, runsOn: runsOn)
                }
                partialLine.removeAll(keepingCapacity: true)
                partialLineOverflowed = false
                line += 1
                if let kept = span, !kept.overflowed, insideQuotedField,
                   kept.lines.count % LibCSVParser.runningRowCheckLines == 0 {
                    stoppedInRunningRow = true
                    return segmentEnd - start
                }
            } else if !partialLineOverflowed {
                if partialLine.count + length > LibCSVParser.maxSpanBytes {
                    partialLineOverflowed = true
                    partialLine.removeAll()
                } else {
                    partialLine.append(contentsOf: UnsafeBufferPointer(start: cursor, count: length))
                }
            }
            cursor = segmentEnd
        }
        return bytes.count
    }

    /// The lines of the row still running on inside a quoted cell, as kept; nil when there is none or its lines
    /// were more than are kept.
    var runningSpan: Span? {
        guard insideQuotedField, let kept = span, !kept.overflowed else { return nil }
        return kept
    }

    /// The cells of the running row completed before the cell being parsed.
    var runningRowCells: [[UInt8]] {
        rows.pendingCells.map { Array(rows.bytes[rows.byteRange(ofCell: $0)]) }
    }

    /// Drops the row running on (its cells, its kept lines, libcsv's state): parsing starts afresh with the next
    /// byte fed, the start of a line. The caller reads the row's lines again itself (`runningSpan`).
    func abandonRunningRow() throws {
        let pending = rows.pendingCells
        if !pending.isEmpty {
            rows.bytes.removeSubrange(rows.byteRange(ofCell: pending.lowerBound).lowerBound...)
            rows.cellEnds.removeSubrange(pending)
        }
        span = nil
        csv_free(parser)
        guard csv_init(parser, 0) == 0 else { throw LibCSVError(message: "libcsv could not initialise") }
        LibCSVParser.configure(parser, delimiter: delimiter, quote: quote)
        rowStartLine = line
    }

    /// Adds the line just fed (its start from `partialLine`, the rest `segment`) to `span`: started with it when a
    /// row runs on past its end, ended with it (the span given to the row completed on it, the first after
    /// `rowsBefore`) when the spanning row ended there.
    private func keepLine(_ segment: UnsafeBufferPointer<UInt8>, endingRowAfter rowsBefore: Int, runsOn: Bool) {
        var kept = span ?? Span(text: [], lines: line...line, overflowed: false)
        kept.lines = kept.lines.lowerBound...line
        if !kept.overflowed {
            if partialLineOverflowed || kept.text.count + partialLine.count + segment.count > LibCSVParser.maxSpanBytes
                || kept.lines.count > LibCSVParser.maxSpanLines {
                kept.overflowed = true
                kept.text = []
            } else {
                kept.text.append(contentsOf: partialLine)
                kept.text.append(contentsOf: segment)
            }
        }
        if span != nil, rows.rowEnds.count > rowsBefore {
            // The row that ran on ended on this line (a row begun after it on the same line is not kept).
            rows.spans[rowsBefore] = kept
            span = nil
            if runsOn {
                // Another row began on this line and runs on past it too: its span starts with this line.
                span = Span(text: [], lines: line...line, overflowed: false)
                keepLine(segment, endingRowAfter: rows.rowEnds.count, runsOn: false)
            }
        } else {
            span = kept
        }
    }

    /// The lines of the row still open at the end of the input (a quoted cell never closed), with the last line's
    /// text that no line break ends; nil when that row is on one line.
    var unfinishedSpan: Span? {
        guard var kept = span else { return nil }
        kept.unterminated = true
        if !partialLine.isEmpty || partialLineOverflowed {
            kept.lines = kept.lines.lowerBound...line
            if partialLineOverflowed || kept.text.count + partialLine.count > LibCSVParser.maxSpanBytes {
                kept.overflowed = true
                kept.text = []
            } else if !kept.overflowed {
                kept.text.append(contentsOf: partialLine)
            }
        }
        return kept
    }

    /// Whether `finish` completed a last row the input left without a line break at its end.
    private(set) var lastRowUnterminated = false

    /// Ends the input: a last row without a trailing newline is completed (`lastRowUnterminated`).
    func finish() {
        if parser.pointee.pstate == 0 { rowStartLine = line }
        let before = rows.count
        let open = unfinishedSpan
        csv_fini(parser, LibCSVParser.fieldEnded, LibCSVParser.rowEnded, Unmanaged.passUnretained(self).toOpaque())
        lastRowUnterminated = rows.count > before
        if lastRowUnterminated, let open { rows.spans[before] = open }
        span = nil
    }

    /// Hands the completed rows over in `drained` (whose earlier rows are dropped; its buffers are reused), keeping
    /// the cells of a row still being parsed.
    func drainRows(into drained: inout Rows) {
        drained.removeAll()
        swap(&rows, &drained)
        let pending = drained.pendingCells
        guard !pending.isEmpty else { return }
        // (A row's `Span` is given to it when it ends, so a pending row has none yet.)
        // A row cut by the end of the input fed so far: its cells stay here, to be completed by the next feed.
        let firstByte = drained.byteRange(ofCell: pending.lowerBound).lowerBound
        rows.bytes.append(contentsOf: drained.bytes[firstByte...])
        for cell in pending { rows.cellEnds.append(drained.cellEnds[cell] - firstByte) }
        drained.bytes.removeSubrange(firstByte...)
        drained.cellEnds.removeSubrange(pending)
    }

    // The callbacks borrow the parser (`_withUnsafeGuaranteedRef`): `feed` and `finish` hold it for the whole call,
    // so each cell costs no retain and release of it (perf showed them at about 2% of the census extract).
    private static let fieldEnded: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
        bytes, count, context in
        guard let context else { return }
        Unmanaged<LibCSVParser>.fromOpaque(context)._withUnsafeGuaranteedRef { me in
            if let bytes, count > 0 {
                me.rows.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count))
            }
            me.rows.cellEnds.append(me.rows.bytes.count)
        }
    }

    private static let rowEnded: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        guard let context else { return }
        Unmanaged<LibCSVParser>.fromOpaque(context)._withUnsafeGuaranteedRef { me in
            me.rows.rowEnds.append(me.rows.cellEnds.count)
            me.rows.lines.append(me.rowStartLine)
            me.rowStartLine = me.line
        }
    }
}

/// The cells of one parsed row, read from the parser's bytes (`LibCSVParser.Rows`): a cell becomes a `String`
/// only when it is asked for, so the checks every row goes through (`CSVCursor`) cost a String or two, and a
/// record's JSON text is written from the bytes (`forEachCell`).
struct CSVCells: RandomAccessCollection {
    private let rows: LibCSVParser.Rows
    private let row: Int
    private let firstCell: Int
    /// Line on which the row started.
    let line: Int
    let startIndex = 0
    let endIndex: Int

    init(_ rows: LibCSVParser.Rows, row: Int) {
        self.rows = rows
        self.row = row
        let cells = rows.cells(ofRow: row)
        firstCell = cells.lowerBound
        endIndex = cells.count
        line = rows.lines[row]
    }

    /// The row's lines as written, when it ran on past a line break (`LibCSVParser.Span`).
    var span: LibCSVParser.Span? { rows.spans.isEmpty ? nil : rows.spans[row] }

    /// Cell `index` as text. The bytes are valid UTF-8 (the decoded stream's output, cut at ASCII separators and
    /// quotes), so the String holds exactly them.
    subscript(index: Int) -> String {
        let range = rows.byteRange(ofCell: firstCell + index)
        return rows.bytes.withUnsafeBufferPointer { all in
            String(decoding: UnsafeBufferPointer(rebasing: all[range]), as: UTF8.self)
        }
    }

    /// Whether cell `index` is empty, asked without building its String.
    func isEmpty(at index: Int) -> Bool { rows.byteRange(ofCell: firstCell + index).isEmpty }

    /// Calls `body` with cell `index`'s bytes (valid only inside `body`), without building its String.
    func withBytes<Result>(ofCell index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let range = rows.byteRange(ofCell: firstCell + index)
        return rows.bytes.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[range])) }
    }

    /// Calls `body` with each cell's index and bytes (valid only inside `body`), the first `count` cells.
    func forEachCell(upTo count: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        rows.bytes.withUnsafeBufferPointer { all in
            rows.cellEnds.withUnsafeBufferPointer { ends in
                var start = firstCell == 0 ? 0 : ends[firstCell - 1]
                for index in 0..<Swift.min(count, endIndex) {
                    let end = ends[firstCell + index]
                    body(index, UnsafeBufferPointer(rebasing: all[start..<end]))
                    start = end
                }
            }
        }
    }
}

struct LibCSVError: Error {
    var message: String
}

#if canImport(Glibc)
import Glibc
#endif
