/// Streams the records of one JSON document: the objects found at `record_path`, each flattened by
/// `JSONRecordFlattener`.
///
/// The file is fed to yajl in small slices and the records completed in a slice wait in a short queue, so memory
/// holds one slice and the records it closed, never the document. An element of the records array that is not an
/// object is a `not_an_object` reject; a string holding undecodable bytes makes its record an `invalid_encoding`
/// reject, or stops the file when it lies outside any record. A syntax error stops the file with its byte offset,
/// after the records finished before it are handed out.
///
/// Of several `record_path` alternatives, the first the document holds is used: the document is read once per
/// alternative it lacks. When it holds none, the error names the arrays of objects it does hold (`JSONArrayCensus`).
final class JSONCursor: RecordCursor, JSONEventHandler {
    /// Bytes handed to yajl per call: bounds how many finished records can wait in the queue.
    static let sliceSize = 16 << 10

    /// Where the containers that lead to the records stand while the reader is outside any record.
    private enum Container {
        /// An object on the record path, at `level` keys deep; `onPath` while its current key is the next path key.
        case pathObject(level: Int, onPath: Bool)
        /// The array whose elements are the records.
        case records
    }

    /// A records-array element that is not an object, skipped to its end before its reject is queued.
    private struct SkippedElement {
        var number: Int
        var line: Int
        var kind: String
        var replaced = 0
    }

    private let file: String
    private var source: JSONTextSource
    private let encodingOption: TextEncoding
    /// The `record_path` alternatives, in the pipeline's order, and the one being tried.
    private let paths: [JSONRecordPath]
    private var pathIndex = 0
    private var path: JSONRecordPath { paths[pathIndex] }
    private let maxFieldBytes: Int
    private var parser: YAJLParser!
    /// Fed every event of a record on the parsing thread alone: the runtime's exclusivity check of each access is
    /// skipped.
    @exclusivity(unchecked) private var flattener: JSONRecordFlattener

    /// A record or reject waiting in the queue: as `next()` hands it out, or as JSON text already written
    /// (`pendingText[start..<end]`) for `nextWritten`.
    private enum Queued {
        case item(Extracted)
        case written(number: Int, line: Int, names: [String], start: Int, end: Int)
    }

    @exclusivity(unchecked) private var queue: [Queued] = []
    /// The JSON text of the `.written` records in the queue, one after another.
    @exclusivity(unchecked) private var pendingText: [UInt8] = []
    /// The writer `nextWritten` was last called with (nil after `next()`): records read whole on the flattener's
    /// bytes path are written with it as they finish.
    private var textWriter: JSONObjectWriter?
    /// The number fields (`JSONRecordFlattener.takeNumberFields`) of the queued records that have any, by record
    /// number, and those of the record handed out last (`takeNumberFields`).
    private var queuedNumberFields: [Int: [String]] = [:]
    private var numberFields: [String] = []
    private var queueIndex = 0
    private var sliceStart = 0
    private var sliceOrigin = 0
    // The properties `handle` reads or writes for every event are accessed only on the thread that reads the file:
    // the runtime's exclusivity check of each access is skipped (`@exclusivity(unchecked)`).
    @exclusivity(unchecked) private var bytesSinceEvent = 0
    private var finished = false
    /// Why a callback stopped the parse.
    private var failure: Error?
    /// The error that stopped the file in a slice whose finished records are still queued: thrown once they are
    /// handed out, so a failed file counts every record read whole before its break.
    private var stoppedBy: Error?

    private var containers: [Container] = []
    @exclusivity(unchecked) private var skipDepth = 0
    private var skipped: SkippedElement?
    private var pathFound = false
    /// Whether the path ended at null (`"data": null`): an empty export, or a web system's error answer when the
    /// document's status members say it failed (`JSONArrayCensus.saysFailure`).
    private var holderWasNull = false
    @exclusivity(unchecked) private var recordNumber = 0
    @exclusivity(unchecked) private var inRecord = false
    private var recordLine = 0
    @exclusivity(unchecked) private var recordReplaced = 0
    /// `source.hasUnclaimedReplacements`, kept up to date where it changes (a new chunk, a claim) instead of asked
    /// of the source for every event.
    @exclusivity(unchecked) private var unclaimedReplacements = false

    var encoding: TextEncoding { source.encoding }

    init(file: String, options: ExtractorOptions) throws {
        self.file = file
        paths = try JSONRecordPath.alternatives(options.string("record_path"))
        maxFieldBytes = options.integer("max_field_bytes") ?? 16 << 20
        flattener = JSONRecordFlattener(maxFieldBytes: maxFieldBytes)
        if let empty = ExtractError.emptyFile(file, lacking: "a JSON value") { throw empty }
        encodingOption = options.encoding
        source = try JSONTextSource(file: file, encoding: options.encoding)
        parser = YAJLParser(handler: self)
    }

