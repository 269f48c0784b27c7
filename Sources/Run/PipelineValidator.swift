import Foundation
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongNormalize
import RongtongStaging

/// The result of validating one pipeline file: its config error, or a report per source.
public struct PipelineValidation: Sendable {
    public var pipeline: String
    public var configError: String?
    public var sources: [SourceValidation]
    /// Warnings about the pipeline as a whole, not one source: a `survivorship:` ranking that differs from the one
    /// the pipeline's warehouse holds its values under (`SurvivorshipChange`). They leave the exit code as it is.
    public var warnings: [String] = []

    /// 2 for a bad config, 1 when a source could not be read, 3 when one is over its threshold or its failure is
    /// one `run` ends partial with (a web system's error answer in place of a file's records), else 0: each source
    /// failed with the code `run` would exit with. Across sources and pipelines the most serious wins, in that order
    /// (see `severity`).
    public var exitCode: Int32 {
        if configError != nil { return 2 }
        let codes = sources.flatMap { source -> [Int32] in
            (source.failure != nil ? [source.failureExitCode] : []) + (source.overThreshold != nil ? [3] : [])
        }
        return codes.max { PipelineValidation.severity($0) < PipelineValidation.severity($1) } ?? 0
    }
}

/// One source's validation: counts, rejects by rule, threshold verdict, or the error that stopped it.
extension PipelineValidation {
    /// Ranks exit codes by seriousness: configuration error, then failure, then threshold, then success.
    public static func severity(_ code: Int32) -> Int {
        switch code {
        case 2: return 3
        case 1: return 2
        case 3: return 1
        default: return 0
        }
    }
}

public struct SourceValidation: Sendable {
    public var report: SourceReport
    public var failure: String?
    /// 2 when the failure is the configuration's (a missing column, a bad context), 3 when it is only web systems'
    /// error answers (which `run` ends partial with), else 1.
    public var failureExitCode: Int32 = 1
    public var overThreshold: String?
}

/// Runs extract and normalize of every source of a pipeline into a throw-away staging file; writes no warehouse.
///
/// Without the PII key in the environment an ephemeral random key is used: hashes never leave the temporary file.
///
/// Each file's column mapping is reported (`SourceReport.columnMappings`): which column feeds which canonical field,
/// and which columns feed none, with how many records hold a value in each of those.
///
/// A mapped name that never occurs in a file, or a field the source's previous delivery fed by its header that no
/// column of the file feeds now, is reported with its source (`mappingWarnings`), in every report format; it
/// leaves the verdict `ok`, unless `strict`, which makes it fail the source as a configuration error
/// (exit 2). Log lines carry `pipeline` (and `pipeline_file`), `stage` and, where known, `source`, as `run`'s do.
public struct PipelineValidator {
    public let pipeline: String
    public let logger: Logger
    public var strict: Bool
    /// Leave out the files the pipeline's warehouse already holds as loaded, as tonight's `run` would skip them:
    /// the report is then about the new deliveries only.
    public var newOnly: Bool

    public init(pipeline: String, logger: Logger, strict: Bool = false, newOnly: Bool = false) {
        self.pipeline = pipeline
        self.logger = logger
        self.strict = strict
        self.newOnly = newOnly
    }

