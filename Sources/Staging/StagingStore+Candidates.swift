import Foundation
import GRDB

/// Receives the candidates and rejects of one batch being normalized, inside its transaction.
public final class CandidateSink {
    private let householdInsert: RowInserter
    private let facilityInsert: RowInserter
    private let compoundInsert: RowInserter
    private let rejectInsert: RowInserter

    init(db: Database) throws {
        facilityInsert = try RowInserter(db, sql: """
            INSERT INTO facility_candidate (batch_id, record_number, source_id, record_key, facility_type, name,
                compound_name, region_code, address, lat, lon, capacity, capacity_unit, status, owner, built_year,
                record_date, type_label, absent, unplaced_field)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        compoundInsert = try RowInserter(db, sql: """
            INSERT INTO compound_candidate (batch_id, record_number, source_id, record_key, name, region_code, address,
                area_type, built_year, project_id, phase, scope, content, progress, investment_yuan, planned_start,
                planned_end, project_status, also_covers, former_name, progress_approximate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        householdInsert = try RowInserter(db, sql: """
            INSERT INTO household_candidate (batch_id, record_number, source_id, record_key, region_code,
                compound_name, building, unit, room, address, head_name, head_id_hash, head_id_masked, head_gender,
                head_birth_date, phone_hash, phone_masked, member_count, grid_id, ten_household_group, tenure,
                is_low_income, is_extreme_poverty, has_disabled_member, has_elderly_alone, has_left_behind_child,
                record_date, holder_organisation, head_name_hash, member_id_hashes, member_name_hashes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        rejectInsert = try RejectInserter.make(db)
    }

    public func household(_ c: HouseholdCandidate) throws {
        let h = householdInsert
        h.bind(1, c.batchID); h.bind(2, c.recordNumber); h.bind(3, c.sourceID); h.bind(4, c.recordKey)
        h.bind(5, c.regionCode); h.bind(6, c.compoundName); h.bind(7, c.building); h.bind(8, c.unit)
        h.bind(9, c.room); h.bind(10, c.address); h.bind(11, c.headName); h.bind(12, c.headIDHash)
        h.bind(13, c.headIDMasked); h.bind(14, c.headGender); h.bind(15, c.headBirthDate); h.bind(16, c.phoneHash)
        h.bind(17, c.phoneMasked); h.bind(18, c.memberCount); h.bind(19, c.gridID); h.bind(20, c.tenHouseholdGroup)
        h.bind(21, c.tenure); h.bind(22, c.isLowIncome); h.bind(23, c.isExtremePoverty)
        h.bind(24, c.hasDisabledMember); h.bind(25, c.hasElderlyAlone); h.bind(26, c.hasLeftBehindChild)
        h.bind(27, c.recordDate); h.bind(28, c.holderOrganisation); h.bind(29, c.headNameHash)
        // Hex hashes, one space between them.
        h.bind(30, c.memberIDHashes.isEmpty ? nil : c.memberIDHashes.joined(separator: " "))
        h.bind(31, c.memberNameHashes.isEmpty ? nil : c.memberNameHashes.joined(separator: " "))
        try h.execute()
    }

    public func facility(_ c: FacilityCandidate) throws {
        let f = facilityInsert
        f.bind(1, c.batchID); f.bind(2, c.recordNumber); f.bind(3, c.sourceID); f.bind(4, c.recordKey)
        f.bind(5, c.facilityType); f.bind(6, c.name); f.bind(7, c.compoundName); f.bind(8, c.regionCode)
        f.bind(9, c.address); f.bind(10, c.lat); f.bind(11, c.lon); f.bind(12, c.capacity); f.bind(13, c.capacityUnit)
        f.bind(14, c.status); f.bind(15, c.owner); f.bind(16, c.builtYear); f.bind(17, c.recordDate)
        f.bind(18, c.typeLabel); f.bind(19, c.isAbsent ? 1 : nil as Int?); f.bind(20, c.unplacedField)
        try f.execute()
    }

    public func compound(_ c: CompoundCandidate) throws {
        let k = compoundInsert
        k.bind(1, c.batchID); k.bind(2, c.recordNumber); k.bind(3, c.sourceID); k.bind(4, c.recordKey)
        k.bind(5, c.name); k.bind(6, c.regionCode); k.bind(7, c.address); k.bind(8, c.areaType); k.bind(9, c.builtYear)
        k.bind(10, c.projectID); k.bind(11, c.phase); k.bind(12, c.scope); k.bind(13, c.content); k.bind(14, c.progress)
        k.bind(15, c.investmentYuan); k.bind(16, c.plannedStart); k.bind(17, c.plannedEnd); k.bind(18, c.projectStatus)
        let covers: String? = c.alsoCovers.isEmpty ? nil
            : (try? JSONEncoder().encode(c.alsoCovers)).map { String(decoding: $0, as: UTF8.self) }
        k.bind(19, covers)
        // One name a line (names are cleaned: none holds a line break).
        k.bind(20, c.formerNames.isEmpty ? nil : c.formerNames.joined(separator: "\n"))
        k.bind(21, c.progressIsApproximate ? 1 : nil as Int?)
        try k.execute()
    }

    public func reject(_ reject: RejectRow) throws {
        try RejectInserter.insert(reject, with: rejectInsert)
    }
}

extension StagingStore {
    /// Facility candidates of a batch in record order, handed to `body` one at a time.
    public func forEachFacilityCandidate(batchID: String, _ body: (FacilityCandidate) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM facility_candidate WHERE batch_id = ? ORDER BY record_number",
                                           arguments: [batchID])
            while let row = try rows.next() {
                var c = FacilityCandidate(batchID: row["batch_id"], recordNumber: row["record_number"],
                                          sourceID: row["source_id"], recordKey: row["record_key"],
                                          facilityType: row["facility_type"])
                c.name = row["name"]; c.compoundName = row["compound_name"]; c.regionCode = row["region_code"]
                c.address = row["address"]; c.lat = row["lat"]; c.lon = row["lon"]; c.capacity = row["capacity"]
                c.capacityUnit = row["capacity_unit"]; c.status = row["status"]; c.owner = row["owner"]
                c.builtYear = row["built_year"]; c.recordDate = row["record_date"]; c.typeLabel = row["type_label"]
                c.isAbsent = (row["absent"] as Int?) == 1; c.unplacedField = row["unplaced_field"]
                try body(c)
            }
        }
    }

    /// Compound candidates of a batch in record order, handed to `body` one at a time.
    public func forEachCompoundCandidate(batchID: String, _ body: (CompoundCandidate) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM compound_candidate WHERE batch_id = ? ORDER BY record_number",
                                           arguments: [batchID])
            while let row = try rows.next() {
                var c = CompoundCandidate(batchID: row["batch_id"], recordNumber: row["record_number"],
                                          sourceID: row["source_id"], recordKey: row["record_key"], name: row["name"])
                c.regionCode = row["region_code"]; c.address = row["address"]; c.areaType = row["area_type"]
                c.builtYear = row["built_year"]; c.projectID = row["project_id"]; c.phase = row["phase"]
                c.scope = row["scope"]; c.content = row["content"]; c.progress = row["progress"]
                c.investmentYuan = row["investment_yuan"]; c.plannedStart = row["planned_start"]
                c.plannedEnd = row["planned_end"]; c.projectStatus = row["project_status"]
                c.formerNames = (row["former_name"] as String?)?.split(separator: "\n").map(String.init) ?? []
                c.progressIsApproximate = (row["progress_approximate"] as Int?) == 1
                if let covers = row["also_covers"] as String? {
                    c.alsoCovers = (try? JSONDecoder().decode([CoveredCompound].self, from: Data(covers.utf8))) ?? []
                }
                try body(c)
            }
        }
    }

    /// The phone hashes the batch's household candidates carry for `byNames` or more different head names (a grid
    /// worker's or village committee's phone entered for many households).
    public func phoneHashesShared(batchID: String, byNames names: Int) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT phone_hash FROM household_candidate WHERE batch_id = ? AND phone_hash IS NOT NULL
                GROUP BY phone_hash HAVING COUNT(DISTINCT head_name) >= ?
                """, arguments: [batchID, names])
        }
    }

    /// Household candidates of the given batches, handed to `body` one at a time: batch by batch, and in each batch
    /// first the records with a valid ID, then those without, each in record order. A record with an ID is the
    /// surer of two rows of one file that fit one household (a father with his ID and his 分户 son without one, a
    /// name one character away, in one room): linked first, it holds the household, and the other row is listed
    /// apart from it wherever the file puts it, so that which household each row gets does not depend on their order.
    public func forEachHouseholdCandidate(batchIDs: [String], _ body: (HouseholdCandidate) throws -> Void) throws {
        try queue.read { db in
            // Two scans of the batch's rows in key order rather than one sort of the whole batch.
            for (batchID, withID) in batchIDs.flatMap({ id in [(id, true), (id, false)] }) {
                // Columns by position: GRDB's by-name lookup folds names to lower case on every access.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT batch_id, record_number, source_id, record_key, region_code, compound_name, building, unit,
                           room, address, head_name, head_id_hash, head_id_masked, head_gender, head_birth_date,
                           phone_hash, phone_masked, member_count, grid_id, ten_household_group, tenure, is_low_income,
                           is_extreme_poverty, has_disabled_member, has_elderly_alone, has_left_behind_child,
                           record_date, holder_organisation, head_name_hash, member_id_hashes, member_name_hashes
                    FROM household_candidate WHERE batch_id = ? AND (head_id_hash IS NOT NULL) = ? ORDER BY record_number
                    """, arguments: [batchID, withID])
                while let row = try rows.next() {
                    var c = HouseholdCandidate(batchID: row[0], recordNumber: row[1], sourceID: row[2], recordKey: row[3])
                    c.regionCode = row[4]; c.compoundName = row[5]; c.building = row[6]; c.unit = row[7]
                    c.room = row[8]; c.address = row[9]; c.headName = row[10]; c.headIDHash = row[11]
                    c.headIDMasked = row[12]; c.headGender = row[13]; c.headBirthDate = row[14]; c.phoneHash = row[15]
                    c.phoneMasked = row[16]; c.memberCount = row[17]; c.gridID = row[18]; c.tenHouseholdGroup = row[19]
                    c.tenure = row[20]; c.isLowIncome = row[21]; c.isExtremePoverty = row[22]
                    c.hasDisabledMember = row[23]; c.hasElderlyAlone = row[24]; c.hasLeftBehindChild = row[25]
                    c.recordDate = row[26]; c.holderOrganisation = row[27]; c.headNameHash = row[28]
                    c.memberIDHashes = (row[29] as String?).map(StagingStore.spaceSeparated) ?? []
                    c.memberNameHashes = (row[30] as String?).map(StagingStore.spaceSeparated) ?? []
                    try body(c)
                }
            }
        }
    }

    /// The words of `text` between spaces, empty ones left out, as `text.split(separator: " ")` gives them. The member
    /// hash lists are ASCII (hex digests joined by spaces), which is cut at its 0x20 bytes: the same words without
    /// walking the text character by character (1.6% of a first night's load went to the generic split). Text with
    /// any other byte goes through `split`.
    static func spaceSeparated(_ text: String) -> [String] {
        var text = text
        let words: [String]? = text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var start = 0
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                guard byte == 0x20 else { continue }
                if index > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                start = index + 1
            }
            if bytes.count > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return words
        }
        return words ?? text.split(separator: " ").map(String.init)
    }

    /// The values of the source fields `fields` in every raw record of a batch that holds one of them, rejected
    /// records included, as written (numbers as text; nil for a field the record lacks), one array per record in the
    /// order of `fields`: the keys a whole list names (`record_key: ["@户号", 户号]`), whether or not each record
    /// could be loaded.
    public func rawValues(batchID: String, fields: [String]) throws -> [[String?]] {
        try rawValuesByRecord(batchID: batchID, fields: fields).map(\.values)
    }

    /// `rawValues`, each record's values with its record number.
    public func rawValuesByRecord(batchID: String, fields: [String]) throws -> [(recordNumber: Int, values: [String?])] {
        guard !fields.isEmpty else { return [] }
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.record_number, j.key, j.value FROM raw_record r, json_each(r.fields) j
                WHERE r.batch_id = ? AND j.key IN (\(fields.map { _ in "?" }.joined(separator: ", ")))
                ORDER BY r.record_number
                """, arguments: StatementArguments([batchID] + fields))
            var records: [(recordNumber: Int, values: [String?])] = []
            for row in rows {
                let number: Int = row[0]
                if number != records.last?.recordNumber {
                    records.append((number, Array(repeating: nil, count: fields.count)))
                }
                let key: String = row[1]
                let value: DatabaseValue = row[2]
                let text: String?
                switch value.storage {
                case .string(let string): text = string
                case .int64(let integer): text = String(integer)
                case .double(let double): text = String(double)
                default: text = nil
                }
                if let index = fields.firstIndex(of: key) { records[records.count - 1].values[index] = text }
            }
            return records
        }
    }

    /// The line each of `recordNumbers` starts on in its file (`raw_record.line`), for the records of a batch that
    /// have one: what the load's warnings about records (`ambiguous_household` …) name, as the extract's rejects do.
    public func lines(batchID: String, recordNumbers: Set<Int>) throws -> [Int: Int] {
        guard !recordNumbers.isEmpty else { return [:] }
        return try queue.read { db in
            var lines: [Int: Int] = [:]
            let statement = try db.cachedStatement(sql: "SELECT line FROM raw_record WHERE batch_id = ? AND record_number = ?")
            for number in recordNumbers.sorted() {
                if let line = try Int.fetchOne(statement, arguments: [batchID, number]) { lines[number] = line }
            }
            return lines
        }
    }

    /// Each distinct (compound name, region code) the household candidates of a batch mention, in a stable order,
    /// with how many dwellings of the batch write it so (`dwellings`: distinct building, unit and room, or address
    /// where there is no room): a spelling several dwellings write is no one record's typo.
    public func forEachCompoundMention(batchID: String,
                                       _ body: (_ name: String, _ regionCode: String?, _ dwellings: Int) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT compound_name, region_code,
                       COUNT(DISTINCT COALESCE(building, '') || '|' || COALESCE(unit, '') || '|'
                                      || COALESCE(room, address, '#' || record_number))
                FROM household_candidate
                WHERE batch_id = ? AND compound_name IS NOT NULL
                GROUP BY compound_name, region_code ORDER BY MIN(record_number)
                """, arguments: [batchID])
            while let row = try rows.next() { try body(row[0], row[1], row[2]) }
        }
    }
}
