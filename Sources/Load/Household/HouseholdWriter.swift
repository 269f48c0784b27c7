import GRDB
import RongtongStaging

/// Links household candidates to warehouse households and writes them with provenance and history.
///
/// Evidence, strongest first: the same source record seen before; equal `head_id_hash`; same compound, building,
/// unit and room with a head name equal or one character apart; equal phone hash with such a name. Two different
/// valid IDs are never merged. Households the evidence shows to be one are merged into the oldest (its id
/// survives, the other becomes an alias). Values survive by the pipeline's source priorities, else the most
/// recent feed loaded wins.
final class HouseholdWriter {
    private let db: Database
    private let runID: Int
    /// False while reloading a batch that was loaded before (`--force`): not a new sighting.
    var marksSighting = true
    /// Column → sources in priority order (from the pipeline's `survivorship:`).
    var survivorship: [String: [String]] = [:]
    /// Set by `link` when the record left the household it was linked to (a relink row awaits its target).
    private var movedFromHousehold = false

    /// Columns whose surviving source follows another column's (a masked ID goes with its hash).
    static let survivesWith = ["head_id_masked": "head_id_hash", "phone_masked": "phone_hash"]

    /// Every value column a new household row is written with (one cached INSERT for all households).
    static let insertColumns = tracked + ["phone_hash"]

    /// The columns a household version tracks (history gets a new version when one changes).
    static let tracked = ["region_code", "compound_id", "building", "unit", "room", "address", "head_name",
                          "head_id_hash", "head_id_masked", "head_gender", "head_birth_date", "phone_masked",
                          "member_count", "grid_id", "ten_household_group", "tenure", "is_low_income",
                          "is_extreme_poverty", "has_disabled_member", "has_elderly_alone", "has_left_behind_child"]

    init(db: Database, runID: Int) throws {
        self.db = db
        self.runID = runID
    }

