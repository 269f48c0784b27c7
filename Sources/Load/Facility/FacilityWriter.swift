import Foundation
import GRDB
import RongtongStaging

/// Links facility candidates to warehouse facilities and writes them with provenance and history.
///
/// The same facility reported twice (by a city and by a utility): same type, within `maxDistanceMeters`
/// (WGS-84) and similar names, a record without a name named by its type label; without coordinates, same type,
/// compound and name. A record seen
/// before from the same source keeps its facility.
final class FacilityWriter {
    let db: Database
    let runID: Int
    var maxDistanceMeters = 50.0
    var marksSighting = true
    /// The words that name a kind of installation, longest first (see `labelFits`). Empty, no name names a kind, and
    /// a type label fits every name.
    var kindWords: [String] = [] {
        didSet { kindSpellings = FacilityWriter.kindSpellings(kindWords) }
    }
    /// `kindWords` as a name may hold them, as written and with kind words written one way (see `kindSpellings`).
    private(set) var kindSpellings: [KindSpelling] = []
    /// Facility type code → the words of the vocabulary that name that type (built in, and the pipeline's
    /// `vocabularies: facility_type:`), folded, longest first: what a name says beyond its type is left once they are
    /// taken out (see `similarNames`). Empty, names are compared whole.
    var typeWords: [String: [String]] = [:]
    /// Type word → the installation it names (the vocabulary's synonyms of one installation: 摄像头, 监控, 雪亮工程 and
    /// 视频监控 all name 监控; 新能源充电设施 names 充电桩), folded. Two names whose type words name one installation
    /// name no two kinds (see `withoutTypeWords`); a word not listed names an installation of its own.
    var installationNames: [String: String] = [:]
    /// Words of the vocabulary that name the field installations serve, not an installation (消防, 供电, 照明; see
    /// `oneKind`), kind words written one way. Empty, two different kinds are never one.
    var fieldWords: Set<String> = []
    /// Column → ranks of sources, highest first (the pipeline's `survivorship:`; the facility columns of `tracked`
    /// count).
    var survivorship: [String: [[String]]] = [:]

    /// The facilities the last record loaded fitted alike without a position (`type+compound+name`), none of which it
    /// was linked to (`ambiguous`); nil otherwise. Read by the load session for the `ambiguous_facility` warning.
    private(set) var ambiguousFit: [String]?

    /// Whether the last record loaded carries a key that named another facility when last loaded (a row number,
    /// `序号`, after a row was deleted above it; see `keyNamesAnotherFacility`): it was linked by its own evidence, and
    /// the facility the key named keeps its row. Read by the load session for the `record_key_reused` warning.
    private(set) var keyReused = false

    static let tracked = ["facility_type", "name", "compound_id", "region_code", "address", "lat", "lon", "capacity",
                          "capacity_unit", "status", "owner", "built_year"]

    init(db: Database, runID: Int) {
        self.db = db
        self.runID = runID
    }

