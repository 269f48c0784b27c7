import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongNormalize
import RongtongStaging

/// Runs a pipeline's stages in order over its sources: the one place where the stages are composed.
///
/// ```swift
/// let outcome = PipelineRunner(config: config, options: RunOptions(), logger: logger).run()
/// exit(outcome.exitCode)
/// ```
/// The PII key is checked before any file is read; the warehouse lock is held for the whole run. An existing
/// warehouse file of 0 bytes is refused (exit 1), and runs an earlier process left `running` are recorded as
/// `interrupted` before this one starts.
public struct PipelineRunner {
    public let config: PipelineConfig
    public let options: RunOptions
    public let logger: Logger
    public var environment: [String: String]

    public init(config: PipelineConfig, options: RunOptions, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = config
        self.options = options
        self.logger = logger
        self.environment = environment
    }

    var warehousePath: String { options.warehouse ?? config.warehouse }
    var stagingPath: String { options.staging ?? config.staging }

    /// The sources the options select, in pipeline order; throws (exit 2) on an unknown name.
    func selectedSources() throws -> [SourceConfig] {
        for name in options.sources where config.source(named: name) == nil {
            let hint = closestName(to: name, among: config.sources.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
            throw RunFailure(exitCode: 2, "\(config.file): no source named \"\(name)\"\(hint)")
        }
        return options.sources.isEmpty ? config.sources : config.sources.filter { options.sources.contains($0.name) }
    }

    func loadKey() throws -> PersonalDataKey {
        do {
            return try PersonalDataKey.load(variable: config.piiKeyEnv, file: config.piiKeyFile, environment: environment)
        } catch let error as PersonalDataKeyError {
            throw RunFailure(exitCode: 2, "\(config.file): \(error)")
        }
    }

    public func run() -> RunOutcome {
        var outcome = RunOutcome(runID: nil, status: .failed, sources: [])
        let started = Date()
        outcome.startedAt = started
        let sources: [SourceConfig]
        let key: PersonalDataKey
        let lock: WarehouseLock
        let warehouse: Warehouse
        do {
            sources = try selectedSources()
            // Each file's SHA-256 comes before its records: computed meanwhile, on the other core.
            if options.stages.contains(.extract) {
                SourceFiles.prefetchDigests(sources.flatMap { SourceFiles.expand($0.path) })
            }
            key = try loadKey()
            lock = try WarehouseLock(warehouse: warehousePath)
            // An existing file of 0 bytes is a warehouse lost (a truncated copy, a failed restore), not a new one:
            // refused before anything is written (staging, which belongs to the lost warehouse, included).
            if Warehouse.isEmptyFile(at: warehousePath) {
                throw RunFailure(exitCode: 1, Warehouse.emptyFileMessage(DisplayPath.of(warehousePath)))
            }
            do {
                try Warehouse.prepareWritableFiles(at: warehousePath, shownPath: DisplayPath.of(warehousePath))
            } catch let error as WarehouseError {
                throw RunFailure(exitCode: 1, error.description)
            }
            warehouse = try Warehouse(path: warehousePath)
            do {
                try warehouse.checkKeyFingerprint(key.fingerprint)
                try warehouse.hashRecordKeysStoredInClear({ StoredRecordKey.of($0, hashingWith: key) },
                                                          mayHoldID: StoredRecordKey.mayHoldID)
            } catch let error as WarehouseError {
                throw RunFailure(exitCode: 2, error.description)
            }
        } catch {
            return RunOutcome.failed(PipelineRunner.namingStorage(error, path: warehousePath, isStaging: false,
                                                                  work: "opening the warehouse"))
        }
        _ = lock
        // Runs still `running` ended without saying so (killed, stopped): this run holds the lock, so they are over.
        var interrupted: [InterruptedRun] = []
        do {
            interrupted = try warehouse.markInterruptedRuns()
        } catch {
            return RunOutcome.failed(PipelineRunner.namingStorage(error, path: warehousePath, isStaging: false,
                                                                  work: "recording interrupted runs"))
        }
        let runID: Int
        options.willRecordRun?()
        do {
            runID = try warehouse.startRun(pipeline: config.name, stages: options.stages.map(\.rawValue),
                                           sources: sources.map(\.name))
        } catch {
            return RunOutcome.failed(PipelineRunner.namingStorage(error, path: warehousePath, isStaging: false,
                                                                  work: "recording the run"))
        }
        outcome.runID = runID
        outcome.startedAt = started
        outcome.pipeline = config.name
        var logger = self.logger
        logger[metadataKey: "run_id"] = "\(runID)"
        logger[metadataKey: "pipeline"] = "\(config.name)"
        if !interrupted.isEmpty {
            let runs = interrupted.map(\.description).joined(separator: ", ")
            let warning = "\(runs) ended before \(interrupted.count == 1 ? "it" : "they") finished (the process was killed or stopped) and \(interrupted.count == 1 ? "is" : "are") now recorded as interrupted; nothing of an unfinished stage was committed, and this run picks up what was left"
            outcome.runWarnings.append(warning)
            logger.warning("\(warning)")
        }
        // A `survivorship:` ranking changed since the warehouse's values were decided (trial 19d): the sources that
        // rose load their current deliveries again, so that the stored values follow the new ranking.
        let appliedRanking = (try? warehouse.appliedSurvivorship()) ?? nil
        let rankedOrNamed = Set(config.sources.map(\.name) + (appliedRanking ?? [:]).values.joined().joined())
        let rankingChange = SurvivorshipChange.between(
            applied: appliedRanking, current: config.survivorship, sources: config.sources.map(\.name),
            loaded: (try? warehouse.sourcesHoldingRecords(among: rankedOrNamed)) ?? rankedOrNamed)
        let risenHouseholdSources = Set(rankingChange?.risenSources ?? [])
            .intersection(config.sources.filter { $0.entity == .household }.map(\.name))
        if let rankingChange {
            let plan = options.stages.contains(.load)
                ? (risenHouseholdSources.isEmpty ? "no household source whose records the warehouse holds rose, so nothing is loaded again; records loaded from now on are weighed under the new ranking"
                   : "this run loads again the staged deliveries of \(rankingChange.risenList), which now rank higher, so that the households' values follow the new ranking")
                : "the stored values follow the old ranking until a run with the load stage applies it"
            let warning = "survivorship changed since the warehouse's values were decided: \(rankingChange.describedColumns); \(plan)"
            outcome.runWarnings.append(warning)
            logger.warning("\(warning)")
        }
        func stageLogger(_ stage: Stage) -> Logger {
            var stageLogger = logger
            stageLogger[metadataKey: "stage"] = "\(stage.rawValue)"
            return stageLogger
        }
        var reports: [String: SourceReport] = [:]
        for source in sources { reports[source.name] = SourceReport(source: source.name) }
        /// Whether a load stage ran and committed: a load that failed loaded nothing (one transaction).
        var loadCommitted = false
        var stagingStore: StagingStore?
        /// Whether the sources' rejects were counted: once, and in a failed run before the failed stage's staging
        /// is undone, so that the summary says what the run read and rejected before it failed, as `validate` does.
        var rejectsCounted = false
        func countRejectsBeforeFailure() {
            guard !rejectsCounted, let staging = stagingStore else { return }
            rejectsCounted = true
            for source in sources {
                if !loadCommitted { reports[source.name]!.loadedBatches = [] }
                try? RejectSummary.fill(&reports[source.name]!, staging: staging, runID: runID)
            }
        }
        /// The sources' reports with their rejects counted, as the load committed them to `etl_run`.
        var countedReports: [String: SourceReport]?
        var stageStart = Date()
        /// The stage under way, whose time a failed run still reports.
        var currentStage: Stage?
        do {
            let staging = try StagingStore(path: stagingPath)
            stagingStore = staging
            let discarded = try staging.belong(toWarehouse: try warehouse.identity())
            if discarded > 0 {
                logger.warning("the staging database belonged to another warehouse (rebuilt or replaced); its \(discarded) staged batch(es) were discarded and the files are read again",
                               metadata: ["staging": "\(stagingPath)"])
            }
            stageStart = Date()
            // What the extract stage read again as new deliveries, for the load stage to load as sightings.
            let redeliveries = Redeliveries()
            func stageDone(_ stage: Stage) {
                currentStage = nil
                outcome.stageSeconds.append((stage.rawValue, Date().timeIntervalSince(stageStart)))
                // The reading and normalizing threads leave freed memory in their malloc arenas; hand it back
                // before the next stage, so that a whole night peaks at its largest stage, not at their sum.
                PipelineRunner.returnFreedMemory()
                stageStart = Date()
            }
            if options.stages.contains(.extract) {
                currentStage = .extract
                var stage = ExtractStage(staging: staging, isLoaded: { try warehouse.isLoaded(sourceID: $0, sha256: $1) },
                                         runID: runID, force: options.force, logger: stageLogger(.extract))
                stage.isUnfinished = { try warehouse.isUnfinished(runID: $0) }
                stage.loadedOptions = { try warehouse.loadedOptions(batchID: $0) }
                stage.previousDeliveryRecords = { try warehouse.previousDeliveryRecords(sourceID: $0, file: $1, other: $2) }
                stage.loadHistory = { try warehouse.loadHistory(sourceID: $0) }
                stage.redeliveries = redeliveries
                stage.progress = options.showProgress ? ProgressLine() : nil
                do {
                    try PipelineRunner.eachSource(sources, stage: .extract) { try stage.run($0, report: &reports[$0.name]!) }
                } catch {
                    // A failed stage commits nothing: the files it did read are dropped from staging too.
                    countRejectsBeforeFailure()
                    try? staging.discardExtractions(ofRun: runID)
                    throw error
                }
                stageDone(.extract)
            }
            // Normalize or load alone works on what an earlier extract left in staging; a source with nothing
            // there (staging purged or moved, extract never run) would otherwise "succeed" having done nothing.
            if !options.stages.contains(.extract) {
                for source in sources where try staging.batches(sourceID: source.name).isEmpty {
                    stageLogger(options.stages.contains(.normalize) ? .normalize : .load).warning(
                        "nothing staged for this source, so there is nothing to \(options.stages.contains(.normalize) ? "normalize" : "load"): run the extract stage first (the staging file may have been purged or moved)",
                        metadata: ["source": "\(source.name)", "staging": "\(DisplayPath.of(stagingPath))"])
                }
            }
            if options.stages.contains(.normalize) {
                currentStage = .normalize
                let directory = try RegionDirectory.bundled()
                var stage = NormalizeStage(staging: staging, key: key, directory: directory,
                                           addresses: AddressParser(directory: directory), runID: runID,
                                           force: options.force, logger: stageLogger(.normalize))
                stage.isLoaded = { try warehouse.isLoaded(batchID: $0.batchID) }
                stage.warnsOfUnextractedFiles = !options.stages.contains(.extract)
                stage.isContentLoaded = { try warehouse.isLoaded(sourceID: $0, sha256: $1) }
                do {
                    try PipelineRunner.eachSource(sources, stage: .normalize) { try stage.run($0, report: &reports[$0.name]!) }
                } catch {
                    countRejectsBeforeFailure()
                    try? staging.forgetNormalizations(ofRun: runID)
                    throw error
                }
                stageDone(.normalize)
            }
            if options.stages.contains(.load) {
                currentStage = .load
                try staging.narrowCacheForReading()
                let directory = try RegionDirectory.bundled()
                var stage = LoadStage(staging: staging, runID: runID, force: options.force, logger: stageLogger(.load))
                stage.warnsWhenNothingToLoad = !options.stages.contains(.extract)
                stage.countsFilesFromStaging = !options.stages.contains(.extract)
                stage.personalDataKey = key
                stage.replaysCurrentData = risenHouseholdSources.intersection(sources.map(\.name))
                stage.redeliveries = redeliveries
                var rankingPending: [String] = []
                let loadLogger = stageLogger(.load)
                try PipelineRunner.naming(warehousePath, "the load") { try warehouse.load(runID: runID, exclusive: config.loadMode == .exclusive, fallback: { reason in
                    loadLogger.warning("load_mode exclusive: a reader holds the warehouse, loading shared instead",
                                       metadata: ["reason": "\(reason)"])
                }) { session in
                    session.survivorship = config.survivorship
                    session.silenceMeans = config.sources.reduce(into: [:]) { means, source in
                        if !source.absentMeans.isEmpty { means[source.name] = source.absentMeans }
                    }
                    session.memberNameHash = { HouseholdNormalizer.memberNameHash($0, key: key) }
                    session.facilityMatchDistance = config.linking.facilityDistanceMeters
                    let ownWords: [String: String] = config.sources.reduce(into: [:]) { words, source in
                        words.merge(source.vocabularies["facility_type"] ?? [:]) { first, _ in first }
                    }
                    session.facilityKindWords = FacilityType.kindWords(adding: ownWords)
                    session.facilityTypeWords = FacilityType.typeWords(adding: ownWords)
                    session.facilityInstallationNames = FacilityType.installationNames()
                    session.facilityFieldWords = FacilityType.fieldWords()
                    try session.registerRegions(directory.allRegions.map {
                        RegionRow(code: $0.code, name: $0.name, level: $0.level.rawValue, parentCode: $0.parentCode,
                                  writtenNames: $0.level == .county || $0.level == .prefecture ? $0.writtenNames : [],
                                  addressName: $0.level == .community ? directory.addressSpelling(code: $0.code) : nil)
                    })
                    try session.registerSources(config.sources.map {
                        SourceRow(sourceID: $0.name, owner: $0.owner, kind: $0.kind.rawValue, format: $0.format,
                                  entity: $0.entity.rawValue)
                    })
                    if let rankingChange { session.rerankedColumns = Set(rankingChange.columns.map(\.name)) }
                    try stage.run(sources, session: session, reports: &reports)
                    // The ranking is applied once every source that rose and holds records loaded again; until then
                    // each run says which are left (and loads again those it can).
                    rankingPending = try risenHouseholdSources.sorted().filter {
                        try !stage.replayed.sources.contains($0) && session.holdsHouseholdRecords(ofSource: $0)
                    }
                    // A ranking that changed only for sources with no records yet (a new source listed) is recorded
                    // too: their records loaded from now on are weighed under it.
                    if rankingPending.isEmpty, appliedRanking != config.survivorship {
                        try session.recordAppliedSurvivorship(config.survivorship)
                    }
                    // The run's counts commit with the load they count: a run killed right after the commit still
                    // adds up (its batches' rows in etl_run_batch, its totals in etl_run). Only its status follows.
                    var counted = reports
                    for source in sources {
                        try RejectSummary.fill(&counted[source.name]!, staging: staging, runID: runID)
                    }
                    let totals = sources.map { counted[$0.name]! }
                    try session.recordRunCounts(rowsRead: totals.reduce(0) { $0 + $1.rowsRead },
                                                rowsLoaded: totals.reduce(0) { $0 + $1.rowsLoaded },
                                                rowsRejected: totals.reduce(0) { $0 + $1.rowsRejected },
                                                sourcesSkipped: totals.filter { $0.skippedAsMissing != nil }.map(\.source))
                    countedReports = counted
                } }
                loadCommitted = true
                if let rankingChange, !rankingPending.isEmpty {
                    let selected = Set(sources.map(\.name))
                    let reasons = rankingPending.map { name in
                        selected.contains(name)
                            ? "\(name) has no delivery in staging to load again (purge-staging?): run with --source \(name) --force to read its files again"
                            : "\(name) was left out by --source: run without --source, or with --source \(name)"
                    }
                    let warning = "survivorship changed (\(rankingChange.describedColumns)) but the stored values still follow the old ranking where these sources' records are outranked: \(reasons.joined(separator: "; "))"
                    outcome.runWarnings.append(warning)
                    logger.warning("\(warning)")
                }
                if PipelineRunner.killAfterLoadCommit { LoadStage.killForTest() }
                stageDone(.load)
            }
            if let countedReports {
                reports = countedReports
            } else {
                for source in sources {
                    try RejectSummary.fill(&reports[source.name]!, staging: staging, runID: runID)
                }
            }
            rejectsCounted = true
            outcome.sources = sources.map { reports[$0.name]! }
            // Work left undone (a held batch, a staged file the load could not load) ends the run partial, exit 3.
            outcome.status = outcome.sources.contains { !$0.heldBack.isEmpty || !$0.notLoaded.isEmpty } ? .partial : .succeeded
            if !options.sources.isEmpty {
                outcome.otherSourcesPending = pendingFiles(notAmong: sources, warehouse: warehouse)
                for pending in outcome.otherSourcesPending {
                    outcome.runWarnings.append(pending)
                    logger.warning("\(pending)")
                }
            }
        } catch {
            countRejectsBeforeFailure()
            var stages = outcome.stageSeconds
            if let failedStage = currentStage { stages.append((failedStage.rawValue, Date().timeIntervalSince(stageStart))) }
            let runWarnings = outcome.runWarnings
            // The load names the warehouse itself (`naming`); an SQLite error here is the staging database's.
            outcome = RunOutcome.failed(PipelineRunner.namingStorage(error, path: stagingPath, isStaging: true,
                                                                     work: currentStage.map { "the \($0.rawValue)" } ?? "opening staging"),
                                        runID: runID)
            outcome.runWarnings = runWarnings
            outcome.pipeline = config.name
            outcome.startedAt = started
            outcome.stageSeconds = stages
            outcome.sources = sources.map { source in
                var report = reports[source.name]!
                if !loadCommitted { report.rowsLoaded = 0 }
                return report
            }
        }
        outcome.finishedAt = Date()
        for source in outcome.sources {
            logger.info("source done", metadata: [
                "source": "\(source.source)", "read": "\(source.rowsRead)", "loaded": "\(source.rowsLoaded)",
                "rejected": "\(source.rowsRejected)", "warnings": "\(source.warnings)"])
        }
        logger.info("run \(outcome.status.rawValue)", metadata: [
            "duration_s": "\(String(format: "%.3f", outcome.finishedAt.timeIntervalSince(outcome.startedAt)))",
            "read": "\(outcome.rowsRead)", "loaded": "\(outcome.rowsLoaded)", "rejected": "\(outcome.rowsRejected)"])
        try? warehouse.finishRun(runID, status: outcome.status.rawValue, rowsRead: outcome.rowsRead,
                                 rowsLoaded: outcome.rowsLoaded, rowsRejected: outcome.rowsRejected,
                                 message: outcome.failure ?? runMessage(outcome),
                                 sourcesSkipped: outcome.sources.filter { $0.skippedAsMissing != nil }.map(\.source))
        return outcome
    }
}

extension PipelineRunner {
    /// `etl_run.message` of a run that completed, which `status` prints; nil when there is nothing to say. First what
    /// explains a `partial` run: every held file, one line each with its source (`status` prints them all), not only
    /// the first source's, and every staged file the load left unloaded (`civil-affairs: not loaded: …: extracted but
    /// not normalized yet, …`). Then the warnings `--quiet` prints, about the night's files and deliveries rather than
    /// single records: in a run limited by `--source`, the other sources' files no run has loaded yet; each source
    /// skipped because its `path` matched no file (`when_missing: skip`); each source's `mappingWarnings` (a whole
    /// list's `absent_means` not applied: `feeds/mz/page_3.json is missing …`) and `deliveryWarnings` (a delivery
    /// far smaller than the previous one, `delivery_shrank`; a file cut short). Last, what each whole list withdrew
    /// and each source's household life events (`civil-affairs: 1 no longer listed`, `police-registry: 6 record(s)
    /// moved to another household, 8 new head(s)`, see
    /// `SourceReport.householdEvents`) and every mapped field or key that never occurs in a file, in short
    /// (`gab: hj.xml: 户主/身份证号 never occurs (head_id)`; its long mapping warning is not repeated).
    func runMessage(_ outcome: RunOutcome) -> String? {
        var lines: [String] = outcome.sources.flatMap { source in source.heldBack.map { "\(source.source): \($0)" } }
        lines += outcome.sources.flatMap { source in source.notLoaded.map { "\(source.source): not loaded: \($0)" } }
        lines += outcome.otherSourcesPending
        lines += outcome.sources.flatMap { source in
            ((source.skippedAsMissing.map { ["skipped: \($0)"] } ?? [])
                + source.mappingWarnings.filter { !source.mappingWarningsSaidShort.contains($0) }
                + source.deliveryWarnings).map { "\(source.source): \($0)" }
        }
        lines += outcome.sources.compactMap { source in
            // What a whole list withdrew (a 低保 case dropped), which a `--quiet` cron job otherwise never hears.
            let withdrawn = source.householdsNoLongerListed + source.facilitiesNoLongerListed
            let parts: [String] = (withdrawn > 0 ? ["\(withdrawn) no longer listed"] : []) + (source.householdEvents.map { [$0] } ?? [])
            return parts.isEmpty ? nil : "\(source.source): " + parts.joined(separator: ", ")
        }
        lines += outcome.sources.flatMap { source in source.absentFields.map { "\(source.source): \($0)" } }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// For a run limited by `--source` to `selected`: one line for each other source of the pipeline whose path
    /// holds a file whose content no run has loaded, or a content loaded once and back after another delivery of its
    /// path replaced it (`mz-dibao: feeds/mz/dibao.json has not been loaded yet (--source
    /// left it out): …`). After a failed night that loaded nothing, rerunning only the source that failed loads it
    /// alone, and the other sources' new deliveries would wait unsaid for the next full run.
    func pendingFiles(notAmong selected: [SourceConfig], warehouse: Warehouse) -> [String] {
        let chosen = Set(selected.map(\.name))
        var lines: [String] = []
        for source in config.sources where !chosen.contains(source.name) {
            // A file of a size no loaded content of the source has is not loaded: no need to read it through.
            let loadedSizes = (try? warehouse.loadedSizes(sourceID: source.name)) ?? []
            let files = SourceFiles.expand(source.path).filter { file in
                if access(file, R_OK) == 0, let size = SourceFiles.fingerprint(file)?.size, !loadedSizes.contains(size) {
                    return true
                }
                guard let sha256 = try? SourceFiles.digest(file).sha256 else { return false }
                // Loaded, but since replaced by another delivery of its path: a new delivery a full run would load.
                if let loads = try? warehouse.loads(sourceID: source.name, since: sha256),
                   ListDelivery.isReplaced(file, loads: loads) { return true }
                return !((try? warehouse.isLoaded(sourceID: source.name, sha256: sha256)) ?? true)
            }
            guard !files.isEmpty else { continue }
            let shown = files.prefix(3).map(DisplayPath.of).joined(separator: ", ") + (files.count > 3 ? ", …" : "")
            lines.append("\(source.name): \(shown) \(files.count == 1 ? "has" : "have") not been loaded yet (--source left \(source.name) out of this run): run without --source, or with --source \(source.name), to load \(files.count == 1 ? "it" : "them")")
        }
        return lines
    }

    /// Runs `body` for each source, going on after one fails, so that a run whose sources fail for several reasons
    /// reports them all at once; throws the one error, or `SourceFailures`. A failing staging database (a full
    /// disk) would fail every source alike: it stops at once.
    static func eachSource(_ sources: [SourceConfig], stage: Stage, _ body: (SourceConfig) throws -> Void) throws {
        var errors: [Error] = []
        for source in sources {
            do {
                try body(source)
            } catch let error as DatabaseError {
                errors.append(error)
                break
            } catch let failures as SourceFailures {
                // Several files of the source failed (see `ExtractStage.run`): one line each.
                errors += failures.errors.map { SourceFailure(source: source.name, stage: stage.rawValue, error: $0) }
            } catch {
                errors.append(SourceFailure(source: source.name, stage: stage.rawValue, error: error))
            }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw SourceFailures(errors: errors) }
    }

    /// Crash-consistency tests set RONGTONG_TEST_KILL_AFTER_LOAD_COMMIT to kill the process (SIGKILL, or the
    /// RONGTONG_TEST_KILL_SIGNAL) right after the load committed, before the run's status is written (the moment a kill leaves a `running` run with its load done).
    static let killAfterLoadCommit = ProcessInfo.processInfo.environment["RONGTONG_TEST_KILL_AFTER_LOAD_COMMIT"] != nil

    /// glibc's `malloc_trim(0)`, looked up at run time (`<malloc.h>` is not in Swift's Glibc module); nothing on
    /// a C library without it.
    static func returnFreedMemory() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// `error` as the run reports it: an SQLite error of the staging or warehouse database named by its file, with
    /// what was under way and what to do (`staging/guizhou.staging.sqlite: file is not a database (during the
    /// extract; …): …purge-staging…`), instead of GRDB's `SQLite error 26: … - while executing …`. Other errors as
    /// they are.
    static func namingStorage(_ error: Error, path: String, isStaging: Bool, work: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        let what = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        let advice: String
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            advice = "free space on its disk, then run again"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            advice = isStaging
                ? "the staging database holds only what a run reads again: delete it (`rongtong purge-staging` with the pipeline file), and the next run reads every file not yet loaded"
                : "restore the warehouse from its backup (or move it away to start a new one)"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            advice = "the file, its -wal and -shm files or its folder cannot be written by this user: fix their permissions"
        default:
            advice = "see the SQLite message"
        }
        return RunFailure(exitCode: 1, "\(DisplayPath.of(path)): \(what) (during \(work); nothing of it was committed): \(advice)")
    }