    func load(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool) throws -> LinkOutcome {
        var (existing, rule, score) = try link(c, compoundID: compoundID, keyIsStable: keyIsStable)
        // Evidence that would mint an id already merged away leads to the household that absorbed it.
        if existing == nil, let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT h.* FROM household_alias a JOIN dwd_household h ON h.household_id = a.household_id WHERE a.alias_id = ?
            """), arguments: [HouseholdWriter.newID(for: c, compoundID: compoundID)]), HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "alias"
            score = 1.0
        }
        // The same evidence twice (a repeated row, or a keyless source's record again) mints the same id: it is
        // the same household.
        if existing == nil, let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dwd_household WHERE household_id = ?"),
                                                       arguments: [HouseholdWriter.newID(for: c, compoundID: compoundID)]),
           HouseholdWriter.compatible(row, c) {
            existing = row
            rule = "same_evidence"
            score = 0.9
        }
        var values: [String: DatabaseValue] = [:]
        func put(_ column: String, _ value: DatabaseValueConvertible?) {
            if let value { values[column] = value.databaseValue }
        }
        put("region_code", c.regionCode); put("compound_id", compoundID); put("building", c.building)
        put("unit", c.unit); put("room", c.room); put("address", c.address); put("head_name", c.headName)
        put("head_id_hash", c.headIDHash); put("head_id_masked", c.headIDMasked); put("head_gender", c.headGender)
        put("head_birth_date", c.headBirthDate); put("phone_masked", c.phoneMasked); put("phone_hash", c.phoneHash)
        put("member_count", c.memberCount); put("grid_id", c.gridID); put("ten_household_group", c.tenHouseholdGroup)
        put("tenure", c.tenure); put("is_low_income", c.isLowIncome); put("is_extreme_poverty", c.isExtremePoverty)
        put("has_disabled_member", c.hasDisabledMember); put("has_elderly_alone", c.hasElderlyAlone)
        put("has_left_behind_child", c.hasLeftBehindChild)

        let householdID: String
        var changed = false
        if let existing {
            householdID = existing["household_id"]
            let updates = try survivingUpdates(values, existing: existing, householdID: householdID, source: c.sourceID)
            if !updates.isEmpty {
                changed = updates.keys.contains { HouseholdWriter.tracked.contains($0) }
                let columns = updates.keys.sorted()
                try db.cachedStatement(sql: "UPDATE dwd_household SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE household_id = ?")
                    .execute(arguments: StatementArguments(columns.map { updates[$0]! }) + [householdID])
            }
            if marksSighting, (existing["last_seen_run"] as Int?) != runID {
                try db.cachedStatement(sql: "UPDATE dwd_household SET last_seen_run = ? WHERE household_id = ?")
                    .execute(arguments: [runID, householdID])
            }
        } else {
            householdID = HouseholdWriter.newID(for: c, compoundID: compoundID)
            changed = true
            let columns = HouseholdWriter.insertColumns
            try db.cachedStatement(sql: """
                INSERT INTO dwd_household (household_id, \(columns.joined(separator: ", ")), first_seen_run, last_seen_run)
                VALUES (?, \(columns.map { _ in "?" }.joined(separator: ", ")), ?, ?)
                """).execute(arguments: [householdID] + StatementArguments(columns.map { values[$0] ?? .null }) + [runID, runID])
            try setFieldSources(householdID, values.keys.sorted(), c.sourceID)
            if movedFromHousehold {
                try db.execute(sql: """
                    UPDATE household_relink SET to_household = ? WHERE to_household IS NULL AND source_id = ? AND record_key = ?
                        AND run_id = ?
                    """, arguments: [householdID, c.sourceID, c.recordKey, runID])
            }
        }
        if changed { try writeHistory(householdID, isNew: existing == nil) }
        // One provenance row per record: a keyed source's record keeps only its latest batch; a keyless
        // source's records are told apart by batch.
        if keyIsStable {
            try db.cachedStatement(sql: "DELETE FROM household_source WHERE source_id = ? AND record_key = ? AND batch_id <> ?")
                .execute(arguments: [c.sourceID, c.recordKey, c.batchID])
        }
        try db.cachedStatement(sql: """
            INSERT INTO household_source (household_id, source_id, record_key, batch_id, match_rule, match_score)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(source_id, record_key, batch_id) DO UPDATE SET household_id = excluded.household_id,
                match_rule = excluded.match_rule, match_score = excluded.match_score
            """).execute(arguments: [householdID, c.sourceID, c.recordKey, c.batchID, rule, score])
        return LinkOutcome(entityID: householdID, rule: rule, score: score, changed: changed)
    }

    /// The candidate values that survive against the stored ones, per the pipeline's source priorities; a value
    /// a higher-priority source already set is kept, and the disagreement is recorded as a conflict.
    private func survivingUpdates(_ values: [String: DatabaseValue], existing: Row, householdID: String,
                                  source: String) throws -> [String: DatabaseValue] {
        let owners = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: """
            SELECT column_name, source_id FROM dwd_household_field_source WHERE household_id = ?
            """), arguments: [householdID]).map { ($0["column_name"] as String, $0["source_id"] as String) })
        var updates: [String: DatabaseValue] = [:]
        for (column, value) in values {
            let stored: DatabaseValue = existing[column] ?? .null
            let ruling = HouseholdWriter.survivesWith[column] ?? column
            let owner = owners[ruling]
            if stored == value {
                if owners[column] == nil { try setFieldSource(householdID, column, source) }
                continue
            }
            let priorities = survivorship[ruling] ?? []
            let rank = { (name: String?) -> Int in name.flatMap { priorities.firstIndex(of: $0) } ?? priorities.count }
            let wins = stored.isNull || owner == nil || rank(source) <= rank(owner)
            if !stored.isNull, let owner, owner != source, HouseholdWriter.tracked.contains(column),
               HouseholdWriter.survivesWith[column] == nil {
                try db.cachedStatement(sql: """
                    INSERT INTO dwd_household_conflict (household_id, column_name, kept_source, offered_source,
                                                        source_pair, run_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(household_id, column_name, source_pair) DO UPDATE SET kept_source = excluded.kept_source,
                        offered_source = excluded.offered_source
                    WHERE kept_source <> excluded.kept_source
                    """).execute(arguments: [householdID, column, wins ? source : owner, wins ? owner : source,
                                             [source, owner].sorted().joined(separator: "|"), runID])
            }
            if wins {
                updates[column] = value
                try setFieldSource(householdID, column, source)
            }
        }
        return updates
    }

    /// Records `source` as the origin of several columns in one statement (a new household has a dozen).
    private func setFieldSources(_ householdID: String, _ columns: [String], _ source: String) throws {
        guard !columns.isEmpty else { return }
        let rows = Array(repeating: "(?, ?, ?, ?)", count: columns.count).joined(separator: ", ")
        var arguments = StatementArguments()
        for column in columns { arguments += [householdID, column, source, runID] }
        try db.cachedStatement(sql: """
            INSERT INTO dwd_household_field_source (household_id, column_name, source_id, run_id) VALUES \(rows)
            ON CONFLICT(household_id, column_name) DO UPDATE SET source_id = excluded.source_id, run_id = excluded.run_id
            WHERE source_id <> excluded.source_id
            """).execute(arguments: arguments)
    }

    private func setFieldSource(_ householdID: String, _ column: String, _ source: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dwd_household_field_source (household_id, column_name, source_id, run_id) VALUES (?, ?, ?, ?)
            ON CONFLICT(household_id, column_name) DO UPDATE SET source_id = excluded.source_id, run_id = excluded.run_id
            WHERE source_id <> excluded.source_id
            """).execute(arguments: [householdID, column, source, runID])
    }

