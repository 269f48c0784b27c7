import Foundation
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongStaging
import RongtongNormalize

/// The sources a load stage loaded again after a `survivorship:` change (`LoadStage.replaysCurrentData`).
final class ReplayedSources {
    var sources: Set<String> = []
}

/// Stage 3: links each normalized batch's candidates into the warehouse, all sources in one transaction.
///
/// A batch whose error rejects exceed the source's `max_reject_ratio` or `max_rejects` is held back
/// (`etl_batch.status = 'held'`), the others load. With `force`, the source's latest extraction loads again.
struct LoadStage {
    let staging: StagingStore
    let runID: Int
    let force: Bool
    /// Set when the run does not extract (`--stage load`, `--stage normalize --stage load`): a source with staged
    /// files but none left to load is then warned about, since the user asked for a load that does nothing (the
    /// files of a failed run are not staged; new files need the extract stage). A staged file extracted but not
    /// normalized (`--stage extract` then `--stage load`) is not loaded, in any run: it is warned about naming the
    /// normalize stage and listed in the source's `notLoaded`, which ends the run `partial` (exit 3). A run with the
    /// normalize stage normalizes every such batch first, so only a run without it (`--stage load`, or
    /// `--stage extract --stage load`) leaves one.
    var warnsWhenNothingToLoad = false
    /// Set when the run does not extract (`--stage normalize --stage load`, `--stage load`): a file it loads that an
    /// earlier run extracted and no run loaded since (a `--stage extract` run's) is counted in the source's
    /// `filesFromStaging`, as the extract stage of a full run counts it, and its records as read in this run when the
    /// run that extracted it never finished.
    var countsFilesFromStaging = false
    let logger: Logger
    /// The key a record key that is or holds a resident ID is hashed under (see `StoredRecordKey`). The normalize
    /// stage hashes the keys of the candidates and rejects it writes; the load hashes again what staging may still
    /// hold as written (the extractor's rejects, the raw records a whole list's keys are read from, candidates staged
    /// by an earlier version), which leaves a hashed key as it is.
    var personalDataKey: PersonalDataKey?
    /// Household sources whose staged current deliveries, loaded already, load again in this run: they rose in a
    /// `survivorship:` ranking that changed since the warehouse's values were decided (see `SurvivorshipChange`),
    /// and their records, unchanged, now take over the columns whose owner they outrank. The current data is what
    /// an edited mapping normalizes again (`StagedDeliveries`): not a delivery a later one replaced.
    var replaysCurrentData: Set<String> = []
    /// Filled by `run`: the sources of `replaysCurrentData` that loaded a delivery (again, or new).
    let replayed = ReplayedSources()
    /// The batches this run's extract stage read again as new deliveries (content loaded before, not what the
    /// warehouse holds from its file's lineage): each loads as a sighting, as a new file does.
    var redeliveries = Redeliveries()

    /// `key` as the warehouse stores it.
    func stored(_ key: String) -> String {
        personalDataKey.map { StoredRecordKey.of(key, hashingWith: $0) } ?? key
    }

