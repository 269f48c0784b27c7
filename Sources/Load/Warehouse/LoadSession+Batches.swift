import Foundation
import Crypto
import GRDB
import RongtongStaging

/// What a load records about its batches and run (`etl_batch`, `etl_run_batch`, `etl_reject`), and how it ends.
extension LoadSession {
    /// The `etl_batch.status` of a batch (`loaded`, `held`), nil when the warehouse has not seen it.
    public func status(batchID: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT status FROM etl_batch WHERE batch_id = ?", arguments: [batchID])
    }

    /// The run that last loaded (or held back) the batch, if any (`etl_batch.last_run_id`).
    public func loadedRun(batchID: String) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT last_run_id FROM etl_batch WHERE batch_id = ?", arguments: [batchID])
    }

    /// Whether run `runID` ended before it recorded its counts (killed or stopped before its load committed), as
    /// `Warehouse.isUnfinished(runID:)` says, read inside this transaction.
    public func isUnfinished(runID: Int) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT 1 FROM etl_run WHERE run_id = ? AND status IN ('running', 'interrupted') AND rows_read = 0
            """, arguments: [runID]) ?? false
    }

    /// Whether a batch with this id is already loaded (read inside this transaction).
    public func isLoaded(batchID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM etl_batch WHERE batch_id = ? AND status = 'loaded'",
                          arguments: [batchID]) ?? false
    }

    /// Writes this run's counts to its `etl_run` row (`rows_read`, `rows_loaded`, `rows_rejected`, `sources_skipped`),
    /// in the load's transaction: they commit with the records and batch rows they count, so that a run killed right
    /// after the commit still adds up. Its status, `finished_at` and message are written when it ends.
    public func recordRunCounts(rowsRead: Int, rowsLoaded: Int, rowsRejected: Int, sourcesSkipped: [String]) throws {
        try db.execute(sql: """
            UPDATE etl_run SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, sources_skipped = ? WHERE run_id = ?
            """, arguments: [rowsRead, rowsLoaded, rowsRejected,
                             sourcesSkipped.isEmpty ? nil : sourcesSkipped.joined(separator: ","), runID])
    }

    /// Writes the batch's `etl_batch` row and replaces its `etl_reject` rows (so a reload never duplicates them);
    /// `rejects` hands the batch's rejects to its argument one at a time. A batch loaded before keeps the run that
    /// first loaded it (`run_id`: a forced reload does not relabel it); `last_run_id` is this run, and
    /// `etl_run_batch` records what this run did with it.
    /// `lines` gives the line of a record the load's own warnings are about (see `recordsWithWarnings`), written
    /// with them; each such warning is also kept in `warningsWritten` for the run's summary.
    /// `normalizedWith` is the mapping its records were normalized with (staging's, `SourceConfig.normalizationFingerprint`);
    /// with the batch's `extractedWith` it is kept as a digest (`LoadedOptions`).
    public func recordBatch(_ batch: StagedBatch, status: String, rowsRejected: Int, rowsLoaded: Int,
                            normalizedWith: String? = nil, lines: [Int: Int] = [:],
                            rejects: (_ each: (RejectRow) throws -> Void) throws -> Void) throws {
        wroteBatches = true
        try db.execute(sql: """
            INSERT INTO etl_batch (batch_id, run_id, source_id, file, sha256, bytes, rows_read, rows_rejected, status,
                                   encoding, rows_loaded, last_run_id, extracted_with, normalized_with)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?2, ?12, ?13)
            ON CONFLICT(batch_id) DO UPDATE SET
                run_id = CASE WHEN etl_batch.status = 'loaded' THEN etl_batch.run_id ELSE excluded.run_id END,
                last_run_id = excluded.last_run_id, file = excluded.file,
                rows_read = excluded.rows_read, rows_rejected = excluded.rows_rejected, status = excluded.status,
                encoding = excluded.encoding, rows_loaded = excluded.rows_loaded,
                extracted_with = excluded.extracted_with, normalized_with = excluded.normalized_with
            """, arguments: [batch.batchID, runID, batch.sourceID, batch.file, batch.sha256, batch.bytes,
                             batch.rowsRead, rowsRejected, status, batch.encoding, rowsLoaded,
                             batch.extractedWith.map(LoadedOptions.digest), normalizedWith.map(LoadedOptions.digest)])
        try db.execute(sql: """
            INSERT INTO etl_run_batch (run_id, batch_id, source_id, file, rows_read, rows_loaded, rows_rejected, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(run_id, batch_id) DO UPDATE SET rows_read = excluded.rows_read, rows_loaded = excluded.rows_loaded,
                rows_rejected = excluded.rows_rejected, status = excluded.status, file = excluded.file
            """, arguments: [runID, batch.batchID, batch.sourceID, batch.file, batch.rowsRead, rowsLoaded, rowsRejected, status])
        try db.execute(sql: "DELETE FROM etl_reject WHERE batch_id = ?", arguments: [batch.batchID])
        try rejects { reject in
            rejectInsert.bind(1, runID); rejectInsert.bind(2, reject.batchID); rejectInsert.bind(3, reject.sourceID)
            rejectInsert.bind(4, reject.recordNumber); rejectInsert.bind(5, reject.field)
            rejectInsert.bind(6, reject.rule); rejectInsert.bind(7, reject.severity.rawValue)
            rejectInsert.bind(8, reject.value); rejectInsert.bind(9, reject.message); rejectInsert.bind(10, reject.line)
            rejectInsert.bind(11, reject.recordKey)
            try rejectInsert.execute()
        }
        // What linking found about the batch's records (a key that numbers rows, evidence that fits several
        // households equally).
        let warnings = households.notes.map {
            RejectRow(runID: runID, batchID: batch.batchID, sourceID: batch.sourceID, recordNumber: $0.recordNumber,
                      line: lines[$0.recordNumber], field: $0.aboutKey ? recordKeyField : $0.field, rule: $0.rule,
                      severity: .warning, value: $0.value, message: $0.message, stage: "load")
        } + recordNotes.map {
            RejectRow(runID: runID, batchID: batch.batchID, sourceID: batch.sourceID, recordNumber: $0.recordNumber,
                      line: lines[$0.recordNumber], field: $0.field, rule: $0.rule, severity: .warning, value: $0.value,
                      message: $0.message, stage: "load")
        // What the load found about the batch as a whole (a whole list whose absent_means was not applied).
        } + batchNotes.map {
            RejectRow(runID: runID, batchID: batch.batchID, sourceID: batch.sourceID, recordNumber: nil, line: nil,
                      field: nil, rule: $0.rule, severity: .warning, value: $0.value, message: $0.message, stage: "load")
        }
        households.notes = []
        recordNotes = []
        batchNotes = []
        typosWarned = []
        for warning in warnings {
            rejectInsert.bind(1, runID); rejectInsert.bind(2, warning.batchID); rejectInsert.bind(3, warning.sourceID)
            rejectInsert.bind(4, warning.recordNumber); rejectInsert.bind(5, warning.field)
            rejectInsert.bind(6, warning.rule); rejectInsert.bind(7, warning.severity.rawValue)
            rejectInsert.bind(8, warning.value); rejectInsert.bind(9, warning.message); rejectInsert.bind(10, warning.line)
            rejectInsert.bind(11, nil as String?)
            try rejectInsert.execute()
        }
        warningsWritten += warnings.prefix(max(0, LoadSession.warningsKept - warningsWritten.count))
    }

    /// The record numbers of the batch being loaded that the load's own warnings are about, so far: whose lines
    /// `recordBatch` is given.
    public var recordsWithWarnings: Set<Int> {
        Set(households.notes.map(\.recordNumber) + recordNotes.map(\.recordNumber))
    }

    /// How many of the load's own warnings `warningsWritten` keeps until taken: the run summary shows no more.
    public static let warningsKept = 20

    /// Returns `warningsWritten` and forgets them.
    public func takeWarningsWritten() -> [RejectRow] {
        defer { warningsWritten = [] }
        return warningsWritten
    }

    /// Notes a warning about the whole batch being loaded (`absent_means_not_applied`), written with it.
    public func noteBatchWarning(rule: String, value: String?, message: String) {
        batchNotes.append((rule, value, message))
    }

    /// Marks as resolved (`resolved_run`) the error rejects of earlier runs whose record this load loaded: a household
    /// or facility record of the same source with the same `record_key`, in a batch this run wrote.
    func resolveRejects() throws {
        try db.execute(sql: """
            UPDATE etl_reject SET resolved_run = ?1
            WHERE severity = 'error' AND resolved_run IS NULL AND record_key IS NOT NULL AND run_id < ?1
              AND (EXISTS (SELECT 1 FROM household_source s JOIN etl_batch b ON b.batch_id = s.batch_id
                           WHERE s.source_id = etl_reject.source_id AND s.record_key = etl_reject.record_key AND b.last_run_id = ?1)
                OR EXISTS (SELECT 1 FROM facility_source s JOIN etl_batch b ON b.batch_id = s.batch_id
                           WHERE s.source_id = etl_reject.source_id AND s.record_key = etl_reject.record_key AND b.last_run_id = ?1))
            """, arguments: [runID])
    }

    func finish() throws {
        if wroteBatches { try resolveRejects() }
        try compounds.markSightings()
        try dropUnusedCompounds()
        try summary.finish(changed: wroteBatches)
    }

    /// Compounds made from a record's name that nothing refers to when the load ends: no household or facility
    /// lies in them and no renovation project names them. A record's compound that lost to another source's, a
    /// misspelt name (洪三小区 for 洪山小区) or a township taken for a compound once the feed corrected it and every
    /// household moved on, whichever run created them. They leave `dim_compound`, and so `dws_compound_summary`,
    /// in the load's transaction; a record naming one again makes it again, with the same id. History versions keep
    /// the id they had. A compound the housing department's list confirmed always stays.
    ///
    /// A compound made up above its township whose households joined a township's compound left its id in
    /// `compound_merged` as they moved (`moveFromCoarserNamesake`).
    func dropUnusedCompounds() throws {
        try db.execute(sql: """
            DELETE FROM dim_compound
            WHERE confirmed_by_housing = 0
              AND NOT EXISTS (SELECT 1 FROM dwd_household h WHERE h.compound_id = dim_compound.compound_id)
              AND NOT EXISTS (SELECT 1 FROM dwd_facility f WHERE f.compound_id = dim_compound.compound_id)
              AND compound_id NOT IN (SELECT compound_id FROM dwd_renovation_project WHERE compound_id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM dwd_renovation_project_compound p
                              WHERE p.compound_id = dim_compound.compound_id)
            """)
    }
}
