import Foundation
import GRDB

/// Keeps `dws_compound_summary` up to date with the households and facilities, inside the load transaction.
///
/// A load that is small against the warehouse (a nightly delta, one source rerun) rebuilds only the compounds
/// it touched: temporary triggers note every compound whose households, facilities or own row changed. A large
/// load (a first night) rebuilds every compound in one grouped pass, which is cheaper than noting each row.
/// Both give the same table; a test compares them row by row.
final class CompoundSummary {
    /// Facility types every compound should have; the summary lists the ones it lacks.
    static let basicTypes = ["water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light"]

    private let db: Database
    /// Households and facilities in the warehouse when the load began.
    private let existing: Int
    /// Records announced by the batches loaded so far.
    private var incoming = 0
    /// Whether the triggers are noting touched compounds; once false, `finish` rebuilds everything.
    private var tracking = false

    init(db: Database) throws {
        self.db = db
        let summarised = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dws_compound_summary") ?? 0
        existing = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM dwd_household) + (SELECT COUNT(*) FROM dwd_facility)") ?? 0
        // An empty summary (a new warehouse, or one written before a summary existed) is built whole.
        if summarised > 0, existing >= CompoundSummary.smallestTracked {
            try startTracking()
        }
    }

    /// Warehouses smaller than this rebuild whole: it takes milliseconds. Tests set
    /// RONGTONG_TEST_SUMMARY=incremental to track from the first row, or =full never to track.
    private static let smallestTracked: Int = {
        switch ProcessInfo.processInfo.environment["RONGTONG_TEST_SUMMARY"] {
        case "incremental": return 0
        case "full": return Int.max
        default: return 50_000
        }
    }()
    private static let alwaysTrack = ProcessInfo.processInfo.environment["RONGTONG_TEST_SUMMARY"] == "incremental"

    /// Says how many records the next batch brings; once the load is large against the warehouse, noting
    /// each row costs more than one grouped pass at the end, and the triggers are dropped.
    func expect(_ records: Int) throws {
        incoming += records
        if tracking, !CompoundSummary.alwaysTrack, incoming * 8 >= existing {
            try stopTracking()
        }
    }

    /// Brings the summary up to date: the compounds touched, or all of them. `changed` is false when the load
    /// wrote no batch (an unchanged night), which leaves a summary that exists as it is.
    func finish(changed: Bool) throws {
        let empty = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dws_compound_summary") ?? 0 == 0
        if tracking {
            try stopTracking()
            if empty {
                try rebuild(only: nil)
            } else if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM temp.summary_touched)") ?? false {
                try rebuild(only: "temp.summary_touched")
            }
            try db.execute(sql: "DROP TABLE temp.summary_touched")
        } else if changed || empty {
            try rebuild(only: nil)
        }
    }

    private func startTracking() throws {
        let note = "INSERT OR IGNORE INTO summary_touched (compound_id)"
        let household = ["compound_id", "is_low_income", "is_extreme_poverty", "has_disabled_member",
                         "has_elderly_alone", "has_left_behind_child"]
        let compound = ["compound_id", "name", "region_code", "area_type"]
        func changed(_ columns: [String]) -> String {
            columns.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")
        }
        var sql = "CREATE TEMP TABLE summary_touched (compound_id TEXT PRIMARY KEY) WITHOUT ROWID;\n"
        for (table, columns) in [("dwd_household", household), ("dwd_facility", ["compound_id", "facility_type", "status"]),
                                 ("dim_compound", compound)] {
            sql += """
                CREATE TEMP TRIGGER summary_\(table)_insert AFTER INSERT ON main.\(table)
                    WHEN NEW.compound_id IS NOT NULL BEGIN \(note) VALUES (NEW.compound_id); END;
                CREATE TEMP TRIGGER summary_\(table)_delete AFTER DELETE ON main.\(table)
                    WHEN OLD.compound_id IS NOT NULL BEGIN \(note) VALUES (OLD.compound_id); END;
                CREATE TEMP TRIGGER summary_\(table)_update AFTER UPDATE ON main.\(table)
                    WHEN \(changed(columns)) BEGIN
                        \(note) SELECT OLD.compound_id WHERE OLD.compound_id IS NOT NULL;
                        \(note) SELECT NEW.compound_id WHERE NEW.compound_id IS NOT NULL;
                    END;

                """
        }
        try db.execute(sql: sql)
        tracking = true
    }

    private func stopTracking() throws {
        for table in ["dwd_household", "dwd_facility", "dim_compound"] {
            for event in ["insert", "delete", "update"] {
                try db.execute(sql: "DROP TRIGGER temp.summary_\(table)_\(event)")
            }
        }
        tracking = false
    }

    /// Rebuilds the rows of the compounds listed in table `only`, or every row.
    private func rebuild(only touched: String?) throws {
        let within = touched.map { "IN (SELECT compound_id FROM \($0))" }
        if let within {
            try db.execute(sql: "DELETE FROM dws_compound_summary WHERE compound_id \(within)")
        } else {
            try db.execute(sql: "DELETE FROM dws_compound_summary")
        }
        let compounds = within.map { "WHERE c.compound_id \($0)" } ?? ""
        let members = within.map { "compound_id \($0)" } ?? "compound_id IS NOT NULL"
        // Grouped joins, not per-compound subqueries: one pass over households and one over facilities.
        try db.execute(sql: """
            INSERT INTO dws_compound_summary (compound_id, name, region_code, area_type, households,
                low_income_households, extreme_poverty_households, disabled_member_households,
                elderly_alone_households, left_behind_child_households, facilities, facilities_by_type,
                missing_basic_types)
            SELECT c.compound_id, c.name, c.region_code, c.area_type,
                   COALESCE(h.households, 0), COALESCE(h.low_income, 0), COALESCE(h.extreme_poverty, 0),
                   COALESCE(h.disabled, 0), COALESCE(h.elderly_alone, 0), COALESCE(h.left_behind, 0),
                   COALESCE(f.facilities, 0), COALESCE(f.by_type, '{}'), ''
            FROM dim_compound c
            LEFT JOIN (SELECT compound_id, COUNT(*) AS households, SUM(is_low_income = 1) AS low_income,
                              SUM(is_extreme_poverty = 1) AS extreme_poverty, SUM(has_disabled_member = 1) AS disabled,
                              SUM(has_elderly_alone = 1) AS elderly_alone, SUM(has_left_behind_child = 1) AS left_behind
                       FROM dwd_household WHERE \(members) GROUP BY compound_id) h
                   ON h.compound_id = c.compound_id
            LEFT JOIN (SELECT compound_id, SUM(n) AS facilities, json_group_object(facility_type, n) AS by_type
                       FROM (SELECT compound_id, facility_type, COUNT(*) AS n FROM dwd_facility
                             WHERE \(members) GROUP BY compound_id, facility_type
                             ORDER BY compound_id, facility_type)
                       GROUP BY compound_id) f
                   ON f.compound_id = c.compound_id
            \(compounds)
            """)
        // A type is present when a facility of it serves: a demolished, broken, planned or unbuilt one does not.
        let present = try Row.fetchAll(db, sql: """
            SELECT DISTINCT compound_id, facility_type FROM dwd_facility
            WHERE \(members) AND (status IS NULL OR status IN ('in_service', 'unknown'))
            """)
        var typesByCompound: [String: Set<String>] = [:]
        for row in present { typesByCompound[row["compound_id"], default: []].insert(row["facility_type"]) }
        let ids = try String.fetchAll(db, sql: "SELECT compound_id FROM dws_compound_summary \(within.map { "WHERE compound_id \($0)" } ?? "")")
        let update = try db.makeStatement(sql: "UPDATE dws_compound_summary SET missing_basic_types = ? WHERE compound_id = ?")
        for id in ids {
            let have = typesByCompound[id] ?? []
            let missing = CompoundSummary.basicTypes.filter { !have.contains($0) }.joined(separator: ",")
            try update.execute(arguments: [missing, id])
        }
    }
}
