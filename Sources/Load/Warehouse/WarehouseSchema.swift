import GRDB

/// The warehouse's tables, created and upgraded by versioned migrations (see docs/warehouse.md).
///
/// Opening an older warehouse migrates it; a warehouse written by a newer Rongtong (unknown migrations) is refused.
enum WarehouseSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-contract-tables") { db in
            try db.execute(sql: """
                CREATE TABLE etl_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE dim_region (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_code TEXT);
                CREATE TABLE dim_source (
                    source_id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, format TEXT NOT NULL,
                    entity TEXT NOT NULL);
                CREATE TABLE dim_compound (
                    compound_id TEXT PRIMARY KEY, name TEXT NOT NULL, match_name TEXT NOT NULL, region_code TEXT,
                    area_type TEXT,
                    built_year INTEGER, address TEXT,
                    confirmed_by_housing INTEGER NOT NULL DEFAULT 0,
                    first_seen_run INTEGER, last_seen_run INTEGER);
                CREATE INDEX dim_compound_by_name ON dim_compound(match_name);
                CREATE TABLE dwd_renovation_project (
                    project_id TEXT PRIMARY KEY, compound_id TEXT, project_type TEXT, scope TEXT, content TEXT,
                    progress REAL, investment_yuan REAL, planned_start TEXT, planned_end TEXT, status TEXT);
                CREATE TABLE dwd_household (
                    household_id TEXT PRIMARY KEY, region_code TEXT, compound_id TEXT, building TEXT, unit TEXT,
                    room TEXT, address TEXT, head_name TEXT, head_id_hash TEXT, head_id_masked TEXT,
                    head_gender TEXT, head_birth_date TEXT, phone_masked TEXT, member_count INTEGER, grid_id TEXT,
                    ten_household_group TEXT, tenure TEXT, is_low_income INTEGER, is_extreme_poverty INTEGER,
                    has_disabled_member INTEGER, has_elderly_alone INTEGER, has_left_behind_child INTEGER,
                    first_seen_run INTEGER NOT NULL, last_seen_run INTEGER NOT NULL,
                    phone_hash TEXT);
                CREATE INDEX dwd_household_by_id_hash ON dwd_household(head_id_hash);
                CREATE INDEX dwd_household_by_room ON dwd_household(compound_id, building, unit, room);
                CREATE INDEX dwd_household_by_phone ON dwd_household(phone_hash);
                CREATE TABLE household_source (
                    household_id TEXT NOT NULL, source_id TEXT NOT NULL, record_key TEXT NOT NULL,
                    batch_id TEXT NOT NULL, match_rule TEXT NOT NULL, match_score REAL NOT NULL,
                    PRIMARY KEY (source_id, record_key, batch_id));
                CREATE INDEX household_source_by_household ON household_source(household_id);
                CREATE TABLE dwd_household_history (
                    household_id TEXT NOT NULL, valid_from_run INTEGER NOT NULL, valid_to_run INTEGER,
                    region_code TEXT, compound_id TEXT, building TEXT, unit TEXT, room TEXT, address TEXT,
                    head_name TEXT, head_id_hash TEXT, head_id_masked TEXT, head_gender TEXT, head_birth_date TEXT,
                    phone_masked TEXT, member_count INTEGER, grid_id TEXT, ten_household_group TEXT, tenure TEXT,
                    is_low_income INTEGER, is_extreme_poverty INTEGER, has_disabled_member INTEGER,
                    has_elderly_alone INTEGER, has_left_behind_child INTEGER,
                    PRIMARY KEY (household_id, valid_from_run));
                CREATE TABLE household_alias (
                    alias_id TEXT PRIMARY KEY, household_id TEXT NOT NULL, merged_run INTEGER NOT NULL,
                    rule TEXT NOT NULL);
                CREATE INDEX household_alias_by_household ON household_alias(household_id);
                CREATE TABLE household_relink (
                    source_id TEXT NOT NULL, record_key TEXT NOT NULL, batch_id TEXT NOT NULL,
                    from_household TEXT NOT NULL, to_household TEXT, run_id INTEGER NOT NULL, reason TEXT NOT NULL);
                CREATE TABLE dwd_household_field_source (
                    household_id TEXT NOT NULL, column_name TEXT NOT NULL, source_id TEXT NOT NULL,
                    run_id INTEGER NOT NULL, PRIMARY KEY (household_id, column_name));
                CREATE TABLE dwd_household_conflict (
                    household_id TEXT NOT NULL, column_name TEXT NOT NULL, kept_source TEXT NOT NULL,
                    offered_source TEXT NOT NULL, source_pair TEXT NOT NULL, run_id INTEGER NOT NULL,
                    PRIMARY KEY (household_id, column_name, source_pair));
                CREATE TABLE dwd_facility (
                    facility_id TEXT PRIMARY KEY, facility_type TEXT NOT NULL, name TEXT, compound_id TEXT,
                    region_code TEXT, address TEXT, lat REAL, lon REAL, capacity REAL, capacity_unit TEXT,
                    status TEXT, owner TEXT, built_year INTEGER,
                    first_seen_run INTEGER NOT NULL, last_seen_run INTEGER NOT NULL);
                CREATE INDEX dwd_facility_by_type_position ON dwd_facility(facility_type, lat);
                CREATE INDEX dwd_facility_by_compound ON dwd_facility(compound_id, facility_type);
                CREATE TABLE facility_source (
                    facility_id TEXT NOT NULL, source_id TEXT NOT NULL, record_key TEXT NOT NULL,
                    batch_id TEXT NOT NULL, match_rule TEXT NOT NULL, match_score REAL NOT NULL,
                    PRIMARY KEY (source_id, record_key, batch_id));
                CREATE INDEX facility_source_by_facility ON facility_source(facility_id);
                CREATE TABLE dwd_facility_history (
                    facility_id TEXT NOT NULL, valid_from_run INTEGER NOT NULL, valid_to_run INTEGER,
                    facility_type TEXT, name TEXT, compound_id TEXT, region_code TEXT, address TEXT, lat REAL,
                    lon REAL, capacity REAL, capacity_unit TEXT, status TEXT, owner TEXT, built_year INTEGER,
                    PRIMARY KEY (facility_id, valid_from_run));
                CREATE TABLE etl_run (
                    run_id INTEGER PRIMARY KEY, pipeline TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
                    status TEXT NOT NULL, stages TEXT NOT NULL, rows_read INTEGER NOT NULL DEFAULT 0,
                    rows_loaded INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0,
                    message TEXT, pid INTEGER);
                CREATE TABLE etl_batch (
                    batch_id TEXT PRIMARY KEY, run_id INTEGER NOT NULL, source_id TEXT NOT NULL, file TEXT NOT NULL,
                    sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, rows_read INTEGER NOT NULL,
                    rows_rejected INTEGER NOT NULL, status TEXT NOT NULL, encoding TEXT, rows_loaded INTEGER);
                CREATE TABLE etl_reject (
                    run_id INTEGER NOT NULL, batch_id TEXT NOT NULL, source_id TEXT NOT NULL, record_number INTEGER,
                    field TEXT, rule TEXT NOT NULL, severity TEXT NOT NULL, value TEXT, message TEXT NOT NULL,
                    line INTEGER);
                CREATE INDEX etl_reject_by_batch ON etl_reject(batch_id);
                CREATE TABLE dws_compound_summary (
                    compound_id TEXT PRIMARY KEY, name TEXT, region_code TEXT, area_type TEXT,
                    households INTEGER NOT NULL, low_income_households INTEGER NOT NULL,
                    extreme_poverty_households INTEGER NOT NULL, disabled_member_households INTEGER NOT NULL,
                    elderly_alone_households INTEGER NOT NULL, left_behind_child_households INTEGER NOT NULL,
                    facilities INTEGER NOT NULL, facilities_by_type TEXT NOT NULL, missing_basic_types TEXT NOT NULL);
                CREATE VIEW ads_special_difficulty_by_compound AS
                    SELECT compound_id, name, region_code, area_type, households, low_income_households,
                           extreme_poverty_households, disabled_member_households, elderly_alone_households,
                           left_behind_child_households,
                           low_income_households + extreme_poverty_households + disabled_member_households
                             + elderly_alone_households + left_behind_child_households AS special_flags
                    FROM dws_compound_summary ORDER BY special_flags DESC;
                CREATE VIEW ads_compound_facility_gaps AS
                    SELECT compound_id, name, region_code, area_type, missing_basic_types,
                           CASE WHEN missing_basic_types = '' THEN 0
                                ELSE length(missing_basic_types) - length(replace(missing_basic_types, ',', '')) + 1
                           END AS gap_count
                    FROM dws_compound_summary ORDER BY area_type, gap_count DESC;
                CREATE VIEW ads_source_coverage AS
                    SELECT s.source_id, s.owner, s.entity,
                           (SELECT COUNT(*) FROM household_source hs WHERE hs.source_id = s.source_id) AS household_records,
                           (SELECT COUNT(DISTINCT household_id) FROM household_source hs WHERE hs.source_id = s.source_id) AS households,
                           (SELECT COUNT(*) FROM facility_source fs WHERE fs.source_id = s.source_id) AS facility_records,
                           (SELECT COUNT(*) FROM etl_reject r WHERE r.source_id = s.source_id AND r.severity = 'error') AS rejected_records
                    FROM dim_source s;
                CREATE VIEW ads_renovation_special_households AS
                    SELECT h.household_id, h.compound_id, c.name AS compound_name, p.project_id, p.status AS project_status,
                           h.is_low_income, h.is_extreme_poverty, h.has_disabled_member, h.has_elderly_alone,
                           h.has_left_behind_child
                    FROM dwd_household h
                    JOIN dwd_renovation_project p ON p.compound_id = h.compound_id AND p.status <> 'completed'
                    LEFT JOIN dim_compound c ON c.compound_id = h.compound_id
                    WHERE h.is_low_income = 1 OR h.is_extreme_poverty = 1 OR h.has_disabled_member = 1
                       OR h.has_elderly_alone = 1 OR h.has_left_behind_child = 1;
                """)
        }
        // Field provenance is a dozen small rows per household: without a rowid, each row is stored once (in its
        // primary key) instead of twice (table and key index), which halves the largest share of a load's writes.
        migrator.registerMigration("v2-field-provenance-without-rowid") { db in
            try db.execute(sql: """
                CREATE TABLE dwd_household_field_source_v2 (
                    household_id TEXT NOT NULL, column_name TEXT NOT NULL, source_id TEXT NOT NULL,
                    run_id INTEGER NOT NULL, PRIMARY KEY (household_id, column_name)) WITHOUT ROWID;
                INSERT INTO dwd_household_field_source_v2 SELECT household_id, column_name, source_id, run_id
                    FROM dwd_household_field_source;
                DROP TABLE dwd_household_field_source;
                ALTER TABLE dwd_household_field_source_v2 RENAME TO dwd_household_field_source;
                CREATE TABLE dwd_household_conflict_v2 (
                    household_id TEXT NOT NULL, column_name TEXT NOT NULL, kept_source TEXT NOT NULL,
                    offered_source TEXT NOT NULL, source_pair TEXT NOT NULL, run_id INTEGER NOT NULL,
                    PRIMARY KEY (household_id, column_name, source_pair)) WITHOUT ROWID;
                INSERT INTO dwd_household_conflict_v2
                    SELECT household_id, column_name, kept_source, offered_source, source_pair, run_id
                    FROM dwd_household_conflict;
                DROP TABLE dwd_household_conflict;
                ALTER TABLE dwd_household_conflict_v2 RENAME TO dwd_household_conflict;
                """)
        }
        // One row per household instead of one per column: a new household wrote a dozen provenance rows or
        // more, the largest share of a load's B-tree inserts. The per-column table lives on as a view.
        migrator.registerMigration("v3-field-provenance-one-row-per-household") { db in
            try db.execute(sql: """
                CREATE TABLE household_field_owner (
                    household_id TEXT PRIMARY KEY NOT NULL, owners TEXT NOT NULL);
                INSERT INTO household_field_owner (household_id, owners)
                    SELECT household_id, json_group_object(column_name, json_array(source_id, run_id))
                    FROM dwd_household_field_source GROUP BY household_id;
                DROP TABLE dwd_household_field_source;
                CREATE VIEW dwd_household_field_source AS
                    SELECT o.household_id AS household_id, j.key AS column_name,
                           json_extract(j.value, '$[0]') AS source_id, json_extract(j.value, '$[1]') AS run_id
                    FROM household_field_owner o, json_each(o.owners) j;
                """)
        }
        // A record's provenance row is found by its natural key (source, record key, batch): without a rowid, the
        // row lives in that key's B-tree, one insert per record instead of two.
        migrator.registerMigration("v4-record-provenance-without-rowid") { db in
            // The view reads both tables; SQLite refuses to rename a table while a view names a missing one.
            try db.execute(sql: "DROP VIEW ads_source_coverage")
            for (table, entity) in [("household_source", "household_id"), ("facility_source", "facility_id")] {
                try db.execute(sql: """
                    CREATE TABLE \(table)_v4 (
                        \(entity) TEXT NOT NULL, source_id TEXT NOT NULL, record_key TEXT NOT NULL,
                        batch_id TEXT NOT NULL, match_rule TEXT NOT NULL, match_score REAL NOT NULL,
                        PRIMARY KEY (source_id, record_key, batch_id)) WITHOUT ROWID;
                    INSERT INTO \(table)_v4 SELECT \(entity), source_id, record_key, batch_id, match_rule, match_score
                        FROM \(table);
                    DROP TABLE \(table);
                    ALTER TABLE \(table)_v4 RENAME TO \(table);
                    CREATE INDEX \(table)_by_\(entity.replacingOccurrences(of: "_id", with: "")) ON \(table)(\(entity));
                    """)
            }
            try db.execute(sql: """
                CREATE VIEW ads_source_coverage AS
                    SELECT s.source_id, s.owner, s.entity,
                           (SELECT COUNT(*) FROM household_source hs WHERE hs.source_id = s.source_id) AS household_records,
                           (SELECT COUNT(DISTINCT household_id) FROM household_source hs WHERE hs.source_id = s.source_id) AS households,
                           (SELECT COUNT(*) FROM facility_source fs WHERE fs.source_id = s.source_id) AS facility_records,
                           (SELECT COUNT(*) FROM etl_reject r WHERE r.source_id = s.source_id AND r.severity = 'error') AS rejected_records
                    FROM dim_source s;
                """)
        }
        // Field provenance as column sets: one row per household, source and run holding a bit per column it
        // owns, instead of a JSON object naming every column. A new household's provenance shrinks from some
        // 650 bytes (a third of the warehouse) to a few dozen, and a takeover changes integers, not JSON.
        migrator.registerMigration("v5-field-provenance-as-column-sets") { db in
            // Bits are forever: a later column takes the next bit in a later migration.
            let columns = ["region_code", "compound_id", "building", "unit", "room", "address", "head_name",
                           "head_id_hash", "head_id_masked", "head_gender", "head_birth_date", "phone_masked",
                           "member_count", "grid_id", "ten_household_group", "tenure", "is_low_income",
                           "is_extreme_poverty", "has_disabled_member", "has_elderly_alone", "has_left_behind_child",
                           "phone_hash"].enumerated().map { "(\($0.offset), '\($0.element)')" }
            try db.execute(sql: """
                CREATE TABLE household_column (bit INTEGER PRIMARY KEY, column_name TEXT NOT NULL UNIQUE);
                INSERT INTO household_column (bit, column_name) VALUES \(columns.joined(separator: ", "));
                CREATE TABLE household_field_owner_v5 (
                    household_id TEXT NOT NULL, source_id TEXT NOT NULL, run_id INTEGER NOT NULL,
                    column_bits INTEGER NOT NULL,
                    PRIMARY KEY (household_id, source_id, run_id)) WITHOUT ROWID;
                INSERT INTO household_field_owner_v5 (household_id, source_id, run_id, column_bits)
                    SELECT o.household_id, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), SUM(1 << c.bit)
                    FROM household_field_owner o, json_each(o.owners) j JOIN household_column c ON c.column_name = j.key
                    GROUP BY 1, 2, 3;
                DROP VIEW dwd_household_field_source;
                DROP TABLE household_field_owner;
                ALTER TABLE household_field_owner_v5 RENAME TO household_field_owner;
                CREATE VIEW dwd_household_field_source AS
                    SELECT o.household_id AS household_id, c.column_name AS column_name, o.source_id AS source_id,
                           o.run_id AS run_id
                    FROM household_field_owner o JOIN household_column c ON (o.column_bits >> c.bit) & 1 = 1;
                """)
        }
        // A digest of each household record's normalized values, so that a record sent again unchanged (tonight's
        // full export, a forced reload) is recognised and neither takes values over nor adds history.
        migrator.registerMigration("v6-household-record-digest") { db in
            try db.execute(sql: "ALTER TABLE household_source ADD COLUMN record_digest TEXT")
        }
        // The same for facilities: a facility reported by two feeds kept flipping between their values whenever
        // either feed was sent again, each flip a new history version.
        migrator.registerMigration("v7-facility-record-digest") { db in
            try db.execute(sql: "ALTER TABLE facility_source ADD COLUMN record_digest TEXT")
        }
        // Coverage counts the rejects of the source's latest load, not of every night: a record rejected on two
        // nights counted twice, and a record loaded once its file was fixed still counted as rejected.
        // What each run did with each batch, kept after a later run loads the batch again (etl_batch keeps only the
        // last), so that `status` shows every run's sources as they were. Runs before this table have no rows.
        migrator.registerMigration("v9-run-batch-log") { db in
            try db.execute(sql: """
                CREATE TABLE etl_run_batch (
                    run_id INTEGER NOT NULL, batch_id TEXT NOT NULL, source_id TEXT NOT NULL, file TEXT NOT NULL,
                    rows_read INTEGER NOT NULL, rows_loaded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,
                    status TEXT NOT NULL, PRIMARY KEY (run_id, batch_id)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8-coverage-latest-rejects") { db in
            try db.execute(sql: """
                DROP VIEW ads_source_coverage;
                CREATE VIEW ads_source_coverage AS
                    SELECT s.source_id, s.owner, s.entity,
                           (SELECT COUNT(*) FROM household_source hs WHERE hs.source_id = s.source_id) AS household_records,
                           (SELECT COUNT(DISTINCT household_id) FROM household_source hs WHERE hs.source_id = s.source_id) AS households,
                           (SELECT COUNT(*) FROM facility_source fs WHERE fs.source_id = s.source_id) AS facility_records,
                           (SELECT COUNT(*) FROM etl_reject r JOIN etl_batch b ON b.batch_id = r.batch_id
                            WHERE r.source_id = s.source_id AND r.severity = 'error'
                              AND b.run_id = (SELECT MAX(run_id) FROM etl_batch WHERE source_id = s.source_id)) AS rejected_records
                    FROM dim_source s;
                """)
        }
        // The phase a project row named, so that a row sent without its 项目编号 updates the numbered project of its
        // compound and phase instead of starting a second one. Projects before this have the phase their derived
        // key gives, or none (read as phase 1).
        migrator.registerMigration("v10-project-phase") { db in
            try db.execute(sql: """
                ALTER TABLE dwd_renovation_project ADD COLUMN phase INTEGER;
                UPDATE dwd_renovation_project SET phase = CAST(substr(project_id, length(compound_id) + 3) AS INTEGER)
                WHERE project_id = compound_id || '-p' || substr(project_id, length(compound_id) + 3);
                """)
        }
        // Households without a compound are found by their whole address (a villager's 3组15号): a partial index,
        // so that the compound households, most of a city's, pay nothing for it.
        migrator.registerMigration("v11-doors-without-compound") { db in
            try db.execute(sql: """
                CREATE INDEX dwd_household_door ON dwd_household(address) WHERE compound_id IS NULL
                """)
        }
        // Match names strip every trailing kind suffix (金桂花园小区 and 金桂花园 were two compounds): stored ones
        // are recomputed.
        migrator.registerMigration("v12-match-names-strip-every-suffix") { db in
            try recomputeMatchNames(db)
        }
        // Match names write their numbers in Arabic digits (水钢一村 and the housing list's later 水钢1村 were two
        // compounds): stored ones are recomputed, so that either spelling finds the compound stored under the other.
        migrator.registerMigration("v13-match-names-fold-numerals") { db in
            try recomputeMatchNames(db)
        }
        // Match names drop a resettlement programme's words (丰乐社区安置点 and 丰乐社区易地扶贫搬迁安置点 were two
        // compounds of one site): stored ones are recomputed.
        migrator.registerMigration("v14-match-names-fold-resettlement") { db in
            try recomputeMatchNames(db)
        }
        // Match names read formal numerals too (水钢贰村 is 水钢二村): stored ones are recomputed.
        migrator.registerMigration("v15-match-names-fold-formal-numerals") { db in
            try recomputeMatchNames(db)
        }
        // Compounds without an area type (known only from household feeds) come last in the gap view, as the
        // report lists them: an analyst's top rows are classified compounds.
        migrator.registerMigration("v16-facility-gaps-unclassified-last") { db in
            try db.execute(sql: """
                DROP VIEW IF EXISTS ads_compound_facility_gaps;
                CREATE VIEW ads_compound_facility_gaps AS
                    SELECT compound_id, name, region_code, area_type, missing_basic_types,
                           CASE WHEN missing_basic_types = '' THEN 0
                                ELSE length(missing_basic_types) - length(replace(missing_basic_types, ',', '')) + 1
                           END AS gap_count
                    FROM dws_compound_summary ORDER BY area_type IS NULL, area_type, gap_count DESC;
                """)
        }
        // Match names drop 集中 and any combination of a resettlement programme's words before 安置 (丰乐社区集中安置点
        // and 丰乐社区安置点, 生态移民搬迁安置区 and 安置区 were two compounds of one site): stored ones are recomputed.
        migrator.registerMigration("v17-match-names-fold-resettlement-words") { db in
            try recomputeMatchNames(db)
        }
        // Match names read 廿 and 卅 (水钢廿一村 is 水钢21村) and drop an ordinal's 第 and leading zeros (水钢第二村,
        // 水钢02村 and 水钢2村 were three compounds): stored ones are recomputed.
        migrator.registerMigration("v18-match-names-fold-ordinals") { db in
            try recomputeMatchNames(db)
        }
        // Facilities split by a wrong value are merged once a record's corrected values show them to be one: the id
        // merged away is kept, as for households.
        migrator.registerMigration("v19-facility-alias") { db in
            try db.execute(sql: """
                CREATE TABLE facility_alias (
                    alias_id TEXT PRIMARY KEY, facility_id TEXT NOT NULL, merged_run INTEGER NOT NULL, rule TEXT NOT NULL);
                CREATE INDEX facility_alias_by_facility ON facility_alias(facility_id);
                """)
        }
        // A facility no record named is matched by its type as written (垃圾站 is not the 公厕 next to it).
        migrator.registerMigration("v20-facility-type-label") { db in
            try db.execute(sql: "ALTER TABLE dwd_facility ADD COLUMN type_label TEXT")
        }
        // A project covering several compounds (水口寺小区 and 沙冲路南小区 under NM-2023-003) is linked to each: the
        // special-household view finds the households of every one.
        migrator.registerMigration("v21-renovation-project-compounds") { db in
            try db.execute(sql: """
                CREATE TABLE dwd_renovation_project_compound (
                    project_id TEXT NOT NULL, compound_id TEXT NOT NULL,
                    PRIMARY KEY (project_id, compound_id)) WITHOUT ROWID;
                CREATE INDEX dwd_renovation_project_compound_by_compound ON dwd_renovation_project_compound(compound_id);
                INSERT OR IGNORE INTO dwd_renovation_project_compound (project_id, compound_id)
                    SELECT project_id, compound_id FROM dwd_renovation_project WHERE compound_id IS NOT NULL;
                DROP VIEW IF EXISTS ads_renovation_special_households;
                CREATE VIEW ads_renovation_special_households AS
                    SELECT h.household_id, h.compound_id, c.name AS compound_name, p.project_id, p.status AS project_status,
                           h.is_low_income, h.is_extreme_poverty, h.has_disabled_member, h.has_elderly_alone,
                           h.has_left_behind_child
                    FROM dwd_household h
                    JOIN dwd_renovation_project_compound pc ON pc.compound_id = h.compound_id
                    JOIN dwd_renovation_project p ON p.project_id = pc.project_id AND p.status <> 'completed'
                    LEFT JOIN dim_compound c ON c.compound_id = h.compound_id
                    WHERE h.is_low_income = 1 OR h.is_extreme_poverty = 1 OR h.has_disabled_member = 1
                       OR h.has_elderly_alone = 1 OR h.has_left_behind_child = 1;
                """)
        }
        // A run records the sources it was asked for (a `--source` rerun is told apart from a whole night) and those
        // it skipped because their `path` matched no file (`when_missing: skip`).
        migrator.registerMigration("v22-run-sources") { db in
            try db.execute(sql: """
                ALTER TABLE etl_run ADD COLUMN sources TEXT;
                ALTER TABLE etl_run ADD COLUMN sources_skipped TEXT;
                """)
        }
        // The members a household's records list (a registry's 成员列表, the member rows of one row per person), their
        // IDs and names hashed: a record naming one of them as head is the same household with a new head.
        migrator.registerMigration("v23-household-member") { db in
            try db.execute(sql: """
                CREATE TABLE household_member (
                    household_id TEXT NOT NULL, kind TEXT NOT NULL, member_hash TEXT NOT NULL, source_id TEXT NOT NULL,
                    last_seen_run INTEGER NOT NULL,
                    PRIMARY KEY (household_id, kind, member_hash, source_id)) WITHOUT ROWID;
                CREATE INDEX household_member_by_hash ON household_member(member_hash);
                """)
        }
        // A reject names its record's key, and an error reject says which later run loaded that record, corrected.
        migrator.registerMigration("v24-reject-record-key") { db in
            try db.execute(sql: """
                ALTER TABLE etl_reject ADD COLUMN record_key TEXT;
                ALTER TABLE etl_reject ADD COLUMN resolved_run INTEGER;
                CREATE INDEX etl_reject_open ON etl_reject(source_id, record_key) WHERE severity = 'error' AND resolved_run IS NULL;
                """)
        }
        migrator.registerMigration("v25-match-names-fold-misspelt-kind-words") { db in
            // 烟草宿社, 播州花圆, 长征新邨 are keyed 烟草, 播州, 长征 as 烟草宿舍, 播州花园, 长征新村 are.
            try recomputeMatchNames(db)
        }
        // etl_batch.run_id is the run that first loaded a batch: a forced reload no longer relabels earlier runs'
        // batches. `last_run_id` is the last run that loaded or held it (what run_id meant before); coverage counts
        // the rejects of that latest load, as before. An existing warehouse gets back the first run that loaded each
        // batch where `etl_run_batch` (v9) recorded it.
        migrator.registerMigration("v26-batch-keeps-first-run") { db in
            try db.execute(sql: """
                ALTER TABLE etl_batch ADD COLUMN last_run_id INTEGER;
                UPDATE etl_batch SET last_run_id = run_id;
                UPDATE etl_batch SET run_id = (SELECT MIN(r.run_id) FROM etl_run_batch r
                                               WHERE r.batch_id = etl_batch.batch_id AND r.status = 'loaded')
                WHERE status = 'loaded' AND (SELECT MIN(r.run_id) FROM etl_run_batch r
                                             WHERE r.batch_id = etl_batch.batch_id AND r.status = 'loaded') < run_id;
                DROP VIEW ads_source_coverage;
                CREATE VIEW ads_source_coverage AS
                    SELECT s.source_id, s.owner, s.entity,
                           (SELECT COUNT(*) FROM household_source hs WHERE hs.source_id = s.source_id) AS household_records,
                           (SELECT COUNT(DISTINCT household_id) FROM household_source hs WHERE hs.source_id = s.source_id) AS households,
                           (SELECT COUNT(*) FROM facility_source fs WHERE fs.source_id = s.source_id) AS facility_records,
                           (SELECT COUNT(*) FROM etl_reject r JOIN etl_batch b ON b.batch_id = r.batch_id
                            WHERE r.source_id = s.source_id AND r.severity = 'error'
                              AND b.last_run_id = (SELECT MAX(last_run_id) FROM etl_batch WHERE source_id = s.source_id)) AS rejected_records
                    FROM dim_source s;
                """)
        }
        // A compound renamed (`金叶苑（原烟草局宿舍）`) keeps its id under the new name; the former name is kept so that
        // feeds still writing it find the compound.
        migrator.registerMigration("v27-compound-alias") { db in
            try db.execute(sql: """
                CREATE TABLE compound_alias (
                    match_name TEXT NOT NULL, compound_id TEXT NOT NULL, name TEXT NOT NULL, renamed_run INTEGER NOT NULL,
                    PRIMARY KEY (match_name, compound_id)) WITHOUT ROWID;
                CREATE INDEX compound_alias_by_compound ON compound_alias(compound_id);
                """)
        }
        // A project's progress, investment and status over nights: a version per run that changed them. Projects
        // already stored start with one version from the last run before the table existed.
        migrator.registerMigration("v28-project-history") { db in
            let columns = CompoundWriter.trackedProjectColumns.joined(separator: ", ")
            try db.execute(sql: """
                CREATE TABLE dwd_renovation_project_history (
                    project_id TEXT NOT NULL, valid_from_run INTEGER NOT NULL, valid_to_run INTEGER,
                    compound_id TEXT, project_type TEXT, scope TEXT, content TEXT, progress REAL, investment_yuan REAL,
                    planned_start TEXT, planned_end TEXT, status TEXT, phase INTEGER,
                    PRIMARY KEY (project_id, valid_from_run));
                INSERT INTO dwd_renovation_project_history (project_id, valid_from_run, valid_to_run, \(columns))
                    SELECT project_id, COALESCE((SELECT MAX(run_id) FROM etl_run), 0), NULL, \(columns)
                    FROM dwd_renovation_project;
                """)
        }
        // A `+` (`A+B公寓`) counts for nothing in a match name, as `&` and `·` do: names the parser now keeps as
        // written are matched with the same key as before.
        migrator.registerMigration("v29-match-names-drop-plus") { db in
            try recomputeMatchNames(db)
            try recomputeAliasMatchNames(db)
        }
        // A compound made up above its township (a record naming no township, its name fitting several townships)
        // leaves `dim_compound` once its households joined a township's compound; its id is kept here, pointing there.
        migrator.registerMigration("v30-compound-merged") { db in
            try db.execute(sql: """
                CREATE TABLE compound_merged (
                    compound_id TEXT NOT NULL, merged_into TEXT NOT NULL, name TEXT NOT NULL, region_code TEXT,
                    merged_run INTEGER NOT NULL,
                    PRIMARY KEY (compound_id, merged_into)) WITHOUT ROWID;
                CREATE INDEX compound_merged_into ON compound_merged(merged_into);
                """)
        }
        // The options each batch was read and normalized under (digests, see `LoadedOptions`): after `purge-staging`
        // a file loaded under an edited mapping or extraction options is read again, as one still in staging is.
        // Batches loaded before have none, and are judged as before.
        migrator.registerMigration("v31-batch-loaded-options") { db in
            try db.execute(sql: """
                ALTER TABLE etl_batch ADD COLUMN extracted_with TEXT;
                ALTER TABLE etl_batch ADD COLUMN normalized_with TEXT;
                """)
        }
        return migrator
    }

    /// Drops from every stored `compound_alias.match_name` the characters `CompoundRegistry.isIgnoredInNames` now
    /// ignores (an alias already under the new key for the same compound is kept once). The key is the old one
    /// without them, not recomputed from the name: it was made from the name without its own county's.
    private static func recomputeAliasMatchNames(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT match_name, compound_id FROM compound_alias")
        for row in rows {
            let old: String = row["match_name"], id: String = row["compound_id"]
            let key = String(old.filter { !CompoundRegistry.isIgnoredInNames($0) })
            guard key != old else { continue }
            try db.execute(sql: "UPDATE OR IGNORE compound_alias SET match_name = ? WHERE match_name = ? AND compound_id = ?",
                           arguments: [key, old, id])
            try db.execute(sql: "DELETE FROM compound_alias WHERE match_name = ? AND compound_id = ?", arguments: [old, id])
        }
    }

    /// Recomputes every stored `dim_compound.match_name` after `CompoundRegistry.matchName` changed.
    private static func recomputeMatchNames(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT compound_id, name, match_name FROM dim_compound")
        for row in rows {
            let key = CompoundRegistry.matchName(row["name"])
            if key != row["match_name"] {
                try db.execute(sql: "UPDATE dim_compound SET match_name = ? WHERE compound_id = ?",
                               arguments: [key, row["compound_id"] as String])
            }
        }
    }
}
