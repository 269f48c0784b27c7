import Foundation
import Logging
import RongtongConfig
import RongtongNormalize
import RongtongStaging

/// Stage 2: turns each staged batch of a source into candidates and rejects, one transaction per batch.
///
/// Batches not yet normalized are taken, and batches normalized under another field mapping that still hold the
/// source's current data (see `StagedDeliveries`): an earlier delivery that a later one replaced, loaded already,
/// keeps what it loaded. With `force`, the source's latest extraction is normalized again.
///
/// A batch the mapping does not fit throws (exit 2), naming its file, when the file still holds it, as `validate`
/// reading that file does. A batch whose file no longer holds it (an earlier delivery) cannot block today's
/// files: it is dropped from staging with a warning, and listed as not loaded when it never was.
struct NormalizeStage {
    let staging: StagingStore
    let key: PersonalDataKey
    let directory: RegionDirectory
    let addresses: AddressParser
    let runID: Int
    let force: Bool
    let logger: Logger
    /// Whether the warehouse holds the batch as loaded (`run` asks it; `validate`, writing no warehouse, never
    /// loaded anything).
    var isLoaded: (StagedBatch) throws -> Bool = { _ in false }
    /// The source's deliveries staged before this stage's, whose columns a file is compared with (see
    /// `autoMappedFieldsLost`); nil takes them from `staging` (batches extracted by an earlier run). `validate`,
    /// staging into a throw-away file, reads them from the pipeline's staging file.
    var earlierBatches: ((SourceConfig) throws -> [StagedBatch])?
    /// Set when the run does not extract (`--stage normalize`, `--stage normalize --stage load`): a file of the
    /// source's path whose content is neither staged nor loaded (a feed put right after a failed run, which staged
    /// nothing) is warned about, as the load stage warns of nothing to load, since this run cannot read it: new
    /// files need the extract stage.
    var warnsOfUnextractedFiles = false
    /// Whether the warehouse loaded the content (SHA-256) as a delivery of the source (`run` asks it).
    var isContentLoaded: (_ sourceID: String, _ sha256: String) throws -> Bool = { _, _ in false }

    func run(_ source: SourceConfig, report: inout SourceReport) throws {
        // `run` and `validate` check contexts with the pipeline file (`loadCheckingContexts`); this guards a config
        // loaded without that check.
        if let problem = directory.problem(with: source.context) {
            throw RunFailure(exitCode: 2, "\(source.path): sources.\(source.name).\(problem)")
        }
        let all = try staging.batches(sourceID: source.name)
        let latestRun = all.map(\.extractedRun).max()
        // Not yet normalized, or normalized under another mapping (the pipeline was edited since): every such batch
        // of the source that holds its current data, so that the warehouse ends as a full rerun would leave it. A
        // loaded delivery that a later one replaced keeps what it loaded: loaded again, it would take its values
        // back over the newer delivery's.
        let fingerprint = source.normalizationFingerprint
        var batches: [StagedBatch] = []
        var superseded: [String] = []
        let pathFiles = Set(SourceFiles.expand(source.path))
        for batch in all {
            if force {
                if batch.extractedRun == latestRun { batches.append(batch) }
                continue
            }
            guard try !staging.isNormalized(batchID: batch.batchID, with: fingerprint) else { continue }
            // A file the source's path no longer matches (narrowed since: `feeds/*` to `feeds/*.csv`) is no longer
            // the source's: never loaded, it is dropped, whether the mapping fits it or not.
            if !StagedDeliveries.isMatched(batch, by: source, files: pathFiles), StagedDeliveries.whereabouts(of: batch) == nil,
               try !isLoaded(batch) {
                try dropUnmatched(batch, source: source, report: &report)
                continue
            }
            if try isLoaded(batch), let reason = StagedDeliveries.supersession(of: batch, among: all, source: source) {
                superseded.append("\(DisplayPath.of(batch.file)) as extracted by run \(batch.extractedRun) (\(reason))")
                // Said once per mapping: the batch counts as settled under this one, so later nights pass it quietly
                // (a further edit of the mapping says it again). Its candidates and normalized run stay as loaded.
                try staging.settle(batchID: batch.batchID, with: fingerprint)
                continue
            }
            batches.append(batch)
        }
        if warnsOfUnextractedFiles, !all.isEmpty {
            try warnOfUnextractedFiles(pathFiles, staged: all, source: source, nothingToDo: batches.isEmpty)
        }
        if !superseded.isEmpty {
            logger.info("not normalized again under the edited mapping: \(superseded.count) earlier deliver\(superseded.count == 1 ? "y" : "ies") a later one replaced, which keep\(superseded.count == 1 ? "s" : "") what \(superseded.count == 1 ? "it" : "they") loaded: \(superseded.suffix(3).joined(separator: "; "))\(superseded.count > 3 ? "; …" : "")",
                        metadata: ["source": "\(source.name)"])
        }
        var warned = Set<String>()
        var organisations = OrganisationHolders()
        // A file the mapping does not fit (a column missing, another separator) does not stop the source's other
        // files: they are normalized and counted, and every such file is said at the end, one line each, so that
        // a glob matching two broken deliveries reports both in one run.
        var unfitFiles: [Error] = []
        for batch in batches {
            do {
                try normalize(batch, source: source, warned: &warned, organisations: &organisations, report: &report)
            } catch let unfit as EarlierDeliveryUnfit {
                try dropUnfit(batch, unfit, source: source, report: &report)
                continue
            } catch let unfit as MappingUnfit {
                unfitFiles.append(unfit.failure)
                continue
            }
            logger.info("normalized", metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)"])
        }
        if let message = organisations.warning(source: source) {
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            report.mappingWarnings.append(message)
        }
        if unfitFiles.count == 1 { throw unfitFiles[0] }
        if !unfitFiles.isEmpty { throw SourceFailures(errors: unfitFiles) }
    }

