import GRDB

/// The SQL behind the report. It reads only run records (`etl_`), provenance counts, summaries (`dws_`, `ads_`)
/// and names of regions and sources; it never selects a household's name, hash or masked ID or phone.
///
/// Every query is guarded by the existence of its tables, so an empty or foreign SQLite file reads as "no data".
extension ReportData {
    init(reading db: Database, runs: Int, topCompounds: Int = 20, examplesPerGroup: Int = 3) throws {
        self.init()
        let has = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"))

        if has.contains("dwd_household") { totals.households = try count(db, "SELECT COUNT(*) FROM dwd_household") }
        if has.contains("dim_compound") { totals.compounds = try count(db, "SELECT COUNT(*) FROM dim_compound") }
        if has.contains("dwd_facility") { totals.facilities = try count(db, "SELECT COUNT(*) FROM dwd_facility") }
        if has.contains("dim_source") { totals.sources = try count(db, "SELECT COUNT(*) FROM dim_source") }

        if has.contains("etl_run") {
            totals.runs = try count(db, "SELECT COUNT(*) FROM etl_run")
            recentRuns = try Row.fetchAll(db, sql: "SELECT * FROM etl_run ORDER BY run_id DESC LIMIT ?",
                                          arguments: [max(runs, 1)]).map(Self.run).reversed()
            latestRun = recentRuns.last
        }
        if let latest = latestRun, has.contains("etl_batch") {
            // The last run that loaded a batch: `last_run_id` since migration v26, `run_id` before it.
            let batchRun = try db.columns(in: "etl_batch").contains { $0.name == "last_run_id" }
                ? "COALESCE(last_run_id, run_id)" : "run_id"
            try readLatestSources(db, runID: latest.runID, hasSources: has.contains("dim_source"), batchRun: batchRun)
            try readTrend(db, batchRun: batchRun)
        }
        if let latest = latestRun, has.contains("etl_reject") {
            try readRejects(db, runID: latest.runID, examplesPerGroup: examplesPerGroup)
        }
        if has.contains("household_source") {
            feedBuckets = try Row.fetchAll(db, sql: """
                SELECT feeds, COUNT(*) AS households
                FROM (SELECT household_id, COUNT(DISTINCT source_id) AS feeds FROM household_source GROUP BY household_id)
                GROUP BY feeds ORDER BY feeds
                """).map { FeedBucket(feeds: $0["feeds"], households: $0["households"]) }
        }
        let hasRegions = has.contains("dim_region")
        if has.contains("ads_special_difficulty_by_compound") {
            try readSpecialDifficulty(db, limit: topCompounds, hasRegions: hasRegions)
        }
        if has.contains("ads_compound_facility_gaps") {
            try readFacilityGaps(db, hasRegions: hasRegions)
        }
    }

    private func count(_ db: Database, _ sql: String) throws -> Int {
        try Int.fetchOne(db, sql: sql) ?? 0
    }