    public func validate() -> PipelineValidation {
        let config: PipelineConfig
        var logger = self.logger
        do {
            config = try PipelineConfig.loadCheckingContexts(path: pipeline)
        } catch {
            return PipelineValidation(pipeline: pipeline, configError: "\(error)", sources: [])
        }
        logger[metadataKey: "pipeline"] = "\(config.name)"
        // Several files may share a pipeline name; the report names each by its path.
        logger[metadataKey: "pipeline_file"] = "\(pipeline)"
        func stageLogger(_ stage: Stage) -> Logger {
            var stageLogger = logger
            stageLogger[metadataKey: "stage"] = "\(stage.rawValue)"
            return stageLogger
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rongtong-validate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key: PersonalDataKey
        do {
            key = try PersonalDataKey.load(variable: config.piiKeyEnv, file: config.piiKeyFile)
        } catch {
            key = (try? PersonalDataKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) }))!
        }
        var results: [SourceValidation] = []
        do {
            let staging = try StagingStore(path: folder.appendingPathComponent("staging.sqlite").path)
            let directory = try RegionDirectory.bundled()
            let loaded = newOnly ? try Warehouse.loadedContents(readOnlyAt: config.warehouse) ?? [] : []
            // A loaded file tonight's run reads or normalizes again (its source's extraction or field options
            // changed since: a fixed encoding, an edited mapping) is not left out: the run would load it again. The
            // run's rules decide which: the extract's (an older delivery a later one replaced is skipped first, see
            // `ExtractStage.runRedoes`), and the normalize's (`StagedDeliveries.supersession` over the pipeline's
            // staging: a loaded delivery a later one replaced keeps what it loaded).
            let stagedOptions = newOnly ? try StagingStore.stagedOptions(readOnlyAt: config.staging) : [:]
            let stagingPath = config.staging
            func runRedoes(_ source: SourceConfig, _ sha256: String) throws -> Bool {
                let batchID = StagedBatch.id(sourceID: source.name, sha256: sha256)
                guard let staged = stagedOptions[batchID] else { return false }
                if let readWith = staged.extractedWith, readWith != source.extractionFingerprint { return true }
                guard let normalizedWith = staged.normalizedWith, normalizedWith != source.normalizationFingerprint
                else { return false }
                let all = try StagingStore.batches(readOnlyAt: stagingPath, sourceID: source.name)
                guard let batch = all.first(where: { $0.batchID == batchID }) else { return true }
                return StagedDeliveries.supersession(of: batch, among: all, source: source) == nil
            }
            var extract = ExtractStage(staging: staging,
                                       isLoaded: { loaded.contains(Warehouse.loadedContentKey(sourceID: $0, sha256: $1)) },
                                       runID: 0, force: !newOnly, logger: stageLogger(.extract))
            if newOnly {
                extract.runRedoes = runRedoes
                // What each file's lineage holds, as `run` judges it (a content back after another delivery is new).
                let warehousePath = config.warehouse
                extract.loadHistory = { (try? Warehouse.loadHistory(readOnlyAt: warehousePath, sourceID: $0)) ?? [] }
                // A loaded file whose options the pipeline's staging no longer holds (purged): the run reads it again
                // when the warehouse loaded it under other options.
                extract.loadedOptions = { (try? Warehouse.loadedOptions(readOnlyAt: warehousePath, batchID: $0)) ?? nil }
            }
            // Each file against the previous delivery of its path the warehouse loaded, as `run` compares them
            // (read only; a warehouse that cannot be read leaves the comparison out).
            let warehouse = config.warehouse
            extract.previousDeliveryRecords = { source, file, sha256 in
                (try? Warehouse.previousDeliveryRecords(readOnlyAt: warehouse, sourceID: source, file: file, other: sha256)) ?? nil
            }
            var normalize = NormalizeStage(staging: staging, key: key, directory: directory,
                                           addresses: AddressParser(directory: directory), runID: 0, force: true,
                                           logger: stageLogger(.normalize))
            // Each file's columns against the source's earlier deliveries the pipeline's staging holds, as `run`
            // compares them (read only; a staging file that cannot be read leaves the comparison out).
            let stagingFile = config.staging
            normalize.earlierBatches = { source in
                (try? StagingStore.batches(readOnlyAt: stagingFile, sourceID: source.name)) ?? []
            }
            for source in config.sources {
                var report = SourceReport(source: source.name)
                var result = SourceValidation(report: report, failure: nil)
                var staged = false
                var unreadable: [Error] = []
                do {
                    // A file that cannot be read fails the source, but its other files are still read, normalized
                    // and counted: the failure names each broken file.
                    unreadable = try extract.runCollectingFailures(source, report: &report)
                    // A web system's error answer that a later complete delivery in the folder replaced fails no
                    // validation, as it fails no run (`ExtractStage.run`): the later delivery is the source's data.
                    let failedFiles = Set(unreadable.compactMap { ($0 as? ExtractError)?.file })
                    unreadable.removeAll { error in
                        guard let answer = error as? ExtractError, answer.isErrorAnswer else { return false }
                        return extract.laterCompleteDelivery(replacing: answer.file, of: source, failed: failedFiles) != nil
                    }
                    // A file the mapping does not fit fails the source, but its other files are normalized and
                    // counted all the same (`NormalizeStage.run`): the failure names each such file.
                    var unfit: [Error] = []
                    do {
                        try normalize.run(source, report: &report)
                    } catch let failures as SourceFailures {
                        unfit = failures.errors
                    } catch let failure as RunFailure {
                        unfit = [failure]
                    }
                    staged = true
                    // Which unread columns hold data: the ones a feeder would miss, said by default.
                    for index in report.columnMappings.indices where !report.columnMappings[index].unread.isEmpty {
                        let mapping = report.columnMappings[index]
                        report.columnMappings[index].recordsWithValue = try staging.recordsWithValue(
                            batchID: mapping.batchID, fields: mapping.unread)
                    }
                    try RejectSummary.fill(&report, staging: staging, runID: 0)
                    if strict, !report.mappingWarnings.isEmpty {
                        throw RunFailure(exitCode: 2, "--strict: \(report.mappingWarnings.joined(separator: "; "))")
                    }
                    // Per file, as `run` holds back batches: a source's total would pass a bad file among good ones.
                    // A file the mapping does not fit is never loaded (it failed above): no threshold of its own.
                    var over: [String] = []
                    let normalized = Set(report.columnMappings.map(\.batchID))
                    for batch in try staging.batches(sourceID: source.name) where normalized.contains(batch.batchID) {
                        let errorRecords = try staging.rejectedRecordCount(batchID: batch.batchID)
                        if let reason = RejectThreshold.exceeded(errorRecords: errorRecords, rowsRead: batch.rowsRead,
                                                                  limits: source.limits) {
                            over.append("\(DisplayPath.of(batch.file)): \(reason)")
                        }
                    }
                    if !over.isEmpty { result.overThreshold = over.joined(separator: "; ") }
                    if !unreadable.isEmpty || !unfit.isEmpty { throw SourceFailures(errors: unfit) }
                } catch {
                    // The unreadable files first, then what stopped the others (a missing column), if anything did.
                    let stopped = (error as? SourceFailures)?.errors ?? [error]
                    let failed = RunOutcome.failed(SourceFailures(errors: unreadable + stopped))
                    result.failure = failed.failure
                    result.failureExitCode = failed.failureExitCode
                    // What was staged before the failure still counts: the extractor's rejects (undecodable or
                    // malformed records) are as true of the file as the error that stopped it.
                    if !staged { try? RejectSummary.fill(&report, staging: staging, runID: 0) }
                }
                result.report = report
                results.append(result)
            }
        } catch {
            return PipelineValidation(pipeline: pipeline, configError: RunOutcome.failed(error).failure, sources: results)
        }
        var validation = PipelineValidation(pipeline: pipeline, configError: nil, sources: results)
        // The warehouse is only read: a ranking changed since its values were decided is said here, as `run` says it.
        let applied = (try? Warehouse.appliedSurvivorship(readOnlyAt: config.warehouse)) ?? nil
        let rankedOrNamed = Set(config.sources.map(\.name) + (applied ?? [:]).values.joined().joined())
        if let change = SurvivorshipChange.between(
            applied: applied, current: config.survivorship, sources: config.sources.map(\.name),
            loaded: (try? Warehouse.sourcesHoldingRecords(readOnlyAt: config.warehouse, among: rankedOrNamed))
                ?? rankedOrNamed) {
            validation.warnings.append(change.validateWarning)
            logger.warning("\(change.validateWarning)")
        }
        return validation
    }
}
