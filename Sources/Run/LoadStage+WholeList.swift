import Foundation
import Logging
import RongtongConfig
import RongtongExtract
import RongtongLoad
import RongtongStaging
import RongtongNormalize

/// How a load treats a whole list (`absent_means`, `listed_means`): a delivery's absences applied once it is complete.
extension LoadStage {
    /// Whether every delivery of the source is its whole list (`absent_means:` with a `record_key`).
    static func isWholeList(_ source: SourceConfig) -> Bool {
        !source.recordKeys.isEmpty && (!source.absentMeans.isEmpty || source.absentStatus != nil)
    }

    /// After `batch`, a file of a whole list's delivery (`absent_means:`): once the last file of the delivery this run
    /// loads is in, what the delivery no longer names takes the absent values (see `ListDelivery`: the pages of one
    /// export are one delivery, judged over their union, with the pages on disk unchanged since an earlier night).
    /// Not on a reload of batches already loaded, which is no newer list; only the newest delivery is the list (an
    /// older file arriving late says nothing of today). Nothing is withdrawn, with an `absent_means_not_applied`
    /// warning, when the delivery is incomplete (a page held back, or on disk and not loaded: one that could not be
    /// read; a page that never arrived: a gap in the pages' numbers, `_p1` and `_p3` without `_p2`, or fewer records
    /// or pages than a JSON page's envelope says the whole answer holds, `"total": 6`); when it holds a record nothing of which could be read (a broken line cut before its key, which may be
    /// any case; a line whose key was read before the break names its case); or when it would withdraw more than half
    /// of the cases the source's previous delivery still listed (those its last applied delivery named, not every
    /// case it ever named).
    func finish(_ delivery: WholeListDelivery, after batch: StagedBatch, of source: SourceConfig,
                        session: LoadSession, report: inout SourceReport) throws {
        delivery.pending.remove(batch.batchID)
        guard delivery.pending.isEmpty, delivery.sightings > 0 else { return }
        defer { delivery.sightings = 0 }
        let facilities = source.entity == .facility
        let entities = facilities ? "facilities" : "households"
        // A later delivery loaded already (by an earlier run): this one says nothing of today.
        guard let last = delivery.files.max(),
              try !session.loadedFiles(sourceID: source.name, after: last).contains(where: { ListDelivery.key(of: $0) != delivery.key })
        else { return try takeOut(delivery, of: source, session: session) }
        // The delivery's other pages on disk, which this run did not load: unchanged since they were loaded (their
        // cases are still listed), or not loaded at all (the list is incomplete).
        let onDisk = SourceFiles.expand(source.path).filter { ListDelivery.key(of: $0) == delivery.key }
        for file in onDisk where !delivery.files.contains(file) {
            guard let sha256 = try? SourceFiles.digest(file).sha256 else {
                delivery.incomplete.append(IncompletePage(file, "could not be read"))
                delivery.notLoaded.append(file)
                continue
            }
            let batchID = StagedBatch.id(sourceID: source.name, sha256: sha256)
            if delivery.batchIDs.contains(batchID) { continue }
            guard try session.status(batchID: batchID) == "loaded" else {
                let status = try session.status(batchID: batchID)
                delivery.incomplete.append(IncompletePage(file, status == "held" ? "is held back over its reject threshold"
                                                                                 : "was not loaded (it could not be read)"))
                delivery.notLoaded.append(file)
                continue
            }
            delivery.batchIDs.append(batchID)
            delivery.files.append(file)
            delivery.listed.formUnion(try session.recordKeys(sourceID: source.name, batchID: batchID, facilities: facilities))
            if try staging.normalizedRun(batchID: batchID) != nil {
                delivery.listed.formUnion(try delivery.keys(ofBatch: batchID, of: source, staging: staging, stored: stored))
            }
        }
        // Pages that did not arrive at all: a gap in the pages' numbers, or fewer records (or pages) than the pages'
        // envelopes say the whole answer holds.
        let pageFiles = Array(Set(onDisk + delivery.files + delivery.notLoaded)).sorted()
        let missing = ListDelivery.missingPages(among: pageFiles)
        if !missing.isEmpty {
            let shown = missing.prefix(5).map(DisplayPath.of).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            let numbers = pageFiles.compactMap { ListDelivery.pageNumber(in: URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent)?.number }
            delivery.incomplete.append(IncompletePage(shown: shown,
                "\(missing.count == 1 ? "is" : "are") missing (the delivery's pages on disk are numbered \(numbers.map(String.init).joined(separator: ", ")))"))
        } else if delivery.incomplete.isEmpty, source.format == "json", let short = LoadStage.shortOfStatedWhole(pageFiles, of: source) {
            delivery.incomplete.append(short)
        }
        let what = delivery.description
        let outcome: AbsenceOutcome?
        if !delivery.incomplete.isEmpty {
            outcome = nil
            let message = "\(delivery.incompleteWarning); the list is incomplete, so absent_means was not applied"
            report.mappingWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            // Written with `batch`, whose file the reject line names already.
            LoadStage.countAbsenceNotApplied(session, &report, value: "incomplete",
                message: "\(delivery.incompleteReasons(thisFile: batch.file)); the list is incomplete, so absent_means was not applied")
        } else if delivery.unreadable > 0 {
            outcome = .unreadable(delivery.unreadable)
        } else if facilities, let status = source.absentStatus {
            outcome = try session.applyFacilityAbsence(sourceID: source.name, batchIDs: delivery.batchIDs, status: status,
                                                       listed: delivery.listed, listedBefore: delivery.stillListed ?? [])
        } else {
            outcome = try session.applyAbsence(sourceID: source.name, batchIDs: delivery.batchIDs, absentMeans: source.absentMeans,
                                               listed: delivery.listed.subtracting(delivery.left),
                                               listedBefore: delivery.stillListed ?? [])
        }
        switch outcome {
        case nil:
            break
        case .unreadable(let count)?:
            let message = "\(what) has \(count) record(s) that could not be read at all; absent_means was not applied, since they may list any case"
            report.mappingWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            LoadStage.countAbsenceNotApplied(session, &report, value: "\(count) unreadable",
                message: "\(count) record(s) of this list could not be read at all and may list any case; absent_means was not applied")
        case .withdrawn(let count)?:
            if facilities { report.facilitiesNoLongerListed += count } else { report.householdsNoLongerListed += count }
            if count > 0 {
                logger.info("no longer listed", metadata: ["source": "\(source.name)", "\(entities)": "\(count)"])
            }
        case .implausible(let absent, let total)?:
            let message = "\(what) \(delivery.files.count > 1 ? "list" : "lists") \(total - absent) of the \(total) \(entities) the source's previous delivery listed; absent_means was not applied (an incomplete delivery?)"
            report.mappingWarnings.append(message)
            logger.warning("\(message)", metadata: ["source": "\(source.name)"])
            LoadStage.countAbsenceNotApplied(session, &report, value: "\(total - absent) of \(total)",
                message: "this list names \(total - absent) of the \(total) \(entities) the source's previous delivery listed; absent_means was not applied (an incomplete delivery?)")
        }
        try takeOut(delivery, of: source, session: session)
    }

