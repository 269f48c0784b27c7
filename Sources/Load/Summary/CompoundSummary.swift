import GRDB

/// Rebuilds `dws_compound_summary` from the households and facilities, inside the load transaction.
enum CompoundSummary {
    /// Facility types every compound should have; the summary lists the ones it lacks.
    static let basicTypes = ["water_supply", "drainage", "power", "fire_safety", "sanitation", "street_light"]

    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM dws_compound_summary")
        try db.execute(sql: """
            INSERT INTO dws_compound_summary (compound_id, name, region_code, area_type, households,
                low_income_households, extreme_poverty_households, disabled_member_households,
                elderly_alone_households, left_behind_child_households, facilities, facilities_by_type,
                missing_basic_types)
            SELECT c.compound_id, c.name, c.region_code, c.area_type,
                   COUNT(h.household_id),
                   COALESCE(SUM(h.is_low_income = 1), 0), COALESCE(SUM(h.is_extreme_poverty = 1), 0),
                   COALESCE(SUM(h.has_disabled_member = 1), 0), COALESCE(SUM(h.has_elderly_alone = 1), 0),
                   COALESCE(SUM(h.has_left_behind_child = 1), 0),
                   (SELECT COUNT(*) FROM dwd_facility f WHERE f.compound_id = c.compound_id),
                   COALESCE((SELECT json_group_object(facility_type, n) FROM
                             (SELECT facility_type, COUNT(*) AS n FROM dwd_facility f
                              WHERE f.compound_id = c.compound_id GROUP BY facility_type ORDER BY facility_type)), '{}'),
                   ''
            FROM dim_compound c LEFT JOIN dwd_household h ON h.compound_id = c.compound_id
            GROUP BY c.compound_id
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
