#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Streams NDJSON: each non-blank line is one JSON object, flattened by `JSONRecordFlattener`.
///
/// The Nth non-blank line is record N and `line` is its physical line, counted as `LineBreaks` counts a CSV file's:
/// a line ends at an LF, a CR LF pair or a CR alone (classic Mac OS and some exporters end every line with a CR), so a
/// file of the same records reads alike, with the same lines, whichever of the three ends its lines. Lines holding
/// only spaces or tabs are skipped. A line that does not parse is a `malformed_json` reject and reading goes
/// on with the next line; one that holds no JSON value at all (a page footer `----- 第2页 -----`, an HTML error page
/// pasted in) says so and how it starts. A UTF-8 byte order mark opening a line (two exports joined into one file,
/// the second's mark now at the start of a line) is dropped and the line read, with one `stray_byte_order_mark`
/// warning of the file naming the lines. A line holding something other than an object is `not_an_object`; a line with
/// undecodable bytes is `invalid_encoding`. Each line is fed to a fresh yajl parser straight from the decoded chunk,
/// so a line is never copied (only its first 128 bytes, to say how a line that is not JSON starts) and only the
/// record being read is held.
final class NDJSONCursor: RecordCursor, JSONEventHandler {
    private enum LineValue {
        case none
        case object
        case finishedObject
        case other(String)
    }

    private let file: String
    private let source: JSONTextSource
    private let maxFieldBytes: Int
    private var parser: YAJLParser!
    /// Fed every event of a line on the parsing thread alone: the runtime's exclusivity check of each access is
    /// skipped.
    @exclusivity(unchecked) private var flattener: JSONRecordFlattener
    /// The writer `nextWritten` was called with (nil in `next()`), and the JSON text of the line just written with it.
    private var textWriter: JSONObjectWriter?
    private var pendingText: [UInt8] = []
    /// The fields of the line's record that were JSON numbers (`takeNumberFields`).
    private var numberFields: [String] = []
    private var position = 0
    private var ended = false
    private var failure: Error?
    /// Written for every event, on the thread that reads the file alone: no runtime exclusivity check.
    @exclusivity(unchecked) private var bytesSinceEvent = 0

    private var line = 1
    /// Where the current chunk's next LF and CR are, for finding each line's end.
    private var lineEnds = NDJSONLineEnds()
    /// Whether the last line ended at a CR: an LF right after it (in the next chunk, too) is the same break.
    private var afterCarriageReturn = false
    private var recordNumber = 0
    private var lineHasContent = false
    @exclusivity(unchecked) private var lineValue = LineValue.none
    /// yajl's message and the file offset where the current line stopped parsing.
    private var lineError: (message: String, offset: Int)?
    private var lineReplaced = 0
    /// The first bytes of the current line (after its leading blanks), to say how a line that is not JSON starts.
    private var lineStart: [UInt8] = []
    /// The lines that opened with a byte order mark, dropped (`fileWarnings`), and how many there were.
    private var markedLines: [Int] = []
    private var markedLineCount = 0

    var encoding: TextEncoding { source.encoding }

    init(file: String, options: ExtractorOptions) throws {
        self.file = file
        maxFieldBytes = options.integer("max_field_bytes") ?? 16 << 20
        flattener = JSONRecordFlattener(maxFieldBytes: maxFieldBytes)
        // A 0-byte delivery is a failed export, as in every format. A list of no cases written by a tool that ends
        // every line (blank lines only, `"\n"`) is a delivery of zero records.
        if let empty = ExtractError.emptyFile(file, lacking: "a JSON line") { throw empty }
        source = try JSONTextSource(file: file, encoding: options.encoding)
        parser = YAJLParser(handler: self)
    }

    func takeNumberFields() -> [String] {
        defer { numberFields = [] }
        return numberFields
    }

    func next() throws -> Extracted? {
        textWriter = nil
        switch try nextItem() {
        case .record(let record)?: return .record(record)
        case .rejected(let problem)?: return .rejected(problem)
        case .written(let number, let line, _)?:
            return .record(RawRecord(number: number, line: line,
                                     fields: JSONRecordFlattener.fields(ofWritten: pendingText[...])))
        case nil: return nil
        }
    }

    /// As `next()`, with a record read whole on the flattener's bytes path written as JSON text straight from its
    /// bytes (no String per field): byte for byte what `writer.object` makes of the record `next()` hands out.
    func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem? {
        textWriter = writer
        let item = try nextItem()
        if case .written? = item { text.append(contentsOf: pendingText) }
        return item
    }

