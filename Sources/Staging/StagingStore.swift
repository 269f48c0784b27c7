import Foundation
import GRDB

/// The staging database that joins the stages: raw records from extract, candidates from normalize, rejects.
///
/// It holds personal data in clear text, so it is created with mode 0600. Each batch is written in its own
/// transaction, so an interrupted extract resumes at the next file and never leaves half a batch.
public final class StagingStore {
    public let path: String
    public let queue: DatabaseQueue

    /// Opens (creating with mode 0600 if needed) and migrates the staging file at `path`.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
            guard descriptor >= 0 else {
                throw StagingError("cannot create staging file \(path): \(String(cString: strerror(errno)))")
            }
            close(descriptor)
        }
        chmod(path, 0o600)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try StagingStore.migrator.migrate(queue)
    }

    /// Shrinks the connection's page cache to 2 MiB and frees the pages it holds. Call when the load begins: from
    /// then on staging is read once, batch by batch in order, which a small cache serves as well, and the 16 MiB the
    /// extract and normalize stages write through would only add to the night's peak memory (the load's own
    /// warehouse cache is where memory pays).
    public func narrowCacheForReading() throws {
        try queue.inDatabase { db in try db.execute(sql: "PRAGMA cache_size = -2048; PRAGMA shrink_memory") }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE batch (
                    batch_id TEXT PRIMARY KEY,
                    source_id TEXT NOT NULL,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rows_rejected INTEGER NOT NULL,
                    columns TEXT NOT NULL,
                    extracted_run INTEGER NOT NULL,
                    normalized_run INTEGER
                );
                CREATE INDEX batch_by_source ON batch(source_id, sha256);
                CREATE TABLE raw_record (
                    batch_id TEXT NOT NULL,
                    record_number INTEGER NOT NULL,
                    line INTEGER,
                    fields TEXT NOT NULL,
                    PRIMARY KEY (batch_id, record_number)
                ) WITHOUT ROWID;
                CREATE TABLE reject (
                    run_id INTEGER NOT NULL,
                    batch_id TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    record_number INTEGER,
                    line INTEGER,
                    field TEXT,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    value TEXT,
                    message TEXT NOT NULL,
                    stage TEXT NOT NULL
                );
                CREATE INDEX reject_by_batch ON reject(batch_id, stage);
                CREATE TABLE household_candidate (
                    batch_id TEXT NOT NULL,
                    record_number INTEGER NOT NULL,
                    source_id TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    region_code TEXT, compound_name TEXT, building TEXT, unit TEXT, room TEXT, address TEXT,
                    head_name TEXT, head_id_hash TEXT, head_id_masked TEXT, head_gender TEXT, head_birth_date TEXT,
                    phone_hash TEXT, phone_masked TEXT, member_count INTEGER, grid_id TEXT, ten_household_group TEXT,
                    tenure TEXT, is_low_income INTEGER, is_extreme_poverty INTEGER, has_disabled_member INTEGER,
                    has_elderly_alone INTEGER, has_left_behind_child INTEGER, record_date TEXT,
                    PRIMARY KEY (batch_id, record_number)
                ) WITHOUT ROWID;
                CREATE TABLE facility_candidate (
                    batch_id TEXT NOT NULL,
                    record_number INTEGER NOT NULL,
                    source_id TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    facility_type TEXT NOT NULL, name TEXT, compound_name TEXT, region_code TEXT, address TEXT,
                    lat REAL, lon REAL, capacity REAL, capacity_unit TEXT, status TEXT, owner TEXT,
                    built_year INTEGER, record_date TEXT,
                    PRIMARY KEY (batch_id, record_number)
                ) WITHOUT ROWID;
                CREATE TABLE compound_candidate (
                    batch_id TEXT NOT NULL,
                    record_number INTEGER NOT NULL,
                    source_id TEXT NOT NULL,
                    record_key TEXT NOT NULL,
                    name TEXT NOT NULL, region_code TEXT, address TEXT, area_type TEXT, built_year INTEGER,
                    project_id TEXT, phase INTEGER, scope TEXT, content TEXT, progress REAL, investment_yuan REAL,
                    planned_start TEXT, planned_end TEXT, project_status TEXT,
                    PRIMARY KEY (batch_id, record_number)
                ) WITHOUT ROWID;
                """)
        }
        // The field mapping a batch was normalized with, so that an edited mapping normalizes it again.
        migrator.registerMigration("v2-normalized-with") { db in
            try db.execute(sql: "ALTER TABLE batch ADD COLUMN normalized_with TEXT")
        }
        // The extraction options a batch was read with (encoding, format options), so that a fixed delimiter,
        // encoding or record_path reads the file again without --force.
        migrator.registerMigration("v3-extracted-with") { db in
            try db.execute(sql: "ALTER TABLE batch ADD COLUMN extracted_with TEXT")
        }
        // Which warehouse the staged batches belong to: a staging kept beside a rebuilt warehouse is not replayed.
        migrator.registerMigration("v4-staging-meta") { db in
            try db.execute(sql: "CREATE TABLE staging_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        }
        // The facility type as written, which names a facility record that has no name of its own.
        migrator.registerMigration("v5-facility-type-label") { db in
            try db.execute(sql: "ALTER TABLE facility_candidate ADD COLUMN type_label TEXT")
        }
        // A facility record saying the facility does not exist (无, 缺失, 未配建): the load makes no facility of it.
        migrator.registerMigration("v6-facility-absent") { db in
            try db.execute(sql: "ALTER TABLE facility_candidate ADD COLUMN absent INTEGER")
        }
        // The field of a facility record that placed itself in no division but names a compound: the load warns
        // unresolved_region on it only when the compound does not place it either.
        migrator.registerMigration("v7-facility-unplaced-field") { db in
            try db.execute(sql: "ALTER TABLE facility_candidate ADD COLUMN unplaced_field TEXT")
        }
        // The other compounds of a project covering several (JSON list of name, region_code, address).
        migrator.registerMigration("v8-compound-also-covers") { db in
            try db.execute(sql: "ALTER TABLE compound_candidate ADD COLUMN also_covers TEXT")
        }
        // An organisation named where the head's name belongs (a 单位's utility account): linked by its dwelling.
        migrator.registerMigration("v9-household-holder-organisation") { db in
            try db.execute(sql: "ALTER TABLE household_candidate ADD COLUMN holder_organisation TEXT")
        }
        // The hashed names and IDs of the members a record lists, and its head's name hashed (a new head who was a
        // listed member keeps the household).
        migrator.registerMigration("v10-household-members") { db in
            try db.execute(sql: """
                ALTER TABLE household_candidate ADD COLUMN head_name_hash TEXT;
                ALTER TABLE household_candidate ADD COLUMN member_id_hashes TEXT;
                ALTER TABLE household_candidate ADD COLUMN member_name_hashes TEXT;
                """)
        }
        // The key of the record a reject is about, so that the warehouse can tell when a later delivery loads it.
        migrator.registerMigration("v11-reject-record-key") { db in
            try db.execute(sql: "ALTER TABLE reject ADD COLUMN record_key TEXT")
        }
        // The former name a renamed compound's row writes in brackets (`金叶苑（原烟草局宿舍）`).
        migrator.registerMigration("v12-compound-former-name") { db in
            try db.execute(sql: "ALTER TABLE compound_candidate ADD COLUMN former_name TEXT")
        }
        // A progress given by an approximate word (过半, 基本完工), which does not replace a stored exact one above it.
        migrator.registerMigration("v13-compound-progress-approximate") { db in
            try db.execute(sql: "ALTER TABLE compound_candidate ADD COLUMN progress_approximate INTEGER")
        }
        // The fields of a record the file wrote as JSON number tokens (names joined by U+001F; NULL when none): an
        // ID sent as a number may have passed through the sender's double (`JSONNumberID`).
        migrator.registerMigration("v14-raw-record-numbers") { db in
            try db.execute(sql: "ALTER TABLE raw_record ADD COLUMN numbers TEXT")
        }
        return migrator
    }
}

extension StagingStore {
    /// `raw_record.numbers` for a record's number fields: their names joined by U+001F, nil when there are none.
    static func numbersColumn(_ names: [String]) -> String? {
        names.isEmpty ? nil : names.joined(separator: "\u{1F}")
    }
}

/// A staging problem that is not a record's fault (the file cannot be created, a batch is missing).
public struct StagingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
