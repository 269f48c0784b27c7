import Foundation
import GRDB
import RongtongStaging

/// The provincial warehouse: a SQLite file with the contract's dim_/dwd_/dws_/ads_/etl_ tables.
///
/// Opening migrates an older file and refuses one written by a newer Rongtong. All entity writes of a load
/// happen in `load(runID:_:)`, one transaction, so a crash leaves the file exactly as before the load.
public final class Warehouse {
    public let path: String
    public let queue: DatabaseQueue
    /// Time per SQL statement when RONGTONG_PROFILE_SQL is set (a diagnostic for `make bench` work), printed to
    /// standard error when the warehouse is closed.
    private let profile: StatementProfile?

    deinit { profile?.report() }

    /// Opens the warehouse at `path`, creating a new one when no file is there. An existing file of 0 bytes (a
    /// truncated copy, a failed restore, `: > guizhou.sqlite`) is refused with a `WarehouseError`: SQLite would take
    /// it for a new warehouse, and the run would start over at run 1 under a new key fingerprint, its history gone.
    public init(path: String) throws {
        self.path = path
        try Warehouse.refuseEmptyFile(at: path)
        try Warehouse.prepareWritableFiles(at: path)
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // Full-disk tests set RONGTONG_TEST_MAX_PAGE_COUNT to make the warehouse "fill up" at a chosen size.
        let pageLimit = ProcessInfo.processInfo.environment["RONGTONG_TEST_MAX_PAGE_COUNT"].flatMap { Int($0) }
        let profile = ProcessInfo.processInfo.environment["RONGTONG_PROFILE_SQL"] == nil ? nil : StatementProfile()
        self.profile = profile
        configuration.prepareDatabase { db in
            if let profile { db.trace(options: .profile) { profile.record($0) } }
            // A load is one big transaction: a 64 MiB page cache keeps its dirty pages from spilling to disk early.
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536")
            if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        let migrator = WarehouseSchema.migrator
        try queue.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            let known = Set(migrator.migrations)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw WarehouseError("\(path) was written by a newer Rongtong (schema step \"\(unknown)\"); upgrade Rongtong to use it")
            }
        }
        try migrator.migrate(queue)
    }

    /// Throws when `path` names an existing file of 0 bytes: a warehouse that was there and is lost (a truncated copy,
    /// a failed restore), never a new one, which is only ever made where no file is. Nothing is written.
    public static func refuseEmptyFile(at path: String) throws {
        if isEmptyFile(at: path) { throw WarehouseError(emptyFileMessage(path)) }
    }

    /// Throws when the warehouse file at `path` exists but this user cannot write it, before SQLite opens it:
    /// SQLite would make a new `-shm` file with the read-only file's mode, and that file would outlive the fix of
    /// the warehouse's own permissions, failing every later night (trial 14-d). A `-wal` or `-shm` file left
    /// unwritable beside a warehouse this user can write, and owned by this user, is given the warehouse's mode
    /// again (they are SQLite's scratch files of this warehouse, remade at every open); one owned by another user is
    /// refused, naming it. No file is made or opened. `shownPath`: the warehouse as the user wrote it, for the message.
    public static func prepareWritableFiles(at path: String, shownPath: String? = nil) throws {
        let shown = shownPath ?? path
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        if access(path, W_OK) != 0 {
            throw WarehouseError("\(shown): this user cannot write the warehouse file (mode \(octalMode(status.st_mode))); nothing was done: fix its permissions (chmod u+w, or run as its owner \(ownerName(status.st_uid)))")
        }
        for scratch in [path + "-wal", path + "-shm"] {
            var scratchStatus = stat()
            guard stat(scratch, &scratchStatus) == 0, access(scratch, W_OK) != 0 else { continue }
            if scratchStatus.st_uid == geteuid(), chmod(scratch, status.st_mode & 0o666) == 0 { continue }
            throw WarehouseError("\(shown)\(scratch.dropFirst(path.count)): this user cannot write SQLite's scratch file of the warehouse (mode \(octalMode(scratchStatus.st_mode)), owner \(ownerName(scratchStatus.st_uid))); nothing was done: fix its permissions, or delete it while no run is under way")
        }
    }

    private static func octalMode(_ mode: mode_t) -> String { "0" + String(mode & 0o777, radix: 8) }

    private static func ownerName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    /// Whether `path` names an existing file of 0 bytes (false when there is no file).
    public static func isEmptyFile(at path: String) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue == 0
    }

    /// What a run says of an empty warehouse file, `shownPath` as the user wrote it.
    public static func emptyFileMessage(_ shownPath: String) -> String {
        "\(shownPath): the warehouse file is empty (0 bytes), as a truncated copy or a failed restore leaves it; its runs and history are not there, so nothing was done. Restore the file from a backup, or delete it to start a new warehouse on purpose"
    }

    /// Opens an existing warehouse without creating one (for `status`); nil when the file does not exist.
    public static func openExisting(path: String) throws -> Warehouse? {
        FileManager.default.fileExists(atPath: path) ? try Warehouse(path: path) : nil
    }

    /// Records that a run started; returns its `run_id`. `sources`: the sources it was asked for, in pipeline order
    /// (`etl_run.sources`).
    public func startRun(pipeline: String, stages: [String], sources: [String]? = nil) throws -> Int {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO etl_run (pipeline, started_at, status, stages, sources, pid) VALUES (?, ?, 'running', ?, ?, ?)
                """, arguments: [pipeline, Warehouse.timestamp(), stages.joined(separator: ","),
                                  sources?.joined(separator: ","), Int(getpid())])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Closes the run record with its outcome and counts.
    /// `sourcesSkipped`: the sources skipped because their `path` matched no file (`when_missing: skip`).
    public func finishRun(_ runID: Int, status: String, rowsRead: Int, rowsLoaded: Int, rowsRejected: Int,
                          message: String?, sourcesSkipped: [String] = []) throws {
        try queue.write { db in
            try db.execute(sql: """
                UPDATE etl_run SET finished_at = ?, status = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?,
                                   message = ?, sources_skipped = ?
                WHERE run_id = ?
                """, arguments: [Warehouse.timestamp(), status, rowsRead, rowsLoaded, rowsRejected, message,
                                  sourcesSkipped.isEmpty ? nil : sourcesSkipped.joined(separator: ","), runID])
        }
    }

    /// Whether run `runID` ended before it recorded its counts: killed or stopped (`interrupted`, or still `running`,
    /// which the lock this run holds shows it is not) before its load committed them, so that its reads are in no
    /// run's `rows_read`. A run killed after its load committed has its counts, and is not unfinished in this sense.
    public func isUnfinished(runID: Int) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM etl_run WHERE run_id = ? AND status IN ('running', 'interrupted') AND rows_read = 0
                """, arguments: [runID]) ?? false
        }
    }

    /// What `etl_run.message` says of a run that the next run found still `running`.
    public static let interruptedMessage = "the process ended before the run finished (killed or stopped); nothing of the unfinished stage was committed"

    /// What `etl_run.message` says of a run found still `running` whose load had committed (killed between the
    /// load's commit and the run's end): its records are in the warehouse, counted in its own row.
    public static func interruptedAfterLoadMessage(_ loaded: Int) -> String {
        "the process ended before the run finished (killed or stopped), after its load committed: its \(loaded) loaded record(s) are in the warehouse"
    }

    /// Marks every run still `running` as `interrupted`, with `interruptedMessage` (or `interruptedAfterLoadMessage`
    /// when its load had committed), and returns them, oldest first.
    /// Called by a run holding the lock, before it records its own start: a run that still says `running` then is
    /// surely over (the kernel drops a dead process's lock), killed or stopped before it could say how it ended.
    /// `finished_at` stays NULL: when the process ended is not known. Its counts stay as committed: those of its
    /// load when the load committed before the end, else 0.
    public func markInterruptedRuns() throws -> [InterruptedRun] {
        try queue.write { db in
            let runs = try Row.fetchAll(db, sql: """
                SELECT run_id, started_at, pid, rows_loaded FROM etl_run WHERE status = 'running' ORDER BY run_id
                """).map { InterruptedRun(runID: $0["run_id"], startedAt: $0["started_at"], pid: $0["pid"],
                                            rowsLoaded: $0["rows_loaded"] ?? 0) }
            guard !runs.isEmpty else { return [] }
            for run in runs {
                try db.execute(sql: "UPDATE etl_run SET status = 'interrupted', message = ? WHERE run_id = ?",
                               arguments: [run.rowsLoaded > 0 ? Warehouse.interruptedAfterLoadMessage(run.rowsLoaded) : Warehouse.interruptedMessage,
                                           run.runID])
            }
            return runs
        }
    }

    /// Whether a batch with this id was loaded into the warehouse.
    public func isLoaded(batchID: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM etl_batch WHERE batch_id = ? AND status = 'loaded'",
                              arguments: [batchID]) ?? false
        }
    }

    /// Whether any batch of `sourceID` with this content hash was loaded, or held back and then superseded: a
    /// later run loaded another file of the source (the corrected export). Extraction skips such a file even when
    /// staging was purged, so an old held file is neither held again nor loaded over the newer one.
    public func isLoaded(sourceID: String, sha256: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM etl_batch b WHERE b.source_id = ?1 AND b.sha256 = ?2 AND \(Self.loadedBatch)",
                              arguments: [sourceID, sha256]) ?? false
        }
    }

    /// The sizes (bytes) of the contents of `sourceID` that `isLoaded` counts: a file of another size cannot be one of
    /// them, and needs no SHA-256 to say so (`--source` runs check the other sources' files).
    public func loadedSizes(sourceID: String) throws -> Set<Int> {
        try queue.read { db in
            Set(try Int.fetchAll(db, sql: "SELECT DISTINCT b.bytes FROM etl_batch b WHERE b.source_id = ? AND \(Self.loadedBatch)",
                                 arguments: [sourceID]))
        }
    }

    /// The `etl_batch b` rows `isLoaded` counts: loaded, or held and superseded by a later loaded file.
    private static let loadedBatch = """
        (b.status = 'loaded'
         OR (b.status = 'held' AND EXISTS (SELECT 1 FROM etl_batch l WHERE l.source_id = b.source_id
                                              AND l.status = 'loaded' AND l.run_id > b.run_id)))
        """

    /// The warehouse file at `path` opened read-only (no migration, no lock, no journal change), or nil when there is
    /// no such file yet: what `validate` reads the warehouse through.
    static func readOnlyQueue(at path: String) throws -> DatabaseQueue? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The contents (source, SHA-256) a warehouse file holds as loaded, as `isLoaded` counts them, read without
    /// writing anything (no migration, no lock, no journal change): what `validate --new-only` leaves out. Nil when
    /// there is no warehouse file yet.
    public static func loadedContents(readOnlyAt path: String) throws -> Set<String>? {
        guard let queue = try readOnlyQueue(at: path) else { return nil }
        return try queue.read { db in
            guard try db.tableExists("etl_batch") else { return [] }
            return Set(try Row.fetchAll(db, sql: "SELECT b.source_id, b.sha256 FROM etl_batch b WHERE \(loadedBatch)")
                .map { loadedContentKey(sourceID: $0["source_id"], sha256: $0["sha256"]) })
        }
    }

    /// The records of the newest delivery of `file` that source `sourceID` loaded, other than content `sha256`
    /// (tonight's): what a new delivery of the same path is compared with (`delivery_shrank`). Nil when the source
    /// never loaded another content of that path. Newest by the run that last loaded it (`last_run_id`): a content
    /// delivered again after another replaced it is the newest again. `file` is the absolute path, as stored.
    public func previousDeliveryRecords(sourceID: String, file: String, other sha256: String) throws -> Int? {
        try queue.read { db in try Self.previousDeliveryRecords(db, sourceID: sourceID, file: file, other: sha256) }
    }

    /// As `previousDeliveryRecords`, read from the warehouse file at `path` without writing anything (as
    /// `loadedContents`): `validate` compares deliveries too. Nil when there is no warehouse file yet, or no such
    /// delivery.
    public static func previousDeliveryRecords(readOnlyAt path: String, sourceID: String, file: String,
                                               other sha256: String) throws -> Int? {
        guard let queue = try readOnlyQueue(at: path) else { return nil }
        return try queue.read { db in
            guard try db.tableExists("etl_batch") else { return nil }
            return try previousDeliveryRecords(db, sourceID: sourceID, file: file, other: sha256)
        }
    }

    private static func previousDeliveryRecords(_ db: Database, sourceID: String, file: String, other sha256: String) throws -> Int? {
        try Int.fetchOne(db, sql: """
            SELECT rows_read FROM etl_batch
            WHERE source_id = ? AND file = ? AND sha256 <> ? AND status = 'loaded'
            ORDER BY COALESCE(last_run_id, run_id) DESC, rowid DESC LIMIT 1
            """, arguments: [sourceID, file, sha256])
    }

    /// What source `sourceID` loaded since it last loaded content `sha256`, or nil when that content was never
    /// loaded (only held back, or new). What tells a re-delivery from a file that did not change: content loaded once
    /// and then replaced by another delivery of its path (or of its lineage, see `ListDelivery.isLineage`) is not what
    /// the warehouse holds from it, so it is a new delivery when it comes back (`ExtractStage`, `LoadStage`).
    public func loads(sourceID: String, since sha256: String) throws -> LoadsSince? {
        try queue.read { db in
            try Self.loads(db, sourceID: sourceID, since: StagedBatch.id(sourceID: sourceID, sha256: sha256))
        }
    }

    /// As `loads(sourceID:since:)`, inside an open transaction `db` (a load sees its own batches), by batch id.
    /// Every run's loads are in `etl_run_batch`; `etl_batch` adds a warehouse's loads from before that table.
    static func loads(_ db: Database, sourceID: String, since batchID: String) throws -> LoadsSince? {
        let loads = """
            WITH loads(batch_id, run_id, file) AS (
                SELECT batch_id, run_id, file FROM etl_run_batch WHERE source_id = ?1 AND status = 'loaded'
                UNION SELECT batch_id, last_run_id, file FROM etl_batch WHERE source_id = ?1 AND status = 'loaded')
            """
        guard let last = try Row.fetchOne(db, sql: loads + """
            SELECT run_id, file FROM loads WHERE batch_id = ?2 ORDER BY run_id DESC, file DESC LIMIT 1
            """, arguments: [sourceID, batchID]) else { return nil }
        let run: Int = last["run_id"]
        let others = try Row.fetchAll(db, sql: loads + """
            SELECT file, MAX(run_id) AS run_id FROM loads WHERE batch_id <> ?2 AND run_id >= ?3 GROUP BY file
            """, arguments: [sourceID, batchID, run])
        return LoadsSince(lastFile: last["file"],
                          laterRuns: others.filter { ($0["run_id"] as Int) > run }.map { $0["file"] },
                          sameRun: others.filter { ($0["run_id"] as Int) == run }.map { $0["file"] })
    }

    /// Every load of a source's contents: which file, which batch, in which run (`etl_run_batch`, and `etl_batch` for
    /// a warehouse's loads from before that table). What a file's lineage holds is judged from it
    /// (`ListDelivery.heldFromLineage`): a file is unchanged when its content is what its lineage last loaded.
    public func loadHistory(sourceID: String) throws -> [LoadedFile] {
        try queue.read { db in try Warehouse.loadHistory(db, sourceID: sourceID) }
    }

    /// As `loadHistory(sourceID:)`, read from the warehouse file at `path` without writing anything (as
    /// `loadedContents(readOnlyAt:)`): `validate --new-only` judges a file's lineage as `run` does. Empty when there is
    /// no warehouse file yet.
    public static func loadHistory(readOnlyAt path: String, sourceID: String) throws -> [LoadedFile] {
        guard let queue = try readOnlyQueue(at: path) else { return [] }
        return try queue.read { db in
            guard try db.tableExists("etl_batch"), try db.tableExists("etl_run_batch") else { return [] }
            return try loadHistory(db, sourceID: sourceID)
        }
    }

    private static func loadHistory(_ db: Database, sourceID: String) throws -> [LoadedFile] {
        try Row.fetchAll(db, sql: """
            SELECT batch_id, run_id, file FROM etl_run_batch WHERE source_id = ?1 AND status = 'loaded'
            UNION SELECT batch_id, last_run_id, file FROM etl_batch b WHERE source_id = ?1 AND status = 'loaded'
                AND NOT EXISTS (SELECT 1 FROM etl_run_batch r WHERE r.batch_id = b.batch_id)
            """, arguments: [sourceID]).map {
            LoadedFile(file: $0["file"], batchID: $0["batch_id"], run: $0["run_id"])
        }
    }

    /// The key of one source's content in `loadedContents`.
    public static func loadedContentKey(sourceID: String, sha256: String) -> String { sourceID + "\u{0}" + sha256 }

    /// The warehouse's own id (`etl_meta.warehouse_id`), made on first use: staging remembers it.
    public func identity() throws -> String {
        try queue.write { db in
            if let id = try String.fetchOne(db, sql: "SELECT value FROM etl_meta WHERE key = 'warehouse_id'") { return id }
            let id = UUID().uuidString.lowercased()
            try db.execute(sql: "INSERT INTO etl_meta (key, value) VALUES ('warehouse_id', ?)", arguments: [id])
            return id
        }
    }

    /// Stores the key fingerprint on first use; afterwards refuses a different key, whose hashes would not link.
    public func checkKeyFingerprint(_ fingerprint: String) throws {
        try queue.write { db in
            if let stored = try String.fetchOne(db, sql: "SELECT value FROM etl_meta WHERE key = 'pii_key_fingerprint'") {
                guard stored == fingerprint else {
                    throw WarehouseError("\(path) was built with a different personal-data key (fingerprint \(stored)); hashes under this key would not match it")
                }
            } else {
                try db.execute(sql: "INSERT INTO etl_meta (key, value) VALUES ('pii_key_fingerprint', ?)",
                               arguments: [fingerprint])
            }
        }
    }

    /// Rewrites, once per warehouse, the record keys an earlier version stored with a resident ID in clear (a 残联 list
    /// keyed by `身份证号`) to the form `stored` gives them (the ID's keyed hash, see `StoredRecordKey`), wherever a
    /// key is kept: `household_source`, `facility_source`, `household_relink` and `etl_reject` (its `record_key`,
    /// and the key a `duplicate_record_key` warning names). So a record keyed by an ID still finds its household on
    /// the next night, and an open reject its record. `mayHoldID` picks the keys worth a look (15 digits or more).
    /// Done when `etl_meta` has no `record_keys_hashed` yet, which it then gets: later runs do not look again.
    public func hashRecordKeysStoredInClear(_ stored: (String) -> String, mayHoldID: (String) -> Bool) throws {
        try queue.write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM etl_meta WHERE key = 'record_keys_hashed'") == nil
            else { return }
            for table in ["household_source", "facility_source", "household_relink", "etl_reject"] {
                let keys = try String.fetchAll(db, sql: "SELECT DISTINCT record_key FROM \(table) WHERE record_key IS NOT NULL")
                for key in keys where mayHoldID(key) {
                    let hashed = stored(key)
                    guard hashed != key else { continue }
                    // OR REPLACE: the 15- and 18-digit forms of one ID, stored apart, are one key now.
                    try db.execute(sql: "UPDATE OR REPLACE \(table) SET record_key = ? WHERE record_key = ?",
                                   arguments: [hashed, key])
                }
            }
            let named = try Row.fetchAll(db, sql: """
                SELECT rowid, value, message FROM etl_reject WHERE rule = 'duplicate_record_key' AND value IS NOT NULL
                """)
            for row in named {
                let value: String = row["value"]
                guard mayHoldID(value) else { continue }
                let hashed = stored(value)
                let message: String? = row["message"]
                let rowID: Int64 = row["rowid"]
                try db.execute(sql: "UPDATE etl_reject SET value = ?, message = ? WHERE rowid = ?",
                               arguments: [hashed, message?.replacingOccurrences(of: value, with: hashed), rowID])
            }
            try db.execute(sql: "INSERT INTO etl_meta (key, value) VALUES ('record_keys_hashed', '1')")
        }
    }

    /// Runs `body` with a `LoadSession` inside one transaction: everything it writes commits together or not at all.
    ///
    /// With `exclusive` (`load_mode: exclusive`), the transaction runs through a rollback journal instead of the
    /// write-ahead log, and the file returns to WAL mode afterwards. When the journal cannot be switched (a reader
    /// is connected), the load runs in WAL mode and `fallback` is told why.
    public func load<T>(runID: Int, exclusive: Bool = false, fallback: (String) -> Void = { _ in },
                        _ body: (LoadSession) throws -> T) throws -> T {
        var switched = false
        if exclusive {
            do {
                let mode = try queue.inDatabase { try String.fetchOne($0, sql: "PRAGMA journal_mode = DELETE") }
                switched = mode?.lowercased() == "delete"
                if !switched { fallback("the warehouse stayed in \(mode ?? "its") journal mode") }
            } catch {
                fallback("\(error)")
            }
        }
        defer {
            // Every connection sets WAL when it opens, too, so a failure here only delays the switch.
            if switched { _ = try? queue.inDatabase { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") } }
        }
        var result: T?
        try queue.inTransaction(.immediate) { db in
            let session = try LoadSession(db: db, runID: runID)
            result = try body(session)
            try session.finish()
            return .commit
        }
        guard let result else { throw WarehouseError("the load produced no result") }
        return result
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}

/// A run that ended while `running` (killed or stopped), as `Warehouse.markInterruptedRuns` found it.
public struct InterruptedRun: Sendable, Equatable {
    public var runID: Int
    public var startedAt: String
    /// The process that ran it, NULL in runs recorded before `etl_run.pid` existed.
    public var pid: Int?
    /// The records its load committed before the end (0: killed before its load committed).
    public var rowsLoaded: Int = 0

    /// `run 7 (pid 11064, started 2026-11-30T02:15:00Z)`, and `, its load committed 1,204 record(s)` when it had.
    public var description: String {
        "run \(runID) (" + (pid.map { "pid \($0), " } ?? "") + "started \(startedAt)"
            + (rowsLoaded > 0 ? "; its load had committed \(rowsLoaded) record(s), which are loaded" : "") + ")"
    }
}

/// A warehouse-level failure (newer schema, wrong key, missing file).
public struct WarehouseError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Total time and count per SQL text, from SQLite's profile trace.
final class StatementProfile {
    private var totals: [String: (count: Int, nanoseconds: Int)] = [:]

    func record(_ event: Database.TraceEvent) {
        guard case .profile(let statement, let duration) = event else { return }
        let sql = statement.sql
        let previous = totals[sql] ?? (0, 0)
        totals[sql] = (previous.count + 1, previous.nanoseconds + Int(duration * 1e9))
    }

    func report() {
        let total = totals.values.reduce(0) { $0 + $1.nanoseconds }
        var lines = ["RONGTONG_PROFILE_SQL: \(Double(total) / 1e9) s in SQLite statements"]
        for (sql, value) in totals.sorted(by: { $0.value.nanoseconds > $1.value.nanoseconds }).prefix(25) {
            let text = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            lines.append(String(format: "%8.3f s %9d  ", Double(value.nanoseconds) / 1e9, value.count) + (text.count > 150 ? text.prefix(60) + " … " + text.suffix(90) : Substring(text)))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// One load of a source's content (see `Warehouse.loadHistory(sourceID:)`): the file it was read from, its batch, and
/// the run that loaded it.
public struct LoadedFile: Sendable, Equatable {
    public let file: String
    public let batchID: String
    public let run: Int

    public init(file: String, batchID: String, run: Int) {
        self.file = file
        self.batchID = batchID
        self.run = run
    }
}

/// What a source loaded since it last loaded one content (see `Warehouse.loads(sourceID:since:)`).
public struct LoadsSince: Sendable {
    /// The file the content was last loaded from.
    public let lastFile: String
    /// The files of other contents the source loaded in later runs.
    public let laterRuns: [String]
    /// The files of other contents loaded in the same run as the content's last load (in file order, before or
    /// after it: a caller tells a later delivery by its name).
    public let sameRun: [String]
}
