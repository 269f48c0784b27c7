import Foundation
import GRDB
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongNormalize
import RongtongStaging

/// The batches an extract stage read again as new deliveries (content loaded before, but not what the warehouse
/// holds from its file's lineage): the load stage loads each as a sighting, as it does a new file.
final class Redeliveries {
    var batches: Set<String> = []
}

/// Stage 1: reads each file of a source through its format's extractor into staging, one transaction per file.
///
/// A file whose SHA-256 was already extracted (or loaded) for the source is skipped unless `force`, or unless its
/// staged batch was read under other extraction options (`SourceConfig.extractionFingerprint`). A file extracted
/// but not loaded yet is taken from staging (`SourceReport.filesFromStaging`), its records counted as read here when
/// the run that extracted it never finished.
/// `encoding: auto` reads UTF-8 and, at the first invalid byte, weighs the whole file (`UTF8Evidence`) and
/// re-reads it in the same transaction: as UTF-8 with rejects when it is mostly UTF-8, else as GB18030; the batch
/// records the encoding used.
/// A delivery holding far fewer records than the previous delivery of its path (`min_delivery_ratio`, default
/// 0.75; a previous delivery of at least 20 records) is read as it is, with a `delivery_shrank` warning of its batch and a line in `deliveryWarnings`.
struct ExtractStage {
    let staging: StagingStore
    let isLoaded: (String, String) throws -> Bool
    /// Whether run N ended before it recorded its counts (killed or stopped before its load committed): the reads of
    /// a batch it extracted were never counted.
    var isUnfinished: (Int) throws -> Bool = { _ in false }
    let runID: Int
    let force: Bool
    let logger: Logger
    var progress: ProgressLine?
    /// The records of the newest delivery of a file (source, path) loaded before, other than the content given
    /// (source, path, SHA-256): a delivery far smaller than it (`SourceLimits.minDeliveryRatio`) is warned about.
    var previousDeliveryRecords: (String, String, String) throws -> Int? = { _, _, _ in nil }
    /// Every load of a source's contents (source name; see `Warehouse.loadHistory(sourceID:)`): what a file's lineage
    /// holds is judged from it. Nil in `validate`, which reads no load history: a loaded content is then unchanged.
    var loadHistory: ((String) throws -> [LoadedFile])?
    /// In `validate`, whose staging is a throw-away file: whether tonight's `run` reads or normalizes again a content it
    /// holds as loaded (source, SHA-256), its extraction options or mapping edited since, as the pipeline's own staging
    /// says (see `PipelineValidator`). Asked only after the rules above skipped no file: an older delivery a later one
    /// replaced stays left out, as the run leaves it. Nil in `run`, whose staging is the pipeline's.
    var runRedoes: ((SourceConfig, String) throws -> Bool)?
    /// The options the warehouse loaded a batch under (batch id; see `LoadedOptions`): a loaded file staging no longer
    /// holds (`purge-staging`) whose source's mapping or extraction options changed since is read again, as an edited
    /// source's staged file is normalized again. Nil: never (a warehouse that kept no options).
    var loadedOptions: ((String) throws -> LoadedOptions?)?
    /// Filled by `run`: the loaded contents it read again as new deliveries, which the load stage loads as sightings.
    var redeliveries = Redeliveries()

