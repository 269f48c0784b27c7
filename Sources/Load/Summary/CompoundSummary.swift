import GRDB

/// Rebuilds `dws_compound_summary` from the households and facilities, inside the load transaction.
enum CompoundSummary {
    /// Facility types every compound should have; the summary lists the ones it lacks.
    static let basicTypes = ["water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light"]

    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM dws_compound_summary")
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
                       FROM dwd_household WHERE compound_id IS NOT NULL GROUP BY compound_id) h
                   ON h.compound_id = c.compound_id
            LEFT JOIN (SELECT compound_id, SUM(n) AS facilities, json_group_object(facility_type, n) AS by_type
                       FROM (SELECT compound_id, facility_type, COUNT(*) AS n FROM dwd_facility
                             WHERE compound_id IS NOT NULL GROUP BY compound_id, facility_type
                             ORDER BY compound_id, facility_type)
                       GROUP BY compound_id) f
                   ON f.compound_id = c.compound_id
            """)
        let present = try Row.fetchAll(db, sql: "SELECT DISTINCT compound_id, facility_type FROM dwd_facility WHERE compound_id IS NOT NULL")
        var typesByCompound: [String: Set<String>] = [:]
        for row in present { typesByCompound[row["compound_id"], default: []].insert(row["facility_type"]) }
        let ids = try String.fetchAll(db, sql: "SELECT compound_id FROM dws_compound_summary")
        let update = try db.makeStatement(sql: "UPDATE dws_compound_summary SET missing_basic_types = ? WHERE compound_id = ?")
        for id in ids {
            let have = typesByCompound[id] ?? []
            let missing = basicTypes.filter { !have.contains($0) }.joined(separator: ",")
            try update.execute(arguments: [missing, id])
        }
    }
}