    func run(_ sources: [SourceConfig], session: LoadSession, reports: inout [String: SourceReport]) throws {
        // Housing's compounds first, so households and facilities find them; then households, then facilities.
        let order: [EntityKind] = [.compound, .household, .facility]
        let ordered = sources.enumerated().sorted {
            (order.firstIndex(of: $0.element.entity)!, $0.offset) < (order.firstIndex(of: $1.element.entity)!, $1.offset)
        }.map(\.element)
        for source in ordered {
            var report = reports[source.name] ?? SourceReport(source: source.name)
            let all = try staging.batches(sourceID: source.name)
            let latestRun = all.map(\.extractedRun).max()
            var loadedAny = false
            var notNormalized: [StagedBatch] = []
            var toLoad: [StagedBatch] = []
            for batch in all {
                // A batch held back over its threshold was reported when it was held; it is retried with --force, or
                // once it was normalized again (an edited mapping), as is a loaded batch normalized since, or extracted
                // again as a new delivery (content back at its path after another one, edited extraction options).
                let wanted: Bool
                if force {
                    wanted = batch.extractedRun == latestRun
                } else if let loaded = try session.loadedRun(batchID: batch.batchID) {
                    // A held batch whose hold has ended (its file gone, a later delivery of content already loaded)
                    // is not retried.
                    wanted = try StagedDeliveries.awaitsLoad(batch, loadedRun: loaded,
                                                             normalizedRun: staging.normalizedRun(batchID: batch.batchID),
                                                             among: all, source: source)
                        && (session.status(batchID: batch.batchID) != "held" || holdEnded(batch, of: source, session: session) == nil)
                        || replaysCurrentData.contains(source.name) && session.status(batchID: batch.batchID) == "loaded"
                            && StagedDeliveries.supersession(of: batch, among: all, source: source) == nil
                } else {
                    wanted = true
                }
                guard wanted else { continue }
                guard try staging.normalizedRun(batchID: batch.batchID) != nil else {
                    // Extracted (`--stage extract`) and never normalized: the step missing is normalize, not extract.
                    notNormalized.append(batch)
                    continue
                }
                toLoad.append(batch)
            }
            if countsFilesFromStaging { try countFromStaging(toLoad, session: session, report: &report) }
            // A source that rose in a changed ranking has its records weighed under it when any of its current
            // deliveries loads (its new files, or those loaded again), unchanged records included.
            if replaysCurrentData.contains(source.name), !toLoad.isEmpty { replayed.sources.insert(source.name) }
            // A whole list is judged once per delivery: after the last of its files (a web export's pages) loaded.
            var deliveries: [String: WholeListDelivery] = [:]
            if LoadStage.isWholeList(source) {
                for batch in toLoad {
                    let key = ListDelivery.key(of: batch.file)
                    let delivery = deliveries[key] ?? WholeListDelivery(key: key)
                    delivery.pending.insert(batch.batchID)
                    deliveries[key] = delivery
                }
            }
            var delivered: [StagedBatch] = []
            for batch in toLoad {
                if try load(batch, source: source, session: session, report: &report,
                            delivery: deliveries[ListDelivery.key(of: batch.file)]) {
                    delivered.append(batch)
                }
                loadedAny = true
            }
            if source.entity == .household, !source.recordKeys.isEmpty, !delivered.isEmpty {
                try absorbJoinedHouseholds(after: delivered, of: source, session: session, report: &report)
            }
            if !notNormalized.isEmpty {
                // Work the run was asked for and left undone: the run ends partial (exit 3), not succeeded.
                report.notLoaded += notNormalized.map {
                    "\(DisplayPath.of($0.file)): extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source \(source.name))"
                }
                let files = notNormalized.map { DisplayPath.of($0.file) }.joined(separator: ", ")
                logger.warning("not loaded: \(files) \(notNormalized.count == 1 ? "is" : "are") extracted but not normalized yet; run the normalize stage first (--stage normalize --stage load --source \(source.name))",
                               metadata: ["source": "\(source.name)",
                                          "batch": "\(notNormalized.map(\.batchID).joined(separator: ","))"])
            } else if warnsWhenNothingToLoad, !loadedAny, !all.isEmpty {
                logger.warning("nothing new to load: every file staged for this source is loaded already; new files need the extract stage (a failed run stages nothing), and --force loads the latest file again",
                               metadata: ["source": "\(source.name)"])
            }
            // A source whose newest file is still held back keeps saying so (and exiting 3) every night until a
            // corrected file loads (or repeats content already loaded), the held file is deleted, or `--force`
            // loads it anyway.
            // One read again and waiting for the normalize stage is reported as such (above), not as still held.
            if report.heldBack.isEmpty, let newest = all.filter({ $0.extractedRun == latestRun }).last,
               !notNormalized.contains(where: { $0.batchID == newest.batchID }),
               try session.status(batchID: newest.batchID) == "held" {
                if let ended = try holdEnded(newest, of: source, session: session) {
                    logger.info("no longer held back: \(ended)", metadata: ["source": "\(source.name)", "batch": "\(newest.batchID)"])
                    reports[source.name] = report
                    continue
                }
                report.heldBack = ["\(DisplayPath.of(newest.file)): still held back over its reject threshold (see etl_batch); load a corrected file, or raise max_reject_ratio/max_rejects and rerun with --stage load --source \(source.name) --force"]
            }
            reports[source.name] = report
        }
    }