    /// Why the pages `files` of a whole list's JSON delivery hold less than their envelopes say the whole answer
    /// holds (`feeds/mz_dibao_20231102_p1.json says data.total 6, but the delivery's 2 pages hold 4 records`; of a
    /// delivery of one page, `… says data.total 6, but it holds 4 records`), or nil when they hold it all or say
    /// nothing of the whole (see `JSONEnvelopeWhole`). A stated record count is compared with the records of all the
    /// pages, else a stated page count with the number of page files; where pages state different wholes, the smallest.
    static func shortOfStatedWhole(_ files: [String], of source: SourceConfig) -> IncompletePage? {
        let encoding = (try? FormatRegistry.validate(format: source.format, options: source.options))?.encoding
        var records = 0
        var statedRecords: (file: String, stated: JSONEnvelopeWhole.Stated)?
        var statedPages: (file: String, stated: JSONEnvelopeWhole.Stated)?
        for file in files {
            guard let whole = JSONEnvelopeWhole.read(file: file, recordPath: source.options["record_path"], encoding: encoding)
            else { continue }
            records += whole.records
            // Pages that disagree (the list changed while it was paged, a page kept from an earlier fetch): the
            // smallest whole they state, which a missing page still falls short of.
            if let stated = whole.statedRecords, stated.value < statedRecords?.stated.value ?? .max { statedRecords = (file, stated) }
            if let stated = whole.statedPages, stated.value < statedPages?.stated.value ?? .max { statedPages = (file, stated) }
        }
        // A delivery of one page is the file that says the whole: `it`.
        let pages = files.count == 1 ? "it holds" : "the delivery's \(files.count) pages hold"
        if let (file, stated) = statedRecords {
            guard stated.value > records else { return nil }
            return IncompletePage(file, "says \(stated.member) \(stated.value), but \(pages) \(records) record\(records == 1 ? "" : "s") (pages missing?)")
        }
        if let (file, stated) = statedPages, stated.value > files.count {
            return IncompletePage(file, "says \(stated.member) \(stated.value), but "
                + (files.count == 1 ? "it is the delivery's only page file" : "the delivery has \(files.count) page files") + " (pages missing?)")
        }
        return nil
    }

    /// The records of a whole list's delivery that said their household left (`absent_when:`): taken out of their
    /// households after the delivery was judged (see `LoadSession.takeOut`).
    func takeOut(_ delivery: WholeListDelivery, of source: SourceConfig, session: LoadSession) throws {
        guard !delivery.left.isEmpty, source.entity == .household else { return }
        let taken = try session.takeOut(sourceID: source.name, keys: delivery.left)
        if taken > 0 {
            logger.info("records saying the household left", metadata: ["source": "\(source.name)", "records": "\(taken)"])
        }
    }

    /// A whole list whose `absent_means:` was not applied: an `absent_means_not_applied` warning of the batch, in
    /// `etl_reject` and in the source's warning count, as the rejects of its records are.
    static func countAbsenceNotApplied(_ session: LoadSession, _ report: inout SourceReport, value: String, message: String) {
        session.noteBatchWarning(rule: "absent_means_not_applied", value: value, message: message)
        report.rejectsByRule["absent_means_not_applied/warning", default: 0] += 1
        report.warnings += 1
    }
}