    /// The next line's record or reject; `.written` (into `pendingText`) only while `textWriter` is set.
    private func nextItem() throws -> WrittenItem? {
        while !ended {
            if position >= source.chunk.count {
                guard try source.nextChunk() else {
                    ended = true
                    return try finishLine(endingAt: source.chunkOrigin, lastInFile: true)
                }
                position = 0
                lineEnds.reset()
            }
            let chunk = source.chunk
            guard let base = chunk.baseAddress else { continue }
            // The LF of a CR LF pair (in this chunk or the next): the CR ended the line already.
            if afterCarriageReturn, position < chunk.count {
                afterCarriageReturn = false
                if chunk[position] == 0x0A {
                    position += 1
                    continue
                }
            }
            let newline = lineEnds.next(in: chunk, from: position)
            let end = newline ?? chunk.count
            let start = lineHasContent ? position : skipByteOrderMark(chunk, from: position, to: end)
            let segment = UnsafeBufferPointer(rebasing: chunk[start..<end])
            if !lineHasContent, segment.contains(where: { !NDJSONCursor.isBlank($0) }) {
                startLine(segment)
            }
            if lineHasContent {
                try feed(segment, origin: source.chunkOrigin + start)
            }
            position = newline.map { $0 + 1 } ?? chunk.count
            if let newline {
                afterCarriageReturn = chunk[newline] == 0x0D
                let item = try finishLine(endingAt: source.chunkOrigin + newline)
                line += 1
                if let item { return item }
            }
        }
        return nil
    }