    /// Counts the batches of `toLoad` that an earlier run extracted and no run loaded since it did (`--stage extract`,
    /// or a run stopped before its load) as taken from staging, as the extract stage of a full run counts them; the
    /// records of one whose extracting run never finished count as read here, since that run recorded none.
    func countFromStaging(_ toLoad: [StagedBatch], session: LoadSession, report: inout SourceReport) throws {
        for batch in toLoad where batch.extractedRun != runID {
            if let loaded = try session.loadedRun(batchID: batch.batchID), loaded >= batch.extractedRun { continue }
            report.filesFromStaging += 1
            if try session.isUnfinished(runID: batch.extractedRun) { report.rowsRead += batch.rowsRead }
        }
    }

    /// Why the held batch `batch` no longer holds its source back, or nil while it does. The hold ends when the
    /// file is no longer at its path with that content (deleted, or replaced by a delivery whose content was
    /// loaded already), or when a file of the source modified after it holds content already loaded: the corrected
    /// export, byte for byte an earlier delivery, which extraction skips. A later file that loads ends it too, as
    /// the source's newest batch.
    func holdEnded(_ batch: StagedBatch, of source: SourceConfig, session: LoadSession) throws -> String? {
        guard let held = SourceFiles.fingerprint(batch.file) else {
            return "\(DisplayPath.of(batch.file)) is no longer on disk"
        }
        guard (try? SourceFiles.digest(batch.file).sha256) == batch.sha256 else {
            return "\(DisplayPath.of(batch.file)) now holds other content"
        }
        for file in SourceFiles.expand(source.path) where file != batch.file {
            guard let other = SourceFiles.fingerprint(file),
                  (other.seconds, other.nanoseconds) > (held.seconds, held.nanoseconds),
                  let sha256 = try? SourceFiles.digest(file).sha256,
                  try session.isLoaded(batchID: StagedBatch.id(sourceID: source.name, sha256: sha256)) else { continue }
            return "\(DisplayPath.of(file)), delivered after \(DisplayPath.of(batch.file)), holds content already loaded"
        }
        return nil
    }