    func takeNumberFields() -> [String] {
        defer { numberFields = [] }
        return numberFields
    }

    func next() throws -> Extracted? {
        textWriter = nil
        switch try nextQueued() {
        case .item(let item)?: return item
        case .written(let number, let line, _, let start, let end)?:
            return .record(RawRecord(number: number, line: line,
                                     fields: JSONRecordFlattener.fields(ofWritten: pendingText[start..<end])))
        case nil: return nil
        }
    }

    /// As `next()`, with each record read whole on the flattener's bytes path written as JSON text straight from
    /// its bytes (no String per field): byte for byte what `writer.object` makes of the record `next()` hands out.
    func nextWritten(by writer: JSONObjectWriter, into text: inout [UInt8]) throws -> WrittenItem? {
        textWriter = writer
        switch try nextQueued() {
        case .item(.record(let record))?: return .record(record)
        case .item(.rejected(let problem))?: return .rejected(problem)
        case .written(let number, let line, let names, let start, let end)?:
            pendingText.withUnsafeBufferPointer { text.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            return .written(number: number, line: line, names: names)
        case nil: return nil
        }
    }

    private func nextQueued() throws -> Queued? {
        while true {
            if queueIndex < queue.count {
                defer { queueIndex += 1 }
                let queued = queue[queueIndex]
                if !queuedNumberFields.isEmpty {
                    switch queued {
                    case .item(.record(let record)): numberFields = queuedNumberFields.removeValue(forKey: record.number) ?? []
                    case .written(let number, _, _, _, _): numberFields = queuedNumberFields.removeValue(forKey: number) ?? []
                    case .item(.rejected): numberFields = []
                    }
                } else {
                    numberFields = []
                }
                return queued
            }
            queue.removeAll(keepingCapacity: true)
            pendingText.removeAll(keepingCapacity: true)
            queueIndex = 0
            if let error = stoppedBy {
                stoppedBy = nil
                finished = true
                throw error
            }
            if finished { return nil }
            do {
                try feedSlice()
            } catch where !queue.isEmpty {
                // `[{…},{…},{…},]`: the three records closed before the comma are read, then the error stands.
                stoppedBy = error
            }
        }
    }

    private func feedSlice() throws {
        if sliceStart >= source.chunk.count {
            let more = try source.nextChunk()
            unclaimedReplacements = source.hasUnclaimedReplacements
            guard more else {
                sliceOrigin = source.chunkOrigin
                try check(parser.complete(), atEnd: true)
                finished = true
                if !pathFound {
                    // Not this alternative (nothing was handed out: records come only from the path): the next.
                    if pathIndex + 1 < paths.count {
                        try restart(withPath: pathIndex + 1)
                        return
                    }
                    let holders = paths.map(\.holderDescription)
                    let census = try? JSONArrayCensus.taken(file: file, encoding: encodingOption)
                    let explained = census.map { census in paths.map { census.explainMissing($0) } }
                    var what = holders.count == 1 ? "\(holders[0]) is not in the document"
                        : "none of \(holders.joined(separator: ", ")) is in the document"
                    if holders.count == 1, let first = explained?.first { what = first.what }
                    let envelope = explained?.first?.envelope ?? ""
                    // A web system's error answer (`{"code":500,"msg":"系统繁忙","data":null}`): no records, and
                    // nothing to hint at.
                    let isErrorAnswer = explained?.allSatisfy(\.isErrorAnswer) ?? false
                    var error = ExtractError(file: file, message: "record_path \(paths.map(\.description).joined(separator: ", ")): \(what)\(envelope)\(isErrorAnswer ? ": " + ErrorAnswer.sentence : JSONArrayCensus.sentence(file: file, encoding: encodingOption))")
                    error.isErrorAnswer = isErrorAnswer
                    throw error
                }
                if holderWasNull, recordNumber == 0,
                   let census = try? JSONArrayCensus.taken(file: file, encoding: encodingOption), census.saysFailure(path) {
                    // `{"code":500,"msg":"系统繁忙","data":null}` under `data[*]`: the same error answer as under
                    // `data.list`, not an empty export (which would read as a list naming no one).
                    let explained = census.explainMissing(path)
                    var error = ExtractError(file: file, message: "record_path \(path): \(explained.what)\(explained.envelope): \(ErrorAnswer.sentence)")
                    error.isErrorAnswer = true
                    throw error
                }
                return
            }
            sliceStart = 0
        }
        let count = min(JSONCursor.sliceSize, source.chunk.count - sliceStart)
        sliceOrigin = source.chunkOrigin + sliceStart
        let status = parser.parse(UnsafeBufferPointer(rebasing: source.chunk[sliceStart..<(sliceStart + count)]))
        sliceStart += count
        bytesSinceEvent += count
        try check(status, atEnd: false)
        if bytesSinceEvent > maxFieldBytes + JSONCursor.sliceSize {
            throw ExtractError(file: file, line: source.line(at: sliceOrigin), byteOffset: source.fileOffset(at: sliceOrigin),
                message: "a single JSON value (or run of whitespace) is longer than max_field_bytes (\(maxFieldBytes) bytes)")
        }
    }

    /// Reads the document again from its start, looking for the records at `paths[index]`.
    private func restart(withPath index: Int) throws {
        pathIndex = index
        source = try JSONTextSource(file: file, encoding: encodingOption)
        parser = YAJLParser(handler: self)
        queue.removeAll(keepingCapacity: true)
        pendingText.removeAll(keepingCapacity: true)
        queuedNumberFields.removeAll()
        queueIndex = 0
        sliceStart = 0
        sliceOrigin = 0
        bytesSinceEvent = 0
        finished = false
        failure = nil
        stoppedBy = nil
        containers = []
        skipDepth = 0
        skipped = nil
        pathFound = false
        holderWasNull = false
        recordNumber = 0
        inRecord = false
        unclaimedReplacements = false
    }

    private func check(_ status: YAJLParser.Status, atEnd: Bool) throws {
        switch status {
        case .ok: return
        case .cancelled: throw failure ?? ExtractError(file: file, message: "reading stopped")
        case .error(let message, let offset):
            let position = atEnd ? sliceOrigin : sliceOrigin + offset
            var text = "invalid JSON: \(message)"
            if let bad = source.firstUnclaimedReplacement {
                text += " (the file has a byte that is not valid \(source.encodingName) at offset \(bad))"
            }
            if !source.offsetsAreExact { text += " (offset counted in the text decoded to UTF-8)" }
            // The file broke inside a record (cut off mid-object): which record, beside the line.
            if inRecord { text += " (in record \(recordNumber), which starts on line \(recordLine))" }
            throw ExtractError(file: file, line: source.line(at: position), byteOffset: source.fileOffset(at: position),
                               message: text)
        }
    }

    /// The decoded offset of the token just reported (yajl's consumed count points just past it).
    private var eventOffset: Int { sliceOrigin + max(parser.bytesConsumed - 1, 0) }

    // MARK: - Events

    func handle(_ event: JSONEvent) -> Bool {
        bytesSinceEvent = 0
        var replaced = 0
        if unclaimedReplacements {
            switch event {
            case .string(let text), .key(let text): replaced = replacementCharacterCount(in: text)
            default: break
            }
        }
        if inRecord {
            recordReplaced += replaced
            switch flattener.feed(event) {
            case .more: break
            case .finished: finishRecord()
            case .tooLarge(let field):
                return stop(ExtractError(file: file, line: recordLine,
                    message: "record \(recordNumber): field \"\(field)\" is longer than max_field_bytes (\(maxFieldBytes) bytes)"))
            case .tooDeep(let field):
                return stop(ExtractError(file: file, line: recordLine,
                    message: "record \(recordNumber): objects nest more than \(JSONRecordFlattener.maxObjectDepth) deep (at \"\(field.prefix(80))…\")"))
            }
            return true
        }
        if skipDepth > 0 {
            if replaced > 0 {
                guard skipped != nil else { return stopOutsideRecords() }
                skipped?.replaced += replaced
            }
            switch event {
            case .startObject, .startArray: skipDepth += 1
            case .endObject, .endArray:
                skipDepth -= 1
                if skipDepth == 0, let element = skipped {
                    skipped = nil
                    queue.append(.item(.rejected(reject(element))))
                }
            default: break
            }
            return true
        }
        switch event {
        case .key(let text):
            if replaced > 0 { return stopOutsideRecords() }
            if case .pathObject(let level, _)? = containers.last {
                containers[containers.count - 1] = .pathObject(level: level, onPath: text.elementsEqual(path.keys[level]))
            }
            return true
        case .endObject, .endArray:
            if !containers.isEmpty { containers.removeLast() }
            return true
        default:
            return value(event, replaced: replaced)
        }
    }

    /// A value outside any record: it leads along the path, holds the records, is one, or is skipped.
    private func value(_ event: JSONEvent, replaced: Int) -> Bool {
        let level: Int?
        switch containers.last {
        case nil: level = 0
        case .pathObject(let depth, let onPath)?: level = onPath ? depth + 1 : nil
        case .records?: return element(event, replaced: replaced)
        }
        guard let level else {
            if replaced > 0 { return stopOutsideRecords() }
            if case .startObject = event { skipDepth = 1 } else if case .startArray = event { skipDepth = 1 }
            return true
        }
        if level < path.keys.count {
            switch event {
            case .startObject: containers.append(.pathObject(level: level, onPath: false))
            case .startArray: skipDepth = 1
            default: if replaced > 0 { return stopOutsideRecords() }
            }
            return true
        }
        pathFound = true
        switch event {
        case .startArray:
            containers.append(.records)
        case .startObject where !path.eachElement:
            beginRecord()
        case .null:
            holderWasNull = true
        default:
            if path.eachElement {
                return stop(ExtractError(file: file, line: source.line(at: eventOffset),
                    message: "record_path \(path): \(path.holderDescription) is \(JSONCursor.kind(of: event)), not an array"))
            }
            if replaced > 0 { return stopOutsideRecords() }
            // A named path that ends at a number or a string (`data.total` for `data.rows`) is a wrong path, not
            // an empty export (which an empty array or null is). A scalar document under `$` is still no records.
            if !path.keys.isEmpty {
                return stop(ExtractError(file: file, line: source.line(at: eventOffset),
                    message: "record_path \(path): \(path.holderDescription) is \(JSONCursor.kind(of: event)), not the records (an array of objects, or an object); check record_path"))
            }
        }
        return true
    }

    /// An element of the records array.
    private func element(_ event: JSONEvent, replaced: Int) -> Bool {
        recordNumber += 1
        switch event {
        case .startObject:
            beginRecord(numbered: false)
        case .startArray:
            skipDepth = 1
            skipped = SkippedElement(number: recordNumber, line: source.line(at: eventOffset), kind: "an array")
        default:
            let element = SkippedElement(number: recordNumber, line: source.line(at: eventOffset),
                                         kind: JSONCursor.kind(of: event), replaced: replaced)
            queue.append(.item(.rejected(reject(element))))
        }
        return true
    }

    private func beginRecord(numbered: Bool = true) {
        if numbered { recordNumber += 1 }
        inRecord = true
        recordLine = source.line(at: eventOffset)
        recordReplaced = 0
        flattener.begin()
    }

    private func finishRecord() {
        inRecord = false
        if recordReplaced == 0, let writer = textWriter {
            let start = pendingText.count
            if let names = flattener.write(by: writer, into: &pendingText) {
                queue.append(.written(number: recordNumber, line: recordLine, names: names, start: start, end: pendingText.count))
                noteNumberFields()
                return
            }
        }
        if recordReplaced > 0 {
            let offset = claimReplacements(recordReplaced) ?? -1
            queue.append(.item(.rejected(JSONRecordFlattener.undecodable(number: recordNumber, line: recordLine, offset: offset,
                                                                   encodingName: source.encodingName,
                                                                   fields: flattener.takeFields()))))
        } else if let field = flattener.invalidField {
            _ = flattener.takeFields()
            queue.append(.item(.rejected(JSONRecordFlattener.invalidText(number: recordNumber, line: recordLine, field: field))))
        } else {
            queue.append(.item(.record(RawRecord(number: recordNumber, line: recordLine, fields: flattener.takeFields()))))
            noteNumberFields()
        }
    }

    /// Keeps the number fields of the record just queued, if it has any, until it is handed out.
    private func noteNumberFields() {
        let names = flattener.takeNumberFields()
        if !names.isEmpty { queuedNumberFields[recordNumber] = names }
    }

    private func reject(_ element: SkippedElement) -> RecordProblem {
        if element.replaced > 0 {
            let offset = claimReplacements(element.replaced) ?? -1
            return RecordProblem(number: element.number, line: element.line, rule: "invalid_encoding",
                                 message: "byte at offset \(offset) is not valid \(source.encodingName)")
        }
        return RecordProblem(number: element.number, line: element.line, rule: "not_an_object",
                             message: "record is \(element.kind), not an object")
    }

    /// `source.claimReplacements`, keeping `unclaimedReplacements` up to date.
    private func claimReplacements(_ count: Int) -> Int? {
        defer { unclaimedReplacements = source.hasUnclaimedReplacements }
        return source.claimReplacements(count)
    }

    private func stop(_ error: Error) -> Bool {
        failure = error
        return false
    }

    private func stopOutsideRecords() -> Bool {
        let offset = claimReplacements(1) ?? -1
        return stop(ExtractError(file: file, line: source.line(at: eventOffset), byteOffset: offset,
            message: "byte at offset \(offset) is not valid \(source.encodingName) (outside any record)"))
    }

    static func kind(of event: JSONEvent) -> String {
        switch event {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .startObject, .endObject: return "an object"
        case .startArray, .endArray: return "an array"
        case .key: return "a key"
        }
    }
}