    /// The existing household this candidate belongs to, with the rule and score that linked it.
    ///
    /// Every rule is tried; when the candidate's evidence points at several households that can be one (no two
    /// different valid IDs among them), they are merged into the oldest, whose id survives; the others become
    /// aliases in `household_alias`. A record that moves to another household (its ID now says someone else)
    /// is recorded in `household_relink`.
    private func link(_ c: HouseholdCandidate, compoundID: String?, keyIsStable: Bool) throws -> (Row?, String, Double) {
        var matches: [(row: Row, rule: String, score: Double)] = []
        var movedFrom: String?
        movedFromHousehold = false
        defer { movedFromHousehold = movedFrom != nil }
        // A record seen before keeps its household and the rule that first linked it: by its key when the source
        // has one, else only when reloading the very same file (record numbers mean nothing across files).
        if let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT h.*, s.match_rule AS previous_rule, s.match_score AS previous_score
            FROM household_source s JOIN dwd_household h ON h.household_id = s.household_id
            WHERE s.source_id = ? AND s.record_key = ? AND (? OR s.batch_id = ?)
            """), arguments: [c.sourceID, c.recordKey, keyIsStable, c.batchID]) {
            if HouseholdWriter.compatible(row, c) {
                matches.append((row, row["previous_rule"] ?? "same_source_record", row["previous_score"] ?? 0.95))
            } else {
                movedFrom = row["household_id"]
            }
        }
        if let hash = c.headIDHash,
           let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dwd_household WHERE head_id_hash = ?"),
                                      arguments: [hash]) {
            matches.append((row, "id_hash", 1.0))
        }
        if let compoundID, let room = c.room, let name = c.headName {
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM dwd_household WHERE compound_id = ? AND building IS ? AND unit IS ? AND room = ?
                ORDER BY household_id
                """), arguments: [compoundID, c.building, c.unit, room])
            // An exact name in the room beats a name one character away.
            let compatible = rows.filter { HouseholdWriter.compatible($0, c) }
            if let row = compatible.first(where: { ($0["head_name"] as String?) == name })
                ?? compatible.first(where: { HouseholdWriter.similarNames($0["head_name"], name) }) {
                matches.append((row, "address+name", (row["head_name"] as String?) == name ? 0.95 : 0.85))
            }
        }
        if let phone = c.phoneHash, let name = c.headName {
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM dwd_household WHERE phone_hash = ? ORDER BY household_id"),
                                        arguments: [phone])
            let compatible = rows.filter { HouseholdWriter.compatible($0, c) }
            if let row = compatible.first(where: { ($0["head_name"] as String?) == name })
                ?? compatible.first(where: { HouseholdWriter.similarNames($0["head_name"], name) }) {
                matches.append((row, "phone+name", 0.8))
            }
        }
        guard let primary = matches.first else {
            if let movedFrom { try recordRelink(c, from: movedFrom, to: nil) }
            return (nil, "new", 1.0)
        }
        var survivor = primary.row
        var seen: Set<String> = [survivor["household_id"]]
        for match in matches.dropFirst() {
            let id: String = match.row["household_id"]
            guard seen.insert(id).inserted, HouseholdWriter.sameIdentityPossible(survivor, match.row) else { continue }
            survivor = try merge(survivor, match.row, rule: match.rule)
        }
        let survivorID: String = survivor["household_id"]
        if let movedFrom, movedFrom != survivorID { try recordRelink(c, from: movedFrom, to: survivorID) }
        return (survivor, primary.rule, primary.score)
    }

    /// Whether two stored households could be one: not two different valid IDs.
    static func sameIdentityPossible(_ a: Row, _ b: Row) -> Bool {
        guard let x: String = a["head_id_hash"], let y: String = b["head_id_hash"] else { return true }
        return x == y
    }

    /// Merges two households into the older one (first seen earlier, then the smaller id), which keeps its id;
    /// the other's records, field provenance and empty fields move over and its id becomes an alias.
    private func merge(_ a: Row, _ b: Row, rule: String) throws -> Row {
        let older = ((a["first_seen_run"] as Int), (a["household_id"] as String)) <= ((b["first_seen_run"] as Int), (b["household_id"] as String))
        let survivor: String = older ? a["household_id"] : b["household_id"]
        let absorbed: String = older ? b["household_id"] : a["household_id"]
        let fill = (HouseholdWriter.tracked + ["phone_hash"]).map { "\($0) = COALESCE(\($0), (SELECT \($0) FROM dwd_household WHERE household_id = ?1))" }
        try db.execute(sql: """
            UPDATE dwd_household SET \(fill.joined(separator: ", ")),
                first_seen_run = MIN(first_seen_run, (SELECT first_seen_run FROM dwd_household WHERE household_id = ?1)),
                last_seen_run = MAX(last_seen_run, (SELECT last_seen_run FROM dwd_household WHERE household_id = ?1))
            WHERE household_id = ?2
            """, arguments: [absorbed, survivor])
        for (table, key) in [("household_source", "source_id, record_key, batch_id"),
                             ("dwd_household_field_source", "column_name"),
                             ("dwd_household_conflict", "column_name, offered_source")] {
            _ = key
            try db.execute(sql: "UPDATE OR IGNORE \(table) SET household_id = ? WHERE household_id = ?", arguments: [survivor, absorbed])
            try db.execute(sql: "DELETE FROM \(table) WHERE household_id = ?", arguments: [absorbed])
        }
        try db.execute(sql: "UPDATE dwd_household_history SET valid_to_run = ? WHERE household_id = ? AND valid_to_run IS NULL",
                       arguments: [runID, absorbed])
        try db.execute(sql: "DELETE FROM dwd_household WHERE household_id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE household_alias SET household_id = ? WHERE household_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: """
            INSERT INTO household_alias (alias_id, household_id, merged_run, rule) VALUES (?, ?, ?, ?)
            ON CONFLICT(alias_id) DO UPDATE SET household_id = excluded.household_id
            """, arguments: [absorbed, survivor, runID, rule])
        try writeHistory(survivor)
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dwd_household WHERE household_id = ?", arguments: [survivor]) else {
            throw WarehouseError("household \(survivor) vanished while merging \(absorbed) into it")
        }
        return row
    }

    private func recordRelink(_ c: HouseholdCandidate, from: String, to: String?) throws {
        try db.execute(sql: """
            INSERT INTO household_relink (source_id, record_key, batch_id, from_household, to_household, run_id, reason)
            VALUES (?, ?, ?, ?, ?, ?, 'a different valid ID than the household it was linked to')
            """, arguments: [c.sourceID, c.recordKey, c.batchID, from, to, runID])
    }

    /// Two different valid IDs are two households, whatever else they share.
    static func compatible(_ row: Row, _ c: HouseholdCandidate) -> Bool {
        guard let stored: String = row["head_id_hash"], let incoming = c.headIDHash else { return true }
        return stored == incoming
    }

    /// Equal, or one character substituted, inserted or deleted when both names have at least three characters:
    /// in a two-character name one character is half the name (崔帅 and 龙帅 are different people).
    static func similarNames(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1, min(x.count, y.count) >= 3 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    /// Ids come from the strongest evidence the first record carried, so they never depend on order or run.
    static func newID(for c: HouseholdCandidate, compoundID: String?) -> String {
        if let hash = c.headIDHash { return StableID.make(prefix: "h", from: "id:\(hash)") }
        let place = [compoundID, c.building, c.unit, c.room, c.address].map { $0 ?? "" }.joined(separator: "|")
        return StableID.make(prefix: "h", from: "place:\(place)|\(c.headName ?? "")|\(c.phoneHash ?? "")")
    }

    /// Closes the current history version and opens one with the household's present values
    /// (or rewrites this run's version when the household changed twice in one run).
    private func writeHistory(_ householdID: String, isNew: Bool = false) throws {
        let columns = HouseholdWriter.tracked.joined(separator: ", ")
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM dwd_household_history WHERE household_id = ? AND valid_from_run = ?")
                .execute(arguments: [householdID, runID])
            try db.cachedStatement(sql: """
                UPDATE dwd_household_history SET valid_to_run = ? WHERE household_id = ? AND valid_to_run IS NULL
                """).execute(arguments: [runID, householdID])
            // Several feeds applied in turn may end the run where it began (a forced reload of unchanged files):
            // then the version closed by this run simply stays current, and no identical version is added.
            let same = HouseholdWriter.tracked.map { "h.\($0) IS d.\($0)" }.joined(separator: " AND ")
            let reopened = try db.cachedStatement(sql: """
                UPDATE dwd_household_history SET valid_to_run = NULL
                WHERE household_id = ?1 AND valid_to_run = ?2 AND EXISTS (
                    SELECT 1 FROM dwd_household d JOIN dwd_household_history h
                      ON h.household_id = d.household_id AND h.valid_to_run = ?2
                    WHERE d.household_id = ?1 AND \(same))
                """)
            try reopened.execute(arguments: [householdID, runID])
            if db.changesCount > 0 { return }
        }
        try db.cachedStatement(sql: """
            INSERT INTO dwd_household_history (household_id, valid_from_run, valid_to_run, \(columns))
            SELECT household_id, ?, NULL, \(columns) FROM dwd_household WHERE household_id = ?
            """).execute(arguments: [runID, householdID])
    }
}