    /// Loads one batch; returns whether it loaded as a new delivery of its records (not held back, not a reload of
    /// a batch loaded before).
    @discardableResult
    func load(_ batch: StagedBatch, source: SourceConfig, session: LoadSession,
                      report: inout SourceReport, delivery: WholeListDelivery?) throws -> Bool {
        // Counted and copied by streaming: a feed with a million rejects never holds them in memory together.
        let errorRecords = try staging.rejectedRecordCount(batchID: batch.batchID)
        let rejects = { (each: (RejectRow) throws -> Void) throws in
            try staging.forEachReject(batchID: batch.batchID) { row in
                var row = row
                row.recordKey = row.recordKey.map(stored)
                try each(row)
            }
        }
        if let heldBecause = RejectThreshold.exceeded(errorRecords: errorRecords, rowsRead: batch.rowsRead, limits: source.limits) {
            report.heldBack.append("\(DisplayPath.of(batch.file)): \(heldBecause); this batch was not loaded")
            if let delivery {
                delivery.files.append(batch.file)
                delivery.batchIDs.append(batch.batchID)
                delivery.incomplete.append(IncompletePage(batch.file, "was held back over its reject threshold"))
                // A new file held back is this night's delivery too, though none of its records loaded: a list of that
                // one file alone is judged (incomplete, absent_means_not_applied) as a paged one whose other pages
                // loaded is.
                if try !session.isLoaded(batchID: batch.batchID) { delivery.sightings += 1 }
                try finish(delivery, after: batch, of: source, session: session, report: &report)
            }
            try session.recordBatch(batch, status: "held", rowsRejected: errorRecords, rowsLoaded: 0, rejects: rejects)
            report.loadedBatches.append(batch.batchID)
            logger.error("held back", metadata: ["source": "\(source.name)", "reason": "\(heldBecause)"])
            return false
        }
        var loaded = 0
        // A batch loaded before is a reload (no sighting), unless its content came back after another delivery of its
        // path (or lineage) replaced it: then it is a new delivery, loaded as any new file is.
        let loadedBefore = try session.isLoaded(batchID: batch.batchID)
        let redelivered = try loadedBefore
            && (redeliveries.batches.contains(batch.batchID)
                || session.loads(sourceID: source.name, since: batch.batchID).map { ListDelivery.isReplaced(batch.file, loads: $0) } ?? false)
        session.marksSighting = !loadedBefore || redelivered
        session.currentBatchFile = batch.file
        session.recordKeyField = source.recordKey
        session.recordsNameAccountHolder = source.recordNames == .accountHolder
        // A whole list's cases as its last applied delivery left them, before the delivery's first records load.
        if let delivery, session.marksSighting, delivery.stillListed == nil {
            delivery.stillListed = try session.recordKeysStillListed(sourceID: source.name, facilities: source.entity == .facility)
        }
        if redelivered {
            logger.info("loaded again as a new delivery: another delivery of this file was loaded since this content was",
                        metadata: ["source": "\(source.name)", "file": "\(DisplayPath.of(batch.file))"])
            try session.forgetUnkeyedRecords(sourceID: source.name, batchID: batch.batchID, keyless: source.recordKeys.isEmpty)
        }
        try session.expectRecords(batch.rowsRead)
        let typosBefore = session.compoundTyposWarned
        switch source.entity {
        case .household:
            var mentions: [(name: String, regionCode: String?, dwellings: Int)] = []
            try staging.forEachCompoundMention(batchID: batch.batchID) { name, regionCode, dwellings in
                mentions.append((name, regionCode, dwellings))
            }
            try session.registerCompounds(mentions)
            try session.expectHouseholds(batch.rowsRead)
            // A phone the batch gives many different heads (a grid worker's) is no evidence from its first record on.
            session.noteSharedPhones(try staging.phoneHashesShared(batchID: batch.batchID, byNames: LoadSession.sharedPhoneNames))
            let reusedBefore = session.keysNamingAnotherHousehold
            let repeatedBefore = session.keysRepeatedAcrossFiles
            let ambiguousBefore = session.ambiguousHouseholdRecords
            let left = try recordsSayingLeft(batch, of: source)
            let eventsBefore = session.householdEvents
            try staging.forEachHouseholdCandidate(batchIDs: [batch.batchID]) { candidate in
                var candidate = candidate
                candidate.recordKey = stored(candidate.recordKey)
                // A record saying its household left (注销) is no sighting: loaded as nothing, absent from the delivery.
                if left.records.contains(candidate.recordNumber) {
                    loaded += 1
                    report.recordsSayingLeft += 1
                    return
                }
                try session.loadHousehold(candidate, keyIsStable: LoadStage.stableKey(candidate.recordKey, source))
                loaded += 1
                if loaded == LoadStage.killAfter { LoadStage.killForTest() }
            }
            // The household's records in this file (and the pages of its delivery before it) say its flags together,
            // whatever their order.
            try session.unionFlagsOfBatch(sourceID: source.name, batchID: batch.batchID, batchIDs: delivery?.batchIDs ?? [])
            let repeated = session.keysRepeatedAcrossFiles - repeatedBefore
            // Written to etl_reject with the batch (record_key_shared, record_key_reused, ambiguous_household):
            // counted as its warnings.
            for (rule, count) in [("record_key_shared", repeated),
                                  ("record_key_reused", session.keysNamingAnotherHousehold - reusedBefore),
                                  ("ambiguous_household", session.ambiguousHouseholdRecords - ambiguousBefore)] where count > 0 {
                report.rejectsByRule["\(rule)/warning", default: 0] += count
                report.warnings += count
            }
            if repeated > 0, let keyField = source.recordKey {
                let message = "\(DisplayPath.of(batch.file)): \(repeated) record(s) carry a \(keyField) that another file of this source loaded in this run holds for another household (another head, whom that household's records did not list as a member); each was linked by its own evidence. A record_key must name one household across all the source's files: if the files are sheets that each number their rows from 1, use another column, or none; if they are deliveries of one list, map `members` so that a member who becomes head keeps the household"
                report.mappingWarnings.append(message)
                logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            }
            let reused = session.keysNamingAnotherHousehold - reusedBefore
            if reused > 0, let keyField = source.recordKey {
                let message = "\(DisplayPath.of(batch.file)): \(reused) record(s) carry a \(keyField) that named another household before (another head at another place); they were linked by their own evidence. If \(keyField) numbers rows, it is no record_key: use a column that names the household in every export, or none"
                report.mappingWarnings.append(message)
                logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            }
            let events = session.householdEvents
            report.recordsRelinked += events.relinked - eventsBefore.relinked
            report.newHeads += events.newHeads - eventsBefore.newHeads
            report.householdsMerged += events.merged - eventsBefore.merged
            report.householdsSplit += events.split - eventsBefore.split
            // A whole list (`absent_means:`): the households it no longer names, once the delivery's last file loaded;
            // the records saying their household left are taken out after it.
            if let delivery {
                try delivery.add(batch, left: left.keys, sighting: session.marksSighting, of: source, staging: staging,
                                 stored: stored)
            } else if !left.keys.isEmpty, session.marksSighting {
                let taken = try session.takeOut(sourceID: source.name, keys: left.keys)
                if taken > 0 {
                    logger.info("records saying the household left", metadata: ["source": "\(source.name)", "records": "\(taken)"])
                }
            }
        case .facility:
            // The closest fits first, whatever the file's order (see `LoadSession.facilityLoadOrder`).
            var candidates: [FacilityCandidate] = []
            try staging.forEachFacilityCandidate(batchID: batch.batchID) { candidate in
                var candidate = candidate
                candidate.recordKey = stored(candidate.recordKey)
                candidates.append(candidate)
            }
            for candidate in try session.facilityLoadOrder(candidates) {
                try session.loadFacility(candidate, keyIsStable: LoadStage.stableKey(candidate.recordKey, source))
                loaded += 1
            }
            // A whole inventory (`absent_means: {status: …}`): the facilities it no longer names, once the delivery's
            // last file loaded.
            try delivery?.add(batch, left: [], sighting: session.marksSighting, of: source, staging: staging, stored: stored)
            // Written to etl_reject with the batch (unresolved_region of a facility its compound did not place).
            for (rule, count) in session.recordWarningCounts {
                report.rejectsByRule["\(rule)/warning", default: 0] += count
                report.warnings += count
            }
            // A key that numbers rows (序号) gave records another facility's key: said once for the file, as for
            // households.
            if let reused = session.recordWarningCounts["record_key_reused"], let keyField = source.recordKey {
                let message = "\(DisplayPath.of(batch.file)): \(reused) record(s) carry a \(keyField) that named another facility before (another type, or another name at another place); they were linked by their own evidence. If \(keyField) numbers rows, it is no record_key: use a column that names the facility in every export (an asset number), or none"
                report.mappingWarnings.append(message)
                logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            }
        case .compound:
            try staging.forEachCompoundCandidate(batchID: batch.batchID) { candidate in
                try session.loadCompound(candidate)
                loaded += 1
            }
        }
        report.rowsLoaded += loaded
        // Written to etl_reject with the batch: names taken for a typo of a neighbour compound's.
        if session.compoundTyposWarned > typosBefore {
            report.rejectsByRule["compound_typo/warning", default: 0] += session.compoundTyposWarned - typosBefore
            report.warnings += session.compoundTyposWarned - typosBefore
        }
        if let delivery { try finish(delivery, after: batch, of: source, session: session, report: &report) }
        let lines = try staging.lines(batchID: batch.batchID, recordNumbers: session.recordsWithWarnings)
        try session.recordBatch(batch, status: "loaded", rowsRejected: errorRecords, rowsLoaded: loaded,
                                normalizedWith: try staging.normalizedWith(batchID: batch.batchID), lines: lines,
                                rejects: rejects)
        // The load's own warnings get reject lines in the run's summary too, after the extract's and normalize's.
        for warning in session.takeWarningsWritten() where report.loadWarnings.count < RejectSummary.exampleLimit {
            report.loadWarnings.append(warning, file: batch.file)
        }
        report.loadedBatches.append(batch.batchID)
        logger.info("loaded", metadata: ["source": "\(source.name)", "batch": "\(batch.batchID)", "records": "\(loaded)"])
        return session.marksSighting
    }