    /// Warns of the files of the source's path whose content no extract staged and the warehouse never loaded: a
    /// run without the extract stage does not read them, and would otherwise end `succeeded` having read nothing
    /// (`0 read, 0 loaded`). A file that cannot be read is left to the extract stage to report.
    private func warnOfUnextractedFiles(_ files: Set<String>, staged: [StagedBatch], source: SourceConfig,
                                        nothingToDo: Bool) throws {
        let stagedContent = Set(staged.map(\.sha256))
        var unextracted: [String] = []
        for file in files.sorted() {
            guard let digest = try? SourceFiles.digest(file), !stagedContent.contains(digest.sha256),
                  try !isContentLoaded(source.name, digest.sha256) else { continue }
            unextracted.append(DisplayPath.of(file))
        }
        guard !unextracted.isEmpty else { return }
        let shown = unextracted.prefix(3).joined(separator: ", ") + (unextracted.count > 3 ? ", …" : "")
        let one = unextracted.count == 1
        logger.warning("\(nothingToDo ? "nothing new to normalize: " : "")\(shown) on disk \(one ? "is" : "are") not staged (new or changed since the last extract), so this run did not read \(one ? "it" : "them"): new files need the extract stage (a failed run stages nothing); run all stages with --source \(source.name)",
                       metadata: ["source": "\(source.name)"])
    }

    /// A file of today's delivery that the source's mapping does not fit (exit 2): the file named, with what to
    /// check (`HeaderDiagnosis`).
    private struct MappingUnfit: Error {
        var failure: RunFailure
    }

    /// Drops a staged batch the mapping does not fit whose file no longer holds it, with a warning that names the
    /// delivery (its run, not today's file at its path) and what to do; a batch never loaded is listed as not
    /// loaded too (the run ends partial, exit 3, this once).
    func dropUnfit(_ batch: StagedBatch, _ unfit: EarlierDeliveryUnfit, source: SourceConfig,
                           report: inout SourceReport) throws {
        let loaded = try isLoaded(batch)
        let fate = loaded
            ? "It was loaded under the earlier mapping and keeps those values; it was dropped from staging, so no later edit normalizes it again"
            : "It was never loaded, and was dropped from staging: to load it, put that delivery back under the source's path and list its column beside the new one (a list of names takes the first one a file holds)"
        let message = "\(StagedDeliveries.describe(batch, whereabouts: unfit.whereabouts)): \(unfit.error). \(fate)"
        try staging.discardBatch(batch.batchID)
        logger.warning("\(message)", metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)"])
        report.mappingWarnings.append(message)
        if !loaded { report.notLoaded.append(message) }
    }

