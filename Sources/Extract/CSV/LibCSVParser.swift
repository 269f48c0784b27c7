import CLibCSV

/// libcsv behind a Swift type: bytes in, rows of `String` fields out.
///
/// Fields are kept exactly as written: libcsv's default trimming of spaces around unquoted fields is switched off.
/// Rows are collected into `rows`; the caller drains them after each `feed`.
final class LibCSVParser {
    struct Row {
        var fields: [String]
        /// Line on which the row started.
        var line: Int
    }

    private let parser: UnsafeMutablePointer<csv_parser>
    private var fields: [String] = []
    private(set) var rows: [Row] = []
    /// Line on which the row being parsed (or the next one) starts.
    private(set) var rowStartLine = 1
    /// Line number of the next byte to be fed (1-based).
    private(set) var line = 1

    init(delimiter: UInt8, quote: UInt8) throws {
        parser = .allocate(capacity: 1)
        guard csv_init(parser, 0) == 0 else {
            parser.deallocate()
            throw LibCSVError(message: "libcsv could not initialise")
        }
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

    /// Feeds UTF-8 bytes, one line at a time so that every row knows the line it started on.
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard var cursor = bytes.baseAddress else { return }
        let end = cursor + bytes.count
        let context = Unmanaged.passUnretained(self).toOpaque()
        while cursor < end {
            let newline = memchr(cursor, 0x0A, end - cursor).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
            let segmentEnd = newline.map { $0 + 1 } ?? end
            if parser.pointee.pstate == 0 { rowStartLine = line }
            let length = segmentEnd - cursor
            let parsed = csv_parse(parser, cursor, length, LibCSVParser.fieldEnded, LibCSVParser.rowEnded, context)
            if parsed != length {
                throw LibCSVError(message: String(cString: csv_strerror(csv_error(parser))))
            }
            if newline != nil { line += 1 }
            cursor = segmentEnd
        }
    }

    /// Whether `finish` completed a last row the input left without a line break at its end.
    private(set) var lastRowUnterminated = false

    /// Ends the input: a last row without a trailing newline is completed (`lastRowUnterminated`).
    func finish() {
        if parser.pointee.pstate == 0 { rowStartLine = line }
        let before = rows.count
        csv_fini(parser, LibCSVParser.fieldEnded, LibCSVParser.rowEnded, Unmanaged.passUnretained(self).toOpaque())
        lastRowUnterminated = rows.count > before
    }

    func drainRows() -> [Row] {
        defer { rows.removeAll(keepingCapacity: true) }
        return rows
    }

    private static let fieldEnded: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
        bytes, count, context in
        guard let context else { return }
        let me = Unmanaged<LibCSVParser>.fromOpaque(context).takeUnretainedValue()
        if let bytes, count > 0 {
            me.fields.append(String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self))
        } else {
            me.fields.append("")
        }
    }

    private static let rowEnded: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
        guard let context else { return }
        let me = Unmanaged<LibCSVParser>.fromOpaque(context).takeUnretainedValue()
        me.rows.append(Row(fields: me.fields, line: me.rowStartLine))
        me.fields.removeAll(keepingCapacity: true)
        me.rowStartLine = me.line
    }
}

struct LibCSVError: Error {
    var message: String
}

#if canImport(Glibc)
import Glibc
#endif