    /// Where the line not yet started (`lineHasContent` false) goes on in `chunk[from..<end]`: past a byte order mark
    /// opening it (after its leading blanks), which is dropped and noted (`markedLines`). A decoded chunk never ends
    /// inside a character, so a mark is whole in one chunk.
    private func skipByteOrderMark(_ chunk: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int {
        var index = from
        while index < end, NDJSONCursor.isBlank(chunk[index]) { index += 1 }
        guard end - index >= 3, chunk[index] == 0xEF, chunk[index + 1] == 0xBB, chunk[index + 2] == 0xBF else { return from }
        markedLineCount += 1
        if markedLines.count < 5 { markedLines.append(line) }
        return index + 3
    }

    /// The lines that opened with a byte order mark (`stray_byte_order_mark`): the mark was dropped and each line read.
    var fileWarnings: [FileWarning] {
        guard let first = markedLines.first else { return [] }
        let more = markedLineCount > markedLines.count ? " and \(markedLineCount - markedLines.count) more" : ""
        let lines = markedLines.map(String.init).joined(separator: ", ") + more
        return [FileWarning(rule: "stray_byte_order_mark", line: first, value: "EF BB BF",
                            message: "\(markedLineCount == 1 ? "line \(lines) starts" : "lines \(lines) start") with a UTF-8 byte order mark (U+FEFF), as where two exports were joined into one file: the mark was dropped and the line read")]
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    private func startLine(_ segment: UnsafeBufferPointer<UInt8>) {
        lineStart.removeAll(keepingCapacity: true)
        lineStart.append(contentsOf: segment.drop(while: NDJSONCursor.isBlank).prefix(128))
        lineHasContent = true
        recordNumber += 1
        lineValue = .none
        lineError = nil
        lineReplaced = 0
        bytesSinceEvent = 0
        parser.restart()
    }

    private func feed(_ segment: UnsafeBufferPointer<UInt8>, origin: Int) throws {
        if source.hasUnclaimedReplacements { lineReplaced += replacementCharacterCount(in: segment) }
        guard lineError == nil else { return }
        let status = parser.parse(segment)
        if case .error(let message, let offset) = status {
            lineError = (message, source.fileOffset(at: origin + offset))
        } else if status == .cancelled {
            throw failure ?? ExtractError(file: file, line: line, message: "reading stopped")
        }
        bytesSinceEvent += segment.count
        if bytesSinceEvent > maxFieldBytes + (1 << 20) {
            throw ExtractError(file: file, line: line,
                message: "a single JSON value on this line is longer than max_field_bytes (\(maxFieldBytes) bytes)")
        }
    }

    /// The record or reject of the line just ended at decoded offset `end`; nil for a blank line. `lastInFile`: the
    /// file ended there, with no line break after the line.
    private func finishLine(endingAt end: Int, lastInFile: Bool = false) throws -> WrittenItem? {
        guard lineHasContent else { return nil }
        lineHasContent = false
        /// Whether the line parsed without error up to its end and stopped inside its object (yajl's `premature
        /// EOF`): the line was cut off, not written wrong.
        var cutInsideObject = false
        if lineError == nil {
            switch parser.complete() {
            case .error(let message, _):
                if case .object = lineValue { cutInsideObject = true }
                lineError = (message, source.fileOffset(at: end))
            case .cancelled:
                throw failure ?? ExtractError(file: file, line: line, message: "reading stopped")
            case .ok:
                break
            }
        }
        if lineReplaced == 0, lineError == nil, case .finishedObject = lineValue, let writer = textWriter {
            pendingText.removeAll(keepingCapacity: true)
            if let names = flattener.write(by: writer, into: &pendingText) {
                numberFields = flattener.takeNumberFields()
                return .written(number: recordNumber, line: line, names: names)
            }
        }
        let fields = flattener.takeFields()
        numberFields = flattener.takeNumberFields()
        // The file's last line, cut inside its object with no line break after it: the file looks truncated (a copy
        // still in progress, an export cut short), and records after it may be missing. Said so, and of the file
        // (`RecordProblem.looksTruncated`), as a CSV file's short last row is; a cut inside a character (its last
        // bytes begin one) is the same cut, not bytes of another encoding.
        if lastInFile, cutInsideObject, let lineError,
           lineReplaced == 0 || (lineReplaced == 1 && source.cutInsideCharacterAt == source.firstUnclaimedReplacement) {
            var inside = ""
            if lineReplaced > 0, let cut = source.claimReplacements(1) { inside = ", inside a character (byte offset \(cut))" }
            let damaged = { (field: RawField) in field.value.contains("\u{FFFD}") || field.name.contains("\u{FFFD}") }
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "malformed_json",
                message: "\(lineError.message) (byte offset \(lineError.offset)): the line ends inside its object\(inside); it is the last line of the file and no line break ends it: the file looks truncated (an export or transfer cut short?), and records after it may be missing",
                readable: fields.filter { !damaged($0) }, looksTruncated: true))
        }
        if lineReplaced > 0 {
            let offset = source.claimReplacements(lineReplaced) ?? -1
            return .rejected(JSONRecordFlattener.undecodable(number: recordNumber, line: line, offset: offset,
                                                             encodingName: source.encodingName,
                                                             fields: fields))
        }
        if let lineError {
            // The line did not start an object (nothing parsed, or a number such as the 2023 of a log line's date,
            // before the error): a stray line, not a damaged record.
            let startedObject = switch lineValue { case .object, .finishedObject: true; case .none, .other: false }
            let notJSON = startedObject ? "" : "\(NDJSONCursor.describeNotJSON(line: line, start: lineStart)): "
            // The keys whose values were read whole before the break (a line cut off mid-record keeps its first
            // keys, usually the case number) name the record; a stray line names nothing.
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "malformed_json",
                message: "\(notJSON)\(lineError.message) (byte offset \(lineError.offset))",
                readable: startedObject ? fields : []))
        }
        switch lineValue {
        case .finishedObject:
            if let field = flattener.invalidField {
                var problem = JSONRecordFlattener.invalidText(number: recordNumber, line: line, field: field)
                problem.readable = fields.filter { $0.name != field }
                return .rejected(problem)
            }
            return .record(RawRecord(number: recordNumber, line: line, fields: fields))
        case .other(let kind):
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "not_an_object",
                                           message: "line holds \(kind), not an object"))
        case .none, .object:
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "malformed_json",
                                           message: "line holds no complete JSON value"))
        }
    }

    /// `line 37 is a page footer (`----- 第2页 -----`), not JSON`, or `line 37 is not JSON (starts with `<html>`)`
    /// from the first bytes of the line. Only the line's leading ASCII is shown (up to 12 characters, and digits
    /// masked in a run of 5 or more), so a name or an ID number on a pasted CSV row never reaches a reject.
    static func describeNotJSON(line: Int, start: [UInt8]) -> String {
        var text = String(decoding: start, as: UTF8.self)
        // The bytes kept may end inside a character.
        while text.hasSuffix("\u{FFFD}") { text.removeLast() }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // A footer is recognised only when the whole line was kept (it is short).
        if start.count < 128, isPageFooter(text) {
            return "line \(line) is a page footer (`\(text)`), not JSON"
        }
        var shown = String(text.unicodeScalars.prefix { $0.isASCII && $0.value >= 0x20 }.prefix(12))
        shown = maskingLongDigitRuns(shown, in: text)
        shown = shown.trimmingCharacters(in: .whitespaces)
        return shown.isEmpty ? "line \(line) is not JSON" : "line \(line) is not JSON (starts with `\(shown)`)"
    }

    /// `第2页`, `第 2 页 共 5 页`, `- 2 -`, `Page 2 of 5`, between dashes, equals signs or stars.
    private static func isPageFooter(_ text: String) -> Bool {
        let furniture = CharacterSet(charactersIn: " -=_*~—·.|")
        let core = text.trimmingCharacters(in: furniture)
        guard !core.isEmpty, core.count <= 24 else { return false }
        let pattern = #"^(第\s*\d+\s*页(\s*[,，/、]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页|\d+\s*/\s*\d+|\d+|[Pp]age\s*\d+(\s*(of|/)\s*\d+)?)$"#
        return core.range(of: pattern, options: .regularExpression) != nil
    }

    /// `prefix` (the start of `text`) with each digit of a run of 5 or more digits in `text` written `*`.
    private static func maskingLongDigitRuns(_ prefix: String, in text: String) -> String {
        let digits = Array(text.unicodeScalars.map { $0.value >= 0x30 && $0.value <= 0x39 })
        var masked = String.UnicodeScalarView()
        for (index, scalar) in prefix.unicodeScalars.enumerated() {
            guard digits[index] else { masked.append(scalar); continue }
            var first = index, last = index
            while first > 0, digits[first - 1] { first -= 1 }
            while last + 1 < digits.count, digits[last + 1] { last += 1 }
            masked.append(last - first + 1 >= 5 ? "*" : scalar)
        }
        return String(masked)
    }

    func handle(_ event: JSONEvent) -> Bool {
        bytesSinceEvent = 0
        switch lineValue {
        case .none:
            if case .startObject = event {
                lineValue = .object
                flattener.begin()
            } else {
                lineValue = .other(JSONCursor.kind(of: event))
            }
        case .object:
            switch flattener.feed(event) {
            case .more: break
            case .finished: lineValue = .finishedObject
            case .tooLarge(let field):
                failure = ExtractError(file: file, line: line,
                    message: "record \(recordNumber): field \"\(field)\" is longer than max_field_bytes (\(maxFieldBytes) bytes)")
                return false
            case .tooDeep(let field):
                failure = ExtractError(file: file, line: line,
                    message: "record \(recordNumber): objects nest more than \(JSONRecordFlattener.maxObjectDepth) deep (at \"\(field.prefix(80))…\")")
                return false
            }
        case .finishedObject, .other:
            break
        }
        return true
    }
}