    /// Links the candidate and writes what it changed; nil when `createsFacility` is false (a record saying the
    /// facility does not exist) and the record links to no facility of its type, which it then leaves unmade.
    func load(_ c: FacilityCandidate, compoundID: String?, keyIsStable: Bool,
              createsFacility: Bool = true) throws -> LinkOutcome? {
        var values: [String: DatabaseValue] = [:]
        func put(_ column: String, _ value: DatabaseValueConvertible?) {
            if let value { values[column] = value.databaseValue }
        }
        put("facility_type", c.facilityType); put("name", c.name); put("compound_id", compoundID)
        put("region_code", c.regionCode); put("address", c.address); put("lat", c.lat); put("lon", c.lon)
        put("capacity", c.capacity); put("capacity_unit", c.capacityUnit); put("status", c.status)
        // A capacity and its unit go together: a record's bare 800 does not take another feed's kVA (and, below,
        // does not replace a capacity that has a unit).
        let bareCapacity = c.capacity != nil && c.capacityUnit == nil
        if bareCapacity { values["capacity_unit"] = .null }
        put("owner", c.owner); put("built_year", c.builtYear)
        let digest = HouseholdWriter.columnDigests(FacilityWriter.tracked.map { values[$0] ?? .null })
        ambiguousFit = nil
        keyReused = false
        var (existing, rule, score) = try link(c, compoundID: compoundID, keyIsStable: keyIsStable, digest: digest,
                                               createsFacility: createsFacility)
        let knownRecord = existing?["previous_rule"] as String? != nil
        // What this record offered when it was last loaded, two bytes per tracked value (a digest written before
        // per-value digests is the hex of the whole record, and says nothing per value).
        let previous = (existing?["previous_digest"] as DatabaseValue?).flatMap { value -> Data? in
            if case .blob(let data) = value.storage, data.count == digest.count { return data }
            return nil
        }
        // The same record with the same values as when it was loaded (a full export sent again): it is seen again,
        // but takes nothing back from a feed that changed the facility since, and adds no history version.
        let legacyUnchanged = { () -> Bool in
            guard case .string(let whole)? = (existing?["previous_digest"] as DatabaseValue?)?.storage else { return false }
            return whole == HouseholdWriter.digest(FacilityWriter.tracked.map { values[$0] ?? .null })
        }
        if let existing, previous == digest || legacyUnchanged() {
            let facilityID: String = existing["facility_id"]
            if marksSighting, (existing["last_seen_run"] as Int?) != runID {
                try db.cachedStatement(sql: "UPDATE dwd_facility SET last_seen_run = ? WHERE facility_id = ?")
                    .execute(arguments: [runID, facilityID])
            }
            try recordSource(c, facilityID: facilityID, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
            try recordTypeLabel(c, facilityID: facilityID)
            return LinkOutcome(entityID: facilityID, rule: rule, score: score, changed: false)
        }
        // A key that named another facility (`keyReused`) mints no id from the key: that is the other facility's.
        let newID = FacilityWriter.newID(for: c, keyIsStable: keyIsStable && !keyReused)
        // The same evidence twice mints the same id: it is the same facility.
        if existing == nil, let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dwd_facility WHERE facility_id = ?"),
                                                       arguments: [newID]) {
            existing = row
            rule = "same_evidence"
            score = 0.9
        }
        // A record saying the facility is absent makes none, and ends only a facility of its type: a key that
        // described another type before was given to another checklist item.
        if !createsFacility, (existing?["facility_type"] as String?) != c.facilityType { return nil }
        var facilityID: String
        var changed = false
        if let existing {
            facilityID = existing["facility_id"]
            // Only the values this record changed since it was last loaded: a survey re-exported with a new owner
            // does not bring its old 在用 back over the power company's newer 停用.
            let updates: [String: DatabaseValue] = try values.filter { column, value in
                guard existing[column] as DatabaseValue? != value else { return false }
                // An address that only leads up to the stored one (a survey's …凤凰山小区, built from its compound
                // column, for the power company's …凤凰山小区配电间旁) is vaguer, and does not replace it.
                if column == "address", let stored: String = existing[column], let offered = String.fromDatabaseValue(value),
                   stored.hasPrefix(offered) {
                    return false
                }
                // A bare number (the power company's 630) says less than the stored 630kVA or 8个: it leaves the
                // capacity and its unit as they are.
                if bareCapacity, column == "capacity" || column == "capacity_unit",
                   !((existing["capacity_unit"] as DatabaseValue?)?.isNull ?? true) {
                    return false
                }
                // A value a source ranked higher in `survivorship:` still offers (the survey's 在建 against the map's 在用)
                // stays.
                if try keptByHigherSource(column, of: existing, against: c.sourceID) { return false }
                guard let previous, let index = FacilityWriter.tracked.firstIndex(of: column) else { return true }
                return !HouseholdWriter.sameValue(previous, digest, at: index)
            }
            if !updates.isEmpty {
                changed = true
                let columns = updates.keys.sorted()
                try db.cachedStatement(sql: "UPDATE dwd_facility SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE facility_id = ?").execute(
                               arguments: StatementArguments(columns.map { updates[$0] ?? .null }) + [facilityID])
            }
            if marksSighting, (existing["last_seen_run"] as Int?) != runID {
                try db.cachedStatement(sql: "UPDATE dwd_facility SET last_seen_run = ? WHERE facility_id = ?")
                    .execute(arguments: [runID, facilityID])
            }
            // A known record whose new values (a corrected coordinate) now point at another facility: the two were
            // split by the old values, and become one, unless a source lists them as two records.
            if knownRecord, changed,
               case let (other?, otherRule, _) = try linkByEvidence(c, compoundID: compoundID, keyIsStable: keyIsStable,
                                                                   excluding: facilityID),
               try !sourceListsApart(facilityID, other["facility_id"]) {
                facilityID = try merge(facilityID, other["facility_id"], rule: otherRule, fresh: updates)
            }
        } else {
            facilityID = newID
            changed = true
            let columns = values.keys.sorted()
            try db.cachedStatement(sql: """
                INSERT INTO dwd_facility (facility_id, \(columns.joined(separator: ", ")), first_seen_run, last_seen_run)
                VALUES (?, \(columns.map { _ in "?" }.joined(separator: ", ")), ?, ?)
                """).execute(arguments: [facilityID] + StatementArguments(columns.map { values[$0] ?? .null }) + [runID, runID])
        }
        if changed { try writeHistory(facilityID) }
        try recordSource(c, facilityID: facilityID, rule: rule, score: score, digest: digest, keyIsStable: keyIsStable)
        try recordTypeLabel(c, facilityID: facilityID)
        return LinkOutcome(entityID: facilityID, rule: rule, score: score, changed: changed)
    }