    /// Reads every file of `source`. A file that cannot be read (not well-formed, truncated, empty) does not stop
    /// the others: each is read and counted, and the errors of all failed files are thrown at the end (one, or
    /// `SourceFailures`), so that a run or a validation reports every broken file and counts the rest.
    /// A web system's error answer sent instead of the records (`{"code":500,"msg":"系统繁忙，请稍后重试","data":null}`,
    /// see `ExtractError.isErrorAnswer`) fails no run: nothing of it is staged, it is listed in the source's
    /// `notLoaded` (the run ends partial, exit 3) and the source's other files and the other sources load. A whole
    /// list with such a page is incomplete and withdraws nothing that night (see `LoadStage`).
    /// An error answer whose delivery a later complete one of the source replaced (`mz_dibao_20231103_p1.json`, `_p2`
    /// after `mz_dibao_20231102_p2.json`, see `laterCompleteDelivery`) is no longer listed: it was the night's
    /// problem, and the later delivery is the source's data now. Said at level info, once a run.
    func run(_ source: SourceConfig, report: inout SourceReport) throws {
        var failures = try runCollectingFailures(source, report: &report)
        let failed = Set(failures.compactMap { ($0 as? ExtractError)?.file })
        failures.removeAll { error in
            guard let answer = error as? ExtractError, answer.isErrorAnswer else { return false }
            if let later = laterCompleteDelivery(replacing: answer.file, of: source, failed: failed) {
                logger.info("not loaded, and no longer reported: \(DisplayPath.of(answer.file)) is a web system's error answer that the later delivery \(later) replaced",
                            metadata: ["source": "\(source.name)"])
                return true
            }
            let message = "\(DisplayPath.of(answer.file)): \(answer.message); nothing of it was loaded"
            report.notLoaded.append(message)
            logger.error("not loaded: \(message)", metadata: ["source": "\(source.name)"])
            return true
        }
        if failures.count == 1 { throw failures[0] }
        if !failures.isEmpty { throw SourceFailures(errors: failures) }
    }

    /// The later delivery of `source` that replaces the delivery `file` belongs to (`feeds/mz_dibao_20231103_p1.json
    /// … _p2.json`), or nil when there is none: the files of another delivery on disk (one file, or the pages of one
    /// export, see `ListDelivery`) whose name is the same but for a later date stamp
    /// (`ListDelivery.isLaterDelivery`), each of them loaded or extracted (none failed: `failed`, read with an
    /// error), with no gap in their page numbers. Files without a date stamp in their names are never replaced so:
    /// two counties' files of one night are no later delivery of each other.
    func laterCompleteDelivery(replacing file: String, of source: SourceConfig, failed: Set<String>) -> String? {
        let own = ListDelivery.key(of: file)
        let deliveries = Dictionary(grouping: SourceFiles.expand(source.path), by: ListDelivery.key(of:))
        for (key, pages) in deliveries.sorted(by: { $0.key > $1.key })
        where key != own && ListDelivery.isLaterDelivery(key, than: own) {
            guard ListDelivery.missingPages(among: pages).isEmpty else { continue }
            let complete = pages.allSatisfy { page in
                guard !failed.contains(page), let sha256 = try? SourceFiles.digest(page).sha256 else { return false }
                return ((try? isLoaded(source.name, sha256)) ?? false)
                    || ((try? staging.batch(sourceID: source.name, sha256: sha256)) ?? nil) != nil
            }
            guard complete else { continue }
            let sorted = pages.sorted()
            return sorted.count == 1 ? DisplayPath.of(sorted[0])
                : "\(DisplayPath.of(sorted[0])) … \(URL(fileURLWithPath: sorted[sorted.count - 1]).lastPathComponent)"
        }
        return nil
    }

    /// As `run`, but returns the errors of the files that failed instead of throwing them (`validate` goes on to
    /// normalize the files that were read). An error of the staging database itself (a full disk) is thrown at once.
    func runCollectingFailures(_ source: SourceConfig, report: inout SourceReport) throws -> [Error] {
        let files = SourceFiles.expand(source.path)
        if files.isEmpty {
            // A folder that cannot be listed (permissions, a link loop) hides files that may well be there: an error,
            // also under `when_missing: skip`, not a feed reported missing night after night.
            if let unreachable = SourceFiles.unreachable(source.path) {
                throw RunFailure(exitCode: 1, "\(source.path): \(unreachable): the files of source \(source.name) cannot be listed or read; fix the folder (its permissions for this user) — the feed was not treated as missing")
            }
            let message = "\(source.path): no file matches the path of source \(source.name)"
            // A feed that may be missing some nights: skipped, and the other sources go on.
            guard source.whenMissing == .skip else { throw RunFailure(exitCode: 1, message) }
            report.skippedAsMissing = message
            logger.warning("\(message); skipped (when_missing: skip)", metadata: ["source": "\(source.name)"])
            return []
        }
        var readThisRun: [String: String] = [:]
        var skippedThisRun: [String: String] = [:]
        var extractedThisRun: [String: String] = [:]
        var failures: [Error] = []
        for file in files {
            do {
                try extractFile(file, files: files, source: source, readThisRun: &readThisRun, skippedThisRun: &skippedThisRun,
                                extractedThisRun: &extractedThisRun, report: &report)
            } catch let error as DatabaseError {
                throw error
            } catch {
                failures.append(error)
            }
        }
        return failures
    }