/// Where the next line of an NDJSON chunk ends: its next LF or CR, whichever comes first. Each is found with
/// `memchr` and remembered until the reading passes it, so a file that holds only one of them (LF or CR endings)
/// is not searched to the chunk's end for the other at every line. `reset()` at each new chunk.
struct NDJSONLineEnds {
    private var lineFeed: Int?
    private var carriageReturn: Int?
    /// Whether the rest of the chunk holds no LF (no CR).
    private var noLineFeed = false
    private var noCarriageReturn = false

    /// Forgets what was found: a new chunk is read.
    mutating func reset() { self = NDJSONLineEnds() }

    /// The index of the first LF or CR at or after `position` in `chunk`, or nil when the chunk holds none there.
    /// `position` never goes back within a chunk.
    mutating func next(in chunk: UnsafeBufferPointer<UInt8>, from position: Int) -> Int? {
        guard let base = chunk.baseAddress, position < chunk.count else { return nil }
        func find(_ byte: UInt8, _ found: inout Int?, _ absent: inout Bool) {
            if absent { return }
            if let index = found, index >= position { return }
            found = memchr(base + position, Int32(byte), chunk.count - position)
                .map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base }
            absent = found == nil
        }
        find(0x0A, &lineFeed, &noLineFeed)
        find(0x0D, &carriageReturn, &noCarriageReturn)
        switch (noLineFeed ? nil : lineFeed, noCarriageReturn ? nil : carriageReturn) {
        case (let lf?, let cr?): return min(lf, cr)
        case (let lf?, nil): return lf
        case (nil, let cr?): return cr
        case (nil, nil): return nil
        }
    }
}