    private static func run(_ row: Row) -> Run {
        Run(runID: row["run_id"], pipeline: row["pipeline"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            status: row["status"], stages: row["stages"], rowsRead: row["rows_read"], rowsLoaded: row["rows_loaded"],
            rowsRejected: row["rows_rejected"], message: row["message"])
    }

    private mutating func readLatestSources(_ db: Database, runID: Int, hasSources: Bool, batchRun: String) throws {
        let owner = hasSources ? "(SELECT owner FROM dim_source s WHERE s.source_id = b.source_id)" : "NULL"
        latestSources = try Row.fetchAll(db, sql: """
            SELECT b.source_id, \(owner) AS owner, SUM(b.rows_read) AS rows_read,
                   SUM(COALESCE(b.rows_loaded, 0)) AS rows_loaded, SUM(b.rows_rejected) AS rows_rejected,
                   GROUP_CONCAT(DISTINCT b.status) AS status, MIN(b.rowid) AS first_row
            FROM etl_batch b WHERE \(batchRun) = ? GROUP BY b.source_id ORDER BY first_row
            """, arguments: [runID]).map {
            SourceCounts(sourceID: $0["source_id"], owner: $0["owner"], rowsRead: $0["rows_read"],
                         rowsLoaded: $0["rows_loaded"], rowsRejected: $0["rows_rejected"], status: $0["status"])
        }
        if hasSources {
            sourcesWithoutBatch = try String.fetchAll(db, sql: """
                SELECT source_id FROM dim_source
                WHERE source_id NOT IN (SELECT source_id FROM etl_batch WHERE \(batchRun) = ?) ORDER BY rowid
                """, arguments: [runID])
        }
    }

    /// Records loaded per source in each recent run. `etl_batch.last_run_id` is the last run that loaded a batch, so a
    /// batch reloaded with `--force` has left its earlier run: where a run's batches no longer add up to the run's
    /// `rows_loaded`, the sources without a batch in it are unknown (nil) rather than 0.
    private mutating func readTrend(_ db: Database, batchRun: String) throws {
        guard let first = recentRuns.first?.runID, let last = recentRuns.last?.runID else { return }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(batchRun) AS run_id, source_id, SUM(COALESCE(rows_loaded, 0)) AS loaded, MIN(rowid) AS first_row
            FROM etl_batch WHERE \(batchRun) BETWEEN ? AND ? GROUP BY \(batchRun), source_id ORDER BY first_row
            """, arguments: [first, last])
        let index = Dictionary(uniqueKeysWithValues: recentRuns.enumerated().map { ($1.runID, $0) })
        var order: [String] = []
        var values: [String: [Int?]] = [:]
        var sums = Array(repeating: 0, count: recentRuns.count)
        for row in rows {
            let source: String = row["source_id"]
            guard let position = index[row["run_id"]] else { continue }
            if values[source] == nil {
                order.append(source)
                values[source] = Array(repeating: 0, count: recentRuns.count)
            }
            let loaded: Int = row["loaded"]
            values[source]![position] = loaded
            sums[position] += loaded
        }
        for (position, run) in recentRuns.enumerated() where sums[position] != run.rowsLoaded {
            runsWithSupersededBatches.insert(run.runID)
            let present = Set(rows.filter { ($0["run_id"] as Int) == run.runID }.map { $0["source_id"] as String })
            for source in order where !present.contains(source) { values[source]![position] = nil }
        }
        trend = order.map { TrendSeries(sourceID: $0, loadedPerRun: values[$0]!) }
    }

    private mutating func readRejects(_ db: Database, runID: Int, examplesPerGroup: Int) throws {
        let groups = try Row.fetchAll(db, sql: """
            SELECT rule, severity, source_id, COUNT(*) AS n FROM etl_reject WHERE run_id = ?
            GROUP BY rule, severity, source_id
            ORDER BY severity = 'error' DESC, n DESC, rule, source_id
            """, arguments: [runID])
        let examples = try Row.fetchAll(db, sql: """
            SELECT rule, severity, source_id, line, record_number, field, value, message,
                   (SELECT b.file FROM etl_batch b WHERE b.batch_id = r.batch_id) AS file FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY rule, severity, source_id
                                             ORDER BY batch_id, record_number, line, rowid) AS rank
                FROM etl_reject WHERE run_id = ?) AS r
            WHERE rank <= ? ORDER BY rank
            """, arguments: [runID, examplesPerGroup])
        var byGroup: [String: [RejectExample]] = [:]
        for row in examples {
            let rule: String = row["rule"], severity: String = row["severity"], source: String = row["source_id"]
            let key = [rule, severity, source].joined(separator: "\u{1}")
            byGroup[key, default: []].append(RejectExample(
                file: row["file"], line: row["line"], recordNumber: row["record_number"], field: row["field"],
                value: row["value"], message: row["message"]))
        }
        latestRejects = groups.map { row in
            let rule: String = row["rule"], severity: String = row["severity"], source: String = row["source_id"]
            return RejectGroup(rule: rule, severity: severity, sourceID: source, count: row["n"],
                               examples: byGroup[[rule, severity, source].joined(separator: "\u{1}")] ?? [])
        }
    }

    /// `"<county> <township>"` for a township or community, the region's own name otherwise; NULL without a region.
    private static func placeSQL(_ hasRegions: Bool, column: String) -> String {
        guard hasRegions else { return "NULL" }
        return """
            (SELECT CASE WHEN r.level IN ('township', 'community') AND p.name IS NOT NULL THEN p.name || ' ' || r.name
                         ELSE r.name END
             FROM dim_region r LEFT JOIN dim_region p ON p.code = r.parent_code WHERE r.code = \(column))
            """
    }

    private mutating func readSpecialDifficulty(_ db: Database, limit: Int, hasRegions: Bool) throws {
        specialDifficulty = try Row.fetchAll(db, sql: """
            SELECT v.name, \(Self.placeSQL(hasRegions, column: "v.region_code")) AS place, v.households,
                   v.low_income_households, v.extreme_poverty_households, v.disabled_member_households,
                   v.elderly_alone_households, v.left_behind_child_households
            FROM ads_special_difficulty_by_compound v WHERE v.special_flags > 0
            ORDER BY v.special_flags DESC, v.households DESC, v.name LIMIT ?
            """, arguments: [limit]).map { row in
            CompoundDifficulty(name: row["name"] ?? "", place: row["place"], households: row["households"],
                               flags: [row["low_income_households"], row["extreme_poverty_households"],
                                       row["disabled_member_households"], row["elderly_alone_households"],
                                       row["left_behind_child_households"]])
        }
    }

    private mutating func readFacilityGaps(_ db: Database, hasRegions: Bool) throws {
        compoundsInSummary = try count(db, "SELECT COUNT(*) FROM ads_compound_facility_gaps")
        facilityGaps = try Row.fetchAll(db, sql: """
            SELECT g.name, \(Self.placeSQL(hasRegions, column: "g.region_code")) AS place, g.area_type, g.gap_count,
                   g.missing_basic_types
            FROM ads_compound_facility_gaps g WHERE g.gap_count > 0
            ORDER BY g.area_type IS NULL OR g.area_type = '', g.area_type, g.gap_count DESC, g.name
            """).map { row in
            let missing: String = row["missing_basic_types"] ?? ""
            return FacilityGap(name: row["name"] ?? "", place: row["place"], areaType: row["area_type"],
                               gapCount: row["gap_count"],
                               missingTypes: missing.split(separator: ",").map { String($0) })
        }
        var order: [String] = []
        var counts: [String: Int] = [:]
        for gap in facilityGaps {
            for type in gap.missingTypes {
                if counts[type] == nil { order.append(type) }
                counts[type, default: 0] += 1
            }
        }
        missingByType = order.map { ($0, counts[$0]!) }
    }
}