    /// Reads one file of `source` into staging, unless it is skipped (a copy of one read already, an older delivery
    /// a later one on disk replaced, or loaded and still what the warehouse holds from its lineage). `files`: the
    /// source's files tonight; `readThisRun`: the files this run read (or takes from staging), by content;
    /// `skippedThisRun`: those it skipped as loaded; `extractedThisRun`: those it read.
    ///
    /// One rule tells a new delivery from an unchanged file: a file is unchanged when its content is what the
    /// warehouse holds from the file's own lineage (its path, or the earlier-dated deliveries of its name: see
    /// `ListDelivery.heldFromLineage`), and an older delivery that a later one on disk replaced
    /// (`ListDelivery.laterDeliveryOnDisk`) is not read again once loaded. So census A, B, then A again (under the
    /// same path or a later-dated name) is read and loaded again, while yesterday's dated file left on disk is not,
    /// whatever run last loaded its content under which name. `--force` reads the current files again, not the
    /// older deliveries a later one on disk replaced: those are judged as without it. Nor a loaded older delivery
    /// whose later-dated delivery the warehouse loaded and is gone from disk (`ListDelivery.laterDeliveryLoaded`):
    /// under `--force` it is said, once per file, in `deliveryWarnings`.
    private func extractFile(_ file: String, files: [String], source: SourceConfig, readThisRun: inout [String: String],
                             skippedThisRun: inout [String: String], extractedThisRun: inout [String: String],
                             report: inout SourceReport) throws {
        let (sha256, bytes) = try SourceFiles.digest(file)
        // A byte-for-byte copy of a file this run already read (a delivery sent twice under two names) is the
        // same batch: read once, whatever --force says.
        if let original = readThisRun[sha256] {
            report.filesSkipped += 1
            logger.warning("skipped: the same content as \(DisplayPath.of(original)), read already",
                           metadata: ["source": "\(source.name)", "file": "\(DisplayPath.of(file))"])
            return
        }
        let batchID = StagedBatch.id(sourceID: source.name, sha256: sha256)
        let replacedBy = ListDelivery.laterDeliveryOnDisk(replacing: file, among: files,
                                                          wholeList: LoadStage.isWholeList(source))
        let loaded = try isLoaded(source.name, sha256)
        let loads = try loaded ? loadHistory?(source.name) : nil
        // The later delivery is gone from disk (archived once it loaded), but the warehouse loaded it: this file,
        // loaded before it, is as old as when both were on disk, also under --force.
        if replacedBy == nil, let history = loads,
           let later = ListDelivery.laterDeliveryLoaded(replacing: file, loads: history) {
            report.filesSkipped += 1
            skippedThisRun[sha256] = file
            guard force else {
                logger.info("skipped: an older delivery, loaded already; the later delivery \(DisplayPath.of(later.file)) (loaded by run \(later.run)) replaced it",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
                return
            }
            // Asked for by name or by --force: say why nothing of it loaded, under --quiet too.
            let message = "\(DisplayPath.of(file)): not loaded: it is an older delivery than \(DisplayPath.of(later.file)), which the warehouse loaded in run \(later.run) (that file is no longer on disk); loading it again would set back what the later delivery changed. To load it on purpose, deliver it under a name dated after that delivery"
            report.deliveryWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            return
        }
        if !force || replacedBy != nil {
            let staged = try staging.batch(sourceID: source.name, sha256: sha256)
            if loaded, let later = replacedBy {
                // Yesterday's dated file left on disk: loaded, then replaced by a later delivery. Reading it again
                // (or under --force) would set back what the later delivery changed.
                report.filesSkipped += 1
                logger.info("skipped: an older delivery, loaded already; the later delivery \(DisplayPath.of(later)) replaced it",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
                skippedThisRun[sha256] = file
                return
            }
            let held = loads.map { loads in
                ListDelivery.heldFromLineage(of: file, loads: loads, readTonight: extractedThisRun.map {
                    (file: $0.value, batchID: StagedBatch.id(sourceID: source.name, sha256: $0.key))
                })
            } ?? (loaded ? [batchID] : nil)
            var optionsChanged = staged.map { staged in
                staged.extractedWith.map { $0 != source.extractionFingerprint } ?? false
            } ?? false
            // `validate`: the run's own staging says whether it reads or normalizes this content again.
            if loaded, staged == nil, let runRedoes, try runRedoes(source, sha256) { optionsChanged = true }
            // Loaded under a mapping or extraction options edited since, and no longer in staging (purged), where an
            // edited source's files are normalized again: read again, so that the edit applies to the current files
            // after `purge-staging` too, instead of the file being skipped as unchanged (trial 21g).
            var editedSinceLoaded: [String] = []
            if loaded, staged == nil, !optionsChanged, let loadedOptions, let under = try loadedOptions(batchID) {
                editedSinceLoaded = under.changed(extraction: source.extractionFingerprint,
                                                  normalization: source.normalizationFingerprint)
            }
            // Extracted after its content last loaded, by a run that did not load it (killed in its load, or
            // `--stage extract`): the load stage loads it again, so it is taken from staging, not skipped.
            let lastLoad = (loads ?? []).filter { $0.batchID == batchID }.map(\.run).max() ?? Int.max
            let pendingReload = loaded && staged.map { $0.extractedRun != runID && $0.extractedRun > lastLoad } ?? false
            // A name the warehouse never loaded, with a content it loaded under another name: a renamed or moved
            // file while the source loaded nothing else since that content (skipped as that content), a new
            // delivery once another content loaded after it (grid_1103.csv, byte for byte grid_1101.csv, after
            // grid_1102.csv).
            let replacedSince = (loads ?? []).contains { $0.batchID != batchID && $0.run > lastLoad }
            if loaded, let held, !held.contains(batchID) {
                // Loaded once, but not what the warehouse holds from this file's lineage: another delivery of it
                // was loaded since (census_B.csv between two census_A.csv nights). A new delivery tonight, read and
                // loaded again.
                redeliveries.batches.insert(batchID)
                logger.info("read again: content loaded before, but another delivery of this file was loaded after it",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
            } else if loaded, held == nil, replacedSince {
                // New under its name, with a content the source loaded under another name and replaced since (an
                // older delivery sent again under a new name): a new delivery tonight, read and loaded again.
                redeliveries.batches.insert(batchID)
                logger.info("read again: content loaded before under another name, and another delivery was loaded after it",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
            } else if optionsChanged {
                // Read under other extraction options (a fixed delimiter, encoding or record_path): read again, and
                // normalized and loaded again after it, so the warehouse ends as a full run would leave it.
                logger.info("read again: the source's extraction options changed since it was extracted",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
            } else if !editedSinceLoaded.isEmpty {
                logger.info("read again: the source's \(editedSinceLoaded.joined(separator: " and ")) changed since this content was loaded, and staging no longer holds it",
                            metadata: ["source": "\(source.name)", "file": "\(file)"])
            } else if loaded, !pendingReload {
                report.filesSkipped += 1
                // Said as a copy only when this path itself never loaded the content: a later-dated name sent with
                // the content its lineage holds already (yesterday's list again), not a file unchanged since it loaded.
                let ownLoad = loads?.contains { $0.file == file && $0.batchID == batchID } ?? false
                if !ownLoad, let original = skippedThisRun[sha256], original != file {
                    logger.warning("skipped: the same content as \(DisplayPath.of(original)), loaded already",
                                   metadata: ["source": "\(source.name)", "file": "\(DisplayPath.of(file))"])
                } else {
                    logger.info("skipped, content already loaded", metadata: ["source": "\(source.name)", "file": "\(file)"])
                }
                skippedThisRun[sha256] = file
                return
            } else if let staged {
                // Extracted by an earlier run and not loaded yet (or not loaded since): normalize and load take it
                // from staging.
                report.filesFromStaging += 1
                var metadata: Logger.Metadata = ["source": "\(source.name)", "file": "\(file)",
                                                 "extracted_run": "\(staged.extractedRun)"]
                // A run killed before it finished never recorded its reads: this run, which loads the batch,
                // counts them, so that every record read is in some run's rows_read.
                if staged.extractedRun != runID, try isUnfinished(staged.extractedRun) {
                    report.rowsRead += staged.rowsRead
                    metadata["counted_as_read"] = "\(staged.rowsRead)"
                }
                logger.info("not read again, already extracted and not yet loaded", metadata: metadata)
                readThisRun[sha256] = file
                return
            }
        }
        readThisRun[sha256] = file
        extractedThisRun[sha256] = file
        let before = SourceFiles.fingerprint(file)
        let partial = PartialRead()
        let fileWarnings = FileWarnings()
        let batch: StagedBatch
        let previous = try previousDeliveryRecords(source.name, file, sha256)
        do {
            batch = try extract(file: file, sha256: sha256, bytes: bytes, source: source, partial: partial,
                                fileWarnings: fileWarnings, previousRecords: previous)
        } catch {
            // Nothing of a file that fails part-way (a truncated JSON array or XML document) is staged, but
            // the records before the break were read, and the extractor's rejects among them were found.
            report.rowsRead += partial.rows
            report.rejectsBeforeFailure.merge(partial.rejects)
            throw error
        }
        // A feed still being written (or replaced) while we read it would stage a mix of two files.
        if SourceFiles.fingerprint(file) != before || before?.size != bytes {
            try staging.discardBatch(batch.batchID)
            throw RunFailure(exitCode: 1, "\(DisplayPath.of(file)): the file changed or vanished while it was being read; nothing of it was staged")
        }
        report.files += 1
        report.rowsRead += batch.rowsRead
        if let previous, let shrank = ExtractStage.shrinkage(records: batch.rowsRead, previous: previous, limits: source.limits) {
            let message = "\(DisplayPath.of(file)): \(shrank)"
            report.deliveryWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
        }
        // A file whose last record is cut short with no line break after it (a copy still in progress when the
        // night's run started, an export cut off): loaded as delivered, but the records after the cut never came.
        // Said of the delivery (under --quiet, so cron mails it, and in etl_run.message), not only as the record's
        // reject in etl_reject.
        if let cut = fileWarnings.cutShortAt {
            let message = "\(DisplayPath.of(file)): the file looks truncated: its last record (record \(cut.number)\(cut.line.map { ", line \($0)" } ?? "")) is cut short and no line break ends it (a copy still in progress, or an export cut off?), so records after it may be missing; it was read as delivered, the cut record rejected (\(cut.rule)): deliver the whole file again"
            report.deliveryWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
        }
        // Most records undecodable, each said on its own line: one line for the file says what to set. The
        // records stay rejects (the threshold holds the batch back); this is the delivery's, not the mapping's.
        if batch.rowsRead > 0, fileWarnings.undecodable * 2 > batch.rowsRead {
            let message = "\(DisplayPath.of(file)): \(fileWarnings.undecodable) of \(batch.rowsRead) records hold bytes that are not valid \(fileWarnings.encoding.uppercased())\(ExtractStage.encodingAdvice(fileWarnings, file: file))"
            report.deliveryWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
        }
        // What the extractor said of the file as a whole (records outside an XML record_path): staged with the
        // batch as warnings, and said as the mapping's warnings (validate --strict fails on them). A byte order mark
        // opening a line of NDJSON (two exports joined) is the delivery's, not the mapping's: said as such.
        for warning in fileWarnings.items {
            if warning.rule == "stray_byte_order_mark" {
                let message = "\(DisplayPath.of(file)): \(warning.message)"
                report.deliveryWarnings.append(message)
                logger.warning("\(message)", metadata: ["source": "\(source.name)"])
                continue
            }
            let message = "sources.\(source.name).options: \(DisplayPath.of(file)): \(warning.message)"
            report.mappingWarnings.append(message)
            report.absentFields.append("\(DisplayPath.of(file)): \(warning.message)")
            report.mappingWarningsSaidShort.insert(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
        }
        logger.info("extracted", metadata: ["source": "\(source.name)", "file": "\(file)",
                                           "records": "\(batch.rowsRead)", "encoding": "\(batch.encoding)"])
    }

    /// Why a file most of whose records did not decode does not, and what to set, after "N of M records hold bytes
    /// that are not valid UTF-8". The cause first, when it is known: a UTF-8 byte order mark in front of GBK text
    /// (`TextEncoding.isGB18030BehindUTF8Mark`, as Excel and WPS write it, read as UTF-8 whether declared `utf-8` or
    /// under `auto`, which follows the mark), then its fix, `gb18030`. Otherwise the encodings to set: never the one
    /// the file was read in, nor the one the source declares. `auto` is offered only to a source that declares another
    /// encoding; under `auto`, a byte order mark at the file's start is what chose the encoding, which `auto`
    /// follows again, so only a declared encoding reads the file.
    static func encodingAdvice(_ warnings: FileWarnings, file: String) -> String {
        if warnings.encoding == TextEncoding.utf8.rawValue, TextEncoding.isGB18030BehindUTF8Mark(file: file) {
            return ": \(TextEncoding.gb18030BehindUTF8Mark)"
        }
        let advice = TextEncoding.advice(otherThan: warnings.encoding, warnings.declared)
        let otherEncoding = ", so the file as a whole is most likely in another encoding: "
        guard warnings.declared == TextEncoding.auto.rawValue else { return "\(otherEncoding)\(advice), or encoding: auto" }
        guard let mark = warnings.byteOrderMark else { return otherEncoding + advice }
        return "\(otherEncoding)it starts with a \(mark.rawValue) byte order mark, which encoding: auto follows, so only a declared encoding reads it otherwise: \(advice)"
    }

    /// Why a delivery of `records` records is far smaller than the previous delivery of its path (`previous`
    /// records), under the source's `min_delivery_ratio`; nil when it is not, or when the previous delivery held
    /// fewer than `smallestComparedDelivery` records (a short list losing a few cases is no sign of a cut file).
    static func shrinkage(records: Int, previous: Int, limits: SourceLimits) -> String? {
        guard let minimum = limits.minDeliveryRatio, minimum > 0, previous >= smallestComparedDelivery,
              Double(records) < minimum * Double(previous) else { return nil }
        return "holds \(records) records, the previous delivery of this file held \(previous) (under min_delivery_ratio \(String(format: "%g", minimum))): a file cut off or a partial export? It was read as delivered"
    }

    /// The warning for a UTF-8 byte order mark in front of GB18030 text (`stray_byte_order_mark`).
    static let strayMarkMessage = "starts with a UTF-8 byte order mark, but its text is not UTF-8: read as the declared gb18030 after the mark"

    /// The `record_key` of a record the extractor could not read whole, from the fields it read before the break
    /// (the first of the source's key fields held non-empty, cleaned as the normalize stage cleans keys); nil when
    /// none was read.
    static func recordKey(of problem: RecordProblem, keys: [String]) -> String? {
        for key in keys {
            if let field = problem.readable.first(where: { $0.name == key }) {
                let value = TextCleaning.clean(field.value)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// The fewest records a previous delivery must have held for a new one to be compared with it.
    static let smallestComparedDelivery = 20

    /// Arrays of names the reading thread recognises as noted already (see `noteWritten`).
    static let notedLimit = 64
    /// Records per handoff chunk: large enough that locking is rare, small enough to keep memory flat.
    static let chunkSize = 512
    /// The JSON text bytes reserved per chunk: room for `chunkSize` records of a census row's size.
    static let chunkTextBytes = 512 * 640
}
