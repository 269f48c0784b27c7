import Foundation
import GRDB

extension StagingStore {
    /// The rejects a run reports for a source: those it wrote itself (`run_id`), and every reject of `loadedBatches`,
    /// the batches its load wrote to the warehouse. The load copies a batch's rejects into `etl_reject` under its own
    /// run id, whichever run found them (a held batch loaded later with `--stage load --force`), so the run's
    /// summary must count them too. SQL condition on table alias `r`, and its arguments.
    private static func runRejects(sourceID: String, runID: Int, loadedBatches: [String]) -> (sql: String, arguments: StatementArguments) {
        let marks = loadedBatches.isEmpty ? "NULL" : Array(repeating: "?", count: loadedBatches.count).joined(separator: ", ")
        return ("r.source_id = ? AND (r.run_id = ? OR r.batch_id IN (\(marks)))",
                [sourceID, runID] + StatementArguments(loadedBatches))
    }

    /// Rejects of run `runID` for a source (see `runRejects`), with the file of their batch, in file and record order:
    /// the first `errors` of severity error and the first `warnings` of the others, merged in that order.
    public func rejects(sourceID: String, runID: Int, loadedBatches: [String] = [], errors: Int,
                        warnings: Int) throws -> [(RejectRow, file: String)] {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        let error = RejectRow.Severity.error.rawValue
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT * FROM (SELECT r.*, r.rowid AS reject_order, b.file FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                                   WHERE \(scope.sql) AND r.severity = ? ORDER BY b.file, r.record_number, r.rowid LIMIT ?)
                    UNION ALL
                    SELECT * FROM (SELECT r.*, r.rowid AS reject_order, b.file FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                                   WHERE \(scope.sql) AND r.severity <> ? ORDER BY b.file, r.record_number, r.rowid LIMIT ?))
                ORDER BY file, record_number, reject_order
                """, arguments: scope.arguments + [error, errors] + scope.arguments + [error, warnings])
                .map { row in (StagingStore.reject(from: row), row["file"]) }
        }
    }

    /// The first `perGroup` rejects of run `runID` for a source (see `runRejects`) of each rule and severity, with
    /// the file of their batch, in file and record order within each group: every group gets its examples, however
    /// many rejects of other groups come before them.
    public func rejectExamples(sourceID: String, runID: Int, loadedBatches: [String] = [], perGroup: Int) throws -> [(RejectRow, file: String)] {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT r.*, b.file, ROW_NUMBER() OVER (PARTITION BY r.rule, r.severity
                                                           ORDER BY b.file, r.record_number, r.rowid) AS rank
                    FROM reject r JOIN batch b ON b.batch_id = r.batch_id
                    WHERE \(scope.sql))
                WHERE rank <= ? ORDER BY rule, severity, rank
                """, arguments: scope.arguments + [perGroup]).map { row in (StagingStore.reject(from: row), row["file"]) }
        }
    }

    /// How many rejects of run `runID` a source has (see `runRejects`), by rule and severity, and how many distinct
    /// records were rejected with severity `error`: counted by SQLite, so a feed with a million rejects costs no memory.
    public func rejectCounts(sourceID: String, runID: Int, loadedBatches: [String] = []) throws -> (byRule: [(rule: String, severity: String, count: Int)], errorRecords: Int) {
        let scope = StagingStore.runRejects(sourceID: sourceID, runID: runID, loadedBatches: loadedBatches)
        return try queue.read { db in
            let byRule = try Row.fetchAll(db, sql: """
                SELECT rule, severity, COUNT(*) FROM reject r WHERE \(scope.sql) GROUP BY rule, severity
                """, arguments: scope.arguments).map { (rule: $0[0] as String, severity: $0[1] as String, count: $0[2] as Int) }
            let errorRecords = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT DISTINCT batch_id, COALESCE(record_number, -1) FROM reject r
                                      WHERE \(scope.sql) AND severity = 'error')
                """, arguments: scope.arguments) ?? 0
            return (byRule, errorRecords)
        }
    }
}
