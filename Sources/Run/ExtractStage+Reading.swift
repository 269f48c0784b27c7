import Foundation
import GRDB
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongNormalize
import RongtongStaging

/// Reading one delivery into staging: the file decoded, its records handed in chunks from the reading thread to the
/// staging writer, and the batch recorded with what was read, rejected and warned. The decisions of which files a
/// night reads (`extractFile`) stay in ExtractStage.swift.
extension ExtractStage {
    func extract(file: String, sha256: String, bytes: Int, source: SourceConfig,
                         partial: PartialRead, fileWarnings: FileWarnings, previousRecords: Int?) throws -> StagedBatch {
        let batchID = StagedBatch.id(sourceID: source.name, sha256: sha256)
        return try staging.replaceBatch(batchID) { sink in
            var options = source.options
            // The format's own default when the source names none (json and ndjson default to utf-8).
            var encoding = (try? FormatRegistry.validate(format: source.format, options: options))?.encoding.rawValue
                ?? options["encoding"] ?? "auto"
            // A byte order mark declares the encoding, also over a declared one: a WPS UTF-8 file with its mark
            // in a folder of GBK exports under `encoding: gb18030` is UTF-8, not 锘… mojibake. But a UTF-8 mark
            // before text that is not UTF-8 is a stray one (Excel, WPS and converters write it in front of GBK text):
            // the file is read in its declared encoding after the mark, with one warning.
            var strayMark = false
            fileWarnings.declared = encoding
            if let marked = TextEncoding.byteOrderMarkEncoding(file: file), marked.rawValue != encoding {
                let metadata: Logger.Metadata = ["source": "\(source.name)", "file": "\(DisplayPath.of(file))"]
                if encoding == TextEncoding.gb18030.rawValue, marked == .utf8,
                   !(try UTF8Evidence.weigh(file: file)).isMostlyUTF8OrClean {
                    logger.warning("\(ExtractStage.strayMarkMessage)", metadata: metadata)
                    strayMark = true
                } else {
                    if encoding != TextEncoding.auto.rawValue {
                        logger.info("starts with a \(marked.rawValue) byte order mark: read as \(marked.rawValue), not as the declared \(encoding)",
                                    metadata: metadata)
                    }
                    encoding = marked.rawValue
                    fileWarnings.byteOrderMark = marked
                }
            }
            while true {
                options["encoding"] = encoding
                do {
                    let batch = try readAll(file: file, options: options, encoding: encoding, sink: sink,
                                            batch: (batchID, sha256, bytes), source: source, partial: partial,
                                            fileWarnings: fileWarnings)
                    // The extractor's warnings of the whole file, kept with the batch for etl_reject.
                    for warning in fileWarnings.items {
                        try sink.reject(RejectRow(runID: runID, batchID: batchID, sourceID: source.name, recordNumber: nil,
                                                  line: warning.line, field: nil, rule: warning.rule, severity: .warning,
                                                  value: warning.value, message: warning.message, stage: "extract"))
                    }
                    // A delivery far smaller than the previous one of its path: a warning of the batch as a whole,
                    // staged with it and written to etl_reject when it loads.
                    if let previousRecords,
                       let shrank = ExtractStage.shrinkage(records: batch.rowsRead, previous: previousRecords, limits: source.limits) {
                        try sink.reject(RejectRow(runID: runID, batchID: batchID, sourceID: source.name, recordNumber: nil,
                                                  line: nil, field: nil, rule: "delivery_shrank", severity: .warning,
                                                  value: "\(batch.rowsRead) of \(previousRecords)", message: shrank,
                                                  stage: "extract"))
                    }
                    // A stray mark is kept with the batch too, so that etl_reject tells whoever exports the file.
                    if strayMark {
                        try sink.reject(RejectRow(runID: runID, batchID: batchID, sourceID: source.name, recordNumber: nil,
                                                  line: 1, field: nil, rule: "stray_byte_order_mark", severity: .warning,
                                                  value: "EF BB BF", message: ExtractStage.strayMarkMessage,
                                                  stage: "extract"))
                    }
                    return batch
                } catch is NotUTF8 where encoding == "auto" {
                    try sink.discardRecords()
                    // Not UTF-8 throughout: weigh the whole file. A UTF-8 feed with a few records pasted in from a
                    // GBK file stays UTF-8 (those records become invalid_encoding rejects); re-reading it as
                    // GB18030 would garble every other record without a single reject.
                    let evidence = try UTF8Evidence.weigh(file: file)
                    let metadata: Logger.Metadata = ["source": "\(source.name)", "file": "\(DisplayPath.of(file))",
                                                     "valid_utf8_characters": "\(evidence.validSequences)",
                                                     "invalid_stretches": "\(evidence.invalidStretches)"]
                    if evidence.isMostlyUTF8 {
                        encoding = TextEncoding.utf8.rawValue
                        logger.warning("mostly UTF-8, with \(evidence.invalidStretches) undecodable stretch(es): read as UTF-8; the records holding them are invalid_encoding rejects", metadata: metadata)
                    } else {
                        encoding = TextEncoding.gb18030.rawValue
                        logger.info("not UTF-8, reading again as GB18030", metadata: metadata)
                    }
                } catch let error as OptionError {
                    throw RunFailure(exitCode: 2, "\(file): \(error)")
                }
            }
        }
    }