    /// Drops a staged batch never loaded whose file the source's `path` no longer matches, with a warning naming it
    /// (another source whose path matches the file reads it as its own). Nothing is left unloaded that the source
    /// still reads, so the run does not end partial for it.
    func dropUnmatched(_ batch: StagedBatch, source: SourceConfig, report: inout SourceReport) throws {
        let message = "\(StagedDeliveries.describe(batch, whereabouts: "the source's path \(DisplayPath.of(source.path)) no longer matches the file")): it was never loaded, and is no longer this source's: dropped from staging, not normalized or loaded (a source whose path matches the file reads it as its own)"
        try staging.discardBatch(batch.batchID)
        logger.warning("\(message)", metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)"])
        report.mappingWarnings.append(message)
    }

    /// The records of a source's batches whose head name is an organisation's (`六盘水供电局`): said once per source.
    struct OrganisationHolders {
        var records = 0
        /// The first four organisations named (three are said, and `…` when there are more).
        var names: [String] = []

        mutating func note(_ candidate: HouseholdCandidate) {
            guard let name = candidate.holderOrganisation else { return }
            records += 1
            if names.count < 4, !names.contains(name) { names.append(name) }
        }

        func warning(source: SourceConfig) -> String? {
            guard records > 0, let field = source.fields["head_name"]?.joined(separator: ", ") else { return nil }
            let linked = source.recordNames == .accountHolder
                ? "each is linked to the household living at its dwelling"
                : "each is linked by its dwelling, as an account holder's record (declare record_names: account_holder if the source's names are account holders, not heads)"
            return "sources.\(source.name).fields.head_name: \(records) record(s) name an organisation in \(field) (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : "")), not a person: it is no head name and no name evidence for linking; \(linked)"
        }
    }

