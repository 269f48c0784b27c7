import Foundation
import GRDB

// Merging two facilities that one record's corrected values show to be one.
extension FacilityWriter {
    /// Whether one source lists the two facilities as records under two keys (an inventory's two lamps): then no
    /// other evidence makes them one.
    func sourceListsApart(_ a: String, _ b: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM facility_source x JOIN facility_source y
                             ON y.facility_id = ?2 AND y.source_id = x.source_id AND y.record_key <> x.record_key
                                AND y.record_key NOT LIKE '#%'
                           WHERE x.facility_id = ?1 AND x.record_key NOT LIKE '#%')
            """), arguments: [a, b]) ?? false
    }

    /// Merges two facilities into the older one (first seen earlier, then the smaller id), which keeps its id and
    /// its values, taking the other's where it has none, and taking `fresh`: the values the record being loaded
    /// just gave `a` (its corrected point, its new 已拆除), which are newer than anything the survivor holds. The
    /// other's records move over, its current history version closes, and its id (and the aliases that pointed at
    /// it) resolve to the survivor in `facility_alias`. Returns the survivor's id.
    func merge(_ a: String, _ b: String, rule: String, fresh: [String: DatabaseValue] = [:]) throws -> String {
        let runs = { (id: String) throws -> (Int, String) in
            (try Int.fetchOne(self.db.cachedStatement(sql: "SELECT first_seen_run FROM dwd_facility WHERE facility_id = ?"),
                              arguments: [id]) ?? Int.max, id)
        }
        let older = try runs(a) <= runs(b)
        let survivor = older ? a : b, absorbed = older ? b : a
        let filled = (FacilityWriter.tracked + ["type_label"]).map { "\($0) = COALESCE(\($0), (SELECT \($0) FROM dwd_facility WHERE facility_id = ?2))" }
        try db.execute(sql: """
            UPDATE dwd_facility SET \(filled.joined(separator: ", ")),
                first_seen_run = MIN(first_seen_run, (SELECT first_seen_run FROM dwd_facility WHERE facility_id = ?2)),
                last_seen_run = MAX(last_seen_run, (SELECT last_seen_run FROM dwd_facility WHERE facility_id = ?2))
            WHERE facility_id = ?1
            """, arguments: [survivor, absorbed])
        if survivor != a, !fresh.isEmpty {
            let columns = fresh.keys.sorted()
            try db.execute(sql: "UPDATE dwd_facility SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE facility_id = ?",
                           arguments: StatementArguments(columns.map { fresh[$0] ?? .null }) + [survivor])
        }
        try db.execute(sql: "UPDATE OR IGNORE facility_source SET facility_id = ? WHERE facility_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "DELETE FROM facility_source WHERE facility_id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE dwd_facility_history SET valid_to_run = ? WHERE facility_id = ? AND valid_to_run IS NULL",
                       arguments: [runID, absorbed])
        try db.execute(sql: "DELETE FROM dwd_facility WHERE facility_id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE facility_alias SET facility_id = ? WHERE facility_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: """
            INSERT INTO facility_alias (alias_id, facility_id, merged_run, rule) VALUES (?, ?, ?, ?)
            ON CONFLICT(alias_id) DO UPDATE SET facility_id = excluded.facility_id
            """, arguments: [absorbed, survivor, runID, rule])
        try writeHistory(survivor)
        return survivor
    }
}