    /// What the reading thread hands over: records already written as JSON object text, or rejects.
    private enum Staged {
        /// A record whose JSON object text ends at `end` in its chunk's `text` (and starts where the record before
        /// it ends).
        case record(number: Int, line: Int?, end: Int, numberFields: [String])
        case rejected(RecordProblem)
        /// A warning about a record handed over before it (`RecordCursor.takeRecordWarnings`).
        case warned(RecordWarning)
    }

    /// A run of records handed over at once: their JSON texts end to end in one buffer, so that a record costs no
    /// allocation of its own on either thread.
    private struct StagedChunk {
        var items: [Staged] = []
        var text: [UInt8] = []
        /// Bytes of the file read when the chunk was handed over, for progress.
        var bytesRead = 0
    }

    /// What a file that failed gave before it failed: the records read, and the extractor's rejects among them.
    final class PartialRead {
        var rows = 0
        var rejects = UnstagedRejects()
    }

    /// What the extractor warned of the file as a whole (`RecordCursor.fileWarnings`), once it is read.
    final class FileWarnings {
        var items: [FileWarning] = []
        /// How many records were `invalid_encoding` rejects, and the encoding the file was read in: most of a
        /// file's records undecodable says the file as a whole is in another encoding.
        var undecodable = 0
        var encoding = ""
        /// The encoding the source declares (its format's default when it names none), and the one a byte order
        /// mark at the file's start made it read in instead: advice to set an encoding names neither.
        var declared = ""
        var byteOrderMark: TextEncoding?
        /// The record (number, line, its reject's rule: a CSV row's `ragged_row`, an NDJSON line's `malformed_json`)
        /// that ends the file cut short (`RecordProblem.looksTruncated`), nil when the
        /// file ends whole: a file still being copied, or an export cut off, said as a warning of the delivery.
        var cutShortAt: (number: Int, line: Int?, rule: String)?
    }

    /// What the reading thread learned about the whole file (read once it has finished).
    private final class FileTally {
        var columns: [String] = []
        var rows = 0
        var rejected = 0
        var warnings: [FileWarning] = []
    }

