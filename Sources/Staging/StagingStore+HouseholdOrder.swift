import Foundation
import GRDB

/// How the records of a census written one row per person (`rows: person` with a `record_key`: 户号 on the rows) reach
/// the normalizer: in file order when the rows of each household follow one another, else gathered by household.
///
/// A registry sorted by person, not by household (公安's `<人 户号="GA-01">` elements: GA-01's head, GA-02's head,
/// GA-01's spouse …), names each record's household, so its households are read whatever the order: the records are
/// taken in the order of their household's first record, and within a household in file order. A record whose key is
/// empty (the blank a merged 户号 cell leaves) belongs to the household of the record above it in the file, and moves
/// with it. `prepare` (`fill_down:`) is applied in file order, before the records are gathered.
///
/// The gathered records are written to a temporary table of the staging database and read back sorted by SQLite, so
/// that a file of any size is never held in memory; a file whose households follow one another is read as it stands.
public struct HouseholdOrder {
    /// The source fields the household key is read from (the `record_key` field or fields).
    public var keyFields: [String]
    /// The record's household key, nil when its key cell is empty.
    public var key: (StagedRecord) -> String?
    /// What is done to each record in file order before it is handed on (`fill_down:`).
    public var prepare: (StagedRecord) -> StagedRecord

    public init(keyFields: [String], key: @escaping (StagedRecord) -> String?,
                prepare: @escaping (StagedRecord) -> StagedRecord) {
        self.keyFields = keyFields
        self.key = key
        self.prepare = prepare
    }
}

extension StagingStore {
    /// Each raw record of the batch in file order, with the values of `fieldNames` in that order, while `body` says
    /// true; with `only`, the values of those fields alone (the others nil).
    static func forEachRecordWhile(_ db: Database, batchID: String, fieldNames: [String], only: [String]? = nil,
                                   _ body: (StagedRecord) throws -> Bool) throws {
        // json_each parses each record once and matches keys exactly, whatever characters a field name holds
        // (a JSON path could not address a name containing a double quote).
        var slots: [String: Int] = [:]
        for (index, name) in fieldNames.enumerated() where slots[name] == nil { slots[name] = index }
        let wanted = String(decoding: try JSONSerialization.data(withJSONObject: only ?? fieldNames), as: UTF8.self)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.record_number, r.line, j.key, j.value, r.numbers
            FROM raw_record r
            LEFT JOIN json_each(r.fields) j ON j.key IN (SELECT value FROM json_each(?))
            WHERE r.batch_id = ?
            ORDER BY r.record_number
            """, arguments: [wanted, batchID])
        var current: StagedRecord?
        while let row = try rows.next() {
            let number: Int = row[0]
            if current?.number != number {
                if let finished = current, try !body(finished) { return }
                current = StagedRecord(number: number, line: row[1], values: Array(repeating: nil, count: fieldNames.count))
                if let numbers: String = row[4] { current?.numberFields = numberFields(numbers, among: slots) }
            }
            if let key: String = row[2], let slot = slots[key] {
                let value: DatabaseValue = row[3]
                switch value.storage {
                case .string(let text): current?.values[slot] = text
                case .int64(let integer): current?.values[slot] = String(integer)
                case .double(let double): current?.values[slot] = String(double)
                default: break
                }
            }
        }
        if let finished = current { _ = try body(finished) }
    }

    /// The fields named in `raw_record.numbers` (written as JSON number tokens) that are among the requested ones.
    static func numberFields(_ numbers: String, among slots: [String: Int]) -> Set<String> {
        Set(numbers.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init).filter { slots[$0] != nil })
    }

    /// Each raw record of the batch in file order (see `forEachRecordWhile`).
    static func forEachRecord(_ db: Database, batchID: String, fieldNames: [String],
                              _ body: (StagedRecord) throws -> Void) throws {
        try forEachRecordWhile(db, batchID: batchID, fieldNames: fieldNames) { record in
            try body(record)
            return true
        }
    }

    /// Whether a household key of the batch comes back after the records of another household: its households are
    /// interleaved. Reads the key fields alone, and stops at the first key that comes back.
    static func householdsInterleaved(_ db: Database, batchID: String, fieldNames: [String],
                                      order: HouseholdOrder) throws -> Bool {
        guard !order.keyFields.isEmpty else { return false }
        var current: String?
        var ended = Set<String>()
        var interleaved = false
        try forEachRecordWhile(db, batchID: batchID, fieldNames: fieldNames, only: order.keyFields) { record in
            guard let key = order.key(record), key != current else { return true }
            if ended.contains(key) {
                interleaved = true
                return false
            }
            if let current { ended.insert(current) }
            current = key
            return true
        }
        return interleaved
    }

    /// Each record of the batch after `prepare` (applied in file order), gathered by household: in the order of each
    /// household's first record, and within a household in file order. A record with an empty key goes with the
    /// record above it. Sorted in a temporary table, not in memory.
    static func forEachRecordByHousehold(_ db: Database, batchID: String, fieldNames: [String], order: HouseholdOrder,
                                         _ body: (StagedRecord) throws -> Void) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS temp.person_row")
        try db.execute(sql: """
            CREATE TEMP TABLE person_row (
                household_first INTEGER NOT NULL, record_number INTEGER NOT NULL, line INTEGER, vals TEXT NOT NULL, numbers TEXT,
                PRIMARY KEY (household_first, record_number)) WITHOUT ROWID
            """)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.person_row") }
        let insert = try db.makeStatement(sql: "INSERT INTO temp.person_row VALUES (?, ?, ?, ?, ?)")
        var firstOfKey: [String: Int] = [:]
        var above: String?
        try forEachRecord(db, batchID: batchID, fieldNames: fieldNames) { record in
            let prepared = order.prepare(record)
            let key = order.key(record) ?? above
            above = key
            var first = record.number
            if let key {
                if let earlier = firstOfKey[key] { first = earlier } else { firstOfKey[key] = record.number }
            }
            let values = prepared.values.map { $0.map { $0 as Any } ?? NSNull() }
            let encoded = String(decoding: try JSONSerialization.data(withJSONObject: values), as: UTF8.self)
            let numbers = prepared.numberFields.isEmpty ? nil : StagingStore.numbersColumn(prepared.numberFields.sorted())
            try insert.execute(arguments: [first, prepared.number, prepared.line, encoded, numbers])
        }
        firstOfKey = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT record_number, line, vals, numbers FROM temp.person_row ORDER BY household_first, record_number
            """)
        while let row = try rows.next() {
            let encoded: String = row[2]
            let decoded = (try? JSONSerialization.jsonObject(with: Data(encoded.utf8))) as? [Any] ?? []
            var values = decoded.map { $0 as? String }
            if values.count != fieldNames.count { values = Array(repeating: nil, count: fieldNames.count) }
            var record = StagedRecord(number: row[0], line: row[1], values: values)
            if let numbers: String = row[3] { record.numberFields = Set(numbers.split(separator: "\u{1F}").map(String.init)) }
            try body(record)
        }
    }
}