    /// Whether the stored value of `column` stands against `source` by the pipeline's `survivorship:`: another source
    /// ranked above it, whose latest record of the facility offers exactly the stored value. A facility keeps no
    /// owner per column; the records' per-value digests say who offers what.
    private func keptByHigherSource(_ column: String, of existing: Row, against source: String) throws -> Bool {
        guard let priorities = survivorship[column], !priorities.isEmpty,
              let index = FacilityWriter.tracked.firstIndex(of: column) else { return false }
        let stored: DatabaseValue = existing[column] ?? .null
        guard !stored.isNull else { return false }
        let rank = { (name: String) -> Int in HouseholdWriter.rank(of: name, in: priorities) }
        guard rank(source) > 0 else { return false }
        let storedDigest = HouseholdWriter.columnDigests([stored])
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT source_id, record_digest FROM facility_source WHERE facility_id = ? AND source_id <> ?
            """), arguments: [existing["facility_id"] as String, source])
        return rows.contains { row in
            guard rank(row[0]) < rank(source), let digest = row[1] as Data?,
                  digest.count == 2 * FacilityWriter.tracked.count,
                  let offered = HouseholdWriter.valueDigest(digest, at: index) else { return false }
            return offered == (storedDigest[0], storedDigest[1])
        }
    }

    /// Keeps the record's type as written on its facility: what a facility that no record named is matched by.
    private func recordTypeLabel(_ c: FacilityCandidate, facilityID: String) throws {
        guard let label = c.typeLabel, !label.isEmpty else { return }
        try db.cachedStatement(sql: "UPDATE dwd_facility SET type_label = ?1 WHERE facility_id = ?2 AND type_label IS NOT ?1")
            .execute(arguments: [label, facilityID])
    }

    /// One provenance row per record: a keyed source's record keeps only its latest batch; a keyless source's
    /// records are told apart by batch.
    private func recordSource(_ c: FacilityCandidate, facilityID: String, rule: String, score: Double, digest: Data,
                              keyIsStable: Bool) throws {
        if keyIsStable {
            try db.cachedStatement(sql: "DELETE FROM facility_source WHERE source_id = ? AND record_key = ? AND batch_id <> ?")
                .execute(arguments: [c.sourceID, c.recordKey, c.batchID])
        }
        try db.cachedStatement(sql: """
            INSERT INTO facility_source (facility_id, source_id, record_key, batch_id, match_rule, match_score, record_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source_id, record_key, batch_id) DO UPDATE SET facility_id = excluded.facility_id,
                match_rule = excluded.match_rule, match_score = excluded.match_score, record_digest = excluded.record_digest
            """).execute(arguments: [facilityID, c.sourceID, c.recordKey, c.batchID, rule, score, digest])
    }

    /// A record seen before keeps its facility (by its key, or, without a stable key, in the very same file), unless
    /// the key now names another installation (`keyNamesAnotherFacility`: a row number after a row was deleted): then
    /// it is linked by its own evidence, and `keyReused` says so.
    private func link(_ c: FacilityCandidate, compoundID: String?, keyIsStable: Bool, digest: Data,
                      createsFacility: Bool) throws -> (Row?, String, Double) {
        if let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT f.*, s.match_rule AS previous_rule, s.match_score AS previous_score, s.record_digest AS previous_digest
            FROM facility_source s JOIN dwd_facility f ON f.facility_id = s.facility_id
            WHERE s.source_id = ? AND s.record_key = ? AND (? OR s.batch_id = ?)
            """), arguments: [c.sourceID, c.recordKey, keyIsStable, c.batchID]) {
            // A record saying its facility is absent is left as it was: it ends only a facility of its type.
            if keyIsStable, createsFacility,
               try keyNamesAnotherFacility(row, c, compoundID: compoundID, digest: digest) {
                keyReused = true
                return try linkByEvidence(c, compoundID: compoundID, keyIsStable: keyIsStable,
                                          excluding: row["facility_id"] as String)
            }
            return (row, row["previous_rule"] ?? "same_source_record", row["previous_score"] ?? 1.0)
        }
        return try linkByEvidence(c, compoundID: compoundID, keyIsStable: keyIsStable)
    }

    /// The facility the candidate's values point at (type, position or compound, name), other than `excluded`.
    private func linkByEvidence(_ c: FacilityCandidate, compoundID: String?, keyIsStable: Bool,
                                excluding excluded: String? = nil) throws -> (Row?, String, Double) {
        // The spellings of the candidate's compound: a facility of the same compound may be named without it.
        var compoundSpellings: [String] = []
        if let compoundID {
            if let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM dim_compound WHERE compound_id = ?"),
                                              arguments: [compoundID]) {
                compoundSpellings.append(name)
            }
            if let name = c.compoundName, !compoundSpellings.contains(name) { compoundSpellings.append(name) }
        }
        let spellings = { (row: Row) -> [String] in
            compoundID != nil && (row["compound_id"] as String?) == compoundID ? compoundSpellings : []
        }
        let name = c.matchingName
        let similar = { (row: Row) -> Bool in self.namesFit(c, row, compound: spellings(row)) }
        let listedApart = { (row: Row, distance: Double?) throws -> Bool in
            let other = FacilityWriter.rowName(row).name
            return try self.listedApartInOneFile(row, c, keyIsStable: keyIsStable,
                                                 sameName: FacilityWriter.sameMatchKey(other, name, compound: spellings(row)),
                                                 oneSpelling: FacilityWriter.oneSpelling(other, name, compound: spellings(row)),
                                                 distance: distance)
        }
        // A point outside Guizhou (0,0 left for "no position", a point of another province) places nothing: such
        // records are linked as records without coordinates.
        if let lat = c.lat, let lon = c.lon, FacilityWriter.isInGuizhou(lat, lon) {
            // ~0.0005° is 55 m of latitude: a box around the point, then the exact distance.
            let degrees = maxDistanceMeters / 111_000 * 1.5
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM dwd_facility WHERE facility_type = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
                ORDER BY facility_id
                """), arguments: [c.facilityType, lat - degrees, lat + degrees, lon - degrees * 1.2, lon + degrees * 1.2])
            let scored = try rows.compactMap { row -> (Row, Double)? in
                guard (row["facility_id"] as String) != excluded,
                      let otherLat: Double = row["lat"], let otherLon: Double = row["lon"] else { return nil }
                let distance = FacilityWriter.meters(lat, lon, otherLat, otherLon)
                guard distance <= maxDistanceMeters, similar(row),
                      try !listedApart(row, distance) else { return nil }
                return (row, distance)
            }.sorted { $0.1 < $1.1 }
            if let (row, distance) = scored.first {
                return (row, "type+distance+name", max(0.5, 1 - distance / (maxDistanceMeters * 2)))
            }
        }
        // Without a usable position, or with one that found nothing near: the same type, compound and a similar
        // name. A positioned record looks only at facilities without a position (one feed sent 0,0, the other the
        // point), so that which feed loads first does not decide whether they are one.
        // Several that fit alike (two 室外消火栓 of one name, 90 m apart, and a survey's 消火栓 without a point): the
        // one of the record's own name if only one is, else none of them, an id order being no evidence; the record
        // gets a facility of its own (`ambiguous`) and `ambiguousFit` names them for an `ambiguous_facility` warning.
        if let compoundID, name != nil {
            let positioned = c.lat.flatMap { lat in c.lon.map { FacilityWriter.isInGuizhou(lat, $0) } } ?? false
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM dwd_facility WHERE facility_type = ? AND compound_id = ? ORDER BY facility_id
                """), arguments: [c.facilityType, compoundID])
            let fits = try rows.filter { row in
                guard (row["facility_id"] as String) != excluded, !positioned || (row["lat"] as Double?) == nil,
                      similar(row) else { return false }
                return try !listedApart(row, nil)
            }
            let named = fits.filter { FacilityWriter.sameMatchKey(FacilityWriter.rowName($0).name, name, compound: spellings($0)) }
            if fits.count == 1 || named.count == 1 { return (fits.count == 1 ? fits[0] : named[0], "type+compound+name", 0.8) }
            if fits.count > 1, excluded == nil {
                ambiguousFit = fits.map { $0["facility_id"] as String }
                return (nil, "ambiguous", 0.5)
            }
        }
        return (nil, "new", 1.0)
    }

    /// A facility's name as linking reads it: its name, else the type its records wrote (a facility no record named).
    static func rowName(_ row: Row) -> (name: String?, isLabel: Bool) {
        if let named: String = row["name"], !named.isEmpty { return (named, false) }
        return (row["type_label"], true)
    }

    /// Whether the candidate's name fits the facility's: similar names (`similarNames`), or, where either is only a
    /// type as written (a record without a name is matched by its type label: a nameless 垃圾站 is no 公厕, and so is
    /// a facility no record named), a label that fits (`labelFits`).
    func namesFit(_ c: FacilityCandidate, _ row: Row, compound: [String]) -> Bool {
        let name = c.matchingName, nameless = c.name?.isEmpty ?? true
        let other = FacilityWriter.rowName(row)
        let words = typeWords[c.facilityType] ?? []
        guard nameless || other.isLabel, let name, let otherName = other.name else {
            return FacilityWriter.similarNames(other.name, name, compound: compound, typeWords: words,
                                               installations: installationNames, fields: fieldWords)
        }
        return nameless
            ? FacilityWriter.labelFits(name, otherName, compound: compound, kinds: kindSpellings, typeWords: words,
                                       installations: installationNames, fields: fieldWords)
            : FacilityWriter.labelFits(otherName, name, compound: compound, kinds: kindSpellings, typeWords: words,
                                       installations: installationNames, fields: fieldWords)
    }

    /// How far (metres) the candidate lies from the closest facility loaded so far whose type and name fit it, within
    /// `maxDistanceMeters`; nil without a usable position or such a facility. The load links a batch's records in this
    /// order, the closest fit first (see `LoadSession.facilityLoadOrder`), so that a record takes the facility it
    /// fits best, whatever the file's order: the power company's 路灯05, 2 m from the survey's 路灯, takes it before
    /// 路灯04, 30 m away, can. The facility's compound spells its name here whichever compound the record names.
    func closestFit(_ c: FacilityCandidate) throws -> Double? {
        guard let lat = c.lat, let lon = c.lon, FacilityWriter.isInGuizhou(lat, lon) else { return nil }
        let degrees = maxDistanceMeters / 111_000 * 1.5
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT f.*, d.name AS compound_name FROM dwd_facility f LEFT JOIN dim_compound d ON d.compound_id = f.compound_id
            WHERE f.facility_type = ? AND f.lat BETWEEN ? AND ? AND f.lon BETWEEN ? AND ?
            """), arguments: [c.facilityType, lat - degrees, lat + degrees, lon - degrees * 1.2, lon + degrees * 1.2])
        var best: Double?
        for row in rows {
            guard let otherLat: Double = row["lat"], let otherLon: Double = row["lon"] else { continue }
            let distance = FacilityWriter.meters(lat, lon, otherLat, otherLon)
            guard distance <= maxDistanceMeters, distance < (best ?? .infinity) else { continue }
            var spellings: [String] = []
            if let compound: String = row["compound_name"] {
                spellings.append(compound)
                if let own = c.compoundName, own != compound { spellings.append(own) }
            }
            if namesFit(c, row, compound: spellings) { best = distance }
        }
        return best
    }

    /// Ids come from the source's key when it has one, else from the record's content, never from order or run.
    static func newID(for c: FacilityCandidate, keyIsStable: Bool) -> String {
        StableID.make(prefix: "f", from: keyIsStable ? "\(c.sourceID)|\(c.recordKey)"
            : "\(c.sourceID)|\(c.facilityType)|\(c.name ?? "")|\(c.lat ?? 0)|\(c.lon ?? 0)|\(c.address ?? "")")
    }

    /// Characters that tell neighbouring installations apart: directions and sides (numbers are compared as numbers).
    static let distinguishing = Set("东南西北前后左右上下内外")

    /// Plain and formal numerals (水钢二村, 水钢贰村 and 水钢2村 are one name), and the circles typed for 〇 (二○一).
    static let numeralDigits: [Character: Int] = ["零": 0, "〇": 0, "○": 0, "◯": 0, "一": 1, "二": 2, "两": 2,
                                                          "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                                                          "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7,
                                                          "捌": 8, "玖": 9]

    /// Numerals that stand for tens: 廿 twenty, 卅 thirty, 卌 forty (水钢廿一村 is 水钢二十一村).
    static let tens: [Character: Int] = ["廿": 20, "卅": 30, "卌": 40]

    /// Whether the candidate's own file (same source and batch) lists the facility as another record. Two records of
    /// one file are two facilities, however close and however alike their names, except in two cases:
    /// - a name written alike that carries the installation's number (凤凰山花园1号二次供水泵房 twice, 6 m apart, under
    ///   two reporters' keys of one merged file: one pump listed twice), whereas an inventory that names two records
    ///   alike without a number lists two facilities (`sameName`, see `sameMatchKey`: 宝山小区庭院灯 twice, 25 m
    ///   apart, are two lamps; so are 庭院灯 and 宝山小区庭院灯 of 宝山小区);
    /// - one name spelled two ways at one spot, within a fifth of `maxDistanceMeters` (`oneSpelling`: 沙冲小区南门充电桩
    ///   / 沙冲小区南门电动汽车充电站 6 m apart, in a file merged from several reporters; 太阳能路灯 / 太阳能照明灯 4 m
    ///   apart), or without a position to tell; within `maxDistanceMeters` when the two records name different
    ///   owners (a file merged from several reporters: the tower company's 普陀小区南门宏站 and the operator's
    ///   普陀小区南门5G基站 26 m apart).
    /// So 消防栓 / 消火栓3 45 m apart (only one numbered), 配电房 / 配电房2, 路灯 / 太阳能路灯 30 m apart and 消防栓 /
    /// 消火栓 35 m apart are two each, and a nameless record is never one with another of its file (a nameless
    /// 垃圾收集点 and 南门垃圾收集点 of one compound are two, whichever comes first; a nameless record still joins another
    /// source's facility). A record whose key is `#<record number>` (no key) or `<key>#<occurrence>` (a key the file used
    /// twice) is linked by
    /// its contents, as is the facility the key's first record made (two inspections of one fire lane in one file),
    /// unless only one of the two names carries a facility number.
    private func listedApartInOneFile(_ row: Row, _ c: FacilityCandidate, keyIsStable: Bool, sameName: Bool,
                                      oneSpelling: Bool, distance: Double?) throws -> Bool {
        let facilityID: String = row["facility_id"]
        let rowName = FacilityWriter.rowName(row).name
        if keyIsStable, try !repeatsAKeyOfItsFile(c) {
            // What the file's other records on the facility offered (their per-value digests).
            let others = try DatabaseValue.fetchAll(db.cachedStatement(sql: """
                SELECT record_digest FROM facility_source WHERE facility_id = ? AND source_id = ? AND batch_id = ?
                                                            AND record_key <> ? AND record_key NOT LIKE '#%'
                """), arguments: [facilityID, c.sourceID, c.batchID, c.recordKey])
            if !others.isEmpty {
                if (c.name?.isEmpty ?? true) || others.contains(where: FacilityWriter.offeredNoName) { return true }
                if sameName { return !(FacilityWriter.isNumbered(c.matchingName) && FacilityWriter.isNumbered(rowName)) }
                // One reporter lists each installation once: its two spellings are one only at one spot. A file
                // merged from several reporters (two owners: the tower company's 宏站 and the operator's 5G基站)
                // may place one installation apart as any two feeds do.
                let rowOwner = (row["owner"] as String?)?.trimmingCharacters(in: .whitespaces) ?? ""
                let owner = c.owner?.trimmingCharacters(in: .whitespaces) ?? ""
                let reporters = !rowOwner.isEmpty && !owner.isEmpty && rowOwner != owner
                let atOneSpot = distance.map { $0 <= (reporters ? maxDistanceMeters : maxDistanceMeters / 5) } ?? true
                return !(oneSpelling && atOneSpot)
            }
        }
        guard FacilityWriter.isNumbered(rowName) != FacilityWriter.isNumbered(c.matchingName) else { return false }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM facility_source WHERE facility_id = ? AND source_id = ? AND batch_id = ?
                                                               AND record_key <> ?)
            """), arguments: [facilityID, c.sourceID, c.batchID, c.recordKey]) ?? false
    }

    /// Whether the candidate's key is another record's key repeated in its file (`P9#2`, the second record keyed `P9`:
    /// `duplicate_record_key`), the first record's key being in the same batch: such a record is linked by its contents,
    /// as a key the file used twice always was, not kept apart as an inventory's record under a key of its own.
    private func repeatsAKeyOfItsFile(_ c: FacilityCandidate) throws -> Bool {
        guard let hash = c.recordKey.lastIndex(of: "#"), hash != c.recordKey.startIndex,
              c.recordKey[c.recordKey.index(after: hash)...].allSatisfy(\.isASCII),
              let occurrence = Int(c.recordKey[c.recordKey.index(after: hash)...]), occurrence >= 2 else { return false }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM facility_source WHERE source_id = ? AND batch_id = ? AND record_key = ?)
            """), arguments: [c.sourceID, c.batchID, String(c.recordKey[..<hash])]) ?? false
    }

    /// Whether a record's digest (`columnDigests` of `tracked`) says it gave no name, or an empty one; false for a
    /// digest written before per-value digests, which cannot say.
    static func offeredNoName(_ digest: DatabaseValue) -> Bool {
        guard case .blob(let data) = digest.storage, data.count == tracked.count * 2,
              let index = tracked.firstIndex(of: "name"),
              let offered = HouseholdWriter.valueDigest(data, at: index) else { return false }
        return offered == HouseholdWriter.nullDigest || offered == emptyNameDigest
    }

    /// The two digest bytes of an empty name.
    private static let emptyNameDigest: (UInt8, UInt8) = {
        let bytes = Array(HouseholdWriter.columnDigests(["".databaseValue]))
        return (bytes[0], bytes[1])
    }()

    /// The compound pins the region, also when it is learnt after the compound's facilities loaded: each facility
    /// of `compoundID` placed at no region, or only at a region containing `region`, takes it, its address gains the
    /// finer levels' names, and it gets a history version (see `HouseholdWriter.pinRegion`).
    func pinRegion(ofFacilitiesIn compoundID: String, to region: String, regions: RegionNames) throws {
        let finer = CompoundRegistry.significantPrefix(region)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT facility_id, region_code, address FROM dwd_facility WHERE compound_id = ?
            """), arguments: [compoundID])
        for row in rows {
            let facilityID: String = row[0]
            let own: String? = row[1]
            if let own {
                let coarse = CompoundRegistry.significantPrefix(own)
                guard coarse != finer, finer.hasPrefix(coarse) else { continue }
            }
            let address = try own.map { try regions.rebase(row[2], from: $0, to: region) } ?? row[2]
            try db.cachedStatement(sql: "UPDATE dwd_facility SET region_code = ?, address = ? WHERE facility_id = ?")
                .execute(arguments: [region, address, facilityID])
            try writeHistory(facilityID)
        }
    }

    func writeHistory(_ facilityID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM dwd_facility_history WHERE facility_id = ? AND valid_from_run = ?")
            .execute(arguments: [facilityID, runID])
        try db.cachedStatement(sql: "UPDATE dwd_facility_history SET valid_to_run = ? WHERE facility_id = ? AND valid_to_run IS NULL")
            .execute(arguments: [runID, facilityID])
        // A run that ends where it began (feeds applied in turn) keeps the version it closed current.
        try db.cachedStatement(sql: FacilityWriter.reopenSQL).execute(arguments: [facilityID, runID])
        if db.changesCount > 0 { return }
        try db.cachedStatement(sql: FacilityWriter.versionSQL).execute(arguments: [runID, facilityID])
    }

    private static let reopenSQL = """
        UPDATE dwd_facility_history SET valid_to_run = NULL
        WHERE facility_id = ?1 AND valid_to_run = ?2 AND EXISTS (
            SELECT 1 FROM dwd_facility d JOIN dwd_facility_history h
              ON h.facility_id = d.facility_id AND h.valid_to_run = ?2
            WHERE d.facility_id = ?1 AND \(tracked.map { "h.\($0) IS d.\($0)" }.joined(separator: " AND ")))
        """

    private static let versionSQL = """
        INSERT INTO dwd_facility_history (facility_id, valid_from_run, valid_to_run, \(tracked.joined(separator: ", ")))
        SELECT facility_id, ?, NULL, \(tracked.joined(separator: ", ")) FROM dwd_facility WHERE facility_id = ?
        """
}