    /// 合户, once the source's files of this run loaded (`batches`: those that loaded as new deliveries): per delivery,
    /// the households whose head it lists as a member of another household and whose own record it no longer holds
    /// are merged into that household (see `LoadSession.absorbHouseholdsListedAsMembers`). A delivery is the files
    /// the source's path matches that are no earlier or later dated delivery of one another
    /// (`ListDelivery.isLaterDelivery`): a census sent as one file per grid is one delivery, whatever the files are
    /// named, and a grid's file unchanged since an earlier night (skipped by the extract) still delivers its
    /// households; a file on disk that a later dated file on disk replaced does not. A later dated delivery loaded
    /// already that holds the household's record keeps it too. When a file of the delivery on disk is not loaded
    /// (it could not be read, or was held back), nothing merges: its records are not known.
    func absorbJoinedHouseholds(after batches: [StagedBatch], of source: SourceConfig, session: LoadSession,
                                        report: inout SourceReport) throws {
        // Files of several dated deliveries loaded in one run (a catch-up after missed nights) are apart.
        var deliveries: [[StagedBatch]] = []
        for batch in batches.sorted(by: { $0.file < $1.file }) {
            let key = ListDelivery.key(of: batch.file)
            if let index = deliveries.firstIndex(where: {
                $0.allSatisfy { LoadStage.sameDelivery(ListDelivery.key(of: $0.file), key) }
            }) {
                deliveries[index].append(batch)
            } else {
                deliveries.append([batch])
            }
        }
        let mergedBefore = session.householdEvents.merged
        for delivery in deliveries {
            let own = Set(delivery.map(\.batchID))
            _ = try session.absorbHouseholdsListedAsMembers(sourceID: source.name, batchIDs: own.sorted()) {
                try batchesAlsoDelivering(delivery, of: source, session: session)
            }
        }
        report.householdsMerged += session.householdEvents.merged - mergedBefore
    }

