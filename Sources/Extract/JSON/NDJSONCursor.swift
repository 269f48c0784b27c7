#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams NDJSON: each non-blank line is one JSON object, flattened by `JSONRecordFlattener`.
///
/// The Nth non-blank line is record N and `line` is its physical line. Lines holding only spaces, tabs or a `\r`
/// are skipped; a `\r\n` ending is fine. A line that does not parse is a `malformed_json` reject and reading goes
/// on with the next line; a line holding something other than an object is `not_an_object`; a line with
/// undecodable bytes is `invalid_encoding`. Each line is fed to a fresh yajl parser straight from the decoded chunk,
/// so a line is never copied and only the record being read is held.
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
    private var flattener: JSONRecordFlattener
    private var position = 0
    private var ended = false
    private var failure: Error?
    private var bytesSinceEvent = 0

    private var line = 1
    private var recordNumber = 0
    private var lineHasContent = false
    private var lineValue = LineValue.none
    /// yajl's message and the file offset where the current line stopped parsing.
    private var lineError: (message: String, offset: Int)?
    private var lineReplaced = 0

    var encoding: TextEncoding { source.encoding }

    init(file: String, options: ExtractorOptions) throws {
        self.file = file
        maxFieldBytes = options.integer("max_field_bytes") ?? 16 << 20
        flattener = JSONRecordFlattener(maxFieldBytes: maxFieldBytes)
        source = try JSONTextSource(file: file, encoding: options.encoding)
        parser = YAJLParser(handler: self)
    }

    func next() throws -> Extracted? {
        while !ended {
            if position >= source.chunk.count {
                guard try source.nextChunk() else {
                    ended = true
                    return try finishLine(endingAt: source.chunkOrigin)
                }
                position = 0
            }
            let chunk = source.chunk
            guard let base = chunk.baseAddress else { continue }
            let newline = memchr(base + position, 0x0A, chunk.count - position)
                .map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base }
            let segment = UnsafeBufferPointer(rebasing: chunk[position..<(newline ?? chunk.count)])
            if !lineHasContent, segment.contains(where: { !NDJSONCursor.isBlank($0) }) {
                startLine()
            }
            if lineHasContent {
                try feed(segment, origin: source.chunkOrigin + position)
            }
            position = newline.map { $0 + 1 } ?? chunk.count
            if let newline {
                let item = try finishLine(endingAt: source.chunkOrigin + newline)
                line += 1
                if let item { return item }
            }
        }
        return nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    private func startLine() {
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

    /// The record or reject of the line just ended at decoded offset `end`; nil for a blank line.
    private func finishLine(endingAt end: Int) throws -> Extracted? {
        guard lineHasContent else { return nil }
        lineHasContent = false
        if lineError == nil {
            switch parser.complete() {
            case .error(let message, _):
                lineError = (message, source.fileOffset(at: end))
            case .cancelled:
                throw failure ?? ExtractError(file: file, line: line, message: "reading stopped")
            case .ok:
                break
            }
        }
        let fields = flattener.takeFields()
        if lineReplaced > 0 {
            let offset = source.claimReplacements(lineReplaced) ?? -1
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "invalid_encoding",
                message: "byte at offset \(offset) is not valid \(source.encodingName)"))
        }
        if let lineError {
            return .rejected(RecordProblem(number: recordNumber, line: line, rule: "malformed_json",
                message: "\(lineError.message) (byte offset \(lineError.offset))"))
        }
        switch lineValue {
        case .finishedObject:
            if let field = flattener.invalidField {
                return .rejected(JSONRecordFlattener.invalidText(number: recordNumber, line: line, field: field))
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