    /// Runs `body`, turning an SQLite error into a failure that names the database file and what was under way
    /// (`warehouse/guizhou.sqlite: database or disk is full (during the load; nothing of it was committed)`).
    static func naming<T>(_ path: String, _ work: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let what = error.message ?? "SQLite error \(error.resultCode.rawValue)"
            throw RunFailure(exitCode: 1, "\(DisplayPath.of(path)): \(what) (during \(work); nothing of it was committed)")
        }
    }
}

extension RunOutcome {
    /// A failed outcome carrying `error` as its message (one per failed source for `SourceFailures`) and the most
    /// serious of their exit codes (2, then 1).
    static func failed(_ error: Error, runID: Int? = nil) -> RunOutcome {
        var outcome = RunOutcome(runID: runID, status: .failed, sources: [])
        let errors = (error as? SourceFailures)?.errors ?? [error]
        let described = errors.map(describe)
        outcome.failures = described.map(\.message)
        outcome.failureContexts = errors.map { error in
            (error as? SourceFailure).map { ($0.source, $0.stage) } ?? (nil, nil)
        }
        outcome.failureExitCode = described.map(\.exitCode)
            .max { PipelineValidation.severity($0) < PipelineValidation.severity($1) } ?? 1
        return outcome
    }

    /// One error's message and exit code.
    private static func describe(_ error: Error) -> (message: String, exitCode: Int32) {
        switch error {
        case let failure as SourceFailure:
            return describe(failure.error)
        case var extract as ExtractError:
            // The file as the user typed it, as reject lines name it.
            extract.file = DisplayPath.of(extract.file)
            // A web system's error answer is a night's partial delivery, as `run` ends it (exit 3).
            return (extract.description, extract.isErrorAnswer ? 3 : 1)
        case let failure as RunFailure:
            return (failure.description, failure.exitCode)
        case let config as ConfigError:
            return (config.description, 2)
        default:
            return (String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)", 1)
        }
    }
}