    /// Whether two files' delivery keys (`ListDelivery.key`) are of one delivery: neither a later dated delivery of
    /// the other (`grid-a.csv` and `grid-b.csv`, two grids' files of one night; not `census_20231005.csv` and
    /// `census_20231006.csv`).
    static func sameDelivery(_ one: String, _ other: String) -> Bool {
        !ListDelivery.isLaterDelivery(one, than: other) && !ListDelivery.isLaterDelivery(other, than: one)
    }

    /// The loaded batches besides the delivery's own (`delivery`, its files this run loaded) that still deliver the
    /// source's records: the content now on disk of the delivery's other files (unchanged since an earlier night;
    /// not a file a later dated file on disk replaced), and every batch of a later delivery loaded already. Nil
    /// when a file of the delivery on disk is not loaded as it is now (unreadable, held back): the delivery is not
    /// known in full.
    func batchesAlsoDelivering(_ delivery: [StagedBatch], of source: SourceConfig,
                                       session: LoadSession) throws -> [String]? {
        let own = Set(delivery.map(\.batchID)), files = Set(delivery.map(\.file))
        let keys = delivery.map { ListDelivery.key(of: $0.file) }
        let onDisk = SourceFiles.expand(source.path)
        let diskKeys = onDisk.map(ListDelivery.key(of:))
        var others = Set<String>()
        for file in onDisk where !files.contains(file) {
            let key = ListDelivery.key(of: file)
            guard keys.allSatisfy({ LoadStage.sameDelivery($0, key) }),
                  !diskKeys.contains(where: { ListDelivery.isLaterDelivery($0, than: key) }) else { continue }
            guard let sha256 = try? SourceFiles.digest(file).sha256,
                  case let batchID = StagedBatch.id(sourceID: source.name, sha256: sha256),
                  try session.isLoaded(batchID: batchID) else {
                logger.info("合户 not applied: \(DisplayPath.of(file)), a file of the same delivery, is not loaded as it is now, so the households it holds are not known",
                            metadata: ["source": "\(source.name)"])
                return nil
            }
            if !own.contains(batchID) { others.insert(batchID) }
        }
        for loaded in try session.loadedBatches(sourceID: source.name) where !own.contains(loaded.batchID) {
            let key = ListDelivery.key(of: loaded.file)
            if keys.contains(where: { ListDelivery.isLaterDelivery(key, than: $0) }) { others.insert(loaded.batchID) }
        }
        return others.sorted()
    }

