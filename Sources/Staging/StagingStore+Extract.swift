import Foundation
import GRDB

extension StagingStore {
    /// The staged batch of `sourceID` with this content hash, if one was extracted.
    public func batch(sourceID: String, sha256: String) throws -> StagedBatch? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM batch WHERE source_id = ? AND sha256 = ?",
                             arguments: [sourceID, sha256]).map(StagingStore.batch(from:))
        }
    }

    /// Writes one batch in a single transaction: replaces any earlier rows of the same batch id, then lets
    /// `fill` stream the records in through a `RawRecordSink`; returns the batch `fill` describes.
    public func replaceBatch(_ batchID: String, fill: (RawRecordSink) throws -> StagedBatch) throws -> StagedBatch {
        try queue.inTransaction { db in
            try StagingStore.deleteBatch(batchID, in: db)
            let sink = try RawRecordSink(db: db, batchID: batchID)
            let batch = try fill(sink)
            try db.execute(sql: """
                INSERT INTO batch (batch_id, source_id, file, sha256, bytes, encoding, rows_read, rows_rejected,
                                   columns, extracted_run, normalized_run, extracted_with)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
                """, arguments: [batch.batchID, batch.sourceID, batch.file, batch.sha256, batch.bytes, batch.encoding,
                                 batch.rowsRead, batch.rowsRejected, batch.columns.joined(separator: "\u{1F}"),
                                 batch.extractedRun, batch.extractedWith])
            return .commit
        }
        return try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM batch WHERE batch_id = ?", arguments: [batchID]) else {
                throw StagingError("batch \(batchID) vanished after it was written")
            }
            return StagingStore.batch(from: row)
        }
    }

    /// Removes a staged batch and everything derived from it.
    public func discardBatch(_ batchID: String) throws {
        try queue.write { db in try StagingStore.deleteBatch(batchID, in: db) }
    }

    /// Undoes a failed extract stage of run `runID`: every batch it extracted is dropped, so nothing of the stage
    /// stays committed (the files are read again by the next run).
    public func discardExtractions(ofRun runID: Int) throws {
        try queue.write { db in
            for batchID in try String.fetchAll(db, sql: "SELECT batch_id FROM batch WHERE extracted_run = ?", arguments: [runID]) {
                try StagingStore.deleteBatch(batchID, in: db)
            }
        }
    }

    /// Undoes a failed normalize stage of run `runID`: the batches it normalized count as not normalized (their
    /// candidates are replaced when they are normalized again, and no load takes them meanwhile).
    public func forgetNormalizations(ofRun runID: Int) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE batch SET normalized_run = NULL, normalized_with = NULL WHERE normalized_run = ?",
                           arguments: [runID])
        }
    }

    static let candidateTables = ["household_candidate", "facility_candidate", "compound_candidate"]

    /// Ties the staging to the warehouse `warehouseID` (`etl_meta.warehouse_id`). Staging that belonged to another
    /// warehouse (the warehouse was deleted and rebuilt, or replaced, and the staging kept) has its batches
    /// discarded: they were numbered by that warehouse's runs, and replaying them would load files no longer at
    /// their path, and load them again the next night. Returns how many batches were discarded. Staging written
    /// before it recorded its warehouse is adopted as it is.
    public func belong(toWarehouse warehouseID: String) throws -> Int {
        try queue.write { db in
            let owner = try String.fetchOne(db, sql: "SELECT value FROM staging_meta WHERE key = 'warehouse_id'")
            var discarded = 0
            if let owner, owner != warehouseID {
                for batchID in try String.fetchAll(db, sql: "SELECT batch_id FROM batch") {
                    try StagingStore.deleteBatch(batchID, in: db)
                    discarded += 1
                }
            }
            if owner != warehouseID {
                try db.execute(sql: """
                    INSERT INTO staging_meta (key, value) VALUES ('warehouse_id', ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, arguments: [warehouseID])
            }
            return discarded
        }
    }

    static func deleteBatch(_ batchID: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM raw_record WHERE batch_id = ?", arguments: [batchID])
        for table in StagingStore.candidateTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE batch_id = ?", arguments: [batchID])
        }
        try db.execute(sql: "DELETE FROM reject WHERE batch_id = ?", arguments: [batchID])
        try db.execute(sql: "DELETE FROM batch WHERE batch_id = ?", arguments: [batchID])
    }

    static func batch(from row: Row) -> StagedBatch {
        let columns: String = row["columns"] ?? ""
        return StagedBatch(batchID: row["batch_id"], sourceID: row["source_id"], file: row["file"],
                           sha256: row["sha256"], bytes: row["bytes"], encoding: row["encoding"],
                           rowsRead: row["rows_read"], rowsRejected: row["rows_rejected"],
                           columns: columns.isEmpty ? [] : columns.components(separatedBy: "\u{1F}"),
                           extractedRun: row["extracted_run"], extractedWith: row["extracted_with"])
    }

    /// Every staged batch of `sourceID`, oldest extraction first.
    public func batches(sourceID: String) throws -> [StagedBatch] {
        try queue.read { db in
            // Oldest export first, so that a run loading several files of one source lets the latest export win:
            // by name, as the source's glob lists them (dated exports sort in time order), whichever run read
            // them (a missed night's file read after a later one); one name's contents in the order they were read.
            try Row.fetchAll(db, sql: "SELECT * FROM batch WHERE source_id = ? ORDER BY file, extracted_run, batch_id",
                             arguments: [sourceID]).map(StagingStore.batch(from:))
        }
    }

    /// As `batches(sourceID:)`, read from the staging file at `path` without writing anything (as `stagedOptions`):
    /// `validate` compares a file's columns with the source's earlier deliveries there. Empty when there is no
    /// staging file yet.
    public static func batches(readOnlyAt path: String, sourceID: String) throws -> [StagedBatch] {
        guard let queue = try readOnlyQueue(at: path) else { return [] }
        return try queue.read { db in
            guard try hasCurrentBatchTable(db) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM batch WHERE source_id = ? ORDER BY file, extracted_run, batch_id",
                                    arguments: [sourceID]).map(StagingStore.batch(from:))
        }
    }

    /// The staging file at `path` opened read-only (no migration, no journal change), for `validate`; nil when there
    /// is no staging file yet.
    static func readOnlyQueue(at path: String) throws -> DatabaseQueue? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Whether a staging file read without migrating it has a `batch` table with the options columns `validate`
    /// compares (a file from before them has nothing to compare with).
    static func hasCurrentBatchTable(_ db: Database) throws -> Bool {
        try db.tableExists("batch") && db.columns(in: "batch").contains(where: { $0.name == "extracted_with" })
    }
}

/// Receives the raw records of one batch inside its transaction; records arrive as JSON object text.
public final class RawRecordSink {
    private let recordInsert: RowInserter
    private let rejectInsert: RowInserter
    private let db: Database
    let batchID: String

    init(db: Database, batchID: String) throws {
        self.db = db
        self.batchID = batchID
        recordInsert = try RowInserter(db, sql: "INSERT INTO raw_record (batch_id, record_number, line, fields, numbers) VALUES (?, ?, ?, ?, ?)")
        rejectInsert = try RejectInserter.make(db)
    }

    /// Stages a record. `numberFields`: the fields the file wrote as JSON number tokens (`RecordCursor.takeNumberFields`).
    public func record(number: Int, line: Int?, fieldsJSON: String, numberFields: [String] = []) throws {
        recordInsert.bind(1, batchID)
        recordInsert.bind(2, number)
        recordInsert.bind(3, line)
        recordInsert.bind(4, fieldsJSON)
        recordInsert.bind(5, StagingStore.numbersColumn(numberFields))
        try recordInsert.execute()
    }

    /// Stages a record whose JSON object text is the UTF-8 bytes `fieldsJSON` (bound as they are, not copied).
    public func record(number: Int, line: Int?, fieldsJSON: UnsafeBufferPointer<UInt8>, numberFields: [String] = []) throws {
        recordInsert.bind(1, batchID)
        recordInsert.bind(2, number)
        recordInsert.bind(3, line)
        recordInsert.bindUnretained(4, utf8: fieldsJSON)
        recordInsert.bind(5, StagingStore.numbersColumn(numberFields))
        try recordInsert.execute()
    }

    public func reject(_ reject: RejectRow) throws {
        try RejectInserter.insert(reject, with: rejectInsert)
    }

    /// Throws away what this batch has written so far (used when `encoding: auto` restarts a file as GB18030).
    public func discardRecords() throws {
        try db.execute(sql: "DELETE FROM raw_record WHERE batch_id = ?", arguments: [batchID])
        try db.execute(sql: "DELETE FROM reject WHERE batch_id = ?", arguments: [batchID])
    }
}

enum RejectInserter {
    static func make(_ db: Database) throws -> RowInserter {
        try RowInserter(db, sql: """
            INSERT INTO reject (run_id, batch_id, source_id, record_number, line, field, rule, severity, value,
                                message, stage, record_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    static func insert(_ reject: RejectRow, with insert: RowInserter) throws {
        insert.bind(1, reject.runID)
        insert.bind(2, reject.batchID)
        insert.bind(3, reject.sourceID)
        insert.bind(4, reject.recordNumber)
        insert.bind(5, reject.line)
        insert.bind(6, reject.field)
        insert.bind(7, reject.rule)
        insert.bind(8, reject.severity.rawValue)
        insert.bind(9, reject.value)
        insert.bind(10, reject.message)
        insert.bind(11, reject.stage)
        insert.bind(12, reject.recordKey)
        try insert.execute()
    }
}