    /// `warned` holds the mapping warnings already logged for the source in this stage: a file staged twice (an
    /// older and a newer batch of the same path, both normalized again after an edit) is warned about once.
    func normalize(_ batch: StagedBatch, source: SourceConfig, warned: inout Set<String>,
                           organisations: inout OrganisationHolders, report: inout SourceReport) throws {
        var plan: FieldPlan
        do {
            plan = try FieldPlan(source: source, columns: batch.columns, headerIsComplete: source.format == "csv")
        } catch let error as FieldPlanError {
            // An earlier delivery whose file now holds another (or nothing): the error is not today's file's.
            if let whereabouts = StagedDeliveries.whereabouts(of: batch, source: source) {
                throw EarlierDeliveryUnfit(error: error, whereabouts: whereabouts)
            }
            let reading = HeaderDiagnosis.diagnose(columns: error.columns, source: source, encoding: batch.encoding,
                                                   file: batch.file)
            // The file, not the source's pattern: with a glob, only one of the files may lack the column.
            throw MappingUnfit(failure: RunFailure(exitCode: 2, "\(DisplayPath.of(batch.file)): \(reading.explaining(error))"))
        }
        // A key that is or holds a resident ID is kept only as its keyed hash, in staging's candidates and rejects too.
        plan.personalDataKey = key
        // A column that looks like an ID, a name or a place but is empty in every record (an XML element whose
        // mapped attribute is all it holds) is advised by no message.
        if !plan.unreadLookalikeColumns.isEmpty {
            let withValues = try staging.recordsWithValue(batchID: batch.batchID, fields: plan.unreadLookalikeColumns)
            plan.forgetEmptyLookalikes(keeping: Set(withValues.keys))
        }
        // A mapped field that never occurs in the whole file is most likely a typo in the mapping.
        let seen = Set(batch.columns)
        // When the extractor rejected every record (each held an unreadable entity, say), no field was seen at all.
        // Nor in a file of no records whose fields come from its records (a JSON `[]`, an XML export without a record):
        // no field could occur. A CSV file's header row names its fields even when no row follows.
        let everyRecordRejected = batch.rowsRead > 0 && batch.rowsRejected == batch.rowsRead
            || batch.rowsRead == 0 && source.format != "csv"
        func warnOnce(_ message: String) {
            guard !everyRecordRejected, warned.insert(message).inserted else { return }
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            report.mappingWarnings.append(message)
        }
        report.columnMappings.append(ColumnMapping(file: DisplayPath.of(batch.file), batchID: batch.batchID,
                                                   columns: batch.columns, plan: plan, source: source))
        // `skip_rows` one row too far into a two-row header: the columns its upper row names alone are lost.
        if source.format == "csv", Int(source.options["skip_rows"] ?? "") ?? 0 > 0,
           let skippedGroup = HeaderDiagnosis.skippedGroupRow(of: batch.file, source: source, encoding: batch.encoding) {
            warnOnce("sources.\(source.name).options.skip_rows: \(skippedGroup)")
        }
        // The same, as warnings of the batch itself (no record number), staged with it: counted with the source's
        // warnings by `validate` and `run`, and written to `etl_reject` when the batch loads, so that a night whose
        // feed moved an ID (an element become an attribute, a renamed key) leaves a trace in the warehouse.
        var fileWarnings: [RejectRow] = []
        func warnOfFile(field: String, rule: String, value: String, message: String) {
            guard !everyRecordRejected else { return }
            fileWarnings.append(RejectRow(runID: runID, batchID: batch.batchID, sourceID: source.name, recordNumber: nil,
                                          line: nil, field: field, rule: rule, severity: .warning, value: value,
                                          message: message, stage: "normalize"))
        }
        let unread = batch.columns.filter { !plan.sourceFields.contains($0) }
        if let key = source.recordKey, !source.recordKeys.contains(where: seen.contains), batch.rowsRead > 0 {
            let lookalikes = NormalizeStage.lookalikes(of: source.recordKeys, field: nil, among: unread)
            let warning = "sources.\(source.name).record_key: \(key) never occurs in \(DisplayPath.of(batch.file)); records are keyed #<record number> and never relinked by key\(lookalikes)"
            warnOnce(warning)
            if !everyRecordRejected {
                report.absentFields.append("\(DisplayPath.of(batch.file)): \(key) never occurs (record_key)")
                report.mappingWarningsSaidShort.insert(warning)
            }
            warnOfFile(field: "record_key", rule: "record_key_absent", value: key,
                       message: "record_key \(key) never occurs in this file; its records were keyed #<record number>\(lookalikes)")
        }
        let lists = Set(source.entity.fields.filter { $0.kind == .jsonList }.map(\.name))
        // What the file's members say of a name that never occurs: which fields they hold, or the selector to write.
        var explained: [String: String] = [:]
        for (canonical, names) in source.fields.sorted(by: { $0.key < $1.key }) where !names.isEmpty {
            var occurs = false
            for name in names where !occurs {
                occurs = try lists.contains(canonical) ? listOccurs(name, in: batch, columns: seen, explained: &explained)
                    : mappedNameOccurs(name, in: batch, columns: seen, entity: source.entity,
                                       compoundGroups: plan.compoundGroups, explained: &explained)
            }
            if occurs { continue }
            let lookalikes = NormalizeStage.lookalikes(of: names, field: source.entity.fields.first { $0.name == canonical },
                                                       among: unread)
                + names.compactMap { explained[$0].map { "; \($0)" } }.joined()
            if ["head_name", "head_id"].contains(canonical), plan.repeatedGroupHint == nil {
                plan.repeatedGroupHint = names.lazy.compactMap { explained[$0] }
                    .first { $0.contains("is a repeated group") }.map { "\(canonical): \($0)" }
            }
            let warning = "sources.\(source.name).fields.\(canonical): \(names.joined(separator: ", ")) never occurs in \(DisplayPath.of(batch.file))\(lookalikes)"
            warnOnce(warning)
            if !everyRecordRejected {
                report.absentFields.append("\(DisplayPath.of(batch.file)): \(names.joined(separator: ", ")) never occurs (\(canonical))")
                report.mappingWarningsSaidShort.insert(warning)
            }
            warnOfFile(field: canonical, rule: "mapped_field_absent", value: names.joined(separator: ", "),
                       message: "\(names.joined(separator: ", ")) never occurs in this file; its records were read without \(canonical)\(lookalikes)")
        }
        // A field the source's previous delivery fed by its header alone (no `fields:` entry) that no column of this
        // file feeds: a new template renamed the column (经度 → X坐标), and the records would load without it.
        let earlier = try earlierBatches.map { try $0(source).filter { $0.batchID != batch.batchID } }
            ?? staging.batches(sourceID: source.name).filter { $0.extractedRun < batch.extractedRun }
        let lostFields = batch.rowsRead > 0 || source.format == "csv"
            ? NormalizeStage.autoMappedFieldsLost(source: source, plan: plan, file: batch.file, columns: batch.columns,
                                                 unread: unread, earlier: earlier) : []
        for lost in lostFields {
            let warning = "sources.\(source.name).fields.\(lost.field): \(DisplayPath.of(batch.file)): \(lost.message)"
            warnOnce(warning)
            if !everyRecordRejected {
                report.absentFields.append("\(DisplayPath.of(batch.file)): \(lost.column) no longer fed \(lost.field) (auto-mapped)")
                report.mappingWarningsSaidShort.insert(warning)
            }
            warnOfFile(field: lost.field, rule: "auto_mapped_field_absent", value: lost.column, message: lost.message)
        }
        // A facility file none of whose columns feeds a coordinate, while columns no field reads hold what can only
        // be coordinates (106.696168 and 26.602527 under X坐标 and Y坐标): said even on a source's first delivery.
        // (Said once: a coordinate the previous delivery fed by its header was named above.)
        if source.entity == .facility, batch.rowsRead > 0, !everyRecordRejected,
           !lostFields.contains(where: { $0.field == "lat" || $0.field == "lon" }),
           !Set(plan.mapping.map(\.field)).contains(where: { $0 == "lat" || $0 == "lon" }),
           source.fields["lat"] == nil, source.fields["lon"] == nil {
            let candidates = unread.filter { !source.recordKeys.contains($0) }
            let values = try staging.rawValues(batchID: batch.batchID, fields: candidates)
            let found = NormalizeStage.coordinateColumns(candidates, values: values)
            if !found.isEmpty {
                let shown = found.map { column -> String in
                    let what = column.field == "lat" ? "latitudes" : column.field == "lon" ? "longitudes"
                        : "latitude and longitude in one cell"
                    return "\(column.column) (\(what), such as \(column.example))"
                }
                // A column holding both feeds both: `lat: 经纬度, lon: 经纬度`.
                let entries = found.flatMap { column in
                    column.field.components(separatedBy: ", ").map { "\($0): \(column.column)" }
                }.joined(separator: ", ")
                let message = "no column feeds lat or lon, but \(shown.joined(separator: " and ")) \(found.count == 1 ? "holds" : "hold") coordinates no field reads: its records are read without coordinates; map \(found.count == 1 ? "it" : "them") under fields: (\(entries))"
                let warning = "sources.\(source.name).fields: \(DisplayPath.of(batch.file)): \(message)"
                warnOnce(warning)
                report.absentFields.append("\(DisplayPath.of(batch.file)): \(found.map(\.column).joined(separator: ", ")) hold coordinates no field reads")
                report.mappingWarningsSaidShort.insert(warning)
                warnOfFile(field: found.map(\.field).joined(separator: ", "), rule: "coordinates_unread",
                           value: found.map(\.column).joined(separator: ", "), message: message)
            }
        }
        // How the file's columns were read, where the user should hear of it: a header written twice, columns taken
        // as another person's than the head's, a place left unread.
        for note in plan.notes {
            warnOnce("sources.\(source.name)\(note.field.map { ".fields.\($0)" } ?? ""): \(DisplayPath.of(batch.file)): \(note.message)")
        }
        // A CSV file's merged cells: the columns the source fills down (`fill_down:`) are filled as the records are
        // read; the place and grid columns of a source that does not fill them are watched for the blanks a merged
        // cell leaves, said once per file when the last record was read.
        let rejectedRows = source.format == "csv" ? try staging.extractRejectedRecordNumbers(batchID: batch.batchID) : []
        let fillDown = FillDown(source: source, plan: plan, columns: batch.columns, rejectedRows: rejectedRows)
        for entry in fillDown?.unusedEntries ?? [] {
            warnOnce("sources.\(source.name).fill_down: \(DisplayPath.of(batch.file)): \(entry)")
        }
        let mergedCells = MergedCellEvidence(source: source, plan: plan, columns: batch.columns, rejectedRows: rejectedRows,
                                             filled: fillDown?.columns ?? [])
        let prepare = { (record: StagedRecord) -> StagedRecord in
            let record = fillDown?.fill(record) ?? record
            mergedCells?.observe(record)
            return record
        }
        var mergedCellsWarning: String?
        func concludeFile() {
            guard let mergedCells, let warning = mergedCells.warning(source: source, file: DisplayPath.of(batch.file)) else { return }
            mergedCellsWarning = warning
            let columns = mergedCells.mergedColumns.map(\.column).joined(separator: ", ")
            warnOfFile(field: columns, rule: "merged_cells", value: columns, message: warning)
        }
        defer {
            if let mergedCellsWarning { warnOnce("sources.\(source.name): \(DisplayPath.of(batch.file)): \(mergedCellsWarning)") }
            if let fillDown, !fillDown.filled.isEmpty {
                let counts = fillDown.filled.sorted { $0.key < $1.key }.map { "\(plan.sourceFields[$0.key]) \($0.value)" }
                logger.info("fill_down filled \(counts.joined(separator: ", ")) empty cells from the rows above",
                            metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)"])
            }
        }
        func write(_ issues: [NormalizationIssue], of record: StagedRecord, to sink: CandidateSink) throws {
            // The record's key when the source declares one and the record holds it (`#7`, a key made of the record
            // number, says nothing a later delivery could match).
            let key = source.recordKey == nil || issues.isEmpty ? nil
                : Optional(plan.recordKey(in: record.values, number: record.number)).flatMap { $0.hasPrefix("#") ? nil : $0 }
            for issue in issues {
                // A member row's own problem (a household read from one row per person) is said on that row.
                let (number, line) = issue.recordNumber.map { ($0, issue.line) } ?? (record.number, record.line)
                try sink.reject(RejectRow(runID: runID, batchID: batch.batchID, sourceID: source.name,
                                          recordNumber: number, line: line, field: issue.field,
                                          rule: issue.rule, severity: issue.severity, value: issue.value,
                                          message: issue.message, stage: "normalize", recordKey: key))
            }
        }
        // One pass over the batch: records are read and their candidates and issues written on this thread, while
        // a second thread runs them through the entity's normalizer (address parsing, hashing) in chunks, in order.
        // A unit is one record, or the rows of one household of a census written one row per person: `gather` takes
        // each record and gives the unit it completes, `flush` the last one; `anchor` is the record a unit's issues
        // are said on unless they name a row of their own, and `stored` hears of each unit and its candidate.
        // `households`: a census of one row per person, whose records come prepared and gathered by household.
        func each<Unit, Candidate>(_ normalize: @escaping (Unit, String) -> (Candidate?, [NormalizationIssue]),
                                   _ store: @escaping (Candidate, CandidateSink) throws -> Void,
                                   gather: @escaping (StagedRecord) -> Unit?, flush: @escaping () -> Unit?,
                                   anchor: @escaping (Unit) -> StagedRecord, households: HouseholdOrder? = nil,
                                   stored: @escaping (Unit, Candidate?) -> Void = { _, _ in }) throws {
            typealias Result = (unit: Unit, candidate: Candidate?, issues: [NormalizationIssue])
            let toWorker = RecordHandoff<[Unit]>(capacity: 4)
            // Unbounded the other way, so the worker never waits on this thread while this thread waits on it.
            let fromWorker = RecordHandoff<[Result]>(capacity: Int.max)
            let done = DispatchSemaphore(value: 0)
            let batchID = batch.batchID
            let worker = Thread {
                defer { done.signal() }
                while let chunk = try? toWorker.take() {
                    _ = fromWorker.put(chunk.map { unit in
                        let (candidate, issues) = normalize(unit, batchID)
                        return (unit, candidate, issues)
                    })
                }
                fromWorker.finish(error: nil)
            }
            worker.stackSize = 16 << 20
            worker.start()
            var pending: [Unit] = []
            pending.reserveCapacity(NormalizeStage.chunkSize)
            var sent = 0, received = 0
            func writeResults(_ results: [Result], to sink: CandidateSink) throws {
                received += 1
                for result in results {
                    if let candidate = result.candidate { try store(candidate, sink) }
                    try write(result.issues, of: anchor(result.unit), to: sink)
                    stored(result.unit, result.candidate)
                }
            }
            func send(_ sink: CandidateSink) throws {
                guard !pending.isEmpty else { return }
                while let results = try fromWorker.poll() { try writeResults(results, to: sink) }
                _ = toWorker.put(pending)
                sent += 1
                pending.removeAll(keepingCapacity: true)
            }
            do {
                try staging.normalizeBatch(batch, runID: runID, fieldNames: plan.sourceFields,
                                           recordKeyField: source.recordKey,
                                           headIDField: source.entity == .household ? plan.sourceField(for: "head_id") : nil,
                                           fingerprint: source.normalizationFingerprint, households: households,
                                           body: { record, sink in
                    guard let unit = gather(record) else { return }
                    pending.append(unit)
                    if pending.count == NormalizeStage.chunkSize { try send(sink) }
                }, finish: { sink in
                    concludeFile()
                    for warning in fileWarnings { try sink.reject(warning) }
                    if let unit = flush() { pending.append(unit) }
                    try send(sink)
                    toWorker.finish(error: nil)
                    while received < sent, let results = try fromWorker.take() { try writeResults(results, to: sink) }
                })
            } catch {
                toWorker.cancel()
                done.wait()
                throw error
            }
            done.wait()
        }
        /// Each record as it comes, for every source but a census of one row per person.
        func eachRecord<Candidate>(_ normalize: @escaping (StagedRecord, String) -> (Candidate?, [NormalizationIssue]),
                                   _ store: @escaping (Candidate, CandidateSink) throws -> Void) throws {
            try each(normalize, store, gather: prepare, flush: { nil }, anchor: { $0 })
        }
        // Said once per source, after its batches (`OrganisationHolders`).
        var holders = organisations
        defer { organisations = holders }
        let storeHousehold = { (candidate: HouseholdCandidate, sink: CandidateSink) throws in
            holders.note(candidate)
            try sink.household(candidate)
        }
        switch source.entity {
        case .household where source.rows == .person:
            // One row per person: the rows of a household are read as one household.
            let normalizer = HouseholdNormalizer(source: source, plan: plan, key: key, directory: directory,
                                                 addresses: addresses)
            normalizer.idsSentAsNumbers = try idsSentAsNumbers(batch, source: source, plan: plan)
            let grouping = PersonRowGrouping(plan: plan)
            var memberRows = 0, maskedIDs = 0
            // Prepared in file order (fill_down), and gathered by household when the file interleaves them.
            let order = HouseholdOrder(keyFields: plan.recordKeySlots.map { plan.sourceFields[$0] },
                                       key: { PersonRowGrouping.householdKey(of: $0, plan: plan) }, prepare: prepare)
            try each(normalizer.normalize(household:batchID:), storeHousehold,
                     gather: grouping.add, flush: grouping.finish, anchor: { $0.rows[0] }, households: order,
                     stored: { household, candidate in
                         if let candidate {
                             memberRows += household.rows.count - 1
                             if NormalizeStage.holdsMaskedID(candidate) { maskedIDs += 1 }
                         }
                     })
            report.memberRows += memberRows
            report.maskedIDs += maskedIDs
        case .household:
            let normalizer = HouseholdNormalizer(source: source, plan: plan, key: key, directory: directory,
                                                 addresses: addresses)
            normalizer.idsSentAsNumbers = try idsSentAsNumbers(batch, source: source, plan: plan)
            var maskedIDs = 0
            let counted = { (_: StagedRecord, candidate: HouseholdCandidate?) in
                if let candidate, NormalizeStage.holdsMaskedID(candidate) { maskedIDs += 1 }
            }
            // A census of one row per person read one household per row makes every member a household: say so.
            if let evidence = PersonRowEvidence(plan: plan) {
                try each(normalizer.normalize, storeHousehold,
                         gather: { record in
                             let record = prepare(record)
                             evidence.observe(record)
                             return record
                         }, flush: { nil }, anchor: { $0 },
                         stored: counted)
                if let warning = evidence.warning(source: source, file: DisplayPath.of(batch.file)) { warnOnce(warning) }
            } else {
                try each(normalizer.normalize, storeHousehold, gather: prepare, flush: { nil }, anchor: { $0 },
                         stored: counted)
            }
            report.maskedIDs += maskedIDs
        case .facility:
            let normalizer = FacilityNormalizer(source: source, plan: plan, directory: directory, addresses: addresses)
            try eachRecord(normalizer.normalize) { try $1.facility($0) }
        case .compound:
            // A units row under the header (`,,,(万元)`) gives its columns' bare amounts their unit.
            let columnUnits = HeaderDiagnosis.unitsRowUnits(of: batch.file, source: source, encoding: batch.encoding)
            let normalizer = CompoundNormalizer(source: source, plan: plan, directory: directory, addresses: addresses,
                                                columnUnits: columnUnits)
            try eachRecord(normalizer.normalize) { try $1.compound($0) }
        }
    }
}