    /// Reads the file on a second thread (decoding, parsing and writing each record's JSON) while this thread
    /// stages the records in order, so both cores work; the rows staged are the same as reading on one thread.
    func readAll(file: String, options: [String: String], encoding: String, sink: RawRecordSink,
                         batch: (id: String, sha256: String, bytes: Int), source: SourceConfig,
                         partial: PartialRead, fileWarnings: FileWarnings) throws -> StagedBatch {
        let cursor = try FormatRegistry.makeCursor(file: file, format: source.format, options: options)
        let handoff = RecordHandoff<StagedChunk>(capacity: 8)
        let tally = FileTally()
        fileWarnings.cutShortAt = nil
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            defer { done.signal() }
            let writer = JSONObjectWriter()
            var seenColumns = Set<String>()
            var previousNames: [String] = []
            func newChunk() -> StagedChunk {
                var chunk = StagedChunk()
                chunk.items.reserveCapacity(ExtractStage.chunkSize)
                chunk.text.reserveCapacity(ExtractStage.chunkTextBytes)
                return chunk
            }
            var chunk = newChunk()
            // Records of one file mostly repeat the previous record's names (a CSV header always does):
            // comparing them in order is cheaper than hashing each one again.
            func note<Names: Sequence<String>>(_ names: Names) {
                guard !names.elementsEqual(previousNames) else { return }
                previousNames = Array(names)
                for name in previousNames where !seenColumns.contains(name) {
                    seenColumns.insert(name)
                    tally.columns.append(name)
                }
            }
            // A cursor that writes its records (`.written`) hands out the very array of names it handed out before
            // for every record of one shape (a CSV file's header; an XML file's few shapes, which records alternate
            // between), recognised by its storage without comparing a name. The arrays noted are kept (at most
            // `notedLimit`), so that no other array can take their storage's place.
            var noted: [[String]] = []
            func isSame(_ a: [String], _ b: [String]) -> Bool {
                a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress && a.count == b.count } }
            }
            func noteWritten(_ names: [String]) {
                if isSame(names, previousNames) { return }
                if let known = noted.first(where: { isSame($0, names) }) {
                    previousNames = known
                    return
                }
                note(names)
                if noted.count >= ExtractStage.notedLimit { noted.removeAll() }
                noted.append(names)
            }
            func handOver() -> Bool {
                chunk.bytesRead = cursor.bytesRead
                defer { chunk = newChunk() }
                return handoff.put(chunk)
            }
            let readsWebAnswers = source.format == "json" || source.format == "ndjson"
            do {
                var start = chunk.text.count
                while let item = try cursor.nextWritten(by: writer, into: &chunk.text) {
                    tally.rows += 1
                    defer { start = chunk.text.count }
                    switch item {
                    case .written(let number, let line, let names):
                        // A web system's error object among the records (`{"code":1001,"msg":"身份证号校验失败"}`): rejected
                        // as what it is, not staged as a record of nothing.
                        if readsWebAnswers, ErrorAnswerRecord.mayBe(names),
                           let problem = ErrorAnswerRecord.problem(number: number, line: line,
                                                                   written: chunk.text[start...], keys: source.recordKeys) {
                            chunk.text.removeSubrange(start...)
                            _ = cursor.takeNumberFields()
                            tally.rejected += 1
                            chunk.items.append(.rejected(problem))
                            break
                        }
                        noteWritten(names)
                        chunk.items.append(.record(number: number, line: line, end: chunk.text.count,
                                                   numberFields: cursor.takeNumberFields()))
                    case .record(let record):
                        if readsWebAnswers, ErrorAnswerRecord.mayBe(record.fields.lazy.map(\.name)),
                           let problem = ErrorAnswerRecord.problem(number: record.number, line: record.line,
                                                                   fields: record.fields, keys: source.recordKeys) {
                            _ = cursor.takeNumberFields()
                            tally.rejected += 1
                            chunk.items.append(.rejected(problem))
                            break
                        }
                        note(record.fields.lazy.map(\.name))
                        writer.append(record.fields, to: &chunk.text)
                        chunk.items.append(.record(number: record.number, line: record.line, end: chunk.text.count,
                                                   numberFields: cursor.takeNumberFields()))
                    case .rejected(let problem):
                        tally.rejected += 1
                        chunk.items.append(.rejected(problem))
                    }
                    for warning in cursor.takeRecordWarnings() { chunk.items.append(.warned(warning)) }
                    if chunk.items.count >= ExtractStage.chunkSize {
                        guard handOver() else { return handoff.finish(error: nil) }
                    }
                }
                if !chunk.items.isEmpty, !handOver() { return handoff.finish(error: nil) }
                for name in cursor.declaredFieldNames ?? [] where !seenColumns.contains(name) {
                    seenColumns.insert(name)
                    tally.columns.append(name)
                }
                tally.warnings = cursor.fileWarnings
                handoff.finish(error: nil)
            } catch {
                // The records before the failure are handed over too: counted (and their rejects found) as read.
                if !chunk.items.isEmpty, !handOver() { return handoff.finish(error: nil) }
                handoff.finish(error: error)
            }
        }
        reader.stackSize = 16 << 20
        progress?.start(label: "\(source.name) \(DisplayPath.of(file))", totalBytes: batch.bytes)
        defer { progress?.finish() }
        reader.start()
        var staged = 0
        var rejects = UnstagedRejects()
        do {
            while let chunk = try handoff.take() {
                var start = 0
                for item in chunk.items {
                    if case .warned = item {} else { staged += 1 }
                    switch item {
                    case .record(let number, let line, let end, let numberFields):
                        try chunk.text.withUnsafeBufferPointer { text in
                            try sink.record(number: number, line: line,
                                            fieldsJSON: UnsafeBufferPointer(rebasing: text[start..<end]),
                                            numberFields: numberFields)
                        }
                        start = end
                    case .rejected(let problem):
                        if problem.rule == "invalid_encoding" { fileWarnings.undecodable += 1 }
                        if problem.looksTruncated { fileWarnings.cutShortAt = (problem.number, problem.line, problem.rule) }
                        let row = RejectRow(runID: runID, batchID: batch.id, sourceID: source.name,
                                            recordNumber: problem.number, line: problem.line, field: problem.field,
                                            rule: problem.rule, severity: .error, value: nil, message: problem.message,
                                            stage: "extract",
                                            recordKey: ExtractStage.recordKey(of: problem, keys: source.recordKeys))
                        rejects.add(row, file: file)
                        try sink.reject(row)
                    case .warned(let warning):
                        let row = RejectRow(runID: runID, batchID: batch.id, sourceID: source.name,
                                            recordNumber: warning.number, line: warning.line, field: warning.field,
                                            rule: warning.rule, severity: .warning, value: warning.value,
                                            message: warning.message, stage: "extract")
                        rejects.add(row, file: file)
                        try sink.reject(row)
                    }
                }
                progress?.update(records: staged, bytes: chunk.bytesRead)
            }
        } catch {
            // The reader must be stopped and gone before the cursor (and the transaction) are.
            handoff.cancel()
            done.wait()
            partial.rows = tally.rows
            partial.rejects = rejects
            throw error
        }
        done.wait()
        fileWarnings.items = tally.warnings
        let used = encoding == "auto" ? TextEncoding.utf8.rawValue : encoding
        fileWarnings.encoding = used
        return StagedBatch(batchID: batch.id, sourceID: source.name, file: file, sha256: batch.sha256,
                           bytes: batch.bytes, encoding: used, rowsRead: tally.rows, rowsRejected: tally.rejected,
                           columns: tally.columns, extractedRun: runID, extractedWith: source.extractionFingerprint)
    }
}