    /// The records of a household batch whose `absent_when:` field holds one of its values (the police register's
    /// 状态 注销: the tenant left), by record number, and their keys (`record_key:`), but for a key another record of
    /// the batch also holds without such a status.
    func recordsSayingLeft(_ batch: StagedBatch, of source: SourceConfig) throws
        -> (records: Set<Int>, keys: Set<String>) {
        guard let rule = source.absentWhen else { return ([], []) }
        let words = Set(rule.values.map(TextCleaning.clean))
        var records = Set<Int>(), keys = Set<String>(), stillLiving = Set<String>()
        for record in try staging.rawValuesByRecord(batchID: batch.batchID, fields: [rule.field] + source.recordKeys) {
            let key = record.values.dropFirst().lazy.compactMap { $0.map(TextCleaning.clean) }.first { !$0.isEmpty }
                .map(stored)
            if let status = record.values[0].map(TextCleaning.clean), AbsentWhen.says(status, oneOf: words) {
                records.insert(record.recordNumber)
                if let key { keys.insert(key) }
            } else if let key {
                stillLiving.insert(key)
            }
        }
        return (records, keys.subtracting(stillLiving))
    }

    /// A record key identifies a record across files only when the source declares one and the record had it
    /// (an empty key became `#<record number>`, which means nothing in another file).
    static func stableKey(_ key: String, _ source: SourceConfig) -> Bool {
        !source.recordKeys.isEmpty && !key.hasPrefix("#")
    }

    /// Crash-consistency tests set RONGTONG_TEST_KILL_AFTER_LOADED=N to kill the process mid-transaction (see `killForTest`),
    /// after N records of a batch were written (the only way to die at an exact point in the load).
    static let killAfter = ProcessInfo.processInfo.environment["RONGTONG_TEST_KILL_AFTER_LOADED"].flatMap { Int($0) }

    /// Sends the process the signal the test chose (RONGTONG_TEST_KILL_SIGNAL, a number: 15 for SIGTERM), SIGKILL by
    /// default, and waits for it to end the process, so that nothing more is written.
    static func killForTest() {
        let number = ProcessInfo.processInfo.environment["RONGTONG_TEST_KILL_SIGNAL"].flatMap { Int32($0) } ?? SIGKILL
        kill(getpid(), number)
        sleep(30)
    }
}
